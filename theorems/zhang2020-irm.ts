/**
 * Zhang, Koyama & Ishiguro (2020) — the invariant-risk instance of the masked MIB (theory.md §6; invariance in the
 * sense of Arjovsky et al. 2019, "Invariant Risk Minimization").
 *
 * World (src/structured/presets.ts `irmWorld`): causal factor z_c ~ N(0, 1), label y = 1[z_c > 0] flipped with
 * probability η = 0.15, spurious factor z_sp = ρ_e (2y − 1) + √(1 − ρ_e²) ξ, x = g(z_c, z_sp) (one-hidden-layer
 * leaky-ReLU MLP). Training environments ρ ∈ {0.9, 0.3}; held-out environment ρ = −0.9 (the correlation flips).
 * In training the spurious feature predicts y about as well as the causal one (measured in distribution: a predictor
 * on both trained latents 0.84–0.87, on z_c alone 0.82–0.86), so only the invariance term tells them apart.
 * Learner (src/structured/irm.ts): the masked VAE with groups (x, y, e), decoder mask [[1, 1], [1, 0], [0, 1]]
 * (the invariant block generates x and y, the other block x and e), both blocks inferred from x only, and the MMD
 * invariance term λ Σ_y MMD²(law(ẑ_0 | y, e = 0), law(ẑ_0 | y, e = 1)), λ = 1000.
 * Claim: a logistic predictor of y fitted on ẑ_0 in the training environments keeps its accuracy in the held-out
 * environment: drop (in-distribution − held-out accuracy) ≤ 0.07 and held-out accuracy ≥ 0.75. Why: if ẑ_0 ⊥ e | y
 * and ẑ_0 depends on z_c alone, the law of (ẑ_0, y) is the same in every environment (p(y) = ½ everywhere), so the
 * Bayes classifier on ẑ_0 and its accuracy do not move when ρ flips; the drop is then sampling noise only. Two
 * training environments do not force ẑ_0 to depend on z_c alone (an h(z_c, z_sp) whose law given y agrees at
 * ρ = 0.9 and 0.3 exists; cf. Rosenfeld et al. 2021, "The risks of invariant risk minimization"), so the claim is a
 * rate over worlds: measured 4 of 7 worlds (drops −0.05, 0.02, 0.04, 0.05 passing; 0.12, 0.15, 0.20 failing, against
 * 0.22–0.55 without the term); λ = 3000 with 2000 steps did not rescue the failing worlds (0.14–0.31), nor did a
 * second optimiser seed (3 of the same 7 pass; the 3 failing worlds fail again) or three training environments.
 * Claimed rate 0.5 (7 of 14 runs). Linear mixings (full profile): 3 of 4 worlds pass (the fourth lost the label:
 * in-distribution accuracy 0.51); λ = 0 drops 0.25–0.45 in 4 of 4.
 * Control: without the invariance term (λ = 0) ẑ_0 — trained to generate y — reads the spurious feature and its
 * predictor loses accuracy in the held-out environment.
 */
import fc from 'fast-check';
import { defineTheorem } from '../src/theorem/define.ts';
import type { Mat } from '../src/core/matrix.ts';
import { Rng, deriveSeed } from '../src/rng/rng.ts';
import { ruleFor } from '../src/stats/rule.ts';
import type { ProfileName } from '../src/theorem/profile.ts';
import type { CheckContext, TrialOutcome } from '../src/theorem/types.ts';
import { oracleLatents, r4 } from '../src/theorem/trial.ts';
import { blockClass, monotoneWarp } from '../src/classes/block.ts';
import type { EquivalenceClass } from '../src/classes/types.ts';
import { maskedVaeLearner } from '../src/structured/mvae.ts';
import { irmWorld } from '../src/structured/presets.ts';
import type { IrmWorld } from '../src/structured/presets.ts';
import { IRM_DECODER_MASK, IRM_ENCODER_MASK, IRM_GROUP_DIMS, IRM_LEARNER_SLOT, irmRows, judgeIrm, runIrmTrial } from '../src/structured/irm.ts';
import type { IrmThresholds, IrmTrial } from '../src/structured/irm.ts';
import { structuredArtifacts } from '../src/structured/trial.ts';

/** Rows per training environment, test rows per environment, training steps. */
export const SETTINGS: Record<ProfileName, { perEnv: number; test: number; steps: number; kinds: ('linear' | 'leaky-relu-mlp')[] }> = {
  quick: { perEnv: 1000, test: 1000, steps: 1500, kinds: ['leaky-relu-mlp'] },
  full: { perEnv: 1000, test: 1000, steps: 1500, kinds: ['leaky-relu-mlp', 'linear'] },
};
/** ρ of the training environments (pooled, z_sp predicts y about as well as z_c there; module doc). */
export const TRAIN_RHOS = [0.9, 0.3];
/** ρ of the held-out environment: the correlation flips. */
export const HELD_OUT_RHO = -0.9;
/** Label-flip probability η: z_c alone predicts y with accuracy 1 − η = 0.85. */
export const LABEL_NOISE = 0.15;
const OPTIMISER = { batchSize: 256, learningRate: 5e-3, evalEvery: 100 } as const;
/**
 * MMD invariance weight λ. Measured (7 worlds, 1500 steps): λ = 1000 brings the drop from 0.22–0.55 (λ = 0) to
 * −0.05–0.05 in 4 worlds and 0.12–0.20 in 3; λ = 3000 (2000 steps) was worse on those 3 (0.14–0.31). The moment (corr²) surrogate of the fairness theorem did not: at λ = 10⁴ (one world, training ρ ∈ {0.9, 0.5}) the drop stayed 0.60 (its
 * batch corr² sat at the noise floor while ẑ_0 read z_sp through a function whose mean given y is the same in both
 * training environments).
 */
export const INVARIANCE_WEIGHT = 1000;

const TOL = {
  drop: {
    value: 0.07,
    why: 'In-distribution accuracy is scored on 1000 rows, held-out on 1000: for an invariant predictor at accuracy ≈ 0.85 the drop is sampling noise with sd ≈ √(2·0.85·0.15/1000) ≈ 0.016; oracle drops measured −0.03 … 0.02 (7 worlds), trained successes (λ = 1000) −0.05 … 0.05. 0.07 is ≈ 4.4 sd: an invariant predictor passes with probability > 0.9999, while the λ = 0 control drops 0.22–0.55 (7 of 7 worlds) and a predictor on both latents 0.38–0.69.',
  },
  heldOut: {
    value: 0.75,
    why: 'The causal factor alone predicts y with accuracy 1 − η = 0.85 (oracle 0.82–0.86 held out); trained transferring blocks score 0.79–0.84 held out (they lose a little of z_c). 0.75 excludes a block that dropped the causal factor (≈ 0.5) or reads the flipped spurious feature (< 0.5).',
  },
} as const;
const THRESHOLDS: IrmThresholds = { drop: TOL.drop.value, heldOut: TOL.heldOut.value };

interface World {
  kind: 'linear' | 'leaky-relu-mlp';
  seed: number;
}

const worldArb = (profile: ProfileName): fc.Arbitrary<World> =>
  fc.record({ kind: fc.constantFrom(...SETTINGS[profile].kinds), seed: fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff })) });

const buildWorld = (w: World): IrmWorld => irmWorld({ rhos: TRAIN_RHOS, kind: w.kind, labelNoise: LABEL_NOISE, seed: w.seed });

function train(w: World, profile: ProfileName, weight: number, ctx?: CheckContext): IrmTrial {
  const s = SETTINGS[profile];
  const learner = maskedVaeLearner({
    blocks: [1, 1],
    groupDims: IRM_GROUP_DIMS,
    decoderMask: IRM_DECODER_MASK,
    encoderMask: IRM_ENCODER_MASK,
    beta: 1,
    hidden: [32],
    decoderStd: 0.1,
    invariance: weight > 0 ? { block: 0, group: 2, given: 1, weight, estimator: 'mmd' } : undefined,
    train: { steps: s.steps, ...OPTIMISER },
  });
  return runIrmTrial(buildWorld(w), HELD_OUT_RHO, learner, { perEnv: s.perEnv, test: s.test, seed: w.seed, attempt: ctx?.attempt, override: ctx?.learner });
}

const judge = (t: { zhatIn: Mat; zhatOut: Mat; inDist: { y: number[] }; heldOut: { y: number[] } }): TrialOutcome => judgeIrm(t.zhatIn, t.inDist.y, t.zhatOut, t.heldOut.y, [0], THRESHOLDS);

/** Control judge: the predictor loses accuracy (drop > 0.07). */
function judgeDrops(t: Parameters<typeof judge>[0]): TrialOutcome {
  const o = judge(t);
  return { ...o, pass: o.statistic > TOL.drop.value };
}

/** Oracle encodings of fresh rows: ẑ = h(z) + 2 % noise on the in-distribution and held-out rows. */
function oracle(w: World, profile: ProfileName, tag: string, h: (r: number[]) => number[]) {
  const world = buildWorld(w);
  const rng = new Rng(deriveSeed(w.seed, 'oracle', tag));
  const n = SETTINGS[profile].test;
  const inDist = irmRows(world, TRAIN_RHOS, n, rng.child('in'));
  const heldOut = irmRows(world, [HELD_OUT_RHO], n, rng.child('out'));
  const enc = (z: Mat, r: Rng) => oracleLatents(z, (zz) => zz.map(h), r);
  return { inDist, heldOut, zhatIn: enc(inDist.z, rng.child('noise-in')), zhatOut: enc(heldOut.z, rng.child('noise-out')) };
}
/** ẑ_0 = warp(z_c): the invariant encoder. */
const invariantOracle = (w: World, profile: ProfileName) => oracle(w, profile, 'invariant', (r) => [monotoneWarp(r[0]), monotoneWarp(r[1])]);
/** ẑ_0 = warp(0.5 z_c + z_sp): an encoder that reads the spurious feature. */
const spuriousOracle = (w: World, profile: ProfileName) => oracle(w, profile, 'spurious', (r) => [monotoneWarp(0.5 * r[0] + r[1]), monotoneWarp(r[1])]);

const withTrain = (o: TrialOutcome, t: IrmTrial): TrialOutcome => ({
  ...o,
  details: { ...o.details, learner: t.learnerName, steps: t.train.steps, finalLoss: r4(t.train.finalLoss) },
  artifacts: structuredArtifacts([t.train]),
});

/** `identify` reads the invariant slot z_c → ẑ_0 (`recordInvariant`), with the block class of one 1-dimensional block. */
const invariantBlock = (): EquivalenceClass[] => [blockClass({ blocks: [1] })];

export default defineTheorem({
  id: 'zhang2020.irm.trained',
  title: 'Masked MIB with an environment-invariance term: a predictor on the invariant latent keeps its accuracy when the spurious correlation flips',
  citation: {
    authors: 'Qi Zhang, Masanori Koyama, Kotaro Ishiguro',
    year: 2020,
    title: 'Learning Structured Latent Factors from Dependency Data: A Unified Framework (multivariate information bottleneck with mask variables)',
    where: 'invariant-representation (IRM) instance of the masked MIB; invariance criterion of Arjovsky et al. 2019',
  },
  claim: 'With the environment observed and the invariant latent made independent of it given the label, a predictor of the label trained on the invariant latent in the training environments keeps its accuracy in a held-out environment where the spurious correlation flips.',
  assumptions: [
    { id: 'irm-world', statement: 'z_c ~ N(0, 1), y = 1[z_c > 0] flipped with probability 0.15, z_sp = ρ_e(2y − 1) + √(1 − ρ_e²)ξ, x = g(z_c, z_sp) invertible (leaky-ReLU MLP; also linear in full); training ρ ∈ {0.9, 0.3}, held-out ρ = −0.9.' },
    { id: 'two-environments', statement: 'Two training environments: invariance across them does not force the invariant block to ignore z_sp, so transfer is claimed at a rate ≥ 0.5 over worlds (measured 4 of 7), not always.', toConfirm: true },
    { id: 'invariance', statement: 'The conditional-independence term is the RBF MMD² between environments within each label class, weight λ = 1000 (not the paper’s exact estimator).', toConfirm: true },
  ],
  learner: {
    name: 'masked VAE, groups (x, y, e), decoder mask [[1, 1], [1, 0], [0, 1]], encoders read x only, one hidden layer of 32, σ = 0.1, Adam 5e-3, batch 256, 1500 steps, MMD invariance λ = 1000',
    objective: 'Σ_g ‖x_g − ν_g‖²/(2σ²) + Σ_b KL_b + λ Σ_y MMD²(ẑ_0 | y, e = 0; ẑ_0 | y, e = 1)',
  },
  predictedClass: { name: 'invariant block: the label given ẑ_0 has the same law in every environment' },
  controls: ['Without the invariance term (λ = 0) the predictor on ẑ_0 loses accuracy in the held-out environment.'],
  tolerances: TOL,
  properties: [
    {
      id: 'invariant-predictor-transfers',
      kind: 'trained',
      role: 'positive',
      statement: 'In at least half the worlds: with λ = 1000, a logistic predictor (cubic features) of y fitted on ẑ_0 in the training environments loses ≤ 0.07 accuracy in the held-out environment (ρ = −0.9) and scores ≥ 0.75 there.',
      statisticName: 'accuracy drop (in-distribution − held-out)',
      threshold: TOL.drop.value,
      direction: 'at-most',
      // Claimed rate 0.5 (measured 4 of 7 worlds; see the module doc): quick 5 trials (≥ 1), full 12 (≥ 3).
      rule: { quick: ruleFor(5, 0.5), full: ruleFor(12, 0.5) },
      learnerSlot: IRM_LEARNER_SLOT,
      arbitrary: worldArb,
      check: (w: World, profile, ctx) => {
        const t = train(w, profile, INVARIANCE_WEIGHT, ctx);
        t.recordInvariant();
        return withTrain(judge(t), t);
      },
      oracle: {
        positive: (w: World, profile) => judge(invariantOracle(w, profile)),
        negative: (w: World, profile) => judge(spuriousOracle(w, profile)),
      },
      // No class predicted: the claim is about transfer; ẑ_0 may be any invariant function carrying y's information.
      identify: { predicted: null, classes: invariantBlock },
      describeWorld: (w: World) => w,
    },
    {
      id: 'no-invariance-drops',
      kind: 'trained',
      role: 'negative-control',
      statement: 'Without the invariance term (λ = 0), the predictor on ẑ_0 loses more than 0.07 accuracy in the held-out environment in a real share of worlds.',
      statisticName: 'accuracy drop (control passes above 0.07)',
      threshold: TOL.drop.value,
      direction: 'at-least',
      rule: { quick: ruleFor(3, 0.8), full: ruleFor(8, 0.8) },
      learnerSlot: IRM_LEARNER_SLOT,
      arbitrary: worldArb,
      check: (w: World, profile, ctx) => {
        const t = train(w, profile, 0, ctx);
        t.recordInvariant();
        return withTrain(judgeDrops(t), t);
      },
      oracle: {
        positive: (w: World, profile) => judgeDrops(spuriousOracle(w, profile)),
        negative: (w: World, profile) => judgeDrops(invariantOracle(w, profile)),
      },
      identify: { predicted: 'none', classes: invariantBlock },
      describeWorld: (w: World) => w,
    },
  ],
});
