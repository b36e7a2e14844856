/** Validation of the (z, ẑ) sample pair handed to a class fit. */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertSamplePair } from '../core/validate.ts';

/**
 * Check z and ẑ for a class acting on R^dim: finite rectangular matrices with the same number of rows n,
 * n > dim + 1 (so that offsets and scales are determined), and exactly `dim` columns each.
 * Throws `InputError` naming `z…` or `zhat…` and the rejected value.
 */
export function assertClassSamples(z: unknown, zhat: unknown, dim: number): [Mat, Mat] {
  const [a, b] = assertSamplePair('z', z, 'zhat', zhat);
  if (a[0].length !== dim) throw new InputError('z.cols', a[0].length, `${dim} columns, the class dimension`);
  if (b[0].length !== dim) throw new InputError('zhat.cols', b[0].length, `${dim} columns, the class dimension`);
  return [a, b];
}

/**
 * Whether every column of `a` is constant up to rounding: max_t |a_tj − ā_j| ≤ n·ε·max_t |a_tj|
 * (the same rule as the metrics' correlation, so "constant" means one thing across the suite).
 */
export function isConstant(a: Mat): boolean {
  const n = a.length;
  const d = a[0].length;
  for (let j = 0; j < d; j++) {
    let sum = 0;
    let maxAbs = 0;
    for (let t = 0; t < n; t++) {
      sum += a[t][j];
      maxAbs = Math.max(maxAbs, Math.abs(a[t][j]));
    }
    const mean = sum / n;
    for (let t = 0; t < n; t++) if (Math.abs(a[t][j] - mean) > n * Number.EPSILON * maxAbs) return false;
  }
  return true;
}
