/**
 * flatAdam (small variables' moments in one buffer, large ones' their own) against tf.train.adam:
 * bitwise the same weights and curve after training, on the wasm and cpu backends, for both kinds; the per-variable fallback when a variable gets no
 * gradient; no tensor left behind; named input errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../src/core/errors.ts';
import { Rng, seedStreams } from '../../src/rng/rng.ts';
import { initBackend } from '../../src/tfjs/index.ts';
import { createMlp, flatAdam, train } from '../../src/train/index.ts';

afterAll(async () => {
  await initBackend('wasm');
});

/** Train a fresh seeded MLP with `optimizer`; returns the final weights' bits and the curve. */
function trained(optimizer: 'flat' | 'tfjs', extra?: tf.Variable, hidden = 16) {
  const rng = new Rng(7);
  const x = tf.tidy(() => tf.randomNormal([300, 3], 0, 1, 'float32', 11)) as tf.Tensor2D;
  const y = tf.tidy(() => tf.tanh(tf.matMul(x, tf.randomNormal([3, 2], 0, 1, 'float32', 12)))) as tf.Tensor2D;
  const seeds = seedStreams(rng.seed, 'adam-test');
  const mlp = createMlp({ sizes: [3, hidden, hidden, 2], activation: 'leaky-relu' }, seeds.init);
  const vars = extra ? [...mlp.variables, extra] : mlp.variables;
  try {
    const r = train({
      variables: vars,
      loss: (b) => tf.mean(tf.square(tf.sub(mlp.apply(tf.gather(x, b) as tf.Tensor2D), tf.gather(y, b)))) as tf.Scalar,
      numSamples: 300,
      config: { steps: 120, batchSize: 64, learningRate: 1e-2, evalEvery: 20 },
      rng: seeds.batching,
      optimizer,
    });
    const bits = vars.map((v) => Array.from(new Uint32Array(new Float32Array(v.dataSync()).buffer)));
    return { curve: r.curve, bits };
  } finally {
    mlp.dispose();
    tf.dispose([x, y]);
  }
}

describe('flatAdam', () => {
  for (const backend of ['wasm', 'cpu'] as const)
    it(`gives bitwise the weights and curve of tf.train.adam (${backend})`, async () => {
      await initBackend(backend);
      const before = tf.memory().numTensors;
      // hidden 100: the 100 × 100 weight (> FLAT_ADAM_MAX_SIZE) keeps moments of its own.
      for (const hidden of [16, 100]) {
        const a = trained('flat', undefined, hidden);
        const b = trained('tfjs', undefined, hidden);
        expect(a.curve).toEqual(b.curve);
        expect(a.bits).toEqual(b.bits);
      }
      expect(tf.memory().numTensors).toBe(before);
    });

  it('a variable without a gradient keeps its value, as with tf.train.adam', async () => {
    await initBackend('wasm');
    const mk = () => tf.variable(tf.tensor1d([1.5, -2]), true, `unused-${Math.random()}`);
    const e1 = mk();
    const e2 = mk();
    const a = trained('flat', e1, 100);
    const b = trained('tfjs', e2, 100);
    expect(a.bits).toEqual(b.bits);
    expect(Array.from(e1.dataSync())).toEqual([1.5, -2]);
    tf.dispose([e1, e2]);
  });

  it('rejects a bad learning rate and a changed variable list (InputError)', () => {
    expect(() => flatAdam(0)).toThrow(InputError);
    const opt = flatAdam(0.1);
    const v1 = tf.variable(tf.scalar(1));
    const v2 = tf.variable(tf.scalar(2));
    opt.minimize(() => tf.square(v1) as tf.Scalar, false, [v1]);
    expect(() => opt.minimize(() => tf.square(v2) as tf.Scalar, false, [v2])).toThrow(/varList/);
    opt.dispose();
    tf.dispose([v1, v2]);
  });
});
