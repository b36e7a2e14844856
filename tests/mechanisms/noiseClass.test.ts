/**
 * isometryClassOfNoise: the named assumption of theory.md §2 "Stochastic mechanisms" (to confirm):
 * isotropic Gaussian → orthogonal; factorised Laplace / GN β ≠ 2 → signed permutation; anisotropic
 * Gaussian → orthogonal within equal-σ groups (strict blocks returned).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOISE_ISOMETRY_ASSUMPTION, isometryClassOfNoise } from '../../src/mechanisms/noiseClass.ts';
import { noiseSpecArb } from '../../src/mechanisms/data.ts';
import { expectError } from '../groups/helpers.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('isometryClassOfNoise', () => {
  it('isotropic Gaussian (scalar σ, equal σ vector, GN with β = 2) → orthogonal, one block', () => {
    for (const noise of [
      { kind: 'gaussian' as const, sigma: 0.3 },
      { kind: 'gaussian' as const, sigma: [0.5, 0.5, 0.5] },
      { kind: 'generalized-normal' as const, beta: 2, scale: 1 },
    ]) {
      const c = isometryClassOfNoise(noise, 3);
      expect(c.classId).toBe('orthogonal');
      expect(c.blocks).toEqual([range(3)]);
      expect(c.assumption).toBe(NOISE_ISOMETRY_ASSUMPTION);
    }
  });

  it('Laplace and generalised normal with β ≠ 2 → signed permutation over all coordinates', () => {
    for (const noise of [
      { kind: 'laplace' as const, scale: 1 },
      { kind: 'generalized-normal' as const, beta: 1, scale: 2 },
      { kind: 'generalized-normal' as const, beta: 0.5, scale: 1 },
      { kind: 'generalized-normal' as const, beta: 3, scale: 1 },
    ]) {
      const c = isometryClassOfNoise(noise, 4);
      expect(c.classId).toBe('signed-permutation');
      expect(c.blocks).toEqual([range(4)]);
    }
  });

  it('anisotropic Gaussian → blocks of equal σ; all distinct → signed permutation with singleton blocks (signs only)', () => {
    const c = isometryClassOfNoise({ kind: 'gaussian', sigma: [1, 0.5, 1, 0.2, 0.5] }, 5);
    expect(c.classId).toBe('block-orthogonal');
    expect(c.blocks).toEqual([[0, 2], [1, 4], [3]]);
    const d = isometryClassOfNoise({ kind: 'gaussian', sigma: [0.1, 0.2, 0.3] }, 3);
    expect(d.classId).toBe('signed-permutation');
    expect(d.blocks).toEqual([[0], [1], [2]]);
    expect(d.description).toContain('within equal-variance groups');
    // Equal within the relative tolerance 1e-9.
    expect(isometryClassOfNoise({ kind: 'gaussian', sigma: [1, 1 + 1e-12] }, 2).classId).toBe('orthogonal');
  });

  it('blocks always partition 0..n−1 (property over noise specs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) => noiseSpecArb(n).map((noise) => ({ n, noise }))),
        ({ n, noise }) => {
          const c = isometryClassOfNoise(noise, n);
          expect(c.blocks.flat().sort((a, b) => a - b)).toEqual(range(n));
          if (c.classId === 'orthogonal') expect(c.blocks.length).toBe(1);
          if (c.classId === 'block-orthogonal') expect(c.blocks.length > 1 && c.blocks.length < n).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('bad input names the field', () => {
    expectError(() => isometryClassOfNoise({ kind: 'gaussian', sigma: -1 }, 2), 'InputError', 'noise.sigma');
    expectError(() => isometryClassOfNoise({ kind: 'gaussian', sigma: [1, 2] }, 3), 'InputError', 'noise.sigma.length');
    expectError(() => isometryClassOfNoise({ kind: 'cauchy' } as never, 3), 'InputError', 'noise.kind');
    expectError(() => isometryClassOfNoise({ kind: 'laplace', scale: 1 }, 0), 'InputError', 'n');
  });
});
