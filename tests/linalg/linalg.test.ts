import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyLinear, frobenius, identity, matmul, sub, transpose } from '../../src/core/matrix.ts';
import { Rng } from '../../src/rng/rng.ts';
import { conditionNumber, nullSpace, rank } from '../../src/linalg/svd.ts';
import { invert, lstsq, pinv } from '../../src/linalg/inverse.ts';
import { olsWithIntercept } from '../../src/linalg/ols.ts';
import { orthogonalProcrustes } from '../../src/linalg/procrustes.ts';
import {
  centralizerBasis,
  centralizerDim,
  commutationResidual,
  distanceToCentralizer,
  frobeniusInner,
} from '../../src/linalg/centralizer.ts';
import { InputError, NumericalError } from '../../src/core/errors.ts';

const seedArb = fc.noShrink(fc.integer());
const rot = (t: number) => [
  [Math.cos(t), -Math.sin(t)],
  [Math.sin(t), Math.cos(t)],
];

/** A random orthogonal matrix from the QR-free Gram–Schmidt of a Gaussian matrix. */
function randomOrthogonal(rng: Rng, n: number): number[][] {
  const q: number[][] = [];
  while (q.length < n) {
    let v = rng.normals(n);
    for (const u of q) {
      const d = u.reduce((s, x, i) => s + x * v[i], 0);
      v = v.map((x, i) => x - d * u[i]);
    }
    const nv = Math.hypot(...v);
    if (nv > 1e-6) q.push(v.map((x) => x / nv));
  }
  return q;
}

describe('nullSpace and rank', () => {
  it('null space vectors are orthonormal and annihilated, dimension = cols − rank', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 6 }), seedArb, (r, c, k, seed) => {
        const rng = new Rng(seed);
        const rk = Math.min(k, r, c);
        // A = U V with inner dimension rk has rank rk (generically).
        const a = rk === 0 ? Array.from({ length: r }, () => new Array(c).fill(0)) : matmul(rng.normalMatrix(r, rk), rng.normalMatrix(rk, c));
        const ns = nullSpace(a);
        expect(ns.length).toBe(c - rk);
        expect(rank(a)).toBe(rk);
        for (const v of ns) {
          expect(Math.hypot(...v)).toBeCloseTo(1, 10);
          const av = a.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
          expect(Math.hypot(...av)).toBeLessThan(1e-10);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('respects an explicit tolerance', () => {
    const a = [
      [1, 0],
      [0, 1e-8],
    ];
    expect(nullSpace(a).length).toBe(0);
    expect(nullSpace(a, { tol: 1e-6 }).length).toBe(1);
    expect(nullSpace(a, { rtol: 1e-6 }).length).toBe(1);
  });

  it('condition number: orthogonal → 1, singular → Infinity, diag(1, 1e-3) → 1000', () => {
    expect(conditionNumber(randomOrthogonal(new Rng(1), 4))).toBeCloseTo(1, 10);
    expect(conditionNumber([[1, 2], [2, 4]])).toBe(Infinity);
    expect(conditionNumber([[1, 0], [0, 1e-3]])).toBeCloseTo(1000, 6);
  });
});

describe('inverse, pinv, lstsq', () => {
  it('invert gives A·A⁻¹ = I, and a singular matrix is a NumericalError naming the field', () => {
    const a = new Rng(3).normalMatrix(4, 4);
    expect(frobenius(sub(matmul(a, invert(a)), identity(4)))).toBeLessThan(1e-10);
    expect(() => invert([[1, 2], [2, 4]], 'mixing.weights')).toThrow(NumericalError);
    expect(() => invert([[1, 2], [2, 4]], 'mixing.weights')).toThrow(/mixing\.weights: singular or ill-conditioned/);
  });

  it('pinv is correct on rank-deficient input (Penrose condition A A⁺ A = A)', () => {
    const rng = new Rng(4);
    const a = matmul(rng.normalMatrix(5, 2), rng.normalMatrix(2, 4));
    const p = pinv(a);
    expect(frobenius(sub(matmul(matmul(a, p), a), a))).toBeLessThan(1e-10);
  });

  it('lstsq recovers an exact solution', () => {
    const rng = new Rng(5);
    const a = rng.normalMatrix(10, 3);
    const x = rng.normalMatrix(3, 2);
    expect(frobenius(sub(lstsq(a, matmul(a, x)), x))).toBeLessThan(1e-10);
  });
});

describe('olsWithIntercept', () => {
  it('recovers an affine map exactly (R² = 1) and predicts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), seedArb, (p, q, seed) => {
        const rng = new Rng(seed);
        const x = rng.normalMatrix(50, p);
        const b = rng.normalMatrix(p, q);
        const c = rng.normals(q);
        const y = matmul(x, b).map((row) => row.map((v, j) => v + c[j]));
        const fit = olsWithIntercept(x, y);
        expect(frobenius(sub(fit.coef, b))).toBeLessThan(1e-9);
        fit.intercept.forEach((v, j) => expect(v).toBeCloseTo(c[j], 9));
        fit.r2.forEach((r) => expect(r).toBeCloseTo(1, 12));
      }),
      { numRuns: 40 },
    );
  });

  it('R² ≈ 0 for independent targets (negative control)', () => {
    const rng = new Rng(6);
    const fit = olsWithIntercept(rng.normalMatrix(4000, 2), rng.normalMatrix(4000, 2));
    fit.r2.forEach((r) => expect(r).toBeLessThan(0.01));
  });

  it('rejects mismatched rows naming y', () => {
    expect(() => olsWithIntercept([[1], [2], [3]], [[1], [2]])).toThrow(/y\.rows: expected 3 rows/);
  });
});

describe('orthogonalProcrustes', () => {
  it('recovers a scaled orthogonal map plus offset with zero residual', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), seedArb, (d, seed) => {
        const rng = new Rng(seed);
        const x = rng.normalMatrix(60, d);
        const q = randomOrthogonal(rng, d);
        const s = rng.range(0.5, 3);
        const c = rng.normals(d);
        const y = matmul(x, q).map((row) => row.map((v, j) => s * v + c[j]));
        const fit = orthogonalProcrustes(x, y);
        expect(fit.scale).toBeCloseTo(s, 9);
        expect(frobenius(sub(fit.q, q))).toBeLessThan(1e-9);
        expect(fit.relativeResidual).toBeLessThan(1e-12); // ‖Yc‖² − (tr Σ)²/‖Xc‖² cancels to float64 round-off
      }),
      { numRuns: 40 },
    );
  });

  it('a shear leaves a clear residual (negative control)', () => {
    const rng = new Rng(7);
    const x = rng.normalMatrix(500, 3);
    const y = applyLinear(x, [[1, 0.5, 0], [0, 1, 0], [0, 0, 1]]);
    expect(orthogonalProcrustes(x, y).relativeResidual).toBeGreaterThan(0.01);
  });
});

describe('centralizer', () => {
  it('R(π) built with Math.PI (sin π ≈ 1.2e-16) has the centralizer of −I: dimension 4', () => {
    expect(centralizerDim([rot(Math.PI)])).toBe(4);
    expect(centralizerDim([rot(0)])).toBe(4);
    expect(centralizerDim([rot(1e-6)])).toBe(2); // a genuine, small rotation is still a rotation
  });

  it('basis is Frobenius-orthonormal, commutes with every mechanism, and contains I', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 2 }), seedArb, (n, k, seed) => {
        const rng = new Rng(seed);
        const mechs = Array.from({ length: k }, () => rng.normalMatrix(n, n));
        const basis = centralizerBasis(mechs);
        for (let i = 0; i < basis.length; i++) {
          expect(commutationResidual(basis[i], mechs)).toBeLessThan(1e-9);
          for (let j = 0; j < basis.length; j++) expect(frobeniusInner(basis[i], basis[j])).toBeCloseTo(i === j ? 1 : 0, 9);
        }
        expect(distanceToCentralizer(identity(n), basis)).toBeLessThan(1e-9);
        // A random matrix is (generically) far from a one-dimensional or n-dimensional centralizer.
        expect(distanceToCentralizer(rng.normalMatrix(n, n), basis)).toBeGreaterThan(1e-3);
      }),
      { numRuns: 40 },
    );
  });

  it('commutation residual is 0 for commuting maps and positive otherwise', () => {
    const d = [[1, 0], [0, 2]];
    expect(commutationResidual([[3, 0], [0, -1]], [d])).toBe(0);
    expect(commutationResidual(rot(0.3), [d])).toBeGreaterThan(0.05);
    expect(commutationResidual(transpose(rot(0.3)), [rot(0.3)])).toBeLessThan(1e-15);
  });

  it('bad mechanisms are rejected naming the field', () => {
    expect(() => centralizerBasis([])).toThrow(InputError);
    expect(() => centralizerBasis([[[1, 2, 3]]])).toThrow(/mechanisms\[0\]\.shape/);
    expect(() => centralizerBasis([identity(2), identity(3)])).toThrow(/mechanisms\[1\]\.rows/);
    expect(() => centralizerBasis([[[1, NaN], [0, 1]]])).toThrow(/mechanisms\[0\]\[0\]\[1\]: expected a finite number, got NaN/);
  });
});
