/**
 * Signed permutation × one global scale + offset: h(z) = c·S·P z + b, i.e. ẑ_j = c σ_j z_π(j) + b_j with
 * σ_j = ±1 and a single c > 0 (the isometries of an L1-type δ, up to global scale).
 * Exact fit: ‖ẑ_c − c S P z_c‖² = ‖ẑ_c‖² − 2c Σ_j σ_j ⟨ẑ_j, z_π(j)⟩_c + c²‖z_c‖², so σ_j = sign⟨ẑ_j, z_π(j)⟩_c,
 * π maximises T = Σ_j |⟨ẑ_j, z_π(j)⟩_c| (Hungarian), c = T / ‖z_c‖², residual = ‖ẑ_c‖² − T² / ‖z_c‖².
 * stats: mcc (Pearson MCC) and scale (the fitted c).
 * Near-miss (d ≥ 2), one of two kinds at random: the member composed with a rotation by angle `size` in a random
 * coordinate plane, or with the scaling 1 + size of one random axis — the latter is a permutation + scaling
 * member but not a signed-permutation one (unequal scales), a sharp negative control. None for d = 1: `null`.
 * Threshold: `EXACT_THRESHOLD` (1e-8, see threshold.ts).
 */
import type { Mat } from '../core/matrix.ts';
import { zeros } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';
import { linearAssignment, mccPearson } from '../metrics/index.ts';
import type { EquivalenceClass, LatentMap } from './types.ts';
import { defineClass } from './define.ts';
import { classFit } from './distance.ts';
import { affineMap, composeAffine, fmt, linearMap } from './maps.ts';
import { crossMoments, offsetFor } from './moments.ts';
import { axisScaling, planeRotation } from './perturbations.ts';
import { randomOffset, randomPlane, randomPositiveScale } from './random.ts';
import { EXACT_THRESHOLD } from './threshold.ts';

export const SIGNED_PERMUTATION_ID = 'signed-permutation';

/** The matrix c·S·P with A[j][π(j)] = c σ_j. */
export function signedPermutationMatrix(perm: number[], signs: number[], c: number): Mat {
  const a = zeros(perm.length, perm.length);
  perm.forEach((k, j) => (a[j][k] = c * signs[j]));
  return a;
}

/** The map ẑ_j = c σ_j z_π(j) + b_j, described as e.g. "signed permutation [1, -0, 2] × 1.3 + [...]". */
export function signedPermutationMap(perm: number[], signs: number[], c: number, b: number[]): LatentMap {
  const signed = perm.map((k, j) => (signs[j] < 0 ? `-${k}` : `${k}`));
  return affineMap(signedPermutationMatrix(perm, signs, c), b, `signed permutation [${signed.join(', ')}] × ${fmt(c)} + [${b.map(fmt).join(', ')}]`);
}

/**
 * The class h(z) = c·S·P z + b (signed permutation, one global scale c > 0, offset) on R^dim, the isometries of an
 * L1-type δ up to scale (module doc): closed-form fit with π by linear assignment on |⟨ẑ_j, z_k⟩_c|, stats `mcc`
 * and `scale`; near-miss a small plane rotation or an unequal axis scaling (none for dim = 1). Throws `InputError` naming `dim` (not a positive integer).
 */
export function signedPermutationClass(dim: number): EquivalenceClass {
  const sampleMember = (rng: Rng): LatentMap =>
    signedPermutationMap(
      rng.permutation(dim),
      Array.from({ length: dim }, () => rng.sign()),
      randomPositiveScale(rng),
      randomOffset(rng, dim),
    );
  return defineClass({
    id: SIGNED_PERMUTATION_ID,
    name: 'signed permutation × global scale (+ offset)',
    dim,
    threshold: EXACT_THRESHOLD,
    fit(z, zhat) {
      const m = crossMoments(z, zhat);
      const absCross = Array.from({ length: dim }, (_, j) => Array.from({ length: dim }, (_, k) => Math.abs(m.cross[k][j])));
      const { assignment: perm, total } = linearAssignment(absCross, { maximize: true });
      const zz = m.zz.reduce((s, v) => s + v, 0);
      const c = zz > 0 ? total / zz : 0;
      const signs = perm.map((k, j) => (m.cross[k][j] < 0 ? -1 : 1));
      const b = offsetFor(signedPermutationMatrix(perm, signs, c), m.zMean, m.zhatMean);
      return classFit(SIGNED_PERMUTATION_ID, z, zhat, signedPermutationMap(perm, signs, c, b), { mcc: mccPearson(z, zhat), scale: c });
    },
    sampleMember,
    sampleNonMember(rng, size) {
      if (dim < 2) return null;
      const member = sampleMember(rng);
      if (rng.uniform() < 0.5) {
        const [i, k] = randomPlane(rng, dim);
        return composeAffine(member, linearMap(planeRotation(dim, i, k, size), `rotation ${fmt(size)} in plane (${i}, ${k})`));
      }
      const i = rng.int(dim);
      return composeAffine(member, linearMap(axisScaling(dim, i, 1 + size), `axis ${i} scaled by ${fmt(1 + size)}`));
    },
  });
}
