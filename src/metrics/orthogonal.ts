/**
 * Orthogonal residual: the fraction of z's variance not explained by a scaled rotation/reflection of ẑ plus offset,
 *
 *   r = min_{Q orthogonal, s > 0, c} ‖z_c − s ẑ_c Q‖² / ‖z_c‖²  =  1 − (Σ_i σ_i)² / (‖z_c‖² ‖ẑ_c‖²),
 *
 * with z_c, ẑ_c the column-centred samples and σ the singular values of ẑ_cᵀ z_c (orthogonal Procrustes,
 * closed form). r ∈ [0, 1]; r = 0 iff ẑ = s z Q + c for some orthogonal Q (identifiability up to a
 * similarity transform), and r is invariant under such maps of either argument.
 *
 * Conventions: a constant ẑ (‖ẑ_c‖ = 0) explains nothing, r = 1. A constant z (‖z_c‖ = 0) has no
 * variance to explain and is rejected with an `InputError`.
 *
 * Reference: Schönemann (1966), "A generalized solution of the orthogonal Procrustes problem";
 * Zimmermann et al. (2021), "Contrastive learning inverts the data generating process".
 */
import type { Mat } from '../core/matrix.ts';
import { center, matmul, sumSquares, transpose } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertSamplePair } from '../core/validate.ts';
import { singularValues } from '../linalg/svd.ts';

/** 1 − (Σσ)² / (‖z_c‖²‖ẑ_c‖²), σ = singular values of ẑ_cᵀ z_c; z and ẑ must have the same dimension d. */
export function orthogonalResidual(z: Mat, zhat: Mat): number {
  const [a, b] = assertSamplePair('z', z, 'zhat', zhat);
  const d = a[0].length;
  if (b[0].length !== d) throw new InputError('zhat.cols', b[0].length, `${d} columns, the dimension of z`);
  const zc = center(a);
  const zhc = center(b);
  const zz = sumSquares(zc);
  const hh = sumSquares(zhc);
  if (!(zz > 0)) throw new InputError('z', z, 'a non-constant matrix (z has zero variance: nothing to explain)');
  if (!(hh > 0)) return 1;
  // Scale-free: normalise before the SVD so that (Σσ)² / (zz·hh) is computed on unit-norm data.
  const sz = 1 / Math.sqrt(zz);
  const sh = 1 / Math.sqrt(hh);
  const m = matmul(transpose(zhc.map((row) => row.map((v) => v * sh))), zc.map((row) => row.map((v) => v * sz)));
  const trace = singularValues(m).reduce((s, v) => s + v, 0);
  return Math.min(1, Math.max(0, 1 - trace * trace));
}
