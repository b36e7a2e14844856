/** The comparison's statistics: identical runs never regress, the false-alarm rate stays under α, real changes are found. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { badness, compareRuns, hodgesLehmann } from '../../src/compare/compare.ts';
import { validateComparable } from '../../src/compare/load.ts';
import { Rng } from '../../src/rng/rng.ts';
import type { PropertyResult, SuiteResult } from '../../src/runner/types.ts';
import { exact, spread, suite, trained } from './helpers.ts';

const load = (s: SuiteResult | object, name = 'x.json') => validateComparable(s, name);
const cmp = (a: PropertyResult[], b: PropertyResult[], opts = {}) => compareRuns(load(suite(a), 'base.json'), load(suite(b), 'new.json'), opts);

/** A trained property whose trials succeed with `rate` and whose values are uniform on [lo, hi). */
function simulate(rng: Rng, id: string, rate: number, lo: number, hi: number, n = 12): PropertyResult {
  const values = Array.from({ length: n }, () => lo + (hi - lo) * rng.uniform());
  const successes = Array.from({ length: n }, () => rng.uniform() < rate).filter(Boolean).length;
  return trained({ propertyId: id, successes, trials: n, values });
}

describe('compareRuns', () => {
  it('an identical pair never regresses nor improves (any counts, values, directions)', () => {
    const prop = fc
      .record({
        id: fc.constantFrom('a', 'b', 'c', 'd'),
        trials: fc.integer({ min: 1, max: 30 }),
        frac: fc.double({ min: 0, max: 1, noNaN: true }),
        values: fc.array(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constant(null)), { maxLength: 30 }),
        direction: fc.constantFrom('at-most' as const, 'at-least' as const, 'equal' as const),
        exact: fc.boolean(),
      })
      .map((p) =>
        p.exact
          ? exact({ propertyId: p.id, verdict: p.frac > 0.5 ? 'pass' : 'fail', trials: p.trials, values: p.values.filter((v): v is number => v !== null), direction: p.direction })
          : trained({ propertyId: p.id, successes: Math.round(p.frac * p.trials), trials: p.trials, values: p.values, direction: p.direction, threshold: 0.5 }),
      );
    fc.assert(
      fc.property(fc.uniqueArray(prop, { selector: (p) => p.propertyId, minLength: 1, maxLength: 4 }), (props) => {
        const c = cmp(props, props);
        expect(c.regression).toBe(false);
        expect(c.summary.unchanged).toBe(props.length);
      }),
      { numRuns: 200 },
    );
  });

  it('false alarms: with no change, a regression is flagged in at most about α of comparisons', () => {
    // 400 comparisons of 4 trained properties each (8 tests), base and new from the same distributions.
    const rng = new Rng(7);
    let flagged = 0;
    const runs = 400;
    for (let r = 0; r < runs; r++) {
      const draw = () => [simulate(rng, 'p1', 0.9, 0, 0.1), simulate(rng, 'p2', 0.6, 0.2, 0.5), simulate(rng, 'p3', 0.75, 0, 1), simulate(rng, 'p4', 0.95, 0.05, 0.06)];
      if (cmp(draw(), draw()).regression) flagged++;
    }
    // Holm controls the family-wise rate at 0.05; Fisher is conservative, so the observed rate is well below.
    expect(flagged / runs).toBeLessThan(0.05 + 3 * Math.sqrt((0.05 * 0.95) / runs));
  });

  it('power: a success rate of 0.9 → 0.3 with worse values is flagged in most comparisons; the unchanged neighbour rarely', () => {
    const rng = new Rng(11);
    let flagged = 0;
    let falseAlarms = 0;
    for (let r = 0; r < 100; r++) {
      const c = cmp([simulate(rng, 'p', 0.9, 0, 0.05), simulate(rng, 'q', 0.9, 0, 0.05)], [simulate(rng, 'p', 0.3, 0.03, 0.2), simulate(rng, 'q', 0.9, 0, 0.05)]);
      if (c.properties.find((p) => p.propertyId === 'p')!.status === 'regressed') flagged++;
      if (c.properties.find((p) => p.propertyId === 'q')!.status === 'regressed') falseAlarms++;
    }
    expect(flagged).toBeGreaterThan(90);
    expect(falseAlarms).toBeLessThanOrEqual(10);
  });

  it('which way is worse: larger for at-most, smaller for at-least, farther from the threshold for equal', () => {
    expect(badness(0.3, 'at-most', 0.1)).toBe(0.3);
    expect(badness(0.3, 'at-least', 0.9)).toBe(-0.3);
    expect(badness(0.7, 'equal', 1)).toBeCloseTo(0.3, 15);
    const near = spread(12, 0.98, 1.02, 1);
    const far = spread(12, 0.7, 1.3, 2).map((v) => (Math.abs(v - 1) < 0.1 ? v + Math.sign(v - 1 || 1) * 0.2 : v));
    const eq = (values: number[]) => trained({ propertyId: 'eq', successes: 12, trials: 12, values, direction: 'equal', threshold: 1 });
    expect(cmp([eq(near)], [eq(far)]).properties[0].status).toBe('regressed');
    expect(cmp([eq(far)], [eq(near)]).properties[0].status).toBe('improved');
    const least = (values: number[]) => trained({ propertyId: 'mcc', successes: 12, trials: 12, values, direction: 'at-least', threshold: 0.95 });
    expect(cmp([least(spread(12, 0.98, 0.999, 3))], [least(spread(12, 0.9, 0.97, 4))]).properties[0].status).toBe('regressed');
  });

  it('a rank-test shift far inside the threshold (round-off) does not count unless --min-effect is 0', () => {
    const base = exact({ propertyId: 'r', verdict: 'pass', trials: 50, values: spread(50, 0, 1e-15, 1) });
    const next = exact({ propertyId: 'r', verdict: 'pass', trials: 50, values: spread(50, 1e-15, 1e-14, 2) });
    const c = cmp([base], [next]);
    const t = c.properties[0].tests[0];
    expect(t.test).toBe('mann-whitney');
    expect(t.pWorseAdjusted).toBeLessThan(1e-6);
    expect(t.materialWorse).toBe(false);
    expect(c.properties[0].status).toBe('unchanged');
    expect(c.properties[0].notes.join()).toContain('below 0.01 × |threshold|: not counted');
    expect(cmp([base], [next], { minEffect: 0 }).properties[0].status).toBe('regressed');
  });

  it('a rare failure mode shows in the mean even when the Hodges–Lehmann shift is 0', () => {
    const zeros = Array<number>(20).fill(0);
    const someBad = [...Array<number>(13).fill(0), ...Array<number>(7).fill(0.5)];
    expect(hodgesLehmann(someBad, zeros)).toBe(0);
    const p = (values: number[]) => trained({ propertyId: 'z', successes: 20, trials: 20, values, threshold: 0.1 });
    expect(cmp([p(zeros)], [p(someBad)]).properties[0].status).toBe('regressed');
  });

  it('nulls (trials without a value) are left out of the rank test; fewer than 3 values skip it with a note', () => {
    const a = trained({ propertyId: 'n', successes: 5, trials: 6, values: [0.1, null, 0.2, 0.15, null, 0.12] });
    const b = trained({ propertyId: 'n', successes: 5, trials: 6, values: [0.1, null, null, null, null, 0.3] });
    const c = cmp([a], [b]);
    expect(c.properties[0].tests.map((t) => t.test)).toEqual(['fisher']);
    expect(c.properties[0].notes[0]).toContain('rank test skipped: 4 and 2 per-trial values');
  });

  it('trained properties without per-trial values are compared on their counts, with one warning', () => {
    const c = cmp([trained({ propertyId: 'v', successes: 5, trials: 6 })], [trained({ propertyId: 'v', successes: 5, trials: 6 })]);
    expect(c.properties[0].tests.map((t) => t.test)).toEqual(['fisher']);
    expect(c.properties[0].notes).toEqual([]);
    expect(c.warnings).toEqual(['2 trained properties carry no per-trial values (`values` or `outcomes`): those are compared on their success counts only']);
  });

  it('falls back to per-trial outcomes when a result has no rule or values', () => {
    const outcomes = (passes: boolean[]) => passes.map((pass, index) => ({ index, status: 'done' as const, pass, statistic: pass ? 0.01 * (index + 1) : 0.5 + 0.01 * index }));
    const base = trained({ propertyId: 'o', successes: 0, trials: 10 });
    delete base.rule;
    const next = structuredClone(base);
    base.outcomes = outcomes(Array(10).fill(true));
    next.outcomes = outcomes([true, false, false, false, false, false, false, false, true, false]);
    const c = cmp([base], [next]);
    expect(c.properties[0].tests.map((t) => t.description)[0]).toBe('successes 10/10 → 2/10');
    expect(c.properties[0].status).toBe('regressed');
  });

  it('counts come from the outcomes when present (every trial that ran, e.g. a run stopped early), else from the rule', () => {
    const stopped = trained({ propertyId: 's', successes: 0, trials: 12 });
    stopped.outcomes = [0, 1, 2, 3, 4].map((index) => ({ index, status: 'done' as const, pass: index !== 2, statistic: 0.01 }));
    const c = cmp([trained({ propertyId: 's', successes: 11, trials: 12 })], [stopped]);
    expect(c.properties[0].tests[0].description).toBe('successes 11/12 → 4/5');
  });

  it('a property whose kind changed is compared on its verdict only, with a note', () => {
    const c = cmp([trained({ theoremId: 't', propertyId: 'k', successes: 9, trials: 10 })], [exact({ theoremId: 't', propertyId: 'k', verdict: 'fail', trials: 3 })]);
    expect(c.properties[0].tests.map((t) => t.test)).toEqual(['verdict']);
    expect(c.properties[0].status).toBe('regressed');
    expect(c.properties[0].notes.join('; ')).toContain('kind changed from trained to exact');
  });

  it('rejects a bad alpha or minEffect, duplicated properties, and a property filed under another theorem', () => {
    const s = suite([trained({ propertyId: 'a', successes: 1, trials: 2 })]);
    expect(() => compareRuns(load(s), load(s), { alpha: 0 })).toThrow(/^alpha: expected a level in \(0, 1\), got 0/);
    expect(() => compareRuns(load(s), load(s), { minEffect: -1 })).toThrow(/^minEffect: expected a non-negative fraction/);
    const dup = suite([trained({ propertyId: 'a', successes: 1, trials: 2 }), trained({ propertyId: 'a', successes: 1, trials: 2 })]);
    expect(() => load(dup, 'dup.json')).toThrow(/^dup\.json: theorems\[0\]\.properties\[1\]\.propertyId: expected a property id unique within theorem synthetic\.trained/);
    const moved = structuredClone(s);
    moved.theorems[0].properties[0].theoremId = 'elsewhere';
    expect(() => load(moved, 'm.json')).toThrow(/^m\.json: theorems\[0\]\.properties\[0\]\.theoremId: expected the id of its theorem/);
    expect(() => load([], 'arr.json')).toThrow(/^arr\.json: \(top level\): expected a latentcheck\/results@1 or latentcheck\/learner-run@1 object/);
  });

  it('accepts a saved learner run (latentcheck/learner-run@1) as either side', () => {
    const props = [trained({ theoremId: 't.x', propertyId: 'p', successes: 4, trials: 4, values: [0.01, 0.02, 0.03, 0.04] })];
    const run = { schema: 'latentcheck/learner-run@1', theoremId: 't.x', theoremTitle: 'T', predictedClass: { name: 'affine', classId: 'affine' }, learner: { name: 'l', objective: 'o' }, seed: 3, profile: 'quick', verdict: 'pass', properties: props };
    const r = load(run, 'run.json');
    expect(r.properties).toHaveLength(1);
    expect(compareRuns(r, load(suite(props), 'suite.json')).summary.unchanged).toBe(1);
  });
});
