import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/tfjs/backend.ts';
import { Rng } from '../../src/rng/rng.ts';
import { buildMixing } from '../../src/generators/mixing.ts';
import { contrastiveLatents, observeContrastive } from '../../src/contrastive/process.ts';
import { contrastiveLearner } from '../../src/contrastive/learner.ts';
import type { ContrastiveLearnerConfig } from '../../src/contrastive/learner.ts';
import { CONTRASTIVE_LOSSES } from '../../src/contrastive/losses.ts';
import { InputError } from '../../src/core/errors.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const seeds = (s: number) => ({ init: new Rng(s), batching: new Rng(s + 1) });
const small = { steps: 40, batchSize: 64, learningRate: 3e-3, evalEvery: 20 };
const mixing = buildMixing({ kind: 'leaky-relu-mlp', n: 2, layers: 1, negativeSlope: 0.3, maxCondition: 20, seed: 3 });
const data = observeContrastive(
  contrastiveLatents({ n: 2, space: { kind: 'box' }, marginal: { kind: 'uniform' }, conditional: { kind: 'laplace', scale: 0.3 } }, 256, new Rng(4)),
  mixing,
);
const base: ContrastiveLearnerConfig = { loss: 'infonce', alpha: 1, tau: 0.3, hidden: [16], train: small };

describe('contrastive learner', () => {
  it('same seeds → identical encoder, other seeds → another; no tensor left behind across fits', () => {
    const before = tf.memory().numTensors;
    const outs: number[][][] = [];
    for (const s of [5, 5, 9]) {
      const enc = contrastiveLearner(base).fit(data, seeds(s));
      outs.push(enc.encode(data.x.slice(0, 4)));
      enc.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(outs[1]).toEqual(outs[0]);
    expect(outs[2]).not.toEqual(outs[0]);
  });

  it('every loss, with and without corrections, both δ, sphere with warm-up, in-batch negatives: runs and does not leak', () => {
    const before = tf.memory().numTensors;
    for (const loss of CONTRASTIVE_LOSSES)
      for (const corrections of [false, true])
        for (const alpha of [1, 2]) {
          const enc = contrastiveLearner({ ...base, loss, alpha, corrections }).fit(data, seeds(1));
          expect(enc.encode(data.x.slice(0, 3))).toHaveLength(3);
          expect(enc.train.curve.length).toBeGreaterThan(0);
          expect(Number.isFinite(enc.train.finalLoss)).toBe(true);
          if (loss !== 'infonce' && !corrections) expect(typeof enc.learned.bias).toBe('number');
          enc.dispose();
          expect(tf.memory().numTensors, `${loss} L${alpha} corrections=${corrections}`).toBe(before);
        }
    const fewer = contrastiveLearner({ ...base, loss: 'nce', corrections: true, negativeCount: 16 }).fit(data, seeds(3));
    expect(Number.isFinite(fewer.train.finalLoss)).toBe(true);
    fewer.dispose();
    const sph = contrastiveLearner({ ...base, alpha: 2, sphere: true, negatives: 'in-batch', sphereWarmup: 20, warmupLearningRate: 1e-2 }).fit(data, seeds(2));
    expect(sph.train.steps).toBe(40);
    expect(sph.learned.sphereWarmup).toBe(20);
    sph.encode(data.x.slice(0, 5)).forEach((r) => expect(Math.hypot(...r)).toBeCloseTo(1, 5));
    sph.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a monitor sees the encoder at its steps and can stop training', () => {
    const seen: number[] = [];
    const enc = contrastiveLearner({ ...base, monitor: { every: 20, check: (step, e) => (seen.push(step), e(data.x.slice(0, 2)).length === 2 && step >= 20) } }).fit(data, seeds(1));
    expect(seen).toEqual([20]);
    expect(enc.train.stoppedBy).toBe('target');
    expect(enc.train.steps).toBe(20);
    enc.dispose();
  });

  it('bad input names the field and the value', () => {
    expect(() => contrastiveLearner({ ...base, loss: 'simclr' as never })).toThrow(/config\.loss: expected one of nce, infonce, scl, nwj, got "simclr"/);
    expect(() => contrastiveLearner({ ...base, alpha: 0.5 })).toThrow(/config\.alpha/);
    expect(() => contrastiveLearner({ ...base, tau: -1 })).toThrow(/config\.tau/);
    expect(() => contrastiveLearner({ ...base, negatives: 'all' as never })).toThrow(/config\.negatives/);
    expect(() => contrastiveLearner({ ...base, train: { ...small, steps: 0 } })).toThrow(/config\.steps/);
    expect(() => contrastiveLearner({ ...base, sphere: true, sphereWarmup: 30 })).toThrow(/config\.sphereWarmup: expected a multiple of train\.evalEvery \(20\)/);
    expect(() => contrastiveLearner({ ...base, monitor: { every: 30, check: () => false } })).toThrow(/config\.monitor\.every/);
    expect(() => contrastiveLearner({ ...base, sphere: true, warmupLearningRate: 0 })).toThrow(/config\.warmupLearningRate/);
    expect(() => contrastiveLearner({ ...base, negativeCount: 0 })).toThrow(/config\.negativeCount/);
    const learner = contrastiveLearner(base);
    expect(() => learner.fit({ x: data.x, xNext: data.xNext }, seeds(1))).toThrow(/data\.xNeg: expected negatives from the marginal/);
    expect(() => learner.fit({ ...data, xNext: data.xNext.slice(1) }, seeds(1))).toThrow(/data\.xNext\.rows: expected 256 rows, got 255/);
    expect(() => learner.fit({ ...data, x: data.x.map((r, i) => (i === 3 ? [NaN, 1] : r)) }, seeds(1))).toThrow(/data\.x\[3\]\[0\]: expected a finite number, got NaN/);
    expect(() => learner.fit(null as never, seeds(1))).toThrow(InputError);
  });
});
