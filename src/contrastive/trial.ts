/**
 * Shared parts of the trained contrastive properties (theorems/matthes2023-trained.ts,
 * theorems/zimmermann2021-sphere.ts): one trial = world → contrastive dataset → learner → recovered test
 * latents; judges that decide a trial from (z, ẑ) alone, so the oracle controls (in-class / out-of-class maps
 * of z plus estimation noise, no training) share them; and the plot artifacts.
 */
import type { Mat } from '../core/matrix.ts';
import { center, colMeans } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import type { Learner } from '../learners/types.ts';
import { invert } from '../linalg/inverse.ts';
import { buildMixing } from '../generators/mixing.ts';
import type { MixingParams } from '../generators/types.ts';
import { Rng } from '../rng/rng.ts';
import { fitTrial } from '../theorem/trial.ts';
import type { TrialArtifacts, TrialOutcome } from '../theorem/types.ts';
import type { EquivalenceClass } from '../classes/types.ts';
import type { TrainResult } from '../train/types.ts';
import { contrastiveLatents, observeContrastive, sampleMarginal } from './process.ts';
import type { ContrastiveData, ContrastiveProcess } from './types.ts';

/** What a plugged-in learner is fed by the contrastive properties. */
export const CONTRASTIVE_LEARNER_SLOT =
  'ContrastiveData { x: anchors, xNext: positives x̃ ~ p(x̃ | x) row-aligned with x, xNeg: negatives from the marginal } — all observed through the world\'s invertible mixing';

/** Rows of true/recovered latents kept for the report's scatter plot. */
export const ARTIFACT_ROWS = 300;
/** Points kept per training curve. */
export const CURVE_POINTS = 200;

/** What `runContrastiveTrial` returns: true and recovered test latents, the training run, the learned parameters and the name of the learner used. */
export interface ContrastiveTrial {
  /** True test latents (marginal draws). */
  z: Mat;
  /** Recovered test latents. */
  zhat: Mat;
  train: TrainResult;
  learned: Record<string, unknown>;
  learnerName: string;
}

/**
 * Train `learner` (or the plugged-in `override`) on `count` pairs of `process` observed through the mixing,
 * and encode `testCount` fresh marginal draws. Data, test and training seeds derive from `seed`; a re-run
 * (`attempt` > 0, see CheckContext) keeps the data and draws fresh training seeds.
 */
export function runContrastiveTrial(
  process: ContrastiveProcess,
  mixingParams: MixingParams,
  learner: Learner<ContrastiveData>,
  opts: { count: number; testCount: number; seed: number; override?: Learner<any>; attempt?: number },
): ContrastiveTrial {
  const rng = new Rng(opts.seed);
  const mixing = buildMixing(mixingParams);
  const data = observeContrastive(contrastiveLatents(process, opts.count, rng.child('data')), mixing);
  const zTest = sampleMarginal(process, opts.testCount, rng.child('test'));
  const used = opts.override ?? learner;
  const fit = fitTrial(used, { x: data.x, xNext: data.xNext, xNeg: data.xNeg } as ContrastiveData, mixing, zTest, opts.seed, 1, opts.attempt ?? 0);
  return { z: fit.z, zhat: fit.zhat[0], train: fit.train[0], learned: fit.learned[0], learnerName: used.name };
}

/** At most `max` evenly spaced points of a curve (the last one kept). */
export function subsampleCurve(points: [number, number][], max = CURVE_POINTS): [number, number][] {
  if (points.length <= max) return points.map(([s, l]) => [s, l]);
  const out: [number, number][] = [];
  for (let i = 0; i < max; i++) {
    const [s, l] = points[Math.round((i * (points.length - 1)) / (max - 1))];
    out.push([s, l]);
  }
  return out;
}

/**
 * Report artifacts: the first ARTIFACT_ROWS test rows of z and of ẑ mapped back into z's coordinates by the
 * best map of `cls` from ẑ to z (the class is closed under inverses), plus the subsampled training curves.
 */
export function trialArtifacts(z: Mat, zhat: Mat, cls: EquivalenceClass, curves: { label: string; train: TrainResult }[]): TrialArtifacts {
  const rows = Math.min(ARTIFACT_ROWS, z.length);
  const map = cls.fit(zhat, z).map;
  return {
    latents: { z: z.slice(0, rows).map((r) => r.slice()), mapped: map.apply(zhat.slice(0, rows)), className: cls.name },
    curves: curves.map((c) => ({ label: c.label, points: subsampleCurve(c.train.curve) })),
  };
}

/**
 * Estimation noise of the size a short training leaves: each column of ẑ plus independent Gaussian noise with
 * `level` × that column's variance (default 2 %: trained encoders here leave 0.5–3 % unexplained variance).
 */
export function withEstimationNoise(zhat: Mat, rng: Rng, level = 0.02): Mat {
  const c = center(zhat);
  const sd = zhat[0].map((_, j) => Math.sqrt((level * c.reduce((s, r) => s + r[j] * r[j], 0)) / zhat.length));
  return zhat.map((row) => row.map((v, j) => v + sd[j] * rng.normal()));
}

/**
 * "Critic-scale" ridge R²: R² of z predicted from ẑ/√τ by ridge regression with penalty λ·N (centred data,
 * default λ = 1), averaged over the true dimensions. The δ-critic sees ẑ only through ‖Δẑ‖²/τ: a difference
 * of √τ moves it by one nat, much finer structure does not reach it. Ridge with penalty λ in those units
 * equals (in expectation) OLS on ẑ/√τ plus N(0, λ I) noise: close to the linear R² when ẑ spans many √τ,
 * → 0 when ẑ has collapsed below the critic's resolution — unlike the scale-free OLS R², which a collapsed
 * encoder's residual structure can still push up.
 */
export function criticScaleR2(z: Mat, zhat: Mat, tau: number, lambda = 1): number {
  if (!(tau > 0)) throw new InputError('tau', tau, 'a temperature > 0');
  if (z.length !== zhat.length) throw new InputError('zhat.rows', zhat.length, `${z.length} rows like z`);
  const n = z.length;
  const d = zhat[0].length;
  const x = center(zhat).map((r) => r.map((v) => v / Math.sqrt(tau)));
  const y = center(z);
  const xtx = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[i] * r[j], 0) + (i === j ? lambda * n : 0)));
  const xty = Array.from({ length: d }, (_, i) => y[0].map((_, k) => x.reduce((s, r, t) => s + r[i] * y[t][k], 0)));
  const inv = invert(xtx, 'ridge normal equations');
  const w = inv.map((row) => xty[0].map((_, k) => row.reduce((s, v, j) => s + v * xty[j][k], 0)));
  const my = colMeans(y);
  let r2 = 0;
  for (let k = 0; k < y[0].length; k++) {
    let res = 0;
    let tot = 0;
    for (let t = 0; t < n; t++) {
      const pred = x[t].reduce((s, v, j) => s + v * w[j][k], 0);
      res += (y[t][k] - pred) ** 2;
      tot += (y[t][k] - my[k]) ** 2;
    }
    r2 += tot > 0 ? 1 - res / tot : 0;
  }
  return r2 / y[0].length;
}

/** Outcome helper: statistic, pass and details, plus artifacts when given. */
export function outcome(pass: boolean, statistic: number, details: TrialOutcome['details'], artifacts?: TrialArtifacts): TrialOutcome {
  return { pass, statistic, details, ...(artifacts ? { artifacts } : {}) };
}
