/** Sample moments for the statistical tests of the data processes. */
import type { Mat } from '../../src/core/matrix.ts';

export function mean(xs: number[]): number {
  return xs.reduce((s, v) => s + v, 0) / xs.length;
}

export function variance(xs: number[]): number {
  const m = mean(xs);
  return xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1);
}

export function excessKurtosis(xs: number[]): number {
  const m = mean(xs);
  let m2 = 0;
  let m4 = 0;
  for (const v of xs) {
    const d = (v - m) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= xs.length;
  m4 /= xs.length;
  return m4 / (m2 * m2) - 3;
}

export function column(a: Mat, j: number): number[] {
  return a.map((row) => row[j]);
}

/** Sample covariance (divisor N − 1). */
export function sampleCov(a: Mat): Mat {
  const d = a[0].length;
  const mu = Array.from({ length: d }, (_, j) => mean(column(a, j)));
  const c = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const row of a) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[i][j] += (row[i] - mu[i]) * (row[j] - mu[j]);
  return c.map((r) => r.map((v) => v / (a.length - 1)));
}
export { expectError } from '../groups/helpers.ts';
