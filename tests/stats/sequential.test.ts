import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binomialPValue, criticalCount, sequentialState } from '../../src/stats/sequential.ts';
import { adjustedPValues, rejections, resolveMethod } from '../../src/stats/multiple.ts';
import { ruleFor, validateRule } from '../../src/stats/rule.ts';
import { Rng } from '../../src/rng/rng.ts';

describe('binomial test of a claimed success rate', () => {
  it('p-values are the binomial lower tail', () => {
    // P(X ≤ 1 | 4, 0.9) = 1 − 0.9⁴ − 4·0.9³·0.1 − 6·0.9²·0.1² = 0.0037 ; P(X ≤ 2) = 0.0523.
    expect(binomialPValue(1, 4, 0.9)).toBeCloseTo(0.0037, 10);
    expect(binomialPValue(2, 4, 0.9)).toBeCloseTo(0.0523, 10);
    expect(binomialPValue(4, 4, 0.9)).toBe(1);
  });

  it('critical counts of the rules used by the theorems', () => {
    expect(criticalCount(4, 0.9, 0.05)).toBe(2);
    expect(criticalCount(12, 0.9, 0.05)).toBe(9);
    expect(criticalCount(4, 0.7, 0.05)).toBe(1);
    expect(criticalCount(12, 0.7, 0.05)).toBe(6);
    expect(ruleFor(10, 0.95).minSuccesses).toBe(8);
  });

  it('a rule whose minimum is not the test at α = 0.05 is rejected, naming the right count', () => {
    expect(() => validateRule('rule.quick', { trials: 4, minSuccesses: 3, claimedRate: 0.9 })).toThrow(/rule\.quick\.minSuccesses: .*2: the rule/);
  });

  it('calibration: with coins at exactly the claimed rate, the test fails in at most α of 4000 replications', () => {
    const rng = new Rng(42);
    for (const [n, p] of [[4, 0.9], [12, 0.9], [12, 0.7], [30, 0.8]] as const) {
      const k = criticalCount(n, p, 0.05);
      let failures = 0;
      const reps = 4000;
      for (let r = 0; r < reps; r++) {
        let s = 0;
        for (let i = 0; i < n; i++) if (rng.uniform() < p) s++;
        if (s < k) failures++;
      }
      // Exact false-failure rate P(X < k) ≤ 0.05; allow 3 binomial standard errors of Monte Carlo noise.
      const exact = binomialPValue(k - 1, n, p);
      expect(exact).toBeLessThanOrEqual(0.05);
      expect(Math.abs(failures / reps - exact)).toBeLessThan(3 * Math.sqrt((exact * (1 - exact)) / reps) + 1e-3);
    }
  });
});

describe('curtailed sequential test', () => {
  it('stops for a pass once the worst completion keeps the claim, and for a failure once the best cannot', () => {
    expect(sequentialState(2, 2, 4, 0.9, 0.05).decision).toBe('pass');
    expect(sequentialState(1, 1, 4, 0.9, 0.05).decision).toBe('open');
    // 3 failures of 4: at most 1 success, p = 0.0037 ≤ 0.05 / 10.
    expect(sequentialState(0, 3, 4, 0.9, 0.05, 10).decision).toBe('fail');
    expect(sequentialState(0, 2, 4, 0.9, 0.05, 10).decision).toBe('open');
  });

  it('an early decision always equals the decision on all trials, at every level between α/m and α', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), fc.double({ min: 0.3, max: 0.99, noNaN: true }), fc.integer({ min: 1, max: 20 }), (outcomes, p, m) => {
        const n = outcomes.length;
        const alpha = 0.05;
        const finalP = binomialPValue(outcomes.filter(Boolean).length, n, p);
        let s = 0;
        for (let r = 0; r <= n; r++) {
          const st = sequentialState(s, r, n, p, alpha, m);
          if (st.decision === 'pass') expect(finalP > alpha).toBe(true);
          if (st.decision === 'fail') expect(finalP <= alpha / m).toBe(true);
          expect(st.pValueRange[0]).toBeLessThanOrEqual(finalP + 1e-15);
          expect(st.pValueRange[1]).toBeGreaterThanOrEqual(finalP - 1e-15);
          if (r < n && outcomes[r]) s++;
        }
        // After all trials nothing is open.
        expect(sequentialState(s, n, n, p, alpha, 1).decision).not.toBe('open');
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});

describe('multiple testing', () => {
  const p = [0.01, 0.04, 0.03, 0.005];
  it('Holm rejects step-down (α/m, α/(m−1), …) and stops at the first non-rejection', () => {
    expect(rejections(p, 0.05, 'holm')).toEqual([true, false, false, true]);
    // statsmodels multipletests(method='holm'): [0.03, 0.06, 0.06, 0.02].
    adjustedPValues(p, 'holm').forEach((v, i) => expect(v).toBeCloseTo([0.03, 0.06, 0.06, 0.02][i], 12));
  });
  it('Benjamini–Hochberg rejects the k smallest with p(k) ≤ kα/m', () => {
    expect(rejections(p, 0.05, 'bh')).toEqual([true, true, true, true]);
    expect(rejections([0.02, 0.5, 0.04], 0.05, 'bh')).toEqual([false, false, false]);
    // statsmodels multipletests(method='fdr_bh'): [0.02, 0.04, 0.04, 0.02].
    adjustedPValues(p, 'bh').forEach((v, i) => expect(v).toBeCloseTo([0.02, 0.04, 0.04, 0.02][i], 12));
  });
  it('none is the unadjusted test; adjusted p ≤ α ⇔ rejected', () => {
    expect(rejections(p, 0.02, 'none')).toEqual([true, false, false, true]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 15 }), fc.constantFrom('holm', 'bh', 'none' as const), (ps, m) => {
        const rej = rejections(ps, 0.05, m);
        adjustedPValues(ps, m).forEach((a, i) => expect(a <= 0.05).toBe(rej[i]));
        // Holm controls at least what Bonferroni does.
        ps.forEach((q, i) => {
          if (q <= 0.05 / ps.length) expect(rej[i]).toBe(true);
          if (q > 0.05) expect(rej[i]).toBe(false);
        });
      }),
      { seed: 9, numRuns: 300 },
    );
  });
  it('bad input names the field', () => {
    expect(() => rejections([0.1, 1.5], 0.05, 'holm')).toThrow(/pValues\[1\]: .*1\.5/);
    expect(() => resolveMethod('bonf')).toThrow(/correction: .*"bonf"/);
  });
});
