/**
 * Gaussian conditional mutual information with a continuous conditioning variable (partial MI), in nats:
 *
 *   I(X; Y | Z) = ½ log( det S_xz · det S_yz / (det S_xyz · det S_z) ),
 *
 * S_· the sample covariance of the named columns together (S_xz of [x, z], …). Exact when (x, y, z) is jointly
 * Gaussian; the discrete-label version is `gaussianCMI` (cmi.ts). Log-determinants via Cholesky.
 *
 * Reference: Cover & Thomas (2006), "Elements of Information Theory", §8.5; the chain rule
 * I(X; Y | Z) = h(X, Z) + h(Y, Z) − h(X, Y, Z) − h(Z) with Gaussian entropies ½ log((2πe)^d det S).
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { InputError, NumericalError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix } from '../core/validate.ts';

function logDetCov(cols: Mat[], field: string): number {
  const n = cols[0].length;
  const rows = Array.from({ length: n }, (_, i) => cols.flatMap((m) => m[i]));
  const d = rows[0].length;
  const mean = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / n;
  const s = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const r of rows)
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) s[i][j] += ((r[i] - mean[i]) * (r[j] - mean[j])) / (n - 1);
  const ch = new CholeskyDecomposition(new Matrix(s));
  if (!ch.isPositiveDefinite()) throw new NumericalError(field, `${d}x${d} covariance`, 'singular sample covariance (constant or collinear columns)');
  const l = ch.lowerTriangularMatrix;
  let t = 0;
  for (let i = 0; i < d; i++) t += Math.log(l.get(i, i));
  return 2 * t;
}

/** Gaussian I(x; y | z) for continuous z (module doc). x, y, z: n rows each; n > d_x + d_y + d_z. */
export function gaussianPartialCMI(x: Mat, y: Mat, z: Mat): number {
  const a = assertMatrix('x', x);
  const b = assertMatrix('y', y, { rows: a.length });
  const c = assertMatrix('z', z, { rows: a.length });
  const d = a[0].length + b[0].length + c[0].length;
  if (a.length <= d) throw new InputError('x.rows', a.length, `more samples than the ${d} joint dimensions`);
  const v = 0.5 * (logDetCov([a, c], 'x,z') + logDetCov([b, c], 'y,z') - logDetCov([a, b, c], 'x,y,z') - logDetCov([c], 'z'));
  return Math.max(0, v);
}
