/**
 * The wasm fast slice gives the same bits as the cpu backend's slice (a different implementation) on float32 and
 * int32 tensors of ranks 1–4 — contiguous ranges, row blocks of matrices, −1 sizes, and the cases it hands to tfjs
 * (rank ≥ 3, not contiguous) — and leaves no tensor behind; a slice past the end throws the cpu backend's range error.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/tfjs/backend.ts';
import { wasmKernelReplaced } from '../../src/tfjs/wasmKernels.ts';
import { Rng } from '../../src/rng/rng.ts';
import { bitsOf, onCpu } from './kernelHelpers.ts';

type Case = { shape: number[]; begin: number[]; size: number[] };

const CASES: Case[] = [
  { shape: [9600], begin: [4160], size: [4096] }, // a flatAdam cut
  { shape: [9600], begin: [0], size: [-1] },
  { shape: [1024], begin: [0], size: [256] },
  { shape: [50, 7], begin: [10, 0], size: [20, 7] }, // contiguous rows
  { shape: [50, 7], begin: [3, 2], size: [20, 4] }, // row block, not contiguous
  { shape: [50, 7], begin: [0, 6], size: [-1, 1] }, // one column
  { shape: [4, 5, 6], begin: [1, 0, 0], size: [2, 5, 6] }, // contiguous rank 3
  { shape: [4, 5, 6], begin: [1, 1, 2], size: [2, 3, 3] }, // left to tfjs
  { shape: [2, 3, 4, 5], begin: [0, 1, 0, 1], size: [2, 2, 4, 3] }, // left to tfjs
];

describe('fast wasm Slice', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('is installed on the wasm backend', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(wasmKernelReplaced('Slice')).toBe(true);
  });

  it('returns the same bits as the cpu backend for every case, float32 and int32', async () => {
    const rng = new Rng(11);
    const before = tf.memory().numTensors;
    for (const c of CASES) {
      const n = c.shape.reduce((a, b) => a * b, 1);
      const values = Float32Array.from({ length: n }, () => rng.normal() * 100);
      values[0] = -0;
      const ints = Int32Array.from(values, (v) => Math.round(v * 1000));
      for (const [data, dtype] of [[values, 'float32'], [ints, 'int32']] as const) {
        const got = tf.tidy(() => tf.slice(tf.tensor(data, c.shape, dtype), c.begin, c.size));
        const want = await onCpu(() => tf.tidy(() => tf.slice(tf.tensor(data, c.shape, dtype), c.begin, c.size)));
        expect(got.shape, JSON.stringify(c)).toEqual(want.shape);
        expect(bitsOf(got), JSON.stringify(c)).toEqual(bitsOf(want));
        tf.dispose([got, want]);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a slice past the end with the cpu backend\'s range error (tfjs\'s wasm kernel did not check)', () => {
    const x = tf.zeros([5, 3]);
    expect(() => tf.slice(x, [4, 0], [2, 3])).toThrow('Error in slice2D: begin[0] + size[0] (6) would overflow input.shape[0] (5)');
    const y = tf.zeros([8]);
    expect(() => tf.slice(y, [6], [4])).toThrow(/would overflow input.shape\[0\] \(8\)/);
    tf.dispose([x, y]);
  });
});
