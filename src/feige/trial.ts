/**
 * Shared parts of the trained Feige properties (theorems/feige2019-trained.ts): one trial = world → dataset
 * with a label budget → learner → encodings of fresh test rows (+ the swap experiment through the decoder);
 * judges that decide a trial from plain arrays (v, r, q(y|x), true classes and angles) alone, so the oracle
 * controls (no training) share them.
 */
import type { Mat } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { knnClassifierAccuracy, knnRegressionR2 } from '../metrics/knn.ts';
import { withinGroupVarianceShare } from '../metrics/invariance.ts';
import { clopperPearson } from '../stats/binomial.ts';
import { deriveSeed, Rng } from '../rng/rng.ts';
import type { TrainResult } from '../train/types.ts';
import { recordLatents } from '../theorem/trial.ts';
import type { FeigeLearner } from './learner.ts';
import { buildWorld, classManifoldData, learnerView, orbitClassifier } from './process.ts';
import type { ClassManifoldProcess, ClassManifoldWorld } from './types.ts';

/** What a plugged-in learner is fed and must return (FeigeLearner shape). */
export const FEIGE_LEARNER_SLOT =
  'FeigeLearner: fit(FeigeData { x: rendered observations, labels: class or −1 (unlabelled), classes: K }, seeds) → FeigeModel { encode(x) → { v, qy, r }, decode(y, v) }';

/** Everything the judges see (test rows). */
export interface FeigeEval {
  v: Mat;
  /** r = Σ_k q(k|x) r_k; null when the model has no class embeddings (no-routing). */
  r: Mat | null;
  qy: Mat;
  y: number[];
  theta: number[];
  /** Regression targets of the transformation (cos θ, sin θ and/or t / scale). */
  transform: Mat;
  classes: number;
}

/** The swap experiment: decode(r_{y′}, v(x)) judged by the orbit classifier (class) and by the decoded transformation. */
export interface SwapResult {
  /** Share of decode(r_{y′}, v(x)) that the orbit classifier assigns to y′. */
  classRate: number;
  /** Share whose decoded angle is within `angleTol` of x's angle (rotation worlds), or translation within tol. */
  keepRate: number;
  /** Median absolute angle error (radians), or translation error (template units). */
  medianError: number;
  rows: number;
}

/** One trained trial of the family: evaluation on test data, the training run, and the swap result (null when not run). */
export interface FeigeTrial {
  eval: FeigeEval;
  train: TrainResult;
  swap: SwapResult | null;
  /** A few decoded traversals for the report: per class, decode(r_k, v) along v's principal direction. */
  learnerName: string;
  world: ClassManifoldWorld;
}

/** Wrap an angle to (−π, π]. */
export function wrapAngle(a: number): number {
  let x = a % (2 * Math.PI);
  if (x > Math.PI) x -= 2 * Math.PI;
  if (x <= -Math.PI) x += 2 * Math.PI;
  return x;
}

/**
 * Train `learner` on `count` rows of `process` (its label budget), encode `testCount` fresh rows (under
 * `identify`, recording class 0's transformation targets and v, `recordLatents`), and (when
 * `swapRows` > 0 and the model has embeddings) run the swap experiment on the first `swapRows` test rows:
 * y′ uniform among the other classes, x̂ = decode(y′, v(x)), judged by the learner-independent orbit classifier.
 */
export function runFeigeTrial(
  process: ClassManifoldProcess,
  learner: FeigeLearner,
  opts: { count: number; testCount: number; seed: number; attempt?: number; swapRows?: number; angleTol?: number },
): FeigeTrial {
  const world = buildWorld(process);
  const rng = new Rng(opts.seed);
  const data = classManifoldData(world, opts.count, rng.child('data'));
  const test = classManifoldData(world, opts.testCount, rng.child('test'), 0);
  const attempt = opts.attempt ?? 0;
  const base = attempt === 0 ? deriveSeed(opts.seed, 'train') : deriveSeed(opts.seed, 'train', 'attempt', attempt);
  const model = learner.fit(learnerView(data), { init: new Rng(deriveSeed(base, 'init')), batching: new Rng(deriveSeed(base, 'batching')) });
  try {
    const e = model.encode(test.x);
    const ev: FeigeEval = { v: e.v, r: e.r, qy: e.qy, y: test.y, theta: test.theta, transform: test.transform, classes: test.classes };
    // identify reads the map from the transformation targets to v within one class (class 0's test rows): v is
    // claimed to carry the group coordinate only up to a per-class reparametrisation (feige2019.exact).
    const own = test.y.flatMap((k, i) => (k === 0 ? [i] : []));
    recordLatents(opts.seed, attempt, pick(test.transform, own), pick(e.v, own), model.train, (_s, streams) => {
      const more = learner.fit(learnerView(data), streams);
      try {
        return { zhat: pick(more.encode(test.x).v, own), train: more.train };
      } finally {
        more.dispose();
      }
    });
    let swap: SwapResult | null = null;
    const rows = Math.min(opts.swapRows ?? 0, test.x.length);
    if (rows > 0 && model.embeddings) {
      const K = test.classes;
      const sr = rng.child('swap');
      const yp = test.y.slice(0, rows).map((k) => (k + 1 + sr.int(K - 1)) % K);
      const xhat = model.decode(yp, e.v.slice(0, rows));
      const judged = orbitClassifier(world)(xhat);
      const tol = opts.angleTol ?? Math.PI / 9;
      const errs = judged.map((j, i) => (world.hasRotation ? Math.abs(wrapAngle(j.theta - test.theta[i])) : Math.hypot(j.t[0] - test.t[i][0], j.t[1] - test.t[i][1])));
      const sorted = [...errs].sort((a, b) => a - b);
      swap = {
        classRate: judged.filter((j, i) => j.y === yp[i]).length / rows,
        keepRate: errs.filter((x) => x <= tol).length / rows,
        medianError: sorted[Math.floor(rows / 2)],
        rows,
      };
    }
    return { eval: ev, train: model.train, swap, learnerName: learner.name, world };
  } finally {
    model.dispose();
  }
}

/** Test rows split in halves (first half fits, second half is scored), optionally within one class. */
function halves(idx: number[]): [number[], number[]] {
  const h = Math.floor(idx.length / 2);
  return [idx.slice(0, h), idx.slice(h)];
}

const pick = (m: Mat, idx: number[]) => idx.map((i) => m[i]);

/** Held-out kNN R² of `targets` from v with ONE regressor fitted on all classes pooled. */
export function pooledR2(ev: FeigeEval, targets: Mat = ev.transform, k = 10): number {
  const [a, b] = halves(ev.v.map((_, i) => i));
  return knnRegressionR2(pick(ev.v, a), pick(targets, a), pick(ev.v, b), pick(targets, b), Math.min(k, a.length));
}

/** Held-out kNN R² of `targets` from v within each class (one regressor per class). */
export function perClassR2(ev: FeigeEval, targets: Mat = ev.transform, k = 10): number[] {
  return Array.from({ length: ev.classes }, (_, c) => {
    const idx = ev.y.map((y, i) => (y === c ? i : -1)).filter((i) => i >= 0);
    const [a, b] = halves(idx);
    if (a.length < 2 || b.length < 1) throw new InputError('testCount', ev.y.length, `enough test rows for ≥ 2 per class half (class ${c} has ${idx.length})`);
    return knnRegressionR2(pick(ev.v, a), pick(targets, a), pick(ev.v, b), pick(targets, b), Math.min(k, a.length));
  });
}

/** Held-out kNN accuracy of the class from v, with its 95 % Clopper–Pearson interval and chance 1/K. */
export function vClassAccuracy(ev: FeigeEval, k = 15): { accuracy: number; interval: [number, number]; chance: number } {
  const [a, b] = halves(ev.v.map((_, i) => i));
  const acc = knnClassifierAccuracy(pick(ev.v, a), a.map((i) => ev.y[i]), pick(ev.v, b), b.map((i) => ev.y[i]), Math.min(k, a.length));
  return { accuracy: acc, interval: clopperPearson(Math.round(acc * b.length), b.length), chance: 1 / ev.classes };
}

/** Per test row: does argmax q(y | x) name the true class? */
function classifiedRight(ev: FeigeEval): boolean[] {
  return ev.qy.map((q, i) => q.indexOf(Math.max(...q)) === ev.y[i]);
}

/** Accuracy of argmax q(y | x). */
export function classifierAccuracy(ev: FeigeEval): number {
  return classifiedRight(ev).filter(Boolean).length / ev.y.length;
}

/** Within-class share of r's variance over all test rows (0 = invariant); 1 when there is no r. */
export function rWithinShare(ev: FeigeEval): number {
  return ev.r ? withinGroupVarianceShare(ev.r, ev.y) : 1;
}

/**
 * Within-class share of r's variance over the rows that argmax q(y|x) classifies right (0 = invariant); 1 when
 * there is no r or no such row. r = Σ_k q(k|x) r_k sits at another class's embedding on a misclassified row, so
 * over all rows the share counts the classifier's errors a second time (≈ 2.4 × the error rate, measured);
 * on the correct rows it measures only what invariance is about: r moving with x within its class (a posterior
 * that is right but not confident, or an r that reads the transformation).
 */
export function rWithinShareCorrect(ev: FeigeEval): number {
  if (!ev.r) return 1;
  const keep = classifiedRight(ev);
  const r = ev.r.filter((_, i) => keep[i]);
  return r.length > 0 ? withinGroupVarianceShare(r, ev.y.filter((_, i) => keep[i])) : 1;
}

/** (cos mθ, sin mθ) targets. */
export function harmonicTargets(theta: number[], m: number): Mat {
  return theta.map((t) => [Math.cos(m * t), Math.sin(m * t)]);
}
