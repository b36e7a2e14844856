/**
 * Ahuja, Hartford & Bengio (2022) — mechanisms known only up to a hypothesis class 𝓜, trained learners.
 *
 * The learner fits the encoder and each mechanism's parameters jointly (m_θk ∈ 𝓜). The theory (marked
 * to-confirm) identifies f∘g up to the maps a with a∘m∘a⁻¹ ∈ 𝓜 for the true mechanisms:
 *   𝓜 = affine maps                          → affine;
 *   𝓜 = diagonal linear, distinct eigenvalues → permutation + scaling;
 *   𝓜 = axis translations of unknown size     → permutation + element-wise (monotone) maps.
 *
 * Each check is "fit latents" (train, or an oracle for calibration) then "judge (z, ẑ)".
 */
import fc from 'fast-check';
import { defineTheorem } from '../src/theorem/define.ts';
import type { Mat } from '../src/core/matrix.ts';
import { matmul } from '../src/core/matrix.ts';
import { Rng, seedStreams } from '../src/rng/rng.ts';
import { rotation2 } from '../src/generators/mechanisms.ts';
import { buildMixing } from '../src/generators/mixing.ts';
import { mechanismPairs, observe, samplePrior } from '../src/mechanisms/data.ts';
import type { MechanismInput, PriorSpec } from '../src/mechanisms/data.ts';
import { mechanismLearner } from '../src/mechanisms/learners.ts';
import type { Learner, MechanismKnowledge, MechanismLearnerConfig, PairData } from '../src/mechanisms/learners.ts';
import { affineClass } from '../src/classes/index.ts';
import { mcc } from '../src/metrics/index.ts';
import { ruleByProfile } from '../src/stats/rule.ts';
import { TRIAL_OPTIMISER, classArtifacts, farRotation, fitTrial, latentArtifacts, monotoneMapBack, oracleLatents, r4, trialCurves } from '../src/theorem/trial.ts';
import type { TrialFit } from '../src/theorem/trial.ts';
import type { ProfileName } from '../src/theorem/profile.ts';
import type { CheckContext, TrialOutcome } from '../src/theorem/types.ts';

const SETTINGS: Record<ProfileName, { samples: number; test: number; steps: number; hidden: number[] }> = {
  quick: { samples: 2000, test: 1000, steps: 2500, hidden: [64, 64] },
  full: { samples: 4000, test: 2000, steps: 5000, hidden: [64, 64] },
};

const TOL = {
  classDistance: {
    value: 0.1,
    why: 'Fraction of ẑ variance the best map in the predicted class leaves unexplained; a few per cent after short training, ≥ 10 % means outside the class.',
  },
  spearman: {
    value: 0.9,
    why: 'Permutation + element-wise strictly monotone maps give Spearman MCC = 1; 0.9 allows the short quick-profile training, while a rotation ≥ 30° away from the axes (then any element-wise map) stays below 0.87.',
  },
} as const;

interface World {
  n: number;
  mixingSeed: number;
  seed: number;
}

const worldArb = (ns: number[]) => fc.record({ n: fc.constantFrom(...ns), mixingSeed: fc.noShrink(fc.integer()), seed: fc.noShrink(fc.integer()) });

const PRIOR: PriorSpec = { kind: 'gaussian' };
const mixingOf = (w: World) => buildMixing({ kind: 'leaky-relu-mlp', n: w.n, layers: 2, negativeSlope: 0.3, maxCondition: 20, seed: w.mixingSeed });

/** Test latents of a world (the same rows for trained and oracle latents). */
function testLatents(w: World, profile: ProfileName): Mat {
  return samplePrior(PRIOR, w.n, SETTINGS[profile].test, seedStreams(w.seed).data.child('test'));
}

function trainHypothesis(w: World, mechanisms: MechanismInput[], knowledge: MechanismKnowledge, profile: ProfileName, ctx?: CheckContext): TrialFit {
  const s = SETTINGS[profile];
  const mixing = mixingOf(w);
  const data = observe(mechanismPairs({ prior: PRIOR, mechanisms, count: s.samples, n: w.n }, seedStreams(w.seed).data), mixing);
  const learner: Learner =
    ctx?.learner ??
    mechanismLearner({
      mechanisms: knowledge,
      hidden: s.hidden,
      train: { steps: s.steps, ...TRIAL_OPTIMISER },
    });
  return fitTrial(learner, data, mixing, testLatents(w, profile), w.seed, 1, ctx?.attempt ?? 0);
}

/** A random well-conditioned affine mechanism: rotation-by-blocks × scalings in [0.7, 1.3], offset ~ N(0, 0.3²). */
function randomAffine(n: number, rng: Rng): { kind: 'affine'; m: Mat; b: number[] } {
  const rot: Mat = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let i = 0; i + 1 < n; i += 2) {
    const r = rotation2(rng.range(-1.2, 1.2));
    rot[i][i] = r[0][0];
    rot[i][i + 1] = r[0][1];
    rot[i + 1][i] = r[1][0];
    rot[i + 1][i + 1] = r[1][1];
  }
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? rng.range(0.7, 1.3) : 0)));
  return { kind: 'affine', m: matmul(rot, d), b: rng.normals(n).map((v) => 0.3 * v) };
}

/**
 * Pairs under axis translations of unknown size: mechanism k moves the true axis axes[k] (a random
 * permutation, unknown to the learner) by a size drawn per pair, sign ± and magnitude in [0.3, 1].
 */
function axisTranslationPairs(w: World, profile: ProfileName): PairData {
  const s = SETTINGS[profile];
  const streams = seedStreams(w.seed);
  const axes = new Rng(w.seed).child('mechanisms').permutation(w.n);
  const mixing = mixingOf(w);
  const z = samplePrior(PRIOR, w.n, s.samples, streams.data);
  const pick = streams.data.child('pairs');
  const index = z.map(() => pick.int(w.n));
  const zNext = z.map((row, i) => {
    const size = pick.sign() * pick.range(0.3, 1);
    return row.map((v, j) => (j === axes[index[i]] ? v + size : v));
  });
  return { x: mixing.apply(z), xNext: mixing.apply(zNext), index };
}

/** The axis-translation hypothesis learner (see the 'axis-translation-learner' assumption). */
export function axisTranslationLearner(n: number, profile: ProfileName): Learner {
  const s = SETTINGS[profile];
  const config: MechanismLearnerConfig = {
    mechanisms: { kind: 'hypothesis', family: 'axis-translation', count: n },
    axes: 'by-index',
    ...AXIS_LEARNER,
    hidden: s.hidden,
    train: { steps: s.steps, ...TRIAL_OPTIMISER },
  };
  return mechanismLearner(config);
}

/** Settings of the axis-translation learner beyond the shared ones (see AXIS_LEARNER_STATEMENT). */
const AXIS_LEARNER: Partial<MechanismLearnerConfig> = { reconstructionWeight: 1, whitenInputs: true, restarts: 2, restartSteps: 1000 };

const AXIS_LEARNER_STATEMENT =
  'Axis-translation learner: mechanism k moves encoder coordinate k (one mechanism per axis makes the axis assignment a permutation, and relabelling the encoder’s outputs is free, so fixing it loses no solution); objective Σ_j E[(Δf_j)² | k ≠ j] / E[(Δf_j)² | k = j] (off-axis movement relative to own-axis movement, 0 exactly when f_j depends on one true coordinate) + ‖Cov f − I‖² + a reconstruction term ‖d(f(x)) − x‖² / Σ Var x that keeps f injective (without it coordinates fold, e.g. ẑ_j ≈ z_i² − 1, which the other terms allow); inputs whitened (a fixed affine preprocessing; without it ill-conditioned mixings stall); 2 restarts of 1000 steps, the lower objective continuing. ' +
  'History: the earlier learner (learned directions pulled onto axes by sparsity and distinct-axis terms, absolute residual) reached Spearman MCC ≥ 0.9 in 6–7 of 12 full-profile trials, two mechanisms claiming one axis. Measured with this learner in the quick settings (40 worlds, n ∈ {2, 3}, outside the suite’s seeds): Spearman MCC ≥ 0.9 in 39 of 40, median 0.995, min 0.62; without the restarts 36 of 40, without restarts, whitening and reconstruction 37 of 40 (other failures: ill-conditioned n = 2 mixings). ' +
  'The failures are n = 3 basins where one coordinate folds (ẑ_j ≈ z_i²) and the sign of z_i moves to another coordinate: more steps (5000) do not leave them, a second restart usually avoids them. Claimed rate 0.9.';

const withCurves = (o: TrialOutcome, t: TrialFit): TrialOutcome => ({ ...o, artifacts: { ...o.artifacts, curves: trialCurves(t.train) } });
const oracleRng = (w: World, which: string) => new Rng(w.seed).child('oracle', which);

// ----- judges: the success criteria, shared by trained and oracle latents -----

function judgeAffine(z: Mat, zhat: Mat): TrialOutcome {
  const cls = affineClass(z[0].length);
  const d = cls.fit(z, zhat).distance;
  return { pass: d <= TOL.classDistance.value, statistic: d, artifacts: { latents: classArtifacts(z, zhat, cls) } };
}

function judgeElementwise(z: Mat, zhat: Mat): TrialOutcome {
  const m = mcc(z, zhat, { method: 'spearman' });
  return {
    pass: m.value >= TOL.spearman.value,
    statistic: m.value,
    details: { matching: m.matching.join(','), pearsonMcc: r4(mcc(z, zhat).value) },
    artifacts: { latents: latentArtifacts(z, zhat, 'permutation + element-wise monotone', (zh) => monotoneMapBack(z, zh)) },
  };
}

// ----- oracle latents -----

/** A non-affine warp of every coordinate: z_i + 0.8 sin(2 z_(i+1 mod n)), then a random invertible affine map. */
function warpedAffine(n: number, rng: Rng): (z: Mat) => Mat {
  const a = affineClass(n).sampleMember(rng);
  return (z: Mat) => a.apply(z.map((r) => r.map((v, i) => v + 0.8 * Math.sin(2 * r[(i + 1) % n]))));
}

/** A random permutation + strictly monotone element-wise map: ẑ_j = s_j (a_j t + b_j tanh(c_j t)) + o_j with t = z_π(j). */
function elementwiseMonotone(n: number, rng: Rng): (z: Mat) => Mat {
  const perm = rng.permutation(n);
  const p = perm.map(() => ({ s: rng.sign(), a: rng.range(0.2, 1), b: rng.range(0, 1.5), c: rng.range(0.5, 3), o: rng.normal() }));
  return (z: Mat) => z.map((r) => perm.map((k, j) => p[j].s * (p[j].a * r[k] + p[j].b * Math.tanh(p[j].c * r[k])) + p[j].o));
}

const MECHANISM_SLOT = 'PairData: pairs (g(z), g(m_k(z))) with mechanism index k';

/** Success rule of the axis-translation property (claimed rate: see the 'axis-translation-learner' assumption). */
const AXIS_RULE = ruleByProfile([4, 2], [12, 9], 0.9);

export default defineTheorem({
  id: 'ahuja2022.hypothesis.trained',
  title: 'Mechanisms known up to a hypothesis class: identified up to the maps that preserve the class',
  citation: {
    authors: 'Kartik Ahuja, Jason Hartford, Yoshua Bengio',
    year: 2022,
    title: 'Properties from mechanisms: an equivariance perspective on identifiable representation learning',
    venue: 'ICLR 2022',
    where: 'mechanisms from a hypothesis class (§4)',
  },
  claim: 'If only m_k ∈ 𝓜 is known and the learner fits m_θk ∈ 𝓜 jointly with f, then f∘g is identified up to the maps a with a∘m_k∘a⁻¹ ∈ 𝓜.',
  assumptions: [
    { id: 'hypothesis-class-identification', statement: 'The identified class is {a : a∘m_k∘a⁻¹ ∈ 𝓜 ∀k} (theory.md §2).', toConfirm: true },
    { id: 'affine-mechanisms', statement: 'Two random affine mechanisms (block rotations × scalings in [0.7, 1.3], offsets ~ N(0, 0.3²)).' },
    {
      id: 'per-pair-sizes',
      statement:
        'Axis translations: one mechanism per axis (the axis unknown to the learner), size drawn per pair with |s| ∈ [0.3, 1]. A fixed size per mechanism would leave periodic warps (ahuja2022.translations.exact), so "unknown size" is read as a size that varies; x = g(z) with a 2-layer leaky-ReLU MLP (slope 0.3, condition ≤ 20). theory.md §2 writes "permutation + element-wise affine"; with the size free per pair every strictly monotone element-wise map h keeps "z moves along axis i by some amount" (h(z + s e_i) − h(z) ∥ e_i), so the class checked is permutation + element-wise monotone (Spearman MCC).',
    },
    {
      id: 'axis-translation-learner',
      statement: AXIS_LEARNER_STATEMENT,
    },
    {
      id: 'diagonal-pending',
      statement:
        'Diagonal 𝓜 → permutation + scaling is not asserted for trained learners: ahuja2022.hypothesis-diagonal.exact shows that nonlinear power maps sign(z_i) Π_j |z_j|^{E_ij} are exact optima too (the claim holds among linear maps only), and the trained learner indeed lands on such maps (median permutation+scaling distance 0.40 in the quick profile).',
    },
    { id: 'anti-collapse', statement: 'Covariance penalty ‖Cov f(x) − I‖² on the encoder (axis translations: also the own-axis normalisation and the reconstruction term).' },
    {
      id: 'affine-learner-audit',
      statement:
        'Audit (seed 1934, quick, 50 worlds): the affine-hypothesis learner reaches the class in 32 of 50 (claimed 0.9). The failing runs are not optima of the objective (final objective 0.046–0.88, median 0.18, against 0.025 when passing and 0 for the true encoder): the learner lands on non-injective encoders (a lost or folded coordinate, contracting learned mechanisms), world-dependent (n = 3: 13 of 18 fail) and not cured by restarts, whitening, longer training, a reconstruction term, a relative residual, closed-form mechanism parameters, a tanh encoder or a lower learning rate (src/mechanisms/README.md). The claim is about optima and is not contradicted; the learner is too weak for it in about a third of the worlds.',
    },
  ],
  learner: {
    name: 'mechanism-learner with learned mechanism parameters (MLP n→64→64→n, Adam 3e-3, batch 256)',
    objective:
      'affine: E‖f(x′) − A_k f(x) − b_k‖² + ‖Cov f(x) − I‖²_F / n  |  axis translations: Σ_j E[(Δf_j)² | k ≠ j] / E[(Δf_j)² | k = j] + ‖Cov f(x) − I‖²_F / n + E‖d(f(x)) − x‖² / Σ Var x',
  },
  predictedClass: { name: 'affine (𝓜 = affine maps); permutation + element-wise monotone (𝓜 = axis translations of unknown size)', classId: 'affine' },
  controls: ['The identity-mechanism and Gaussian controls of ahuja2022.known.trained and ahuja2022.stochastic.trained bound what the statistics report when nothing is identified.'],
  tolerances: TOL,
  properties: [
    {
      id: 'affine-hypothesis-affine',
      kind: 'trained',
      role: 'positive',
      statement: 'With 𝓜 = affine maps (two random affine mechanisms), the trained f∘g is affine: affine-class distance ≤ 0.1.',
      statisticName: 'affine-class distance of (z, ẑ)',
      threshold: TOL.classDistance.value,
      direction: 'at-most',
      rule: ruleByProfile([4, 2], [12, 9], 0.9),
      arbitrary: () => worldArb([2, 3]),
      learnerSlot: MECHANISM_SLOT,
      check: (w: World, profile, ctx) => {
        const rng = new Rng(w.seed).child('mechanisms');
        const mechs = [randomAffine(w.n, rng), randomAffine(w.n, rng)];
        const t = trainHypothesis(w, mechs, { kind: 'hypothesis', family: 'affine', count: 2 }, profile, ctx);
        const o = judgeAffine(t.z, t.zhat[0]);
        return withCurves({ ...o, details: { steps: t.train[0].steps } }, t);
      },
      oracle: {
        positive: (w: World, profile) => {
          const rng = oracleRng(w, 'positive');
          const z = testLatents(w, profile);
          return judgeAffine(z, oracleLatents(z, affineClass(w.n).sampleMember(rng).apply, rng));
        },
        negative: (w: World, profile) => {
          const rng = oracleRng(w, 'negative');
          const z = testLatents(w, profile);
          return judgeAffine(z, oracleLatents(z, warpedAffine(w.n, rng), rng));
        },
      },
      identify: { predicted: 'affine' },
      describeWorld: (w: World) => w,
    },
    {
      id: 'axis-translation-hypothesis-elementwise',
      kind: 'trained',
      role: 'positive',
      statement:
        'With 𝓜 = axis translations of unknown size (a size drawn per pair, |s| ∈ [0.3, 1]) and unknown axis (one mechanism per axis), the trained f∘g is a permutation + element-wise monotone map: Spearman MCC ≥ 0.9.',
      statisticName: 'MCC (Spearman)',
      threshold: TOL.spearman.value,
      direction: 'at-least',
      rule: AXIS_RULE,
      arbitrary: () => worldArb([2, 3]),
      learnerSlot: MECHANISM_SLOT,
      check: (w: World, profile, ctx) => {
        const learner = ctx?.learner ?? axisTranslationLearner(w.n, profile);
        const mixing = mixingOf(w);
        const t = fitTrial(learner, axisTranslationPairs(w, profile), mixing, testLatents(w, profile), w.seed, 1, ctx?.attempt ?? 0);
        const o = judgeElementwise(t.z, t.zhat[0]);
        const share = t.learned[0].movementShare as number[][] | undefined;
        return withCurves({ ...o, details: { ...o.details, steps: t.train[0].steps, ...(share ? { movementShare: JSON.stringify(share.map((r) => r.map(r4))) } : {}) } }, t);
      },
      oracle: {
        positive: (w: World, profile) => {
          const rng = oracleRng(w, 'positive');
          const z = testLatents(w, profile);
          return judgeElementwise(z, oracleLatents(z, elementwiseMonotone(w.n, rng), rng));
        },
        negative: (w: World, profile) => {
          const rng = oracleRng(w, 'negative');
          const z = testLatents(w, profile);
          const q = farRotation(w.n, rng);
          const h = elementwiseMonotone(w.n, rng);
          return judgeElementwise(z, oracleLatents(z, (zz) => h(zz.map((r) => q.map((row) => row.reduce((acc, v, k) => acc + v * r[k], 0)))), rng));
        },
      },
      identify: { predicted: 'permutation-elementwise' },
      describeWorld: (w: World) => w,
    },
  ],
});
