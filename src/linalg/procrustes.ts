/**
 * Orthogonal Procrustes with global scale and offset:
 *   min over orthogonal Q, s > 0, offset c of ‖Y − (s X Q + c)‖²,
 * solved in closed form: with centred Xc, Yc and XcᵀYc = U Σ Vᵀ, Q = U Vᵀ, s = tr Σ / ‖Xc‖²,
 * residual = ‖Yc‖² − (tr Σ)² / ‖Xc‖².
 */
import type { Mat, Vec } from '../core/matrix.ts';
import { center, colMeans, matmul, sumSquares, transpose } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertMatrix } from '../core/validate.ts';
import { svd } from './svd.ts';

/** Result of `orthogonalProcrustes`: the orthogonal Q, scale s and offset c of Y ≈ s·X·Q + c, and the (relative) residual. */
export interface ProcrustesFit {
  /** Orthogonal d × d matrix: rows of Y ≈ s · (rows of X) · Q + offset. */
  q: Mat;
  /** Global scale s ≥ 0. */
  scale: number;
  /** Offset c. */
  offset: Vec;
  /** Residual sum of squares ‖Yc − s Xc Q‖². */
  residual: number;
  /** Residual / ‖Yc‖² ∈ [0, 1]: the fraction of Y's variance not explained by a scaled orthogonal map of X. */
  relativeResidual: number;
}

/** Fit Y ≈ s·X·Q + c (X, Y: n × d, same shape). */
export function orthogonalProcrustes(x: Mat, y: Mat): ProcrustesFit {
  assertMatrix('x', x, { minRows: 2 });
  assertMatrix('y', y);
  if (y.length !== x.length || y[0].length !== x[0].length)
    throw new InputError('y.shape', `${y.length}x${y[0].length}`, `${x.length}x${x[0].length}, the shape of x`);
  const xc = center(x);
  const yc = center(y);
  const m = matmul(transpose(xc), yc); // d × d
  const { u, s, v } = svd(m);
  const q = matmul(u, transpose(v));
  const trace = s.reduce((a, b) => a + b, 0);
  const xx = sumSquares(xc);
  const yy = sumSquares(yc);
  const scale = xx > 0 ? trace / xx : 0;
  const residual = Math.max(0, yy - (xx > 0 ? (trace * trace) / xx : 0));
  const mx = colMeans(x);
  const my = colMeans(y);
  const mxq = matmul([mx], q)[0];
  const offset = my.map((m2, j) => m2 - scale * mxq[j]);
  return { q, scale, offset, residual, relativeResidual: yy > 0 ? residual / yy : 0 };
}
