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
 */
import * as tf from '@tensorflow/tfjs';
import type { Mat, Vec } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertMatrix } from '../core/validate.ts';
import { createMlp } from '../train/mlp.ts';
import { train } from '../train/train.ts';
import type { MlpSpec, TrainConfig } from '../train/types.ts';
import { covariancePenalty, encodeRows, matrixTensor, selectLinear } from './tensors.ts';
import type { FittedEncoder, Learner, LearnerSeeds, PairData } from './types.ts';
import { uniformValues } from '../tfjs/init.ts';

/** What the learner knows about the mechanisms. */
export type MechanismKnowledge =
  | { kind: 'known-linear'; matrices: Mat[] }
  | { kind: 'known-translation'; offsets: Vec[] }
  | { kind: 'hypothesis'; family: 'diagonal' | 'affine' | 'axis-translation'; count: number };

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

/** Build a mechanism-based learner. */
export function mechanismLearner(config: MechanismLearnerConfig): Learner {
  const knowledge = config.mechanisms;
  const count = mechanismCount(knowledge);
  if (!Number.isInteger(count) || count < 1) throw new InputError('mechanisms.count', count, 'at least one mechanism');
  const lambda = config.antiCollapseWeight ?? 1;
  const mu = config.sparsityWeight ?? 1;
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

      const mlp = createMlp({ sizes: [n, ...config.hidden, n], activation: config.activation ?? 'leaky-relu' }, seeds.init);
      const xs = matrixTensor('data.x', x);
      const xsNext = matrixTensor('data.xNext', data.xNext);
      const idx = tf.tensor1d(index, 'int32');
      const extra: tf.Variable[] = [];
      // Constant or learned mechanism parameters.
      let stackedT: tf.Tensor2D | null = null; // n × K·n (linear/affine)
      let offsets: tf.Tensor2D | null = null; // K × n (translations, affine offsets)
      if (knowledge.kind === 'known-linear') {
        stackedT = tf.tensor2d(Array.from({ length: n }, (_, r) => knowledge.matrices.flatMap((m) => m.map((row) => row[r]))));
      } else if (knowledge.kind === 'known-translation') {
        offsets = tf.tensor2d(knowledge.offsets);
      } else if (knowledge.family === 'diagonal') {
        // Solved per batch (variable projection); nothing to learn.
      } else if (knowledge.family === 'affine') {
        const init = Array.from({ length: n }, (_, r) => Array.from({ length: count * n }, (_, c) => (c % n === r ? 1 : 0) + 0.1 * (seeds.init.uniform() - 0.5)));
        const a = tf.tidy(() => tf.variable(tf.tensor2d(init)));
        const b = tf.tidy(() => tf.variable(tf.zeros([count, n])));
        stackedT = a as unknown as tf.Tensor2D;
        offsets = b as unknown as tf.Tensor2D;
        extra.push(a, b);
      } else {
        const t = tf.tidy(() => tf.variable(tf.tensor2d(uniformValues([count, n], seeds.init.child('translation'), -1, 1), [count, n])));
        offsets = t as unknown as tf.Tensor2D;
        extra.push(t);
      }
      // Per-row mechanism parameters are selected with a one-hot matMul, not tf.gather: the gradient of
      // gather with respect to the gathered tensor needs UnsortedSegmentSum, which wasm lacks.
      const pick = (param: tf.Tensor2D, onehot: tf.Tensor2D | null): tf.Tensor2D => (onehot ? tf.matMul(onehot, param) : param);
      const loss = (batch: tf.Tensor1D): tf.Scalar =>
        tf.tidy(() => {
          const f = mlp.apply(tf.gather(xs, batch) as tf.Tensor2D);
          const fNext = mlp.apply(tf.gather(xsNext, batch) as tf.Tensor2D);
          const onehot = count > 1 ? (tf.oneHot(tf.gather(idx, batch) as tf.Tensor1D, count).toFloat() as tf.Tensor2D) : null;
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
          if (knowledge.kind === 'hypothesis' && knowledge.family === 'axis-translation' && mu > 0) {
            const l1 = tf.sum(tf.abs(offsets!), 1);
            const l2 = tf.add(tf.sum(tf.square(offsets!), 1), 1e-8);
            total = tf.add(total, tf.mul(mu, tf.sum(tf.sub(tf.div(tf.square(l1), l2), 1)))) as tf.Scalar;
            const unit = tf.div(offsets!, tf.sqrt(tf.expandDims(l2, 1)));
            const gram = tf.matMul(unit, tf.transpose(unit));
            total = tf.add(total, tf.mul(mu, tf.sum(tf.square(tf.sub(gram, tf.eye(count)))))) as tf.Scalar;
          }
          return total;
        });
      let result;
      try {
        result = train({ variables: [...mlp.variables, ...extra], loss, numSamples: x.length, config: config.train, rng: seeds.batching });
      } catch (e) {
        xs.dispose();
        xsNext.dispose();
        idx.dispose();
        stackedT?.dispose();
        offsets?.dispose();
        extra.forEach((v) => v.dispose());
        mlp.dispose();
        throw e;
      }
      const learned: Record<string, unknown> = {};
      if (knowledge.kind === 'hypothesis' && knowledge.family === 'diagonal')
        learned.diagonal = tf.tidy(() => {
          const onehot = count > 1 ? (tf.oneHot(idx, count).toFloat() as tf.Tensor2D) : null;
          return diagonalLeastSquares(mlp.apply(xs), mlp.apply(xsNext), onehot, count).arraySync();
        });
      if (knowledge.kind === 'hypothesis' && knowledge.family === 'affine') {
        learned.stackedTranspose = stackedT!.arraySync();
        learned.offsets = offsets!.arraySync();
      }
      if (knowledge.kind === 'hypothesis' && knowledge.family === 'axis-translation') learned.translations = offsets!.arraySync();
      xs.dispose();
      xsNext.dispose();
      idx.dispose();
      if (knowledge.kind === 'known-linear') stackedT!.dispose();
      if (knowledge.kind === 'known-translation') offsets!.dispose();
      extra.forEach((v) => v.dispose());
      return {
        encode: (obs: Mat) => encodeRows(mlp, assertMatrix('x', obs, { cols: n })),
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
