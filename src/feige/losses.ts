/**
 * The semi-supervised ELBO of the invariant–equivariant VAE (Feige 2019; Kingma et al. 2014, eqs. 6–9),
 * with the sum over the K classes done exactly. One function serves the learners and the oracle (exact
 * properties), so the exact theorem tests the very loss the learners minimise.
 *
 * Model: p(y) = 1/K, p(v) = N(0, I), p(x | y, v) = N(x; D(r_y, v), σ² I). Variational family
 * q(y | x) q(v | x) (ours: v does not see y) or q(y | x) q(v | x, y) (M2). Per row i:
 *
 *   labelled   −ELBO_i = recon_i,y + KL(q(v | x, y) ‖ N(0, I)) − log p(y)
 *   unlabelled −ELBO_i = Σ_k q(k | x)·[recon_i,k + KL_i,k] + KL(q(y | x) ‖ Uniform_K)
 *
 * with recon_i,k = ‖x_i − D(r_k, v)‖² / 2σ² + (D/2) log 2πσ² (a Monte-Carlo average over the reparametrised
 * samples v = μ + σ_q ε done by the caller), KL_i,k = ½ Σ_j (μ² + σ_q² − 1 − log σ_q²), and
 * KL(q(y|x) ‖ U) = Σ_k q log q + log K (0·log 0 = 0: the oracle's one-hot q is allowed).
 */
import * as tf from '@tensorflow/tfjs';

/** Inputs of `negativeElbo` (all float32; B rows, K classes). */
export interface ElboTerms {
  /** recon_i,k [B, K] (or [B, 1] when the generative model does not use y: the no-routing baseline). */
  recon: tf.Tensor2D;
  /** KL of q(v | ·) to N(0, I): [B, 1] (q(v | x)) or [B, K] (q(v | x, y), M2). */
  klV: tf.Tensor2D;
  /** q(y | x) [B, K] (rows sum to 1). */
  qy: tf.Tensor2D;
  /** One-hot labels [B, K] (zero rows for unlabelled rows). */
  onehot: tf.Tensor2D;
  /** 1 for labelled rows, 0 otherwise [B, 1]. */
  labelled: tf.Tensor2D;
  classes: number;
  /** false: y is not part of the generative model (no-routing baseline): −ELBO_i = recon_i + KL_i. */
  routed: boolean;
}

/** −ELBO per row [B] (nats). Call inside tf.tidy / a training loss. */
export function negativeElboRows(t: ElboTerms): tf.Tensor1D {
  return tf.tidy(() => {
    const logK = Math.log(t.classes);
    if (!t.routed) return tf.reshape(tf.add(t.recon, t.klV), [-1]) as tf.Tensor1D;
    const unl = tf.sub(1, t.labelled);
    // Weights over k: the label for labelled rows, q(y | x) for the others.
    const w = tf.add(tf.mul(t.labelled, t.onehot), tf.mul(unl, t.qy));
    const expected = tf.sum(tf.mul(w, tf.add(t.recon, t.klV)), 1, true);
    const qlogq = tf.sum(tf.mul(t.qy, tf.log(tf.maximum(t.qy, 1e-30))), 1, true);
    const klY = tf.add(tf.mul(t.labelled, logK), tf.mul(unl, tf.add(qlogq, logK)));
    return tf.reshape(tf.add(expected, klY), [-1]) as tf.Tensor1D;
  });
}

/** Mean −ELBO over the rows (nats per row). */
export function negativeElbo(t: ElboTerms): tf.Scalar {
  return tf.tidy(() => tf.mean(negativeElboRows(t)) as tf.Scalar);
}

/** Gaussian reconstruction term ‖x − x̂‖² / 2σ² + (D/2) log 2πσ² per row, [rows, 1]. */
export function gaussianRecon(x: tf.Tensor2D, xhat: tf.Tensor2D, sigma: number): tf.Tensor2D {
  return tf.tidy(() => {
    const d = x.shape[1];
    const sq = tf.sum(tf.square(tf.sub(x, xhat)), 1, true);
    return tf.add(tf.div(sq, 2 * sigma * sigma), 0.5 * d * Math.log(2 * Math.PI * sigma * sigma)) as tf.Tensor2D;
  });
}

/** KL(N(μ, diag e^{logvar}) ‖ N(0, I)) = ½ Σ_j (μ_j² + e^{logvar_j} − 1 − logvar_j), per row [rows, 1]. */
export function gaussianKl(mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), tf.add(1, logvar)), 1, true)) as tf.Tensor2D);
}

/** The [K·B, K] block indicator whose row k·B + i is e_k (the class of block k). */
export function blockIndicator(batch: number, classes: number): tf.Tensor2D {
  const buf = new Float32Array(batch * classes * classes);
  for (let k = 0; k < classes; k++) for (let i = 0; i < batch; i++) buf[(k * batch + i) * classes + k] = 1;
  return tf.tensor2d(buf, [batch * classes, classes]);
}

/** [K·B, c] rows of `a` [B, c] repeated K times (block k = a). */
export function repeatBlocks(a: tf.Tensor2D, classes: number): tf.Tensor2D {
  return tf.tidy(() => tf.concat(Array.from({ length: classes }, () => a), 0) as tf.Tensor2D);
}

/** [K·B, 1] → [B, K]: column k = block k. */
export function blocksToColumns(a: tf.Tensor2D, batch: number, classes: number): tf.Tensor2D {
  return tf.tidy(() => tf.transpose(tf.reshape(a, [classes, batch])) as tf.Tensor2D);
}
