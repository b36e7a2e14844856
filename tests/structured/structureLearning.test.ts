/**
 * Structure learning pieces: the mask mismatch up to a block permutation (members and near misses), the
 * `learnMask.prune` validation, the elimination step (deterministic, no tensors left, returns a valid mask with a
 * log), and the edge strengths of a world (zero exactly off the mask).
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { maskMismatch } from '../../src/structured/trial.ts';
import { TWO_VIEW_MASK } from '../../src/structured/mask.ts';
import { maskedVaeLearner } from '../../src/structured/mvae.ts';
import type { MaskedVaeConfig } from '../../src/structured/mvae.ts';
import { twoViewParams } from '../../src/structured/presets.ts';
import { buildStructuredWorld, edgeStrengths } from '../../src/structured/world.ts';
import { Rng } from '../../src/rng/rng.ts';
import { InputError } from '../../src/core/errors.ts';

describe('maskMismatch', () => {
  it('is 0 for every block permutation of the true mask and counts flipped entries otherwise', () => {
    for (const perm of [[0, 1, 2], [2, 0, 1], [1, 2, 0], [0, 2, 1]]) expect(maskMismatch(TWO_VIEW_MASK, TWO_VIEW_MASK.map((r) => perm.map((j) => r[j])))).toBe(0);
    expect(maskMismatch(TWO_VIEW_MASK, [[1, 1, 1], [1, 0, 1]])).toBe(1);
    expect(maskMismatch(TWO_VIEW_MASK, [[1, 1, 1], [1, 1, 1]])).toBe(2);
    expect(maskMismatch(TWO_VIEW_MASK, [[1, 1, 0], [0, 0, 1]])).toBe(1);
    expect(() => maskMismatch(TWO_VIEW_MASK, [[1, 1], [1, 1]])).toThrow(InputError);
  });
});

describe('backward elimination (learnMask.prune)', () => {
  const params = { ...twoViewParams({ shared: 1, private1: 1, private2: 1, seed: 7 }), maxCondition: 3 };
  const world = buildStructuredWorld(params);
  const z = world.sampleLatents(300, new Rng(1));
  const groups = world.observe(z);
  const cfg: MaskedVaeConfig = {
    blocks: world.blocks,
    groupDims: world.groupDims,
    decoderMask: TWO_VIEW_MASK,
    hidden: [8],
    learnMask: { sparsity: 1, tauStart: 1, tauEnd: 0.1, prune: { steps: 20 } },
    train: { steps: 40, batchSize: 128, learningRate: 5e-3, evalEvery: 20 },
  };
  it('names a bad prune.steps', () => {
    try {
      maskedVaeLearner({ ...cfg, learnMask: { ...cfg.learnMask!, prune: { steps: 0 } } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe('learnMask.prune.steps');
    }
  });
  it('is deterministic, leaves no tensors, and logs every tried edge', () => {
    const fit = () => {
      const enc = maskedVaeLearner(cfg).fit({ groups, x: groups[0], xNext: groups[1] }, { init: new Rng(3), batching: new Rng(4) });
      const zhat = enc.encode(groups[0].map((r, t) => [...r, ...groups[1][t]]));
      enc.dispose();
      return { zhat, learned: enc.learned };
    };
    const before = tf.memory().numTensors;
    const a = fit();
    expect(tf.memory().numTensors).toBe(before);
    const b = fit();
    expect(b.zhat).toEqual(a.zhat);
    expect(b.learned.mask).toEqual(a.learned.mask);
    const mask = a.learned.mask as number[][];
    const readout = a.learned.readoutMask as number[][];
    const steps = a.learned.pruneSteps as { group: number; block: number; removed: boolean; before: number; after: number }[];
    // every removal is logged and only kept edges were removed; every group keeps a parent
    const removed = steps.filter((s) => s.removed);
    expect(readout.flat().reduce((s, v) => s + v, 0) - removed.length).toBe(mask.flat().reduce((s, v) => s + v, 0));
    for (const s of removed) expect([readout[s.group][s.block], mask[s.group][s.block]]).toEqual([1, 0]);
    for (const s of steps) expect(s.removed).toBe(s.after < s.before);
    for (const row of mask) expect(row.some((v) => v === 1)).toBe(true);
  });
});

describe('edgeStrengths', () => {
  it('is zero off the mask, positive on it, and refuses correlated priors', () => {
    const w = buildStructuredWorld({ ...twoViewParams({ shared: 1, private1: 1, private2: 1, seed: 3 }), maxCondition: 3 });
    const s = edgeStrengths(w, new Rng(1), { outer: 100, inner: 8 });
    s.forEach((row, g) => row.forEach((v, b) => (w.mask[g][b] ? expect(v).toBeGreaterThan(0.01) : expect(v).toBe(0))));
    const c = buildStructuredWorld({ ...twoViewParams({ shared: 1, private1: 1, private2: 1, seed: 3, prior: { kind: 'correlated', rho: 0.5 } }) });
    expect(() => edgeStrengths(c, new Rng(1))).toThrow(/prior.kind/);
  });
});
