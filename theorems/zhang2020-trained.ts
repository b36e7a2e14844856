/**
 * Zhang, Koyama & Ishiguro (2020) — trained checks of the masked MIB objective on two views (theory.md §6).
 *
 * World: blocks (z_s shared, z₁, z₂ private), independent N(0, I) priors, x₁ = g₁(z_s, z₁), x₂ = g₂(z_s, z₂) through
 * one-hidden-layer leaky-ReLU MLPs (src/structured/presets.ts). Learner: the masked VAE of src/structured/mvae.ts.
 * Judge (src/structured/trial.ts): the block R² matrices of the kernel block class (src/classes/block.ts) on test
 * samples, fwd[i][j] = R²(ẑ_j ← z_i) and inv[j][i] = R²(z_i ← ẑ_j), out of sample.
 *
 * Claims: with the true mask, the shared block is block-identified (ẑ_s an invertible function of z_s: both R² high),
 * it carries nothing of the private factors, and the private blocks carry nothing of the other view's private factor.
 * Not claimed: that the private blocks are free of shared information — the MIB lets the private block of view i
 * carry any function of (z_s, z_i) that helps reconstruct x_i (measured `privateCopiesSharedR2`, reported).
 * Controls: the all-ones mask (a plain VAE on both views) mixes the blocks; β = 0 (no bottleneck) and β large
 * (every block collapses, so nothing is recovered, and the theorem claims nothing there).
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
import { TWO_VIEW_MASK, allOnesMask } from '../src/structured/mask.ts';
import type { Mask } from '../src/structured/mask.ts';
import { STRUCTURED_LEARNER_SLOT, maskedVaeLearner } from '../src/structured/mvae.ts';
import { twoViewParams } from '../src/structured/presets.ts';
import { buildStructuredWorld } from '../src/structured/world.ts';
import type { EquivalenceClass } from '../src/classes/types.ts';
import { blockR2Both, blockR2Matrices, judgeTwoView, runStructuredTrial, structuredArtifacts } from '../src/structured/trial.ts';
import type { StructuredTrial, TwoViewThresholds } from '../src/structured/trial.ts';

/** Training size and schedule per profile. */
export const SETTINGS: Record<ProfileName, { samples: number; test: number; steps: number; restarts: number; controlSteps: number; collapseSteps: number; hidden: number[]; blocks: [number, number, number][] }> = {
  quick: { samples: 2000, test: 800, steps: 1500, restarts: 2, controlSteps: 1000, collapseSteps: 500, hidden: [32], blocks: [[1, 1, 1]] },
  full: { samples: 2000, test: 800, steps: 2000, restarts: 2, controlSteps: 1200, collapseSteps: 500, hidden: [32], blocks: [[1, 1, 1], [2, 1, 1]] },
};

/**
 * Why restarts: the MIB objective has role-swapped local optima (the shared slot encodes a private factor and a
 * private slot the shared one; x₁ then lacks z_s). Measured on 3 worlds × 3 seeds at 1000 steps: the run with the
 * lowest final objective was the correct one whenever any run was, and the swapped runs had 0.8–1.0 nats higher loss.
 * The positive property therefore trains `restarts` runs and keeps the lowest final objective (model selection on the
 * training objective alone, as the theory speaks of its optimum); the controls train once.
 */

/** Optimiser: Adam 5e-3, batch 256. */
const OPTIMISER = { batchSize: 256, learningRate: 5e-3, evalEvery: 100 } as const;
/** Decoder σ on standardised observations. */
const DECODER_STD = 0.1;
/** KL weights of the controls. */
const BETA_LARGE = 5000;

const TOL = {
  shared: {
    value: 0.8,
    why: 'Out-of-sample kernel R² of the shared block both ways. Oracle block members with 2 % estimation noise score ≥ 0.94; a shared block mixed half-and-half with a private one (oracle negative) scores ≈ 0.5. Trained successes score 0.98–0.997 (quick).',
  },
  sharedLeak: {
    value: 0.2,
    why: 'R²(z_p ← ẑ_s) of an independent private factor is ≈ 0 (−0.05 … 0.05 measured, the kernel ridge’s out-of-sample noise at n = 800); 0.2 flags a shared block that carries a fifth of a private factor.',
  },
  crossPrivate: {
    value: 0.1,
    why: 'ẑ₁ is inferred from x₁ alone, which carries nothing of z₂; only estimation noise (|R²| ≤ 0.05) remains. 0.1 is twice that.',
  },
  copies: {
    value: 0.3,
    why: 'β = 0 control: a private block that explains ≥ 30 % of the shared factor duplicates it (independent factors give ≈ 0).',
  },
  collapse: {
    value: 0.01,
    why: 'β = 5000 control: every posterior-mean coordinate has variance ≤ 0.01 (prior variance 1), i.e. ≤ ½ log 1.01 ≈ 0.005 nats per coordinate. At σ = 0.1 the reconstruction gain of encoding a unit-variance factor is ≈ 50 per observed coordinate, so β = 50 does NOT collapse (measured max R² 0.72); 5000 is 100× that gain.',
  },
} as const;

const THRESHOLDS: TwoViewThresholds = { shared: TOL.shared.value, sharedLeak: TOL.sharedLeak.value, crossPrivate: TOL.crossPrivate.value };

interface World {
  blocks: [number, number, number];
  seed: number;
}

const worldArb = (profile: ProfileName): fc.Arbitrary<World> =>
  fc.record({ blocks: fc.constantFrom(...SETTINGS[profile].blocks), seed: fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff })) });

const paramsOf = (w: World) => twoViewParams({ shared: w.blocks[0], private1: w.blocks[1], private2: w.blocks[2], seed: w.seed });

function train(w: World, profile: ProfileName, mask: Mask, beta: number, ctx?: CheckContext, steps?: number): StructuredTrial {
  const s = SETTINGS[profile];
  const params = paramsOf(w);
  const world = buildStructuredWorld(params);
  const learner = maskedVaeLearner({
    blocks: world.blocks,
    groupDims: world.groupDims,
    decoderMask: mask,
    beta,
    hidden: s.hidden,
    decoderStd: DECODER_STD,
    train: { steps: steps ?? s.steps, ...OPTIMISER },
  });
  return runStructuredTrial(params, learner, { count: s.samples, testCount: s.test, seed: w.seed, attempt: ctx?.attempt, override: ctx?.learner });
}

/** `restarts` runs with fresh optimiser seeds; the lowest final training objective wins. */
function trainBest(w: World, profile: ProfileName, ctx?: CheckContext): { best: StructuredTrial; losses: number[] } {
  const r = SETTINGS[profile].restarts;
  const runs = Array.from({ length: r }, (_, i) => train(w, profile, TWO_VIEW_MASK, 1, { ...ctx, attempt: (ctx?.attempt ?? 0) * r + i }));
  const best = runs.reduce((a, b) => (b.train.finalLoss < a.train.finalLoss ? b : a));
  return { best, losses: runs.map((t) => r4(t.train.finalLoss)) };
}

/**
 * `identify` reads the shared slot: z_s → ẑ_s on the test rows (`recordBlock(0)`), with the block class of one
 * block of z_s's size (kernel within-block maps) joining the lattice. The true mask predicts an invertible function
 * of z_s (block); the all-ones mask and the collapsed β predict nothing identified (ẑ_s mixes in private factors,
 * resp. carries nothing). In one dimension (quick profile: z_s ∈ ℝ) the element-wise and block classes coincide.
 */
const sharedBlock = (w: World): EquivalenceClass[] => [blockClass({ blocks: [w.blocks[0]] })];

const withTrain = (o: TrialOutcome, t: StructuredTrial): TrialOutcome => ({
  ...o,
  details: { ...o.details, learner: t.learnerName, steps: t.train.steps, finalLoss: r4(t.train.finalLoss) },
  artifacts: structuredArtifacts([t.train], o.artifacts, t.maskMatrices),
});

/** Oracle test latents of a world. */
function oracleZ(w: World, profile: ProfileName): { z: Mat; blocks: number[] } {
  const world = buildStructuredWorld(paramsOf(w));
  return { z: world.sampleLatents(SETTINGS[profile].test, new Rng(w.seed).child('oracle-test')), blocks: world.blocks };
}

/**
 * A smooth invertible block-wise map that keeps every block in its slot: the mask fixes the roles (slot 0 is the
 * shared latent), so no block permutation is allowed here — one single-block class member per block.
 */
function slotPreservingMember(blocks: number[], rng: Rng): (z: Mat) => Mat {
  const starts: number[] = [];
  blocks.reduce((s, v) => (starts.push(s), s + v), 0);
  const parts = blocks.map((b, i) => blockClass({ blocks: [b] }).sampleMember(rng.child('block', i)));
  return (z: Mat) => {
    const outs = parts.map((m, i) => m.apply(z.map((r) => r.slice(starts[i], starts[i] + blocks[i]))));
    return z.map((_, t) => outs.flatMap((o) => o[t]));
  };
}

/** ẑ = a slot-preserving smooth invertible block-wise map of z + 2 % noise: what an identified learner returns. */
function identifiedOracle(w: World, profile: ProfileName): { z: Mat; zhat: Mat; blocks: number[] } {
  const { z, blocks } = oracleZ(w, profile);
  const rng = new Rng(deriveSeed(w.seed, 'oracle-identified'));
  return { z, zhat: oracleLatents(z, slotPreservingMember(blocks, rng.child('member')), rng.child('noise')), blocks };
}

/** ẑ = the identified map followed by mixing the shared block with a private one (ẑ_s += ẑ₁, ẑ₁ += ẑ_s, equal scales) + noise. */
function mixedOracle(w: World, profile: ProfileName): { z: Mat; zhat: Mat; blocks: number[] } {
  const { z, blocks } = oracleZ(w, profile);
  const rng = new Rng(deriveSeed(w.seed, 'oracle-mixed'));
  const h = slotPreservingMember(blocks, rng.child('member'));
  const standard = (m: Mat) => {
    const mean = m[0].map((_, c) => m.reduce((a, r) => a + r[c], 0) / m.length);
    const sd = mean.map((mu, c) => Math.sqrt(m.reduce((a, r) => a + (r[c] - mu) ** 2, 0) / m.length) || 1);
    return m.map((r) => r.map((v, c) => (v - mean[c]) / sd[c]));
  };
  const mixed = (zz: Mat) => {
    const y = standard(h(zz));
    return y.map((r) => {
      const out = r.slice();
      for (let c = 0; c < blocks[0]; c++) out[c] = r[c] + r[blocks[0] + (c % blocks[1])];
      for (let c = 0; c < blocks[1]; c++) out[blocks[0] + c] = r[blocks[0] + c] + r[c % blocks[0]];
      return out;
    });
  };
  return { z, zhat: oracleLatents(z, mixed, rng.child('noise')), blocks };
}

/** ẑ identified, except that private block 1 is replaced by a smooth function of the shared block (a duplicate). */
function copyOracle(w: World, profile: ProfileName): { z: Mat; zhat: Mat; blocks: number[] } {
  const o = identifiedOracle(w, profile);
  const p1 = o.blocks[0];
  const zhat = o.zhat.map((row, t) => {
    const out = row.slice();
    for (let c = 0; c < o.blocks[1]; c++) out[p1 + c] = monotoneWarp(o.z[t][c % o.blocks[0]]) * (c + 1);
    return out;
  });
  return { z: o.z, zhat, blocks: o.blocks };
}

/** Negative-control judge: the block check fails (pass = the control behaved as predicted). */
function judgeMixes(z: Mat, zhat: Mat, blocks: number[]): TrialOutcome {
  const o = judgeTwoView(z, zhat, blocks, THRESHOLDS);
  return { ...o, pass: !o.pass };
}

/** β = 0 control judge: some private block explains ≥ 30 % of the shared factor. */
function judgeCopies(z: Mat, zhat: Mat, blocks: number[]): TrialOutcome {
  const o = judgeTwoView(z, zhat, blocks, THRESHOLDS);
  const copies = o.details!.privateCopiesSharedR2 as number;
  return { ...o, pass: copies >= TOL.copies.value, statistic: copies };
}

/**
 * β = 5000 judge: collapse means the latents carry no information, not that their posterior means are unpredictable:
 * the posterior means shrink towards 0 but stay (scale-free) correlated with z (measured R² up to 0.6 at β = 5000).
 * With the posterior variance pushed to the prior's (≈ 1) by the KL, a posterior-mean variance v bounds the information
 * of each coordinate by ½ log(1 + v) nats; statistic: the largest posterior-mean variance over latent coordinates.
 */
function judgeCollapsed(z: Mat, zhat: Mat, blocks: number[]): TrialOutcome {
  const { fwd, inv } = blockR2Both(z, zhat, blocks);
  const n = zhat.length;
  const vars = zhat[0].map((_, c) => {
    const m = zhat.reduce((a, r) => a + r[c], 0) / n;
    return zhat.reduce((a, r) => a + (r[c] - m) ** 2, 0) / n;
  });
  const worst = Math.max(...vars);
  return {
    pass: worst <= TOL.collapse.value,
    statistic: worst,
    details: { maxPosteriorMeanVariance: r4(worst), infoBoundNats: r4(0.5 * Math.log(1 + worst)), maxBlockR2: r4(Math.max(...inv.flat())), blockR2Inv: JSON.stringify(inv.map((r) => r.map(r4))) },
    artifacts: { matrices: blockR2Matrices(fwd, inv, blocks) },
  };
}

export default defineTheorem({
  id: 'zhang2020.two-view.trained',
  title: 'Masked MIB on two views: the shared block is block-identified; all-ones mask and β extremes as controls',
  citation: {
    authors: 'Qi Zhang, Masanori Koyama, Kotaro Ishiguro',
    year: 2020,
    title: 'Learning Structured Latent Factors from Dependency Data: A Unified Framework (multivariate information bottleneck with mask variables)',
    where: 'multimodal (two-view) instance of the masked MIB; theory.md §6 checkable form',
  },
  claim:
    'With views x₁ = g₁(z_s, z₁), x₂ = g₂(z_s, z₂) and the true mask, the MIB-trained shared block is block-identified and carries nothing of the private factors, and private blocks carry nothing of the other view’s private factor; the all-ones mask is the negative control.',
  assumptions: [
    { id: 'independent-blocks', statement: 'z_s, z₁, z₂ independent N(0, I); sizes (1, 1, 1) quick, also (2, 1, 1) full.' },
    { id: 'mixing', statement: 'Each view: invertible one-hidden-layer leaky-ReLU MLP (slope 0.3, condition ≤ 20) of its parent blocks.' },
    { id: 'optimum', statement: 'The theory speaks of the optimum of the objective; a finite Adam run is a proxy (claimed rate below 1 for that reason).', toConfirm: true },
  ],
  learner: {
    name: 'masked VAE: packed MLP encoders/decoders with one hidden layer of 32 per block/group, σ = 0.1 on standardised views, Adam 5e-3, batch 256; positive: best of 2 × 1500 (quick) / 2 × 2000 (full) steps by final objective',
    objective: 'Σ_g ‖x_g − ν_g(z_{D_g})‖²/(2σ²) + Σ_b β_b KL(q(z_b | x_{E_b}) ‖ N(0, I)), D = true mask, E = Dᵀ',
  },
  predictedClass: { name: 'block (shared block up to an invertible map; kernel block R²)', classId: 'block' },
  controls: [
    'All-ones mask (β-VAE on both views): the block check fails in a real share of worlds.',
    'β = 0: private blocks duplicate shared information.',
    'β = 5000: every block collapses; recovery is not claimed there.',
  ],
  tolerances: TOL,
  properties: [
    {
      id: 'shared-block-identified',
      kind: 'trained',
      role: 'positive',
      statement:
        'With the true mask and β = 1, min(R²(ẑ_s ← z_s), R²(z_s ← ẑ_s)) ≥ 0.8, max_p R²(z_p ← ẑ_s) ≤ 0.2 and max R²(z_{p′} ← ẑ_p) ≤ 0.1 (kernel block R², out of sample).',
      statisticName: 'min(R²(ẑ_s ← z_s), R²(z_s ← ẑ_s))',
      threshold: TOL.shared.value,
      direction: 'at-least',
      rule: { quick: ruleFor(3, 0.7), full: ruleFor(8, 0.7) },
      learnerSlot: STRUCTURED_LEARNER_SLOT,
      arbitrary: worldArb,
      check: (w: World, profile, ctx) => {
        const { best: t, losses } = trainBest(w, profile, ctx);
        t.recordBlock(0, { restarts: SETTINGS[profile].restarts });
        const o = withTrain(judgeTwoView(t.z, t.zhat, t.blocks, THRESHOLDS), t);
        return { ...o, details: { ...o.details, restartLosses: JSON.stringify(losses) } };
      },
      oracle: {
        positive: (w: World, profile) => {
          const o = identifiedOracle(w, profile);
          return judgeTwoView(o.z, o.zhat, o.blocks, THRESHOLDS);
        },
        negative: (w: World, profile) => {
          const o = mixedOracle(w, profile);
          return judgeTwoView(o.z, o.zhat, o.blocks, THRESHOLDS);
        },
      },
      identify: { predicted: 'block', classes: sharedBlock },
      describeWorld: (w: World) => w,
    },
    {
      id: 'all-ones-mask-mixes-blocks',
      kind: 'trained',
      role: 'negative-control',
      statement: 'With the all-ones mask (every block reads and generates both views), the two-view block check fails in a real share of worlds.',
      statisticName: 'min(R²(ẑ_s ← z_s), R²(z_s ← ẑ_s)) (control passes when the block check fails)',
      threshold: TOL.shared.value,
      direction: 'at-most',
      rule: { quick: ruleFor(3, 0.7), full: ruleFor(8, 0.7) },
      learnerSlot: STRUCTURED_LEARNER_SLOT,
      arbitrary: worldArb,
      check: (w: World, profile, ctx) => {
        const t = train(w, profile, allOnesMask(2, 3), 1, ctx);
        t.recordBlock(0);
        return withTrain(judgeMixes(t.z, t.zhat, t.blocks), t);
      },
      oracle: {
        positive: (w: World, profile) => {
          const o = mixedOracle(w, profile);
          return judgeMixes(o.z, o.zhat, o.blocks);
        },
        negative: (w: World, profile) => {
          const o = identifiedOracle(w, profile);
          return judgeMixes(o.z, o.zhat, o.blocks);
        },
      },
      identify: { predicted: 'none', classes: sharedBlock },
      describeWorld: (w: World) => w,
    },
    {
      id: 'no-bottleneck-private-copies-shared',
      kind: 'trained',
      role: 'negative-control',
      statement: 'With β = 0 (no bottleneck), a private block carries ≥ 30 % of the shared factor (R²(z_s ← ẑ_p) ≥ 0.3) in a real share of worlds.',
      statisticName: 'max_p R²(z_s ← ẑ_p)',
      threshold: TOL.copies.value,
      direction: 'at-least',
      rule: { quick: ruleFor(3, 0.7), full: ruleFor(8, 0.7) },
      learnerSlot: STRUCTURED_LEARNER_SLOT,
      arbitrary: worldArb,
      check: (w: World, profile, ctx) => {
        const t = train(w, profile, TWO_VIEW_MASK, 0, ctx, SETTINGS[profile].controlSteps);
        t.recordBlock(0);
        return withTrain(judgeCopies(t.z, t.zhat, t.blocks), t);
      },
      oracle: {
        positive: (w: World, profile) => {
          const o = copyOracle(w, profile);
          return judgeCopies(o.z, o.zhat, o.blocks);
        },
        negative: (w: World, profile) => {
          const o = identifiedOracle(w, profile);
          return judgeCopies(o.z, o.zhat, o.blocks);
        },
      },
      // No prediction: with β = 0 the theory says the private blocks may copy z_s, and nothing about ẑ_s itself.
      identify: { predicted: null, classes: sharedBlock },
      describeWorld: (w: World) => w,
    },
    {
      id: 'large-beta-collapses',
      kind: 'trained',
      role: 'negative-control',
      statement: 'With β = 5000 every block collapses: every posterior-mean coordinate has variance ≤ 0.01 (≤ 0.005 nats of information each), so recovery is not claimed there.',
      statisticName: 'max posterior-mean variance over latent coordinates',
      threshold: TOL.collapse.value,
      direction: 'at-most',
      rule: { quick: ruleFor(2, 0.9), full: ruleFor(8, 0.9) },
      learnerSlot: STRUCTURED_LEARNER_SLOT,
      arbitrary: worldArb,
      check: (w: World, profile, ctx) => {
        const t = train(w, profile, TWO_VIEW_MASK, BETA_LARGE, ctx, SETTINGS[profile].collapseSteps);
        t.recordBlock(0);
        return withTrain(judgeCollapsed(t.z, t.zhat, t.blocks), t);
      },
      oracle: {
        // Positive: a collapsed encoder (posterior means ≈ constant + noise independent of z).
        positive: (w: World, profile) => {
          const { z, blocks } = oracleZ(w, profile);
          const rng = new Rng(deriveSeed(w.seed, 'oracle-collapsed'));
          return judgeCollapsed(z, rng.normalMatrix(z.length, z[0].length).map((r) => r.map((v) => 0.01 * v)), blocks);
        },
        negative: (w: World, profile) => {
          const o = identifiedOracle(w, profile);
          return judgeCollapsed(o.z, o.zhat, o.blocks);
        },
      },
      identify: { predicted: 'none', classes: sharedBlock },
      describeWorld: (w: World) => w,
    },
  ],
});
