/**
 * The shared training loop: Adam on minibatches of row indices, seeded batching, evaluation every
 * `evalEvery` steps, early stopping on a plateau or a target, divergence detection, and no tensor
 * left behind. Synchronous (the wasm and cpu backends are; on tfjs-node it blocks the event loop,
 * which is fine in a worker).
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import type { Rng } from '../rng/rng.ts';
import { shuffledIndices } from '../tfjs/init.ts';
import { flatAdam, type StepOptimizer } from './adam.ts';
import { TrainingDivergedError } from './errors.ts';
import type { TrainConfig, TrainProgress, TrainResult } from './types.ts';

/** Defaults of the optional `TrainConfig` fields. */
export const TRAIN_DEFAULTS = {
  evalEvery: 50,
  minDelta: 1e-3,
  divergenceFactor: 1e6,
} as const;

export interface TrainOptions {
  /** Variables to optimise (at least one trainable `tf.Variable`, no duplicates). */
  variables: tf.Variable[];
  /**
   * Loss of one minibatch. `batch` holds int32 row indices into the training data (gather your
   * tensors with it, e.g. `gatherRows`); return a scalar. It runs inside a `tf.tidy` scope, so its
   * intermediates are freed; the returned scalar is owned by `train`.
   */
  loss: (batch: tf.Tensor1D) => tf.Scalar;
  /** Number of training rows; batches index 0 … numSamples − 1. */
  numSamples: number;
  config: TrainConfig;
  /** Batching stream (`seedStreams(...).batching`): the epoch permutations come from it. */
  rng: Rng;
  /** Called after every evaluation (also the one that detects divergence, before the error is thrown). */
  onProgress?: (p: TrainProgress) => void;
  /**
   * Evaluation loss, e.g. the full-data loss, called (inside `tf.tidy`) at every evaluation point.
   * Default: the mean (in float64) of the minibatch losses since the previous evaluation.
   */
  evalLoss?: () => tf.Scalar;
  /**
   * Adam implementation: `'flat'` (default; `flatAdam`, moments in one buffer, fewer kernels) or
   * `'tfjs'` (`tf.train.adam`). Both give bitwise the same weights; the choice is for benchmarks and
   * the equivalence test.
   */
  optimizer?: 'flat' | 'tfjs';
}

/** A `TrainConfig` with every field checked and defaults filled in. */
export interface ResolvedTrainConfig {
  steps: number;
  batchSize: number;
  learningRate: number;
  evalEvery: number;
  patience: number | undefined;
  minDelta: number;
  divergenceFactor: number;
  targetLoss: number | undefined;
}

function positiveInt(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(field, v, 'a positive integer');
  return v;
}

/**
 * Check a `TrainConfig` (InputError naming `config.steps`, `config.batchSize`, …) and fill in the
 * defaults. `batchSize` is returned as given; `train` clamps it to the number of samples.
 */
export function resolveTrainConfig(config: unknown): ResolvedTrainConfig {
  if (config === null || typeof config !== 'object') throw new InputError('config', config, 'a TrainConfig { steps, batchSize, learningRate }');
  const c = config as Partial<TrainConfig>;
  const steps = positiveInt('config.steps', c.steps);
  const batchSize = positiveInt('config.batchSize', c.batchSize);
  const learningRate = c.learningRate;
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0)
    throw new InputError('config.learningRate', learningRate, 'a finite number > 0');
  const evalEvery = c.evalEvery === undefined ? TRAIN_DEFAULTS.evalEvery : positiveInt('config.evalEvery', c.evalEvery);
  const patience = c.patience === undefined ? undefined : positiveInt('config.patience', c.patience);
  const minDelta = c.minDelta ?? TRAIN_DEFAULTS.minDelta;
  if (typeof minDelta !== 'number' || !Number.isFinite(minDelta) || minDelta < 0)
    throw new InputError('config.minDelta', minDelta, 'a finite number ≥ 0 (relative improvement)');
  const divergenceFactor = c.divergenceFactor ?? TRAIN_DEFAULTS.divergenceFactor;
  if (typeof divergenceFactor !== 'number' || Number.isNaN(divergenceFactor) || divergenceFactor <= 1)
    throw new InputError('config.divergenceFactor', divergenceFactor, 'a number > 1 (Infinity: only NaN/±Infinity losses count as divergence)');
  const targetLoss = c.targetLoss;
  if (targetLoss !== undefined && (typeof targetLoss !== 'number' || !Number.isFinite(targetLoss)))
    throw new InputError('config.targetLoss', targetLoss, 'a finite number');
  return { steps, batchSize, learningRate, evalEvery, patience, minDelta, divergenceFactor, targetLoss };
}

function checkOptions(opts: TrainOptions): void {
  if (opts === null || typeof opts !== 'object') throw new InputError('opts', opts, 'training options');
  const vars = opts.variables;
  if (!Array.isArray(vars) || vars.length === 0) throw new InputError('variables', vars, 'a non-empty array of tf.Variable');
  const seen = new Set<string>();
  vars.forEach((v, i) => {
    if (!(v instanceof tf.Variable)) throw new InputError(`variables[${i}]`, v, 'a tf.Variable');
    if (v.isDisposed) throw new InputError(`variables[${i}]`, v.name, 'a live (not disposed) tf.Variable');
    if (seen.has(v.name)) throw new InputError(`variables[${i}]`, v.name, 'each variable once (duplicate)');
    seen.add(v.name);
  });
  if (!vars.some((v) => v.trainable)) throw new InputError('variables', vars.map((v) => v.name), 'at least one trainable variable');
  if (typeof opts.loss !== 'function') throw new InputError('loss', opts.loss, 'a function (batch: Tensor1D) => Scalar');
  positiveInt('numSamples', opts.numSamples);
  const rng = opts.rng as Partial<Rng> | null | undefined;
  if (rng == null || typeof rng.int !== 'function' || typeof rng.uniform !== 'function')
    throw new InputError('rng', opts.rng, 'a seeded Rng (the batching stream of seedStreams)');
  if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function') throw new InputError('onProgress', opts.onProgress, 'a function');
  if (opts.evalLoss !== undefined && typeof opts.evalLoss !== 'function') throw new InputError('evalLoss', opts.evalLoss, 'a function () => Scalar');
  if (opts.optimizer !== undefined && opts.optimizer !== 'flat' && opts.optimizer !== 'tfjs') throw new InputError('optimizer', opts.optimizer, "'flat' or 'tfjs'");
}

function assertScalar(field: string, t: unknown): tf.Scalar {
  if (!(t instanceof tf.Tensor) || t.rank !== 0) {
    throw new InputError(field, t instanceof tf.Tensor ? `tensor of shape [${t.shape}]` : t, 'a function returning a scalar tensor');
  }
  return t as tf.Scalar;
}

/**
 * Train `variables` with Adam (`flatAdam(config.learningRate)`, bitwise the same as
 * `tf.train.adam(config.learningRate)`; `opts.optimizer`) to minimise `loss`.
 *
 * Batching: epochs of a seeded permutation of 0 … numSamples − 1 (`shuffledIndices` on `rng`),
 * uploaded once per epoch as an int32 tensor and sliced into batches of `batchSize` indices. A
 * `batchSize` larger than `numSamples` is clamped to `numSamples` (full-batch training; the used
 * value is `result.batchSize`). The last `numSamples mod batchSize` indices of each permutation are
 * dropped, so every batch has the same shape (the next epoch reshuffles, so every row is used).
 *
 * Evaluation happens every `evalEvery` steps and after the last step; only there is a loss read back
 * to JavaScript (no per-step sync). The evaluated loss is `evalLoss()` when given, else the mean of
 * the batch losses since the previous evaluation. Each evaluation appends `[step, loss]` to `curve`
 * and calls `onProgress`.
 *
 * Stopping: after `config.steps` steps ('steps'); when an evaluated loss is ≤ `targetLoss`
 * ('target'); or when `patience` consecutive evaluations fail to beat the best evaluated loss by
 * `minDelta`·|best| ('plateau'; Keras semantics: the best is only updated by such an improvement).
 *
 * Divergence: if an evaluated loss is NaN/±Infinity, or exceeds `divergenceFactor`·|first evaluated
 * loss| (not checked when the first loss is 0), throws `TrainingDivergedError` (field 'loss') whose
 * `partial` holds the curve so far, ending with the offending point.
 *
 * Same variables' initial values + same `rng` seed + same data → the same curve and bitwise the same
 * final weights (on the same backend). Every tensor `train` creates (batch indices, optimiser state,
 * losses) is disposed before it returns or throws; the variables keep their trained values.
 */
export function train(opts: TrainOptions): TrainResult {
  checkOptions(opts);
  const cfg = resolveTrainConfig(opts.config);
  const { variables, loss, numSamples, rng, onProgress, evalLoss } = opts;
  const batchSize = Math.min(cfg.batchSize, numSamples);
  const batchesPerEpoch = Math.floor(numSamples / batchSize);
  const t0 = performance.now();

  const curve: [number, number][] = [];
  let step = 0;
  let first: number | undefined;
  let best = Infinity;
  let sinceBest = 0;
  let stoppedBy: TrainResult['stoppedBy'] = 'steps';

  let perm: tf.Tensor1D | null = null;
  let batchInEpoch = batchesPerEpoch; // forces a permutation before the first step
  const pending: tf.Scalar[] = [];
  const optimizer: StepOptimizer = opts.optimizer === 'tfjs' ? tf.train.adam(cfg.learningRate) : flatAdam(cfg.learningRate);

  const result = (finalLoss: number): TrainResult => ({
    steps: step,
    curve: curve.map(([s, l]) => [s, l] as [number, number]),
    finalLoss,
    stoppedBy,
    wallMs: performance.now() - t0,
    batchSize,
  });

  /** The loss at an evaluation point, as a JS number (the only read-back). */
  const evaluate = (): number => {
    if (evalLoss) {
      const v = tf.tidy(() => assertScalar('evalLoss', evalLoss()));
      try {
        return v.dataSync()[0];
      } finally {
        v.dispose();
      }
    }
    const stacked = tf.stack(pending);
    const values = stacked.dataSync();
    stacked.dispose();
    tf.dispose(pending);
    pending.length = 0;
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i];
    return sum / values.length;
  };

  try {
    while (step < cfg.steps) {
      if (batchInEpoch === batchesPerEpoch) {
        perm?.dispose();
        perm = tf.tensor1d(shuffledIndices(numSamples, rng), 'int32');
        batchInEpoch = 0;
      }
      const indices: tf.Tensor1D = perm!;
      const start = batchInEpoch * batchSize;
      batchInEpoch++;
      // A bad loss value is recorded, not thrown, inside f: throwing from inside the gradient tape
      // would leak the tensors that tfjs saved for the backward pass. tfjs then rejects the value and
      // the outer tidy frees everything minimize created (its loss value included).
      let bad: unknown = undefined;
      const f = (): tf.Scalar => {
        const l: unknown = loss(tf.slice(indices, [start], [batchSize]));
        if (l instanceof tf.Tensor && l.rank === 0) return l as tf.Scalar;
        bad = l instanceof tf.Tensor ? `tensor of shape [${l.shape}]` : l;
        return l instanceof tf.Tensor ? (l as tf.Scalar) : tf.scalar(0);
      };
      let cost: tf.Scalar | null;
      try {
        cost = tf.tidy(() => optimizer.minimize(f, evalLoss === undefined, variables) ?? undefined) ?? null;
      } catch (e) {
        if (bad !== undefined) throw new InputError('loss', bad, 'a function returning a scalar tensor');
        if (e instanceof Error && /Cannot find a connection between any variable/.test(e.message))
          throw new InputError('loss', 'no gradient path', 'a loss that depends on at least one of `variables` (inside the loss function)');
        throw e;
      }
      if (bad !== undefined) {
        cost?.dispose();
        throw new InputError('loss', bad, 'a function returning a scalar tensor');
      }
      step++;
      if (cost) pending.push(cost);

      if (step % cfg.evalEvery !== 0 && step !== cfg.steps) continue;
      const value = evaluate();
      curve.push([step, value]);
      onProgress?.({ step, loss: value });

      // Divergence.
      let reason: string | null = null;
      if (!Number.isFinite(value)) reason = `the evaluated loss is ${value}`;
      else if (first !== undefined && first !== 0 && value > cfg.divergenceFactor * Math.abs(first))
        reason = `the evaluated loss ${value} exceeds ${cfg.divergenceFactor} × |first evaluated loss| (${first})`;
      if (reason !== null) throw new TrainingDivergedError(value, step, result(value), reason);
      if (first === undefined) first = value;

      // Target and plateau.
      if (cfg.targetLoss !== undefined && value <= cfg.targetLoss) {
        stoppedBy = 'target';
        break;
      }
      if (cfg.patience !== undefined) {
        if (best === Infinity || value < best - cfg.minDelta * Math.abs(best)) {
          best = value;
          sinceBest = 0;
        } else if (++sinceBest >= cfg.patience) {
          stoppedBy = 'plateau';
          break;
        }
      }
    }
  } finally {
    perm?.dispose();
    tf.dispose(pending);
    optimizer.dispose();
  }
  return result(curve[curve.length - 1][1]);
}
