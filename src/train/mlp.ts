/**
 * Multilayer perceptrons built from `dense` layers, with seeded initialisation.
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import type { Rng } from '../rng/rng.ts';
import { glorotUniform, heNormal, zerosInit } from '../tfjs/init.ts';
import { DEFAULT_NEGATIVE_SLOPE, dense } from './dense.ts';
import type { Mlp, MlpSpec } from './types.ts';

const MLP_ACTIVATIONS: readonly MlpSpec['activation'][] = ['leaky-relu', 'tanh', 'relu'];

/** Largest layer width accepted (a guard against typos such as 1e9; 2¹⁶ × 2¹⁶ floats would already be 16 GiB). */
const MAX_WIDTH = 65536;

/** Variables get readable, process-unique names (`mlp3/dense1/w`), so repeated creation never collides. */
let mlpCounter = 0;

/**
 * Check an `MlpSpec` and return a normalised copy (`negativeSlope` filled in for leaky ReLU).
 * Throws `InputError` naming the field: `spec`, `spec.sizes`, `spec.sizes[i]`, `spec.activation`,
 * `spec.negativeSlope`.
 */
export function validateMlpSpec(spec: unknown): MlpSpec {
  if (spec === null || typeof spec !== 'object') throw new InputError('spec', spec, 'an MlpSpec object { sizes, activation }');
  const s = spec as Partial<MlpSpec>;
  if (!Array.isArray(s.sizes) || s.sizes.length < 2)
    throw new InputError('spec.sizes', s.sizes, 'an array of at least 2 layer widths (input and output)');
  s.sizes.forEach((n, i) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_WIDTH)
      throw new InputError(`spec.sizes[${i}]`, n, `a positive integer width (at most ${MAX_WIDTH})`);
  });
  if (!MLP_ACTIVATIONS.includes(s.activation as MlpSpec['activation']))
    throw new InputError('spec.activation', s.activation, `one of: ${MLP_ACTIVATIONS.join(', ')}`);
  const out: MlpSpec = { sizes: [...s.sizes], activation: s.activation as MlpSpec['activation'] };
  if (s.negativeSlope !== undefined || s.activation === 'leaky-relu') {
    const slope = s.negativeSlope ?? DEFAULT_NEGATIVE_SLOPE;
    if (typeof slope !== 'number' || !(slope > 0 && slope < 1)) throw new InputError('spec.negativeSlope', slope, 'a number in (0, 1)');
    out.negativeSlope = slope;
  }
  return out;
}

/**
 * Create an MLP `sizes[0] → … → sizes[L]` whose hidden layers use `spec.activation` and whose last
 * layer is linear. Weights are drawn from `rng` (use the `init` stream of `seedStreams`): He-normal
 * N(0, 2/fanIn) for layers followed by a (leaky) ReLU, Glorot-uniform for layers followed by tanh
 * and for the linear output layer; biases are zero. The same seed gives bitwise-identical weights.
 *
 * `variables` are `[W1, b1, W2, b2, …]` (W [in, out], b [out]). `apply` must run inside `tf.tidy`
 * (or a training loss); `dispose` frees the variables.
 */
export function createMlp(spec: MlpSpec, rng: Rng): Mlp {
  const s = validateMlpSpec(spec);
  if (rng === null || typeof rng !== 'object' || typeof (rng as Rng).normal !== 'function')
    throw new InputError('rng', rng, 'a seeded Rng (src/rng/rng.ts)');
  const id = mlpCounter++;
  const layers = s.sizes.length - 1;
  const variables: tf.Variable[] = [];
  const weights: tf.Variable<tf.Rank.R2>[] = [];
  const biases: tf.Variable<tf.Rank.R1>[] = [];
  try {
    for (let l = 0; l < layers; l++) {
      const shape = [s.sizes[l], s.sizes[l + 1]] as const;
      const hidden = l < layers - 1;
      const useHe = hidden && (s.activation === 'leaky-relu' || s.activation === 'relu');
      const w = tf.tidy(() => tf.variable(useHe ? heNormal(shape, rng) : glorotUniform(shape, rng), true, `mlp${id}/dense${l}/w`));
      weights.push(w as tf.Variable<tf.Rank.R2>);
      variables.push(w);
      const b = tf.tidy(() => tf.variable(zerosInit([shape[1]]), true, `mlp${id}/dense${l}/b`));
      biases.push(b as tf.Variable<tf.Rank.R1>);
      variables.push(b);
    }
  } catch (e) {
    tf.dispose(variables);
    throw e;
  }
  const slope = s.negativeSlope ?? DEFAULT_NEGATIVE_SLOPE;
  let disposed = false;
  return {
    spec: s,
    variables,
    apply(x: tf.Tensor2D): tf.Tensor2D {
      if (disposed) throw new InputError('mlp', `mlp${id}`, 'an MLP that has not been disposed');
      if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== s.sizes[0])
        throw new InputError('x', x instanceof tf.Tensor ? x.shape : x, `a rank-2 tensor [batch, ${s.sizes[0]}]`);
      let h = x;
      for (let l = 0; l < layers; l++) h = dense(h, weights[l], biases[l], l < layers - 1 ? s.activation : 'linear', slope);
      return h;
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      tf.dispose(variables);
    },
  };
}
