/**
 * nonAffineShare: the share of x's variance an affine function of z leaves unexplained, against the direct
 * formula tr(S⁻¹R)/p, closed forms, its invariances and bad input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { matmul } from '../../src/core/matrix.ts';
import { nonAffineShare } from '../../src/metrics/index.ts';
import { Rng } from '../../src/rng/rng.ts';
import { unexplainedShare } from './helpers.ts';

const leaky = (v: number, s: number) => (v < 0 ? s * v : v);

describe('nonAffineShare', () => {
  it('equals the direct formula tr(S⁻¹R)/p on random nonlinear maps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1e9 }), (n, p, seed) => {
        const rng = new Rng(seed);
        const z = rng.normalMatrix(300, n);
        const a = rng.normalMatrix(n, p);
        const x = matmul(z, a).map((r) => r.map((v, j) => (j % 2 ? Math.tanh(v) : leaky(v, 0.2)) + 0.1 * rng.normal()));
        expect(nonAffineShare(z, x)).toBeCloseTo(unexplainedShare(z, x), 9);
      }),
      { numRuns: 40 },
    );
  });

  it('closed forms: 0 for an affine map (even a badly conditioned one); 1/2 for x = (z, z²); the leaky-ReLU share ((1−s)/2)²(1 − 2/π) / (((1+s)/2)² + ((1−s)/2)²(1 − 2/π))', () => {
    const z2 = new Rng(3).normalMatrix(1000, 2);
    expect(nonAffineShare(z2, z2.map(([u, v]) => [3 * u + v + 2, -u + 1e-3 * v + 1]))).toBeLessThan(1e-12);
    const z = new Rng(1).normalMatrix(100000, 1);
    expect(nonAffineShare(z, z.map(([v]) => [v, v * v]))).toBeCloseTo(0.5, 2);
    for (const s of [0.1, 0.5]) {
      const a = (1 + s) / 2;
      const c = (1 - s) / 2;
      const expected = (c * c * (1 - 2 / Math.PI)) / (a * a + c * c * (1 - 2 / Math.PI));
      expect(Math.abs(nonAffineShare(z, z.map(([v]) => [leaky(v, s)])) - expected)).toBeLessThan(0.003);
    }
  });

  it('is invariant under invertible linear maps of x, even badly scaled ones', () => {
    const rng = new Rng(5);
    const z = rng.normalMatrix(2000, 3);
    const x = z.map((r) => r.map((v, j) => leaky(v + 0.3 * r[(j + 1) % 3], 0.3)));
    const share = nonAffineShare(z, x);
    const w = [
      [1e4, 0, 1],
      [0, 1e-4, 0],
      [2, 0, 1e2],
    ];
    expect(nonAffineShare(z, matmul(x, w))).toBeCloseTo(share, 8);
    expect(share).toBeGreaterThan(0.05);
  });

  it('bad input names the field: row mismatch, too few samples, a constant or duplicated column', () => {
    const z = new Rng(2).normalMatrix(50, 2);
    expect(() => nonAffineShare(z, z.slice(1))).toThrow(InputError);
    expect(() => nonAffineShare(z.slice(0, 4), z.slice(0, 4))).toThrow(/z\.rows/);
    expect(() => nonAffineShare(z, z.map((r) => [r[0], 1]))).toThrow(/x: .*linearly independent/);
    expect(() => nonAffineShare(z.map((r) => [r[0], r[0]]), z)).toThrow(/z: .*linearly independent/);
  });
});
