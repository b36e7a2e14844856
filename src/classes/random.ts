/** Random draws of the parts of class members: scales, offsets, orthogonal matrices, coordinate planes. */
import type { Mat, Vec } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';

/** Magnitudes of sampled scales are uniform in [SCALE_MIN, SCALE_MAX]: away from 0, so members are well conditioned. */
export const SCALE_MIN = 0.5;
export const SCALE_MAX = 2;

/** A positive scale in [0.5, 2]. */
export function randomPositiveScale(rng: Rng): number {
  return rng.range(SCALE_MIN, SCALE_MAX);
}

/** d signed scales s_j = ±|s_j|, |s_j| ∈ [0.5, 2]. */
export function randomScales(rng: Rng, d: number): Vec {
  return Array.from({ length: d }, () => rng.sign() * randomPositiveScale(rng));
}

/** A random offset b ~ N(0, I_d). */
export function randomOffset(rng: Rng, d: number): Vec {
  return rng.normals(d);
}

/**
 * A Haar-random orthogonal d × d matrix: Gram–Schmidt (modified, done twice for stability)
 * on the columns of a standard normal matrix, which is QR with a positive diagonal of R.
 */
export function randomOrthogonal(rng: Rng, d: number): Mat {
  const g = rng.normalMatrix(d, d);
  const cols: Vec[] = [];
  for (let j = 0; j < d; j++) {
    let v = g.map((row) => row[j]);
    for (let pass = 0; pass < 2; pass++)
      for (const q of cols) {
        const dot = v.reduce((s, x, i) => s + x * q[i], 0);
        v = v.map((x, i) => x - dot * q[i]);
      }
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    cols.push(v.map((x) => x / norm));
  }
  return Array.from({ length: d }, (_, i) => cols.map((c) => c[i]));
}

/** A random coordinate plane (i, j), i ≠ j, of R^d (d ≥ 2). */
export function randomPlane(rng: Rng, d: number): [number, number] {
  const [i, j] = rng.permutation(d);
  return [i, j];
}
