/**
 * One trained trial of the Funke family, and the judge shared by trained trials and oracle controls:
 * world → training sample of the process at ρ_train → learner (or a plugged-in one) → encoder →
 * per-subspace readouts fitted on the training sample → score on fresh samples of the same process at each
 * test correlation (the correlation-shift evaluator) → robustness band + block class check.
 *
 * Readouts: subspace i's readout of attribute i is refitted by least squares on [zᵢ, 1] over the training
 * sample (continuous: the prediction; binary: its sign), so every encoder — built-in, plugged-in or oracle —
 * is judged the same way; for the built-in learners it coincides with the trained heads up to optimisation
 * error (the heads minimise the same squared error for continuous attributes).
 * Scores: VE = 1 − Σ‖ŝ − a‖²/Σ‖a − ā‖² (continuous; the paper's variance explained), accuracy averaged over
 * attributes (binary).
 * CMI estimate (reported): Gaussian Σᵢ I(zᵢ; z₋ᵢ | aᵢ) on the training-correlation test sample (partial MI for
 * continuous attributes, the group decomposition for binary ones; src/metrics).
 * Block check: the block class (src/classes/block.ts, kernel regressor) between the per-attribute generative
 * factors u = a + ε (what x is a function of, coordinate by coordinate; u = g⁻¹(x) for the mixed process) and ẑ,
 * one block per attribute. Not defined for images (their factors include glyph position, stroke and occlusion).
 */
import type { Mat } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { blockFitDetail } from '../classes/block.ts';
import { gaussianCMI } from '../metrics/cmi.ts';
import { gaussianPartialCMI } from '../metrics/partialCMI.ts';
import { knnCMIDiscrete } from '../metrics/knnMI.ts';
import type { Learner } from '../learners/types.ts';
import { deriveSeed, Rng } from '../rng/rng.ts';
import type { TrainResult } from '../train/types.ts';
import { r4, recordLatents, subsampleCurve } from '../theorem/trial.ts';
import type { TrialArtifacts } from '../theorem/types.ts';
import { attributeType, processMixing, sampleProcess, shiftCorrelation, validateProcess } from './process.ts';
import type { AttributeData, FunkeDataset, FunkeProcess } from './types.ts';

/** What a plugged-in learner is fed by the Funke trained properties. */
export const FUNKE_LEARNER_SLOT =
  'AttributeData { x: observations (n × D), xNext = x, attributes: n × d (continuous, or ±1), attributeType } at the training correlation; the encoder must return d·k columns, subspace i = columns [i·k, (i + 1)·k) (k = 1 here)';

/**
 * Rows of the block-class fit: the kernel ridge is cubic in the rows (two-fold cross-fitting), 2000 rows cost
 * ≈ 5 s per fit here, 500 rows ≈ 0.1 s, with an R² error of ≈ 0.005 (members leave ≤ 0.01 at 500 rows).
 */
export const BLOCK_CHECK_ROWS = 500;

/** Rows of the kNN CMI estimate reported for binary attributes (brute force, O(rows²)). */
export const KNN_CMI_ROWS = 1000;

/** Score of one test correlation. */
export interface ShiftScore {
  rho: number;
  score: number;
}

/** Everything a trial measures. */
export interface FunkeEvaluation {
  /** 'VE' (continuous) or 'accuracy' (binary). */
  metric: 'VE' | 'accuracy';
  /** Score on fresh samples at the training correlation. */
  train: number;
  tests: ShiftScore[];
  /** Worst test score and the largest drop below `train`. */
  worst: number;
  drop: number;
  /** Gaussian CMI estimate Σᵢ I(zᵢ; z₋ᵢ | aᵢ) (nats) at the training correlation. */
  cmi: number;
  /** kNN (KSG within groups, k = 3) CMI estimate Σᵢ I(zᵢ; z₋ᵢ | aᵢ) on the first KNN_CMI_ROWS rows (binary attributes only; NaN otherwise). */
  knnCmi: number;
  /** Block class fit (null for images or when not asked). */
  block: { distance: number; onBlockR2Min: number; offBlockR2Max: number; ownAttribute: boolean } | null;
  /** Test sample at the training correlation: factors u and ẑ (for artifacts), and its observations x (for further seeds' encodings, `recordLatents`). */
  u: Mat | null;
  zhat: Mat;
  x: Mat;
}

function olsScalar(z: number[], a: number[]): { k: number; b: number } {
  const n = z.length;
  let mz = 0;
  let ma = 0;
  for (let t = 0; t < n; t++) {
    mz += z[t] / n;
    ma += a[t] / n;
  }
  let zz = 0;
  let za = 0;
  for (let t = 0; t < n; t++) {
    zz += (z[t] - mz) ** 2;
    za += (z[t] - mz) * (a[t] - ma);
  }
  const k = zz > 0 ? za / zz : 0;
  return { k, b: ma - k * mz };
}

/** Least-squares readout of attribute i from the mean of subspace i's columns projected on its first principal direction (k = 1: the column itself). */
function fitReadouts(z: Mat, a: Mat, k: number): ((row: number[]) => number)[] {
  const d = a[0].length;
  return Array.from({ length: d }, (_, i) => {
    if (k === 1) {
      const f = olsScalar(z.map((r) => r[i]), a.map((r) => r[i]));
      return (row: number[]) => f.k * row[i] + f.b;
    }
    // k > 1: OLS on the block's columns (normal equations, small k).
    const cols = Array.from({ length: k }, (_, t) => i * k + t);
    const x = z.map((r) => [...cols.map((c) => r[c]), 1]);
    const y = a.map((r) => r[i]);
    const p = k + 1;
    const xtx = Array.from({ length: p }, (_, u) => Array.from({ length: p }, (_, v) => x.reduce((s, r) => s + r[u] * r[v], 0) + (u === v && u < k ? 1e-9 : 0)));
    const xty = Array.from({ length: p }, (_, u) => x.reduce((s, r, t) => s + r[u] * y[t], 0));
    // Gaussian elimination
    for (let c = 0; c < p; c++) {
      let piv = c;
      for (let r = c + 1; r < p; r++) if (Math.abs(xtx[r][c]) > Math.abs(xtx[piv][c])) piv = r;
      [xtx[c], xtx[piv]] = [xtx[piv], xtx[c]];
      [xty[c], xty[piv]] = [xty[piv], xty[c]];
      for (let r = 0; r < p; r++) {
        if (r === c || xtx[c][c] === 0) continue;
        const f = xtx[r][c] / xtx[c][c];
        for (let q = c; q < p; q++) xtx[r][q] -= f * xtx[c][q];
        xty[r] -= f * xty[c];
      }
    }
    const w = xty.map((v, c) => (xtx[c][c] !== 0 ? v / xtx[c][c] : 0));
    return (row: number[]) => cols.reduce((s, c, t) => s + w[t] * row[c], w[k]);
  });
}

/** VE or accuracy of the readouts on a dataset. */
function score(readouts: ((row: number[]) => number)[], z: Mat, a: Mat, type: 'continuous' | 'binary'): number {
  const d = a[0].length;
  if (type === 'binary') {
    let hits = 0;
    z.forEach((row, t) => readouts.forEach((f, i) => (hits += Math.sign(f(row)) === a[t][i] ? 1 : 0)));
    return hits / (z.length * d);
  }
  const mean = Array.from({ length: d }, (_, i) => a.reduce((s, r) => s + r[i], 0) / a.length);
  let err = 0;
  let tot = 0;
  z.forEach((row, t) =>
    readouts.forEach((f, i) => {
      err += (f(row) - a[t][i]) ** 2;
      tot += (a[t][i] - mean[i]) ** 2;
    }),
  );
  return 1 - err / tot;
}

/** Generative factors u of a dataset, coordinate per attribute (null for images). */
export function factorsOf(data: FunkeDataset): Mat | null {
  const p = data.process;
  if (p.kind === 'images') return null;
  if (p.kind === 'binary-mixed') return processMixing(p)!.invert(data.x);
  return data.x;
}

/** Gaussian CMI Σᵢ I(zᵢ; z₋ᵢ | aᵢ) (module doc). */
export function gaussianPenalty(z: Mat, a: Mat, type: 'continuous' | 'binary', k = 1): number {
  const d = a[0].length;
  let total = 0;
  for (let i = 0; i < d; i++) {
    const zi = z.map((r) => r.slice(i * k, (i + 1) * k));
    const rest = z.map((r) => [...r.slice(0, i * k), ...r.slice((i + 1) * k)]);
    total += type === 'binary' ? gaussianCMI(zi, rest, a.map((r) => r[i])) : gaussianPartialCMI(zi, rest, a.map((r) => [r[i]]));
  }
  return total;
}

/** How a trained encoder is evaluated: readouts fitted on its training sample, then VE / accuracy on fresh data at each test correlation. */
export interface EvaluateOptions {
  /** Training sample the readouts are fitted on (the learner's). */
  trainData: FunkeDataset;
  testCount: number;
  testRhos: number[];
  seed: number;
  /** Columns per subspace (default 1). */
  subspaceDim?: number;
  /** Fit the block class (default true; never for images). */
  blockCheck?: boolean;
}

/** Judge an encoder (module doc). Test samples derive from `seed` ('test', ρ index). */
export function evaluateEncoder(process: FunkeProcess, encode: (x: Mat) => Mat, opts: EvaluateOptions): FunkeEvaluation {
  const p = validateProcess(process);
  const type = attributeType(p);
  const k = opts.subspaceDim ?? 1;
  const zTrain = encode(opts.trainData.x);
  const d = opts.trainData.attributes[0].length;
  if (!Array.isArray(zTrain) || zTrain.length !== opts.trainData.x.length || zTrain[0]?.length !== d * k)
    throw new InputError('encoder output', zTrain?.[0]?.length, `${d * k} columns (${d} subspaces × ${k}) for each of ${opts.trainData.x.length} rows`);
  for (const row of zTrain) for (const v of row) if (!Number.isFinite(v)) throw new InputError('encoder output', v, 'finite latents (the encoder returned a non-finite value)');
  const readouts = fitReadouts(zTrain, opts.trainData.attributes, k);
  const rng = new Rng(opts.seed);
  const mixing = processMixing(p) ?? undefined;
  const atTrain = sampleProcess(p, opts.testCount, rng.child('test', 'train-rho'), { mixing });
  const zAtTrain = encode(atTrain.x);
  const train = score(readouts, zAtTrain, atTrain.attributes, type);
  const tests = opts.testRhos.map((r, j) => {
    const data = sampleProcess(shiftCorrelation(p, r), opts.testCount, rng.child('test', j), { mixing, closedRho: true });
    return { rho: r, score: score(readouts, encode(data.x), data.attributes, type) };
  });
  const worst = Math.min(...tests.map((t) => t.score));
  const u = factorsOf(atTrain);
  let block: FunkeEvaluation['block'] = null;
  if ((opts.blockCheck ?? true) && u !== null && k === 1) {
    const rows = Math.min(BLOCK_CHECK_ROWS, u.length);
    const fit = blockFitDetail(u.slice(0, rows), zAtTrain.slice(0, rows), new Array<number>(d).fill(1), 'kernel');
    // ownAttribute: the best block assignment is the identity (subspace i ↔ attribute i, the heads' pairing), not a swap.
    block = { distance: fit.distance, onBlockR2Min: fit.onBlockR2Min, offBlockR2Max: fit.offBlockR2Max, ownAttribute: fit.assignment.every((i, j) => i === j) };
  }
  let cmi = NaN;
  try {
    cmi = gaussianPenalty(zAtTrain, atTrain.attributes, type, k);
  } catch {
    cmi = NaN; // a collapsed subspace (singular covariance): reported as NaN, judged by the other criteria
  }
  let knnCmi = NaN;
  if (type === 'binary') {
    const rows = Math.min(KNN_CMI_ROWS, zAtTrain.length);
    const z = zAtTrain.slice(0, rows);
    const a = atTrain.attributes.slice(0, rows);
    try {
      knnCmi = 0;
      for (let i = 0; i < d; i++)
        knnCmi += knnCMIDiscrete(z.map((r) => r.slice(i * k, (i + 1) * k)), z.map((r) => [...r.slice(0, i * k), ...r.slice((i + 1) * k)]), a.map((r) => r[i]));
    } catch {
      knnCmi = NaN;
    }
  }
  return { metric: type === 'continuous' ? 'VE' : 'accuracy', train, tests, worst, drop: train - worst, cmi, knnCmi, block, u, zhat: zAtTrain, x: atTrain.x };
}

/** A trained trial: the evaluation plus the training run. */
export interface FunkeTrial extends FunkeEvaluation {
  trainRun: TrainResult;
  learnerName: string;
}

/**
 * Train `learner` (or the plugged-in `override`) on `count` samples of `process` and evaluate it. Data from
 * (seed, 'data'), test samples from (seed, 'eval'), init / batching streams from (seed, 'train', attempt).
 * Under `identify` (`recordTrialFits`), the factors u and ẑ of the training-correlation test sample are
 * recorded, with further seeds trained on the same data (`recordLatents`); images have no factors and record nothing.
 */
export function runFunkeTrial(
  process: FunkeProcess,
  learner: Learner<AttributeData>,
  opts: { count: number; testCount: number; testRhos: number[]; seed: number; attempt?: number; override?: Learner<any>; blockCheck?: boolean },
): FunkeTrial {
  const p = validateProcess(process);
  const data = sampleProcess(p, opts.count, new Rng(opts.seed).child('data'));
  const used = opts.override ?? learner;
  const attempt = opts.attempt ?? 0;
  const base = attempt === 0 ? deriveSeed(opts.seed, 'train', 0) : deriveSeed(opts.seed, 'train', 0, 'attempt', attempt);
  const enc = used.fit(data, { init: new Rng(deriveSeed(base, 'init')), batching: new Rng(deriveSeed(base, 'batching')) });
  try {
    const ev = evaluateEncoder(p, (x) => enc.encode(x), { trainData: data, testCount: opts.testCount, testRhos: opts.testRhos, seed: deriveSeed(opts.seed, 'eval'), blockCheck: opts.blockCheck });
    if (ev.u !== null)
      recordLatents(opts.seed, attempt, ev.u, ev.zhat, enc.train, (_s, streams) => {
        const more = used.fit(data, streams);
        try {
          return { zhat: more.encode(ev.x), train: more.train };
        } finally {
          more.dispose();
        }
      });
    return { ...ev, trainRun: enc.train, learnerName: used.name };
  } finally {
    enc.dispose();
  }
}

/** Trial details for results.json (rounded). */
export function evaluationDetails(e: FunkeEvaluation): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = { metric: e.metric, train: r4(e.train), worst: r4(e.worst), drop: r4(e.drop), cmi: r4(e.cmi) };
  if (Number.isFinite(e.knnCmi)) out.knnCmi = r4(e.knnCmi);
  for (const t of e.tests) out[`test@${t.rho}`] = r4(t.score);
  if (e.block) {
    out.blockDistance = r4(e.block.distance);
    out.offBlockR2Max = r4(e.block.offBlockR2Max);
    out.onBlockR2Min = r4(e.block.onBlockR2Min);
    out.ownAttribute = e.block.ownAttribute;
  }
  return out;
}

/** Plot artifacts: factors u against ẑ (first 300 rows; ẑ standardised per column) and the training curve. */
export function evaluationArtifacts(e: FunkeEvaluation, train?: TrainResult, label = 'training loss'): TrialArtifacts {
  const rows = Math.min(300, e.zhat.length);
  const out: TrialArtifacts = {};
  if (e.u) {
    const z = e.zhat.slice(0, rows);
    const sd = z[0].map((_, j) => Math.sqrt(z.reduce((s, r) => s + r[j] ** 2, 0) / rows) || 1);
    out.latents = { z: e.u.slice(0, rows).map((r) => r.slice()), mapped: z.map((r) => r.map((v, j) => v / sd[j])), className: 'block (per-attribute subspaces; ẑ standardised, not mapped)' };
  }
  if (train) out.curves = [{ label, points: subsampleCurve(train.curve) }];
  return out;
}
