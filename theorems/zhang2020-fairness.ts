/**
 * Zhang, Koyama & Ishiguro (2020) — the fair-representation instance of the masked MIB (theory.md §6).
 *
 * World (src/structured/presets.ts `fairnessParams`): blocks (task z_t, sensitive z_a), observed groups x = g(z_t, z_a)
 * (one-hidden-layer leaky-ReLU MLP) and the attribute a = z_a itself; mask [[1, 1], [0, 1]]. Task label y = 1[z_t,0 > 0],
 * sensitive attribute s = 1[z_a > 0] (balanced); mixing condition ≤ 3 (`maxCondition`). Learner: the masked VAE with
 * the invariance penalty λ Σ corr²(ψ(μ_t), φ(a)), ψ(u) = (u, u², u³) per standardised coordinate (the judge's feature
 * map), φ(a) = (a, a², tanh 2a) (a finite-feature HSIC surrogate; src/structured/mvae.ts, `blockFeatures: 'cubic'`).
 * Claim: a classifier predicts s from ẑ_t no better than chance + a margin, while y stays predictable from ẑ_t.
 * Control: without the invariance term (λ = 0) ẑ_t leaks s in a real share of worlds — the mask alone does not make
 * the task block fair (the block may carry any function of (z_t, z_a) that helps reconstruct x).
 *
 * FINDING (corrected learner and assumption). With the penalty on μ_t itself (linear ψ) the task block still leaked
 * in the full profile (0.614, 0.601 > 0.57): linear decorrelation leaves the spread of μ_t free to depend on a, and the
 * cubic judge reads that. Measured (task block of 2, condition ≤ 3, seeds 11–16, 1500 steps): linear ψ passes 1 of 6
 * (s-accuracy 0.49–0.62), cubic ψ 6 of 6 (0.51–0.56). With the family's default condition ≤ 20, world 11 lost the
 * task factor (y-accuracy 0.58–0.63 under either penalty: a weak direction of x at σ = 0.1, as in
 * `zhang2020.structure.trained`), so the world is stated faithful: condition ≤ 3. Cubic ψ, condition ≤ 3: 6 of 6
 * (task 1, seeds 11–16) and 12 of 12 (task 2, seeds 11–22): 18 of 18, Clopper–Pearson 95 % lower bound 0.85.
 * Control (λ = 0, condition ≤ 3) leaks in 4 of 6 (task 2) and 4 of 6 (task 1) worlds: claimed rate 0.5 (8 of 12, lower bound 0.39).
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
import { logisticAccuracy } from '../src/metrics/logistic.ts';
import { STRUCTURED_LEARNER_SLOT, maskedVaeLearner } from '../src/structured/mvae.ts';
import { fairnessParams } from '../src/structured/presets.ts';
import { buildStructuredWorld } from '../src/structured/world.ts';
import { runStructuredTrial, structuredArtifacts } from '../src/structured/trial.ts';
import type { StructuredTrial } from '../src/structured/trial.ts';

export const SETTINGS: Record<ProfileName, { samples: number; test: number; steps: number; tasks: number[] }> = {
  quick: { samples: 2000, test: 1000, steps: 1000, tasks: [1] },
  full: { samples: 2000, test: 1000, steps: 1500, tasks: [1, 2] },
};
const OPTIMISER = { batchSize: 256, learningRate: 5e-3, evalEvery: 100 } as const;
/** Mixing condition bound: views faithful at σ = 0.1 (see the FINDING above). */
const MAX_CONDITION = 3;
/** Invariance weight λ (measured: λ = 20 brings the s-accuracy from 0.59–0.76 to 0.52 where training converges). */
const INVARIANCE_WEIGHT = 20;

const TOL = {
  leak: {
    value: 0.57,
    why: 'Chance is 0.5 (s balanced). Cross-fitted accuracy on 1000 test rows has sd ≈ 0.5/√1000 = 0.016 under independence; 0.57 is chance + 0.07 ≈ 4.4 sd, so an independent ẑ_t passes with probability > 0.9999 and a leak of ≥ 7 points is flagged.',
  },
  task: {
    value: 0.85,
    why: 'y = 1[z_t,0 > 0] from a smooth invertible function of z_t with 2 % noise is predicted with accuracy ≈ 0.97 (oracle); 0.85 allows the trained block to be noisier while excluding a block that lost the task factor (≈ 0.5).',
  },
} as const;

interface World {
  task: number;
  seed: number;
}

const worldArb = (profile: ProfileName): fc.Arbitrary<World> =>
  fc.record({ task: fc.constantFrom(...SETTINGS[profile].tasks), seed: fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff })) });

const worldParams = (w: World) => ({ ...fairnessParams({ task: w.task, seed: w.seed }), maxCondition: MAX_CONDITION });

function train(w: World, profile: ProfileName, weight: number, ctx?: CheckContext): StructuredTrial {
  const s = SETTINGS[profile];
  const params = worldParams(w);
  const world = buildStructuredWorld(params);
  const learner = maskedVaeLearner({
    blocks: world.blocks,
    groupDims: world.groupDims,
    decoderMask: world.mask,
    beta: 1,
    hidden: [32],
    decoderStd: 0.1,
    invariance: weight > 0 ? { block: 0, group: 1, weight, blockFeatures: 'cubic' } : undefined,
    train: { steps: s.steps, ...OPTIMISER },
  });
  return runStructuredTrial(params, learner, { count: s.samples, testCount: s.test, seed: w.seed, attempt: ctx?.attempt, override: ctx?.learner });
}

/** Fairness judge on (z, ẑ): s-accuracy from ẑ_t (statistic, ≤ 0.57) and y-accuracy from ẑ_t (≥ 0.85). */
function judgeFair(z: Mat, zhat: Mat, task: number): TrialOutcome {
  const zt = zhat.map((r) => r.slice(0, task));
  const s = z.map((r) => (r[task] > 0 ? 1 : 0));
  const y = z.map((r) => (r[0] > 0 ? 1 : 0));
  const sAcc = logisticAccuracy(zt, s);
  const yAcc = logisticAccuracy(zt, y);
  return { pass: sAcc <= TOL.leak.value && yAcc >= TOL.task.value, statistic: sAcc, details: { sensitiveAccuracy: r4(sAcc), taskAccuracy: r4(yAcc) } };
}

/** Control judge: ẑ_t leaks s (accuracy > 0.57). */
function judgeLeaks(z: Mat, zhat: Mat, task: number): TrialOutcome {
  const o = judgeFair(z, zhat, task);
  return { ...o, pass: o.statistic > TOL.leak.value };
}

function oracleZ(w: World, profile: ProfileName): Mat {
  const world = buildStructuredWorld(worldParams(w));
  return world.sampleLatents(SETTINGS[profile].test, new Rng(w.seed).child('oracle-test'));
}

/** ẑ_t = warp(z_t), ẑ_a = warp(z_a), + 2 % noise: a fair, task-preserving encoder. */
function fairOracle(w: World, profile: ProfileName): { z: Mat; zhat: Mat } {
  const z = oracleZ(w, profile);
  const rng = new Rng(deriveSeed(w.seed, 'oracle-fair'));
  return { z, zhat: oracleLatents(z, (zz) => zz.map((r) => r.map(monotoneWarp)), rng) };
}

/** ẑ_t = warp(z_t + 0.8·z_a): the task block carries the attribute. */
function leakyOracle(w: World, profile: ProfileName): { z: Mat; zhat: Mat } {
  const z = oracleZ(w, profile);
  const rng = new Rng(deriveSeed(w.seed, 'oracle-leaky'));
  return { z, zhat: oracleLatents(z, (zz) => zz.map((r) => r.map((v, c) => (c < w.task ? monotoneWarp(v + 0.8 * r[w.task]) : monotoneWarp(v)))), rng) };
}

/** `identify` reads the task slot z_t → ẑ_t (`recordBlock(0)`), with the block class of one block of z_t's size. */
const taskBlock = (w: World): EquivalenceClass[] => [blockClass({ blocks: [w.task] })];

const withTrain = (o: TrialOutcome, t: StructuredTrial): TrialOutcome => ({
  ...o,
  details: { ...o.details, learner: t.learnerName, steps: t.train.steps, finalLoss: r4(t.train.finalLoss) },
  artifacts: structuredArtifacts([t.train], undefined, t.maskMatrices),
});

export default defineTheorem({
  id: 'zhang2020.fairness.trained',
  title: 'Masked MIB fair representation: the task block carries nothing of the sensitive attribute (with the invariance term)',
  citation: {
    authors: 'Qi Zhang, Masanori Koyama, Kotaro Ishiguro',
    year: 2020,
    title: 'Learning Structured Latent Factors from Dependency Data: A Unified Framework (multivariate information bottleneck with mask variables)',
    where: 'fair-representation instance of the masked MIB',
  },
  claim: 'With the attribute observed and the task latent made invariant to it, a classifier predicts the sensitive attribute from the task latent no better than chance while task accuracy holds.',
  assumptions: [
    { id: 'fair-world', statement: 'z_t (1 quick; 1–2 full) and z_a independent N(0, 1); x = g(z_t, z_a) by a one-hidden-layer leaky-ReLU MLP of condition number ≤ 3 (faithful at σ = 0.1: with ≤ 20 a world lost the task factor, FINDING in the module doc); a = z_a observed.', toConfirm: true },
    { id: 'invariance', statement: 'The MI penalty is a finite-feature HSIC surrogate with weight λ = 20 (not the paper’s exact estimator) whose block features (u, u², u³) contain the judge’s: with μ_t alone the spread of μ_t stayed free to depend on a and leaked (FINDING).', toConfirm: true },
  ],
  learner: {
    name: 'masked VAE, mask [[1, 1], [0, 1]], one hidden layer of 32 per block/group, σ = 0.1, Adam 5e-3, batch 256, 1000 (quick) / 1500 (full) steps, invariance λ = 20',
    objective: 'Σ_g ‖x_g − ν_g‖²/(2σ²) + Σ_b KL_b + λ Σ corr²(ψ(μ_t), φ(a)), ψ = per-coordinate (u, u², u³)',
  },
  predictedClass: { name: 'task block independent of the attribute (classifier accuracy at chance)' },
  controls: ['Without the invariance term (λ = 0) the task block leaks the attribute in a real share of worlds.'],
  tolerances: TOL,
  properties: [
    {
      id: 'task-block-fair',
      kind: 'trained',
      role: 'positive',
      statement: 'With λ = 20 (cubic block features), logistic regression (cubic features, cross-fitted) predicts s from ẑ_t with accuracy ≤ 0.57 (chance + 0.07) and y with accuracy ≥ 0.85.',
      statisticName: 'accuracy of s from ẑ_t',
      threshold: TOL.leak.value,
      direction: 'at-most',
      // Claimed rate 0.8: measured 18 of 18 worlds (cubic ψ, condition ≤ 3; Clopper–Pearson 95 % lower bound 0.85).
      rule: { quick: ruleFor(3, 0.8), full: ruleFor(8, 0.8) },
      learnerSlot: STRUCTURED_LEARNER_SLOT,
      arbitrary: worldArb,
      check: (w: World, profile, ctx) => {
        const t = train(w, profile, INVARIANCE_WEIGHT, ctx);
        t.recordBlock(0);
        return withTrain(judgeFair(t.z, t.zhat, w.task), t);
      },
      oracle: {
        positive: (w: World, profile) => {
          const o = fairOracle(w, profile);
          return judgeFair(o.z, o.zhat, w.task);
        },
        negative: (w: World, profile) => {
          const o = leakyOracle(w, profile);
          return judgeFair(o.z, o.zhat, w.task);
        },
      },
      // No class predicted: the claim is independence of s, and ẑ_t may carry any s-independent function of (z_t, z_a).
      identify: { predicted: null, classes: taskBlock },
      describeWorld: (w: World) => w,
    },
    {
      id: 'no-invariance-leaks',
      kind: 'trained',
      role: 'negative-control',
      statement: 'Without the invariance term (λ = 0), the task block predicts s with accuracy > 0.57 in a real share of worlds.',
      statisticName: 'accuracy of s from ẑ_t (control passes above 0.57)',
      threshold: TOL.leak.value,
      direction: 'at-least',
      // Claimed rate 0.5: measured 8 of 12 worlds leak at λ = 0 (condition ≤ 3); 5 quick trials so a rule can fail.
      rule: { quick: ruleFor(5, 0.5), full: ruleFor(8, 0.5) },
      learnerSlot: STRUCTURED_LEARNER_SLOT,
      arbitrary: worldArb,
      check: (w: World, profile, ctx) => {
        const t = train(w, profile, 0, ctx);
        t.recordBlock(0);
        return withTrain(judgeLeaks(t.z, t.zhat, w.task), t);
      },
      oracle: {
        positive: (w: World, profile) => {
          const o = leakyOracle(w, profile);
          return judgeLeaks(o.z, o.zhat, w.task);
        },
        negative: (w: World, profile) => {
          const o = fairOracle(w, profile);
          return judgeLeaks(o.z, o.zhat, w.task);
        },
      },
      identify: { predicted: 'none', classes: taskBlock },
      describeWorld: (w: World) => w,
    },
  ],
});
