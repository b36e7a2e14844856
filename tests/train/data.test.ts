import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../src/core/errors.ts';
import { initBackend, tensorCount } from '../../src/tfjs/index.ts';
import { fromTensor2D, gatherRows, toTensor2D } from '../../src/train/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('data helpers', () => {
  it('toTensor2D / fromTensor2D round-trip (float32)', () => {
    const m = [[1, 2.5, -3], [0.1, 1e-3, 7]];
    const t = toTensor2D(m, 'x');
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(fromTensor2D(t)).toEqual(m.map((r) => r.map(Math.fround)));
    t.dispose();
  });

  it('toTensor2D names the field and the bad value', () => {
    const before = tensorCount();
    const e = inputError(() => toTensor2D([[1, 2], [3, Number.NaN]], 'data.x'));
    expect(e.field).toBe('data.x[1][1]');
    expect(e.message).toContain('NaN');
    expect(inputError(() => toTensor2D([[1, 2], [3]], 'data.x')).field).toBe('data.x[1]');
    expect(inputError(() => toTensor2D([[1, Infinity]], 'z')).field).toBe('z[0][1]');
    expect(inputError(() => toTensor2D([[1e39]], 'z')).field).toBe('z[0][0]'); // overflows float32
    expect(inputError(() => toTensor2D([], 'z')).field).toBe('z');
    expect(tensorCount()).toBe(before);
  });

  it('gatherRows takes an int32 index tensor or an index array', () => {
    tf.tidy(() => {
      const t = toTensor2D([[0, 0], [1, 10], [2, 20], [3, 30]]);
      expect(fromTensor2D(gatherRows(t, tf.tensor1d([3, 1], 'int32')))).toEqual([[3, 30], [1, 10]]);
      expect(fromTensor2D(gatherRows(t, [2, 2, 0]))).toEqual([[2, 20], [2, 20], [0, 0]]);
      expect(inputError(() => gatherRows(t, [0, 4])).field).toBe('idx[1]');
      expect(inputError(() => gatherRows(t, tf.tensor1d([0, 1], 'float32') as tf.Tensor1D)).field).toBe('idx');
    });
  });
});
