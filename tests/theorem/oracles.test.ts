/**
 * Oracle controls of the trained Ahuja properties (training-free): the property's own success criterion
 * applied to latents from an in-class map plus estimation noise must pass, and to latents from an
 * out-of-class map must fail, each in at least 95 % of sampled worlds. This calibrates the checks without
 * any training: a criterion that fails its positive oracle would reject a correct learner, one that passes
 * its negative oracle could not detect a wrong one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import knownTrained from '../../theorems/ahuja2022-known-trained.ts';
import hypothesisTrained from '../../theorems/ahuja2022-hypothesis-trained.ts';
import stochasticTrained from '../../theorems/ahuja2022-stochastic-trained.ts';
import type { PropertySpec, TheoremSpec } from '../../src/theorem/types.ts';

const WORLDS = 50;
const MIN_SHARE = 0.95;
const SEED = 20221;

const theorems: TheoremSpec[] = [knownTrained, hypothesisTrained, stochasticTrained];
const trained = theorems.flatMap((t) => t.properties.filter((p) => p.kind === 'trained').map((p) => [`${t.id} / ${p.id}`, p] as [string, PropertySpec]));

describe('oracle controls of the trained Ahuja properties', () => {
  it('every trained property has oracles, a learner slot and a rule', () => {
    for (const [name, p] of trained) {
      expect(p.oracle, name).toBeDefined();
      expect(p.learnerSlot, name).toMatch(/PairData/);
      expect(p.rule, name).toBeDefined();
    }
  });

  it.each(trained)('%s: positive oracle passes and negative oracle fails in ≥ 95 % of worlds', (name, p) => {
    const worlds = fc.sample(p.arbitrary('quick'), { seed: SEED, numRuns: WORLDS });
    let positive = 0;
    let negative = 0;
    for (const w of worlds) {
      const pos = p.oracle!.positive(w, 'quick');
      const neg = p.oracle!.negative(w, 'quick');
      if (pos.pass) positive++;
      if (!neg.pass) negative++;
      // Oracles carry the same artifacts as a trained trial (latents of the predicted class).
      expect(pos.artifacts?.latents?.z.length, name).toBeGreaterThan(0);
      expect(Number.isFinite(pos.statistic) && Number.isFinite(neg.statistic), name).toBe(true);
    }
    console.info(`${name}: positive oracle passes ${positive}/${WORLDS}, negative oracle fails ${negative}/${WORLDS}`);
    expect(positive / WORLDS, `${name}: positive oracle passes`).toBeGreaterThanOrEqual(MIN_SHARE);
    expect(negative / WORLDS, `${name}: negative oracle fails`).toBeGreaterThanOrEqual(MIN_SHARE);
  });

  it('oracles are deterministic in the world', () => {
    for (const [name, p] of trained) {
      const [w] = fc.sample(p.arbitrary('quick'), { seed: SEED, numRuns: 1 });
      expect(p.oracle!.positive(w, 'quick').statistic, name).toBe(p.oracle!.positive(w, 'quick').statistic);
    }
  });
});
