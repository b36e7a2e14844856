/**
 * Zhang, Koyama & Ishiguro (2020) — structure learning: the mask variables learned, not given (theory.md §6).
 *
 * World: the two-view world (blocks z_s, z₁, z₂ of size 1, independent N(0, 1) priors, x₁ = g₁(z_s, z₁),
 * x₂ = g₂(z_s, z₂), one-hidden-layer leaky-ReLU MLPs, true mask A = [[1, 1, 0], [1, 0, 1]]) with well-conditioned
 * mixings: condition number ≤ 3 (`maxCondition`).
 * Learner (src/structured/mvae.ts `learnMask`): the masked VAE whose decoder reads every block through relaxed
 * Bernoulli gates (logits α, Gumbel-sigmoid, τ annealed 1 → 0.1) with the sparsity prior λ Σ σ(α), λ = 1 nat per
 * edge, the encoder reading every group; then backward elimination (`pruneMask`): from the read-out 1[α > 0], each
 * edge is dropped when the penalised objective J(M) = L(M) + λ|M| of M − edge, fine-tuned 300 steps, is below that of
 * M fine-tuned as long.
 * Claim: the learned mask equals A up to a permutation of the latent blocks (the roles are not named by the learner).
 * Why: a superset of A costs no reconstruction (the decoder may ignore a block), so under λ > 0 A beats every
 * superset by λ per extra edge; a mask missing a needed edge loses that edge's information, which costs more than λ
 * when the views are faithful to A (every parent matters at the decoder's noise scale σ).
 *
 * FINDING (corrected assumption). The claim needs that faithfulness, and condition ≤ 20 mixings (the other
 * Zhang theorems' default) do not give it: with σ = 0.1 on standardised views, a view whose mixing has a weak second
 * direction (standard deviation ≲ σ) is reconstructed by ONE latent as well as by two, so a needed edge is nearly
 * free. Measured (world seed 100, condition ≤ 20, fixed masks, 1500 steps): dropping x₂'s shared edge changed the
 * final objective from 6.77 to 6.74, although z_s alone moves x₂ by 34 nats' worth of reconstruction
 * (`edgeStrengths`); with elimination at λ = 0.5 the learned mask was right in 5 of 8 such worlds, the misses
 * dropping needed edges whose removal cost 0.1–0.4 nats. With condition ≤ 3 the same drop costs 14.7 nats.
 * Measured with condition ≤ 3 (seeds outside the suite's): λ = 0.5, 20 of 20 worlds right; λ = 1, 12 of 12. In
 * elimination, dropping a useless edge changed J by −0.16 … −0.77 (λ = 0.5) and −0.25 … −1.21 (λ = 1), i.e. L moved
 * by ± 0.35 of optimiser jitter; dropping a needed edge raised J by ≥ 0.38 (λ = 0.5) and ≥ 0.41 (λ = 1) — a
 * needed edge tried while a useless one is still there is partly re-routed through it (the cheapest such steps),
 * otherwise 3–30 nats. λ = 1 has the larger margin on both sides.
 * FINDING (optimiser). The relaxed gates alone do not prune: the read-out 1[α > 0] kept every edge in 19 of 20
 * worlds at λ = 0.5 and 10 of 12 at λ = 1 (5 edges in the others) and was never the true mask (and earlier at λ ∈ {1, 2, 3, 5}: 0/3 … 3/7 correct, see src/structured/README.md): an edge whose
 * decoder weights are ≈ 0 has gradient λ σ'(α) on its logit, ≈ 0.05 λ at α = 3. Comparing fine-tuned objectives is
 * what decides an edge; the comparison must give both masks the same extra steps, else the candidate wins by its
 * extra training alone (measured: needed private edges removed).
 * Control: the relaxed read-out alone (no elimination) is not the true mask in a real share of worlds.
 */
import fc from 'fast-check';
import { defineTheorem } from '../src/theorem/define.ts';
import { Rng, deriveSeed } from '../src/rng/rng.ts';
import { ruleFor } from '../src/stats/rule.ts';
import type { ProfileName } from '../src/theorem/profile.ts';
import type { CheckContext, TrialOutcome } from '../src/theorem/types.ts';
import { r4 } from '../src/theorem/trial.ts';
import { TWO_VIEW_MASK } from '../src/structured/mask.ts';
import type { Mask } from '../src/structured/mask.ts';
import { STRUCTURED_LEARNER_SLOT, maskedVaeLearner } from '../src/structured/mvae.ts';
import type { PruneStep } from '../src/structured/mvae.ts';
import { twoViewParams } from '../src/structured/presets.ts';
import type { StructuredWorldParams } from '../src/structured/world.ts';
import { buildStructuredWorld, edgeStrengths } from '../src/structured/world.ts';
import { learnedMask, maskMismatch, runStructuredTrial, structuredArtifacts } from '../src/structured/trial.ts';
import type { StructuredTrial } from '../src/structured/trial.ts';

/** Training size and schedule per profile (blocks of size 1: the learned roles are compared up to a permutation). */
export const SETTINGS: Record<ProfileName, { samples: number; test: number; steps: number; pruneSteps: number; trials: number; controlTrials: number }> = {
  quick: { samples: 2000, test: 200, steps: 1500, pruneSteps: 300, trials: 3, controlTrials: 3 },
  full: { samples: 2000, test: 200, steps: 1500, pruneSteps: 300, trials: 12, controlTrials: 8 },
};

/** Condition number bound of each view's mixing (faithfulness at σ = 0.1; module doc). */
export const MAX_CONDITION = 3;
/** Sparsity weight λ (nats per edge): above the optimiser jitter of fine-tuned objectives, below the cost of needed edges (module doc). */
export const SPARSITY = 1;
const OPTIMISER = { batchSize: 256, learningRate: 5e-3, evalEvery: 100 } as const;
const DECODER_STD = 0.1;

const TOL = {
  mismatch: {
    value: 0,
    why: 'A mask is right or wrong: the statistic counts entries that differ from the true mask after the best permutation of latent blocks, and the property requires none.',
  },
} as const;

interface World {
  seed: number;
}

const worldArb = (): fc.Arbitrary<World> => fc.record({ seed: fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff })) });

const paramsOf = (w: World): StructuredWorldParams => ({ ...twoViewParams({ shared: 1, private1: 1, private2: 1, seed: w.seed }), maxCondition: MAX_CONDITION });

function train(w: World, profile: ProfileName, prune: boolean, ctx?: CheckContext): StructuredTrial {
  const s = SETTINGS[profile];
  const params = paramsOf(w);
  const world = buildStructuredWorld(params);
  const learner = maskedVaeLearner({
    blocks: world.blocks,
    groupDims: world.groupDims,
    decoderMask: TWO_VIEW_MASK,
    beta: 1,
    hidden: [32],
    decoderStd: DECODER_STD,
    learnMask: { sparsity: SPARSITY, tauStart: 1, tauEnd: 0.1, initLogit: 1, prune: prune ? { steps: s.pruneSteps } : undefined },
    train: { steps: s.steps, ...OPTIMISER },
  });
  return runStructuredTrial(params, learner, { count: s.samples, testCount: s.test, seed: w.seed, attempt: ctx?.attempt, override: ctx?.learner });
}

/** Judge a learned mask: statistic = entries differing from A after the best block permutation; pass when 0. */
export function judgeMask(learned: Mask): TrialOutcome {
  const mismatch = maskMismatch(TWO_VIEW_MASK, learned);
  return { pass: mismatch <= TOL.mismatch.value, statistic: mismatch, details: { mask: JSON.stringify(learned), edges: learned.flat().reduce((a, v) => a + v, 0) } };
}

/** Control judge: the mask is NOT the true one (pass = the control behaved as predicted). */
function judgeWrong(learned: Mask): TrialOutcome {
  const o = judgeMask(learned);
  return { ...o, pass: !o.pass };
}

/** The learned mask of a trial; a plugged-in learner that returns none is a failed trial with a clear reason. */
function maskOf(t: StructuredTrial): Mask {
  const m = learnedMask(t.learned, TWO_VIEW_MASK.length, TWO_VIEW_MASK[0].length);
  if (!m) throw new Error(`structure learning: the learner "${t.learnerName}" returned no learned.mask (a ${TWO_VIEW_MASK.length} × ${TWO_VIEW_MASK[0].length} 0/1 matrix)`);
  return m.mask;
}

/** Elimination summary: the cheapest kept edge's cost and the largest gain of a removed one (J differences, nats). */
function pruneDetails(t: StructuredTrial): Record<string, number | string> {
  const steps = (t.learned.pruneSteps as PruneStep[] | undefined) ?? [];
  const kept = steps.filter((p) => !p.removed).map((p) => p.after - p.before);
  const removed = steps.filter((p) => p.removed).map((p) => p.after - p.before);
  return {
    ...(t.learned.readoutMask ? { readoutMask: JSON.stringify(t.learned.readoutMask) } : {}),
    ...(kept.length ? { cheapestKeptEdge: r4(Math.min(...kept)) } : {}),
    ...(removed.length ? { worstRemovedEdge: r4(Math.max(...removed)) } : {}),
  };
}

/** Premise: the weakest true edge's reconstruction signal S/(2σ²) in nats (`edgeStrengths`; no re-routing). */
function weakestEdge(w: World): number {
  const world = buildStructuredWorld(paramsOf(w));
  const s = edgeStrengths(world, new Rng(deriveSeed(w.seed, 'edge-strengths')));
  return r4(Math.min(...s.flatMap((r, g) => r.filter((_, b) => world.mask[g][b] === 1))) / (2 * DECODER_STD ** 2));
}

function outcome(o: TrialOutcome, t: StructuredTrial, w: World): TrialOutcome {
  return {
    ...o,
    details: { ...o.details, ...pruneDetails(t), weakestEdgeNats: weakestEdge(w), learner: t.learnerName, steps: t.train.steps, finalLoss: r4(t.train.finalLoss) },
    artifacts: structuredArtifacts([t.train], undefined, t.maskMatrices),
  };
}

/** Oracle masks: A with its blocks permuted (a correct learner), and that with one entry flipped (a wrong one). */
function oracleMask(w: World, flip: boolean): Mask {
  const rng = new Rng(deriveSeed(w.seed, 'oracle-mask'));
  const perm = rng.permutation(3);
  const m = TWO_VIEW_MASK.map((row) => perm.map((j) => row[j]));
  if (flip) {
    const g = rng.int(2);
    const b = rng.int(3);
    m[g][b] = 1 - m[g][b];
  }
  return m;
}

export default defineTheorem({
  id: 'zhang2020.structure.trained',
  title: 'Masked MIB with learned masks: relaxed-Bernoulli gates plus backward elimination recover the two-view mask up to a block permutation',
  citation: {
    authors: 'Qi Zhang, Masanori Koyama, Kotaro Ishiguro',
    year: 2020,
    title: 'Learning Structured Latent Factors from Dependency Data: A Unified Framework (multivariate information bottleneck with mask variables)',
    where: 'learning the mask variables (structure learning) with a sparsity prior',
  },
  claim: 'With a sparsity prior below the cost of every needed edge, the learned decoder mask equals the true dependency structure up to a permutation of the latent blocks.',
  assumptions: [
    { id: 'two-view', statement: 'Blocks z_s, z₁, z₂ (size 1, independent N(0, 1)); x₁ = g₁(z_s, z₁), x₂ = g₂(z_s, z₂), one-hidden-layer leaky-ReLU MLPs; true mask [[1, 1, 0], [1, 0, 1]].' },
    { id: 'faithful', statement: 'Every view is faithful to its parents at the decoder scale σ = 0.1: mixing condition number ≤ 3 (with ≤ 20, one latent reconstructs a view nearly as well as two and needed edges become free — FINDING in the module doc).', toConfirm: true },
    { id: 'sparsity', statement: 'λ = 1 nat per edge: above the optimiser jitter of fine-tuned objectives (± 0.35 nats) and below what a needed edge costs when dropped (≥ 1.4 nats of L measured, 3–30 once no useless edge is left to re-route through).', toConfirm: true },
    { id: 'elimination', statement: 'The relaxed gates are read out and then pruned by backward elimination on the penalised objective (fine-tuned comparisons), not by the gates alone.' },
  ],
  learner: {
    name: 'masked VAE with relaxed-Bernoulli decoder gates (λ = 1, τ 1 → 0.1, initial logit 1) + backward elimination (300 fine-tuning steps per comparison), one hidden layer of 32, σ = 0.1, Adam 5e-3, batch 256, 1500 steps',
    objective: 'Σ_g ‖x_g − ν_g(z ⊙ m_g)‖²/(2σ²) + Σ_b KL_b + λ Σ σ(α); elimination on L(M) + λ|M|',
  },
  predictedClass: { name: 'true mask up to a permutation of latent blocks' },
  controls: ['The relaxed read-out 1[α > 0] alone (no elimination) is not the true mask in a real share of worlds.'],
  tolerances: TOL,
  properties: [
    {
      id: 'learned-mask-recovered',
      kind: 'trained',
      role: 'positive',
      statement: 'In at least 80 % of worlds: the learned mask (relaxed gates + backward elimination) equals [[1, 1, 0], [1, 0, 1]] up to a permutation of the latent blocks.',
      statisticName: 'mask entries wrong (best block permutation)',
      threshold: TOL.mismatch.value,
      direction: 'at-most',
      // Claimed rate 0.8: measured 12 of 12 worlds at λ = 1 (Clopper–Pearson 95 % lower bound 0.78) and 20 of 20 at λ = 0.5 (condition ≤ 3, seeds outside the suite's).
      rule: { quick: ruleFor(SETTINGS.quick.trials, 0.8), full: ruleFor(SETTINGS.full.trials, 0.8) },
      learnerSlot: `${STRUCTURED_LEARNER_SLOT}; the fitted encoder must report learned.mask (groups × blocks, 0/1)`,
      arbitrary: worldArb,
      check: (w: World, profile, ctx) => {
        const t = train(w, profile, true, ctx);
        return outcome(judgeMask(maskOf(t)), t, w);
      },
      oracle: {
        positive: (w: World) => judgeMask(oracleMask(w, false)),
        negative: (w: World) => judgeMask(oracleMask(w, true)),
      },
      describeWorld: (w: World) => w,
    },
    {
      id: 'relaxed-readout-alone-misses',
      kind: 'trained',
      role: 'negative-control',
      statement: 'Without the elimination step, the read-out 1[α > 0] of the relaxed gates differs from the true mask in a real share of worlds (useless edges are not pruned by the gates’ gradient).',
      statisticName: 'mask entries wrong (control passes above 0)',
      threshold: TOL.mismatch.value,
      direction: 'at-least',
      rule: { quick: ruleFor(SETTINGS.quick.controlTrials, 0.8), full: ruleFor(SETTINGS.full.controlTrials, 0.8) },
      learnerSlot: `${STRUCTURED_LEARNER_SLOT}; the fitted encoder must report learned.mask (groups × blocks, 0/1)`,
      arbitrary: worldArb,
      check: (w: World, profile, ctx) => {
        const t = train(w, profile, false, ctx);
        return outcome(judgeWrong(maskOf(t)), t, w);
      },
      oracle: {
        positive: (w: World) => judgeWrong(oracleMask(w, true)),
        negative: (w: World) => judgeWrong(oracleMask(w, false)),
      },
      describeWorld: (w: World) => w,
    },
  ],
});

