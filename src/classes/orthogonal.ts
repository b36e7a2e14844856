/**
 * Orthogonal × global scale + offset: h(z) = c·Q z + b with Q orthogonal (rotations and reflections), c > 0.
 * Exact fit: orthogonal Procrustes (`orthogonalProcrustes`): with Z_cᵀ Ẑ_c = U Σ Vᵀ, the rows satisfy
 * ẑ ≈ c z (U Vᵀ) + offset, i.e. Q = (U Vᵀ)ᵀ, c = tr Σ / ‖z_c‖², residual = ‖ẑ_c‖² − (tr Σ)² / ‖z_c‖².
 * stats: orthogonalResidual (the metric's direction: z predicted from ẑ) and scale (the fitted c).
 * Near-miss: the member composed with a shear I + size·E_ik (random i ≠ k); for isotropic z the distance is
 * 1 − (Σσ)² / (d Σσ²) over the shear's singular values σ (smallest seen: 6e-3 for size 0.3, d ≤ 6). None for d = 1: `null`.
 * Threshold: `EXACT_THRESHOLD` (1e-8, see threshold.ts).
 */
import { center, scale, sumSquares, transpose } from '../core/matrix.ts';
import type { Mat, Vec } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';
import { orthogonalProcrustes } from '../linalg/procrustes.ts';
import { orthogonalResidual } from '../metrics/index.ts';
import type { EquivalenceClass, LatentMap } from './types.ts';
import { defineClass } from './define.ts';
import { classFit } from './distance.ts';
import { affineMap, composeAffine, fmt, linearMap } from './maps.ts';
import { shear } from './perturbations.ts';
import { randomOffset, randomOrthogonal, randomPlane, randomPositiveScale } from './random.ts';
import { EXACT_THRESHOLD } from './threshold.ts';

export const ORTHOGONAL_ID = 'orthogonal';

/** The map z ↦ c Q z + b. */
export function scaledOrthogonalMap(q: Mat, c: number, b: Vec): LatentMap {
  return affineMap(scale(q, c), b, `${fmt(c)} × orthogonal [${q.map((r) => `[${r.map(fmt).join(', ')}]`).join(', ')}] + [${b.map(fmt).join(', ')}]`);
}

/**
 * The class h(z) = c·Q z + b (Q orthogonal, c > 0) on R^dim (module doc): fitted by orthogonal Procrustes,
 * stats `orthogonalResidual` and `scale`; near-miss a small shear (none for dim = 1). Throws `InputError` naming `dim` (not a positive integer).
 */
export function orthogonalClass(dim: number): EquivalenceClass {
  const sampleMember = (rng: Rng): LatentMap => scaledOrthogonalMap(randomOrthogonal(rng, dim), randomPositiveScale(rng), randomOffset(rng, dim));
  return defineClass({
    id: ORTHOGONAL_ID,
    name: 'orthogonal × global scale (+ offset)',
    dim,
    threshold: EXACT_THRESHOLD,
    fit(z, zhat) {
      const p = orthogonalProcrustes(z, zhat);
      const map = scaledOrthogonalMap(transpose(p.q), p.scale, p.offset);
      // The metric rejects a constant z (nothing to explain); report 1 (nothing explained) there instead of throwing.
      const residual = sumSquares(center(z)) > 0 ? orthogonalResidual(z, zhat) : 1;
      return classFit(ORTHOGONAL_ID, z, zhat, map, { orthogonalResidual: residual, scale: p.scale });
    },
    sampleMember,
    sampleNonMember(rng, size) {
      if (dim < 2) return null;
      const [i, k] = randomPlane(rng, dim);
      return composeAffine(sampleMember(rng), linearMap(shear(dim, i, k, size), `shear I + ${fmt(size)}·E_${i}${k}`));
    },
  });
}
