import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Rng, seedStreams } from '../../src/rng/rng.ts';
import {
  TensorLeakError,
  glorotUniform,
  initBackend,
  randomNormalTensor,
  shuffledIndices,
  tensorCount,
  withTensorCheck,
  zerosInit,
} from '../../src/tfjs/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** One small "trial": init a layer, run a forward pass on a shuffled batch, return a number. */
function trial(i: number): number {
  const s = seedStreams(123, 'trial', i);
  return tf.tidy(() => {
    const w = glorotUniform([6, 4], s.init);
    const b = zerosInit([4]);
    const x = randomNormalTensor([32, 6], s.data);
    const idx = tf.tensor1d(shuffledIndices(32, s.batching).slice(0, 16), 'int32');
    const batch = tf.gather(x, idx);
    const y = tf.relu(tf.add(tf.matMul(batch, w), b));
    return tf.mean(tf.square(y)).dataSync()[0];
  });
}

describe('tensor bookkeeping', () => {
  it('tensorCount tracks live tensors', () => {
    const before = tensorCount();
    const t = tf.ones([2, 2]);
    expect(tensorCount()).toBe(before + 1);
    t.dispose();
    expect(tensorCount()).toBe(before);
  });

  it('20 trials inside tf.tidy do not grow the tensor count', () => {
    const before = tensorCount();
    const losses: number[] = [];
    for (let i = 0; i < 20; i++) losses.push(withTensorCheck(`trial ${i}`, () => trial(i)));
    expect(tensorCount()).toBe(before);
    expect(losses.every(Number.isFinite)).toBe(true);
    // Seeded: rerunning a trial reproduces its loss exactly.
    expect(trial(7)).toBe(losses[7]);
  });

  it('negative control: a leaking function is caught, with label and count', () => {
    const leaked: tf.Tensor[] = [];
    let err: unknown;
    try {
      withTensorCheck('leaky trial', () => {
        const w = glorotUniform([3, 3], new Rng(1));
        leaked.push(w, tf.matMul(w, w)); // two tensors survive
        return 0;
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TensorLeakError);
    const le = err as TensorLeakError;
    expect(le.after - le.before).toBe(2);
    expect(le.message).toMatch(/^leaky trial: leaked 2 tensor\(s\)/);
    expect(le.message).toContain('tf.tidy');
    tf.dispose(leaked);
  });

  it('checks async functions when they settle', async () => {
    const before = tensorCount();
    await expect(withTensorCheck('async ok', async () => tf.tidy(() => tf.ones([3]).sum().dataSync()[0]))).resolves.toBe(3);
    let kept: tf.Tensor | undefined;
    await expect(
      withTensorCheck('async leak', async () => {
        kept = tf.ones([3]);
        await Promise.resolve();
        return 1;
      }),
    ).rejects.toBeInstanceOf(TensorLeakError);
    kept?.dispose();
    expect(tensorCount()).toBe(before);
  });

  it('lets the function’s own error through', () => {
    expect(() =>
      withTensorCheck('throws', () => {
        throw new RangeError('boom');
      }),
    ).toThrow(RangeError);
  });
});
