/**
 * Feige (2019) — trained checks of the invariant–equivariant VAE on class manifolds (theory.md §5;
 * src/feige/). One trial: a world (K = 3 random 5-point templates, or C_3 ones; SO(2) on the arc
 * θ ∈ [−3π/4, 3π/4], so each class has a data-defined reference pose; fixed random point-MLP renderer),
 * a dataset with a label budget, one learner, and fresh test rows encoded; the judges see only
 * (v, r, q(y|x), true class, true angle), so the oracle controls (no training) share them.
 *
 * Statistics (src/feige/trial.ts, src/metrics/knn.ts, src/metrics/invariance.ts):
 *   - invariance of r: within-class share of r's variance (0 = constant within each class);
 *   - v → transformation: held-out kNN R² of (cos θ, sin θ) from v — per class (one regressor per class),
 *     and pooled (ONE regressor for all classes: "the same way in every class", up to a class-consistent
 *     reparametrisation);
 *   - v → class: held-out kNN accuracy against chance 1/K, with its Clopper–Pearson interval;
 *   - swap: decode(r_{y′}, v(x)) judged by a learner-independent orbit classifier (nearest noise-free
 *     render over a grid of classes × angles): share classified y′, share within 20° of x's angle.
 *
 * What the exact theorem (feige2019.exact) predicts: the ELBO fixes v only up to a class-DEPENDENT
 * reparametrisation when the decoder may read r — so class consistency is not implied by the objective.
 * The trained properties check what training delivers: r invariant and v equivariant within every class
 * (claimed, rate 0.9), and — as the negative control the exact worked example predicts — a pooled read-out
 * of v that falls short of the per-class one in a real share of trials.
 */
import fc from 'fast-check';
import { defineTheorem } from '../src/theorem/define.ts';
import type { Mat } from '../src/core/matrix.ts';
import { Rng } from '../src/rng/rng.ts';
import { ruleByProfile } from '../src/stats/rule.ts';
import { r4, subsampleCurve } from '../src/theorem/trial.ts';
import type { ProfileName } from '../src/theorem/profile.ts';
import type { CheckContext, TrialOutcome } from '../src/theorem/types.ts';
import { planeGroupParams } from '../src/feige/arbitraries.ts';
import { FEIGE_VARIANTS, feigeLearner } from '../src/feige/learner.ts';
import { InputError } from '../src/core/errors.ts';
import type { FeigeLearner, FeigeVariant } from '../src/feige/learner.ts';
import { buildWorld, classManifoldData } from '../src/feige/process.ts';
import type { ClassManifoldProcess, TemplateSpec } from '../src/feige/types.ts';
import {
  FEIGE_LEARNER_SLOT,
  classifierAccuracy,
  harmonicTargets,
  perClassR2,
  pooledR2,
  rWithinShare,
  rWithinShareCorrect,
  runFeigeTrial,
  vClassAccuracy,
} from '../src/feige/trial.ts';
import type { FeigeEval, FeigeTrial } from '../src/feige/trial.ts';
import { blockClass } from '../src/classes/block.ts';

export const SETTINGS: Record<ProfileName, { samples: number; test: number; steps: number; hidden: number[]; swapRows: number }> = {
  quick: { samples: 1500, test: 900, steps: 1000, hidden: [32, 32], swapRows: 90 },
  full: { samples: 2500, test: 1200, steps: 2000, hidden: [48, 48], swapRows: 150 },
};

/** Learner settings shared by every property (the variant and label budget differ). */
export function learnerFor(variant: FeigeVariant, profile: ProfileName): FeigeLearner {
  const s = SETTINGS[profile];
  return feigeLearner({ variant, vDim: 2, rDim: 8, hidden: s.hidden, decoderSd: 0.1, classWeight: 5, train: { steps: s.steps, batchSize: 128, learningRate: 3e-3, evalEvery: 100 } });
}

const TOL = {
  accuracy: { value: 0.95, why: 'K = 3 well-separated orbits: a trained q(y|x) classifies the test rows perfectly or nearly (measured 0.985–1 with full labels); 0.95 allows a few ambiguous renders.' },
  accuracySemi: { value: 0.9, why: 'With 10 % labels (≈ 50 per class) the classifier is trained by the labelled term plus the unlabelled ELBO; 0.9 is well above chance (0.33) and what the label budget supports in the quick profile.' },
  rWithin: {
    value: 0.05,
    why: 'Within-class share of r’s variance on the test rows that argmax q(y|x) classifies right (misclassified rows are the accuracy criterion’s): r = Σ q(k|x) r_k is constant within a class exactly when q(y|x) is confident there; measured 1e-4–7e-3 over all rows when accuracy ≥ 0.98. An r that reads the angle (oracle r-reads-angle: r_y plus 3 (cos θ, sin θ) on two coordinates, the embeddings’ scale) fails it (tests/feige/rInvariance.test.ts). History: until 2026-12-07 the share was taken over all rows, which counts every misclassified row a second time (share ≈ 2.4 × the error rate, correlation 0.91 over 50 audited worlds), so 0.05 demanded accuracy ≥ ≈ 0.98 while the semi-supervised property states 0.9: the audit measured 24/50 against a claimed 0.9, 25 of the 26 failures on this share alone.',
  },
  perClassR2: { value: 0.75, why: 'kNN R² of (cos θ, sin θ) from the 2-D v on ≈ 150 held-out rows per class: ≈ 0.97 for a clean encoder (oracle with noise of sd 0.15 on the unit circle, ≈ 4 % of its variance), 0.9–0.99 measured after training. 0.75 (mean over classes) rejects an encoder that has lost the angle in a class (oracle negative: ≈ 0).' },
  gap: { value: 0.1, why: 'Pooled R² ≤ per-class R² always (one regressor for all classes has less freedom); a class-consistent v loses ≤ 0.03 (oracle), a class-dependent rotation of v loses ≥ 0.3. 0.1 separates the two.' },
  leak: { value: 0.3, why: 'v → class kNN accuracy above chance 1/K by this much: the oracle that puts the classes on concentric circles reaches ≈ 1 − 1/3; a v independent of the class stays within ± 0.06 of chance on 450 held-out rows. The no-routing baseline measured 0.38–0.45 above chance in the quick settings, so 0.3 leaves a margin. (The routed learner leaks about as much — a finding, see src/feige/README.md.)' },
  cyclicFundamental: { value: 0.5, why: 'C_3 templates: cos θ is not a function of x, so its kNN R² from any encoder of x is ≈ 0 (measured ≤ 0.15, oracle ≈ 0); 0.5 still rejects the out-of-class encoder that knows θ (R² ≈ 0.97).' },
  cyclicHarmonic: { value: 0.75, why: 'As perClassR2, for the identifiable (cos 3θ, sin 3θ).' },
  trivial: { value: 0.1, why: 'Under the trivial action x carries no θ: held-out kNN R² of an independent target is ≈ 0 ± 0.05 on 150 rows (negative values are overfitting noise); 0.1 rejects any real information.' },
} as const;

export interface World {
  seed: number;
  processSeed: number;
  points: number;
}

export const worldArb = (): fc.Arbitrary<World> => fc.record({ seed: fc.noShrink(fc.integer()), processSeed: fc.noShrink(fc.integer()), points: fc.integer({ min: 4, max: 6 }) });

/** The class-manifold process of a world (label budget, template and group per property). */
export function processOf(w: World, opts: { labelFraction: number; template?: TemplateSpec; group?: 'rotation' | 'trivial' }): ClassManifoldProcess {
  return {
    classes: 3,
    template: opts.template ?? { kind: 'random', points: w.points },
    group: planeGroupParams(opts.group ?? 'rotation'),
    maxAngle: (3 * Math.PI) / 4,
    renderer: { kind: 'point-mlp', features: 24, hidden: 32 },
    labelFraction: opts.labelFraction,
    seed: w.processSeed,
  };
}

const CYCLIC: TemplateSpec = { kind: 'cyclic', n: 3, orbits: 2 };

function train(w: World, profile: ProfileName, variant: FeigeVariant, proc: ClassManifoldProcess, ctx?: CheckContext): FeigeTrial {
  const s = SETTINGS[profile];
  const plugged = ctx?.learner as unknown as FeigeLearner | undefined;
  if (plugged !== undefined && !(FEIGE_VARIANTS as readonly unknown[]).includes(plugged.variant))
    throw new InputError('learner', plugged.name, `a FeigeLearner (${FEIGE_LEARNER_SLOT})`);
  const learner = plugged ?? learnerFor(variant, profile);
  return runFeigeTrial(proc, learner, { count: s.samples, testCount: s.test, seed: w.seed, attempt: ctx?.attempt, swapRows: s.swapRows });
}

// ------------------------------------------------------------------------------------------------------
// Oracle encoders (no training): test rows of the world and latents of a known kind, plus N(0, 0.15²) noise per coordinate (≈ 4 % of the unit circle’s variance: trained encoders leave 1–10 % unexplained).

type OracleKind = 'consistent' | 'class-dependent' | 'lost-angle' | 'class-circles' | 'harmonic' | 'independent' | 'r-reads-angle';

/** Oracle latents on the world's test rows (see OracleKind); r = r_y + noise, q(y|x) = one-hot. */
export function oracleEval(proc: ClassManifoldProcess, w: World, profile: ProfileName, kind: OracleKind): FeigeEval {
  const world = buildWorld(proc);
  const rng = new Rng(w.seed).child('oracle', kind);
  const test = classManifoldData(world, SETTINGS[profile].test, rng.child('test'), 0);
  const K = test.classes;
  const emb = Array.from({ length: K }, () => Array.from({ length: 4 }, () => 3 * rng.normal()));
  const q = rng.range(-Math.PI, Math.PI);
  const alphas = Array.from({ length: K }, (_, y) => q + (2 * Math.PI * y) / K);
  const rot = (a: number, u: number[]) => [Math.cos(a) * u[0] - Math.sin(a) * u[1], Math.sin(a) * u[0] + Math.cos(a) * u[1]];
  const n = world.stabiliserOrder;
  const v: Mat = test.theta.map((th, i) => {
    const y = test.y[i];
    const base = [Math.cos(th), Math.sin(th)];
    let u: number[];
    switch (kind) {
      case 'consistent':
      case 'r-reads-angle':
        u = rot(q, base);
        break;
      case 'class-dependent':
        u = rot(alphas[y], base);
        break;
      case 'lost-angle':
      case 'independent':
        u = [rng.normal(), rng.normal()];
        break;
      case 'class-circles':
        u = base.map((b) => b * (1 + y));
        break;
      case 'harmonic':
        u = [Math.cos(n * th), Math.sin(n * th)];
        break;
    }
    return u.map((x) => x + 0.15 * rng.normal());
  });
  // r-reads-angle: v is right, but r moves with the angle within its class (3 (cos θ, sin θ) on two coordinates, the embeddings' own scale).
  const r = test.y.map((y, i) => emb[y].map((e, j) => e + 0.01 * rng.normal() + (kind === 'r-reads-angle' && j < 2 ? 3 * test.transform[i][j] : 0)));
  const qy = test.y.map((y) => Array.from({ length: K }, (_, k) => (k === y ? 1 : 0)));
  return { v, r, qy, y: test.y, theta: test.theta, transform: test.transform, classes: K };
}

// ------------------------------------------------------------------------------------------------------
// Judges: from a FeigeEval alone.

/** Judge of the two r-invariant / v-equivariant properties (exported for the tests of its r-invariance half). */
export function judgeInvEq(ev: FeigeEval, minAccuracy: number): TrialOutcome {
  const acc = classifierAccuracy(ev);
  const rw = rWithinShareCorrect(ev);
  const pc = perClassR2(ev);
  const mean = pc.reduce((s, x) => s + x, 0) / pc.length;
  const pass = acc >= minAccuracy && rw <= TOL.rWithin.value && mean >= TOL.perClassR2.value;
  return {
    pass,
    statistic: mean,
    details: { accuracy: r4(acc), rWithinShareCorrect: r4(rw), rWithinShareAll: r4(rWithinShare(ev)), perClassR2Min: r4(Math.min(...pc)), pooledR2: r4(pooledR2(ev)) },
  };
}

function judgeGap(ev: FeigeEval): TrialOutcome {
  const pc = perClassR2(ev);
  const mean = pc.reduce((s, x) => s + x, 0) / pc.length;
  const pooled = pooledR2(ev);
  const va = vClassAccuracy(ev);
  const gap = mean - pooled;
  return { pass: gap >= TOL.gap.value, statistic: gap, details: { perClassR2: r4(mean), pooledR2: r4(pooled), vClassAccuracy: r4(va.accuracy), vClassLo: r4(va.interval[0]), vClassHi: r4(va.interval[1]), chance: r4(va.chance) } };
}

function judgeLeak(ev: FeigeEval): TrialOutcome {
  const va = vClassAccuracy(ev);
  const above = va.accuracy - va.chance;
  return { pass: above >= TOL.leak.value, statistic: above, details: { vClassAccuracy: r4(va.accuracy), lo: r4(va.interval[0]), hi: r4(va.interval[1]), chance: r4(va.chance) } };
}

function judgeCyclic(ev: FeigeEval): TrialOutcome {
  const fund = perClassR2(ev);
  const harm = perClassR2(ev, harmonicTargets(ev.theta, 3));
  const fMax = Math.max(...fund);
  const hMean = harm.reduce((s, x) => s + x, 0) / harm.length;
  return { pass: fMax <= TOL.cyclicFundamental.value && hMean >= TOL.cyclicHarmonic.value, statistic: hMean, details: { fundamentalR2Max: r4(fMax), harmonicR2: r4(hMean) } };
}

function judgeTrivial(ev: FeigeEval): TrialOutcome {
  const pc = perClassR2(ev);
  const m = Math.max(...pc);
  return { pass: m <= TOL.trivial.value, statistic: m, details: { perClassR2: pc.map(r4).join(' ') } };
}

function withTrial(o: TrialOutcome, t: FeigeTrial): TrialOutcome {
  const extra: Record<string, number | string | boolean> = { steps: t.train.steps, finalLoss: r4(t.train.finalLoss), learner: t.learnerName };
  if (t.swap) Object.assign(extra, { swapClassRate: r4(t.swap.classRate), swapKeepRate: r4(t.swap.keepRate), swapMedianAngleError: r4(t.swap.medianError) });
  const rows = Math.min(300, t.eval.v.length);
  return {
    ...o,
    details: { ...o.details, ...extra },
    artifacts: {
      latents: { z: t.eval.transform.slice(0, rows), mapped: t.eval.v.slice(0, rows), className: 'v (uncalibrated) against (cos θ, sin θ)' },
      curves: [{ label: t.learnerName, points: subsampleCurve(t.train.curve) }],
    },
  };
}

const trained = (p: {
  id: string;
  role: 'positive' | 'negative-control';
  statement: string;
  statisticName: string;
  threshold: number;
  direction: 'at-least' | 'at-most';
  rate: number;
  variant: FeigeVariant;
  proc: (w: World) => ClassManifoldProcess;
  judge: (ev: FeigeEval) => TrialOutcome;
  positive: OracleKind;
  negative: OracleKind;
  /** Predicted class for identify (the map from class 0's (cos θ, sin θ) to v). */
  predicted: 'block' | 'none';
}) => ({
  id: p.id,
  kind: 'trained' as const,
  role: p.role,
  statement: p.statement,
  statisticName: p.statisticName,
  threshold: p.threshold,
  direction: p.direction,
  rule: p.rate === 0.9 ? ruleByProfile([3, 2], [6, 4], 0.9) : ruleByProfile([3, 1], [6, 2], 0.7),
  learnerSlot: FEIGE_LEARNER_SLOT,
  arbitrary: () => worldArb(),
  check: (w: World, profile: ProfileName, ctx?: CheckContext) => {
    const t = train(w, profile, p.variant, p.proc(w), ctx);
    return withTrial(p.judge(t.eval), t);
  },
  oracle: {
    positive: (w: World, profile: ProfileName) => p.judge(oracleEval(p.proc(w), w, profile, p.positive)),
    negative: (w: World, profile: ProfileName) => p.judge(oracleEval(p.proc(w), w, profile, p.negative)),
  },
  // identify: within class 0, v is a smooth function of the angle (one block of size 2, kernel regressor) — the
  // decoder is an MLP, so no finer class is predicted; with the trivial action v carries nothing of θ ('none').
  // The class fit reads ẑ from z only: for C_3 templates v = f(3θ) is such a function too, although θ is not
  // recoverable from v (the property's own check measures that direction).
  identify: { predicted: p.predicted, classes: () => [blockClass({ blocks: [2] })] },
  describeWorld: (w: World) => w,
});

export default defineTheorem({
  id: 'feige2019.trained',
  title: 'Invariant–equivariant VAE on class manifolds: what training recovers (supervised and semi-supervised)',
  citation: {
    authors: 'Ilya Feige',
    year: 2019,
    title: 'Invariant-equivariant representation learning for multi-class data',
    venue: 'arXiv:1902.03251',
    where: 'Sections 2–4 (model, semi-supervised ELBO, experiments on rotated digits)',
  },
  claim:
    'Routing the class only through q(y|x) and embeddings r_y, and giving v a class-agnostic N(0, I) prior, makes r invariant within each class and v carry the transformation the same way in every class, with no class information in v.',
  assumptions: [
    { id: 'worlds', statement: 'K = 3 random 4–6-point templates (C_3 templates with 2 orbits for the stabiliser control), SO(2) on θ ∈ [−3π/4, 3π/4], fixed random point-MLP renderer R² → R^24 averaged over points; 1500 training rows (2500 full), 900 test rows (1200 full).' },
    { id: 'label-budget', statement: 'Supervised: every label; semi-supervised: 10 % of the labels, stratified by class.' },
    { id: 'arc', statement: 'The arc (not the full circle) gives every class a data-defined reference pose: on the full circle the data are invariant under rotating one class’s template, so "the same way in every class" would have no meaning.' },
  ],
  learner: {
    name: 'routed VAE (src/feige/learner.ts): encoder 24 → 32 → 32 → [3 logits | μ_v | log σ²_v] (48 → 48 full), v ∈ R², r_y ∈ R⁸, decoder [r_y, v] → 32 → 32 → 24; σ_x = 0.1 (standardised), α = 5, Adam 3e-3, batch 128, 1000 steps (2000 full); baselines: no-routing VAE, M2',
    objective: '−ELBO / D with the exact sum over y for unlabelled rows + α · cross-entropy on labelled rows',
  },
  predictedClass: { name: 'r: constant per class; v: the group coordinate up to a per-class reparametrisation (the ELBO cannot fix a class-consistent one, feige2019.exact)' },
  controls: [
    'v is not class-consistent in a real share of trials: one pooled regressor falls short of per-class ones (the objective allows class-dependent reparametrisations).',
    'Removing the routing leaks the class into v.',
    'C_n templates: θ unidentifiable, (cos nθ, sin nθ) identifiable.',
    'A transformation that does not change x identifies nothing.',
  ],
  tolerances: TOL,
  properties: [
    trained({
      id: 'supervised-r-invariant-v-equivariant',
      role: 'positive',
      statement: 'Supervised (all labels): q(y|x) accuracy ≥ 0.95, r invariant within classes (within-class share of r’s variance ≤ 0.05 on the rows q(y|x) classifies right; the errors are the accuracy criterion’s), and v carries the angle within every class (mean per-class kNN R² of (cos θ, sin θ) ≥ 0.75).',
      statisticName: 'mean per-class kNN R² of (cos θ, sin θ) from v',
      threshold: TOL.perClassR2.value,
      direction: 'at-least',
      rate: 0.9,
      variant: 'routed',
      proc: (w) => processOf(w, { labelFraction: 1 }),
      predicted: 'block',
      judge: (ev) => judgeInvEq(ev, TOL.accuracy.value),
      positive: 'consistent',
      negative: 'lost-angle',
    }),
    trained({
      id: 'semi-supervised-r-invariant-v-equivariant',
      role: 'positive',
      statement: 'Semi-supervised (10 % labels): accuracy ≥ 0.9, r invariant within classes (share ≤ 0.05 on the correctly classified rows), v carries the angle within every class (mean per-class R² ≥ 0.75).',
      statisticName: 'mean per-class kNN R² of (cos θ, sin θ) from v',
      threshold: TOL.perClassR2.value,
      direction: 'at-least',
      rate: 0.9,
      variant: 'routed',
      proc: (w) => processOf(w, { labelFraction: 0.1 }),
      predicted: 'block',
      judge: (ev) => judgeInvEq(ev, TOL.accuracySemi.value),
      positive: 'consistent',
      negative: 'lost-angle',
    }),
    trained({
      id: 'v-class-dependent-reparametrisation',
      role: 'negative-control',
      statement: 'Control the exact worked example predicts (supervised): one pooled regressor from v to (cos θ, sin θ) falls short of the per-class regressors by ≥ 0.1 R² in a real share of trials — v is identified only up to a class-dependent reparametrisation (swap and v → class numbers in the details).',
      statisticName: 'mean per-class R² − pooled R² of (cos θ, sin θ) from v',
      threshold: TOL.gap.value,
      direction: 'at-least',
      rate: 0.7,
      variant: 'routed',
      proc: (w) => processOf(w, { labelFraction: 1 }),
      predicted: 'block',
      judge: judgeGap,
      positive: 'class-dependent',
      negative: 'consistent',
    }),
    trained({
      id: 'no-routing-leaks-class',
      role: 'negative-control',
      statement: 'Without the routing (decoder sees v only), v carries the class: kNN accuracy of y from v ≥ chance + 0.3.',
      statisticName: 'kNN accuracy of y from v − 1/K',
      threshold: TOL.leak.value,
      direction: 'at-least',
      rate: 0.9,
      variant: 'no-routing',
      proc: (w) => processOf(w, { labelFraction: 1 }),
      predicted: 'block',
      judge: judgeLeak,
      positive: 'class-circles',
      negative: 'consistent',
    }),
    trained({
      id: 'cyclic-template-angle-mod-stabiliser',
      role: 'negative-control',
      statement: 'C_3-symmetric templates (supervised): θ is not identified (max per-class R² of (cos θ, sin θ) ≤ 0.5) but (cos 3θ, sin 3θ) is (mean per-class R² ≥ 0.75).',
      statisticName: 'mean per-class kNN R² of (cos 3θ, sin 3θ) from v',
      threshold: TOL.cyclicHarmonic.value,
      direction: 'at-least',
      rate: 0.9,
      variant: 'routed',
      proc: (w) => processOf(w, { labelFraction: 1, template: CYCLIC }),
      predicted: 'block',
      judge: judgeCyclic,
      positive: 'harmonic',
      negative: 'consistent',
    }),
    trained({
      id: 'trivial-action-identifies-nothing',
      role: 'negative-control',
      statement: 'A transformation that does not change x (trivial action, nominal θ drawn): v carries nothing about θ (max per-class kNN R² ≤ 0.1).',
      statisticName: 'max per-class kNN R² of (cos θ, sin θ) from v',
      threshold: TOL.trivial.value,
      direction: 'at-most',
      rate: 0.9,
      variant: 'routed',
      proc: (w) => processOf(w, { labelFraction: 1, group: 'trivial' }),
      predicted: 'none',
      judge: judgeTrivial,
      positive: 'independent',
      negative: 'consistent',
    }),
  ],
});
