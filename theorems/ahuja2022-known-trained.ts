/**
 * Ahuja, Hartford & Bengio (2022) — known mechanisms, trained learners.
 *
 * An MLP encoder is trained on pairs (g(z), g(m_k(z))) with the known-mechanism objective. The theory
 * predicts f∘g in the shared equivariances of the mechanisms; for linear mechanisms whose nonlinear
 * centralizer is linear (here: n diagonal maps with distinct, unrelated eigenvalues) that is the linear
 * centralizer, and for known translations along every axis it is identity + offset (MCC ≈ 1, the
 * authors' sparse-perturbation template). Negative controls: with {I}, {R(π)} the centralizer is every
 * linear map, with R(θ) ⊕ R(θ) it mixes the two copies; two training seeds then disagree by a non-trivial
 * element of the centralizer, which the narrower statistic detects.
 */
import fc from 'fast-check';
import { defineTheorem } from '../src/theorem/define.ts';
import type { Mat } from '../src/core/matrix.ts';
import { blockDiag, identity } from '../src/core/matrix.ts';
import { Rng, seedStreams } from '../src/rng/rng.ts';
import { buildMechanismSet, rotation2 } from '../src/generators/mechanisms.ts';
import { buildMixing } from '../src/generators/mixing.ts';
import type { MixingParams } from '../src/generators/types.ts';
import { mechanismPairs, observe, samplePrior } from '../src/data/index.ts';
import type { PriorSpec } from '../src/data/index.ts';
import { mechanismLearner } from '../src/learners/index.ts';
import { affineClass, centralizerClass, permutationScalingClass } from '../src/classes/index.ts';
import { commutationResidual, distanceToCentralizer, centralizerBasis } from '../src/linalg/centralizer.ts';
import { mcc } from '../src/metrics/index.ts';
import { ruleByProfile } from '../src/stats/rule.ts';
import { TRIAL_OPTIMISER, fitTrial, r4 } from '../src/theorem/trial.ts';
import type { ProfileName } from '../src/theorem/profile.ts';

/** Training settings per profile: small in `quick` (CI), larger in `full`. */
const SETTINGS: Record<ProfileName, { samples: number; test: number; steps: number; hidden: number[] }> = {
  quick: { samples: 2000, test: 1000, steps: 2500, hidden: [64, 64] },
  full: { samples: 4000, test: 2000, steps: 5000, hidden: [64, 64] },
};

const TOL = {
  centralizerDistance: {
    value: 0.1,
    why: 'Fraction of ẑ variance not explained by the best map in the linear centralizer. Training noise and a finite MLP leave a few per cent; ≥ 10 % unexplained means the encoder is not a centralizer map.',
  },
  commutation: {
    value: 0.1,
    why: 'Relative commutator ‖AM − MA‖/(‖A‖‖M‖) of the fitted affine map: ~0.01–0.05 after training, while a generic map (e.g. a rotation against distinct scalings) gives ≳ 0.2.',
  },
  mcc: {
    value: 0.95,
    why: 'Axis translations identify each latent up to offset; the template reports MCC ≈ 0.9999 with long training. 0.95 allows the short quick-profile training.',
  },
  disagreement: {
    value: 0.1,
    why: 'Two seeds whose encoders differ only by the narrower class would leave < 1 % unexplained; ≥ 10 % unexplained by the narrower class is a clear, non-trivial disagreement.',
  },
} as const;

const SLOPE_MIXING = (n: number, seed: number): MixingParams => ({ kind: 'leaky-relu-mlp', n, layers: 2, negativeSlope: 0.3, maxCondition: 20, seed });

/** n + 1 diagonal mechanisms: magnitudes from the distinct-diagonal family, signs so that each coordinate is negated by some mechanism. */
function signedDiagonals(n: number, seed: number) {
  const base = buildMechanismSet({ family: 'distinct-diagonal', n, count: n + 1, seed });
  const rng = new Rng(seed).child('signs');
  const signs = base.mechanisms.map(() => Array.from({ length: n }, () => rng.sign()));
  for (let j = 0; j < n; j++) if (signs.every((row) => row[j] > 0)) signs[rng.int(signs.length)][j] = -1;
  const mechanisms = base.mechanisms.map((m, k) => m.map((row, i) => row.map((v) => v * signs[k][i])));
  return { mechanisms, description: mechanisms.map((m) => `diag(${m.map((row, i) => row[i].toFixed(2)).join(', ')})`).join('; ') };
}

interface World {
  n: number;
  mixingSeed: number;
  seed: number;
}

const worldArb = (ns: number[]) =>
  fc.record({ n: fc.constantFrom(...ns), mixingSeed: fc.noShrink(fc.integer()), seed: fc.noShrink(fc.integer()) });

/** Train on pairs under known linear mechanisms; `seeds` training runs on the same data. */
function trainLinear(w: World, mechanisms: Mat[], profile: ProfileName, prior: PriorSpec, seeds: number) {
  const s = SETTINGS[profile];
  const streams = seedStreams(w.seed);
  const mixing = buildMixing(SLOPE_MIXING(w.n, w.mixingSeed));
  const data = observe(mechanismPairs({ prior, mechanisms, count: s.samples }, streams.data), mixing);
  const learner = mechanismLearner({
    mechanisms: { kind: 'known-linear', matrices: mechanisms },
    hidden: s.hidden,
    train: { steps: s.steps, ...TRIAL_OPTIMISER },
  });
  return fitTrial(learner, data, mixing, samplePrior(prior, w.n, s.test, streams.data.child('test')), w.seed, seeds);
}

/** Relative distance of the affine map between two seeds' latents to a narrower subspace of linear maps. */
function seedDisagreement(zhat1: Mat, zhat2: Mat, narrow: Mat[]) {
  const a = affineClass(zhat1[0].length).fit(zhat1, zhat2);
  return { a: a.map.affine!.a, affineDistance: a.distance, distance: distanceToCentralizer(a.map.affine!.a, narrow) };
}

export default defineTheorem({
  id: 'ahuja2022.known.trained',
  title: 'Known mechanisms: trained encoders land in the shared equivariances',
  citation: {
    authors: 'Kartik Ahuja, Jason Hartford, Yoshua Bengio',
    year: 2022,
    title: 'Properties from mechanisms: an equivariance perspective on identifiable representation learning',
    venue: 'ICLR 2022',
    where: 'known-mechanism identification (§3) and the sparse-perturbation experiments',
  },
  claim:
    'Minimising E‖f(x′) − m_k(f(x))‖² over encoders identifies f∘g up to the equivariances shared by the known mechanisms: the linear centralizer for generic linear mechanisms, identity + offset for translations along every axis.',
  assumptions: [
    { id: 'known-mechanisms', statement: 'Each pair carries the index k of its known mechanism.' },
    { id: 'invertible-mixing', statement: 'x = g(z), g a 2-layer leaky-ReLU MLP (slope 0.3) with weight condition numbers ≤ 20.' },
    { id: 'anti-collapse', statement: 'Linear mechanisms: the covariance penalty ‖Cov f(x) − I‖² fixes scale and rank; translations fix the scale themselves.' },
    {
      id: 'nonlinear-centralizer-is-linear',
      statement:
        'The positive property uses n + 1 diagonal mechanisms with independent magnitudes in [0.5, 2.5] and signs such that every coordinate is negated by at least one mechanism. Positive diagonal maps are not enough, because their nonlinear centralizer is larger than the linear one: (i) they preserve orthants, so orthant-wise scalings h_i(z) = z_i·c_i(orthant of z) commute with all of them; (ii) K ≤ n of them generate a lattice in log-coordinates, so log-periodic warps survive; (iii) for K < n the power maps sign(z_i) Π_j |z_j|^{E_ij} with Σ_j E_ij log d_kj = log d_ki commute too. Measured in the full profile with positive diagonals: 6 of 12 trials (all n = 3) landed on such nonlinear equivariances, with K = 2 and with K = n. Sign flips remove (i), K = n + 1 generic magnitudes remove (ii) and (iii).',
      toConfirm: true,
    },
  ],
  learner: { name: 'mechanism-learner (MLP n→64→64→n, Adam 3e-3, batch 256)', objective: 'E‖f(x′) − m_k(f(x))‖² + ‖Cov f(x) − I‖²_F / n' },
  predictedClass: { name: 'linear centralizer of {M_k}; identity + offset for axis translations', classId: 'centralizer' },
  controls: [
    '{I} and {R(π)}: every linear map commutes, so two seeds disagree by a map far from permutation + scaling.',
    'R(θ) ⊕ R(θ): the centralizer mixes the two copies; two seeds disagree by a centralizer element outside the block-diagonal (no-mixing) subspace.',
  ],
  tolerances: TOL,
  properties: [
    {
      id: 'linear-centralizer-recovered',
      kind: 'trained',
      role: 'positive',
      statement:
        'With n + 1 known diagonal mechanisms (distinct eigenvalues, generic magnitudes, every coordinate negated by at least one) under a nonlinear mixing, the trained f∘g is a linear centralizer map: centralizer distance ≤ 0.1 and commutation residual ≤ 0.1.',
      statisticName: 'centralizer-class distance of (z, ẑ)',
      threshold: TOL.centralizerDistance.value,
      direction: 'at-most',
      rule: ruleByProfile([4, 2], [12, 9], 0.9),
      arbitrary: () => worldArb([2, 3]),
      check: (w: World, profile) => {
        const set = signedDiagonals(w.n, w.seed);
        const t = trainLinear(w, set.mechanisms, profile, { kind: 'gaussian' }, 1);
        const fit = centralizerClass(set.mechanisms).fit(t.z, t.zhat[0]);
        const free = affineClass(w.n).fit(t.z, t.zhat[0]);
        const comm = commutationResidual(free.map.affine!.a, set.mechanisms);
        return {
          pass: fit.distance <= TOL.centralizerDistance.value && comm <= TOL.commutation.value,
          statistic: fit.distance,
          details: { mechanisms: set.description, commutationResidual: r4(comm), affineDistance: r4(free.distance), steps: t.train[0].steps },
        };
      },
      describeWorld: (w: World) => w,
    },
    {
      id: 'axis-translations-mcc',
      kind: 'trained',
      role: 'positive',
      statement: 'With known translations z + δ e_k along every axis (correlated Gaussian z, the sparse-perturbation template at small n), the trained latents match the true ones coordinate-wise: MCC ≥ 0.95.',
      statisticName: 'MCC (Pearson)',
      threshold: TOL.mcc.value,
      direction: 'at-least',
      rule: ruleByProfile([4, 2], [12, 9], 0.9),
      arbitrary: () => worldArb([3, 4]),
      check: (w: World, profile) => {
        const s = SETTINGS[profile];
        const streams = seedStreams(w.seed);
        const rng = new Rng(w.seed).child('geometry');
        const prior: PriorSpec = { kind: 'correlated-gaussian', rho: 0.5 };
        const offsets = Array.from({ length: w.n }, (_, k) => Array.from({ length: w.n }, (_, j) => (j === k ? rng.range(0.5, 1) : 0)));
        const mixing = buildMixing(SLOPE_MIXING(w.n, w.mixingSeed));
        const data = observe(mechanismPairs({ prior, mechanisms: offsets.map((delta) => ({ kind: 'translation' as const, delta })), count: s.samples }, streams.data), mixing);
        const learner = mechanismLearner({
          mechanisms: { kind: 'known-translation', offsets },
          hidden: s.hidden,
          train: { steps: s.steps, ...TRIAL_OPTIMISER },
        });
        const t = fitTrial(learner, data, mixing, samplePrior(prior, w.n, s.test, streams.data.child('test')), w.seed);
        const m = mcc(t.z, t.zhat[0]);
        return { pass: m.value >= TOL.mcc.value, statistic: m.value, details: { matching: m.matching.join(','), steps: t.train[0].steps } };
      },
      describeWorld: (w: World) => w,
    },
    {
      id: 'identity-and-point-reflection-identify-nothing',
      kind: 'trained',
      role: 'negative-control',
      statement:
        'With mechanisms {I} or {R(π) = −I} (every linear map commutes), the narrower statistic fails: permutation + scaling leaves ≥ 10 % of ẑ unexplained by z, in a real share of trials.',
      statisticName: 'permutation+scaling distance of (z, ẑ)',
      threshold: TOL.disagreement.value,
      direction: 'at-least',
      rule: ruleByProfile([4, 1], [12, 6], 0.7),
      arbitrary: () => fc.record({ n: fc.constant(2), mixingSeed: fc.noShrink(fc.integer()), seed: fc.noShrink(fc.integer()), reflection: fc.boolean() }),
      check: (w: World & { reflection: boolean }, profile) => {
        const m = w.reflection ? [rotation2(Math.PI)] : [identity(2)];
        const t = trainLinear(w, m, profile, { kind: 'gaussian' }, 1);
        const d = permutationScalingClass(2).fit(t.z, t.zhat[0]).distance;
        return { pass: d >= TOL.disagreement.value, statistic: d, details: { mechanism: w.reflection ? 'R(π)' : 'I', mcc: r4(mcc(t.z, t.zhat[0]).value) } };
      },
      describeWorld: (w: World) => w,
    },
    {
      id: 'repeated-rotation-mixes-copies',
      kind: 'trained',
      role: 'negative-control',
      statement:
        'With R(θ) ⊕ R(θ) (two copies of one irreducible), two seeds disagree by a centralizer element (the centralizer class explains ẑ₂ from ẑ₁ up to ≤ 10 %) whose linear part lies ≥ 10 % outside the block-diagonal (no-mixing) subspace, in a real share of trials.',
      statisticName: 'relative distance of the seed-to-seed map to the no-mixing subspace',
      threshold: TOL.disagreement.value,
      direction: 'at-least',
      rule: ruleByProfile([4, 1], [12, 6], 0.7),
      arbitrary: () => fc.record({ n: fc.constant(4), mixingSeed: fc.noShrink(fc.integer()), seed: fc.noShrink(fc.integer()) }),
      check: (w: World, profile) => {
        const theta = new Rng(w.seed).child('angle').range(0.5, 2.5);
        const m = blockDiag(rotation2(theta), rotation2(theta));
        const t = trainLinear(w, [m], profile, { kind: 'gaussian' }, 2);
        // The no-mixing subspace: block-diagonal scaled rotations, the centralizer of R(θ) ⊕ R(θ′) with θ′ ≠ θ.
        const noMixing = centralizerBasis([blockDiag(rotation2(theta), rotation2(theta + 0.7))]);
        const dis = seedDisagreement(t.zhat[0], t.zhat[1], noMixing);
        const inCentralizer = centralizerClass([m]).fit(t.zhat[0], t.zhat[1]).distance;
        return {
          pass: dis.distance >= TOL.disagreement.value && inCentralizer <= TOL.centralizerDistance.value,
          statistic: dis.distance,
          details: { theta: r4(theta), centralizerDistanceBetweenSeeds: r4(inCentralizer), commutationResidual: r4(commutationResidual(dis.a, [m])) },
        };
      },
      describeWorld: (w: World) => w,
    },
  ],
});
