/**
 * Affine: h(z) = A z + b with A invertible (in the fit: any A, the closure).
 * Exact fit: OLS predicting ẑ from z with intercept (`olsWithIntercept`); distance = Σ_j SS_res,j / Σ_j SS_tot,j.
 * stats: r2 = `linearR2(z, ẑ)`, the theory's convention (z predicted from ẑ, mean R² over coordinates).
 * Near-miss: the member composed with the non-affine warp z_i += size·sin(2 z_k) (random i ≠ k; i = k when d = 1),
 * a map without `affine`; for unit-scale latents its non-affine part carries ≈ 0.4·size² of z_i's variance
 * (smallest distance seen: 1.2e-3 for size 0.3, d ≤ 6).
 * Members: A = U diag(σ) Vᵀ with Haar U, V and σ_j ∈ [0.5, 2] (condition number ≤ 4).
 * Threshold: `EXACT_THRESHOLD` (1e-8, see threshold.ts).
 */
import { matmul, transpose } from '../core/matrix.ts';
import type { Mat, Vec } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';
import { olsWithIntercept } from '../linalg/ols.ts';
import { linearR2 } from '../metrics/index.ts';
import type { EquivalenceClass, LatentMap } from './types.ts';
import { defineClass } from './define.ts';
import { classFit } from './distance.ts';
import { affineMap, composeMaps, fmtMat, fmtVec, sineWarp } from './maps.ts';
import { randomOffset, randomOrthogonal, randomPlane, randomPositiveScale } from './random.ts';
import { EXACT_THRESHOLD } from './threshold.ts';

export const AFFINE_ID = 'affine';

/** The map z ↦ A z + b, described with its matrix. */
export function generalAffineMap(a: Mat, b: Vec): LatentMap {
  return affineMap(a, b, `affine A = ${fmtMat(a)}, b = ${fmtVec(b)}`);
}

/** A random well-conditioned d × d matrix U diag(σ) Vᵀ, σ_j ∈ [0.5, 2]. */
export function randomInvertible(rng: Rng, d: number): Mat {
  const u = randomOrthogonal(rng, d);
  const v = randomOrthogonal(rng, d);
  const sigma = Array.from({ length: d }, () => randomPositiveScale(rng));
  return matmul(
    u.map((row) => row.map((x, j) => x * sigma[j])),
    transpose(v),
  );
}

/**
 * The class h(z) = A z + b (A invertible) on R^dim (module doc): fitted by OLS with intercept, stats `r2`
 * (`linearR2`); near-miss a member composed with the non-affine warp z_i += size·sin(2 z_k). Throws `InputError` naming `dim` (not a positive integer).
 */
export function affineClass(dim: number): EquivalenceClass {
  const sampleMember = (rng: Rng): LatentMap => generalAffineMap(randomInvertible(rng, dim), randomOffset(rng, dim));
  return defineClass({
    id: AFFINE_ID,
    name: 'affine',
    dim,
    threshold: EXACT_THRESHOLD,
    fit(z, zhat) {
      const ols = olsWithIntercept(z, zhat);
      const map = generalAffineMap(transpose(ols.coef), ols.intercept);
      return classFit(AFFINE_ID, z, zhat, map, { r2: linearR2(z, zhat) });
    },
    sampleMember,
    sampleNonMember(rng, size) {
      const member = sampleMember(rng);
      const [i, k] = dim >= 2 ? randomPlane(rng, dim) : [0, 0];
      return composeMaps(member, sineWarp(dim, i, k, size));
    },
  });
}
