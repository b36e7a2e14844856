import { beforeAll, describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../src/core/errors.ts';
import { Rng, seedStreams } from '../../src/rng/rng.ts';
import {
  glorotLimit,
  glorotUniform,
  heNormal,
  heStd,
  initBackend,
  randomNormalTensor,
  randomUniformTensor,
  shuffledIndices,
  tensorCount,
  zerosInit,
} from '../../src/tfjs/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Read a tensor's values and dispose it. */
function take(t: tf.Tensor): Float32Array {
  const v = t.dataSync() as Float32Array;
  t.dispose();
  return v.slice();
}

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

function meanStd(a: ArrayLike<number>): [number, number] {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  const m = s / a.length;
  let ss = 0;
  for (let i = 0; i < a.length; i++) ss += (a[i] - m) ** 2;
  return [m, Math.sqrt(ss / (a.length - 1))];
}

describe('seeded initialisers', () => {
  it('same seed gives bitwise-identical values; a different seed differs', () => {
    for (const make of [
      (r: Rng) => glorotUniform([17, 9], r),
      (r: Rng) => heNormal([17, 9], r),
      (r: Rng) => randomNormalTensor([4, 5, 6], r, 1.5, 0.3),
      (r: Rng) => randomUniformTensor([100], r, -2, 3),
    ]) {
      const a = take(make(new Rng(42)));
      const b = take(make(new Rng(42)));
      const c = take(make(new Rng(43)));
      expect(bits(a)).toEqual(bits(b));
      expect(bits(a)).not.toEqual(bits(c));
    }
  });

  fcTest.prop([fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 })], {
    numRuns: 40,
  })('same seed stream → same weights, for any seed and shape', (seed, fanIn, fanOut) => {
    const a = take(glorotUniform([fanIn, fanOut], seedStreams(seed, 'learner').init));
    const b = take(glorotUniform([fanIn, fanOut], seedStreams(seed, 'learner').init));
    expect(bits(a)).toEqual(bits(b));
  });

  it('gives the same values on the wasm and cpu backends', async () => {
    const onWasm = take(heNormal([8, 8], new Rng(7)));
    await initBackend('cpu');
    try {
      const onCpu = take(heNormal([8, 8], new Rng(7)));
      expect(bits(onCpu)).toEqual(bits(onWasm));
    } finally {
      await initBackend('wasm');
    }
  });

  it('glorotUniform stays within ±√(6/(fanIn+fanOut)) and fills the range', () => {
    const [fanIn, fanOut] = [64, 32];
    const limit = glorotLimit(fanIn, fanOut);
    const t = glorotUniform([fanIn, fanOut], new Rng(1));
    expect(t.shape).toEqual([fanIn, fanOut]);
    expect(t.dtype).toBe('float32');
    const v = take(t);
    let max = 0;
    for (const x of v) max = Math.max(max, Math.abs(x));
    expect(max).toBeLessThanOrEqual(Math.fround(limit));
    expect(max).toBeGreaterThan(0.95 * limit);
    const [m, s] = meanStd(v);
    expect(Math.abs(m)).toBeLessThan(0.05 * limit);
    expect(s).toBeCloseTo(limit / Math.sqrt(3), 2);
  });

  it('heNormal has std √(2/fanIn) on a large tensor', () => {
    const [fanIn, fanOut] = [500, 400];
    const v = take(heNormal([fanIn, fanOut], new Rng(2)));
    const [m, s] = meanStd(v);
    expect(Math.abs(m)).toBeLessThan(0.01 * heStd(fanIn) * 5);
    expect(Math.abs(s / heStd(fanIn) - 1)).toBeLessThan(0.01);
  });

  it('randomNormalTensor / randomUniformTensor honour their parameters', () => {
    const n = take(randomNormalTensor([20000], new Rng(3), 2, 0.5));
    const [m, s] = meanStd(n);
    expect(m).toBeCloseTo(2, 1);
    expect(s).toBeCloseTo(0.5, 1);
    const u = take(randomUniformTensor([20000], new Rng(4), -1, 3));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...u)).toBeLessThanOrEqual(3);
    expect(meanStd(u)[0]).toBeCloseTo(1, 1);
  });

  it('zerosInit is zeros with the given shape', () => {
    const t = zerosInit([3, 2]);
    expect(t.shape).toEqual([3, 2]);
    expect(Array.from(take(t))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects bad shapes and parameters with InputError naming the field', () => {
    const before = tensorCount();
    const cases: [() => unknown, string][] = [
      [() => glorotUniform([0, 3], new Rng(1)), 'shape[0]'],
      [() => heNormal([3, 2.5] as [number, number], new Rng(1)), 'shape[1]'],
      [() => glorotUniform([3, 3, 3] as unknown as [number, number], new Rng(1)), 'shape'],
      [() => randomNormalTensor('3' as unknown as number[], new Rng(1)), 'shape'],
      [() => zerosInit([2, -1]), 'shape[1]'],
      [() => randomNormalTensor([2], new Rng(1), 0, -1), 'std'],
      [() => randomUniformTensor([2], new Rng(1), 1, 1), 'hi'],
      [() => randomUniformTensor([2], new Rng(1), Number.NaN, 1), 'lo'],
      [() => randomNormalTensor([2], {} as Rng), 'rng'],
      [() => shuffledIndices(-1, new Rng(1)), 'n'],
      [() => shuffledIndices(1.5, new Rng(1)), 'n'],
    ];
    for (const [f, field] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err, field).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe(field);
      expect((err as InputError).message.startsWith(`${field}: `)).toBe(true);
    }
    expect(tensorCount()).toBe(before); // nothing allocated on the failure paths
  });
});

describe('shuffledIndices', () => {
  it('is a seeded permutation', () => {
    const a = shuffledIndices(1000, new Rng(5));
    expect(a).toBeInstanceOf(Int32Array);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffledIndices(1000, new Rng(5))).toEqual(a);
    expect(shuffledIndices(1000, new Rng(6))).not.toEqual(a);
    expect(Array.from(a.slice(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(shuffledIndices(0, new Rng(5)).length).toBe(0);
  });
});
