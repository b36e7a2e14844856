/** Inversion and least squares with explicit singularity checks. */
import { Matrix, inverse as mlInverse, solve as mlSolve } from 'ml-matrix';
import { NumericalError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix } from '../core/validate.ts';
import { conditionNumber } from './svd.ts';

/** Largest condition number treated as invertible (≈ 1/√ε): beyond it an inverse loses half its digits. */
export const MAX_INVERTIBLE_CONDITION = 1e8;

/**
 * Inverse of a square matrix. Throws a `NumericalError` naming `field` when the matrix is singular
 * or its condition number exceeds `maxCondition` (default 1e8).
 */
export function invert(a: Mat, field = 'matrix', maxCondition = MAX_INVERTIBLE_CONDITION): Mat {
  assertMatrix(field, a, { square: true });
  const k = conditionNumber(a);
  if (!(k <= maxCondition))
    throw new NumericalError(field, a, `singular or ill-conditioned matrix (condition number ${k.toExponential(3)} > ${maxCondition.toExponential(0)})`);
  return mlInverse(new Matrix(a)).to2DArray();
}

/** Moore–Penrose pseudo-inverse (SVD based, correct on rank-deficient input). */
export function pinv(a: Mat): Mat {
  assertMatrix('a', a);
  return mlInverse(new Matrix(a), true).to2DArray();
}

/** Least-squares solution X of A X ≈ B (minimum-norm when A is rank-deficient; SVD based). */
export function lstsq(a: Mat, b: Mat): Mat {
  assertMatrix('a', a);
  assertMatrix('b', b, { rows: a.length });
  return mlSolve(new Matrix(a), new Matrix(b), true).to2DArray();
}
