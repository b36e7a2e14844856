/**
 * How far a map is from affine, measured on samples: the share of x's variance that the best affine
 * function of z leaves unexplained, in x's own covariance metric,
 *   s = tr(S⁻¹R)/p = 1 − (1/p) Σᵢ ρᵢ²,
 * with S the covariance of x (p columns), R that of the OLS residual of x on [z, 1], and ρᵢ the canonical
 * correlations of x and z. It is 0 for x = Az + b, at most 1, and invariant under invertible linear maps
 * of x (an ill-conditioned output layer cannot hide a nonlinearity) and of z.
 *
 * Computed from thin QR factors of the centred samples (ρᵢ = singular values of Q_xᵀQ_z), which stays
 * accurate when x is badly scaled.
 */
import { Matrix, QrDecomposition } from 'ml-matrix';
import type { Mat } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertMatrix } from '../core/validate.ts';
import { singularValues } from '../linalg/svd.ts';

/** Relative size of an R diagonal entry below which the centred columns count as linearly dependent. */
const RANK_TOLERANCE = 1e-10;

function centredQ(field: string, m: Mat): Matrix {
  const rows = m.length;
  const cols = m[0].length;
  const means = new Array<number>(cols).fill(0);
  for (const r of m) for (let j = 0; j < cols; j++) means[j] += r[j] / rows;
  const c = new Matrix(m.map((r) => r.map((v, j) => v - means[j])));
  const qr = new QrDecomposition(c);
  const diag = qr.upperTriangularMatrix.diag().map(Math.abs);
  const largest = Math.max(...diag);
  if (!(largest > 0) || diag.some((d) => d <= RANK_TOLERANCE * largest))
    throw new InputError(field, `${rows} × ${cols}`, 'samples whose centred columns are linearly independent');
  return qr.orthogonalMatrix.subMatrix(0, rows - 1, 0, cols - 1);
}

/** Share of x's variance not explained by an affine function of z (module doc); rows are samples. */
export function nonAffineShare(z: Mat, x: Mat): number {
  assertMatrix('z', z, { minRows: 2 });
  assertMatrix('x', x, { rows: z.length });
  if (z.length <= z[0].length + x[0].length) throw new InputError('z.rows', z.length, `more than ${z[0].length + x[0].length} samples (columns of z and x)`);
  const qx = centredQ('x', x);
  const qz = centredQ('z', z);
  const rho = singularValues(qx.transpose().mmul(qz).to2DArray());
  const p = x[0].length;
  let s = 0;
  for (const r of rho) s += Math.min(1, r) ** 2;
  return Math.max(0, 1 - s / p);
}
