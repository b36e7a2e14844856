/**
 * checkLearner and the vitest matchers on a tiny theorem with hand-written learners: a linear encoder is
 * identified up to an affine map (positive), a tanh encoder is not (negative control: the matcher must fail).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkLearner, latentcheckMatchers, replayLearnerTrial, classContains, coarserClasses } from '../../src/testing/index.ts';
import type { LearnerRun } from '../../src/testing/index.ts';
import type { Learner } from '../../src/learners/types.ts';
import { linearLearner, linearTheorem, tanhLearner } from './fixtures.ts';
import { writeTemp } from '../compare/helpers.ts';

expect.extend(latentcheckMatchers);

let good: LearnerRun;
let bad: LearnerRun;

beforeAll(async () => {
  good = await checkLearner(linearTheorem, linearLearner, { seed: 5, profile: 'quick' });
  bad = await checkLearner(linearTheorem, tanhLearner, { seed: 5, profile: 'quick' });
});

describe('checkLearner', () => {
  it('runs the trained properties that accept a learner, with the learner plugged in', () => {
    expect(good.schema).toBe('latentcheck/learner-run@1');
    expect(good.theoremId).toBe('fixture.linear-encoder');
    expect(good.predictedClass.classId).toBe('affine');
    expect(good.learner.name).toBe('random-linear');
    expect(good.properties.map((p) => p.propertyId)).toEqual(['affine-recovered']);
    // The curtailed test stops once the pass is certain: 3 successes of a 4-trial rule with k = 3.
    expect(good.properties[0].rule).toMatchObject({ successes: 3, trials: 3 });
    expect(good.verdict).toBe('pass');
    expect(bad.properties[0].rule!.successes).toBe(0);
    expect(bad.verdict).toBe('fail');
  });

  it('is deterministic in the seed', async () => {
    const again = await checkLearner(linearTheorem, tanhLearner, { seed: 5, profile: 'quick' });
    expect(again.properties[0].statistic).toEqual(bad.properties[0].statistic);
  });

  it('replays a failing trial with the learner plugged in', async () => {
    const p = bad.properties[0];
    const f = p.failedTrials![1];
    const r = await replayLearnerTrial(linearTheorem, p.propertyId, tanhLearner, { seed: p.seed, path: String(f.index), profile: 'quick' });
    expect(r.outcome.pass).toBe(false);
    expect(r.outcome.statistic).toBe(f.statistic);
  });

  it('rejects a learner of the wrong shape, unknown properties and theorems without a learner slot', async () => {
    await expect(checkLearner(linearTheorem, { name: 'x' } as unknown as Learner)).rejects.toThrow(/^learner\.fit: expected a function fit\(data, seeds\) returning an encoder, got undefined/);
    await expect(checkLearner(linearTheorem, linearLearner, { properties: ['mixing-invertible'] })).rejects.toThrow(
      /^properties\[0\]: expected a property of fixture\.linear-encoder that accepts a learner \(one of: affine-recovered\), got "mixing-invertible"/,
    );
    const noSlot = { ...linearTheorem, properties: linearTheorem.properties.map((p) => ({ ...p, learnerSlot: undefined })) };
    await expect(checkLearner(noSlot, linearLearner)).rejects.toThrow(/^theorem: expected a theorem with at least one trained property that accepts a learner/);
    await expect(checkLearner('no.such.theorem', linearLearner)).rejects.toThrow(/^theorem: expected a registered theorem id \(one of: ahuja2022\./);
    await expect(checkLearner(linearTheorem, linearLearner, { profile: 'slow' as 'quick' })).rejects.toThrow(/^profile: expected one of: quick, full, got "slow"/);
  });

  it('an encoder of the wrong shape fails its trials with the missing member named', async () => {
    const broken: Learner = { name: 'broken', objective: 'none', fit: () => ({ encode: (x: number[][]) => x }) as never };
    const r = await checkLearner(linearTheorem, broken, { trials: 2 });
    expect(r.verdict).toBe('fail');
    expect(r.properties[0].failedTrials![0].error).toContain('learner[broken].fit(…).dispose: expected a function, got undefined');
  });
});

describe('toBeIdentifiedUpTo', () => {
  it('passes for the good learner, for the predicted class and every coarser one', () => {
    expect(good).toBeIdentifiedUpTo('affine');
  });

  it('fails for the bad learner (negative control), listing the failing property, statistics and replays', () => {
    expect(() => expect(bad).toBeIdentifiedUpTo('affine')).toThrow(/to identify the latents up to 'affine', but 1 of 1 properties failed/);
    let message = '';
    try {
      expect(bad).toBeIdentifiedUpTo('affine');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('learner "random-tanh" on theorem fixture.linear-encoder (seed 5, profile quick)');
    expect(message).toContain('✗ affine-recovered [trained, positive]: 0/2 trials succeeded');
    expect(message).toMatch(/affine-class distance of \(z, ẑ\): median [\d.]+ \[[\d.]+, [\d.]+\], pass when ≤ 0\.01/);
    expect(message).toMatch(/replay: replayLearnerTrial\(theorem \/\* fixture\.linear-encoder \*\/, 'affine-recovered', learner, \{ seed: -?\d+, path: '0', profile: 'quick' \}\)/);
    expect(bad).not.toBeIdentifiedUpTo('affine');
  });

  it('fails when the predicted class is coarser than the one asked for', () => {
    expect(() => expect(good).toBeIdentifiedUpTo('orthogonal')).toThrow(/the theorem predicts 'affine', which is not contained in 'orthogonal' \(classes containing it: affine\)/);
    expect(() => expect(good).toBeIdentifiedUpTo('rotations')).toThrow(/unknown class "rotations"; expected one of: identity-offset/);
    expect(() => expect({}).toBeIdentifiedUpTo('affine')).toThrow(/expected a LearnerRun from checkLearner/);
  });

  it('class inclusions: identified up to a finer class is identified up to every coarser one', () => {
    expect(coarserClasses('identity-offset')).toEqual(['identity-offset', 'elementwise-scaling', 'permutation-scaling', 'signed-permutation', 'orthogonal', 'affine', 'permutation-elementwise', 'centralizer']);
    expect(coarserClasses('centralizer')).toEqual(['affine', 'centralizer']);
    expect(classContains('affine', 'signed-permutation')).toBe(true);
    expect(classContains('orthogonal', 'permutation-scaling')).toBe(false);
    const finer = { ...good, predictedClass: { name: 'signed permutations', classId: 'signed-permutation' } };
    expect(finer).toBeIdentifiedUpTo('orthogonal');
    expect(finer).toBeIdentifiedUpTo('permutation-scaling');
  });
});

describe('toPassProperty and toNotRegressFrom', () => {
  it('toPassProperty', () => {
    expect(good).toPassProperty('affine-recovered');
    expect(good).toPassProperty('fixture.linear-encoder/affine-recovered');
    expect(() => expect(bad).toPassProperty('affine-recovered')).toThrow(/expected property affine-recovered to pass, but it failed/);
    expect(() => expect(good).toPassProperty('nope')).toThrow(/expected the run to have property "nope"; it has: affine-recovered/);
  });

  it('toNotRegressFrom: a saved good run is a baseline; the bad learner regresses from it', async () => {
    // Regression baselines need every trial (a curtailed run of 3 or 2 trials is too short for Fisher's test).
    const good = await checkLearner(linearTheorem, linearLearner, { seed: 5, profile: 'quick', sequential: false });
    const bad = await checkLearner(linearTheorem, tanhLearner, { seed: 5, profile: 'quick', sequential: false });
    const path = join(writeTemp('keep', ''), '..', 'good-run.json');
    writeFileSync(path, JSON.stringify(good));
    expect(good).toNotRegressFrom(path);
    expect(good).toNotRegressFrom(JSON.parse(readFileSync(path, 'utf8')));
    expect(() => expect(bad).toNotRegressFrom(path)).toThrow(/expected no significant regression from the base run[\s\S]*REGRESSED\s+fixture\.linear-encoder \/ affine-recovered/);
    expect(bad).not.toNotRegressFrom(good);
  });
});
