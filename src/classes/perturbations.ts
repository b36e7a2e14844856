/** The matrices near-misses are built from: plane rotations, shears, single-axis scalings. */
import type { Mat } from '../core/matrix.ts';
import { identity } from '../core/matrix.ts';

/** Rotation by `angle` in the (i, j) coordinate plane: R_ii = R_jj = cos, R_ij = −sin, R_ji = sin. */
export function planeRotation(d: number, i: number, j: number, angle: number): Mat {
  const r = identity(d);
  r[i][i] = Math.cos(angle);
  r[j][j] = Math.cos(angle);
  r[i][j] = -Math.sin(angle);
  r[j][i] = Math.sin(angle);
  return r;
}

/** Shear I + size·E_ij (i ≠ j). */
export function shear(d: number, i: number, j: number, size: number): Mat {
  const s = identity(d);
  s[i][j] = size;
  return s;
}

/** Scaling of axis i by `factor`: diag(1, …, factor, …, 1). */
export function axisScaling(d: number, i: number, factor: number): Mat {
  const s = identity(d);
  s[i][i] = factor;
  return s;
}
