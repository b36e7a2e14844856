/**
 * Seeded Gamma sampler (Marsaglia–Tsang, with the a < 1 boost) and log Γ (Lanczos):
 * moments against closed forms from enough samples (fixed seeds), reference values of Γ.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng/rng.ts';
import { gammaFunction, logGamma, sampleGamma, sampleGammas } from '../../src/mechanisms/data.ts';
import { expectError, mean, variance } from '../mechanisms/helpers.ts';

const N = 100_000;

describe('sampleGamma', () => {
  for (const shape of [0.1, 0.25, 0.5, 1, 2.5, 10]) {
    it(`Gamma(${shape}, 2): mean 2a, variance 4a within 5 standard errors`, () => {
      const xs = sampleGammas(new Rng(1000 + shape * 100), N, shape, 2);
      expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
      const m = 2 * shape;
      const v = 4 * shape;
      // SE of the mean √(v/N); of the variance √((μ₄ − σ⁴)/N) with excess kurtosis 6/a: σ² √((2 + 6/a)/N).
      expect(Math.abs(mean(xs) - m)).toBeLessThan(5 * Math.sqrt(v / N));
      expect(Math.abs(variance(xs) - v)).toBeLessThan(5 * v * Math.sqrt((2 + 6 / shape) / N));
    });
  }

  it('is deterministic in the seed and advances the generator', () => {
    expect(sampleGammas(new Rng(5), 10, 0.7)).toEqual(sampleGammas(new Rng(5), 10, 0.7));
    const r = new Rng(5);
    expect(sampleGamma(r, 2)).not.toBe(sampleGamma(r, 2));
  });

  it('rejects bad shape and scale by name', () => {
    expectError(() => sampleGamma(new Rng(1), 0), 'InputError', 'gamma.shape');
    expectError(() => sampleGamma(new Rng(1), NaN), 'InputError', 'gamma.shape');
    expectError(() => sampleGamma(new Rng(1), 1, -1), 'InputError', 'gamma.scale');
  });
});

describe('logGamma / gammaFunction', () => {
  it('matches reference values', () => {
    expect(gammaFunction(5)).toBeCloseTo(24, 10);
    expect(gammaFunction(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 12);
    expect(gammaFunction(1.5)).toBeCloseTo(Math.sqrt(Math.PI) / 2, 12);
    expect(gammaFunction(0.1)).toBeCloseTo(9.513507698668732, 10);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 8);
    // Recurrence Γ(x + 1) = x Γ(x).
    for (const x of [0.3, 1.7, 4.2, 12.5]) expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 11);
    expectError(() => gammaFunction(0), 'InputError', 'x');
  });
});
