/**
 * Forward pass of a leaky-ReLU MLP f: Rⁿ → Rⁿ together with log|det J_f(x)| per sample, for n ≤ 3.
 *
 * The Jacobian's transpose is carried through the layers as a [B·n, width] matrix G (row (b, i) = ∂h/∂x_i
 * for sample b): G ← (G · W_l) ⊙ σ′(pre_l), so every product is a plain 2-D matMul through the
 * custom-gradient `dense` (batched rank-3 matMul is on wasm's slow path). The determinant of each n × n
 * block uses the closed form (n = 1, 2, 3). The activation derivative is piecewise constant, so its own
 * gradient is zero almost everywhere.
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import { dense, DEFAULT_NEGATIVE_SLOPE } from '../train/dense.ts';
import type { Mlp } from '../train/types.ts';

/** Largest latent dimension with a closed-form determinant here. */
export const MAX_LOGDET_DIM = 3;

function det(g: tf.Tensor3D, n: number): tf.Tensor1D {
  const e = (i: number, j: number) => tf.reshape(tf.slice(g, [0, i, j], [-1, 1, 1]), [-1]) as tf.Tensor1D;
  if (n === 1) return e(0, 0);
  if (n === 2) return tf.sub(tf.mul(e(0, 0), e(1, 1)), tf.mul(e(0, 1), e(1, 0))) as tf.Tensor1D;
  const m = (a: number, b: number, c: number, d: number) => tf.sub(tf.mul(e(1, a), e(2, b)), tf.mul(e(1, c), e(2, d)));
  return tf.add(tf.sub(tf.mul(e(0, 0), m(1, 2, 2, 1)), tf.mul(e(0, 1), m(0, 2, 2, 0))), tf.mul(e(0, 2), m(0, 1, 1, 0))) as tf.Tensor1D;
}

/** y = f(x) and log|det ∂f/∂x| per row, for an MLP with leaky-ReLU hidden layers and a linear output. */
export function mlpWithLogDet(mlp: Mlp, x: tf.Tensor2D): { y: tf.Tensor2D; logAbsDet: tf.Tensor1D } {
  const sizes = mlp.spec.sizes;
  const n = sizes[0];
  if (sizes[sizes.length - 1] !== n) throw new InputError('mlp.spec.sizes', sizes, 'equal input and output widths (a map Rⁿ → Rⁿ)');
  if (n > MAX_LOGDET_DIM) throw new InputError('n', n, `a latent dimension ≤ ${MAX_LOGDET_DIM} for the closed-form log-determinant`);
  if (mlp.spec.activation !== 'leaky-relu') throw new InputError('mlp.spec.activation', mlp.spec.activation, "'leaky-relu'");
  const slope = mlp.spec.negativeSlope ?? DEFAULT_NEGATIVE_SLOPE;
  const layers = sizes.length - 1;
  const b = x.shape[0];
  let h: tf.Tensor2D = x;
  let g: tf.Tensor2D | null = null; // [B·n, width]
  for (let l = 0; l < layers; l++) {
    const w = mlp.variables[2 * l] as unknown as tf.Tensor2D;
    const bias = mlp.variables[2 * l + 1] as unknown as tf.Tensor1D;
    const width = sizes[l + 1];
    const pre = dense(h, w, bias, 'linear');
    // First layer: every sample's G·W is W itself (G = I).
    const gw: tf.Tensor2D = g === null ? (tf.reshape(tf.tile(tf.reshape(w, [1, n, width]), [b, 1, 1]), [b * n, width]) as tf.Tensor2D) : dense(g, w, tf.zeros([width]), 'linear');
    if (l < layers - 1) {
      const d = tf.step(pre, slope) as tf.Tensor2D; // σ′(pre): 1 if pre > 0, slope otherwise
      h = tf.prelu(pre, tf.fill([width], slope) as tf.Tensor as tf.Tensor2D) as tf.Tensor2D;
      g = tf.reshape(tf.mul(tf.reshape(gw, [b, n, width]), tf.reshape(d, [b, 1, width])), [b * n, width]) as tf.Tensor2D;
    } else {
      h = pre;
      g = gw;
    }
  }
  const j = tf.reshape(g!, [b, n, n]) as tf.Tensor3D;
  return { y: h, logAbsDet: tf.log(tf.add(tf.abs(det(j, n)), 1e-12)) as tf.Tensor1D };
}

/**
 * y = x W + b and log|det W| (broadcast to one value per row) for a single linear layer (an MLP with no
 * hidden layer), n ≤ 3: the Jacobian is W for every sample, so its determinant is computed once.
 */
export function linearWithLogDet(mlp: Mlp, x: tf.Tensor2D): { y: tf.Tensor2D; logAbsDet: tf.Tensor1D } {
  const sizes = mlp.spec.sizes;
  const n = sizes[0];
  if (sizes.length !== 2 || sizes[1] !== n) throw new InputError('mlp.spec.sizes', sizes, 'one square linear layer [n, n]');
  if (n > MAX_LOGDET_DIM) throw new InputError('n', n, `a latent dimension ≤ ${MAX_LOGDET_DIM} for the closed-form log-determinant`);
  const w = mlp.variables[0] as unknown as tf.Tensor2D;
  const y = dense(x, w, mlp.variables[1] as unknown as tf.Tensor1D, 'linear');
  const logDet = tf.log(tf.add(tf.abs(det(tf.reshape(w, [1, n, n]) as tf.Tensor3D, n)), 1e-12));
  return { y, logAbsDet: tf.mul(tf.ones([x.shape[0]]), logDet) as tf.Tensor1D };
}
