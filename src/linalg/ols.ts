/**
 * Ordinary least squares with intercept: Y ≈ X·B + c, fitted by SVD least squares on centred data
 * (minimum-norm B when X is rank-deficient).
 */
import type { Mat, Vec } from '../core/matrix.ts';
import { center, colMeans } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertMatrix } from '../core/validate.ts';
import { lstsq } from './inverse.ts';

/** Result of `olsWithIntercept`: B and c of Y ≈ X B + c, R² and sums of squares per output column, and a predictor. */
export interface OlsFit {
  /** Coefficients, p × q: column j predicts Y[:, j]. */
  coef: Mat;
  /** Intercept, length q. */
  intercept: Vec;
  /** R² per output column: 1 − SS_res/SS_tot (1 when a column is constant and fitted exactly, 0 when constant otherwise). */
  r2: Vec;
  /** Residual sum of squares per output column. */
  ssRes: Vec;
  /** Total sum of squares (about the mean) per output column. */
  ssTot: Vec;
  /** Predict rows of Y for new rows of X. */
  predict(x: Mat): Mat;
}

/** Fit Y ≈ X B + c (n × p predictors, n × q targets). Needs n ≥ 2. */
export function olsWithIntercept(x: Mat, y: Mat): OlsFit {
  assertMatrix('x', x, { minRows: 2 });
  assertMatrix('y', y);
  if (y.length !== x.length) throw new InputError('y.rows', y.length, `${x.length} rows, as many as x`);
  const mx = colMeans(x);
  const my = colMeans(y);
  const xc = center(x);
  const yc = center(y);
  const coef = lstsq(xc, yc);
  const p = x[0].length;
  const q = y[0].length;
  const intercept = my.map((m, j) => {
    let s = m;
    for (let k = 0; k < p; k++) s -= mx[k] * coef[k][j];
    return s;
  });
  const predict = (xs: Mat): Mat =>
    xs.map((row) => {
      const out = intercept.slice();
      for (let k = 0; k < p; k++) {
        const v = row[k];
        for (let j = 0; j < q; j++) out[j] += v * coef[k][j];
      }
      return out;
    });
  const yhat = predict(x);
  const ssRes = new Array<number>(q).fill(0);
  const ssTot = new Array<number>(q).fill(0);
  for (let i = 0; i < y.length; i++)
    for (let j = 0; j < q; j++) {
      const r = y[i][j] - yhat[i][j];
      ssRes[j] += r * r;
      ssTot[j] += yc[i][j] * yc[i][j];
    }
  const r2 = ssTot.map((t, j) => (t > 0 ? 1 - ssRes[j] / t : ssRes[j] <= 1e-24 ? 1 : 0));
  return { coef, intercept, r2, ssRes, ssTot, predict };
}
