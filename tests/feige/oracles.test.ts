/**
 * Oracle controls of the trained Feige properties (training-free): each property's own judge must pass its
 * in-class oracle encoder and fail its out-of-class one in ≥ 95 % of sampled worlds, deterministically.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import theorem from '../../theorems/feige2019-trained.ts';

const WORLDS = 20;
const trained = theorem.properties.filter((p) => p.kind === 'trained').map((p) => [p.id, p] as const);

describe('oracle controls of feige2019.trained', () => {
  it('every trained property has oracles, a learner slot and a rule', () => {
    for (const [name, p] of trained) {
      expect(p.oracle, name).toBeDefined();
      expect(p.learnerSlot, name).toMatch(/FeigeLearner/);
      expect(p.rule, name).toBeDefined();
    }
  });
  it.each(trained)('%s: positive oracle passes, negative oracle fails', (name, p) => {
    const worlds = fc.sample(p.arbitrary('quick'), { seed: 20221, numRuns: WORLDS });
    let positive = 0;
    let negative = 0;
    for (const w of worlds) {
      if (p.oracle!.positive(w, 'quick').pass) positive++;
      if (!p.oracle!.negative(w, 'quick').pass) negative++;
    }
    expect(positive / WORLDS, `${name}: positive`).toBeGreaterThanOrEqual(0.95);
    expect(negative / WORLDS, `${name}: negative`).toBeGreaterThanOrEqual(0.95);
    const [w] = worlds;
    expect(p.oracle!.positive(w, 'quick').statistic).toBe(p.oracle!.positive(w, 'quick').statistic);
  });
});
