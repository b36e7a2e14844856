/**
 * Mechanism-based encoders (Ahuja, Hartford & Bengio 2022): an MLP encoder f trained so that observed
 * pairs follow the mechanisms in latent space,
 *
 *   known mechanisms:   min_f  E‖f(x′) − m_k(f(x))‖²                      (m_k given)
 *   hypothesis class:   min_{f, θ} E‖f(x′) − m_{θ_k}(f(x))‖²              (m_θ ∈ 𝓜, θ_k learned per index k)
 *
 * plus, for linear mechanisms and hypothesis classes, the anti-collapse term λ‖Cov f(x) − I‖²_F / d
 * (for linear m the zero map, and any map onto an invariant subspace, is otherwise an optimum).
 * Known translations fix the scale themselves (a constant f has loss ‖δ_k‖²), so they need none.
 *
 * Hypothesis families: 'diagonal' (m_θ(z) = diag(θ) z, θ_k solved in closed form on every batch —
 * variable projection: θ_kj = Σ f′_j f_j / Σ f_j² over the pairs of mechanism k — so gradient descent searches
 * over f alone; a jointly learned θ stalls in spurious minima), 'affine' (m_θ(z) = A z + b), and
 * 'axis-translation' (m_θ(z) = z + s·t_k with a direction t_k per mechanism and a size s that may differ
 * from pair to pair: the residual is the part of f(x′) − f(x) orthogonal to t_k, i.e. the size is solved per
 * pair by projection; plus a scale-free sparsity term μ Σ_k (‖t_k‖₁² / ‖t_k‖₂² − 1) ≥ 0 that is 0 exactly
 * when t_k is 1-sparse, i.e. axis-aligned, and — one mechanism per axis — a term μ‖T̂T̂ᵀ − I‖²_F on the
 * normalised directions that keeps two mechanisms from claiming the same axis (without it, training falls
 * into a basin where one learned coordinate is invariant to every mechanism and collapses).
 * With `axes: 'by-index'` the axis assignment is fixed instead (mechanism k moves coordinate k; relabelling
 * the encoder's outputs is free, so no solution is lost) and each coordinate's off-axis movement is measured
 * relative to its movement under its own mechanism (see `axisByIndexLoss`).
 */
import * as tf from '@tensorflow/tfjs';
import type { Mat, Vec } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertMatrix } from '../core/validate.ts';
import { createMlp } from '../train/mlp.ts';
import { trainWithRestarts } from '../train/restarts.ts';
import type { MlpSpec, TrainConfig, TrainResult } from '../train/types.ts';
import type { Rng } from '../rng/rng.ts';
import { covariancePenalty, encodeRows, inputWhitening, matrixTensor, selectLinear } from './tensors.ts';
import type { FittedEncoder, Learner, LearnerSeeds, PairData } from '../learners/types.ts';
import { uniformValues } from '../tfjs/init.ts';

/** What the learner knows about the mechanisms. */
export type MechanismKnowledge =
  | { kind: 'known-linear'; matrices: Mat[] }
  | { kind: 'known-translation'; offsets: Vec[] }
  | { kind: 'hypothesis'; family: 'diagonal' | 'affine' | 'axis-translation'; count: number };

/**
 * Configuration of `mechanismLearner` (module doc): what the learner knows about the mechanisms, the encoder
 * MLP, training settings, the weights of the anti-collapse, sparsity and reconstruction terms, and restarts.
 */
export interface MechanismLearnerConfig {
  mechanisms: MechanismKnowledge;
  /** Hidden widths of the encoder MLP (input and output widths come from the data). */
  hidden: number[];
  activation?: MlpSpec['activation'];
  train: TrainConfig;
  /** Weight λ of the covariance anti-collapse term (default 1; unused for known translations). */
  antiCollapseWeight?: number;
  /** Weight μ of the axis-alignment and distinct-axis terms of the 'axis-translation' hypothesis (default 1). */
  sparsityWeight?: number;
  /**
   * 'axis-translation' hypothesis: how mechanisms are matched to the encoder's axes.
   * - 'learned' (default): a direction t_k per mechanism, pulled onto an axis by the sparsity term and
   *   kept apart by the distinct-axis term (a continuous relaxation of the axis assignment).
   * - 'by-index': mechanism k moves encoder coordinate k (count ≤ n). One mechanism per axis makes the
   *   assignment a permutation, and permuting the encoder's outputs is free (the last layer absorbs it),
   *   so fixing it to the identity loses no solution; it removes the relaxation's spurious basins where two
   *   mechanisms claim the same axis. The loss is `axisByIndexLoss`.
   */
  axes?: 'learned' | 'by-index';
  /**
   * Weight ρ of a reconstruction term ρ E‖d(f(x)) − x‖² / Σ_j Var(x_j), with a decoder MLP d of the encoder's
   * hidden widths reversed (default 0: off). It keeps f injective on the data, as the theory's encoders are
   * invertible: the other terms allow folds (e.g. a coordinate z_i² − 1 has unit variance, is uncorrelated
   * with z and moves under z_i's mechanism only).
   */
  reconstructionWeight?: number;
  /**
   * Random restarts R (default 1). With R > 1, R candidates (independent initialisations and batch orders)
   * train for `restartSteps` steps each; the one with the lowest objective on all training pairs continues
   * for the rest of `train.steps`. The identifiability claims are about the optimum of the objective, so
   * choosing among restarts by the objective's value is part of the optimiser, not of the check.
   */
  restarts?: number;
  /**
   * Whiten the inputs (x ↦ Cov(x)^{−1/2}(x − mean), estimated on the training rows and applied at encoding
   * too) before the encoder (default false): a fixed invertible affine preprocessing that leaves the encoder
   * class unchanged and only conditions the optimisation (see `inputWhitening`).
   */
  whitenInputs?: boolean;
  /** Probe length of each restart (default 500, at most `train.steps`). */
  restartSteps?: number;
}

function mechanismCount(k: MechanismKnowledge): number {
  if (k.kind === 'known-linear') return k.matrices.length;
  if (k.kind === 'known-translation') return k.offsets.length;
  return k.count;
}

function describe(k: MechanismKnowledge): string {
  if (k.kind === 'known-linear') return 'min_f E‖f(x′) − M_k f(x)‖² + λ‖Cov f − I‖² (known linear mechanisms)';
  if (k.kind === 'known-translation') return 'min_f E‖f(x′) − f(x) − δ_k‖² (known translations)';
  return `min_{f,θ} E‖f(x′) − m_θk(f(x))‖² + λ‖Cov f − I‖² (hypothesis class: ${k.family})`;
}

/** Default probe length of each restart (see `restarts`). */
export const DEFAULT_RESTART_STEPS = 500;

/** Build a mechanism-based learner. */
export function mechanismLearner(config: MechanismLearnerConfig): Learner {
  const knowledge = config.mechanisms;
  const count = mechanismCount(knowledge);
  if (!Number.isInteger(count) || count < 1) throw new InputError('mechanisms.count', count, 'at least one mechanism');
  const lambda = config.antiCollapseWeight ?? 1;
  const mu = config.sparsityWeight ?? 1;
  if (config.restarts !== undefined && !(Number.isInteger(config.restarts) && config.restarts >= 1)) throw new InputError('restarts', config.restarts, 'a positive integer');
  if (config.restartSteps !== undefined && !(Number.isInteger(config.restartSteps) && config.restartSteps >= 1))
    throw new InputError('restartSteps', config.restartSteps, 'a positive integer');
  return {
    name: `mechanism-learner/${knowledge.kind === 'hypothesis' ? knowledge.family : knowledge.kind}`,
    objective: describe(knowledge),
    fit(data: PairData, seeds: LearnerSeeds): FittedEncoder {
      const x = assertMatrix('data.x', data.x, { minRows: 2 });
      const n = x[0].length;
      assertMatrix('data.xNext', data.xNext, { rows: x.length, cols: n });
      const index = data.index ?? x.map(() => 0);
      if (index.length !== x.length) throw new InputError('data.index.length', index.length, `${x.length}, one index per pair`);
      index.forEach((k, i) => {
        if (!Number.isInteger(k) || k < 0 || k >= count) throw new InputError(`data.index[${i}]`, k, `a mechanism index in [0, ${count})`);
      });
      if (knowledge.kind === 'known-linear')
        knowledge.matrices.forEach((m, k) => assertMatrix(`mechanisms.matrices[${k}]`, m, { rows: n, cols: n }));
      if (knowledge.kind === 'known-translation')
        knowledge.offsets.forEach((v, k) => assertMatrix(`mechanisms.offsets[${k}]`, [v], { cols: n }));

      const byIndex = knowledge.kind === 'hypothesis' && knowledge.family === 'axis-translation' && config.axes === 'by-index';
      if (byIndex && count > n) throw new InputError('mechanisms.count', count, `at most ${n} axis translations (one mechanism per axis, axes: 'by-index')`);

      const pre = config.whitenInputs ? inputWhitening(x).apply : (rows: Mat) => rows;
      const rho = config.reconstructionWeight ?? 0;
      const xs = matrixTensor('data.x', pre(x));
      const xsNext = matrixTensor('data.xNext', pre(data.xNext));
      const xVariance = rho > 0 ? totalVariance(pre(x)) : 1;
      const idx = tf.tensor1d(index, 'int32');
      // Constant mechanism parameters, shared by every restart.
      let knownT: tf.Tensor2D | null = null; // n × K·n (known linear)
      let knownOffsets: tf.Tensor2D | null = null; // K × n (known translations; own-axis rows [I_K | 0] for axes by index)
      if (knowledge.kind === 'known-linear')
        knownT = tf.tensor2d(Array.from({ length: n }, (_, r) => knowledge.matrices.flatMap((m) => m.map((row) => row[r]))));
      else if (knowledge.kind === 'known-translation') knownOffsets = tf.tensor2d(knowledge.offsets);
      else if (byIndex) knownOffsets = tf.tensor2d(Array.from({ length: count }, (_, k) => Array.from({ length: n }, (_, j) => (j === k ? 1 : 0))));
      const disposeShared = () => {
        xs.dispose();
        xsNext.dispose();
        idx.dispose();
        knownT?.dispose();
        knownOffsets?.dispose();
      };

      /** One training candidate: encoder, optional decoder and learned mechanism parameters, drawn from `rng`. */
      const makeCandidate = (rng: Rng) => {
        const mlp = createMlp({ sizes: [n, ...config.hidden, n], activation: config.activation ?? 'leaky-relu' }, rng);
        const extra: tf.Variable[] = [];
        // The decoder draws from a child stream, so the encoder's initialisation does not depend on ρ.
        const decoder = rho > 0 ? createMlp({ sizes: [n, ...[...config.hidden].reverse(), n], activation: config.activation ?? 'leaky-relu' }, rng.child('decoder')) : null;
        let stackedT: tf.Tensor2D | null = knownT; // n × K·n (linear/affine)
        let offsets: tf.Tensor2D | null = knownOffsets; // K × n (translations, affine offsets)
        if (knowledge.kind === 'hypothesis' && knowledge.family === 'affine') {
          const init = Array.from({ length: n }, (_, r) => Array.from({ length: count * n }, (_, c) => (c % n === r ? 1 : 0) + 0.1 * (rng.uniform() - 0.5)));
          const a = tf.tidy(() => tf.variable(tf.tensor2d(init)));
          const b = tf.tidy(() => tf.variable(tf.zeros([count, n])));
          stackedT = a as unknown as tf.Tensor2D;
          offsets = b as unknown as tf.Tensor2D;
          extra.push(a, b);
        } else if (knowledge.kind === 'hypothesis' && knowledge.family === 'axis-translation' && !byIndex) {
          const t = tf.tidy(() => tf.variable(tf.tensor2d(uniformValues([count, n], rng.child('translation'), -1, 1), [count, n])));
          offsets = t as unknown as tf.Tensor2D;
          extra.push(t);
        }
        // (diagonal: solved per batch by variable projection, nothing to learn.)
        // Per-row mechanism parameters are selected with a one-hot matMul, not tf.gather: the gradient of
        // gather with respect to the gathered tensor needs UnsortedSegmentSum, which wasm lacks.
        const pick = (param: tf.Tensor2D, onehot: tf.Tensor2D | null): tf.Tensor2D => (onehot ? tf.matMul(onehot, param) : param);
        const loss = (batch: tf.Tensor1D): tf.Scalar =>
          tf.tidy(() => {
            const xb = tf.gather(xs, batch) as tf.Tensor2D;
            const f = mlp.apply(xb);
            const withReconstruction = (t: tf.Scalar): tf.Scalar =>
              decoder ? (tf.add(t, tf.mul(rho / xVariance, tf.mean(tf.sum(tf.square(tf.sub(decoder.apply(f), xb)), 1)))) as tf.Scalar) : t;
            const fNext = mlp.apply(tf.gather(xsNext, batch) as tf.Tensor2D);
            const onehot = count > 1 ? (tf.oneHot(tf.gather(idx, batch) as tf.Tensor1D, count).toFloat() as tf.Tensor2D) : null;
            if (byIndex) return withReconstruction(tf.add(axisByIndexLoss(f, fNext, pick(offsets!, onehot), count), tf.mul(lambda, covariancePenalty(f))) as tf.Scalar);
            let pred: tf.Tensor2D;
            if (knowledge.kind === 'hypothesis' && knowledge.family === 'diagonal') pred = tf.mul(f, pick(diagonalLeastSquares(f, fNext, onehot, count), onehot)) as tf.Tensor2D;
            else if (stackedT) pred = selectLinear(f, stackedT, onehot);
            else pred = f;
            const axisFamily = knowledge.kind === 'hypothesis' && knowledge.family === 'axis-translation';
            let residual: tf.Tensor2D;
            if (axisFamily) {
              // Size per pair solved by projection onto the mechanism's direction.
              const t = pick(offsets!, onehot);
              const u = tf.div(t, tf.sqrt(tf.add(tf.sum(tf.square(t), 1, true), 1e-12)));
              const d = tf.sub(fNext, f);
              residual = tf.sub(d, tf.mul(tf.sum(tf.mul(d, u), 1, true), u)) as tf.Tensor2D;
            } else {
              if (offsets) pred = tf.add(pred, pick(offsets, onehot)) as tf.Tensor2D;
              residual = tf.sub(fNext, pred) as tf.Tensor2D;
            }
            let total = tf.mean(tf.sum(tf.square(residual), 1)) as tf.Scalar;
            if (knowledge.kind !== 'known-translation' && lambda > 0) total = tf.add(total, tf.mul(lambda, covariancePenalty(f))) as tf.Scalar;
            if (axisFamily && mu > 0) {
              const l1 = tf.sum(tf.abs(offsets!), 1);
              const l2 = tf.add(tf.sum(tf.square(offsets!), 1), 1e-8);
              total = tf.add(total, tf.mul(mu, tf.sum(tf.sub(tf.div(tf.square(l1), l2), 1)))) as tf.Scalar;
              const unit = tf.div(offsets!, tf.sqrt(tf.expandDims(l2, 1)));
              const gram = tf.matMul(unit, tf.transpose(unit));
              total = tf.add(total, tf.mul(mu, tf.sum(tf.square(tf.sub(gram, tf.eye(count)))))) as tf.Scalar;
            }
            return withReconstruction(total);
          });
        const variables = [...mlp.variables, ...(decoder?.variables ?? []), ...extra];
        const dispose = () => {
          mlp.dispose();
          decoder?.dispose();
          extra.forEach((v) => v.dispose());
        };
        return { mlp, stackedT, offsets, loss, variables, dispose };
      };

      const restarts = config.restarts ?? 1;
      const all = restarts > 1 ? (tf.range(0, x.length, 1, 'int32') as tf.Tensor1D) : null;
      let chosen: ReturnType<typeof makeCandidate>;
      let result: TrainResult;
      let restartInfo: { probeLosses: number[]; chosen: number } | null;
      try {
        ({ chosen, result, info: restartInfo } = trainWithRestarts({
          restarts,
          probeSteps: config.restartSteps ?? DEFAULT_RESTART_STEPS,
          config: config.train,
          numSamples: x.length,
          seeds,
          make: makeCandidate,
          // The objective on all training pairs.
          score: (c) => tf.tidy(() => c.loss(all!).dataSync()[0]),
        }));
      } catch (e) {
        disposeShared();
        throw e;
      } finally {
        all?.dispose();
      }
      const { mlp, stackedT, offsets } = chosen;
      const learned: Record<string, unknown> = {};
      if (restartInfo) learned.restarts = restartInfo;
      if (knowledge.kind === 'hypothesis' && knowledge.family === 'diagonal')
        learned.diagonal = tf.tidy(() => {
          const onehot = count > 1 ? (tf.oneHot(idx, count).toFloat() as tf.Tensor2D) : null;
          return diagonalLeastSquares(mlp.apply(xs), mlp.apply(xsNext), onehot, count).arraySync();
        });
      if (knowledge.kind === 'hypothesis' && knowledge.family === 'affine') {
        learned.stackedTranspose = stackedT!.arraySync();
        learned.offsets = offsets!.arraySync();
      }
      if (knowledge.kind === 'hypothesis' && knowledge.family === 'axis-translation' && !byIndex) learned.translations = offsets!.arraySync();
      if (byIndex)
        // Share of each mechanism's movement E[(Δf_j)²] falling on each coordinate j (K × n): ≈ [I_K | 0] when fitted.
        learned.movementShare = tf.tidy(() => {
          const d2 = tf.square(tf.sub(mlp.apply(xsNext), mlp.apply(xs)));
          const m = tf.matMul(tf.transpose(tf.oneHot(idx, count).toFloat() as tf.Tensor2D), d2);
          return tf.div(m, tf.add(tf.sum(m, 1, true), 1e-12)).arraySync();
        });
      // Keep the encoder; free everything else (decoder, learned mechanism parameters, data).
      const keep = new Set(mlp.variables);
      chosen.variables.filter((v) => !keep.has(v)).forEach((v) => v.dispose());
      disposeShared();
      return {
        encode: (obs: Mat) => encodeRows(mlp, pre(assertMatrix('x', obs, { cols: n }))),
        train: result,
        learned,
        dispose: () => mlp.dispose(),
      };
    },
  };
}

/**
 * Per-mechanism least-squares diagonal: θ_kj = Σ_i [k_i = k] f′_ij f_ij / Σ_i [k_i = k] f_ij² (K × n),
 * computed with one-hot matMuls (onehot: B × K, or null for a single mechanism).
 */
function diagonalLeastSquares(f: tf.Tensor2D, fNext: tf.Tensor2D, onehot: tf.Tensor2D | null, count: number): tf.Tensor2D {
  return tf.tidy(() => {
    const num = tf.mul(fNext, f);
    const den = tf.square(f);
    if (onehot === null) return tf.div(tf.sum(num, 0, true), tf.add(tf.sum(den, 0, true), 1e-8)) as tf.Tensor2D;
    const ot = tf.transpose(onehot);
    void count;
    return tf.div(tf.matMul(ot, num), tf.add(tf.matMul(ot, den), 1e-8)) as tf.Tensor2D;
  });
}

/**
 * Loss of the 'axis-translation' hypothesis with axes by index (sizes unknown, one per pair): for each
 * coordinate j, its mean squared movement under the other mechanisms relative to its movement under its
 * own mechanism,
 *
 *   Σ_j E[(Δf_j)² | k ≠ j] / E[(Δf_j)² | k = j],   Δf = f(x′) − f(x),
 *
 * on the batch (`own`: B × n, 1 where coordinate j is the pair's mechanism's own coordinate). It is 0
 * exactly when every coordinate moves under its own mechanism only, i.e. f_j depends on one true
 * coordinate; the denominator is the anti-collapse constraint (each coordinate must move under its own
 * mechanism), a per-coordinate normalisation that, unlike the covariance penalty alone, gives every
 * coordinate a direct pull towards its axis (with the absolute residual E‖Δf off-axis‖² training
 * plateaus in basins where two coordinates share two mechanisms region by region). A coordinate with no
 * mechanism of its own (count < n; `count` = K) keeps the absolute form E[(Δf_j)²] (denominator 1).
 */
export function axisByIndexLoss(f: tf.Tensor2D, fNext: tf.Tensor2D, own: tf.Tensor2D, count: number): tf.Scalar {
  return tf.tidy(() => {
    const n = f.shape[1];
    const d2 = tf.square(tf.sub(fNext, f));
    own = tf.mul(tf.onesLike(d2), own) as tf.Tensor2D; // a single mechanism's 1 × n row, broadcast to the batch
    const off = tf.sub(1, own);
    const ownMean = tf.div(tf.sum(tf.mul(own, d2), 0), tf.add(tf.sum(own, 0), 1e-8));
    const offMean = tf.div(tf.sum(tf.mul(off, d2), 0), tf.add(tf.sum(off, 0), 1e-8));
    const unowned = tf.tensor1d(Array.from({ length: n }, (_, j) => (j < count ? 0 : 1)));
    return tf.sum(tf.div(offMean, tf.add(tf.add(ownMean, unowned), 1e-6))) as tf.Scalar;
  });
}

/** Σ_j Var(x_j) over the rows of x (float64): the scale of the reconstruction term. */
function totalVariance(x: Mat): number {
  let total = 0;
  for (let j = 0; j < x[0].length; j++) {
    let mean = 0;
    for (const row of x) mean += row[j];
    mean /= x.length;
    for (const row of x) total += (row[j] - mean) ** 2;
  }
  return total / (x.length - 1) || 1;
}
