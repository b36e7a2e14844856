/**
 * The contrastive learner (theory.md §3): an MLP encoder f trained with one of the four δ-losses of
 * Matthes, Han & Shen (2023) (losses.ts) on positive pairs and negatives, on the shared training core
 * (`createMlp` dense layers, `train`'s seeded batching, plateau stopping and divergence errors).
 *
 *   critic ψ(x, x̃) = −‖f(x) − f(x̃)‖_α^α / τ + [c₁(x) + c₂(x̃)] + b
 *
 * - `corrections`: c₁, c₂ are two extra outputs of the encoder's MLP (the "simple modification" that drops
 *   the uniform-marginal assumption: they can absorb −log C(s) and −log p(s̃), theory.md §3; they also absorb
 *   the constant). Off: only the scalar b, which the NCE, SCL and NWJ optima need to match the density ratio's
 *   constant (InfoNCE is invariant to it, so it gets none).
 * - `sphere`: f(x) = u(x)/‖u(x)‖ (Zimmermann et al. 2021); with α = 2 the critic is then
 *   2 f(x)ᵀf(x̃)/τ + const, i.e. a vMF critic with κ = 2/τ. Normalising makes training topological: u/‖u‖
 *   restricted to the data manifold g(Sⁿ⁻¹) is a map Sⁿ⁻¹ → Sⁿ⁻¹ with a degree, and only degree ±1 maps can
 *   be isometries; gradient descent cannot change the degree without driving u through 0. From a random
 *   init the degree is often 0 for n = 3 and a strongly nonlinear mixing (measured: 2 of 6 seeds with a linear
 *   mixing, and the 3-layer leaky-ReLU mixing of the benchmark, stall at R² ≈ 0.65 with f covering a cap).
 *   Hence (i) the encoder starts near the identity (linear skip, small MLP branch) and its output is centred on
 *   the data, and (ii) a warm-up phase trains the same δ-critic on the unnormalised u (Matthes et al.: the
 *   squared-L2 δ-InfoNCE identifies u up to an orthogonal map + offset, with no topological constraint), then
 *   re-centres u and continues with the normalised encoder. The phases are two `train` runs (Adam restarts;
 *   hence `warmupLearningRate`). Measured on the benchmark: see src/contrastive/README.md.
 * - negatives: 'marginal' uses `data.xNeg` (M ≤ B negatives shared by the B anchors of a batch: ψ⁻ is
 *   [B, M]); 'in-batch' uses the batch's other positives x̃ⱼ (j ≠ i), which saves a third of the encoder passes
 *   and is exact when the conditional preserves the marginal (vMF on the uniform sphere).
 * - `linearSkip` (default on): u(x) = MLP(x) + x·S with S initialised to the identity and the MLP's output
 *   layer scaled by SKIP_MLP_SCALE, on standardised inputs (per-column mean and sd of the anchors).
 *
 * One batch = one encoder pass over the stacked rows [x; x̃; x⁻] (B, B and M rows; fewer, larger ops are
 * faster on wasm).
 * `monitor` is called every `monitor.every` optimiser steps (at evaluation points) with an encoder of the
 * current weights; returning true stops training there (stoppedBy 'target').
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix, assertNumber } from '../core/validate.ts';
import type { FittedEncoder, Learner, LearnerSeeds } from '../learners/types.ts';
import { createMlp } from '../train/mlp.ts';
import { resolveTrainConfig, train } from '../train/train.ts';
import type { Mlp, TrainConfig, TrainResult } from '../train/types.ts';
import { contrastiveLoss, criticValues, validateAlpha, validateLossKind } from './losses.ts';
import type { ContrastiveLossKind } from './losses.ts';
import type { ContrastiveData } from './types.ts';

/**
 * Configuration of `contrastiveLearner` (module doc): loss and critic, encoder, sphere and its warm-up, negatives,
 * training settings and a monitor.
 *
 * @property monitor.__type.check Called with the step and an encoder of the current weights; returning true stops training there (stoppedBy 'target').
 */
export interface ContrastiveLearnerConfig {
  loss: ContrastiveLossKind;
  /** δ = ‖·‖_α^α (α = 1: L1 critic, α = 2: squared L2). */
  alpha: number;
  /** Temperature τ of the critic (default 1). */
  tau?: number;
  /** Learn the correction terms c₁(x) + c₂(x̃) (default false). */
  corrections?: boolean;
  /** Normalise the encoder output to the unit sphere (default false). */
  sphere?: boolean;
  /**
   * Sphere only: most optimiser steps of the warm-up phase that trains the same critic on the unnormalised u(x)
   * before normalising; it ends earlier at a plateau when train.patience is set (default: half of
   * train.steps, rounded down to train.evalEvery; 0: none).
   */
  sphereWarmup?: number;
  /**
   * Sphere only: learning rate of the warm-up phase (default train.learningRate). A high warm-up rate with a
   * lower one after the switch works best: each phase restarts Adam, whose first steps move every weight by
   * ≈ the learning rate, and at a high rate that knocks a good warm-up result back into the degree-0 trap.
   */
  warmupLearningRate?: number;
  /** Hidden widths of the encoder n → … → n. */
  hidden: number[];
  /**
   * Add an identity-initialised linear skip x·S to the encoder (default true): f starts as a small
   * perturbation of the (standardised) identity, i.e. as a homeomorphism of the data (see the module doc).
   */
  linearSkip?: boolean;
  /** Standardise inputs with the anchors' per-column mean and sd (default true). */
  standardizeInputs?: boolean;
  /** Sphere only: centre u on the data before normalising (at init, during warm-up, at the phase switch; default true). */
  centreSphere?: boolean;
  /** Leaky-ReLU slope of the encoder (default 0.2). */
  negativeSlope?: number;
  /** Where negatives come from (default 'marginal'). */
  negatives?: 'marginal' | 'in-batch';
  /**
   * 'marginal' only: negatives per batch M ≤ batch size (default: the batch size); every anchor meets all M.
   * NCE, SCL and NWJ average their negatives' term over B·M pairs, so a few dozen suffice and save encoder
   * passes and [B, M] kernels; InfoNCE's objective itself depends on M.
   */
  negativeCount?: number;
  train: TrainConfig;
  /** Called with the current encoder every `every` steps (a multiple of train.evalEvery); return true to stop. */
  monitor?: { every: number; check: (step: number, encode: (x: Mat) => Mat) => boolean | void };
}

/** Sentinel thrown through `train` to stop at a monitor's request (train disposes its state on the way out). */
class StopRequested extends Error {}



/**
 * The encoder: one MLP n → hidden → n (+ 2 with corrections) on standardised inputs. Its first n outputs plus
 * the linear skip x·S (S identity-initialised, optional) are the pre-normalisation map u(x); the two extra
 * outputs, when present, are the correction terms c₁(x), c₂(x). One network (rather than a second MLP for the
 * corrections) halves the variables Adam updates and the kernels per step, which dominate at these sizes.
 */
interface EncoderNet {
  forward(x: tf.Tensor2D): { u: tf.Tensor2D; c: tf.Tensor2D | null };
  variables: tf.Variable[];
  mlp: Mlp;
  n: number;
  dispose(): void;
}

/** Initial scale of the MLP branch's output layer when the encoder has a linear skip. */
export const SKIP_MLP_SCALE = 0.1;

/** Process-unique variable names for the skip matrix and the critic offset. */
let variableCounter = 0;

function createEncoderNet(n: number, hidden: number[], negativeSlope: number | undefined, skip: boolean, corrections: boolean, rng: LearnerSeeds['init']): EncoderNet {
  const extra = corrections ? 2 : 0;
  const mlp = createMlp({ sizes: [n, ...hidden, n + extra], activation: 'leaky-relu', negativeSlope }, rng);
  let s: tf.Variable | null = null;
  try {
    s = skip ? tf.tidy(() => tf.variable(tf.eye(n), true, `contrastive-skip-${variableCounter++}`)) : null;
    if (skip) {
      // The MLP branch starts small (last weight matrix × SKIP_MLP_SCALE), so f starts near the identity.
      const w = mlp.variables[mlp.variables.length - 2];
      tf.tidy(() => w.assign(tf.mul(w, SKIP_MLP_SCALE)));
    }
  } catch (e) {
    mlp.dispose();
    throw e;
  }
  return {
    mlp,
    n,
    variables: s ? [...mlp.variables, s] : mlp.variables,
    forward: (x) => {
      const out = mlp.apply(x);
      let u = extra ? (tf.slice(out, [0, 0], [-1, n]) as tf.Tensor2D) : out;
      if (s) u = tf.add(u, tf.matMul(x, s as tf.Variable<tf.Rank.R2>)) as tf.Tensor2D;
      return { u, c: extra ? (tf.slice(out, [0, n], [-1, extra]) as tf.Tensor2D) : null };
    },
    dispose: () => {
      mlp.dispose();
      s?.dispose();
    },
  };
}

/** Encode rows in chunks with f (standardised input; normalised to the sphere when asked). */
function encodeWith(net: EncoderNet, sphere: boolean, scaler: Scaler, x: Mat, n: number, chunk = 8192): Mat {
  assertMatrix('x', x, { cols: n });
  const out: Mat = [];
  for (let i = 0; i < x.length; i += chunk) {
    const y = tf.tidy(() => {
      const u = net.forward(tf.tensor2d(scaler.apply(x.slice(i, i + chunk)))).u;
      return sphere ? unitRows(u) : u;
    });
    out.push(...(y.arraySync() as Mat));
    y.dispose();
  }
  return out;
}

/** Per-column standardisation fitted on the anchors: x ↦ (x − mean)/sd (sd floored at 1e-12). */
interface Scaler {
  mean: number[];
  sd: number[];
  apply(x: Mat): Mat;
}

function fitScaler(x: Mat): Scaler {
  const n = x[0].length;
  const mean = new Array<number>(n).fill(0);
  const sd = new Array<number>(n).fill(0);
  for (const row of x) for (let j = 0; j < n; j++) mean[j] += row[j] / x.length;
  for (const row of x) for (let j = 0; j < n; j++) sd[j] += (row[j] - mean[j]) ** 2 / x.length;
  for (let j = 0; j < n; j++) sd[j] = Math.max(Math.sqrt(sd[j]), 1e-12);
  return { mean, sd, apply: (m: Mat) => m.map((row) => row.map((v, j) => (v - mean[j]) / sd[j])) };
}

function identityScaler(n: number): Scaler {
  return { mean: new Array<number>(n).fill(0), sd: new Array<number>(n).fill(1), apply: (m: Mat) => m };
}

/** Rows divided by their Euclidean norm (with a 1e-12 floor inside the root). */
function unitRows(u: tf.Tensor2D): tf.Tensor2D {
  return tf.div(u, tf.sqrt(tf.add(tf.sum(tf.square(u), 1, true), 1e-12))) as tf.Tensor2D;
}

/** Shift the MLP's output bias so that u(x) has mean 0 on (up to 4096 of) the training inputs (correction outputs untouched). */
function centreOutput(net: EncoderNet, x: Mat): void {
  const rows = x.slice(0, 4096);
  const last = net.mlp.variables[net.mlp.variables.length - 1];
  tf.tidy(() => {
    const mean = tf.mean(net.forward(tf.tensor2d(rows)).u, 0);
    const pad = last.shape[0] - net.n;
    last.assign(tf.sub(last, pad > 0 ? tf.concat([mean, tf.zeros([pad])]) : mean));
  });
}

/**
 * Build the contrastive learner (module doc): an MLP encoder f trained with the δ-loss `loss` on the critic
 * ψ(x, x̃) = −‖f(x) − f(x̃)‖_α^α / τ (+ c₁(x) + c₂(x̃), or + b), optionally normalised to the unit sphere.
 * Throws `InputError` naming `config`, `config.loss`, `config.alpha` (α outside [1, 16]), `config.tau`,
 * `config.negatives`, `config.hidden`, a training setting (as `resolveTrainConfig`), `config.warmupLearningRate`,
 * `config.negativeCount`, `config.sphereWarmup` (not a multiple of train.evalEvery below train.steps) or
 * `config.monitor.every` / `config.monitor.check`; `fit` throws `InputError` naming `data.x`, `data.xNext`,
 * `data.xNeg` (required with marginal negatives) or `config.train.batchSize` (below 2 with in-batch negatives).
 */
export function contrastiveLearner(config: ContrastiveLearnerConfig): Learner<ContrastiveData> {
  if (config === null || typeof config !== 'object') throw new InputError('config', config, 'a ContrastiveLearnerConfig');
  const loss = validateLossKind(config.loss, 'config.loss');
  const alpha = validateAlpha(config.alpha, 'config.alpha');
  const tau = config.tau === undefined ? 1 : assertNumber('config.tau', config.tau, { min: Number.MIN_VALUE });
  const negatives = config.negatives ?? 'marginal';
  if (negatives !== 'marginal' && negatives !== 'in-batch') throw new InputError('config.negatives', negatives, "'marginal' or 'in-batch'");
  if (!Array.isArray(config.hidden)) throw new InputError('config.hidden', config.hidden, 'an array of hidden widths');
  const trainCfg = resolveTrainConfig(config.train);
  const corrections = config.corrections ?? false;
  const sphere = config.sphere ?? false;
  const skip = config.linearSkip ?? true;
  const centre = config.centreSphere ?? true;
  const warmupLr = config.warmupLearningRate === undefined ? trainCfg.learningRate : assertNumber('config.warmupLearningRate', config.warmupLearningRate, { min: Number.MIN_VALUE });
  const negativeCount = config.negativeCount === undefined ? undefined : assertNumber('config.negativeCount', config.negativeCount, { min: 1, integer: true });
  const evalEvery = trainCfg.evalEvery;
  const defaultWarmup = Math.floor(trainCfg.steps / 2 / evalEvery) * evalEvery;
  const warmup = sphere ? (config.sphereWarmup === undefined ? defaultWarmup : assertNumber('config.sphereWarmup', config.sphereWarmup, { min: 0, integer: true })) : 0;
  if (warmup > 0 && (warmup % evalEvery !== 0 || warmup >= trainCfg.steps))
    throw new InputError('config.sphereWarmup', warmup, `a multiple of train.evalEvery (${evalEvery}) below train.steps (${trainCfg.steps})`);
  if (config.monitor !== undefined) {
    if (typeof config.monitor.check !== 'function') throw new InputError('config.monitor.check', config.monitor.check, 'a function');
    const every = assertNumber('config.monitor.every', config.monitor.every, { min: 1, integer: true });
    if (every % evalEvery !== 0) throw new InputError('config.monitor.every', every, `a multiple of train.evalEvery (${evalEvery})`);
  }
  const critic = `−‖f(x) − f(x̃)‖_${alpha}^${alpha}/${tau}${corrections ? ' + c₁(x) + c₂(x̃)' : loss === 'infonce' ? '' : ' + b'}`;
  return {
    name: `contrastive-${loss}/L${alpha}${corrections ? '+corrections' : ''}${sphere ? '/sphere' : ''}`,
    objective: `δ-${loss.toUpperCase()} with critic ψ = ${critic}${sphere ? ', f normalised to the unit sphere' : ''}, negatives ${negatives === 'marginal' ? 'from the marginal' : 'in-batch (other positives)'}`,
    fit(data: ContrastiveData, seeds: LearnerSeeds): FittedEncoder {
      if (data === null || typeof data !== 'object') throw new InputError('data', data, 'ContrastiveData { x, xNext, xNeg }');
      const x = assertMatrix('data.x', data.x, { minRows: 2 });
      const n = x[0].length;
      assertMatrix('data.xNext', data.xNext, { rows: x.length, cols: n });
      if (negatives === 'marginal') {
        if (data.xNeg === undefined) throw new InputError('data.xNeg', data.xNeg, "negatives from the marginal (config.negatives 'marginal'), or config.negatives 'in-batch'");
        assertMatrix('data.xNeg', data.xNeg, { rows: x.length, cols: n });
      }
      if (negatives === 'in-batch' && Math.min(trainCfg.batchSize, x.length) < 2) throw new InputError('config.train.batchSize', trainCfg.batchSize, 'at least 2 for in-batch negatives');
      // Inputs are standardised with the anchors' mean and sd (the mixing may shrink or stretch x by orders of
      // magnitude; a bias-free leaky-ReLU MLP at init is then nearly linear on the data).
      const scaler = config.standardizeInputs === false ? identityScaler(n) : fitScaler(x);
      const xStd = scaler.apply(x);
      const net = createEncoderNet(n, config.hidden, config.negativeSlope, skip, corrections, seeds.init);
      let bias: tf.Variable | null = null;
      const tensors: tf.Tensor[] = [];
      try {
        if (sphere && centre) centreOutput(net, xStd);
        bias = loss === 'infonce' || corrections ? null : tf.tidy(() => tf.variable(tf.scalar(0), true, `contrastive-bias-${variableCounter++}`));
        const xs = tf.tensor2d(xStd);
        tensors.push(xs);
        const xp = tf.tensor2d(scaler.apply(data.xNext));
        tensors.push(xp);
        const xn = negatives === 'marginal' ? tf.tensor2d(scaler.apply(data.xNeg!)) : null;
        if (xn) tensors.push(xn);
        const bRows = Math.min(trainCfg.batchSize, x.length);
        const mRows = Math.min(negativeCount ?? bRows, bRows);
        const sizes = xn ? [bRows, bRows, mRows] : [bRows, bRows];
        const lossFn = (normalise: boolean) => (idx: tf.Tensor1D): tf.Scalar =>
          tf.tidy(() => {
            const rows = [tf.gather(xs, idx), tf.gather(xp, idx)];
            if (xn) rows.push(tf.gather(xn, mRows < bRows ? tf.slice(idx, [0], [mRows]) : idx));
            const stacked = tf.concat(rows, 0) as tf.Tensor2D;
            const out = net.forward(stacked);
            let f = out.u;
            if (normalise) f = unitRows(f);
            const enc = tf.split(f, sizes, 0) as tf.Tensor2D[];
            let c1: tf.Tensor1D | undefined;
            let c2Pos: tf.Tensor1D | undefined;
            let c2Neg: tf.Tensor1D | undefined;
            if (out.c) {
              const [cc1, cc2] = tf.split(out.c, 2, 1) as tf.Tensor2D[];
              const c1All = tf.split(tf.reshape(cc1, [-1]), sizes) as tf.Tensor1D[];
              const c2All = tf.split(tf.reshape(cc2, [-1]), sizes) as tf.Tensor1D[];
              c1 = c1All[0];
              c2Pos = c2All[1];
              c2Neg = xn ? c2All[2] : undefined;
            }
            const { psiPos, psiNeg, layout } = criticValues(
              { anchors: enc[0], positives: enc[1], negatives: xn ? enc[2] : undefined, c1, c2Pos, c2Neg, bias: (bias as tf.Scalar | null) ?? undefined },
              alpha,
              tau,
            );
            return contrastiveLoss(loss, psiPos, psiNeg, layout);
          });
        const variables = [...net.variables, ...(bias ? [bias] : [])];
        const encode = (obs: Mat) => encodeWith(net, sphere, scaler, obs, n);
        const t0 = performance.now();
        const curve: [number, number][] = [];
        let offset = 0;
        let result: TrainResult | null = null;
        // Phase 1 (sphere only): the critic on the unnormalised u, until its plateau (train.patience) or `warmup`
        // steps. Phase 2: the configured run with the remaining steps.
        const phases = warmup > 0 ? [{ steps: warmup, normalise: false }, { steps: trainCfg.steps - warmup, normalise: true }] : [{ steps: trainCfg.steps, normalise: sphere }];
        for (let ph = 0; ph < phases.length; ph++) {
          const phase = phases[ph];
          const last = ph === phases.length - 1;
          if (ph > 0 && centre) centreOutput(net, xStd);
          const cfg = last ? { ...config.train, steps: trainCfg.steps - offset } : { ...config.train, steps: phase.steps, targetLoss: undefined, learningRate: warmupLr };
          try {
            const r = train({
              variables,
              loss: lossFn(phase.normalise),
              numSamples: x.length,
              config: cfg,
              rng: seeds.batching.child('phase', ph),
              onProgress: (p) => {
                const step = offset + p.step;
                curve.push([step, p.loss]);
                // Warm-up: δ is translation invariant, so re-centring u costs the critic nothing and keeps the
                // normalised view u/‖u‖ (what a monitor sees, and what the next phase starts from) meaningful.
                if (!phase.normalise && sphere && centre) centreOutput(net, xStd);
                if (config.monitor && step % config.monitor.every === 0 && config.monitor.check(step, encode) === true) throw new StopRequested();
              },
            });
            offset += r.steps;
            result = { ...r, steps: offset, curve: curve.slice(), wallMs: performance.now() - t0 };
          } catch (e) {
            if (!(e instanceof StopRequested)) throw e;
            const end = curve[curve.length - 1];
            result = { steps: end[0], curve: curve.slice(), finalLoss: end[1], stoppedBy: 'target', wallMs: performance.now() - t0, batchSize: Math.min(trainCfg.batchSize, x.length) };
            break;
          }
        }
        const learned: Record<string, unknown> = { loss, alpha, tau, corrections, sphere, ...(warmup > 0 ? { sphereWarmup: warmup } : {}) };
        if (bias) learned.bias = (bias.dataSync() as Float32Array)[0];
        bias?.dispose();
        return { encode, train: result!, learned, dispose: () => net.dispose() };
      } catch (e) {
        net.dispose();
        bias?.dispose();
        throw e;
      } finally {
        tf.dispose(tensors);
      }
    },
  };
}
