import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialLowerTail, binomialUpperTail, clopperPearson, clopperPearsonLower } from '../../src/stats/binomial.ts';
import { decideRule, describeRule, validateRule } from '../../src/stats/rule.ts';

// Reference values: SciPy 1.x, beta.ppf(0.025, k, n−k+1) and beta.ppf(0.975, k+1, n−k) (two-sided 95% Clopper–Pearson).
const R_CP: [number, number, number, number][] = [
  [3, 10, 0.06673951, 0.65245285],
  [0, 10, 0, 0.3084971],
  [10, 10, 0.6915029, 1],
  [45, 50, 0.78186463, 0.96672491],
  [1, 2, 0.01257912, 0.98742088],
];

describe('Clopper–Pearson', () => {
  it.each(R_CP)('k=%i n=%i matches R', (k, n, lo, hi) => {
    const [a, b] = clopperPearson(k, n);
    expect(a).toBeCloseTo(lo, 6);
    expect(b).toBeCloseTo(hi, 6);
  });

  it('one-sided lower bound: SciPy beta.ppf(0.05, 9, 2) = 0.6058367', () => {
    expect(clopperPearsonLower(9, 10)).toBeCloseTo(0.6058367, 6);
  });

  it('coverage: P(X ≥ k | p = lower bound at k) = α', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), (n, k0) => {
        const k = Math.min(k0, n);
        const lo = clopperPearsonLower(k, n, 0.05);
        expect(binomialUpperTail(k, n, lo)).toBeCloseTo(0.05, 6);
      }),
      { numRuns: 50 },
    );
  });

  it('tails add to one and match a direct sum', () => {
    const n = 12;
    const p = 0.37;
    const choose = (a: number, b: number) => {
      let r = 1;
      for (let i = 1; i <= b; i++) r = (r * (a - b + i)) / i;
      return r;
    };
    for (let k = 0; k <= n + 1; k++) {
      let direct = 0;
      for (let j = k; j <= n; j++) direct += choose(n, j) * p ** j * (1 - p) ** (n - j);
      expect(binomialUpperTail(k, n, p)).toBeCloseTo(direct, 10);
      expect(binomialUpperTail(k, n, p) + binomialLowerTail(k, n, p)).toBeCloseTo(1, 12);
    }
  });

  it('bad counts are rejected naming the field', () => {
    expect(() => clopperPearson(11, 10)).toThrow(/k: expected an integer number of successes in \[0, 10\], got 11/);
    expect(() => clopperPearson(1, 0)).toThrow(/n: expected a positive integer/);
    expect(() => clopperPearson(1, 10, 2)).toThrow(/alpha: /);
  });
});

describe('success rules', () => {
  const rule = { trials: 10, minSuccesses: 8, claimedRate: 0.95 };

  it('decides and states its error rates', () => {
    const v = decideRule(rule, 9);
    expect(v.pass).toBe(true);
    expect(v.rate).toBe(0.9);
    // P(X < 8 | n=10, p=0.95) = 1 − P(X ≥ 8) = 0.01150356 (SciPy: binom.cdf(7, 10, 0.95)).
    expect(v.falseFailureRate).toBeCloseTo(0.01150356, 7);
    expect(v.certifiedRate).toBeCloseTo(clopperPearsonLower(8, 10), 12);
    expect(decideRule(rule, 7).pass).toBe(false);
    expect(describeRule(rule)).toMatch(/≥ 8 of 10 .* 0\.0115; a pass certifies a rate ≥ 0\.493/);
  });

  it('validates rules naming the field', () => {
    expect(() => validateRule('rule.quick', { trials: 5, minSuccesses: 6, claimedRate: 0.9 })).toThrow(/rule\.quick\.minSuccesses: .*got 6/);
    expect(() => validateRule('rule.full', { trials: 0, minSuccesses: 0, claimedRate: 0.9 })).toThrow(/rule\.full\.trials/);
    expect(() => validateRule('r', { trials: 5, minSuccesses: 3, claimedRate: 1.5 })).toThrow(/r\.claimedRate: .*1\.5/);
  });
});
