import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { Rng } from '../../src/rng/rng.ts';
import { initBackend } from '../../src/tfjs/backend.ts';
import { planeGroupParams } from '../../src/feige/arbitraries.ts';
import { feigeLearner, FEIGE_VARIANTS } from '../../src/feige/learner.ts';
import { negativeElboRows } from '../../src/feige/losses.ts';
import { buildWorld, classManifoldData, learnerView } from '../../src/feige/process.ts';

beforeAll(async () => {
  await initBackend();
});

const world = buildWorld({ classes: 3, template: { kind: 'random', points: 5 }, group: planeGroupParams('rotation'), renderer: { kind: 'point-mlp', features: 12, hidden: 16 }, labelFraction: 0.2, seed: 3 });
const data = learnerView(classManifoldData(world, 120, new Rng(1)));
const seeds = () => ({ init: new Rng(10), batching: new Rng(11) });

describe('negative ELBO', () => {
  it('matches the formula on a small case (labelled and unlabelled rows, soft q)', () => {
    const recon = [[1, 2, 3], [0.5, 4, 1]];
    const kl = [[0.3], [0.2]];
    const q = [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]];
    const onehot = [[0, 1, 0], [0, 0, 0]];
    const rows = tf.tidy(() =>
      negativeElboRows({ recon: tf.tensor2d(recon), klV: tf.tensor2d(kl), qy: tf.tensor2d(q), onehot: tf.tensor2d(onehot), labelled: tf.tensor2d([[1], [0]]), classes: 3, routed: true }).arraySync(),
    );
    const lab = 2 + 0.3 + Math.log(3);
    const unl = q[1].reduce((s, p, k) => s + p * (recon[1][k] + 0.2) + p * Math.log(p), 0) + Math.log(3);
    expect(rows[0]).toBeCloseTo(lab, 5);
    expect(rows[1]).toBeCloseTo(unl, 5);
  });
});

describe('feigeLearner', () => {
  it('rejects bad configs and data, naming the field', () => {
    expect(() => feigeLearner({ variant: 'x' as never, vDim: 2, hidden: [8], train: { steps: 1, batchSize: 8, learningRate: 1e-3 } })).toThrow(/config.variant/);
    expect(() => feigeLearner({ variant: 'routed', vDim: 0, hidden: [8], train: { steps: 1, batchSize: 8, learningRate: 1e-3 } })).toThrow(/config.vDim/);
    const l = feigeLearner({ variant: 'routed', vDim: 2, hidden: [8], train: { steps: 1, batchSize: 8, learningRate: 1e-3 } });
    try {
      l.fit({ ...data, labels: data.labels.map((v, i) => (i === 4 ? 7 : v)) }, seeds());
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe('data.labels[4]');
    }
  });
  it('every variant trains deterministically, leaves no tensor behind, and decodes', () => {
    for (const variant of FEIGE_VARIANTS) {
      const l = feigeLearner({ variant, vDim: 2, hidden: [16], train: { steps: 20, batchSize: 32, learningRate: 3e-3, evalEvery: 10 } });
      const before = tf.memory().numTensors;
      const counts: number[] = [];
      const losses: number[] = [];
      for (let trial = 0; trial < 3; trial++) {
        const m = l.fit(data, seeds());
        const e = m.encode(data.x.slice(0, 10));
        expect(e.v[0]).toHaveLength(2);
        expect(e.qy[0].reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
        expect(e.r === null).toBe(variant === 'no-routing');
        expect(m.decode([0, 1], e.v.slice(0, 2))[0]).toHaveLength(12);
        losses.push(m.train.finalLoss);
        m.dispose();
        counts.push(tf.memory().numTensors);
      }
      expect(counts).toEqual([before, before, before]);
      expect(losses[1]).toBe(losses[0]);
      expect(Number.isFinite(losses[0])).toBe(true);
    }
  });
});
