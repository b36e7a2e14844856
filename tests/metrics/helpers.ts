/** Test helpers: seeded samples, random maps and reference formulas for the metric property tests. */
import type { Mat } from '../../src/core/matrix.ts';
import { matmul, transpose } from '../../src/core/matrix.ts';
import { invert, lstsq } from '../../src/linalg/inverse.ts';
import { svd } from '../../src/linalg/svd.ts';
import { Rng } from '../../src/rng/rng.ts';

/** n × d standard normal samples from a seed. */
export function gaussianSamples(seed: number, n: number, d: number): Mat {
  return new Rng(seed).normalMatrix(n, d);
}

/** A random d × d orthogonal matrix (polar factor of a Gaussian matrix). */
export function randomOrthogonal(seed: number, d: number): Mat {
  const g = new Rng(seed).normalMatrix(d, d);
  const { u, v } = svd(g);
  return matmul(u, transpose(v));
}

/** ẑ[:, j] = scales[j] · z[:, perm[j]] + offsets[j]. */
export function permuteScaleShift(z: Mat, perm: number[], scales: number[], offsets: number[]): Mat {
  return z.map((row) => perm.map((p, j) => scales[j] * row[p] + offsets[j]));
}

/** Rows mapped as x ↦ x·A + b. */
export function affineRows(z: Mat, a: Mat, b: number[]): Mat {
  return matmul(z, a).map((row) => row.map((v, j) => v + b[j]));
}

/** Inverse permutation: inv[perm[j]] = j. */
export function inversePermutation(perm: number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, j) => (inv[p] = j));
  return inv;
}

/** Catch what `fn` throws (fails the test when it returns normally). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw');
}

/**
 * Share of x's variance that the best affine fit from z leaves unexplained, in x's own covariance metric:
 * tr(S⁻¹R)/p with S the covariance of x and R that of the OLS residual of x on [z, 1]. The textbook
 * definition that `nonAffineShare` (QR + canonical correlations) is tested against; it is invariant under
 * invertible linear maps of x and 0 for an affine map.
 */
export function unexplainedShare(z: Mat, x: Mat): number {
  const p = x[0].length;
  const design = z.map((row) => [...row, 1]);
  const pred = matmul(design, lstsq(design, x));
  const mean = x[0].map((_, j) => x.reduce((s, r) => s + r[j], 0) / x.length);
  const resid = x.map((row, i) => row.map((v, j) => v - pred[i][j]));
  const centred = x.map((row) => row.map((v, j) => v - mean[j]));
  const m = matmul(invert(matmul(transpose(centred), centred)), matmul(transpose(resid), resid));
  let tr = 0;
  for (let j = 0; j < p; j++) tr += m[j][j];
  return tr / p;
}
