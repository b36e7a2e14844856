/**
 * Transition noise: per-kind moments against the closed forms (Gaussian σ², Laplace 2b², generalised
 * normal s² Γ(3/β)/Γ(1/β) and its kurtosis) from enough samples with fixed seeds; purity; validation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng/rng.ts';
import { gammaFunction, noiseExcessKurtosis, noiseScales, noiseSpecArb, noiseVariance, sampleNoise, sized } from '../../src/mechanisms/data.ts';
import type { NoiseSpec } from '../../src/mechanisms/data.ts';
import { column, excessKurtosis, expectError, mean, variance } from './helpers.ts';

const N = 60_000;

/** Check the variance of every column within 5 SE, SE = σ² √((2 + κ)/N), κ the closed-form excess kurtosis. */
function expectMoments(spec: NoiseSpec, n: number, seed: number): void {
  const eps = sampleNoise(spec, n, N, new Rng(seed));
  const v = noiseVariance(spec, n);
  const kappa = noiseExcessKurtosis(spec, n);
  for (let j = 0; j < n; j++) {
    const x = column(eps, j);
    expect(Math.abs(mean(x))).toBeLessThan(5 * Math.sqrt(v[j] / N));
    expect(Math.abs(variance(x) - v[j])).toBeLessThan(5 * v[j] * Math.sqrt((2 + kappa) / N));
  }
}

describe('sampleNoise moments', () => {
  it('Gaussian: isotropic σ² and per-coordinate σ_i²; excess kurtosis ≈ 0', () => {
    expectMoments({ kind: 'gaussian', sigma: 0.3 }, 2, 1);
    expectMoments({ kind: 'gaussian', sigma: [0.1, 1, 2.5] }, 3, 2);
    const eps = sampleNoise({ kind: 'gaussian', sigma: 1 }, 1, N, new Rng(3));
    expect(Math.abs(excessKurtosis(column(eps, 0)))).toBeLessThan(0.12);
    expect(noiseScales({ kind: 'gaussian', sigma: 0.3 }, 2)).toEqual([0.3, 0.3]);
  });

  it('Laplace: variance 2b², excess kurtosis 3', () => {
    expect(noiseVariance({ kind: 'laplace', scale: 0.7 }, 1)[0]).toBeCloseTo(2 * 0.49, 14);
    expectMoments({ kind: 'laplace', scale: 0.7 }, 2, 4);
    const eps = sampleNoise({ kind: 'laplace', scale: 1 }, 1, N, new Rng(5));
    expect(Math.abs(excessKurtosis(column(eps, 0)) - 3)).toBeLessThan(0.5);
  });

  it('generalised normal: variance s² Γ(3/β)/Γ(1/β) for β ∈ {0.5, 1, 1.5, 2, 3, 8}', () => {
    for (const beta of [0.5, 1, 1.5, 2, 3, 8]) {
      const spec: NoiseSpec = { kind: 'generalized-normal', beta, scale: 1.3 };
      expect(noiseVariance(spec, 1)[0]).toBeCloseTo((1.69 * gammaFunction(3 / beta)) / gammaFunction(1 / beta), 10);
      expectMoments(spec, 2, 6 + Math.round(10 * beta));
    }
    // Special cases: β = 1 is Laplace(b = s) (variance 2s²); β = 2 is N(0, s²/2).
    expect(noiseVariance({ kind: 'generalized-normal', beta: 1, scale: 2 }, 1)[0]).toBeCloseTo(8, 10);
    expect(noiseVariance({ kind: 'generalized-normal', beta: 2, scale: 2 }, 1)[0]).toBeCloseTo(2, 10);
    expect(noiseExcessKurtosis({ kind: 'generalized-normal', beta: 2, scale: 1 }, 1)).toBeCloseTo(0, 10);
    expect(noiseExcessKurtosis({ kind: 'generalized-normal', beta: 1, scale: 1 }, 1)).toBeCloseTo(3, 10);
  });

  it('generalised normal: excess kurtosis matches Γ(5/β)Γ(1/β)/Γ(3/β)² − 3 (light and heavy tails)', () => {
    for (const beta of [1.5, 4]) {
      const spec: NoiseSpec = { kind: 'generalized-normal', beta, scale: 1 };
      const eps = sampleNoise(spec, 1, N, new Rng(20 + Math.round(10 * beta)));
      expect(Math.abs(excessKurtosis(column(eps, 0)) - noiseExcessKurtosis(spec, 1))).toBeLessThan(0.15);
    }
  });

  it('is pure and finite for every spec of the arbitrary', () => {
    fc.assert(
      fc.property(sized((n) => noiseSpecArb(n), { maxN: 5 }), fc.noShrink(fc.integer()), ({ n, spec }, seed) => {
        const rng = new Rng(seed);
        const a = sampleNoise(spec, n, 30, rng);
        expect(sampleNoise(spec, n, 30, rng)).toEqual(a);
        expect(a.every((row) => row.length === n && row.every(Number.isFinite))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('noise validation', () => {
  const rng = new Rng(1);
  it('names the offending field and value', () => {
    expect(expectError(() => sampleNoise({ kind: 'gaussian', sigma: 0 }, 2, 5, rng), 'InputError', 'noise.sigma').value).toBe(0);
    expectError(() => sampleNoise({ kind: 'gaussian', sigma: [1, -1] }, 2, 5, rng), 'InputError', 'noise.sigma[1]');
    expectError(() => sampleNoise({ kind: 'gaussian', sigma: [1, 1] }, 3, 5, rng), 'InputError', 'noise.sigma.length');
    expectError(() => sampleNoise({ kind: 'laplace', scale: NaN }, 2, 5, rng), 'InputError', 'noise.scale');
    expectError(() => sampleNoise({ kind: 'generalized-normal', beta: 0, scale: 1 }, 2, 5, rng), 'InputError', 'noise.beta');
    expectError(() => sampleNoise({ kind: 'generalized-normal', beta: 1 } as never, 2, 5, rng), 'InputError', 'noise.scale');
    expectError(() => sampleNoise({ kind: 'student' } as never, 2, 5, rng), 'InputError', 'noise.kind');
    expectError(() => sampleNoise(undefined as never, 2, 5, rng), 'InputError', 'noise');
    expectError(() => sampleNoise({ kind: 'laplace', scale: 1 }, 2, 0, rng), 'InputError', 'count');
  });
});
