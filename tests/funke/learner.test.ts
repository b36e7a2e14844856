/**
 * Funke learners (src/funke/learner.ts): every objective trains on the shared core without leaking tensors,
 * is deterministic in its seeds, and rejects bad data with named errors; the oracle encoders pass / fail their
 * property's check in ≥ 90 % of sampled worlds.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { Rng } from '../../src/rng/rng.ts';
import { initBackend } from '../../src/tfjs/backend.ts';
import { FUNKE_OBJECTIVES, funkeLearner } from '../../src/funke/learner.ts';
import { sampleProcess } from '../../src/funke/process.ts';
import theorem from '../../theorems/funke2022-trained.ts';

beforeAll(async () => {
  await initBackend();
});

const data = sampleProcess({ kind: 'binary', d: 2, rho: 0.8, sigma2: 0.5 }, 400, new Rng(1));
const cfg = (objective: (typeof FUNKE_OBJECTIVES)[number]) =>
  funkeLearner({ objective, lambda: 10, encoder: { hidden: [8] }, train: { steps: 20, batchSize: 64, learningRate: 1e-2, evalEvery: 10 } });
const seeds = () => ({ init: new Rng(2), batching: new Rng(3) });

describe('funke learners', () => {
  it.each(FUNKE_OBJECTIVES)('%s: trains, same seeds → same latents, no tensor leak across fits', (objective) => {
    const l = cfg(objective);
    const warm = l.fit(data, seeds());
    warm.dispose();
    const before = tf.memory().numTensors;
    const a = l.fit(data, seeds());
    const za = a.encode(data.x.slice(0, 5));
    a.dispose();
    const b = l.fit(data, seeds());
    const zb = b.encode(data.x.slice(0, 5));
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(za).toEqual(zb);
    expect(za[0].length).toBe(2);
    expect(za.flat().every(Number.isFinite)).toBe(true);
  });
  it('bad data is named: a constant attribute, non-binary labels, non-finite x, bad config', () => {
    const constant = { ...data, attributes: data.attributes.map((r) => [1, r[1]]) };
    expect(() => cfg('cmi').fit(constant, seeds())).toThrow(/^data\.attributes\[:, 0\]: .*constant attribute/);
    const nonBinary = { ...data, attributes: data.attributes.map((r, i) => (i === 3 ? [0.5, r[1]] : r)) };
    expect(() => cfg('cmi').fit(nonBinary, seeds())).toThrow(/^data\.attributes\[:, 0\]: /);
    const nan = { ...data, x: data.x.map((r, i) => (i === 2 ? [NaN, r[1]] : r)) };
    expect(() => cfg('base').fit(nan, seeds())).toThrow(/^data\.x\[2\]\[0\]: /);
    expect(() => funkeLearner({ objective: 'nope' as never, encoder: 'linear', train: { steps: 1, batchSize: 1, learningRate: 1 } })).toThrow(InputError);
    expect(() => funkeLearner({ objective: 'cmi', lambda: -1, encoder: 'linear', train: { steps: 1, batchSize: 1, learningRate: 1 } })).toThrow(/^config\.lambda: /);
  });

  it('restarts: the lowest probe objective continues, deterministic, candidate 0 as without restarts when R = 1, no leak', () => {
    const withR = (restarts: number) =>
      funkeLearner({ objective: 'cmi', lambda: 10, encoder: { hidden: [8] }, restarts, restartSteps: 10, train: { steps: 20, batchSize: 64, learningRate: 1e-2, evalEvery: 10 } });
    const warm = withR(3).fit(data, seeds());
    warm.dispose();
    const before = tf.memory().numTensors;
    const a = withR(3).fit(data, seeds());
    const b = withR(3).fit(data, seeds());
    const info = a.learned!.restarts as { probeLosses: number[]; chosen: number };
    expect(info.probeLosses).toHaveLength(3);
    expect(info.probeLosses[info.chosen]).toBe(Math.min(...info.probeLosses));
    expect(a.train.steps).toBe(20);
    expect(a.encode(data.x.slice(0, 5))).toEqual(b.encode(data.x.slice(0, 5)));
    a.dispose();
    b.dispose();
    const one = withR(1).fit(data, seeds());
    const plain = cfg('cmi').fit(data, seeds());
    expect(one.encode(data.x.slice(0, 5))).toEqual(plain.encode(data.x.slice(0, 5)));
    expect(one.learned!.restarts).toBeUndefined();
    one.dispose();
    plain.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => withR(0)).toThrow(/^config\.restarts: /);
    expect(() => funkeLearner({ objective: 'cmi', encoder: 'linear', restartSteps: 1.5, train: { steps: 1, batchSize: 1, learningRate: 1 } })).toThrow(/^config\.restartSteps: /);
  });
});

describe('oracle controls of funke2022.shift.trained', () => {
  const WORLDS = 4;
  const props = theorem.properties.filter((p) => p.kind === 'trained' && p.id !== 'cmi-robust-images');
  it.each(props.map((p) => [p.id, p] as const))('%s: positive passes, negative fails in each of 4 worlds (the CLI calibration replicates more)', (_, p) => {
    const worlds = fc.sample(p.arbitrary('quick'), { seed: 20221, numRuns: WORLDS });
    let pos = 0;
    let neg = 0;
    for (const w of worlds) {
      if (p.oracle!.positive(w, 'quick').pass) pos++;
      if (!p.oracle!.negative(w, 'quick').pass) neg++;
    }
    expect(pos).toBe(WORLDS);
    expect(neg).toBe(WORLDS);
  });
});
