/**
 * Out-of-sample accuracy of a logistic-regression classifier (binary labels), for "does ẑ predict s?" checks.
 *
 *   p(y = 1 | x) = σ(wᵀφ(x) + b),  φ(x) = [x, x², x³] per coordinate (standardised with the training fold's moments),
 *   fitted by Newton–Raphson (IRLS) on the L2-penalised log-likelihood  Σ log p(y_t | x_t) − (λ/2)‖w‖²  (λ = 1e-3·n),
 *   accuracy = mean over held-out rows of 1[(p ≥ ½) = y], two-fold cross-fitted (even ↔ odd rows).
 * The cubic features let a monotone but nonlinear dependence through; the penalty keeps separable folds finite.
 * Reference: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §4.4.1 (IRLS).
 */
import { Matrix, solve } from 'ml-matrix';
import type { Mat } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertMatrix } from '../core/validate.ts';

function features(x: Mat, mean: number[], sd: number[]): number[][] {
  return x.map((r) => [1, ...r.flatMap((v, j) => {
    const u = (v - mean[j]) / sd[j];
    return [u, u * u, u * u * u];
  })]);
}

/** Fit IRLS on rows (features include the intercept column 0, unpenalised). Returns the weights. */
function irls(phi: number[][], y: number[], lambda: number, iterations = 25): number[] {
  const p = phi[0].length;
  let w = new Array<number>(p).fill(0);
  for (let it = 0; it < iterations; it++) {
    const h = new Matrix(p, p);
    const g = new Array<number>(p).fill(0);
    phi.forEach((f, t) => {
      const eta = f.reduce((s, v, j) => s + v * w[j], 0);
      const mu = 1 / (1 + Math.exp(-eta));
      const wt = Math.max(mu * (1 - mu), 1e-10);
      for (let i = 0; i < p; i++) {
        g[i] += (y[t] - mu) * f[i];
        for (let j = 0; j <= i; j++) h.set(i, j, h.get(i, j) + wt * f[i] * f[j]);
      }
    });
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < i; j++) h.set(j, i, h.get(i, j));
      if (i > 0) {
        h.set(i, i, h.get(i, i) + lambda);
        g[i] -= lambda * w[i];
      }
    }
    const step = solve(h, Matrix.columnVector(g)).to1DArray();
    w = w.map((v, i) => v + step[i]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return w;
}

/** Two-fold cross-fitted accuracy of logistic regression with cubic features predicting binary y from x (n × p). */
export function logisticAccuracy(x: Mat, y: number[]): number {
  assertMatrix('x', x, { minRows: 4 });
  if (!Array.isArray(y) || y.length !== x.length) throw new InputError('y', y, `${x.length} labels, one per row of x`);
  y.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new InputError(`y[${i}]`, v, '0 or 1');
  });
  let correct = 0;
  for (let fold = 0; fold < 2; fold++) {
    const tr = x.flatMap((_, t) => (t % 2 === fold ? [t] : []));
    const te = x.flatMap((_, t) => (t % 2 !== fold ? [t] : []));
    const xs = tr.map((t) => x[t]);
    const mean = xs[0].map((_, j) => xs.reduce((s, r) => s + r[j], 0) / xs.length);
    const sd = mean.map((m, j) => Math.sqrt(xs.reduce((s, r) => s + (r[j] - m) ** 2, 0) / xs.length) || 1);
    const w = irls(features(xs, mean, sd), tr.map((t) => y[t]), 1e-3 * tr.length);
    const phi = features(te.map((t) => x[t]), mean, sd);
    phi.forEach((f, k) => {
      const eta = f.reduce((s, v, j) => s + v * w[j], 0);
      if ((eta >= 0 ? 1 : 0) === y[te[k]]) correct++;
    });
  }
  return correct / x.length;
}

/**
 * Logistic regression (cubic features, as `logisticAccuracy`) fitted on all of (x, y); returns the classifier
 * x ↦ 1[p(y = 1 | x) ≥ ½], features standardised with the fitting rows' moments. For transfer checks (fit in one
 * distribution, score in another).
 */
export function fitLogistic(x: Mat, y: number[]): (rows: Mat) => number[] {
  assertMatrix('x', x, { minRows: 4 });
  if (!Array.isArray(y) || y.length !== x.length) throw new InputError('y', y, `${x.length} labels, one per row of x`);
  y.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new InputError(`y[${i}]`, v, '0 or 1');
  });
  const p = x[0].length;
  const mean = x[0].map((_, j) => x.reduce((s, r) => s + r[j], 0) / x.length);
  const sd = mean.map((m, j) => Math.sqrt(x.reduce((s, r) => s + (r[j] - m) ** 2, 0) / x.length) || 1);
  const w = irls(features(x, mean, sd), y, 1e-3 * x.length);
  return (rows: Mat) => {
    assertMatrix('rows', rows, { cols: p });
    return features(rows, mean, sd).map((f) => (f.reduce((s, v, j) => s + v * w[j], 0) >= 0 ? 1 : 0));
  };
}

/** Share of equal entries of two label vectors of the same length. */
export function accuracyOf(predicted: number[], y: number[]): number {
  if (!Array.isArray(y) || y.length !== predicted.length || y.length === 0) throw new InputError('y', y, `${predicted.length} labels`);
  return predicted.reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / y.length;
}
