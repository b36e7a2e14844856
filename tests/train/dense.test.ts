import { beforeAll, describe, expect, it } from 'vitest';
import { fc } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../src/core/errors.ts';
import { Rng } from '../../src/rng/rng.ts';
import { initBackend, randomNormalTensor, tensorCount } from '../../src/tfjs/index.ts';
import { dense } from '../../src/train/index.ts';
import type { DenseActivation } from '../../src/train/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const SLOPE = 0.2;

/** The reference layer: plain tfjs ops with their built-in gradients (matMul with transpose flags). */
function reference(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, act: DenseActivation, slope = SLOPE): tf.Tensor2D {
  const z = tf.add(tf.matMul(x, w), b) as tf.Tensor2D;
  if (act === 'leaky-relu') return tf.leakyRelu(z, slope);
  if (act === 'relu') return tf.relu(z);
  if (act === 'tanh') return tf.tanh(z);
  return z;
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** Forward values and the gradients of Σ r ⊙ y with respect to x, W, b, for a random cotangent r. */
function valueAndGrads(
  layer: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D,
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  r: tf.Tensor2D,
): tf.Tensor[] {
  const y = layer(x, w, b);
  const f = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(layer(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D), r));
  return [y, ...tf.grads(f)([x, w, b])];
}

describe('dense', () => {
  it('forward equals x·W + b (and the activations) on a hand-checked case', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 2], [-3, 0.5]]);
      const w = tf.tensor2d([[1, -1, 0], [2, 0.5, -2]]);
      const b = tf.tensor1d([0.5, 0, -1]);
      // x·W + b = [[5.5, 0, -5], [-1.5, 3.25, -2]]
      expect(Array.from(dense(x, w, b).dataSync())).toEqual([5.5, 0, -5, -1.5, 3.25, -2]);
      expect(Array.from(dense(x, w, b, 'relu').dataSync())).toEqual([5.5, 0, 0, 0, 3.25, 0]);
      const leaky = Array.from(dense(x, w, b, 'leaky-relu', 0.1).dataSync());
      [5.5, 0, -0.5, -0.15, 3.25, -0.2].forEach((v, i) => expect(leaky[i]).toBeCloseTo(v, 6));
      const th = Array.from(dense(x, w, b, 'tanh').dataSync());
      [5.5, 0, -5, -1.5, 3.25, -2].forEach((v, i) => expect(Math.abs(th[i] - Math.tanh(v))).toBeLessThan(2e-7));
    });
  });

  it('custom gradients equal the default matMul gradients (max abs diff < 1e-5) for random shapes', () => {
    const before = tensorCount();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.constantFrom<DenseActivation>('linear', 'leaky-relu', 'relu', 'tanh'),
        fc.integer({ min: 0, max: 0xffffffff }),
        (batch, nIn, nOut, act, seed) => {
          tf.tidy(() => {
            const rng = new Rng(seed);
            const x = randomNormalTensor([batch, nIn], rng) as tf.Tensor2D;
            const w = randomNormalTensor([nIn, nOut], rng, 0, 1 / Math.sqrt(nIn)) as tf.Tensor2D;
            const b = randomNormalTensor([nOut], rng, 0, 0.5) as tf.Tensor1D;
            const r = randomNormalTensor([batch, nOut], rng) as tf.Tensor2D;
            const ours = valueAndGrads((a, c, d) => dense(a, c, d, act), x, w, b, r);
            const ref = valueAndGrads((a, c, d) => reference(a, c, d, act), x, w, b, r);
            ['y', 'dx', 'dW', 'db'].forEach((name, i) => {
              expect(ours[i].shape, name).toEqual(ref[i].shape);
              expect(maxAbsDiff(ours[i], ref[i]), `${name} (${act}, batch ${batch}, ${nIn}→${nOut})`).toBeLessThan(1e-5);
            });
          });
        },
      ),
      { numRuns: 60, seed: 20240611 },
    );
    expect(tensorCount()).toBe(before);
  });

  it('gradients also match on a larger layer (both weight-gradient layouts)', () => {
    tf.tidy(() => {
      const rng = new Rng(5);
      for (const [batch, nIn, nOut] of [[256, 64, 10], [256, 10, 64], [128, 48, 48]]) {
        const x = randomNormalTensor([batch, nIn], rng) as tf.Tensor2D;
        const w = randomNormalTensor([nIn, nOut], rng, 0, 1 / Math.sqrt(nIn)) as tf.Tensor2D;
        const b = randomNormalTensor([nOut], rng, 0, 0.5) as tf.Tensor1D;
        const r = randomNormalTensor([batch, nOut], rng, 0, 0.1) as tf.Tensor2D;
        const ours = valueAndGrads((a, c, d) => dense(a, c, d, 'leaky-relu'), x, w, b, r);
        const ref = valueAndGrads((a, c, d) => reference(a, c, d, 'leaky-relu'), x, w, b, r);
        for (let i = 0; i < 4; i++) expect(maxAbsDiff(ours[i], ref[i])).toBeLessThan(1e-5);
      }
    });
  });

  it('matches the reference on the cpu backend too', async () => {
    await initBackend('cpu');
    try {
      tf.tidy(() => {
        const rng = new Rng(9);
        const x = randomNormalTensor([13, 6], rng) as tf.Tensor2D;
        const w = randomNormalTensor([6, 4], rng, 0, 0.4) as tf.Tensor2D;
        const b = randomNormalTensor([4], rng) as tf.Tensor1D;
        const r = randomNormalTensor([13, 4], rng) as tf.Tensor2D;
        for (const act of ['linear', 'leaky-relu', 'relu', 'tanh'] as const) {
          const ours = valueAndGrads((a, c, d) => dense(a, c, d, act), x, w, b, r);
          const ref = valueAndGrads((a, c, d) => reference(a, c, d, act), x, w, b, r);
          for (let i = 0; i < 4; i++) expect(maxAbsDiff(ours[i], ref[i])).toBeLessThan(1e-5);
        }
      });
    } finally {
      await initBackend('wasm');
    }
  });

  it('leaves no tensor behind under tf.grads', () => {
    const x = tf.randomNormal([8, 5]) as tf.Tensor2D;
    const w = tf.randomNormal([5, 3]) as tf.Tensor2D;
    const b = tf.zeros([3]) as tf.Tensor1D;
    const before = tensorCount();
    const g = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(dense(a as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor1D, 'tanh')))([x, w, b]);
    expect(tensorCount()).toBe(before + 3);
    tf.dispose([...g, x, w, b]);
  });

  it('rejects bad operands with the field and value', () => {
    tf.tidy(() => {
      const x = tf.zeros([4, 3]) as tf.Tensor2D;
      const w = tf.zeros([3, 2]) as tf.Tensor2D;
      const b = tf.zeros([2]) as tf.Tensor1D;
      const err = (f: () => unknown) => {
        try {
          f();
        } catch (e) {
          return e as InputError;
        }
        throw new Error('expected an error');
      };
      const e1 = err(() => dense(x, tf.zeros([4, 2]) as tf.Tensor2D, b));
      expect(e1).toBeInstanceOf(InputError);
      expect(e1.field).toBe('w');
      expect(e1.message).toContain('got [4, 2]');
      expect(err(() => dense(x, w, tf.zeros([3]) as tf.Tensor1D)).field).toBe('b');
      expect(err(() => dense(tf.zeros([4]) as unknown as tf.Tensor2D, w, b)).field).toBe('x');
      expect(err(() => dense(tf.zeros([4, 3], 'int32') as tf.Tensor2D, w, b)).field).toBe('x');
      expect(err(() => dense(x, w, b, 'sigmoid' as DenseActivation)).field).toBe('activation');
      const e2 = err(() => dense(x, w, b, 'leaky-relu', 1.5));
      expect(e2.field).toBe('negativeSlope');
      expect(e2.value).toBe(1.5);
    });
  });
});
