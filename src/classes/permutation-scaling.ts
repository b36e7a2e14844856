/**
 * Permutation + element-wise scaling + offset: h(z) = D P z + b, i.e. ẑ_j = s_j z_π(j) + b_j (s_j ≠ 0).
 * Exact fit: with the best scale, assigning z_k to ẑ_j leaves ‖ẑ_j‖²_c (1 − r²_kj), so the best π maximises
 *   Σ_j ‖ẑ_j‖²_c r²_π(j)j = Σ_j ⟨z_π(j), ẑ_j⟩²_c / ‖z_π(j)‖²_c     (Hungarian, `linearAssignment`),
 * then s_j = ⟨z_π(j), ẑ_j⟩_c / ‖z_π(j)‖²_c and b = mean ẑ − A mean z.
 * stats: mcc (Pearson MCC).
 * Near-miss: the member composed with a rotation by angle `size` in a random coordinate plane; for isotropic z
 * the rotated pair keeps ≈ sin²(size) of its variance unexplained (smallest distance seen: 4.8e-3 for size 0.3, d ≤ 6). None for d = 1: `null`.
 * Threshold: `EXACT_THRESHOLD` (1e-8, see threshold.ts).
 */
import type { Mat, Vec } from '../core/matrix.ts';
import { zeros } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';
import { linearAssignment, mccPearson } from '../metrics/index.ts';
import type { EquivalenceClass, LatentMap } from './types.ts';
import { defineClass } from './define.ts';
import { classFit } from './distance.ts';
import { affineMap, composeAffine, fmt, linearMap } from './maps.ts';
import { crossMoments, offsetFor, slope } from './moments.ts';
import { planeRotation } from './perturbations.ts';
import { randomOffset, randomPlane, randomScales } from './random.ts';
import { EXACT_THRESHOLD } from './threshold.ts';

export const PERMUTATION_SCALING_ID = 'permutation-scaling';

/** The matrix D P with A[j][π(j)] = s_j. */
export function scaledPermutationMatrix(perm: number[], s: Vec): Mat {
  const a = zeros(perm.length, perm.length);
  perm.forEach((k, j) => (a[j][k] = s[j]));
  return a;
}

/** The map ẑ_j = s_j z_π(j) + b_j. */
export function scaledPermutationMap(perm: number[], s: Vec, b: Vec): LatentMap {
  return affineMap(
    scaledPermutationMatrix(perm, s),
    b,
    `permutation [${perm.join(', ')}] × scales [${s.map(fmt).join(', ')}] + [${b.map(fmt).join(', ')}]`,
  );
}

/**
 * The class h(z) = D P z + b (permutation, non-zero scales, offset) on R^dim (module doc): π by linear
 * assignment on the variance each z_k explains of each ẑ_j, stats `mcc` (Pearson); near-miss a small plane
 * rotation (none for dim = 1). Throws `InputError` naming `dim` (not a positive integer).
 */
export function permutationScalingClass(dim: number): EquivalenceClass {
  const sampleMember = (rng: Rng): LatentMap => scaledPermutationMap(rng.permutation(dim), randomScales(rng, dim), randomOffset(rng, dim));
  return defineClass({
    id: PERMUTATION_SCALING_ID,
    name: 'permutation + scaling (+ offset)',
    dim,
    threshold: EXACT_THRESHOLD,
    fit(z, zhat) {
      const m = crossMoments(z, zhat);
      // explained[j][k]: variance of ẑ_j explained by the best scaling of z_k.
      const explained = Array.from({ length: dim }, (_, j) => Array.from({ length: dim }, (_, k) => m.cross[k][j] * slope(m, k, j)));
      const perm = linearAssignment(explained, { maximize: true }).assignment;
      const s = perm.map((k, j) => slope(m, k, j));
      const b = offsetFor(scaledPermutationMatrix(perm, s), m.zMean, m.zhatMean);
      return classFit(PERMUTATION_SCALING_ID, z, zhat, scaledPermutationMap(perm, s, b), { mcc: mccPearson(z, zhat) });
    },
    sampleMember,
    sampleNonMember(rng, size) {
      if (dim < 2) return null;
      const [i, k] = randomPlane(rng, dim);
      return composeAffine(sampleMember(rng), linearMap(planeRotation(dim, i, k, size), `rotation ${fmt(size)} in plane (${i}, ${k})`));
    },
  });
}
