/**
 * The permutation + element-wise monotone class beyond the generic class tests: PAVA against hand-computed
 * solutions, the sharp separation from permutation + scaling (a monotone non-affine member is rejected by the
 * linear classes), and the near-miss distance against the isotonic fit's overfitting on a map outside the class.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/rng/rng.ts';
import { isotonicIncreasing, monotoneFit } from '../../src/linalg/isotonic.ts';
import { affineClass, permutationElementwiseClass, permutationScalingClass, randomMonotoneMap } from '../../src/classes/index.ts';
import { N, arbDim, arbSeed, latents } from './helpers.ts';

describe('isotonic regression (PAVA)', () => {
  it('pools adjacent violators into their mean', () => {
    expect(isotonicIncreasing([1, 3, 2, 4])).toEqual([1, 2.5, 2.5, 4]);
    expect(isotonicIncreasing([3, 2, 1])).toEqual([2, 2, 2]);
    expect(isotonicIncreasing([1, 2, 3])).toEqual([1, 2, 3]);
    expect(isotonicIncreasing([4, 1, 3, 2, 5])).toEqual([2.5, 2.5, 2.5, 2.5, 5]);
  });

  it('is monotone, keeps the mean, and is never worse than the best constant or the sorted order allows', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 60 }), (y) => {
        const f = isotonicIncreasing(y);
        for (let t = 1; t < f.length; t++) expect(f[t]).toBeGreaterThanOrEqual(f[t - 1] - 1e-12);
        const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
        expect(Math.abs(mean(f) - mean(y))).toBeLessThanOrEqual(1e-9);
        const sse = f.reduce((s, v, t) => s + (y[t] - v) ** 2, 0);
        const sst = y.reduce((s, v) => s + (v - mean(y)) ** 2, 0);
        expect(sse).toBeLessThanOrEqual(sst + 1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it('chooses the decreasing direction for a decreasing sequence', () => {
    const r = monotoneFit([5, 4, 3, 2], [0, 1, 2, 3]);
    expect(r.increasing).toBe(false);
    expect(r.sse).toBe(0);
  });
});

describe('permutation + element-wise monotone', () => {
  it('a non-affine monotone member is in the class and outside permutation + scaling and affine', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, (seed, d) => {
        const rng = new Rng(seed);
        const z = latents(rng, N, d);
        const zhat = randomMonotoneMap(rng, d).apply(z);
        expect(permutationElementwiseClass(d).fit(z, zhat).distance).toBeLessThanOrEqual(1e-8);
        return permutationScalingClass(d).fit(z, zhat).distance > 1e-4 && affineClass(d).fit(z, zhat).distance > 1e-4;
      }),
      { numRuns: 40 },
    );
  });

  it('the rotation near-miss (size 0.3) stays out by far more than the fit explains on a shuffled coordinate', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, (seed, d) => {
        const rng = new Rng(seed);
        const cls = permutationElementwiseClass(d);
        const z = latents(rng, N, d);
        const near = cls.fit(z, cls.sampleNonMember(rng, 0.3)!.apply(z)).distance;
        // Overfitting yardstick: ẑ independent of z (a shuffled copy) must stay almost entirely unexplained.
        const shuffled = rng.permutation(N).map((t) => z[t].slice());
        const independent = cls.fit(z, shuffled).distance;
        expect(independent).toBeGreaterThan(0.9);
        expect(near).toBeGreaterThan(1e-3);
      }),
      { numRuns: 20 },
    );
  });
});
