/**
 * Seeded initialisers and samplers for tfjs. tfjs's own random ops (`tf.randomNormal`,
 * `tf.initializers.*`) are never used: every value is drawn from our `Rng` (pure 32-bit integer
 * arithmetic, the same on every machine) and rounded to float32 in JavaScript, then copied into a
 * tensor. So the same seed gives bitwise-identical initial weights on wasm, cpu and tfjs-node.
 *
 * The `*Values` functions return the raw Float32Array (no tfjs involved); the tensor versions wrap
 * them. Tensors returned here are owned by the caller (dispose them, or create them inside `tf.tidy`).
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import type { Rng } from '../rng/rng.ts';

/** Largest number of elements one initialiser will allocate (2²⁸ float32 = 1 GiB). */
const MAX_SIZE = 2 ** 28;

/** Check a tensor shape: an array of positive integers; returns its element count. */
export function assertShape(field: string, shape: unknown, rank?: number): number {
  if (!Array.isArray(shape)) throw new InputError(field, shape, 'a shape (array of positive integers)');
  if (rank !== undefined && shape.length !== rank) throw new InputError(field, shape, `a shape of rank ${rank}`);
  let size = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d <= 0) throw new InputError(`${field}[${i}]`, d, 'a positive integer');
    size *= d;
  }
  if (size > MAX_SIZE) throw new InputError(field, shape, `at most ${MAX_SIZE} elements in all`);
  return size;
}

function assertRng(rng: unknown): Rng {
  const r = rng as Partial<Rng> | null | undefined;
  if (r == null || typeof r.normal !== 'function' || typeof r.uniform !== 'function' || typeof r.int !== 'function')
    throw new InputError('rng', rng, 'a seeded Rng (src/rng/rng.ts)');
  return rng as Rng;
}

function assertFinite(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(field, v, 'a finite number');
  return v;
}

// ---------------------------------------------------------------------------------------------
// Raw values

/** Draws from N(mean, std²) for every element of `shape`, rounded to float32. */
export function normalValues(shape: readonly number[], rng: Rng, mean = 0, std = 1): Float32Array {
  const n = assertShape('shape', shape);
  const r = assertRng(rng);
  assertFinite('mean', mean);
  if (assertFinite('std', std) < 0) throw new InputError('std', std, 'a non-negative number');
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + std * r.normal();
  return out;
}

/** Draws from U[lo, hi), rounded to float32 (rounding can reach `Math.fround(hi)`). */
export function uniformValues(shape: readonly number[], rng: Rng, lo = 0, hi = 1): Float32Array {
  const n = assertShape('shape', shape);
  const r = assertRng(rng);
  assertFinite('lo', lo);
  assertFinite('hi', hi);
  if (!(lo < hi)) throw new InputError('hi', hi, `a number greater than lo (${lo})`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r.range(lo, hi);
  return out;
}

/** Glorot/Xavier uniform bound for a [fanIn, fanOut] weight matrix: √(6 / (fanIn + fanOut)). */
export function glorotLimit(fanIn: number, fanOut: number): number {
  return Math.sqrt(6 / (fanIn + fanOut));
}

/** He (Kaiming) normal standard deviation for fan-in `fanIn`: √(2 / fanIn). */
export function heStd(fanIn: number): number {
  return Math.sqrt(2 / fanIn);
}

/** Glorot-uniform values for a [fanIn, fanOut] matrix (row-major). */
export function glorotUniformValues(shape: readonly [number, number], rng: Rng): Float32Array {
  assertShape('shape', shape, 2);
  const limit = glorotLimit(shape[0], shape[1]);
  return uniformValues(shape, rng, -limit, limit);
}

/** He-normal values for a [fanIn, fanOut] matrix (row-major). */
export function heNormalValues(shape: readonly [number, number], rng: Rng): Float32Array {
  assertShape('shape', shape, 2);
  return normalValues(shape, rng, 0, heStd(shape[0]));
}

// ---------------------------------------------------------------------------------------------
// Tensors

/**
 * Glorot (Xavier) uniform weights for a dense layer, shape [fanIn, fanOut]:
 * U(−l, l) with l = √(6 / (fanIn + fanOut)) (Glorot & Bengio 2010; Keras's `glorotUniform`).
 */
export function glorotUniform(shape: readonly [number, number], rng: Rng): tf.Tensor2D {
  const v = glorotUniformValues(shape, rng);
  return tf.tensor2d(v, [shape[0], shape[1]], 'float32');
}

/**
 * He (Kaiming) normal weights for a dense layer, shape [fanIn, fanOut]: N(0, 2 / fanIn), not
 * truncated (He et al. 2015). Note Keras's `heNormal` truncates at two std; this does not.
 */
export function heNormal(shape: readonly [number, number], rng: Rng): tf.Tensor2D {
  const v = heNormalValues(shape, rng);
  return tf.tensor2d(v, [shape[0], shape[1]], 'float32');
}

/** A float32 tensor of zeros (biases). */
export function zerosInit(shape: readonly number[]): tf.Tensor {
  assertShape('shape', shape);
  return tf.zeros([...shape], 'float32');
}

/** A float32 tensor of N(mean, std²) draws from `rng`. */
export function randomNormalTensor(shape: readonly number[], rng: Rng, mean = 0, std = 1): tf.Tensor {
  const v = normalValues(shape, rng, mean, std);
  return tf.tensor(v, [...shape], 'float32');
}

/** A float32 tensor of U[lo, hi) draws from `rng`. */
export function randomUniformTensor(shape: readonly number[], rng: Rng, lo = 0, hi = 1): tf.Tensor {
  const v = uniformValues(shape, rng, lo, hi);
  return tf.tensor(v, [...shape], 'float32');
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates on `rng`), for minibatch order. */
export function shuffledIndices(n: number, rng: Rng): Int32Array {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0x7fffffff)
    throw new InputError('n', n, 'a non-negative integer below 2^31');
  const r = assertRng(rng);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = r.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
