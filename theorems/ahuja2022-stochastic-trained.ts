/**
 * Ahuja, Hartford & Bengio (2022) — stochastic mechanisms z′ = z + ε, trained learners.
 *
 * A learner that matches the transition density identifies the encoder up to the isometries of the
 * noise kernel (theory.md §2, marked to-confirm): isotropic Gaussian ε → orthogonal + offset (MCC is
 * not identified: two seeds differ by a rotation); factorised Laplace ε → signed permutation + offset
 * (this recovers SlowVAE, Klindt et al. 2021). The isometry class is computed from the noise spec by
 * `isometryClassOfNoise`, so the prediction is not hand-written here.
 */
import fc from 'fast-check';
import { defineTheorem } from '../src/theorem/define.ts';
import { seedStreams } from '../src/rng/rng.ts';
import { buildMixing } from '../src/generators/mixing.ts';
import { observe, samplePrior, stochasticPairs } from '../src/data/index.ts';
import type { NoiseSpec, PriorSpec } from '../src/data/index.ts';
import { transitionLearner } from '../src/learners/index.ts';
import { orthogonalClass, signedPermutationClass } from '../src/classes/index.ts';
import { isometryClassOfNoise } from '../src/groups/index.ts';
import { mcc } from '../src/metrics/index.ts';
import { ruleByProfile } from '../src/stats/rule.ts';
import { TRIAL_OPTIMISER, fitTrial, r4 } from '../src/theorem/trial.ts';
import type { ProfileName } from '../src/theorem/profile.ts';

const SETTINGS: Record<ProfileName, { samples: number; test: number; steps: number; hidden: number[] }> = {
  quick: { samples: 3000, test: 1000, steps: 2500, hidden: [64, 64] },
  full: { samples: 6000, test: 2000, steps: 5000, hidden: [64, 64] },
};

const TOL = {
  classDistance: {
    value: 0.1,
    why: 'Fraction of ẑ variance not explained by the best map in the predicted class; a few per cent after short training, ≥ 10 % means the encoder is outside the class.',
  },
  mcc: { value: 0.9, why: 'A signed permutation gives MCC = 1; 0.9 allows the short quick-profile training.' },
  beyondSignedPermutation: {
    value: 0.05,
    why: 'A rotation by an angle ≥ 13° away from every signed permutation leaves ≥ 5 % unexplained (sin² 13° ≈ 0.05); closer than that, MCC would look identified by chance.',
  },
} as const;

interface World {
  n: number;
  mixingSeed: number;
  seed: number;
}

const worldArb = () => fc.record({ n: fc.constantFrom(2, 3), mixingSeed: fc.noShrink(fc.integer()), seed: fc.noShrink(fc.integer()) });

export function trainTransitions(w: World, noise: NoiseSpec, profile: ProfileName, seeds: number) {
  const s = SETTINGS[profile];
  const prior: PriorSpec = { kind: 'gaussian' };
  const streams = seedStreams(w.seed);
  const mixing = buildMixing({ kind: 'leaky-relu-mlp', n: w.n, layers: 1, negativeSlope: 0.3, maxCondition: 20, seed: w.mixingSeed });
  const data = observe(stochasticPairs({ prior, noise, count: s.samples, n: w.n }, streams.data), mixing);
  const learner = transitionLearner({
    kernel: noise.kind === 'gaussian' ? 'gaussian' : 'laplace',
    objective: 'whitened',
    kernelScale: 1,
    hidden: s.hidden,
    train: { steps: s.steps, ...TRIAL_OPTIMISER },
  });
  return fitTrial(learner, data, mixing, samplePrior(prior, w.n, s.test, streams.data.child('test')), w.seed, seeds);
}

export const GAUSSIAN: NoiseSpec = { kind: 'gaussian', sigma: 0.3 };

export default defineTheorem({
  id: 'ahuja2022.stochastic.trained',
  title: 'Stochastic mechanisms: the noise kernel’s isometries are what remains unidentified',
  citation: {
    authors: 'Kartik Ahuja, Jason Hartford, Yoshua Bengio',
    year: 2022,
    title: 'Properties from mechanisms: an equivariance perspective on identifiable representation learning',
    venue: 'ICLR 2022',
    where: 'stochastic mechanisms; generalises SlowVAE (Klindt et al. 2021)',
  },
  claim:
    'For z′ = z + ε with a known kernel, matching the transition density identifies f∘g up to the isometries of the kernel: orthogonal + offset for isotropic Gaussian ε (checked here), signed permutation + offset for factorised Laplace ε.',
  assumptions: [
    { id: 'kernel-isometries', statement: 'The identified class is the isometry group of the noise kernel (computed by isometryClassOfNoise).', toConfirm: true },
    { id: 'prior', statement: 'z ~ N(0, I); noise scale 0.3; x = g(z) with a 1-layer leaky-ReLU MLP (slope 0.3, condition ≤ 20).' },
    {
      id: 'slowness-objective',
      statement:
        'The learner minimises E‖f(x′) − f(x)‖² with ‖Cov f(x) − I‖² in place of the normaliser; for a Gaussian kernel and prior its optimum is an orthogonal map of z (Gaussian Poincaré inequality: linear functions have the least Dirichlet energy).',
    },
    {
      id: 'laplace-pending',
      statement:
        'The Laplace → signed-permutation half of the claim is not checked here yet: the whitened objective is degenerate for L1 kernels (step features are slower), and the exact-likelihood flow learner (transitionLearner objective "flow") does not yet reach the thresholds in the quick profile.',
    },
  ],
  learner: { name: 'transition-learner, whitened objective (MLP n→64→64→n, Adam 3e-3, batch 256)', objective: 'E‖f(x′) − f(x)‖² + ‖Cov f(x) − I‖²_F / n' },
  predictedClass: { name: 'orthogonal + offset (isometries of the isotropic Gaussian kernel)', classId: 'orthogonal' },
  controls: ['Gaussian transitions: MCC must not be claimed; the recovered latents are a rotation of the truth that is far from every signed permutation in a real share of trials.'],
  tolerances: TOL,
  properties: [
    {
      id: 'gaussian-orthogonal',
      kind: 'trained',
      role: 'positive',
      statement: 'With isotropic Gaussian transitions the trained f∘g is a scaled orthogonal map plus offset: orthogonal-class distance ≤ 0.1.',
      statisticName: 'orthogonal-class distance of (z, ẑ)',
      threshold: TOL.classDistance.value,
      direction: 'at-most',
      rule: ruleByProfile([4, 2], [12, 9], 0.9),
      arbitrary: worldArb,
      check: (w: World, profile) => {
        const predicted = isometryClassOfNoise(GAUSSIAN, w.n);
        const t = trainTransitions(w, GAUSSIAN, profile, 1);
        const d = orthogonalClass(w.n).fit(t.z, t.zhat[0]).distance;
        return { pass: predicted.classId === 'orthogonal' && d <= TOL.classDistance.value, statistic: d, details: { predicted: predicted.classId, mcc: r4(mcc(t.z, t.zhat[0]).value), steps: t.train[0].steps } };
      },
      describeWorld: (w: World) => w,
    },
    {
      id: 'gaussian-mcc-not-identified',
      kind: 'trained',
      role: 'negative-control',
      statement:
        'With Gaussian transitions the trained f∘g stays in the orthogonal class (distance ≤ 0.1) but, in a real share of trials, is ≥ 5 % away from every signed permutation: MCC is not identified.',
      statisticName: 'signed-permutation distance of (z, ẑ)',
      threshold: TOL.beyondSignedPermutation.value,
      direction: 'at-least',
      rule: ruleByProfile([4, 1], [12, 6], 0.7),
      arbitrary: () => fc.record({ n: fc.constant(2), mixingSeed: fc.noShrink(fc.integer()), seed: fc.noShrink(fc.integer()) }),
      check: (w: World, profile) => {
        const t = trainTransitions(w, GAUSSIAN, profile, 1);
        const inClass = orthogonalClass(w.n).fit(t.z, t.zhat[0]).distance;
        const beyond = signedPermutationClass(w.n).fit(t.z, t.zhat[0]).distance;
        return {
          pass: inClass <= TOL.classDistance.value && beyond >= TOL.beyondSignedPermutation.value,
          statistic: beyond,
          details: { orthogonalDistance: r4(inClass), mcc: r4(mcc(t.z, t.zhat[0]).value) },
        };
      },
      describeWorld: (w: World) => w,
    },
  ],
});
