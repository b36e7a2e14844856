/**
 * Isotonic (monotone) least-squares regression by the pool-adjacent-violators algorithm (PAVA):
 *
 *   min_{ŷ} Σ_t (y_t − ŷ_t)²  subject to  ŷ_1 ≤ ŷ_2 ≤ … ≤ ŷ_n   (y already ordered by the regressor),
 *
 * solved exactly in O(n): scan left to right, keep blocks of pooled means, merge the last two blocks while
 * their means decrease. The solution is the vector of block means (Barlow, Bartholomew, Bremner & Brunk 1972,
 * "Statistical inference under order restrictions", ch. 1; Best & Chakravarti 1990, Math. Programming 47).
 * Ties in the regressor are not pooled here: callers sort by x and treat each row as its own position
 * (for continuous x ties have probability 0).
 */

/** Fitted values of the increasing isotonic regression of `y` (already ordered by the regressor). */
export function isotonicIncreasing(y: readonly number[]): number[] {
  const n = y.length;
  const mean: number[] = [];
  const weight: number[] = [];
  for (let t = 0; t < n; t++) {
    let m = y[t];
    let w = 1;
    while (mean.length > 0 && mean[mean.length - 1] > m) {
      const pm = mean.pop()!;
      const pw = weight.pop()!;
      m = (pm * pw + m * w) / (pw + w);
      w += pw;
    }
    mean.push(m);
    weight.push(w);
  }
  const out = new Array<number>(n);
  let t = 0;
  for (let b = 0; b < mean.length; b++) for (let k = 0; k < weight[b]; k++) out[t++] = mean[b];
  return out;
}

/** Σ_t (y_t − f_t)². */
export function sumSquaredError(y: readonly number[], f: readonly number[]): number {
  let s = 0;
  for (let t = 0; t < y.length; t++) s += (y[t] - f[t]) ** 2;
  return s;
}

/**
 * The best monotone (increasing or decreasing) fit of `y` on the order given by `order` (row indices sorted by
 * the regressor): fitted values in that order, the direction, and the residual sum of squares.
 */
export function monotoneFit(y: readonly number[], order: readonly number[]): { fitted: number[]; increasing: boolean; sse: number } {
  const ys = order.map((t) => y[t]);
  const inc = isotonicIncreasing(ys);
  const dec = isotonicIncreasing(ys.map((v) => -v)).map((v) => -v);
  const sInc = sumSquaredError(ys, inc);
  const sDec = sumSquaredError(ys, dec);
  return sInc <= sDec ? { fitted: inc, increasing: true, sse: sInc } : { fitted: dec, increasing: false, sse: sDec };
}
