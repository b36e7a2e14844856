/**
 * identify: oracle encoders of known class (a random member of each lattice class per seed, 2 % estimation
 * noise, no training) are found as exactly that class; two seeds differing by a rotation are reported as not
 * finer than orthogonal; the verdict logic on hand-built records; bad input with named errors; the recorder
 * leaves a check's own numbers unchanged; tfjs tensors do not grow across trials.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../src/core/errors.ts';
import { Rng } from '../../src/rng/rng.ts';
import { centralizerClass } from '../../src/classes/centralizer.ts';
import { decideIdentify, identifyProperty, identifyWorld, trialInside } from '../../src/identify/identify.ts';
import { buildLattice, coveringPairs, latticeContains, measureInclusions, NONE_ID, strictlyFiner } from '../../src/identify/lattice.ts';
import { worldAt } from '../../src/runner/trials.ts';
import { oracleBlocks, oracleLearner, oracleMechanisms, oracleProperty, oracleTheorem } from '../../src/identify/oracle.ts';
import { blockClass } from '../../src/classes/block.ts';
import type { IdentifyTrial } from '../../src/identify/types.ts';
import { fitTrial, recordTrialFits } from '../../src/theorem/trial.ts';
import { defineTheorem } from '../../src/theorem/define.ts';
import { mechanismLearner } from '../../src/mechanisms/learners.ts';
import { getProperty } from '../../src/theorem/registry.ts';
import { getTheorem } from '../../src/suite.ts';
import { initBackend } from '../../src/tfjs/backend.ts';

const KINDS = ['identity-offset', 'elementwise-scaling', 'permutation-scaling', 'signed-permutation', 'orthogonal', 'affine', 'permutation-elementwise', 'centralizer', 'none'];

/**
 * Per-world rate at which the finest class of one world (share 1 on its single trial) is exactly the oracle's
 * class, measured over 100 worlds per class at the default tolerance 0.1 (seed 20221; see the project notes):
 * 100 % for identity-offset, signed-permutation, orthogonal, permutation-elementwise, none; elementwise-scaling
 * 61 % (otherwise also within 0.1 of a signed permutation: scales of similar magnitude), permutation-scaling
 * 72 % (25 % also within 0.1 of a signed permutation), affine 76 % (24 % also within 0.1 of orthogonal: nearly
 * isotropic members), centralizer 59 % (its members, block-scaled rotations, are often close to orthogonal).
 * The test states the lower bounds below on 30 worlds (the first 30 of those 100) and, over N = 8 worlds with
 * the default share 0.75, exactly the oracle's class with the verdict "agrees" for every class.
 */
const PER_WORLD_RATE: Record<string, number> = {
  'identity-offset': 1,
  'elementwise-scaling': 0.45,
  'permutation-scaling': 0.55,
  'signed-permutation': 1,
  orthogonal: 1,
  affine: 0.6,
  'permutation-elementwise': 1,
  centralizer: 0.45,
  none: 1,
};

function worldFinest(kind: string, t: IdentifyTrial): string[] {
  const nodes = buildLattice(t.dim, kind === 'centralizer' ? [centralizerClass(oracleMechanisms(t.world as { n: number; seed: number }))] : []);
  return decideIdentify([t], nodes, 0.1, 1, kind).finest;
}

describe('identify on oracle encoders of known class', () => {
  const theorem = oracleTheorem([...KINDS, 'rotated-seeds']);

  it.each(KINDS)('%s: found exactly at its stated per-world rate, and over N = 8 worlds', (kind) => {
    const prop = getProperty(theorem, `oracle-${kind}`);
    const r = identifyProperty(theorem, prop, { trials: 30, shrinkBudget: 0 });
    const exact = r.trialRecords.filter((t) => {
      const f = worldFinest(kind, t);
      return f.length === 1 && f[0] === kind;
    }).length;
    expect(exact / 30, `${kind}: ${exact}/30`).toBeGreaterThanOrEqual(PER_WORLD_RATE[kind]);
    // Negative control inside the same run: a class that does not contain the oracle's class is rejected in
    // most worlds (the oracle's h is outside it), e.g. identity-offset for everything but itself.
    if (kind !== 'identity-offset') expect(r.classes.find((c) => c.id === 'identity-offset')!.inside).toBe(0);
    const r8 = identifyProperty(theorem, prop, { trials: 8, shrinkBudget: 0 });
    expect(r8.finest).toEqual([kind]);
    expect(r8.verdict).toBe('agrees');
  });

  it('block (sizes [2, n − 2], nonlinear within blocks): found exactly in every one of 12 worlds and over N = 8; an oracle that crosses blocks is wider than a block prediction', () => {
    // Measured (seed 20221): 12/12 worlds with the block class the unique finest, median distance 0.027; the
    // permutation + element-wise oracle (it moves coordinates across blocks) is outside the block class in most
    // worlds (median 0.52). The inclusions measured per world: identity + offset and element-wise scaling ⊂ block.
    const th = oracleTheorem(['block', { kind: 'permutation-elementwise', options: { predicted: 'block' } }]);
    const r = identifyProperty(th, th.properties[0], { trials: 12, shrinkBudget: 0 });
    const exact = r.trialRecords.filter((t) => {
      const nodes = buildLattice(t.dim, [blockClass({ blocks: oracleBlocks(t.world as { n: number; seed: number }) })]);
      const f = decideIdentify([t], nodes, 0.1, 1, 'block').finest;
      return f.length === 1 && f[0] === 'block';
    }).length;
    expect(exact).toBeGreaterThanOrEqual(11);
    expect(r.inclusions).toContainEqual(['identity-offset', 'block']);
    expect(r.inclusions).not.toContainEqual(['affine', 'block']);
    const r8 = identifyProperty(th, th.properties[0], { trials: 8, shrinkBudget: 0 });
    expect(r8.finest).toEqual(['block']);
    expect(r8.verdict).toBe('agrees');
    // Negative control: the affine class does not hold the block oracle's h.
    expect(r8.classes.find((c) => c.id === 'affine')!.inside).toBe(0);
    const crossing = identifyProperty(th, th.properties[1], { trials: 8, shrinkBudget: 0 });
    expect(crossing.verdict).toBe('wider');
    expect(crossing.finest).toEqual(['permutation-elementwise']);
  });

  it('two seeds differing by a rotation: not finer than orthogonal, and the seeds differ outside every finer class', () => {
    const prop = getProperty(theorem, 'oracle-rotated-seeds');
    const r = identifyProperty(theorem, prop, { trials: 8, shrinkBudget: 0 });
    expect(r.finest).toEqual(['orthogonal']);
    for (const id of ['identity-offset', 'elementwise-scaling', 'permutation-scaling', 'signed-permutation']) {
      const c = r.classes.find((x) => x.id === id)!;
      expect(c.status).toBe('excluded');
      expect(c.seedsDisagree).toBe(8);
    }
    // Orthogonal itself: the seeds differ by an orthogonal map (inside), so no seed-to-seed evidence against it.
    expect(r.classes.find((x) => x.id === 'orthogonal')!.seedsDisagree).toBe(0);
    // Seed 0 alone is a signed permutation: the evidence against signed permutation comes from the other seed.
    expect(r.trialRecords.every((t) => t.distance['signed-permutation'][0] <= 0.1 && t.distance['signed-permutation'][1] > 0.1)).toBe(true);
  });

  it('a too-fine prediction is wider than predicted, with a counterexample confirmed on a re-run and shrunk', () => {
    const th = oracleTheorem([{ kind: 'orthogonal', options: { predicted: 'signed-permutation', dims: [2, 3, 4] } }]);
    const prop = th.properties[0];
    const r = identifyProperty(th, prop, { trials: 4, shrinkBudget: 3 });
    expect(r.verdict).toBe('wider');
    const cx = r.counterexample!;
    expect(cx.status).toBe('confirmed');
    expect(cx.distance).toBeGreaterThan(0.1);
    expect(cx.replay).toContain(`--path ${cx.path}`);
    // Shrunk towards the smallest dimension when the first failing world is larger than 2.
    const first = r.trialRecords.find((t) => !trialInside(t, 'signed-permutation', 0.1))!;
    if ((first.world as { n: number }).n > 2) {
      expect(cx.shrinks).toBeGreaterThan(0);
      expect((cx.world as { n: number }).n).toBeLessThan((first.world as { n: number }).n);
    }
    // The printed path replays the same world and finds h outside again.
    const replay = identifyWorld(th, prop, cx.path, {});
    expect(replay.outsidePredicted).toBe(true);
    expect(replay.trial.world).toEqual(cx.world);
  });

  it('is reproducible: the same seed gives the same records', () => {
    const prop = getProperty(theorem, 'oracle-orthogonal');
    const a = identifyProperty(theorem, prop, { trials: 3, seed: 7 });
    const b = identifyProperty(theorem, prop, { trials: 3, seed: 7 });
    expect(a.trialRecords.map((t) => t.distance)).toEqual(b.trialRecords.map((t) => t.distance));
    const c = identifyProperty(theorem, prop, { trials: 3, seed: 8 });
    expect(c.trialRecords.map((t) => t.distance)).not.toEqual(a.trialRecords.map((t) => t.distance));
  });
});

describe('lattice and verdicts', () => {
  it('order: the registry inclusions plus none on top; permutation + element-wise is above permutation + scaling only', () => {
    expect(latticeContains('permutation-elementwise', 'signed-permutation')).toBe(true);
    expect(latticeContains('permutation-elementwise', 'orthogonal')).toBe(false);
    expect(latticeContains('affine', 'permutation-elementwise')).toBe(false);
    expect(latticeContains(NONE_ID, 'affine')).toBe(true);
    expect(strictlyFiner('identity-offset', 'centralizer')).toBe(true);
    const edges = coveringPairs(['identity-offset', 'signed-permutation', 'orthogonal', 'affine', NONE_ID]);
    expect(edges).toEqual([
      ['identity-offset', 'signed-permutation'],
      ['signed-permutation', 'orthogonal'],
      ['orthogonal', 'affine'],
      ['affine', NONE_ID],
    ]);
  });

  const nodes = buildLattice(2, [], ['identity-offset', 'signed-permutation', 'orthogonal', 'affine']);
  const rec = (i: number, d: Record<string, number[]>, sd: Record<string, number[]> = {}): IdentifyTrial => ({
    index: i,
    path: String(i),
    world: {},
    dim: 2,
    check: null,
    distance: { ...d, none: [0, 0] },
    seedDistance: sd,
    wallMs: 0,
  });
  const inOrth = (i: number) => rec(i, { 'identity-offset': [0.5, 0.5], 'signed-permutation': [0.3, 0.02], orthogonal: [0.01, 0.01], affine: [0, 0] }, { 'signed-permutation': [0.3] });

  it('agrees / narrower / wider follow the share rule (3 of 4 at share 0.75)', () => {
    const records = [inOrth(0), inOrth(1), inOrth(2), rec(3, { 'identity-offset': [0.5, 0.5], 'signed-permutation': [0.5, 0.5], orthogonal: [0.4, 0.01], affine: [0, 0] })];
    expect(decideIdentify(records, nodes, 0.1, 0.75, 'orthogonal')).toMatchObject({ verdict: 'agrees', finest: ['orthogonal'] });
    expect(decideIdentify(records, nodes, 0.1, 0.75, 'affine')).toMatchObject({ verdict: 'narrower', finest: ['orthogonal'] });
    expect(decideIdentify(records, nodes, 0.1, 0.75, 'signed-permutation')).toMatchObject({ verdict: 'wider' });
    expect(decideIdentify(records, nodes, 0.1, 1, 'orthogonal')).toMatchObject({ verdict: 'wider', finest: ['affine'] });
    const d = decideIdentify(records, nodes, 0.1, 0.75, 'orthogonal');
    const sp = d.classes.find((c) => c.id === 'signed-permutation')!;
    expect(sp).toMatchObject({ inside: 0, seedsDisagree: 3, status: 'excluded' });
    expect(sp.interval95[0]).toBe(0);
  });

  it('world-specific classes: the centralizer of signed diagonals is measured equal to element-wise scaling; h in it and in signed permutation is narrower', () => {
    const th = getTheorem('ahuja2022.known.trained');
    const prop = getProperty(th, 'linear-centralizer-recovered');
    for (const path of ['0', '1', '2']) {
      const w = worldAt(prop, 'quick', 99, path) as { n: number };
      const lattice = buildLattice(w.n, prop.identify!.classes!(w, 'quick'));
      const measured = measureInclusions(lattice, new Rng(3));
      expect(measured).toContainEqual(['centralizer', 'elementwise-scaling']);
      expect(measured).toContainEqual(['elementwise-scaling', 'centralizer']);
      // Negative control: signed permutations are not diagonal.
      expect(measured).not.toContainEqual(['signed-permutation', 'centralizer']);
      expect(strictlyFiner('elementwise-scaling', 'centralizer', measured)).toBe(false);
      const dims = Array.from({ length: 2 }, () => 0);
      const t = (i: number): IdentifyTrial => ({
        index: i, path: String(i), world: {}, dim: w.n, check: null, seedDistance: {}, wallMs: 0,
        distance: Object.fromEntries(lattice.map((n) => [n.id, n.id === 'identity-offset' ? [0.5, 0.5] : dims])),
      });
      const d = decideIdentify([t(0), t(1)], lattice, 0.1, 0.75, 'centralizer', measured);
      expect(d.verdict).toBe('narrower');
      expect(d.finest).toContain('signed-permutation');
      // Without the signed-permutation evidence it agrees: element-wise scaling is the same set as the centralizer.
      const only = (i: number): IdentifyTrial => ({ ...t(i), distance: { ...t(i).distance, 'signed-permutation': [0.5, 0.5], orthogonal: [0.5, 0.5] } });
      expect(decideIdentify([only(0), only(1)], lattice, 0.1, 0.75, 'centralizer', measured).verdict).toBe('agrees');
    }
  });

  it('a world that could not be measured counts against every class but none', () => {
    const bad: IdentifyTrial = { ...rec(1, {}), distance: {}, error: 'Error: boom' };
    const d = decideIdentify([inOrth(0), bad], nodes, 0.1, 0.75, 'orthogonal');
    expect(d.finest).toEqual([NONE_ID]);
    expect(d.verdict).toBe('wider');
  });

  it('a collapsed seed (a constant coordinate) is outside every class but none', () => {
    const prop = oracleProperty('orthogonal');
    const th = oracleTheorem(['orthogonal']);
    const collapsing = { name: 'collapse', objective: 'none', fit: () => ({ encode: (x: number[][]) => x.map((r) => [r[0], ...r.slice(1).map(() => 1)]), train: { steps: 0, curve: [], finalLoss: 0, stoppedBy: 'steps' as const, wallMs: 0 }, learned: {}, dispose() {} }) };
    const r = identifyProperty(th, prop, { trials: 2, learner: collapsing, shrinkBudget: 0 });
    expect(r.finest).toEqual([NONE_ID]);
  });
});

describe('identify: bad input', () => {
  const th = oracleTheorem(['orthogonal']);
  const prop = th.properties[0];
  const field = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).field;
    }
    throw new Error('expected an InputError');
  };

  it('names the field: N < 2, one seed, unknown class, bad tolerance or share', () => {
    expect(field(() => identifyProperty(th, prop, { trials: 1 }))).toBe('trials');
    expect(field(() => identifyProperty(th, prop, { trials: 2.5 }))).toBe('trials');
    expect(field(() => identifyProperty(th, prop, { seeds: 1 }))).toBe('seeds');
    expect(field(() => identifyProperty(th, prop, { predicted: 'rotations' }))).toBe('predicted');
    expect(field(() => identifyProperty(th, prop, { classes: ['orthogonal', 'blocks'] }))).toBe('classes[1]');
    expect(field(() => identifyProperty(th, prop, { classes: ['affine'] }))).toBe('classes');
    expect(field(() => identifyProperty(th, prop, { tolerance: 0 }))).toBe('tolerance');
    expect(field(() => identifyProperty(th, prop, { share: 1.5 }))).toBe('share');
  });

  it('a property without a learner: an exact property, or a trained one that never trains', () => {
    const exactTheorem = getTheorem('ahuja2022.known-linear.exact');
    expect(field(() => identifyProperty(exactTheorem, exactTheorem.properties[0], { trials: 2 }))).toBe('property');
    const noTraining = defineTheorem({
      ...th,
      id: 'fixture.no-training',
      properties: [{ ...prop, id: 'claims-training', check: () => ({ pass: true, statistic: 0 }) }],
    });
    expect(field(() => identifyProperty(noTraining, noTraining.properties[0], { trials: 2 }))).toBe('property');
  });

  it('a theorem spec with an unknown predicted class fails at load, naming the field; null states no prediction', () => {
    expect(field(() => defineTheorem({ ...th, properties: [{ ...prop, identify: { predicted: 'rotations' } }] }))).toBe('theorem[latentcheck.identify-oracles].properties[0].identify.predicted');
    expect(field(() => defineTheorem({ ...th, properties: [{ ...prop, identify: { predicted: undefined as unknown as null } }] }))).toBe('theorem[latentcheck.identify-oracles].properties[0].identify.predicted');
    expect(() => defineTheorem({ ...th, id: 'fixture.no-prediction', properties: [{ ...prop, identify: { predicted: null } }] })).not.toThrow();
  });
});

describe('recordTrialFits', () => {
  it('gives the first fit at least the asked seeds, the check sees its own seeds and identical numbers', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2, max: 4 }), (seed, seeds) => {
        const w = { n: 3, seed };
        const z = new Rng(seed).normalMatrix(50, 3);
        const mixing = { kind: 'linear' as const, n: 3, apply: (m: number[][]) => m, invert: (m: number[][]) => m, conditionNumbers: [1], redraws: 0, description: 'id', params: { kind: 'linear' as const, n: 3, layers: 0, negativeSlope: 0.5, maxCondition: 1, seed: 0 } };
        const plain = fitTrial(oracleLearner('affine', w), { x: z, xNext: z }, mixing, z, seed, 1);
        const { result, fits } = recordTrialFits(seeds, () => fitTrial(oracleLearner('affine', w), { x: z, xNext: z }, mixing, z, seed, 1));
        expect(result.zhat).toHaveLength(1);
        expect(result.zhat[0]).toEqual(plain.zhat[0]);
        expect(fits).toHaveLength(1);
        expect(fits[0].zhat).toHaveLength(seeds);
        expect(fits[0].zhat[0]).toEqual(plain.zhat[0]);
      }),
      { numRuns: 10 },
    );
  });
});

describe('identify with a tfjs learner', () => {
  it('tensor counts do not grow across trials', async () => {
    await initBackend('wasm');
    const th = oracleTheorem(['signed-permutation']);
    const base = th.properties[0];
    const learner = mechanismLearner({ mechanisms: { kind: 'known-linear', matrices: [[[1, 0, 0], [0, -1, 0], [0, 0, 2]]] }, hidden: [8], train: { steps: 20, batchSize: 64, learningRate: 3e-3, evalEvery: 10, patience: 8, minDelta: 1e-3 } });
    const prop = { ...base, arbitrary: () => fc.record({ n: fc.constant(3), seed: fc.noShrink(fc.integer()) }) };
    identifyProperty(th, prop, { trials: 2, learner, shrinkBudget: 0 }); // warm-up (backend kernels)
    const before = tf.memory().numTensors;
    identifyProperty(th, prop, { trials: 3, learner, shrinkBudget: 0 });
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});

