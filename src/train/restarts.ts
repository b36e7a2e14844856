/**
 * Random restarts chosen by the objective: R candidates (independent initialisations and batch orders) train
 * for a probe length each; the one whose objective is lowest continues for the rest of the step budget.
 *
 * Identifiability claims are about the optimum of an objective, so choosing among restarts by the objective's
 * own value is part of the optimiser, not of the check (it never looks at the true latents). Learners whose
 * objective has a few well-separated basins (a swapped assignment of subspaces, a folded coordinate) use it.
 */
import type { Rng } from '../rng/rng.ts';
import { train } from './train.ts';
import type { TrainConfig, TrainResult } from './types.ts';
import type * as tf from '@tensorflow/tfjs';

/** One training candidate: its variables, its loss on a batch of row indices, and how to free it. */
export interface RestartCandidate {
  variables: tf.Variable[];
  loss: (batch: tf.Tensor1D) => tf.Scalar;
  dispose(): void;
}

/** Settings of `trainWithRestarts`. */
export interface RestartOptions<C extends RestartCandidate> {
  /** Number of candidates R (≥ 1; 1 trains the single candidate for the whole budget). */
  restarts: number;
  /** Probe length of each candidate (capped at `config.steps`). */
  probeSteps: number;
  config: TrainConfig;
  numSamples: number;
  /**
   * The run's seed streams. Candidate 0 gets them as they are (so R = 1 is plain training, bit-identical), candidate
   * r ≥ 1 their children ('restart', r); the chosen candidate continues on batching's child 'continue'.
   */
  seeds: { init: Rng; batching: Rng };
  /** Candidate r from its initialisation stream and its batching stream (for any randomness of its loss). */
  make: (init: Rng, batching: Rng, r: number) => C;
  /** The objective value that chooses (lower wins; non-finite counts as +∞), from the candidate after its probe. */
  score: (candidate: C, probe: TrainResult) => number;
}

/** What `trainWithRestarts` returns: the chosen candidate (the caller owns it), its whole training run, and the probe objective of each candidate. */
export interface RestartResult<C extends RestartCandidate> {
  chosen: C;
  result: TrainResult;
  /** null when restarts = 1. */
  info: { probeLosses: number[]; chosen: number } | null;
}

/**
 * Train R candidates for the probe length, keep the one with the lowest score, continue it for the rest of
 * `config.steps` (module doc). A candidate whose probe diverges is not chosen (its probe loss is NaN); only when
 * every one diverges is the last error thrown. Every candidate not chosen is disposed, also on errors.
 */
export function trainWithRestarts<C extends RestartCandidate>(opts: RestartOptions<C>): RestartResult<C> {
  const { restarts, config, numSamples, seeds } = opts;
  const init = (r: number) => (r === 0 ? seeds.init : seeds.init.child('restart', r));
  const batching = (r: number) => (r === 0 ? seeds.batching : seeds.batching.child('restart', r));
  if (restarts === 1) {
    const c = opts.make(seeds.init, seeds.batching, 0);
    try {
      return { chosen: c, result: train({ variables: c.variables, loss: c.loss, numSamples, config, rng: seeds.batching }), info: null };
    } catch (e) {
      c.dispose();
      throw e;
    }
  }
  const probeSteps = Math.min(opts.probeSteps, config.steps);
  const t0 = performance.now();
  const info = { probeLosses: [] as number[], chosen: 0 };
  let best: { c: C; r: number; value: number; probe: TrainResult } | null = null;
  try {
    for (let r = 0; r < restarts; r++) {
      const c = opts.make(init(r), batching(r), r);
      let probe: TrainResult;
      try {
        probe = train({ variables: c.variables, loss: c.loss, numSamples, config: { ...config, steps: probeSteps }, rng: batching(r) });
      } catch (e) {
        c.dispose();
        info.probeLosses.push(Number.NaN);
        if (r === restarts - 1 && best === null) throw e;
        continue;
      }
      let measured: number;
      try {
        measured = opts.score(c, probe);
      } catch (e) {
        c.dispose();
        throw e;
      }
      const value = Number.isFinite(measured) ? measured : Infinity;
      info.probeLosses.push(value);
      if (best === null || value < best.value) {
        best?.c.dispose();
        best = { c, r, value, probe };
      } else c.dispose();
    }
  } catch (e) {
    best?.c.dispose();
    throw e;
  }
  const b = best!;
  info.chosen = b.r;
  const rest = config.steps - b.probe.steps;
  try {
    const cont = rest > 0 ? train({ variables: b.c.variables, loss: b.c.loss, numSamples, config: { ...config, steps: rest }, rng: seeds.batching.child('continue') }) : null;
    const result: TrainResult = {
      steps: b.probe.steps + (cont?.steps ?? 0),
      curve: [...b.probe.curve, ...(cont?.curve ?? []).map(([st, l]) => [st + b.probe.steps, l] as [number, number])],
      finalLoss: cont?.finalLoss ?? b.probe.finalLoss,
      stoppedBy: cont?.stoppedBy ?? b.probe.stoppedBy,
      wallMs: performance.now() - t0,
      batchSize: b.probe.batchSize,
    };
    return { chosen: b.c, result, info };
  } catch (e) {
    b.c.dispose();
    throw e;
  }
}
