/**
 * One trained trial: build a dataset from a world, fit a learner with the trial's seeds, and return
 * true and recovered latents on fresh test samples. Shared by every trained theorem so each file only
 * states its world, learner and success criterion.
 */
import type { Mat } from '../core/matrix.ts';
import { identity, matmul } from '../core/matrix.ts';
import type { EquivalenceClass } from '../classes/types.ts';
import { planeRotation } from '../classes/perturbations.ts';
import { mcc } from '../metrics/mcc.ts';
import type { Mixing } from '../generators/types.ts';
import type { Learner, PairData } from '../learners/types.ts';
import { deriveSeed, Rng } from '../rng/rng.ts';
import type { TrainResult } from '../train/types.ts';

/** What `fitTrial` returns: the true test latents and, per training seed, the recovered latents, the training run and the learned parameters. */
export interface TrialFit {
  /** True test latents. */
  z: Mat;
  /** Recovered test latents, one matrix per training seed. */
  zhat: Mat[];
  /** Training runs, one per seed. */
  train: TrainResult[];
  /** Learned auxiliary parameters, one per seed. */
  learned: Record<string, unknown>[];
}

/**
 * Fit `learner` on `data` once per training seed (`seeds` distinct integers), and encode `testZ`
 * observed through `mixing`. Init and batching streams derive from (trialSeed, 'train', s) and, for a
 * re-run (`attempt` > 0, see CheckContext), from the attempt number too.
 */
export function fitTrial(learner: Learner, data: PairData, mixing: Mixing, testZ: Mat, trialSeed: number, seeds = 1, attempt = 0): TrialFit {
  const xTest = mixing.apply(testZ);
  const out: TrialFit = { z: testZ, zhat: [], train: [], learned: [] };
  // Under `recordTrialFits`, the first fit of the check gets at least the recorder's number of seeds (the
  // extra seeds continue the same seed path, so seeds 0 … seeds−1 are unchanged) and is handed to it.
  const rec = recorders.length > 0 ? recorders[recorders.length - 1] : null;
  const first = rec !== null && rec.fits.length === 0;
  const count = first ? Math.max(seeds, rec.seeds) : seeds;
  if (rec !== null && rec.attempt > 0) attempt = rec.attempt;
  for (let s = 0; s < count; s++) {
    // Attempt 0 keeps the historical seed path; a re-run (attempt > 0) draws fresh optimiser seeds.
    const enc = learner.fit(data, trainStreams(trialSeed, s, attempt));
    try {
      out.zhat.push(enc.encode(xTest));
      out.train.push(enc.train);
      out.learned.push(enc.learned);
    } finally {
      enc.dispose();
    }
  }
  if (rec !== null) rec.fits.push(out);
  if (first && count > seeds) return { z: out.z, zhat: out.zhat.slice(0, seeds), train: out.train.slice(0, seeds), learned: out.learned.slice(0, seeds) };
  return out;
}

/** Init and batching streams of training seed `s` of a trial: attempt 0 keeps the historical path (trialSeed, 'train', s), a re-run (attempt > 0) draws fresh ones. The streams `fitTrial` uses, for families that train outside it. */
export function trainStreams(trialSeed: number, s: number, attempt = 0): { init: Rng; batching: Rng } {
  const base = attempt === 0 ? deriveSeed(trialSeed, 'train', s) : deriveSeed(trialSeed, 'train', s, 'attempt', attempt);
  return { init: new Rng(deriveSeed(base, 'init')), batching: new Rng(deriveSeed(base, 'batching')) };
}

/** One more training seed of a trial for `recordLatents`: its recovered latents on the same rows and its training run. */
export interface ExtraSeedFit {
  zhat: Mat;
  train: TrainResult;
}

/**
 * Hand a trial's true and recovered latents to the active `recordTrialFits` recorder (what `fitTrial` does
 * itself), for families whose trials train outside `fitTrial` (their own learner shapes: the Funke, Feige and
 * structured families). `z` and `zhat0` are the rows the family reads identification on (e.g. its
 * per-attribute factors and the encoder's output on them); `trainSeed(s, streams)` trains seed s ≥ 1 with
 * `trainStreams(trialSeed, s, attempt)` and returns ẑ_s on the same rows. It is called only when a recorder is
 * active and asks for more seeds than the check trained (so a check outside `identify` pays nothing, and the
 * check's own result is unchanged). A no-op without a recorder.
 */
export function recordLatents(
  trialSeed: number,
  attempt: number,
  z: Mat,
  zhat0: Mat,
  train0: TrainResult,
  trainSeed: (s: number, streams: { init: Rng; batching: Rng }) => ExtraSeedFit,
): void {
  const rec = recorders.length > 0 ? recorders[recorders.length - 1] : null;
  if (rec === null) return;
  if (rec.attempt > 0) attempt = rec.attempt;
  const out: TrialFit = { z, zhat: [zhat0], train: [train0], learned: [{}] };
  if (rec.fits.length === 0)
    for (let s = 1; s < rec.seeds; s++) {
      const extra = trainSeed(s, trainStreams(trialSeed, s, attempt));
      out.zhat.push(extra.zhat);
      out.train.push(extra.train);
      out.learned.push({});
    }
  rec.fits.push(out);
}

/** Active recorders of `fitTrial` calls (innermost last); a check runs synchronously, so a stack suffices. */
const recorders: { seeds: number; attempt: number; fits: TrialFit[] }[] = [];

/**
 * Run `fn` (typically a trained property's `check`) and collect every `fitTrial` it makes, the first with at
 * least `seeds` training seeds: how `identify` reads a property's true and recovered latents without a second
 * code path per theorem. The check itself sees exactly the seeds it asked for, so its outcome is unchanged.
 * `attempt` > 0 makes every `fitTrial` inside draw fresh optimiser seeds (the re-run of a world), whatever
 * attempt the check passes itself.
 */
export function recordTrialFits<T>(seeds: number, fn: () => T, attempt = 0): { result: T; fits: TrialFit[] } {
  const rec = { seeds, attempt, fits: [] as TrialFit[] };
  recorders.push(rec);
  try {
    return { result: fn(), fits: rec.fits };
  } finally {
    recorders.pop();
  }
}

/**
 * Optimiser settings shared by the trained theorems (the number of steps is per profile): Adam 3e-3,
 * batch 256, loss evaluated every 100 steps, stop after 8 evaluations without a 0.1 % improvement.
 */
export const TRIAL_OPTIMISER = { batchSize: 256, learningRate: 3e-3, evalEvery: 100, patience: 8, minDelta: 1e-3 } as const;

/** Round a statistic for trial details (keeps results.json readable and stable). */
export function r4(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
}

// ---------------------------------------------------------------------------------------------------
// Conventions shared by trained properties: artifacts for the report's plots, and oracle latents for
// training-free calibration of a check (see `OracleControls`).
// ---------------------------------------------------------------------------------------------------

/** Most rows of true / recovered latents a trial keeps for plots. */
export const ARTIFACT_ROWS = 300;
/** Most points a training curve keeps for plots. */
export const ARTIFACT_CURVE_POINTS = 200;

/** At most `max` points of a curve, evenly spaced, first and last kept. */
export function subsampleCurve(curve: readonly [number, number][], max = ARTIFACT_CURVE_POINTS): [number, number][] {
  if (curve.length <= max) return curve.map(([s, l]) => [s, l]);
  const out: [number, number][] = [];
  for (let i = 0; i < max; i++) {
    const [s, l] = curve[Math.round((i * (curve.length - 1)) / (max - 1))];
    out.push([s, l]);
  }
  return out;
}

/** The training curves of a trial (one per seed), subsampled; labels default to 'seed 0', 'seed 1', … */
export function trialCurves(train: readonly TrainResult[], labels?: string[]): { label: string; points: [number, number][] }[] {
  return train.map((t, i) => ({ label: labels?.[i] ?? `seed ${i}`, points: subsampleCurve(t.curve) }));
}

/**
 * The first `ARTIFACT_ROWS` rows of the true latents z and of the recovered latents ẑ mapped back onto z
 * by `mapBack` (e.g. the best map of the predicted class from ẑ to z: `cls.fit(zhat, z).map.apply`), for
 * the "true vs recovered" plot.
 */
export function latentArtifacts(z: Mat, zhat: Mat, className: string, mapBack: (zhat: Mat) => Mat): { z: Mat; mapped: Mat; className: string } {
  const rows = Math.min(ARTIFACT_ROWS, z.length);
  const mapped = mapBack(zhat);
  return { z: z.slice(0, rows).map((r) => r.slice()), mapped: mapped.slice(0, rows).map((r) => r.slice()), className };
}

/** `latentArtifacts` with the best map of an equivalence class from ẑ back to z (the classes used here are closed under inversion). */
export function classArtifacts(z: Mat, zhat: Mat, cls: EquivalenceClass): { z: Mat; mapped: Mat; className: string } {
  return latentArtifacts(z, zhat, cls.id, (zh) => cls.fit(zh, z).map.apply(zh));
}

/**
 * Recovered latents mapped back onto z by the best permutation + element-wise monotone map: each true
 * coordinate i takes the matched recovered coordinate j = matching[i] (Spearman MCC's assignment), and
 * replaces its values by the values of z_i of the same rank (reversed when the rank correlation is
 * negative). Exact when ẑ is a permutation + strictly monotone element-wise map of z.
 */
export function monotoneMapBack(z: Mat, zhat: Mat): Mat {
  const m = mcc(z, zhat, { method: 'spearman' });
  const n = z.length;
  const out: Mat = Array.from({ length: n }, () => new Array<number>(z[0].length).fill(0));
  m.matching.forEach((j, i) => {
    if (j < 0) return;
    const sortedZ = z.map((r) => r[i]).sort((a, b) => a - b);
    const sign = m.correlations[i][j] < 0 ? -1 : 1;
    const order = Array.from({ length: n }, (_, t) => t).sort((a, b) => sign * (zhat[a][j] - zhat[b][j]));
    order.forEach((t, rank) => (out[t][i] = sortedZ[rank]));
  });
  return out;
}

/**
 * Share of each coordinate's variance that oracle latents get as estimation noise (2 %): trained encoders
 * that succeed leave 0.1–5 % of ẑ's variance unexplained by the predicted class (quick-profile medians
 * 0.0003–0.04 across the Ahuja properties), so an oracle with 2 % noise stands for a typical success.
 */
export const ORACLE_NOISE_SHARE = 0.02;

/**
 * Oracle latents ẑ = h(z) + e, e Gaussian with per-column variance `noiseShare` × Var(h(z)_j): what a
 * learner that found `h` up to estimation noise would return. Draws from `rng`.
 */
export function oracleLatents(z: Mat, h: (z: Mat) => Mat, rng: Rng, noiseShare = ORACLE_NOISE_SHARE): Mat {
  const clean = h(z);
  const d = clean[0].length;
  const sd = Array.from({ length: d }, (_, j) => {
    let mean = 0;
    for (const r of clean) mean += r[j];
    mean /= clean.length;
    let v = 0;
    for (const r of clean) v += (r[j] - mean) ** 2;
    return Math.sqrt((noiseShare * v) / Math.max(clean.length - 1, 1));
  });
  return clean.map((r) => r.map((v, j) => v + sd[j] * rng.normal()));
}

/**
 * A rotation far from every signed permutation: the product of rotations in the planes (0, 1), (1, 2), …,
 * (d−2, d−1), each by an angle of random sign and magnitude in [minAngle, maxAngle] (default 30°–60°), so
 * every coordinate is mixed. Negative oracles compose class members with it.
 */
export function farRotation(d: number, rng: Rng, minAngle = Math.PI / 6, maxAngle = Math.PI / 3): Mat {
  let q = identity(d);
  for (let i = 0; i + 1 < d; i++) q = matmul(planeRotation(d, i, i + 1, rng.sign() * rng.range(minAngle, maxAngle)), q);
  return q;
}
