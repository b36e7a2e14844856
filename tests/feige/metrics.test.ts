import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng/rng.ts';
import { knnClassifierAccuracy, knnRegressionR2, withinGroupVarianceShare } from '../../src/metrics/index.ts';

describe('kNN estimators', () => {
  const rng = new Rng(1);
  const x = Array.from({ length: 600 }, () => [rng.range(-3, 3), rng.range(-3, 3)]);
  const f = x.map((r) => [Math.sin(r[0]) + r[1] * r[1] / 4]);
  const noise = x.map(() => [rng.normal()]);
  it('R² ≈ 1 for a smooth function, ≈ −1/k for independent noise', () => {
    expect(knnRegressionR2(x.slice(0, 300), f.slice(0, 300), x.slice(300), f.slice(300), 5)).toBeGreaterThan(0.95);
    // Independent target: the prediction is a mean of k noise draws, so E[R²] ≈ −1/k.
    const r2 = knnRegressionR2(x.slice(0, 300), noise.slice(0, 300), x.slice(300), noise.slice(300), 10);
    expect(r2).toBeGreaterThan(-0.3);
    expect(r2).toBeLessThan(0.1);
  });
  it('accuracy ≈ 1 for separated classes, ≈ chance for independent labels', () => {
    const y = x.map((r) => (r[0] > 0 ? 1 : 0));
    const z = x.map(() => rng.int(3));
    expect(knnClassifierAccuracy(x.slice(0, 300), y.slice(0, 300), x.slice(300), y.slice(300))).toBeGreaterThan(0.95);
    expect(Math.abs(knnClassifierAccuracy(x.slice(0, 300), z.slice(0, 300), x.slice(300), z.slice(300)) - 1 / 3)).toBeLessThan(0.1);
  });
  it('rejects k outside [1, n]', () => {
    expect(() => knnRegressionR2(x.slice(0, 3), f.slice(0, 3), x.slice(3, 5), f.slice(3, 5), 4)).toThrow(/^k:/);
  });
});

describe('withinGroupVarianceShare', () => {
  it('0 for group constants, 1 for zero-mean groups, the ANOVA split otherwise', () => {
    expect(withinGroupVarianceShare([[1], [1], [3], [3]], [0, 0, 1, 1])).toBe(0);
    expect(withinGroupVarianceShare([[-1], [1], [-1], [1]], [0, 0, 1, 1])).toBe(1);
    // groups {0, 2}, {4, 6}: within = 4, total = 20.
    expect(withinGroupVarianceShare([[0], [2], [4], [6]], [0, 0, 1, 1])).toBeCloseTo(0.2, 12);
  });
});
