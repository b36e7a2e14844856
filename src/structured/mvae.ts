/**
 * The multivariate information bottleneck of Zhang, Koyama & Ishiguro (2020) as a masked VAE, on the shared
 * training core (`createMlp` dense layers, `train`'s seeded batching and stopping).
 *
 * Structure: latent blocks z_1, …, z_K (sizes d_b) and observed groups x_1, …, x_G (networks: `createPackedMlp`).
 *   encoder mask E (blocks × groups): q(z_b | x) = N(μ_b(x_{E_b}), diag exp(ℓ_b(x_{E_b}))), one MLP per block reading
 *     the groups E_b = { g : E[b][g] = 1 } (default E = Dᵀ);
 *   decoder mask D (groups × blocks): p(x_g | z) = N(ν_g(z_{D_g}), σ² I), one MLP per group reading the blocks D_g.
 * Objective (negative MIB / ELBO per sample, additive constants ½ d_g log 2πσ² dropped):
 *   L = Σ_g E_q ‖x_g − ν_g(z_{D_g})‖² / (2σ²)  +  Σ_b β_b KL(q(z_b | x_{E_b}) ‖ N(0, I))
 *     KL_b = ½ Σ_k (μ_bk² + e^{ℓ_bk} − 1 − ℓ_bk)
 * with the reparameterisation z_b = μ_b + e^{ℓ_b/2} ⊙ ε, ε ~ N(0, I) (one draw per sample and step, seeded).
 * Unification (tests/structured/mvae.test.ts): one group and the all-ones mask with β = 1 is the VAE (Kingma &
 * Welling 2014), β > 1 the β-VAE (Higgins et al. 2017); the two-view mask [[1, 1, 0], [1, 0, 1]] with E = Dᵀ is the
 * multimodal shared/private VAE (e.g. Shi et al. 2019's MMVAE with private latents, Lee & Pavlovic 2021).
 *
 * Structure learning (`learnMask`): the decoder of group g reads every block, block b gated by a relaxed Bernoulli
 * (Gumbel-sigmoid / binary concrete, Maddison et al. 2017; Jang et al. 2017) m_gb = σ((α_gb + log u − log(1 − u)) / τ),
 * u ~ U(0, 1), with logits α (G × K) learned, temperature annealed geometrically from τ₀ to τ₁ over the steps, and
 * a sparsity prior λ Σ_gb σ(α_gb) (the expected number of edges) added to L. Read-out: the binary mask 1[α_gb > 0]
 * (gate probability > ½). The encoder then reads every group.
 *
 * Observations are standardised per column with the training data's moments (σ is in those units).
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix, assertNumber, assertPositiveInt } from '../core/validate.ts';
import type { FittedEncoder, Learner, LearnerSeeds, PairData } from '../learners/types.ts';
import { deriveSeed } from '../rng/rng.ts';
import type { Rng } from '../rng/rng.ts';
import { dense } from '../train/dense.ts';
import { resolveTrainConfig, train } from '../train/train.ts';
import { fromTensor2D, gatherRows, toTensor2D } from '../train/data.ts';
import type { TrainConfig } from '../train/types.ts';
import { assertBlocks } from '../classes/block.ts';
import type { Mask } from './mask.ts';
import { transposeMask, validateMask } from './mask.ts';

/** Observed groups for the structured learners: `groups[g]` is n × d_g; x / xNext hold views 1 / 2 (PairData shape). */
export interface StructuredData extends PairData {
  groups: Mat[];
}

/** What a plugged-in learner is fed by the structured properties. */
export const STRUCTURED_LEARNER_SLOT =
  'StructuredData { groups: one n × d_g matrix per observed group (x_g = g_g(z_{S_g})), x: groups[0], xNext: groups[1] }; encode(x) receives the groups concatenated column-wise and must return the latent blocks concatenated in block order (sizes as the world\'s blocks)';

export interface LearnMaskConfig {
  /** Sparsity weight λ on the expected number of edges Σ σ(α). */
  sparsity: number;
  /** Initial and final temperature τ (geometric annealing). */
  tauStart: number;
  tauEnd: number;
  /** Initial logits (default 1: gates start mostly open). */
  initLogit?: number;
  /**
   * Backward elimination after the relaxed phase (`pruneMask`): fine-tune the read-out mask with hard 0/1 gates for
   * `steps` steps, then try removing each kept edge (lowest logit first), fine-tuning `steps` steps, and keep the
   * removal when the penalised objective J(M) = L(M) + λ |M| on the training rows (common reparameterisation noise)
   * goes down. Absent: the read-out 1[α > 0] is final.
   */
  prune?: { steps: number };
}

/** One step of the backward elimination: the edge tried, J before and after, kept or removed. */
export interface PruneStep {
  group: number;
  block: number;
  /** J(M) of the current mask and J(M − edge) after fine-tuning. */
  before: number;
  after: number;
  removed: boolean;
}

export interface MaskedVaeConfig {
  /** Latent block sizes. */
  blocks: number[];
  /** Observed group dimensions. */
  groupDims: number[];
  /** groups × blocks: which blocks generate each group. Ignored (all read) under `learnMask`. */
  decoderMask: Mask;
  /** blocks × groups: which groups each block is inferred from (default decoderMaskᵀ; all groups under learnMask). */
  encoderMask?: Mask;
  /** KL weight per block (a number for all blocks); ≥ 0. Default 1. */
  beta?: number | number[];
  /** Hidden widths of every encoder and decoder MLP (default [32, 32]; [] = linear Gaussian). */
  hidden?: number[];
  /** Decoder standard deviation σ on standardised observations (default 0.1). */
  decoderStd?: number;
  /** Learn the decoder mask (relaxed Bernoulli gates); see module doc. */
  learnMask?: LearnMaskConfig;
  /** Standardise each observed column with the training moments (default true). */
  standardize?: boolean;
  /** Invariance penalty (fairness / IRM): `weight` · Σ corr²(μ_block, φ(x_group)), see `invariancePenalty`. */
  invariance?: InvarianceConfig;
  train: TrainConfig;
}

/**
 * Which latent block must carry nothing of which observed group (the sensitive attribute or environment), optionally
 * given a binary label group (IRM: the invariant block independent of the environment within each label class).
 */
export interface InvarianceConfig {
  block: number;
  group: number;
  weight: number;
  /** A one-column group holding a binary label (two distinct values); the penalty is then taken within its classes. */
  given?: number;
  /**
   * 'corr' (default): Σ corr²(μ_b, φ(x_g)), moments only. 'mmd': each column of the group is a binary variable (an
   * environment index for two environments, or one-hot indicators for more) and the penalty is the RBF MMD² between
   * the laws of μ_b on its two values (within each class of `given`): the whole law, not only its means
   * (`mmdInvariancePenalty`). 'hsic': the RBF-kernel HSIC between μ_b and
   * x_g, any dimensions, continuous or discrete (`hsicInvariancePenalty`; `given` not supported).
   */
  estimator?: 'corr' | 'mmd' | 'hsic';
  /**
   * Features of the block under 'corr': 'linear' (default) correlates μ_b itself; 'cubic' correlates ψ(μ_b) = (u, u²,
   * u³) per coordinate, u = μ_b standardised over the batch — the feature map of the `logisticAccuracy` judge, so a
   * leak that judge can read (e.g. a spread of μ_b that depends on the attribute) is penalised.
   */
  blockFeatures?: 'linear' | 'cubic';
}

/** A validated config with defaults filled in. */
export interface ResolvedMaskedVaeConfig {
  blocks: number[];
  groupDims: number[];
  decoderMask: Mask;
  encoderMask: Mask;
  beta: number[];
  hidden: number[];
  decoderStd: number;
  learnMask?: LearnMaskConfig;
  standardize: boolean;
  invariance?: InvarianceConfig;
  train: TrainConfig;
}

/**
 * Check a masked-VAE config: InputError naming `blocks…`, `groupDims…`, `decoderMask…` (latent that generates nothing,
 * group with no parent, wrong shape), `encoderMask…`, `beta` / `beta[b]` (must be ≥ 0), `decoderStd`, `learnMask.…`, `config.…`.
 */
export function resolveMaskedVaeConfig(config: MaskedVaeConfig): ResolvedMaskedVaeConfig {
  if (config === null || typeof config !== 'object') throw new InputError('config', config, 'a MaskedVaeConfig');
  assertBlocks('blocks', config.blocks);
  const k = config.blocks.length;
  if (!Array.isArray(config.groupDims) || config.groupDims.length === 0) throw new InputError('groupDims', config.groupDims, 'a non-empty list of group dimensions');
  config.groupDims.forEach((d, g) => {
    if (!Number.isInteger(d) || d < 1) throw new InputError(`groupDims[${g}]`, d, 'a positive integer');
  });
  const gN = config.groupDims.length;
  const learn = config.learnMask !== undefined;
  const decoderMask = learn ? validateMask('decoderMask', config.decoderMask ?? allOnes(gN, k), gN, k) : validateMask('decoderMask', config.decoderMask, gN, k);
  const encoderMask =
    config.encoderMask === undefined
      ? learn
        ? allOnes(k, gN)
        : transposeMask(decoderMask)
      : validateMask('encoderMask', config.encoderMask, k, gN, { allowEmptyColumns: true });
  const betaIn = config.beta ?? 1;
  const beta = Array.isArray(betaIn) ? betaIn.slice() : new Array<number>(k).fill(betaIn);
  if (beta.length !== k) throw new InputError('beta', betaIn, `a number or ${k} numbers (one per block)`);
  beta.forEach((b, i) => {
    if (typeof b !== 'number' || !Number.isFinite(b) || b < 0) throw new InputError(Array.isArray(betaIn) ? `beta[${i}]` : 'beta', b, 'a KL weight β ≥ 0');
  });
  const hidden = config.hidden ?? [32, 32];
  if (!Array.isArray(hidden)) throw new InputError('hidden', hidden, 'an array of hidden widths');
  const decoderStd = config.decoderStd === undefined ? 0.1 : assertNumber('decoderStd', config.decoderStd, { min: 0 });
  if (!(decoderStd > 0)) throw new InputError('decoderStd', decoderStd, 'a number > 0');
  if (learn) {
    const l = config.learnMask!;
    assertNumber('learnMask.sparsity', l.sparsity, { min: 0 });
    const t0 = assertNumber('learnMask.tauStart', l.tauStart, { min: 0 });
    const t1 = assertNumber('learnMask.tauEnd', l.tauEnd, { min: 0 });
    if (!(t0 > 0)) throw new InputError('learnMask.tauStart', t0, 'a temperature > 0');
    if (!(t1 > 0)) throw new InputError('learnMask.tauEnd', t1, 'a temperature > 0');
    if (l.initLogit !== undefined) assertNumber('learnMask.initLogit', l.initLogit);
    if (l.prune !== undefined) assertPositiveInt('learnMask.prune.steps', (l.prune as { steps?: unknown } | null)?.steps);
  }
  if (config.invariance !== undefined) {
    const inv = config.invariance;
    if (!Number.isInteger(inv?.block) || inv.block < 0 || inv.block >= k) throw new InputError('invariance.block', inv?.block, `a block index in [0, ${k})`);
    if (!Number.isInteger(inv.group) || inv.group < 0 || inv.group >= gN) throw new InputError('invariance.group', inv.group, `a group index in [0, ${gN})`);
    assertNumber('invariance.weight', inv.weight, { min: 0 });
    if (inv.given !== undefined) {
      if (!Number.isInteger(inv.given) || inv.given < 0 || inv.given >= gN || inv.given === inv.group)
        throw new InputError('invariance.given', inv.given, `a group index in [0, ${gN}) other than invariance.group`);
      if (config.groupDims[inv.given] !== 1) throw new InputError('invariance.given', inv.given, 'a one-column (binary label) group');
    }
    if (inv.estimator !== undefined && inv.estimator !== 'corr' && inv.estimator !== 'mmd' && inv.estimator !== 'hsic') throw new InputError('invariance.estimator', inv.estimator, "'corr', 'mmd' or 'hsic'");
    if (inv.estimator === 'hsic' && inv.given !== undefined) throw new InputError('invariance.given', inv.given, "no conditioning group under estimator 'hsic'");
    if (inv.blockFeatures !== undefined && inv.blockFeatures !== 'linear' && inv.blockFeatures !== 'cubic') throw new InputError('invariance.blockFeatures', inv.blockFeatures, "'linear' or 'cubic'");
    if (inv.blockFeatures === 'cubic' && (inv.estimator ?? 'corr') !== 'corr') throw new InputError('invariance.blockFeatures', inv.blockFeatures, "'cubic' only under estimator 'corr'");
  }
  resolveTrainConfig(config.train);
  return { invariance: config.invariance, blocks: config.blocks.slice(), groupDims: config.groupDims.slice(), decoderMask, encoderMask, beta, hidden: hidden.slice(), decoderStd, learnMask: config.learnMask, standardize: config.standardize ?? true, train: config.train };
}

function allOnes(r: number, c: number): Mask {
  return Array.from({ length: r }, () => new Array<number>(c).fill(1));
}

/**
 * A packed masked MLP: all sub-networks (one per block, or one per group) in one wide MLP whose weights are multiplied
 * by constant 0/1 connectivity masks (W ⊙ M), so a forward pass is one dense op per layer instead of one per
 * sub-network (fewer, larger ops are faster on wasm). Unit labels say which sub-network a unit belongs to; the first
 * layer connects input label i to unit label u where `first[u][i]` = 1, later layers connect equal labels only.
 */
export interface PackedMlp {
  weights: tf.Variable[];
  biases: tf.Variable[];
  /** Constant masks of layers ≥ 1 (layer 0's mask may be replaced by gates). */
  masks: tf.Tensor2D[];
  /** One-hot input labels [in, L_in] and first-layer unit labels [L_u, units] (for gated first layers). */
  inputLabels: tf.Tensor2D;
  firstUnitLabels: tf.Tensor2D;
  /** Forward pass (inside tf.tidy); `firstMask` replaces masks[0] (e.g. Pin · gateᵀ · Pu). */
  apply(x: tf.Tensor2D, firstMask?: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

let packedCounter = 0;

/**
 * Build a packed masked MLP. `inLabels[i]`: label of input unit i; `hiddenPer`: hidden widths per sub-network;
 * `outLabels[o]`: label of output unit o; `first[u][i]` (labels × input labels): allowed first-layer connections.
 * He-normal init on each unit's true fan-in (N(0, 2/fanIn) hidden, N(0, 1/fanIn) output), zero biases, from `rng`.
 */
export function createPackedMlp(inLabels: number[], numInLabels: number, numLabels: number, hiddenPer: number[], outLabels: number[], first: number[][], rng: Rng): PackedMlp {
  const id = packedCounter++;
  const layerLabels: number[][] = [inLabels, ...hiddenPer.map((h) => Array.from({ length: numLabels * h }, (_, u) => Math.floor(u / h))), outLabels];
  const weights: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  const masks: tf.Tensor2D[] = [];
  const onehot = (labels: number[], k: number) => labels.map((l) => Array.from({ length: k }, (_, c) => (c === l ? 1 : 0)));
  for (let l = 0; l + 1 < layerLabels.length; l++) {
    const ins = layerLabels[l];
    const outs = layerLabels[l + 1];
    const m = ins.map((li) => outs.map((lu) => (l === 0 ? first[lu][li] : li === lu ? 1 : 0)));
    const fanIn = outs.map((_, u) => Math.max(1, m.reduce((s, row) => s + row[u], 0)));
    const last = l + 2 === layerLabels.length;
    const w = new Float32Array(ins.length * outs.length);
    for (let i = 0; i < ins.length; i++) for (let u = 0; u < outs.length; u++) w[i * outs.length + u] = m[i][u] * rng.normal() * Math.sqrt((last ? 1 : 2) / fanIn[u]);
    weights.push(tf.tidy(() => tf.variable(tf.tensor2d(w, [ins.length, outs.length]), true, `packed${id}/w${l}`)));
    biases.push(tf.tidy(() => tf.variable(tf.zeros([outs.length]), true, `packed${id}/b${l}`)));
    masks.push(tf.tensor2d(m));
  }
  const inputLabels = tf.tensor2d(onehot(inLabels, numInLabels)) as tf.Tensor2D;
  const firstUnitLabels = tf.tensor2d(onehot(layerLabels[1], numLabels)[0] ? transposeMask(onehot(layerLabels[1], numLabels)) : [[]]) as tf.Tensor2D;
  const layers = weights.length;
  return {
    weights,
    biases,
    masks,
    inputLabels,
    firstUnitLabels,
    apply(x, firstMask) {
      let h = x;
      for (let l = 0; l < layers; l++) {
        const m = l === 0 && firstMask ? firstMask : masks[l];
        h = dense(h, tf.mul(weights[l], m) as tf.Tensor2D, biases[l] as tf.Variable<tf.Rank.R1>, l < layers - 1 ? 'leaky-relu' : 'linear', 0.2);
      }
      return h;
    },
    dispose() {
      tf.dispose([...weights, ...biases, ...masks, inputLabels, firstUnitLabels]);
    },
  };
}

/** The networks of a masked VAE. */
export interface MaskedVae {
  config: ResolvedMaskedVaeConfig;
  /** Packed encoder: concat(x_1, …, x_G) → [μ (d), ℓ (d)], block b's sub-network reading the groups E_b. */
  encoder: PackedMlp;
  /** Packed decoder: z (d) → concat(ν_1, …, ν_G), group g's sub-network reading the blocks D_g (gated under learnMask). */
  decoder: PackedMlp;
  /** One-hot block membership of latent columns [d, K] and group membership of observed columns [p, G]. */
  blockOf: tf.Tensor2D;
  groupOf: tf.Tensor2D;
  /** Mask logits α (G × K) under learnMask. */
  maskLogits?: tf.Variable;
  /** The binary mask fixed by `pruneMask` (G × K); the decoder then reads it instead of σ(α). */
  hardMask?: tf.Tensor2D;
  variables: tf.Variable[];
  dispose(): void;
}

/** Build the networks with weights from `rng` (the init stream). */
export function createMaskedVae(config: MaskedVaeConfig, rng: Rng): MaskedVae {
  const c = resolveMaskedVaeConfig(config);
  const k = c.blocks.length;
  const gN = c.groupDims.length;
  c.encoderMask.forEach((row, b) => {
    if (row.every((v) => v === 0)) throw new InputError(`encoderMask[${b}]`, row, `latent block ${b} to be inferred from at least one group`);
  });
  const latentLabels = c.blocks.flatMap((d, b) => new Array<number>(d).fill(b));
  const obsLabels = c.groupDims.flatMap((d, g) => new Array<number>(d).fill(g));
  const hid = c.hidden;
  const encoder = createPackedMlp(obsLabels, gN, k, hid, [...latentLabels, ...latentLabels], c.encoderMask, rng.child('encoder'));
  const decFirst = c.learnMask ? allOnes(gN, k) : c.decoderMask;
  const decoder = createPackedMlp(latentLabels, k, gN, hid, obsLabels, decFirst, rng.child('decoder'));
  const onehot = (labels: number[], n: number) => tf.tensor2d(labels.map((l) => Array.from({ length: n }, (_, j) => (j === l ? 1 : 0)))) as tf.Tensor2D;
  const blockOf = onehot(latentLabels, k);
  const groupOf = onehot(obsLabels, gN);
  let maskLogits: tf.Variable | undefined;
  if (c.learnMask) {
    const init = c.learnMask.initLogit ?? 1;
    maskLogits = tf.tidy(() => tf.variable(tf.fill([gN, k], init), true, `mvae-mask-${packedCounter++}`));
  }
  const variables = [...encoder.weights, ...encoder.biases, ...decoder.weights, ...decoder.biases, ...(maskLogits ? [maskLogits] : [])];
  return {
    config: c,
    encoder,
    decoder,
    blockOf,
    groupOf,
    maskLogits,
    variables,
    dispose(this: MaskedVae) {
      encoder.dispose();
      decoder.dispose();
      blockOf.dispose();
      groupOf.dispose();
      maskLogits?.dispose();
      this.hardMask?.dispose();
    },
  };
}

/** Posterior parameters μ, ℓ (n × d each, blocks concatenated) from the concatenated groups x (inside tf.tidy). */
export function encodeBlocks(vae: MaskedVae, x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  const d = vae.blockOf.shape[0];
  const out = vae.encoder.apply(x);
  return { mu: tf.slice(out, [0, 0], [-1, d]), logvar: tf.slice(out, [0, d], [-1, d]) };
}

/**
 * Decoder means ν (n × p, groups concatenated) from latents z (n × d) (inside tf.tidy). Under learnMask, `gates`
 * (G × K; default the pruned mask if any, else σ(α)) scale block b's connections into group g's sub-network; otherwise the decoder mask fixes them.
 */
export function decodeGroups(vae: MaskedVae, z: tf.Tensor2D, gates?: tf.Tensor2D): tf.Tensor2D {
  if (!vae.maskLogits) return vae.decoder.apply(z);
  const gate = gates ?? vae.hardMask ?? (tf.sigmoid(vae.maskLogits) as tf.Tensor2D);
  // first-layer mask [d, units] = blockOf [d, K] · gateᵀ [K, G] · unitLabels [G, units]
  const first = tf.matMul(tf.matMul(vae.blockOf, tf.transpose(gate)), vae.decoder.firstUnitLabels) as tf.Tensor2D;
  return vae.decoder.apply(z, first);
}

/** Reconstruction term of each group, mean over rows of ‖x_g − ν_g‖² / (2σ²): a [G] tensor (inside tf.tidy). */
export function reconstructionTerms(vae: MaskedVae, x: tf.Tensor2D, z: tf.Tensor2D, gates?: tf.Tensor2D): tf.Tensor1D {
  const s2 = 2 * vae.config.decoderStd ** 2;
  const sq = tf.square(tf.sub(x, decodeGroups(vae, z, gates))) as tf.Tensor2D;
  return tf.div(tf.mean(tf.matMul(sq, vae.groupOf), 0), s2) as tf.Tensor1D;
}

/** KL(q(z_b | ·) ‖ N(0, I)) of each block, mean over rows: a [K] tensor (inside tf.tidy). */
export function klTerms(vae: MaskedVae, mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor1D {
  const el = tf.mul(0.5, tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), tf.add(1, logvar))) as tf.Tensor2D;
  return tf.mean(tf.matMul(el, vae.blockOf), 0) as tf.Tensor1D;
}

/** The objective's terms on a batch. */
export interface MibTerms {
  /** [G] reconstruction terms. */
  recon: tf.Tensor1D;
  /** [K] KL terms. */
  kl: tf.Tensor1D;
  /** Σ recon + Σ β_b kl_b (+ sparsity under learnMask). */
  total: tf.Scalar;
}

/** All terms of L on a batch x (n × p) with reparameterisation noise eps (n × d) (inside tf.tidy); `sparsity: false` leaves out λ Σ σ(α). */
export function mibTerms(vae: MaskedVae, x: tf.Tensor2D, eps: tf.Tensor2D, gates?: tf.Tensor2D, sparsity = true): MibTerms {
  const { mu, logvar } = encodeBlocks(vae, x);
  const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps)) as tf.Tensor2D;
  const recon = reconstructionTerms(vae, x, z, gates);
  const kl = klTerms(vae, mu, logvar);
  let total = tf.add(tf.sum(recon), tf.sum(tf.mul(kl, tf.tensor1d(vae.config.beta)))) as tf.Scalar;
  if (sparsity && vae.maskLogits && vae.config.learnMask) total = tf.add(total, tf.mul(vae.config.learnMask.sparsity, tf.sum(tf.sigmoid(vae.maskLogits)))) as tf.Scalar;
  const inv = vae.config.invariance;
  if (inv && inv.weight > 0) total = tf.add(total, tf.mul(inv.weight, inv.estimator === 'mmd' ? mmdInvariancePenalty(vae, mu, x, inv) : inv.estimator === 'hsic' ? hsicInvariancePenalty(vae, mu, x, inv) : invariancePenalty(vae, mu, x, inv))) as tf.Scalar;
  return { recon, kl, total };
}

/**
 * Invariance penalty Σ_{k, f} corr²(ψ_k(μ_b), φ_f(x_g)) over the batch (ψ = μ_b, or its per-coordinate cubic features
 * under `blockFeatures: 'cubic'`), φ(a) = (a, a², tanh 2a) per column of the
 * group: a finite-feature surrogate of HSIC (Gretton et al. 2005) between the designated block's posterior means and the
 * sensitive attribute / environment; 0 iff every feature is uncorrelated with every coordinate (inside tf.tidy).
 * With `given` (a binary label column, classes split at its batch mean), both sides are first centred within each
 * class, so the correlations are pooled within-class (partial) correlations: a surrogate of μ_b ⊥ x_g | label.
 */
export function invariancePenalty(vae: MaskedVae, mu: tf.Tensor2D, x: tf.Tensor2D, inv: InvarianceConfig): tf.Scalar {
  const c = vae.config;
  const bStart = c.blocks.slice(0, inv.block).reduce((a, v) => a + v, 0);
  const gStart = c.groupDims.slice(0, inv.group).reduce((a, v) => a + v, 0);
  const m = tf.slice(mu, [0, bStart], [-1, c.blocks[inv.block]]) as tf.Tensor2D;
  const a = tf.slice(x, [0, gStart], [-1, c.groupDims[inv.group]]);
  const phi = tf.concat([a, tf.square(a), tf.tanh(tf.mul(a, 2))], 1) as tf.Tensor2D;
  let centre = (t: tf.Tensor2D) => tf.sub(t, tf.mean(t, 0, true)) as tf.Tensor2D;
  if (inv.given !== undefined) {
    const yStart = c.groupDims.slice(0, inv.given).reduce((s, v) => s + v, 0);
    const y = tf.slice(x, [0, yStart], [-1, 1]);
    const w1 = tf.cast(tf.greater(y, tf.mean(y)), 'float32');
    const w0 = tf.sub(1, w1);
    const n1 = tf.add(tf.sum(w1), 1e-6);
    const n0 = tf.add(tf.sum(w0), 1e-6);
    centre = (t) => {
      const m1 = tf.div(tf.sum(tf.mul(t, w1), 0, true), n1);
      const m0 = tf.div(tf.sum(tf.mul(t, w0), 0, true), n0);
      return tf.sub(t, tf.add(tf.mul(w1, m1), tf.mul(w0, m0))) as tf.Tensor2D;
    };
  }
  const std = (t: tf.Tensor2D) => {
    const ct = centre(t);
    return tf.div(ct, tf.add(tf.sqrt(tf.mean(tf.square(ct), 0, true)), 1e-6)) as tf.Tensor2D;
  };
  const n = m.shape[0];
  let psi = m;
  if (inv.blockFeatures === 'cubic') {
    const u = std(m);
    psi = tf.concat([u, tf.square(u), tf.mul(tf.square(u), u)], 1) as tf.Tensor2D;
  }
  const corr = tf.div(tf.matMul(tf.transpose(std(psi)), std(phi)), n);
  return tf.sum(tf.square(corr)) as tf.Scalar;
}

/** Bandwidths (in batch standard deviations of the block, times √d_b) of the MMD invariance penalty. */
export const MMD_INVARIANCE_SCALES = [0.5, 1, 2];

/**
 * MMD invariance penalty: with the block's posterior means standardised over the batch (so shrinking the block cannot
 * hide a difference) and each column j of the group split at its batch mean into two values (environment j vs the
 * rest; one column for two environments),
 *   Σ_j Σ_c MMD²(law(μ_b | hi_j, c), law(μ_b | lo_j, c)) = Σ_j Σ_c aᵀ K a,   a = w_{hi,c}/n_{hi,c} − w_{lo,c}/n_{lo,c},
 * K the multi-bandwidth RBF kernel Σ_s exp(−‖u − v‖² / (2 s² d_b)) (biased V-statistic, Gretton et al. 2012), c over
 * the classes of `given` (one class without it). 0 iff the laws agree within every class, for the characteristic
 * kernel; a surrogate of μ_b ⊥ x_g | label (inside tf.tidy).
 */
export function mmdInvariancePenalty(vae: MaskedVae, mu: tf.Tensor2D, x: tf.Tensor2D, inv: InvarianceConfig): tf.Scalar {
  const c = vae.config;
  const col = (g: number) => tf.slice(x, [0, c.groupDims.slice(0, g).reduce((s, v) => s + v, 0)], [-1, 1]);
  const split = (t: tf.Tensor) => tf.cast(tf.greater(t, tf.mean(t)), 'float32');
  const bStart = c.blocks.slice(0, inv.block).reduce((a, v) => a + v, 0);
  const db = c.blocks[inv.block];
  const k = rbfKernelSum(tf.slice(mu, [0, bStart], [-1, db]) as tf.Tensor2D);
  const gStart = c.groupDims.slice(0, inv.group).reduce((s, v) => s + v, 0);
  const classes = inv.given === undefined ? [tf.onesLike(col(inv.group))] : [split(col(inv.given)), tf.sub(1, split(col(inv.given)))];
  let total: tf.Tensor = tf.scalar(0);
  for (let j = 0; j < c.groupDims[inv.group]; j++) {
    const hi = split(tf.slice(x, [0, gStart + j], [-1, 1]));
    for (const w of classes) {
      const wh = tf.mul(w, hi);
      const wl = tf.mul(w, tf.sub(1, hi));
      const a = tf.sub(tf.div(wh, tf.add(tf.sum(wh), 1e-6)), tf.div(wl, tf.add(tf.sum(wl), 1e-6))) as tf.Tensor2D;
      total = tf.add(total, tf.sum(tf.mul(a, tf.matMul(k as tf.Tensor2D, a))));
    }
  }
  return total as tf.Scalar;
}

/**
 * Standardise columns over the batch (population SD + 1e-6) and return Σ_s exp(−‖uᵢ − uⱼ‖²/(2s²d)) over the
 * bandwidth multiples `MMD_INVARIANCE_SCALES` (the sum, not the mean: the MMD penalty uses it as is).
 */
function rbfKernelSum(t: tf.Tensor2D): tf.Tensor2D {
  const d = t.shape[1];
  const c = tf.sub(t, tf.mean(t, 0, true));
  const u = tf.div(c, tf.add(tf.sqrt(tf.mean(tf.square(c), 0, true)), 1e-6)) as tf.Tensor2D;
  const sq = tf.sum(tf.square(u), 1, true);
  const d2 = tf.relu(tf.sub(tf.add(sq, tf.transpose(sq)), tf.mul(2, tf.matMul(u, tf.transpose(u)))));
  let k: tf.Tensor = tf.zerosLike(d2);
  for (const s of MMD_INVARIANCE_SCALES) k = tf.add(k, tf.exp(tf.mul(-1 / (2 * s * s * d), d2)));
  return k as tf.Tensor2D;
}

/** The multi-bandwidth RBF kernel matrix averaged over the bandwidths (for HSIC). */
function rbfKernel(t: tf.Tensor2D): tf.Tensor2D {
  return tf.div(rbfKernelSum(t), MMD_INVARIANCE_SCALES.length) as tf.Tensor2D;
}

/**
 * HSIC invariance penalty (Gretton et al. 2005, biased estimator): HSIC(μ_b, x_g) = tr(K H L H) / n², K and L the
 * multi-bandwidth RBF kernels (`MMD_INVARIANCE_SCALES`, averaged) of the batch-standardised μ_b and x_g, H = I − 11ᵀ/n.
 * 0 iff independent (characteristic kernel, population); works for continuous attributes (inside tf.tidy).
 */
export function hsicInvariancePenalty(vae: MaskedVae, mu: tf.Tensor2D, x: tf.Tensor2D, inv: InvarianceConfig): tf.Scalar {
  const c = vae.config;
  const bStart = c.blocks.slice(0, inv.block).reduce((a, v) => a + v, 0);
  const gStart = c.groupDims.slice(0, inv.group).reduce((a, v) => a + v, 0);
  const k = rbfKernel(tf.slice(mu, [0, bStart], [-1, c.blocks[inv.block]]) as tf.Tensor2D);
  const l = rbfKernel(tf.slice(x, [0, gStart], [-1, c.groupDims[inv.group]]) as tf.Tensor2D);
  const centre = (m: tf.Tensor2D) => tf.sub(tf.sub(m, tf.mean(m, 0, true)), tf.sub(tf.mean(m, 1, true), tf.mean(m)));
  const n = k.shape[0];
  return tf.div(tf.sum(tf.mul(centre(k), l)), n * n) as tf.Scalar;
}

/** Relaxed Bernoulli gates σ((α + log u − log(1 − u)) / τ) with u ~ U(0, 1) from `seed` (inside tf.tidy). */
export function sampleGates(logits: tf.Tensor2D, tau: number, seed: number): tf.Tensor2D {
  const u = tf.randomUniform(logits.shape, 1e-6, 1 - 1e-6, 'float32', seed);
  return tf.sigmoid(tf.div(tf.add(logits, tf.sub(tf.log(u), tf.log(tf.sub(1, u)))), tau)) as tf.Tensor2D;
}

/**
 * Backward elimination of decoder edges (`LearnMaskConfig.prune`), written here because it is a step of this
 * objective's search, not a generic optimiser. Starting from the read-out 1[α > 0], the decoder is trained with the
 * mask as hard 0/1 gates (the mask logits frozen) for `steps` steps; then, for each kept edge in increasing order of
 * its logit, both the current mask M and M − edge are fine-tuned `steps` steps from the same weights, and the removal
 * is kept when J(M − edge) < J(M), J(M) = L(M) + λ |M| on all training rows (else the weights trained under M are
 * kept). Training both for the same number of steps matters: a candidate fine-tuned from an unconverged model
 * otherwise wins by its extra steps alone (measured: useful private edges removed). L is evaluated with one
 * fixed reparameterisation draw (common random numbers), so a comparison is not swamped by ε noise. An edge whose
 * removal would leave a group with no parent is not tried. The mask logits keep their relaxed-phase values; the
 * decoder reads the final mask through `vae.hardMask`.
 */
export function pruneMask(vae: MaskedVae, xAll: tf.Tensor2D, logits: number[][], steps: number, batching: Rng, noiseSeed: number): { mask: Mask; steps: PruneStep[] } {
  const c = vae.config;
  const lambda = c.learnMask?.sparsity ?? 0;
  const n = xAll.shape[0];
  const d = c.blocks.reduce((a, b) => a + b, 0);
  const weights = vae.variables.filter((v) => v !== vae.maskLogits);
  const eps = tf.randomNormal([n, d], 0, 1, 'float32', deriveSeed(noiseSeed, 'eval')) as tf.Tensor2D;
  let mask: Mask = logits.map((r) => r.map((v) => (v > 0 ? 1 : 0)));
  const edges = (m: Mask) => m.reduce((s, r) => s + r.reduce((a, v) => a + v, 0), 0);
  let round = 0;
  const fineTune = (m: Mask): number => {
    const gates = tf.tensor2d(m) as tf.Tensor2D;
    const r = round++;
    let step = 0;
    try {
      train({
        variables: weights,
        numSamples: n,
        config: { ...c.train, steps, patience: undefined, targetLoss: undefined },
        rng: batching.child('round', r),
        loss: (batch) => {
          const xb = gatherRows(xAll, batch);
          const e = tf.randomNormal([xb.shape[0], d], 0, 1, 'float32', deriveSeed(noiseSeed, r, step++)) as tf.Tensor2D;
          return mibTerms(vae, xb, e, gates, false).total;
        },
      });
      return tf.tidy(() => mibTerms(vae, xAll, eps, gates, false).total.dataSync()[0]) + lambda * edges(m);
    } finally {
      gates.dispose();
    }
  };
  const log: PruneStep[] = [];
  try {
    fineTune(mask);
    const order = mask.flatMap((r, g) => r.map((v, b) => ({ g, b, v, logit: logits[g][b] }))).filter((e) => e.v === 1).sort((a, b) => a.logit - b.logit);
    for (const { g, b } of order) {
      if (mask[g].reduce((a, v) => a + v, 0) <= 1) continue;
      const candidate = mask.map((r, gi) => r.map((v, bi) => (gi === g && bi === b ? 0 : v)));
      const start = weights.map((w) => w.clone());
      const before = fineTune(mask);
      const kept = weights.map((w) => w.clone());
      weights.forEach((w, i) => w.assign(start[i]));
      const after = fineTune(candidate);
      const removed = after < before;
      log.push({ group: g, block: b, before, after, removed });
      if (removed) mask = candidate;
      else weights.forEach((w, i) => w.assign(kept[i]));
      [...start, ...kept].forEach((t) => t.dispose());
    }
  } finally {
    eps.dispose();
  }
  vae.hardMask?.dispose();
  vae.hardMask = tf.tensor2d(mask) as tf.Tensor2D;
  return { mask, steps: log };
}

/** Column moments (population SD; a zero SD becomes 1). */
function moments(a: Mat): { mean: number[]; sd: number[] } {
  const n = a.length;
  const mean = a[0].map((_, j) => a.reduce((s, r) => s + r[j], 0) / n);
  const sd = mean.map((m, j) => Math.sqrt(a.reduce((s, r) => s + (r[j] - m) ** 2, 0) / n) || 1);
  return { mean, sd };
}

/** Split concatenated groups (n × Σ d_g) into groups. */
export function splitGroups(x: Mat, groupDims: number[]): Mat[] {
  const total = groupDims.reduce((s, v) => s + v, 0);
  assertMatrix('x', x, { cols: total });
  let start = 0;
  return groupDims.map((d) => {
    const s = start;
    start += d;
    return x.map((row) => row.slice(s, s + d));
  });
}

/** The masked-VAE / MIB learner (module doc). `encode` returns the posterior means, blocks concatenated. */
export function maskedVaeLearner(config: MaskedVaeConfig): Learner<StructuredData> {
  const c = resolveMaskedVaeConfig(config);
  const name = `masked VAE (blocks [${c.blocks.join(', ')}], ${c.learnMask ? 'learned mask' : `mask ${JSON.stringify(c.decoderMask)}`}, β = [${c.beta.join(', ')}])`;
  return {
    name,
    objective: 'Σ_g ‖x_g − ν_g(z_{D_g})‖²/(2σ²) + Σ_b β_b KL(q(z_b | x_{E_b}) ‖ N(0, I))' + (c.learnMask ? ' + λ Σ σ(α) (relaxed Bernoulli decoder mask)' : ''),
    fit(data: StructuredData, seeds: LearnerSeeds): FittedEncoder {
      if (data === null || typeof data !== 'object' || !Array.isArray(data.groups)) throw new InputError('data.groups', data?.groups, 'one matrix per observed group');
      if (data.groups.length !== c.groupDims.length) throw new InputError('data.groups', data.groups.length, `${c.groupDims.length} groups`);
      const n = data.groups[0]?.length;
      data.groups.forEach((m, g) => assertMatrix(`data.groups[${g}]`, m, { cols: c.groupDims[g], rows: n, minRows: 2 }));
      const mom = data.groups.map((m) => (c.standardize ? moments(m) : { mean: m[0].map(() => 0), sd: m[0].map(() => 1) }));
      const vae = createMaskedVae(config, seeds.init);
      const xAll = toTensor2D(
        data.groups[0].map((_, t) => data.groups.flatMap((m, g) => m[t].map((v, j) => (v - mom[g].mean[j]) / mom[g].sd[j]))),
        'data.groups',
      );
      const noiseSeed = seeds.init.int(0x3fffffff);
      const steps = c.train.steps;
      const d = c.blocks.reduce((a, b) => a + b, 0);
      let step = 0;
      const tauAt = (s: number) => (c.learnMask ? c.learnMask.tauStart * (c.learnMask.tauEnd / c.learnMask.tauStart) ** Math.min(1, s / Math.max(1, steps - 1)) : 1);
      let result;
      try {
        result = train({
          variables: vae.variables,
          numSamples: n,
          config: c.train,
          rng: seeds.batching,
          loss: (batch) => {
            const s = step++;
            const xb = gatherRows(xAll, batch);
            const eps = tf.randomNormal([xb.shape[0], d], 0, 1, 'float32', deriveSeed(noiseSeed, s)) as tf.Tensor2D;
            const gates = vae.maskLogits ? sampleGates(vae.maskLogits as tf.Tensor2D, tauAt(s), deriveSeed(noiseSeed, s, 'gates')) : undefined;
            return mibTerms(vae, xb, eps, gates).total;
          },
        });
      } catch (e) {
        xAll.dispose();
        vae.dispose();
        throw e;
      }
      const learned: Record<string, unknown> = {};
      if (vae.maskLogits) {
        const logits = fromTensor2D(vae.maskLogits as tf.Tensor2D);
        learned.maskLogits = logits;
        learned.mask = logits.map((r) => r.map((v) => (v > 0 ? 1 : 0)));
        if (c.learnMask?.prune) {
          try {
            const pruned = pruneMask(vae, xAll, logits, c.learnMask.prune.steps, seeds.batching.child('prune'), deriveSeed(noiseSeed, 'prune'));
            learned.readoutMask = learned.mask;
            learned.mask = pruned.mask;
            learned.pruneSteps = pruned.steps;
          } catch (e) {
            xAll.dispose();
            vae.dispose();
            throw e;
          }
        }
      }
      xAll.dispose();
      return {
        train: result,
        learned,
        encode(x: Mat): Mat {
          const groups = splitGroups(x, c.groupDims);
          const rows = groups[0].map((_, t) => groups.flatMap((m, g) => m[t].map((v, j) => (v - mom[g].mean[j]) / mom[g].sd[j])));
          return tf.tidy(() => fromTensor2D(encodeBlocks(vae, toTensor2D(rows, 'x')).mu));
        },
        dispose: () => vae.dispose(),
      };
    },
  };
}
