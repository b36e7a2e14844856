/**
 * Latent priors: sample covariance ≈ the requested Σ (equicorrelation, given PD and PSD Σ), uniform box
 * moments, purity, and validation naming the field (InputError; NumericalError for NaN / non-PSD Σ).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng/rng.ts';
import { choleskyPsd, priorCovariance, priorMean, priorSpecArb, samplePrior, sized, validatePrior } from '../../src/mechanisms/data.ts';
import type { PriorSpec } from '../../src/mechanisms/data.ts';
import { matmul, transpose } from '../../src/core/matrix.ts';
import { column, excessKurtosis, expectError, mean, sampleCov } from './helpers.ts';

const N = 40_000;

function expectCovClose(spec: PriorSpec, n: number, seed: number): void {
  const z = samplePrior(spec, n, N, new Rng(seed));
  expect(z.length).toBe(N);
  const c = sampleCov(z);
  const target = priorCovariance(spec, n);
  // SE of a covariance entry ≤ √((Σii Σjj + Σij²)/N) ≤ √(2/N) ≈ 0.007 for unit variances: 6 SE.
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(c[i][j] - target[i][j])).toBeLessThan(6 * Math.sqrt(2 / N));
}

describe('samplePrior', () => {
  it('gaussian: N(0, I)', () => expectCovClose({ kind: 'gaussian' }, 3, 1));

  it('correlated-gaussian: sample covariance ≈ equicorrelation (1 − ρ) I + ρ 11ᵀ', () => {
    for (const [rho, n] of [
      [0.5, 3],
      [0.9, 4],
      [-0.3, 3],
      [0.2, 1],
    ] as const)
      expectCovClose({ kind: 'correlated-gaussian', rho }, n, 2);
  });

  it('correlated-gaussian: sample covariance ≈ a given Σ, including a singular PSD Σ', () => {
    expectCovClose({ kind: 'correlated-gaussian', cov: [[1, 0.3, -0.2], [0.3, 0.5, 0.1], [-0.2, 0.1, 0.8]] }, 3, 3);
    const psd = [[1, 1, 0], [1, 1, 0], [0, 0, 0.5]];
    expectCovClose({ kind: 'correlated-gaussian', cov: psd }, 3, 4);
    // Draws live in the range of Σ: z₀ = z₁ exactly.
    for (const row of samplePrior({ kind: 'correlated-gaussian', cov: psd }, 3, 50, new Rng(4))) expect(row[0]).toBe(row[1]);
    const l = choleskyPsd(psd);
    const llt = matmul(l, transpose(l));
    llt.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(psd[i][j], 14)));
  });

  it('is Gaussian: excess kurtosis ≈ 0 per coordinate', () => {
    const z = samplePrior({ kind: 'correlated-gaussian', rho: 0.6 }, 2, N, new Rng(5));
    for (const j of [0, 1]) expect(Math.abs(excessKurtosis(column(z, j)))).toBeLessThan(0.15);
  });

  it('uniform-box: inside [low, high), mean (low + high)/2, variance (high − low)²/12; defaults [−1, 1)', () => {
    const spec: PriorSpec = { kind: 'uniform-box', low: 1, high: 4 };
    const z = samplePrior(spec, 2, N, new Rng(6));
    for (const row of z) for (const v of row) expect(v >= 1 && v < 4).toBe(true);
    expect(Math.abs(mean(column(z, 0)) - 2.5)).toBeLessThan(0.03);
    expect(priorMean(spec, 2)).toEqual([2.5, 2.5]);
    expectCovClose(spec, 2, 6);
    expect(validatePrior({ kind: 'uniform-box' }, 2)).toEqual({ kind: 'uniform-box', low: -1, high: 1 });
  });

  it('is pure: the same rng seed gives deep-equal samples, and the rng is not advanced', () => {
    fc.assert(
      fc.property(sized((n) => priorSpecArb(n), { maxN: 5 }), fc.noShrink(fc.integer()), ({ n, spec }, seed) => {
        const rng = new Rng(seed);
        const a = samplePrior(spec, n, 20, rng);
        expect(samplePrior(spec, n, 20, rng)).toEqual(a);
        expect(samplePrior(spec, n, 20, new Rng(seed))).toEqual(a);
        expect(a.every((row) => row.length === n && row.every(Number.isFinite))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('prior validation', () => {
  const rng = new Rng(1);
  it('names prior.rho for an equicorrelation outside (−1/(n−1), 1)', () => {
    expect(expectError(() => samplePrior({ kind: 'correlated-gaussian', rho: 1 }, 3, 10, rng), 'InputError', 'prior.rho').value).toBe(1);
    expectError(() => samplePrior({ kind: 'correlated-gaussian', rho: -0.5 }, 3, 10, rng), 'InputError', 'prior.rho');
    expectError(() => samplePrior({ kind: 'correlated-gaussian', rho: -0.34 }, 4, 10, rng), 'InputError', 'prior.rho');
    expect(() => samplePrior({ kind: 'correlated-gaussian', rho: -0.49 }, 3, 10, rng)).not.toThrow();
    expectError(() => samplePrior({ kind: 'correlated-gaussian', rho: NaN }, 3, 10, rng), 'InputError', 'prior.rho');
    expectError(() => samplePrior({ kind: 'correlated-gaussian' }, 3, 10, rng), 'InputError', 'prior.rho');
    expectError(() => samplePrior({ kind: 'correlated-gaussian', rho: 0.1, cov: [[1]] }, 1, 10, rng), 'InputError', 'prior.cov');
  });

  it('names prior.cov: NaN and non-PSD → NumericalError; shape and asymmetry → InputError', () => {
    expectError(() => samplePrior({ kind: 'correlated-gaussian', cov: [[1, NaN], [NaN, 1]] }, 2, 10, rng), 'NumericalError', 'prior.cov');
    expectError(() => samplePrior({ kind: 'correlated-gaussian', cov: [[1, Infinity], [Infinity, 1]] }, 2, 10, rng), 'NumericalError', 'prior.cov');
    expectError(() => samplePrior({ kind: 'correlated-gaussian', cov: [[1, 2], [2, 1]] }, 2, 10, rng), 'NumericalError', 'prior.cov');
    expectError(() => samplePrior({ kind: 'correlated-gaussian', cov: [[-1, 0], [0, 1]] }, 2, 10, rng), 'NumericalError', 'prior.cov');
    expectError(() => samplePrior({ kind: 'correlated-gaussian', cov: [[0, 1], [1, 1]] }, 2, 10, rng), 'NumericalError', 'prior.cov');
    expectError(() => samplePrior({ kind: 'correlated-gaussian', cov: [[1, 0.5], [0.2, 1]] }, 2, 10, rng), 'InputError', 'prior.cov[0][1]');
    expectError(() => samplePrior({ kind: 'correlated-gaussian', cov: [[1, 0], [0, 1]] }, 3, 10, rng), 'InputError', 'prior.cov.rows');
    expectError(() => samplePrior({ kind: 'correlated-gaussian', cov: [[1, 0], [0]] }, 2, 10, rng), 'InputError', 'prior.cov[1]');
    expectError(() => samplePrior({ kind: 'correlated-gaussian', cov: [[1, '0'], ['0', 1]] as never }, 2, 10, rng), 'InputError', 'prior.cov[0][1]');
  });

  it('names prior.kind, prior.low/high, n and count', () => {
    expectError(() => samplePrior({ kind: 'cauchy' } as never, 2, 10, rng), 'InputError', 'prior.kind');
    expectError(() => samplePrior(null as never, 2, 10, rng), 'InputError', 'prior');
    expectError(() => samplePrior({ kind: 'uniform-box', low: 1, high: 1 }, 2, 10, rng), 'InputError', 'prior.high');
    expectError(() => samplePrior({ kind: 'uniform-box', low: -Infinity }, 2, 10, rng), 'InputError', 'prior.low');
    expect(expectError(() => samplePrior({ kind: 'gaussian' }, 2, 0, rng), 'InputError', 'count').value).toBe(0);
    expectError(() => samplePrior({ kind: 'gaussian' }, 2, 1.5, rng), 'InputError', 'count');
    expectError(() => samplePrior({ kind: 'gaussian' }, 0, 10, rng), 'InputError', 'n');
  });
});
