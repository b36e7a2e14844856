/**
 * Hypothesis-class objective for 𝓜 = diagonal linear maps, with the mechanism parameters profiled out:
 * for each mechanism k and coordinate j the best θ_kj = Σ f′_j f_j / Σ f_j² (least squares over the pairs
 * of mechanism k), and
 *
 *   L(f) = Σ_i ‖f(x′_i) − diag(θ_{k_i}) f(x_i)‖²  /  Σ_i ‖f(x′_i)‖².
 *
 * L = 0 exactly when every mechanism acts diagonally in the coordinates of f. Scale-free; float64.
 */
import type { Mat } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertMatrix } from '../core/validate.ts';

export function diagonalHypothesisLoss(fx: Mat, fxNext: Mat, index: number[], count: number): number {
  assertMatrix('fx', fx);
  const d = fx[0].length;
  assertMatrix('fxNext', fxNext, { rows: fx.length, cols: d });
  if (!Array.isArray(index) || index.length !== fx.length) throw new InputError('index.length', index?.length, `${fx.length}, one mechanism index per pair`);
  const num = Array.from({ length: count }, () => new Array<number>(d).fill(0));
  const den = Array.from({ length: count }, () => new Array<number>(d).fill(0));
  index.forEach((k, i) => {
    if (!Number.isInteger(k) || k < 0 || k >= count) throw new InputError(`index[${i}]`, k, `a mechanism index in [0, ${count})`);
    for (let j = 0; j < d; j++) {
      num[k][j] += fxNext[i][j] * fx[i][j];
      den[k][j] += fx[i][j] * fx[i][j];
    }
  });
  const theta = num.map((row, k) => row.map((v, j) => (den[k][j] > 0 ? v / den[k][j] : 0)));
  let res = 0;
  let total = 0;
  index.forEach((k, i) => {
    for (let j = 0; j < d; j++) {
      const e = fxNext[i][j] - theta[k][j] * fx[i][j];
      res += e * e;
      total += fxNext[i][j] * fxNext[i][j];
    }
  });
  if (!(total > 0)) throw new InputError('fxNext', fxNext, 'encodings that are not all zero');
  return res / total;
}
