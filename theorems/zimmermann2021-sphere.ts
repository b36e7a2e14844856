/**
 * Zimmermann, Sharma, Schneider, Bethge & Brendel (2021) — contrastive learning inverts the data-generating
 * process: latents uniform on the sphere Sⁿ⁻¹, positive pairs from a von Mises–Fisher conditional
 * p(s̃ | s) ∝ exp(κ sᵀs̃), negatives from the (uniform) marginal, x = g(s) with g invertible. An encoder
 * normalised to the sphere that minimises InfoNCE with the matching critic κ f(x)ᵀf(x̃) recovers s up to an
 * orthogonal map (theory.md §3, the special case δ = ‖·‖², τ = 2/κ on the sphere of Matthes et al. 2023).
 *
 * Exact: with the oracle encoder f* = g⁻¹, every orthogonal map leaves the loss unchanged on a fixed batch and
 * a non-orthogonal linear map (followed by the normalisation) raises it. Trained: the learner of
 * src/contrastive/learner.ts with `sphere: true` (which warms up on the unnormalised critic, see there).
 */
import fc from 'fast-check';
import { defineTheorem } from '../src/theorem/define.ts';
import type { Mat } from '../src/core/matrix.ts';
import { Rng } from '../src/rng/rng.ts';
import { buildMixing } from '../src/generators/mixing.ts';
import type { MixingParams } from '../src/generators/types.ts';
import { orthogonalClass } from '../src/classes/index.ts';
import { randomOrthogonal } from '../src/classes/random.ts';
import { ruleByProfile } from '../src/stats/rule.ts';
import { r4 } from '../src/theorem/trial.ts';
import type { ProfileName } from '../src/theorem/profile.ts';
import type { TrialOutcome } from '../src/theorem/types.ts';
import { contrastiveLearner } from '../src/contrastive/learner.ts';
import { oracleBatch, oracleLoss } from '../src/contrastive/oracle.ts';
import { sampleMarginal } from '../src/contrastive/process.ts';
import type { ContrastiveProcess } from '../src/contrastive/types.ts';
import { CONTRASTIVE_LEARNER_SLOT, runContrastiveTrial, trialArtifacts, withEstimationNoise } from '../src/contrastive/trial.ts';
import { judgeOrthogonal } from './matthes2023-trained.ts';

const SETTINGS: Record<ProfileName, { samples: number; test: number; steps: number; batch: number; hidden: number[]; dims: number[] }> = {
  quick: { samples: 10000, test: 2000, steps: 1000, batch: 256, hidden: [32, 32], dims: [3] },
  full: { samples: 20000, test: 4000, steps: 2000, batch: 512, hidden: [64, 64], dims: [3, 4] },
};

/** Batch of the exact checks (1024 anchors × 1024 negatives). */
const EXACT_BATCH = 1024;

const TOL = {
  invariance: {
    value: 1e-5,
    why: 'Orthogonal maps preserve sᵀs̃ exactly; the float32 loss changes by round-off only (measured ≤ 5e-7 relative).',
  },
  raise: {
    value: 1e-3,
    why: 'A volume-preserving stretch by e^{±0.3} or more, then normalised, raises InfoNCE by ≥ 0.02 nats on 1024 × 1024 pairs (paired difference, sd ≈ 0.005): 1e-3 is ≥ 20× below that and far above round-off.',
  },
  r2: { value: 0.9, why: 'As in matthes2023.contrastive.trained.' },
  orthogonalResidual: { value: 0.1, why: 'As in matthes2023.contrastive.trained.' },
} as const;

interface World {
  n: number;
  kappa: number;
  mixing: MixingParams;
  seed: number;
}

/** Exact checks take any slope (the oracle inverts g exactly); the trained property uses 0.3 or 0.5, as matthes2023.contrastive.trained. */
const mixingArb = (n: number, maxLayers: number, slopes: number[]): fc.Arbitrary<MixingParams> =>
  fc.record({
    kind: fc.constant('leaky-relu-mlp' as const),
    n: fc.constant(n),
    layers: fc.integer({ min: 1, max: maxLayers }),
    negativeSlope: fc.constantFrom(...slopes),
    maxCondition: fc.constant(20),
    seed: fc.noShrink(fc.integer()),
  });

const worldArb = (dims: number[], maxLayers: number, slopes = [0.3, 0.5]): fc.Arbitrary<World> =>
  fc.constantFrom(...dims).chain((n) => fc.record({ n: fc.constant(n), kappa: fc.constantFrom(10, 5, 20), mixing: mixingArb(n, maxLayers, slopes), seed: fc.noShrink(fc.integer()) }));

const sphereOf = (w: World): ContrastiveProcess => ({ n: w.n, space: { kind: 'sphere' }, marginal: { kind: 'uniform' }, conditional: { kind: 'vmf', kappa: w.kappa } });

const linear = (a: Mat) => (z: Mat): Mat => z.map((row) => a.map((ai) => ai.reduce((s, v, k) => s + v * row[k], 0)));

/** Q₁ diag(e^{tᵢ}) Q₂, Σt = 0, max|t| ∈ [0.3, 0.6]. */
function stretch(n: number, rng: Rng, lo = 0.3, hi = 0.6): Mat {
  const big = rng.range(lo, hi);
  const t = Array.from({ length: n }, (_, i) => (i === 0 ? big : i === 1 ? -big : 0));
  const q1 = randomOrthogonal(rng, n);
  const q2 = randomOrthogonal(rng, n);
  return q1.map((row) => q2[0].map((_, j) => row.reduce((s, v, k) => s + v * Math.exp(t[k]) * q2[k][j], 0)));
}

function exactPair(w: World, map: (z: Mat) => Mat) {
  const batch = oracleBatch(sphereOf(w), buildMixing(w.mixing), EXACT_BATCH, new Rng(w.seed).child('batch'), { sphere: true });
  const base = oracleLoss(batch, 'infonce');
  return { base, diff: oracleLoss(batch, 'infonce', map) - base };
}

function trainSphere(w: World, profile: ProfileName, learner?: import('../src/learners/types.ts').Learner<any>, attempt = 0) {
  const s = SETTINGS[profile];
  const l = contrastiveLearner({
    loss: 'infonce',
    alpha: 2,
    tau: 2 / w.kappa,
    sphere: true,
    negatives: 'in-batch',
    hidden: s.hidden,
    train: { steps: s.steps, batchSize: s.batch, learningRate: 3e-3, evalEvery: 50 },
  });
  return runContrastiveTrial(sphereOf(w), w.mixing, l, { count: s.samples, testCount: s.test, seed: w.seed, override: learner, attempt });
}

const oracleLatents = (w: World, rng: Rng) => sampleMarginal(sphereOf(w), 1000, rng.child('test'));
const unit = (m: Mat) => m.map((r) => {
  const l = Math.hypot(...r);
  return r.map((v) => v / l);
});

export default defineTheorem({
  id: 'zimmermann2021.sphere',
  title: 'Contrastive learning inverts the data-generating process on the sphere (vMF pairs, InfoNCE, normalised encoder)',
  citation: {
    authors: 'Roland S. Zimmermann, Yash Sharma, Steffen Schneider, Matthias Bethge, Wieland Brendel',
    year: 2021,
    title: 'Contrastive Learning Inverts the Data Generating Process',
    venue: 'ICML 2021',
    where: 'Theorems 1–2 (hypersphere, vMF conditional, InfoNCE)',
  },
  claim:
    'For s uniform on Sⁿ⁻¹, s̃ | s ~ vMF(s, κ) and x = g(s) with g injective, an encoder f: X → Sⁿ⁻¹ minimising InfoNCE with critic κ f(x)ᵀf(x̃) (negatives from the marginal) satisfies f∘g = orthogonal map.',
  assumptions: [
    { id: 'sphere-vmf', statement: 'Latents uniform on Sⁿ⁻¹ (n = 3 quick; 3–4 full), vMF concentration κ ∈ {5, 10, 20}, critic temperature matched (τ = 2/κ in δ = ‖·‖² form).' },
    { id: 'in-batch-negatives', statement: 'Trained with the batch’s other positives as negatives: vMF preserves the uniform marginal, so they are marginal draws.' },
    { id: 'mixing', statement: 'g: conditioned leaky-ReLU MLP, 1–2 hidden layers and slope 0.3 or 0.5 (trained), 1–3 layers and slope 0.2–0.5 (exact).' },
  ],
  learner: {
    name: 'contrastive learner, sphere-normalised: MLP n → 32 → 32 → n (quick) / 64 → 64 (full) with linear skip; first half of the steps on the unnormalised critic (warm-up), then normalised; Adam 3e-3, batch 256 (quick) / 512 (full)',
    objective: 'InfoNCE with critic −‖f(x) − f(x̃)‖²/τ = κ f(x)ᵀf(x̃) − κ, f normalised to the unit sphere',
  },
  predictedClass: { name: 'orthogonal (rotations and reflections)', classId: 'orthogonal' },
  controls: ['A non-orthogonal linear map followed by the normalisation raises the loss (exact).'],
  tolerances: TOL,
  properties: [
    {
      id: 'orthogonal-invariant',
      kind: 'exact',
      role: 'positive',
      statement: 'The oracle composed with any orthogonal map has the same InfoNCE loss on the same batch (relative change ≤ 1e-5).',
      statisticName: '|L(Q∘f*) − L(f*)| / (1 + |L(f*)|)',
      threshold: TOL.invariance.value,
      direction: 'at-most',
      numRuns: { quick: 8, full: 60 },
      arbitrary: () => worldArb([3, 4, 5], 3, [0.2, 0.3, 0.5]),
      check: (w: World): TrialOutcome => {
        const r = exactPair(w, linear(randomOrthogonal(new Rng(w.seed).child('map'), w.n)));
        const rel = Math.abs(r.diff) / (1 + Math.abs(r.base));
        return { pass: rel <= TOL.invariance.value, statistic: rel, details: { loss: r.base, change: r.diff } };
      },
      describeWorld: (w: World) => w,
    },
    {
      id: 'non-orthogonal-raises',
      kind: 'exact',
      role: 'positive',
      statement: 'A volume-preserving, non-orthogonal linear map (stretch e^{±t}, t ∈ [0.3, 0.6]) composed with the oracle and normalised raises the InfoNCE loss by ≥ 1e-3.',
      statisticName: 'L(normalise(A∘f*)) − L(f*) (nats)',
      threshold: TOL.raise.value,
      direction: 'at-least',
      numRuns: { quick: 8, full: 60 },
      arbitrary: () => worldArb([3, 4, 5], 3, [0.2, 0.3, 0.5]),
      check: (w: World): TrialOutcome => {
        const r = exactPair(w, linear(stretch(w.n, new Rng(w.seed).child('map'))));
        return { pass: r.diff >= TOL.raise.value, statistic: r.diff, details: { loss: r.base } };
      },
      describeWorld: (w: World) => w,
    },
    {
      id: 'vmf-infonce-orthogonal',
      kind: 'trained',
      role: 'positive',
      statement: 'The sphere-normalised encoder trained with InfoNCE on vMF pairs recovers the latents up to an orthogonal map: linear R² ≥ 0.9 and orthogonal residual ≤ 0.1.',
      statisticName: 'orthogonal (Procrustes) residual of (z, ẑ)',
      threshold: TOL.orthogonalResidual.value,
      direction: 'at-most',
      rule: ruleByProfile([3, 2], [12, 9], 0.9),
      learnerSlot: CONTRASTIVE_LEARNER_SLOT,
      arbitrary: (profile: ProfileName) => worldArb(SETTINGS[profile].dims, 2),
      check: (w: World, profile, ctx) => {
        const t = trainSphere(w, profile, ctx?.learner, ctx?.attempt ?? 0);
        const o = judgeOrthogonal(t.z, t.zhat);
        return {
          ...o,
          details: { ...o.details, steps: t.train.steps, kappa: w.kappa, learner: t.learnerName, finalLoss: r4(t.train.finalLoss) },
          artifacts: trialArtifacts(t.z, t.zhat, orthogonalClass(w.n), [{ label: t.learnerName, train: t.train }]),
        };
      },
      oracle: {
        positive: (w) => {
          const rng = new Rng(w.seed).child('oracle');
          const z = oracleLatents(w, rng);
          return judgeOrthogonal(z, withEstimationNoise(linear(randomOrthogonal(rng, w.n))(z), rng));
        },
        negative: (w) => {
          const rng = new Rng(w.seed).child('oracle');
          const z = oracleLatents(w, rng);
          return judgeOrthogonal(z, withEstimationNoise(unit(linear(stretch(w.n, rng, 0.6, 0.9))(z)), rng));
        },
      },
      identify: { predicted: 'orthogonal' },
      describeWorld: (w: World) => w,
    },
  ],
});
