/**
 * Dense (fully connected) layers y = act(x·W + b) with a hand-written gradient, tuned for the wasm
 * backend (and harmless elsewhere).
 *
 * Why: on wasm `tf.matMul(a, b)` runs on the fast path (XNNPACK, ≈ 20–28 GFLOP/s here) only when
 * neither `transposeA` nor `transposeB` is set; with a flag it drops to ≈ 2 GFLOP/s, and tfjs's
 * built-in matMul gradient sets those flags (see /work/shared/deps.md). So the gradient here
 * transposes explicitly and then multiplies plainly:
 *
 *   g  = dy ⊙ act'(·)            (g = dy for a linear layer)
 *   dx = g · transpose(W)
 *   dW = transpose(x) · g        or transpose(transpose(g) · x) when g is narrower than x
 *                                (transpose the narrower operand: a [1024, 256] transpose costs ≈ 2 ms)
 *   db = ones[1, batch] · g      (one fast matMul; wasm's column `sum` transposes first and is ≈ 50× slower)
 *
 * Measured on this wasm build (SIMD, 1 thread, [1024, 256] tensors): `leakyRelu` 1.3 ms, `prelu`
 * 0.05 ms; `greater`+`where` 3.7 ms, `step` 0.08 ms; `tanh` 6 ms, `sigmoid` 0.4 ms; fused
 * matMul+leakyrelu costs 1.4 ms more than fused matMul+bias. Hence the forward pass is one fused
 * matMul+bias kernel followed by `prelu` (leaky ReLU), `relu`, or 2·sigmoid(2z) − 1 (tanh), and the
 * activation derivative is computed from the output y with `step` (leaky ReLU / ReLU) or 1 − y² (tanh).
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';

/** Activation fused into a dense layer. */
export type DenseActivation = 'linear' | 'leaky-relu' | 'relu' | 'tanh';

/** Default negative slope of the leaky ReLU. */
export const DEFAULT_NEGATIVE_SLOPE = 0.2;

const ACTIVATIONS: readonly DenseActivation[] = ['linear', 'leaky-relu', 'relu', 'tanh'];

function checkOperands(x: unknown, w: unknown, b: unknown): void {
  const shapeOf = (t: unknown) => (t instanceof tf.Tensor ? t.shape : t);
  if (!(x instanceof tf.Tensor) || x.rank !== 2) throw new InputError('x', shapeOf(x), 'a rank-2 tensor [batch, in]');
  if (!(w instanceof tf.Tensor) || w.rank !== 2) throw new InputError('w', shapeOf(w), 'a rank-2 tensor [in, out]');
  if (!(b instanceof tf.Tensor) || b.rank !== 1) throw new InputError('b', shapeOf(b), 'a rank-1 tensor [out]');
  if (x.shape[1] !== w.shape[0]) throw new InputError('w', w.shape, `a weight matrix with ${x.shape[1]} rows (x is [${x.shape}])`);
  if (b.shape[0] !== w.shape[1]) throw new InputError('b', b.shape, `a bias of length ${w.shape[1]} (w is [${w.shape}])`);
  for (const [field, t] of [['x', x], ['w', w], ['b', b]] as const)
    if (t.dtype !== 'float32') throw new InputError(field, t.dtype, 'a float32 tensor');
}

/** dW = xᵀ·g, transposing whichever of x [batch, in] and g [batch, out] is narrower. */
function weightGrad(x: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D {
  return g.shape[1] < x.shape[1] ? tf.transpose(tf.matMul(tf.transpose(g), x)) as tf.Tensor2D : tf.matMul(tf.transpose(x), g);
}

/** Column sums of g [batch, out] as a rank-1 [out] tensor, via ones[1, batch] · g. */
function biasGrad(g: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, g.shape[0]]) as tf.Tensor2D, g), [g.shape[1]]);
}

/**
 * act(x·W + b) for x [batch, in], W [in, out], b [out] (all float32), differentiable with respect
 * to x, W and b through the fast-path gradient described in the module comment.
 *
 * - `activation`: `'linear'` (default), `'leaky-relu'` (slope `negativeSlope`, default 0.2, for
 *   z ≤ 0), `'relu'`, or `'tanh'` (computed as 2·sigmoid(2z) − 1: absolute error ≈ 1e-7, no worse
 *   than float32 tanh near ±1; relative error near 0 is larger, irrelevant for training).
 * - At z = 0 the (leaky) ReLU derivative is taken from the left (slope, or 0), as tfjs does.
 *
 * Shapes and dtypes are checked (InputError naming `x`, `w`, `b`, `activation`, `negativeSlope`).
 * Like any op, call it inside `tf.tidy` or a training step.
 */
export function dense(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  activation: DenseActivation = 'linear',
  negativeSlope: number = DEFAULT_NEGATIVE_SLOPE,
): tf.Tensor2D {
  checkOperands(x, w, b);
  if (!ACTIVATIONS.includes(activation)) throw new InputError('activation', activation, `one of: ${ACTIVATIONS.join(', ')}`);
  if (activation === 'leaky-relu' && !(typeof negativeSlope === 'number' && negativeSlope > 0 && negativeSlope < 1))
    throw new InputError('negativeSlope', negativeSlope, 'a number in (0, 1)');
  const slope = negativeSlope;
  // A fresh customGrad closure per call is cheap (no kernel) and lets the gradient capture this call's settings.
  const op = tf.customGrad<tf.Tensor2D>((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x2 = args[0] as tf.Tensor2D;
    const w2 = args[1] as tf.Tensor2D;
    const save = args[3] as tf.GradSaveFunc;
    const z = tf.fused.matMul({ a: x2, b: w2, bias: args[2] as tf.Tensor1D }) as tf.Tensor2D;
    let y: tf.Tensor2D;
    switch (activation) {
      case 'linear':
        y = z;
        break;
      case 'leaky-relu':
        y = tf.prelu(z, tf.fill([w2.shape[1]], slope) as tf.Tensor as tf.Tensor2D);
        break;
      case 'relu':
        y = tf.relu(z) as tf.Tensor2D;
        break;
      case 'tanh':
        y = tf.sub(tf.mul(tf.sigmoid(tf.mul(z, 2)), 2), 1) as tf.Tensor2D;
        break;
    }
    save(activation === 'linear' ? [x2, w2] : [x2, w2, y]);
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
      const xs = saved[0] as tf.Tensor2D;
      const ws = saved[1] as tf.Tensor2D;
      const ys = saved[2] as tf.Tensor2D | undefined;
      let g = dy;
      if (activation === 'leaky-relu') g = tf.mul(g, tf.step(ys!, slope));
      else if (activation === 'relu') g = tf.mul(g, tf.step(ys!, 0));
      else if (activation === 'tanh') g = tf.mul(g, tf.sub(1, tf.square(ys!)));
      return [tf.matMul(g, tf.transpose(ws)), weightGrad(xs, g), biasGrad(g)];
    };
    return { value: y, gradFunc };
  });
  return op(x, w, b);
}
