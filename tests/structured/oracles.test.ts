/**
 * Oracle controls of the trained structured properties (training-free): the positive oracle passes and the
 * negative oracle fails the property's own check in ≥ 95 % of sampled worlds (6 worlds, all must pass: the kernel block R² of two
 * matrices per judge costs ≈ 0.2 s).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import trained from '../../theorems/zhang2020-trained.ts';
import fairness from '../../theorems/zhang2020-fairness.ts';
import irm from '../../theorems/zhang2020-irm.ts';
import structure from '../../theorems/zhang2020-structure.ts';
import type { PropertySpec } from '../../src/theorem/types.ts';

const WORLDS = 6;
const MIN_SHARE = 0.95;
const props = [trained, fairness, irm, structure].flatMap((t) => t.properties.filter((p) => p.kind === 'trained').map((p) => [`${t.id} / ${p.id}`, p] as [string, PropertySpec]));

describe('oracle controls of the trained zhang2020 properties', () => {
  it('every trained property has oracles, a learner slot and a rule', () => {
    for (const [name, p] of props) {
      expect(p.oracle, name).toBeDefined();
      expect(p.learnerSlot, name).toMatch(/StructuredData/);
      expect(p.rule, name).toBeDefined();
    }
  });
  it.each(props)('%s: positive oracle passes, negative oracle fails', { timeout: 240_000 }, (name, p) => {
    const worlds = fc.sample(p.arbitrary('full'), { seed: 20201, numRuns: WORLDS });
    let pos = 0;
    let neg = 0;
    const stats: string[] = [];
    for (const w of worlds) {
      const a = p.oracle!.positive(w, 'quick');
      const b = p.oracle!.negative(w, 'quick');
      if (a.pass) pos++;
      if (!b.pass) neg++;
      stats.push(`${a.statistic.toFixed(3)}/${b.statistic.toFixed(3)}`);
    }
    console.info(`${name}: positive passes ${pos}/${WORLDS}, negative fails ${neg}/${WORLDS}; statistics ${stats.join(' ')}`);
    expect(pos / WORLDS).toBeGreaterThanOrEqual(MIN_SHARE);
    expect(neg / WORLDS).toBeGreaterThanOrEqual(MIN_SHARE);
  });
});
