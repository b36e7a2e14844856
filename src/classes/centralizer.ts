/**
 * Linear centralizer of a mechanism set {M_k} (Ahuja, Hartford & Bengio 2022): h(z) = A z + b with
 * A ∈ C({M_k}) = { A : A M_k = M_k A ∀k } = span(B_1 … B_K) (orthonormal basis from `centralizerBasis`).
 *
 * Exact fit: least squares over the basis coefficients,
 *   min_c ‖ẑ_c − Σ_k c_k z_c B_kᵀ‖²   (design column k = z_c B_kᵀ flattened).
 * Computed on the reduced problem: with z_c = U Σ Vᵀ (thin SVD), R = Σ Vᵀ and T = Uᵀ ẑ_c,
 *   ‖ẑ_c − z_c Aᵀ‖² = ‖(I − UUᵀ) ẑ_c‖² + ‖T − R Aᵀ‖²,
 * so the coefficients solve the d² × K problem min_c ‖T − Σ_k c_k R B_kᵀ‖ (SVD least squares, minimum norm),
 * the same solution as the n·d × K design in O(n d²) instead of O(n d K²). Then b = mean ẑ − A mean z.
 *
 * stats: for the unconstrained affine fit's A_free (OLS of ẑ on z): commutationResidual(A_free, {M_k}),
 * distanceToCentralizer(A_free) (relative Frobenius distance to the subspace), and centralizerDim = K.
 *
 * Members: A = Σ_k c_k B_k with c ~ N(0, I), redrawn while cond(A) > 100 (the identity is always in the span).
 * Near-miss: A + size·‖A‖_F·U, U a random unit (Frobenius) direction orthogonal to the centralizer; for isotropic z
 * the distance ≈ size² / (1 + size²) (0.083 for size 0.3). When the centralizer is all of R^{d×d} (K = d², e.g.
 * mechanisms {I} or {−I}) there is no linear non-member and `sampleNonMember` returns `null`: a health check that
 * the mechanisms identify nothing beyond a general linear map.
 * Threshold: `EXACT_THRESHOLD` (1e-8, see threshold.ts); a basis computed from mechanisms given to ten digits
 * (CENTRALIZER_RTOL = 1e-9) moves an exact member's distance to ~1e-18 at most.
 */
import { center, colMeans, frobenius, transpose } from '../core/matrix.ts';
import type { Mat } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';
import { centralizerBasis, commutationResidual, distanceToCentralizer, projectOntoSpan } from '../linalg/centralizer.ts';
import { lstsq } from '../linalg/inverse.ts';
import { olsWithIntercept } from '../linalg/ols.ts';
import { conditionNumber, svd } from '../linalg/svd.ts';
import type { EquivalenceClass, LatentMap } from './types.ts';
import { defineClass } from './define.ts';
import { classFit } from './distance.ts';
import { affineMap, fmt, fmtMat, fmtVec } from './maps.ts';
import { offsetFor } from './moments.ts';
import { randomOffset } from './random.ts';
import { EXACT_THRESHOLD } from './threshold.ts';

export const CENTRALIZER_ID = 'centralizer';

/** Largest condition number of a sampled member's A (redrawn above it). */
export const MEMBER_MAX_CONDITION = 100;

/** Σ_k c_k B_k. */
export function combine(basis: Mat[], c: number[]): Mat {
  const d = basis[0].length;
  const a = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  basis.forEach((bk, k) => {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i][j] += c[k] * bk[i][j];
  });
  return a;
}

/** Least-squares coefficients c of ẑ_c ≈ z_c (Σ_k c_k B_k)ᵀ, via the SVD reduction in the module doc. */
export function centralizerCoefficients(z: Mat, zhat: Mat, basis: Mat[]): number[] {
  const d = z[0].length;
  const { u, s, v } = svd(center(z));
  const zhc = center(zhat);
  // R = Σ Vᵀ (d × d); T = Uᵀ ẑ_c (d × d).
  const r = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => s[i] * v[j][i]));
  const t = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => {
      let acc = 0;
      for (let row = 0; row < u.length; row++) acc += u[row][i] * zhc[row][j];
      return acc;
    }),
  );
  // Design row (i, j), column k: (R B_kᵀ)[i][j] = Σ_l R[i][l] B_k[j][l].
  const design: Mat = [];
  const target: Mat = [];
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      design.push(basis.map((bk) => r[i].reduce((acc, ril, l) => acc + ril * bk[j][l], 0)));
      target.push([t[i][j]]);
    }
  return lstsq(design, target).map((row) => row[0]);
}

/**
 * The class h(z) = A z + b with A in the centralizer C({M_k}) = { A : A M_k = M_k A ∀k } of the d × d
 * `mechanisms` (Ahuja, Hartford & Bengio 2022; module doc), on R^d: fitted by least squares over an orthonormal
 * basis of C, stats `commutationResidual`, `distanceToCentralizer` and `centralizerDim`; `sampleNonMember`
 * returns null when C is all of R^{d×d}. Throws `InputError` naming `mechanisms` (not a non-empty list) or
 * `mechanisms[k]` (not square, or not all of one size).
 */
export function centralizerClass(mechanisms: Mat[]): EquivalenceClass {
  const basis = centralizerBasis(mechanisms); // validates the mechanisms (InputError naming `mechanisms…`)
  const dim = mechanisms[0].length;
  const describeMember = (a: Mat, b: number[]) => `centralizer member A = ${fmtMat(a)}, b = ${fmtVec(b)}`;

  const sampleA = (rng: Rng): Mat => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const a = combine(basis, rng.normals(basis.length));
      if (conditionNumber(a) <= MEMBER_MAX_CONDITION) return a;
    }
    // Practically unreachable: the identity lies in every centralizer.
    return projectOntoSpan(Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => (i === j ? 1 : 0))), basis).projection;
  };

  /** A unit (Frobenius) direction orthogonal to the centralizer, or null when the centralizer is everything. */
  const orthogonalDirection = (rng: Rng): Mat | null => {
    if (basis.length >= dim * dim) return null;
    for (let attempt = 0; attempt < 10; attempt++) {
      const g = rng.normalMatrix(dim, dim);
      const { projection } = projectOntoSpan(g, basis);
      const w = g.map((row, i) => row.map((x, j) => x - projection[i][j]));
      const norm = frobenius(w);
      if (norm > 1e-8 * frobenius(g)) return w.map((row) => row.map((x) => x / norm));
    }
    return null;
  };

  return defineClass({
    id: CENTRALIZER_ID,
    name: `linear centralizer (dimension ${basis.length} of ${dim * dim}) (+ offset)`,
    dim,
    threshold: EXACT_THRESHOLD,
    fit(z, zhat) {
      const a = combine(basis, centralizerCoefficients(z, zhat, basis));
      const b = offsetFor(a, colMeans(z), colMeans(zhat));
      const aFree = transpose(olsWithIntercept(z, zhat).coef);
      const stats = {
        commutationResidual: commutationResidual(aFree, mechanisms),
        distanceToCentralizer: distanceToCentralizer(aFree, basis),
        centralizerDim: basis.length,
      };
      return classFit(CENTRALIZER_ID, z, zhat, affineMap(a, b, describeMember(a, b)), stats);
    },
    sampleMember(rng) {
      const a = sampleA(rng);
      const b = randomOffset(rng, dim);
      return affineMap(a, b, describeMember(a, b));
    },
    sampleNonMember(rng, size) {
      const w = orthogonalDirection(rng);
      if (w === null) return null;
      const a = sampleA(rng);
      const b = randomOffset(rng, dim);
      const step = size * frobenius(a);
      const off = a.map((row, i) => row.map((x, j) => x + step * w[i][j]));
      return affineMap(off, b, `centralizer member + ${fmt(size)}·‖A‖·(unit direction ⟂ centralizer): A = ${fmtMat(off)}, b = ${fmtVec(b)}`);
    },
  });
}
