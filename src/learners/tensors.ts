/** Small tfjs helpers shared by learners. */
import * as tf from '@tensorflow/tfjs';
import type { Mat } from '../core/matrix.ts';
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
