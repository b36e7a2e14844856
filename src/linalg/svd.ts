/**
 * Singular values, rank, null space and condition number, on ml-matrix's SVD.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { Mat, Vec } from '../core/matrix.ts';
import { zeros } from '../core/matrix.ts';
import { assertMatrix } from '../core/validate.ts';

/** Full SVD A = U Σ Vᵀ; for wide inputs the matrix is padded with zero rows so V is complete (n × n). */
export function svd(a: Mat): { u: Mat; s: Vec; v: Mat } {
  const [r, c] = [a.length, a[0].length];
  const padded = r >= c ? a : a.concat(zeros(c - r, c));
  const d = new SingularValueDecomposition(new Matrix(padded), {
    computeLeftSingularVectors: true,
    computeRightSingularVectors: true,
    autoTranspose: false,
  });
  return { u: d.leftSingularVectors.to2DArray().slice(0, r), s: d.diagonal.slice(), v: d.rightSingularVectors.to2DArray() };
}

/** Singular values in decreasing order. */
export function singularValues(a: Mat): Vec {
  return svd(a).s;
}

/**
 * Default rank tolerance, as NumPy's `matrix_rank`: `tol = σ_max · max(rows, cols) · ε` with ε = 2⁻⁵².
 * Singular values at or below `tol` count as zero.
 */
export function defaultTolerance(s: Vec, rows: number, cols: number): number {
  const smax = s.length > 0 ? s[0] : 0;
  return smax * Math.max(rows, cols) * Number.EPSILON;
}

/** When `rank` and `nullSpace` count a singular value as zero: `tol` (absolute) wins over `rtol` (relative to σ_max); default `defaultTolerance`. */
export interface ToleranceOptions {
  /** Absolute tolerance on singular values; overrides the default. */
  tol?: number;
  /** Relative tolerance: σ ≤ rtol · σ_max counts as zero; overrides the default. */
  rtol?: number;
}

function pickTolerance(s: Vec, rows: number, cols: number, opts: ToleranceOptions): number {
  if (opts.tol !== undefined) return opts.tol;
  if (opts.rtol !== undefined) return opts.rtol * (s[0] ?? 0);
  return defaultTolerance(s, rows, cols);
}

/** Numerical rank: number of singular values above the tolerance (see `defaultTolerance`). */
export function rank(a: Mat, opts: ToleranceOptions = {}): number {
  assertMatrix('a', a);
  const s = singularValues(a);
  const tol = pickTolerance(s, a.length, a[0].length, opts);
  return s.filter((v) => v > tol).length;
}

/**
 * Orthonormal basis of the null space {x : A x = 0}, as a list of vectors.
 * The basis vectors are the right singular vectors whose singular values are ≤ tol;
 * tol defaults to `σ_max · max(rows, cols) · ε` (NumPy's rank rule), or set `tol` / `rtol`.
 * The zero matrix has the whole space as null space.
 */
export function nullSpace(a: Mat, opts: ToleranceOptions = {}): Vec[] {
  assertMatrix('a', a);
  const cols = a[0].length;
  const { s, v } = svd(a);
  const tol = pickTolerance(s, a.length, cols, opts);
  const basis: Vec[] = [];
  for (let j = 0; j < cols; j++) {
    const sv = j < s.length ? s[j] : 0;
    if (sv <= tol) basis.push(v.map((row) => row[j]));
  }
  return basis;
}

/** 2-norm condition number σ_max / σ_min (Infinity for a singular or empty-rank matrix). */
export function conditionNumber(a: Mat): number {
  assertMatrix('a', a);
  const s = singularValues(a);
  const smin = s[s.length - 1];
  if (!(smin > 0)) return Infinity;
  return s[0] / smin;
}
