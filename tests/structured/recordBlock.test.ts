/**
 * Structured trials hand one block's latents to identify (`recordBlock`): z_b and ẑ_b of the test rows, extra
 * seeds trained on the same data only under a recorder, and nothing trained outside one.
 */
import { describe, expect, it } from 'vitest';
import type { Learner } from '../../src/learners/types.ts';
import { TWO_VIEW_MASK } from '../../src/structured/mask.ts';
import { maskedVaeLearner } from '../../src/structured/mvae.ts';
import type { StructuredData } from '../../src/structured/mvae.ts';
import { twoViewParams } from '../../src/structured/presets.ts';
import { runStructuredTrial } from '../../src/structured/trial.ts';
import { buildStructuredWorld } from '../../src/structured/world.ts';
import { recordTrialFits } from '../../src/theorem/trial.ts';

const params = twoViewParams({ shared: 2, private1: 1, private2: 1, seed: 5 });
const world = buildStructuredWorld(params);
let fits = 0;
const losses: number[] = [];
const inner = maskedVaeLearner({ blocks: world.blocks, groupDims: world.groupDims, decoderMask: TWO_VIEW_MASK, beta: 1, hidden: [8], decoderStd: 0.1, train: { steps: 20, batchSize: 64, learningRate: 5e-3, evalEvery: 10 } });
const counting: Learner<StructuredData> = {
  ...inner,
  fit: (d, s) => {
    fits++;
    const e = inner.fit(d, s);
    losses.push(e.train.finalLoss);
    return e;
  },
};

describe('structured recordBlock', () => {
  it('records z_s and ẑ_s of the test rows, training the extra seed only under a recorder', () => {
    fits = 0;
    const t = runStructuredTrial(params, counting, { count: 200, testCount: 50, seed: 9 });
    t.recordBlock(0);
    expect(fits).toBe(1); // no recorder: nothing more trained
    const { fits: rec } = recordTrialFits(2, () => runStructuredTrial(params, counting, { count: 200, testCount: 50, seed: 9 }).recordBlock(0));
    expect(fits).toBe(3);
    expect(rec).toHaveLength(1);
    expect(rec[0].z).toEqual(t.z.map((r) => r.slice(0, 2)));
    expect(rec[0].zhat[0]).toEqual(t.zhat.map((r) => r.slice(0, 2))); // same seed, same numbers
    expect(rec[0].zhat).toHaveLength(2);
    expect(rec[0].zhat[1]).not.toEqual(rec[0].zhat[0]); // a different optimiser seed
    // a later block reads its own columns
    const { fits: rec2 } = recordTrialFits(1, () => runStructuredTrial(params, counting, { count: 200, testCount: 50, seed: 9 }).recordBlock(2));
    expect(rec2[0].z).toEqual(t.z.map((r) => r.slice(3, 4)));
  });
});

describe('structured recordBlock with restarts', () => {
  it('trains r runs per extra seed and keeps the lowest final objective', () => {
    fits = 0;
    losses.length = 0;
    const { fits: rec } = recordTrialFits(2, () => runStructuredTrial(params, counting, { count: 200, testCount: 50, seed: 9 }).recordBlock(0, { restarts: 3 }));
    expect(fits).toBe(1 + 3);
    expect(rec[0].zhat).toHaveLength(2);
    const restartLosses = losses.slice(1);
    expect(new Set(restartLosses).size).toBe(3); // three different optimiser seeds
    expect(rec[0].train[1].finalLoss).toBe(Math.min(...restartLosses));
  });
});
