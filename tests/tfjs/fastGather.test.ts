/**
 * The wasm fast gather gives the same bits as tfjs's own kernels: on random float32 and int32 data of several widths,
 * with repeated indices and rank-2 index tensors, against the cpu backend's gather (a different implementation) on
 * the same values; NaN payloads survive; an out-of-range index throws tfjs's message; cases it leaves to tfjs (axis
 * 1) still work; no tensor is left behind.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/tfjs/backend.ts';
import { fastGatherInstalled } from '../../src/tfjs/fastGather.ts';
import { Rng } from '../../src/rng/rng.ts';
import { bitsOf, onCpu } from './kernelHelpers.ts';

describe('fast wasm GatherV2', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('is installed on the wasm backend', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(fastGatherInstalled()).toBe(true);
  });

  it('returns the same bits as the cpu backend for float32 and int32, widths 1 to 100, rank-1 and rank-2 indices', async () => {
    const rng = new Rng(7);
    for (const [rows, shape] of [[50, []], [50, [3]], [64, [10]], [40, [33]], [30, [4, 25]]] as [number, number[]][]) {
      const size = rows * shape.reduce((a, b) => a * b, 1);
      const values = Float32Array.from({ length: size }, () => rng.normal() * 1e3);
      const ints = Int32Array.from(values, (v) => Math.round(v));
      const idx = Array.from({ length: 37 }, () => Math.floor(rng.uniform() * rows));
      idx[5] = idx[6] = rows - 1; // repeats and the last row
      idx[7] = 0;
      for (const [data, dtype] of [[values, 'float32'], [ints, 'int32']] as const) {
        for (const idxShape of [[37], [1, 37]]) {
          const got = tf.tidy(() => tf.gather(tf.tensor(data, [rows, ...shape], dtype), tf.tensor(idx, idxShape, 'int32')));
          const want = await onCpu(() => tf.tidy(() => tf.gather(tf.tensor(data, [rows, ...shape], dtype), tf.tensor(idx, idxShape, 'int32'))));
          expect(got.shape).toEqual([...idxShape, ...shape]);
          expect(got.dtype).toBe(dtype);
          expect(bitsOf(got)).toEqual(bitsOf(want));
          tf.dispose([got, want]);
        }
      }
    }
  });

  it('keeps NaN payloads and signed zeros bit for bit', () => {
    const words = new Int32Array([0x7fc00001, 0x80000000, 0x7f800000, 0xffc12345 | 0, 0x3f800000, 0]);
    const x = tf.tensor2d(new Float32Array(words.buffer), [3, 2]);
    const g = tf.gather(x, tf.tensor1d([2, 0, 1], 'int32'));
    expect(Array.from(bitsOf(g))).toEqual([words[4], words[5], words[0], words[1], words[2], words[3]]);
    tf.dispose([x, g]);
  });

  it('throws tfjs\'s message for an index out of range, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const x = tf.zeros([4, 3]);
    const bad = tf.tensor1d([0, 4], 'int32');
    expect(() => tf.gather(x, bad)).toThrow('GatherV2: the index value 4 is not in [0, 3]');
    const negative = tf.tensor1d([-1], 'int32');
    expect(() => tf.gather(x, negative)).toThrow('GatherV2: the index value -1 is not in [0, 3]');
    tf.dispose([x, bad, negative]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves other axes to tfjs (same values as cpu)', async () => {
    // (Batch dimensions are left to tfjs too; tfjs-backend-wasm 4.22 returns wrong values for batchDims ≥ 1 with or
    // without this kernel, and nothing in latentcheck gathers with them.)
    const data = Array.from({ length: 24 }, (_, i) => i * 1.5);
    const got = tf.tidy(() => tf.gather(tf.tensor(data, [2, 3, 4]), tf.tensor1d([2, 0, 2], 'int32'), 1));
    const want = await onCpu(() => tf.tidy(() => tf.gather(tf.tensor(data, [2, 3, 4]), tf.tensor1d([2, 0, 2], 'int32'), 1)));
    expect(got.shape).toEqual([2, 3, 4]);
    expect(got.arraySync()).toEqual(want.arraySync());
    tf.dispose([got, want]);
  });
});
