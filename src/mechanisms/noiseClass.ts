/**
 * The isometry class of a stochastic mechanism's noise (theory.md §2, "Stochastic mechanisms",
 * marked *(to confirm)*): for z' = m(z) + ε with m = id, a map a identifies the latents only up to the
 * maps that preserve the transition kernel p(z' | z) = p_ε(z' − z), i.e. (affine maps) a(z) = A z + b with
 * A ε =ᵈ ε. This is implemented as the named assumption `NOISE_ISOMETRY_ASSUMPTION`, in one place:
 *
 * - isotropic Gaussian N(0, σ² I)                    → 'orthogonal' (+ offset): every orthogonal A preserves it;
 * - anisotropic Gaussian N(0, diag(σ²))              → 'block-orthogonal': orthogonal within each group of equal σ,
 *   coordinates of different σ never mix. One group → 'orthogonal'; all σ distinct → 'signed-permutation'
 *   with singleton blocks, i.e. strictly only sign flips: a "signed permutation within equal-variance
 *   groups" (the permutation part can only mix coordinates of equal σ);
 * - factorised Laplace, or generalised normal with β ≠ 2 → 'signed-permutation' (+ offset) over all
 *   coordinates (one block): the only linear maps preserving a factorised non-Gaussian law with equal
 *   marginals are signed permutations (recovers SlowVAE, Klindt et al. 2021);
 * - generalised normal with β = 2 is an isotropic Gaussian → 'orthogonal'.
 *
 * `blocks` always partitions 0..n−1 into the groups of coordinates the class may mix (orthogonally, or by
 * a signed permutation, per `classId`), so a check can be strict. σ's are "equal" within relative
 * `SIGMA_EQUAL_RTOL`. The function considers the noise only: a non-identity m must also commute with A.
 */
import { InputError } from '../core/errors.ts';
import { validateNoise } from './noise.ts';
import type { NoiseSpec } from './types.ts';

/** The assumption behind `isometryClassOfNoise`, cited by theorem specs. */
export const NOISE_ISOMETRY_ASSUMPTION =
  'Stochastic mechanisms z\' = z + ε (theory.md §2, to confirm): the encoder is identified up to the affine maps ' +
  'z ↦ A z + b with A ε =ᵈ ε (they preserve the transition kernel). Isotropic Gaussian ε → orthogonal; ' +
  'Gaussian with diag(σ²) → orthogonal within equal-σ groups; factorised Laplace / generalised normal β ≠ 2 → signed permutation.';

/** Relative tolerance under which two noise scales count as equal. */
export const SIGMA_EQUAL_RTOL = 1e-9;

/**
 * What `isometryClassOfNoise` returns: the class of linear maps preserving the noise law (module doc), the
 * blocks of coordinates it may mix, a description, and the assumption it rests on.
 */
export interface NoiseIsometryClass {
  classId: 'orthogonal' | 'signed-permutation' | 'block-orthogonal';
  /** Partition of 0..n−1 into the groups of coordinates the class may mix (sorted, by first index). */
  blocks: number[][];
  description: string;
  /** = NOISE_ISOMETRY_ASSUMPTION. */
  assumption: string;
}

/** Group indices by equal value (within relative SIGMA_EQUAL_RTOL), ordered by first index. */
function equalValueGroups(values: number[]): number[][] {
  const groups: { v: number; idx: number[] }[] = [];
  values.forEach((v, i) => {
    const g = groups.find((x) => Math.abs(x.v - v) <= SIGMA_EQUAL_RTOL * Math.max(Math.abs(x.v), Math.abs(v)));
    if (g) g.idx.push(i);
    else groups.push({ v, idx: [i] });
  });
  return groups.map((g) => g.idx);
}

/**
 * The class of linear maps preserving the noise law (see the module doc). Throws `InputError` naming
 * `n` or the noise's field.
 */
export function isometryClassOfNoise(noise: NoiseSpec, n: number): NoiseIsometryClass {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new InputError('n', n, 'a positive integer');
  const p = validateNoise(noise, n);
  const all = [Array.from({ length: n }, (_, i) => i)];
  const base = { assumption: NOISE_ISOMETRY_ASSUMPTION };
  if (p.kind === 'laplace' || (p.kind === 'generalized-normal' && p.beta !== 2)) {
    const what = p.kind === 'laplace' ? 'factorised Laplace' : `factorised generalised normal (β = ${p.beta} ≠ 2)`;
    return { ...base, classId: 'signed-permutation', blocks: all, description: `${what} noise: signed permutation (+ offset)` };
  }
  if (p.kind === 'generalized-normal' || !Array.isArray(p.sigma))
    return { ...base, classId: 'orthogonal', blocks: all, description: 'isotropic Gaussian noise: orthogonal (+ offset)' };
  const blocks = equalValueGroups(p.sigma);
  if (blocks.length === 1) return { ...base, classId: 'orthogonal', blocks, description: 'isotropic Gaussian noise (equal σ): orthogonal (+ offset)' };
  if (blocks.length === n)
    return {
      ...base,
      classId: 'signed-permutation',
      blocks,
      description: 'Gaussian noise with all σ distinct: signed permutation within equal-variance groups, i.e. sign flips only (+ offset)',
    };
  return {
    ...base,
    classId: 'block-orthogonal',
    blocks,
    description: `anisotropic Gaussian noise: orthogonal within the equal-σ groups ${blocks.map((b) => `{${b.join(',')}}`).join(' ')} (+ offset)`,
  };
}
