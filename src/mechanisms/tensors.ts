/** Small tfjs helpers shared by learners. */
import * as tf from '@tensorflow/tfjs';
import type { Mat } from '../core/matrix.ts';
import { applyLinear, center, colMeans, matmul, transpose } from '../core/matrix.ts';
import { svd } from '../linalg/svd.ts';
import { assertMatrix } from '../core/validate.ts';
import type { Mlp } from '../train/types.ts';

/** A float32 2-D tensor from a validated plain matrix (the field is named on bad input). */
export function matrixTensor(field: string, m: Mat, cols?: number): tf.Tensor2D {
  assertMatrix(field, m, cols === undefined ? {} : { cols });
  return tf.tensor2d(m);
}

/** Apply an MLP to rows of a plain matrix in chunks, returning a plain matrix. */
export function encodeRows(mlp: Mlp, x: Mat, chunk = 4096): Mat {
  const out: Mat = [];
  for (let i = 0; i < x.length; i += chunk) {
    const part = x.slice(i, i + chunk);
    const y = tf.tidy(() => mlp.apply(tf.tensor2d(part)));
    out.push(...(y.arraySync() as Mat));
    y.dispose();
  }
  return out;
}

/**
 * Anti-collapse term ‖Cov(f) − I‖²_F / d on a batch: it fixes the scale of f and rules out collapsed or
 * rank-deficient solutions (a learner could otherwise map onto a 1-D invariant projection with zero loss).
 */
export function covariancePenalty(f: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const [b, d] = f.shape;
    const c = tf.sub(f, tf.mean(f, 0, true));
    const cov = tf.div(tf.matMul(tf.transpose(c), c), b - 1) as tf.Tensor2D;
    return tf.div(tf.sum(tf.square(tf.sub(cov, tf.eye(d)))), d) as tf.Scalar;
  });
}

/**
 * Row-wise selection of one of K linear maps without batched matMul (slow on wasm):
 * out_i = M_{k_i} f_i, computed as one plain matMul f · [M_1ᵀ … M_Kᵀ] then a one-hot reduction.
 * `stackedT` is n × (K·n) = [M_1ᵀ | … | M_Kᵀ]; `onehot` is B × K.
 */
export function selectLinear(f: tf.Tensor2D, stackedT: tf.Tensor2D, onehot: tf.Tensor2D | null): tf.Tensor2D {
  return tf.tidy(() => {
    const all = tf.matMul(f, stackedT); // B × K·n
    if (onehot === null) return all as tf.Tensor2D;
    const [b, n] = f.shape;
    const k = onehot.shape[1];
    return tf.sum(tf.mul(tf.reshape(all, [b, k, n]), tf.reshape(onehot, [b, k, 1])), 1) as tf.Tensor2D;
  });
}

/**
 * An input whitening x ↦ P (x − μ) with P = Cov(x)^{−1/2} (symmetric), estimated from the training rows.
 * A fixed invertible affine preprocessing: the encoder f(P(x − μ)) stays in the learner's class (linear
 * stays linear), and the likelihood changes by the constant log|det P|; but the optimiser sees inputs of
 * unit covariance, so a rotation of the latents is as easy to move along as any other direction
 * (an ill-conditioned mixing otherwise stretches the flat rotational valleys of the objective).
 */
export function inputWhitening(x: Mat): { mean: number[]; p: Mat; apply: (rows: Mat) => Mat } {
  const n = x[0].length;
  const mean = colMeans(x);
  const c = center(x);
  const cov = matmul(transpose(c), c).map((row) => row.map((v) => v / (x.length - 1)));
  const { u, s } = svd(cov);
  const p = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => u[i].reduce((acc, _v, k) => acc + (u[i][k] * u[j][k]) / Math.sqrt(Math.max(s[k], 1e-12)), 0)));
  const apply = (rows: Mat) => applyLinear(rows.map((r) => r.map((v, j) => v - mean[j])), p);
  return { mean, p, apply };
}
