/**
 * The linear centralizer (commutant) of a set of mechanisms {M_k}:
 *   C({M_k}) = { A ∈ R^{n×n} : A M_k = M_k A for all k }.
 * Ahuja, Hartford & Bengio (2022): with known mechanisms the encoder is identified up to the maps
 * that commute with every mechanism; for linear maps this is the centralizer.
 *
 * Computed as the null space of the stacked operator (M_kᵀ ⊗ I − I ⊗ M_k) acting on vec(A)
 * (column-major vec, so vec(A M) = (Mᵀ ⊗ I) vec(A) and vec(M A) = (I ⊗ M) vec(A)).
 */
import type { Mat } from '../core/matrix.ts';
import { frobenius, identity, kron, matmul, sub, transpose, unvec, vec } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertMatrix } from '../core/validate.ts';
import { nullSpace } from './svd.ts';

/**
 * Relative tolerance of the centralizer's null space. A singular value σ of the stacked commutator
 * operator counts as zero when σ ≤ 1e-9 · max_k ‖M_k‖_F. The scale is the mechanisms' norm, not the
 * operator's largest singular value: for M = R(π) computed in floating point (sin π ≈ 1.2e-16) the whole
 * operator is ~1e-16, and a tolerance relative to its own σ_max would count that round-off as rank.
 * Mechanisms given to about ten significant digits (as in theory.md's tables) keep their exact
 * centralizer dimension; genuine non-commutation of relative size ≥ 1e-9 is kept.
 */
export const CENTRALIZER_RTOL = 1e-9;

/** Absolute singular-value tolerance of the commutator operator: rtol · max_k ‖M_k‖_F (see CENTRALIZER_RTOL). */
export function centralizerTolerance(mechanisms: Mat[], rtol = CENTRALIZER_RTOL): number {
  return rtol * Math.max(...mechanisms.map((m) => frobenius(m)));
}

/** Validate a non-empty list of n × n mechanisms of the same n; returns n. */
export function assertMechanisms(field: string, mechanisms: unknown): number {
  if (!Array.isArray(mechanisms) || mechanisms.length === 0) throw new InputError(field, mechanisms, 'a non-empty list of square matrices');
  const first = assertMatrix(`${field}[0]`, mechanisms[0], { square: true });
  const n = first.length;
  for (let k = 1; k < mechanisms.length; k++) assertMatrix(`${field}[${k}]`, mechanisms[k], { rows: n, cols: n });
  return n;
}

/** The stacked commutator operator, (k·n²) × n². */
export function commutatorOperator(mechanisms: Mat[]): Mat {
  const n = mechanisms[0].length;
  const id = identity(n);
  const rows: Mat = [];
  for (const m of mechanisms) rows.push(...sub(kron(transpose(m), id), kron(id, m)));
  return rows;
}

/**
 * Orthonormal basis (in the Frobenius inner product) of the centralizer of `mechanisms`, as n × n matrices.
 * The identity always lies in their span.
 */
export function centralizerBasis(mechanisms: Mat[], opts: { rtol?: number } = {}): Mat[] {
  const n = assertMechanisms('mechanisms', mechanisms);
  const basis = nullSpace(commutatorOperator(mechanisms), { tol: centralizerTolerance(mechanisms, opts.rtol) });
  return basis.map((v) => unvec(v, n, n));
}

/** Dimension of the centralizer of `mechanisms`. */
export function centralizerDim(mechanisms: Mat[], opts: { rtol?: number } = {}): number {
  return centralizerBasis(mechanisms, opts).length;
}

/** Frobenius inner product ⟨A, B⟩ = Σ A_ij B_ij. */
export function frobeniusInner(a: Mat, b: Mat): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) s += a[i][j] * b[i][j];
  return s;
}

/** Orthogonal projection of A onto the span of an orthonormal basis (Frobenius). */
export function projectOntoSpan(a: Mat, basis: Mat[]): { projection: Mat; coefficients: number[] } {
  const n = a.length;
  const projection = Array.from({ length: n }, () => new Array<number>(a[0].length).fill(0));
  const coefficients = basis.map((b) => frobeniusInner(a, b));
  basis.forEach((b, k) => {
    const c = coefficients[k];
    for (let i = 0; i < n; i++) for (let j = 0; j < b[i].length; j++) projection[i][j] += c * b[i][j];
  });
  return { projection, coefficients };
}

/**
 * Relative distance of A to the centralizer subspace: ‖A − P(A)‖_F / ‖A‖_F ∈ [0, 1],
 * with P the orthogonal projection onto span(basis).
 */
export function distanceToCentralizer(a: Mat, basis: Mat[]): number {
  const na = frobenius(a);
  if (na === 0) return 0;
  const { projection } = projectOntoSpan(a, basis);
  return frobenius(sub(a, projection)) / na;
}

/**
 * Commutation residual max_k ‖A M_k − M_k A‖_F / (‖A‖_F ‖M_k‖_F): zero iff A commutes with every M_k;
 * scale-free in A and in each M_k. A zero A or zero M_k contributes 0.
 */
export function commutationResidual(a: Mat, mechanisms: Mat[]): number {
  assertMatrix('a', a, { square: true });
  assertMechanisms('mechanisms', mechanisms);
  if (mechanisms[0].length !== a.length) throw new InputError('a.shape', `${a.length}x${a.length}`, `${mechanisms[0].length}x${mechanisms[0].length}, the mechanisms' size`);
  const na = frobenius(a);
  let worst = 0;
  for (const m of mechanisms) {
    const nm = frobenius(m);
    if (na === 0 || nm === 0) continue;
    const r = frobenius(sub(matmul(a, m), matmul(m, a))) / (na * nm);
    if (r > worst) worst = r;
  }
  return worst;
}

/** Keep `vec` exported for callers that work in the vectorised picture. */
export { vec, unvec };
