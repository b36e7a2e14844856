/** Centred cross-moments of (z, ẑ), the sufficient statistics of the coordinate-wise fits. */
import type { Mat, Vec } from '../core/matrix.ts';
import { colMeans } from '../core/matrix.ts';

export interface CrossMoments {
  /** Column means of z. */
  zMean: Vec;
  /** Column means of ẑ. */
  zhatMean: Vec;
  /** cross[k][j] = ⟨z_k − z̄_k, ẑ_j − ẑ̄_j⟩ (d × d). */
  cross: Mat;
  /** zz[k] = ‖z_k − z̄_k‖². */
  zz: Vec;
  /** hh[j] = ‖ẑ_j − ẑ̄_j‖². */
  hh: Vec;
}

/** Centred cross-products and sums of squares of z (n × d) and ẑ (n × d). */
export function crossMoments(z: Mat, zhat: Mat): CrossMoments {
  const d = z[0].length;
  const zMean = colMeans(z);
  const zhatMean = colMeans(zhat);
  const cross = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const zz = new Array<number>(d).fill(0);
  const hh = new Array<number>(d).fill(0);
  const zc = new Array<number>(d);
  const hc = new Array<number>(d);
  for (let t = 0; t < z.length; t++) {
    for (let k = 0; k < d; k++) {
      zc[k] = z[t][k] - zMean[k];
      hc[k] = zhat[t][k] - zhatMean[k];
      zz[k] += zc[k] * zc[k];
      hh[k] += hc[k] * hc[k];
    }
    for (let k = 0; k < d; k++) for (let j = 0; j < d; j++) cross[k][j] += zc[k] * hc[j];
  }
  return { zMean, zhatMean, cross, zz, hh };
}

/** Least-squares slope of ẑ_j on z_k: ⟨z_k, ẑ_j⟩_c / ‖z_k‖²_c, or 0 when z_k is constant. */
export function slope(m: CrossMoments, k: number, j: number): number {
  return m.zz[k] > 0 ? m.cross[k][j] / m.zz[k] : 0;
}

/** Offset b = mean(ẑ) − A mean(z): the best offset for a given A (it makes ẑ = A z + b exact on the means). */
export function offsetFor(a: Mat, zMean: Vec, zhatMean: Vec): Vec {
  return zhatMean.map((mj, j) => {
    let s = mj;
    for (let k = 0; k < a[j].length; k++) s -= a[j][k] * zMean[k];
    return s;
  });
}
