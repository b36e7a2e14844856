/**
 * k-nearest-neighbour estimators on plain arrays (rows = samples), Euclidean distance, exact search:
 * O(n_train · n_test · d), meant for the few-dimensional latents (≤ 8 dims, ≤ a few thousand rows) of the
 * representation checks.
 *
 * - `knnRegressionR2`: predict each test target as the mean of its k nearest training rows' targets
 *   (Cover & Hart style nonparametric regression); R² = 1 − SS_res / SS_tot per target column (SS_tot
 *   about the test mean), averaged over columns. A consistent estimator of the share of variance that is a
 *   function of the inputs, for any continuous function (no parametric form assumed). For a target independent
 *   of the inputs the prediction is a mean of k independent draws, so E[R²] ≈ −1/k (not 0).
 * - `knnClassifierAccuracy`: majority vote of the k nearest training rows (ties: smallest class), share of
 *   test rows classified correctly.
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix } from '../core/validate.ts';

function neighbours(train: Mat, q: number[], k: number): number[] {
  const best: { d: number; i: number }[] = [];
  for (let i = 0; i < train.length; i++) {
    const r = train[i];
    let d = 0;
    for (let j = 0; j < q.length; j++) d += (r[j] - q[j]) ** 2;
    if (best.length < k) {
      best.push({ d, i });
      best.sort((a, b) => a.d - b.d || a.i - b.i);
    } else if (d < best[k - 1].d) {
      best[k - 1] = { d, i };
      best.sort((a, b) => a.d - b.d || a.i - b.i);
    }
  }
  return best.map((b) => b.i);
}

function checkK(k: unknown, n: number): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > n) throw new InputError('k', k, `an integer in [1, ${n}] (number of training rows)`);
  return k;
}

/** Held-out kNN regression R² of `yTest` from `xTest`, fitted on (`xTrain`, `yTrain`) (module doc). */
export function knnRegressionR2(xTrain: Mat, yTrain: Mat, xTest: Mat, yTest: Mat, k = 10): number {
  assertMatrix('xTrain', xTrain);
  assertMatrix('yTrain', yTrain, { rows: xTrain.length });
  assertMatrix('xTest', xTest, { cols: xTrain[0].length });
  assertMatrix('yTest', yTest, { rows: xTest.length, cols: yTrain[0].length });
  checkK(k, xTrain.length);
  const c = yTest[0].length;
  const mean = new Array<number>(c).fill(0);
  for (const r of yTest) for (let j = 0; j < c; j++) mean[j] += r[j] / yTest.length;
  const res = new Array<number>(c).fill(0);
  const tot = new Array<number>(c).fill(0);
  xTest.forEach((q, t) => {
    const nb = neighbours(xTrain, q, k);
    for (let j = 0; j < c; j++) {
      const pred = nb.reduce((s, i) => s + yTrain[i][j], 0) / k;
      res[j] += (yTest[t][j] - pred) ** 2;
      tot[j] += (yTest[t][j] - mean[j]) ** 2;
    }
  });
  return res.reduce((s, r, j) => s + (tot[j] > 0 ? 1 - r / tot[j] : 0), 0) / c;
}

/** Held-out kNN classification accuracy (module doc). */
export function knnClassifierAccuracy(xTrain: Mat, yTrain: number[], xTest: Mat, yTest: number[], k = 15): number {
  assertMatrix('xTrain', xTrain);
  assertMatrix('xTest', xTest, { cols: xTrain[0].length });
  if (!Array.isArray(yTrain) || yTrain.length !== xTrain.length) throw new InputError('yTrain', yTrain, `${xTrain.length} integer labels`);
  if (!Array.isArray(yTest) || yTest.length !== xTest.length) throw new InputError('yTest', yTest, `${xTest.length} integer labels`);
  checkK(k, xTrain.length);
  let correct = 0;
  xTest.forEach((q, t) => {
    const votes = new Map<number, number>();
    for (const i of neighbours(xTrain, q, k)) votes.set(yTrain[i], (votes.get(yTrain[i]) ?? 0) + 1);
    let best = -1;
    let bestV = -1;
    for (const [c, v] of [...votes].sort((a, b) => a[0] - b[0])) if (v > bestV) [best, bestV] = [c, v];
    if (best === yTest[t]) correct++;
  });
  return correct / xTest.length;
}
