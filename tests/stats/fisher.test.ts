import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fisherExact } from '../../src/stats/fisher.ts';
import type { Table2x2 } from '../../src/stats/fisher.ts';
import { InputError } from '../../src/core/errors.ts';

/** |a − b| ≤ rel·|b| (+ a tiny absolute floor for p-values near 0). */
function expectRel(a: number, b: number, rel = 1e-9) {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b) + 1e-300);
}

// Reference values: SciPy 1.17.1, scipy.stats.fisher_exact(table, alternative=...).pvalue for
// 'two-sided', 'less', 'greater', and .statistic (the sample odds ratio). [[3, 1], [1, 3]] is Fisher's
// lady-tasting-tea table (The Design of Experiments, 1935): two-sided 0.4857, one-sided 0.2429.
const SCIPY: [Table2x2, number, number, number, number][] = [
  [[[3, 1], [1, 3]], 0.48571428571428565, 0.9857142857142858, 0.24285714285714283, 9],
  [[[12, 0], [3, 9]], 0.000336519046978059, 1.0, 0.0001682595234890295, Infinity],
  [[[8, 2], [1, 5]], 0.034965034965034975, 0.9991258741258742, 0.024475524475524483, 20],
  [[[10, 10], [10, 10]], 1.0, 0.6238144327180455, 0.6238144327180455, 1],
  [[[0, 5], [5, 0]], 0.007936507936507938, 0.003968253968253969, 1.0, 0],
  [[[1, 9], [11, 3]], 0.0027594561852200836, 0.0013797280926100418, 0.9999663480953022, 0.030303030303030304],
  [[[100, 50], [60, 90]], 5.659739023312293e-6, 0.9999990992575836, 2.8298695116561467e-6, 3],
  [[[7, 3], [2, 8]], 0.06977851869492736, 0.9972612526792093, 0.03488925934746368, 9.333333333333334],
  [[[1200, 800], [1100, 900]], 0.0015395077387717368, 0.9993835208020829, 0.0007697538693858684, 1.2272727272727273],
];

describe('fisherExact against SciPy', () => {
  it.each(SCIPY)('%j', (table, two, less, greater, odds) => {
    expectRel(fisherExact(table, 'two-sided').pValue, two);
    expectRel(fisherExact(table, 'less').pValue, less);
    expectRel(fisherExact(table, 'greater').pValue, greater);
    expect(fisherExact(table).oddsRatio).toBeCloseTo(odds, 12);
  });

  it('an empty row or column carries no information: p = 1, odds ratio NaN (as SciPy)', () => {
    for (const t of [[[0, 0], [3, 4]], [[2, 0], [5, 0]]] as Table2x2[]) {
      const r = fisherExact(t, 'greater');
      expect(r.pValue).toBe(1);
      expect(r.oddsRatio).toBeNaN();
    }
  });

  it('rejects a malformed table or alternative, naming the field', () => {
    expect(() => fisherExact([[1, -1], [2, 3]])).toThrow(new InputError('table[0][1]', -1, 'a non-negative integer count'));
    expect(() => fisherExact([[1, 2.5], [2, 3]])).toThrow(/table\[0\]\[1\]: expected a non-negative integer count, got 2.5/);
    expect(() => fisherExact([[1, 2]] as unknown as Table2x2)).toThrow(/table: expected a 2×2 table/);
    expect(() => fisherExact([[1, 2], [3, 4]], 'bigger' as 'less')).toThrow(/alternative: expected one of: two-sided, less, greater, got "bigger"/);
  });
});

const count = fc.integer({ min: 0, max: 40 });
const table = fc.tuple(count, count, count, count).map(([a, b, c, d]): Table2x2 => [[a, b], [c, d]]);

describe('fisherExact properties', () => {
  it('p-values lie in [0, 1]; the one-sided tails overlap in P(X = a); the two-sided p contains the smaller tail', () => {
    fc.assert(
      fc.property(table, (t) => {
        const less = fisherExact(t, 'less').pValue;
        const greater = fisherExact(t, 'greater').pValue;
        const two = fisherExact(t, 'two-sided').pValue;
        for (const p of [less, greater, two]) expect(p >= 0 && p <= 1).toBe(true);
        // less + greater = 1 + P(X = a) ≥ 1. The hypergeometric law is unimodal, so every table in the tail away
        // from the mode is at most as probable as the observed one: the two-sided sum includes that tail.
        // (It is not bounded by twice the smaller tail: [[6, 38], [1, 24]] gives 0.4086 > 2 × 0.1991, in SciPy too.)
        expect(less + greater).toBeGreaterThanOrEqual(1 - 1e-9);
        expect(two).toBeGreaterThanOrEqual(Math.min(less, greater) - 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('symmetry: swapping the rows swaps the one-sided alternatives; transposing changes nothing', () => {
    fc.assert(
      fc.property(table, ([[a, b], [c, d]]) => {
        const swapped: Table2x2 = [[c, d], [a, b]];
        const transposed: Table2x2 = [[a, c], [b, d]];
        expect(fisherExact(swapped, 'less').pValue).toBeCloseTo(fisherExact([[a, b], [c, d]], 'greater').pValue, 10);
        expect(fisherExact(swapped, 'two-sided').pValue).toBeCloseTo(fisherExact([[a, b], [c, d]], 'two-sided').pValue, 10);
        expect(fisherExact(transposed, 'greater').pValue).toBeCloseTo(fisherExact([[a, b], [c, d]], 'greater').pValue, 10);
      }),
      { numRuns: 300 },
    );
  });

  it('monotone: moving a success of the second row to a failure makes "greater" more significant', () => {
    fc.assert(
      fc.property(table, ([[a, b], [c, d]]) => {
        fc.pre(c > 0);
        const before = fisherExact([[a, b], [c, d]], 'greater').pValue;
        const after = fisherExact([[a, b], [c - 1, d + 1]], 'greater').pValue;
        expect(after).toBeLessThanOrEqual(before + 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('the one-sided test holds its level: P(p ≤ α) ≤ α under the null, by exact enumeration', () => {
    // Rows of 12 trials each, success probability 0.7 in both: sum the binomial probabilities of every table.
    const n = 12;
    const q = 0.7;
    const binom = (k: number) => {
      let c = 1;
      for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
      return c * q ** k * (1 - q) ** (n - k);
    };
    let rejected = 0;
    for (let s1 = 0; s1 <= n; s1++)
      for (let s2 = 0; s2 <= n; s2++) if (fisherExact([[s1, n - s1], [s2, n - s2]], 'greater').pValue <= 0.05) rejected += binom(s1) * binom(s2);
    expect(rejected).toBeLessThanOrEqual(0.05);
    expect(rejected).toBeGreaterThan(0.005);
  });
});
