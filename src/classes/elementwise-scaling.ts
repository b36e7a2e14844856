/**
 * Element-wise scaling + offset, order known: h(z) = diag(s) z + b (s_j ≠ 0, any sign).
 * Exact fit: one regression per coordinate, s_j = ⟨z_j, ẑ_j⟩_c / ‖z_j‖²_c, b_j = mean ẑ_j − s_j mean z_j;
 * the residual of coordinate j is ‖ẑ_j‖²_c (1 − r²_jj).
 * stats: minAbsCorr = min_j |corr(z_j, ẑ_j)|.
 * Near-miss: the member composed with a rotation by angle `size` in a random coordinate plane (i, k):
 * for isotropic z, distance ≈ sin²(size)·(s_i² + s_k²)/Σ s² (smallest seen: 4.6e-3 for size 0.3, d ≤ 6). None for d = 1
 * (every 1-d affine map is a scaling): `null`.
 * Threshold: `EXACT_THRESHOLD` (1e-8, see threshold.ts).
 */
import type { Vec } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';
import { pearsonMatrix } from '../metrics/index.ts';
import type { EquivalenceClass, LatentMap } from './types.ts';
import { defineClass } from './define.ts';
import { classFit } from './distance.ts';
import { affineMap, composeAffine, fmt, linearMap } from './maps.ts';
import { crossMoments, offsetFor, slope } from './moments.ts';
import { planeRotation } from './perturbations.ts';
import { randomOffset, randomPlane, randomScales } from './random.ts';
import { EXACT_THRESHOLD } from './threshold.ts';

export const ELEMENTWISE_SCALING_ID = 'elementwise-scaling';

/** The map z ↦ diag(s) z + b. */
export function diagonalMap(s: Vec, b: Vec): LatentMap {
  const a = s.map((v, i) => s.map((_, j) => (i === j ? v : 0)));
  return affineMap(a, b, `diag([${s.map(fmt).join(', ')}]) + [${b.map(fmt).join(', ')}]`);
}

/**
 * The class h(z) = diag(s) z + b (s_j ≠ 0, coordinate order known) on R^dim (module doc): fitted by one
 * regression per coordinate, stats `minAbsCorr`; near-miss a small plane rotation (none for dim = 1).
 * Throws `InputError` naming `dim` (not a positive integer).
 */
export function elementwiseScalingClass(dim: number): EquivalenceClass {
  const sampleMember = (rng: Rng): LatentMap => diagonalMap(randomScales(rng, dim), randomOffset(rng, dim));
  return defineClass({
    id: ELEMENTWISE_SCALING_ID,
    name: 'element-wise scaling + offset (known order)',
    dim,
    threshold: EXACT_THRESHOLD,
    fit(z, zhat) {
      const m = crossMoments(z, zhat);
      const s = Array.from({ length: dim }, (_, j) => slope(m, j, j));
      const a = s.map((v, i) => s.map((_, j) => (i === j ? v : 0)));
      const map = diagonalMap(s, offsetFor(a, m.zMean, m.zhatMean));
      const corr = pearsonMatrix(z, zhat);
      const minAbsCorr = Math.min(...corr.map((row, j) => Math.abs(row[j])));
      return classFit(ELEMENTWISE_SCALING_ID, z, zhat, map, { minAbsCorr });
    },
    sampleMember,
    sampleNonMember(rng, size) {
      if (dim < 2) return null;
      const member = sampleMember(rng);
      const [i, k] = randomPlane(rng, dim);
      return composeAffine(member, linearMap(planeRotation(dim, i, k, size), `rotation ${fmt(size)} in plane (${i}, ${k})`));
    },
  });
}
