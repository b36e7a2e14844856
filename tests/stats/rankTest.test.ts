import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mannWhitneyCounts, mannWhitneyU, midRanks } from '../../src/stats/rankTest.ts';

function expectRel(a: number, b: number, rel = 1e-9) {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b) + 1e-300);
}

// Reference values: SciPy 1.17.1, scipy.stats.mannwhitneyu(x, y, alternative=..., method=...), use_continuity=True
// unless stated. Each row: alternative, method, U₁ (SciPy's statistic), p.
const X1 = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const Y1 = [1.15, 0.88, 0.9, 0.74, 1.21];
const NO_TIES: [string, string, number, number][] = [
  ['two-sided', 'exact', 35, 0.2544122544122544],
  ['less', 'exact', 35, 0.8967698967698967],
  ['greater', 'exact', 35, 0.1272061272061272],
  ['two-sided', 'asymptotic', 35, 0.24462360512698333],
  ['less', 'asymptotic', 35, 0.9007753482039937],
  ['greater', 'asymptotic', 35, 0.12231180256349167],
];

// With ties (mid-ranks, tie-corrected variance): SciPy uses the normal approximation.
const X2 = [1, 2, 2, 3, 3, 3, 4, 5];
const Y2 = [3, 4, 4, 5, 5, 6, 7, 7, 7];
const TIES: [string, boolean, number][] = [
  ['two-sided', true, 0.006274233849838661],
  ['less', true, 0.0031371169249193305],
  ['greater', true, 0.9976777228691651],
  ['two-sided', false, 0.00540417385627722],
  ['less', false, 0.00270208692813861],
  ['greater', false, 0.9972979130718614],
];

// 20 vs 18 values (numpy default_rng(1) normals rounded to 4 decimals), method='exact'.
const X3 = [0.3456, 0.8216, 0.3304, -1.3032, 0.9054, 0.4464, -0.537, 0.5811, 0.3646, 0.2941, 0.0284, 0.5467, -0.7365, -0.1629, -0.4821, 0.5988, 0.0397, -0.2925, -0.7819, -0.2572];
const Y3 = [0.8081, 0.5244, 2.0941, 1.8067, -1.9112, -1.089, 0.6252, 0.3778, 1.0136, 1.0173, 2.9178, -0.312, 0.4224, 2.8428, 1.4467, 1.4631, 0.286, -0.8481];
const LARGE: [string, number][] = [
  ['two-sided', 0.026069290728981256],
  ['less', 0.013034645364490628],
  ['greater', 0.9879631709852423],
];

type Alt = 'two-sided' | 'less' | 'greater';

describe('mannWhitneyU against SciPy', () => {
  it.each(NO_TIES)('no ties, %s, %s', (alternative, method, u, p) => {
    const r = mannWhitneyU(X1, Y1, { alternative: alternative as Alt, method: method as 'exact' });
    expect(r.u).toBe(u);
    expectRel(r.pValue, p);
  });

  it.each(TIES)('ties, %s, continuity %s', (alternative, continuity, p) => {
    const r = mannWhitneyU(X2, Y2, { alternative: alternative as Alt, continuity });
    expect(r.method).toBe('asymptotic');
    expect(r.ties).toBe(true);
    expect(r.u).toBe(7.5);
    expectRel(r.pValue, p);
  });

  it.each(LARGE)('20 vs 18 values, exact, %s', (alternative, p) => {
    const r = mannWhitneyU(X3, Y3, { alternative: alternative as Alt });
    expect(r.method).toBe('exact');
    expect(r.u).toBe(104);
    expectRel(r.pValue, p);
  });

  it('mid-ranks: ties share the average of their ranks', () => {
    expect(midRanks([10, 20, 20, 5, 20])).toEqual({ ranks: [2, 4, 4, 1, 4], tieSizes: [3] });
  });

  it('the exact null counts are the Gaussian binomial coefficients: [5 choose 3]_q = 1 1 2 2 2 1 1', () => {
    expect(mannWhitneyCounts(3, 2)).toEqual([1, 1, 2, 2, 2, 1, 1]);
    // Σ counts = C(40, 20).
    expect(mannWhitneyCounts(20, 20).reduce((s, v) => s + v, 0)).toBe(137846528820);
  });

  it('all values tied: no information, p = 1', () => {
    expect(mannWhitneyU([1, 1, 1], [1, 1, 1, 1], { alternative: 'greater' }).pValue).toBe(1);
  });

  it('rejects bad samples and options, naming the field', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/^x: expected a non-empty array of finite numbers/);
    expect(() => mannWhitneyU([1], [1, NaN])).toThrow(/^y\[1\]: expected a finite number, got NaN/);
    expect(() => mannWhitneyU([1, 2], [2, 3], { method: 'exact' })).toThrow(/method: expected 'asymptotic' or 'auto': the exact law of U assumes no tied values/);
    expect(() => mannWhitneyU([1], [2], { method: 'fast' as 'exact' })).toThrow(/method: expected 'auto', 'exact' or 'asymptotic'/);
  });
});

const sample = fc.array(fc.integer({ min: -50, max: 50 }).map((v) => v / 10), { minLength: 1, maxLength: 25 });
const distinct = fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 24 });

describe('mannWhitneyU properties', () => {
  it('p in [0, 1]; U₁ + U₂ = n₁n₂; swapping the samples swaps less and greater', () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const g = mannWhitneyU(x, y, { alternative: 'greater' });
        const l = mannWhitneyU(y, x, { alternative: 'less' });
        expect(g.pValue >= 0 && g.pValue <= 1).toBe(true);
        expect(l.pValue).toBeCloseTo(g.pValue, 12);
        expect(g.u + mannWhitneyU(y, x).u).toBe(x.length * y.length);
      }),
      { numRuns: 200 },
    );
  });

  it('exact and asymptotic agree roughly for moderate samples; exact tails are a distribution', () => {
    fc.assert(
      fc.property(distinct, fc.integer({ min: 1, max: 22 }), (values, cut) => {
        const k = Math.min(Math.max(cut, 1), values.length - 1);
        const x = values.slice(0, k);
        const y = values.slice(k);
        const ex = mannWhitneyU(x, y, { alternative: 'greater', method: 'exact' }).pValue;
        const exLess = mannWhitneyU(x, y, { alternative: 'less', method: 'exact' }).pValue;
        // P(U ≥ u) + P(U ≤ u) ≥ 1 (both include U = u).
        expect(ex + exLess).toBeGreaterThanOrEqual(1 - 1e-12);
        if (x.length >= 8 && y.length >= 8) expect(Math.abs(ex - mannWhitneyU(x, y, { alternative: 'greater', method: 'asymptotic' }).pValue)).toBeLessThan(0.03);
      }),
      { numRuns: 200 },
    );
  });

  it('monotone: increasing a value of x never decreases U₁, nor (no ties, exact law) makes "greater" less significant', () => {
    fc.assert(
      fc.property(sample, sample, fc.nat(), fc.integer({ min: 1, max: 30 }), (x, y, i, step) => {
        const j = i % x.length;
        const bumped = x.map((v, k) => (k === j ? v + step / 10 : v));
        expect(mannWhitneyU(bumped, y).u).toBeGreaterThanOrEqual(mannWhitneyU(x, y).u);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(distinct, fc.integer({ min: 1, max: 22 }), fc.nat(), fc.integer({ min: 0, max: 500 }), (values, cut, i, step) => {
        const k = Math.min(cut, values.length - 1);
        const x = values.slice(0, k);
        const y = values.slice(k);
        // Integers plus a half stay distinct from every other value.
        const bumped = x.map((v, m) => (m === i % x.length ? v + step + 0.5 : v));
        const before = mannWhitneyU(x, y, { alternative: 'greater', method: 'exact' }).pValue;
        const after = mannWhitneyU(bumped, y, { alternative: 'greater', method: 'exact' }).pValue;
        expect(after).toBeLessThanOrEqual(before + 1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('shifting x above every y gives the smallest exact p, 1 / C(n₁ + n₂, n₁)', () => {
    const r = mannWhitneyU([10, 11, 12, 13], [1, 2, 3], { alternative: 'greater' });
    expect(r.pValue).toBeCloseTo(1 / 35, 14);
  });
});
