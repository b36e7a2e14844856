/**
 * Kernel ridge regression with a Gaussian (RBF) kernel, and the out-of-sample R² it gives.
 *
 * Model (scikit-learn's `KernelRidge(kernel='rbf', gamma=γ, alpha=α)`, no intercept):
 *   k(x, x') = exp(−γ ‖x − x'‖²)
 *   c = argmin ‖y − K c‖² + α cᵀ K c  =  (K + α I)⁻¹ y        (Cholesky of K + α I)
 *   f(x*) = Σ_t c_t k(x*, x_t)
 * Above `maxExact` training rows the Nyström approximation with m landmarks L (every ⌊n/m⌋-th training row,
 * deterministic) replaces K by K_nL K_LL⁻¹ K_Ln:
 *   β = (K_Ln K_nL + α K_LL + ε I)⁻¹ K_Ln y,   f(x*) = Σ_l β_l k(x*, x_l)
 * (Williams & Seeger 2001; Rudi, Camoriano & Rosasco 2015, "Less is more: Nyström computational regularization").
 *
 * Bandwidth rule (`medianGamma`): the median heuristic on the inputs as given,
 *   γ = 1 / median{ ‖x_s − x_t‖² : s < t among the first min(n, 1000) rows },
 * so that the kernel at the typical pairwise distance is e⁻¹ (Gretton et al. 2012, "A kernel two-sample test";
 * Garreau, Jitkrittum & Kanagawa 2017, "Large sample analysis of the median heuristic").
 *
 * Out-of-sample R² (`kernelR2`): inputs standardised and targets centred with the training fold's moments, an affine
 * part fitted first (OLS with intercept) and the kernel ridge fitted to its residuals (an RBF machine alone reverts to
 * the mean away from the data, so it cannot extrapolate a map that grows linearly into heavy tails; the affine part can),
 * α = `alphaPerSample` · n_train (the ridge penalty λ‖f‖² on the mean squared error, λ = 1e-3 by default),
 * γ by the median rule on the standardised training inputs; two-fold cross-fitting (even rows ↔ odd rows), so
 *   R² = 1 − Σ_folds Σ_t ‖y_t − ŷ_t‖² / Σ_t ‖y_t − ȳ‖²       (pooled over the output columns),
 * which can be slightly negative for an unrelated target. In-sample R² of a kernel machine is not used: with a
 * small ridge it explains noise too, so it cannot tell a function of z_i from no function of z_i.
 *
 * Reference values: `tests/metrics/golden-kernel-ridge.test.ts` against scikit-learn 1.x (`bench/reference/kernel_ridge.py`).
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix, assertNumber, assertPositiveInt } from '../core/validate.ts';
import { olsWithIntercept } from '../linalg/ols.ts';
import quickselect from 'quickselect';

/** Default ridge per training sample: α = 1e-3 · n_train. */
export const KERNEL_ALPHA_PER_SAMPLE = 1e-3;
/** Largest training fold solved exactly (O(n³)); larger folds use Nyström. */
export const KERNEL_MAX_EXACT = 2000;
/** Nyström landmarks above `KERNEL_MAX_EXACT`. */
export const KERNEL_NYSTROM_LANDMARKS = 500;
/** Rows used by the median heuristic (O(m²) pairs). */
export const MEDIAN_RULE_ROWS = 1000;

/** A fitted kernel ridge regressor. */
export interface KernelRidgeFit {
  /** γ used. */
  gamma: number;
  /** α used. */
  alpha: number;
  /** 'exact' (n × n solve) or 'nystrom' (m landmarks). */
  method: 'exact' | 'nystrom';
  /** Number of kernel centres (n_train, or m). */
  centres: number;
  /** Predict the targets of new rows (n* × p in, n* × q out). */
  predict(x: Mat): Mat;
}

/** Options of the RBF kernel ridge fit: bandwidth γ, ridge α, and the row count above which the Nyström approximation is used. */
export interface KernelRidgeOptions {
  /** RBF γ > 0; default: `medianGamma(x)`. */
  gamma?: number;
  /** Ridge α ≥ 0; default `KERNEL_ALPHA_PER_SAMPLE · n`. */
  alpha?: number;
  /** Training rows solved exactly; above it Nyström (default `KERNEL_MAX_EXACT`). */
  maxExact?: number;
  /** Nyström landmarks (default `KERNEL_NYSTROM_LANDMARKS`). */
  landmarks?: number;
}

/** Row-major flat copy of a matrix. */
function flat(a: Mat): Float64Array {
  const n = a.length;
  const p = a[0].length;
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) out[i * p + j] = a[i][j];
  return out;
}

/** K[s][t] = exp(−γ ‖a_s − b_t‖²) as a flat na × nb array (a, b flat row-major with p columns). */
function rbfFlat(a: Float64Array, na: number, b: Float64Array, nb: number, p: number, gamma: number): Float64Array {
  const k = new Float64Array(na * nb);
  for (let s = 0; s < na; s++) {
    const so = s * p;
    for (let t = 0; t < nb; t++) {
      const to = t * p;
      let d2 = 0;
      for (let j = 0; j < p; j++) {
        const d = a[so + j] - b[to + j];
        d2 += d * d;
      }
      k[s * nb + t] = Math.exp(-gamma * d2);
    }
  }
  return k;
}

/** K[s][t] = exp(−γ ‖a_s − a_t‖²) of one set (symmetric: each pair computed once; (x − y)² = (y − x)² exactly). */
function rbfGramFlat(a: Float64Array, n: number, p: number, gamma: number): Float64Array {
  const k = new Float64Array(n * n);
  for (let s = 0; s < n; s++) {
    const so = s * p;
    k[s * n + s] = 1;
    for (let t = s + 1; t < n; t++) {
      const to = t * p;
      let d2 = 0;
      for (let j = 0; j < p; j++) {
        const d = a[so + j] - a[to + j];
        d2 += d * d;
      }
      const v = Math.exp(-gamma * d2);
      k[s * n + t] = v;
      k[t * n + s] = v;
    }
  }
  return k;
}

/** The RBF Gram matrix k(x_s, y_t) = exp(−γ ‖x_s − y_t‖²). */
export function rbfKernel(x: Mat, y: Mat, gamma: number): Mat {
  const p = x[0].length;
  const k = rbfFlat(flat(x), x.length, flat(y), y.length, p, gamma);
  return Array.from({ length: x.length }, (_, s) => Array.from(k.subarray(s * y.length, (s + 1) * y.length)));
}

/**
 * In-place Cholesky A = L Lᵀ of a symmetric positive-definite n × n flat matrix (lower triangle overwritten by L).
 * Throws `InputError('kernel', …)` when A is not numerically positive definite.
 */
function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const jo = j * n;
    let d = a[jo + j];
    for (let k = 0; k < j; k++) d -= a[jo + k] * a[jo + k];
    if (!(d > 0)) throw new InputError('kernel', d, 'a positive-definite K + αI (raise alpha: the kernel matrix is singular)');
    const l = Math.sqrt(d);
    a[jo + j] = l;
    // Two rows at a time share the loads of row j (each entry's sum runs in the same order as one row at a time).
    let i = j + 1;
    for (; i + 1 < n; i += 2) {
      const io = i * n;
      const io1 = io + n;
      let s0 = a[io + j];
      let s1 = a[io1 + j];
      for (let k = 0; k < j; k++) {
        const ljk = a[jo + k];
        s0 -= a[io + k] * ljk;
        s1 -= a[io1 + k] * ljk;
      }
      a[io + j] = s0 / l;
      a[io1 + j] = s1 / l;
    }
    for (; i < n; i++) {
      const io = i * n;
      let s = a[io + j];
      for (let k = 0; k < j; k++) s -= a[io + k] * a[jo + k];
      a[io + j] = s / l;
    }
  }
}

/** Solve L Lᵀ X = B for q right-hand sides (B flat n × q, overwritten by X). */
function choleskySolve(l: Float64Array, n: number, b: Float64Array, q: number): void {
  for (let i = 0; i < n; i++) {
    const io = i * n;
    for (let c = 0; c < q; c++) {
      let s = b[i * q + c];
      for (let k = 0; k < i; k++) s -= l[io + k] * b[k * q + c];
      b[i * q + c] = s / l[io + i];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let c = 0; c < q; c++) {
      let s = b[i * q + c];
      for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k * q + c];
      b[i * q + c] = s / l[i * n + i];
    }
  }
}

/**
 * The median-heuristic RBF γ = 1 / median ‖x_s − x_t‖² over pairs s < t of the first min(n, 1000) rows
 * (numpy's median: mean of the two middle values for an even count). Throws `InputError('x', …)` when every
 * pair coincides (no scale to take).
 */
export function medianGamma(x: Mat): number {
  const m = Math.min(x.length, MEDIAN_RULE_ROWS);
  const p = x[0].length;
  const d2 = new Float64Array((m * (m - 1)) / 2);
  let c = 0;
  for (let s = 0; s < m; s++)
    for (let t = s + 1; t < m; t++) {
      let v = 0;
      for (let j = 0; j < p; j++) {
        const d = x[s][j] - x[t][j];
        v += d * d;
      }
      d2[c++] = v;
    }
  // Selection (mourner's quickselect, Floyd–Rivest), not a full sort: O(m²) instead of O(m² log m) for the same order statistics.
  const h = d2.length >> 1;
  const arr = d2 as unknown as number[];
  quickselect(arr, h);
  let med = d2[h];
  if (d2.length % 2 === 0) {
    // Below h every value is ≤ d2[h]: the (h−1)-th order statistic is their maximum.
    let lower = -Infinity;
    for (let i = 0; i < h; i++) if (d2[i] > lower) lower = d2[i];
    med = (lower + d2[h]) / 2;
  }
  if (!(med > 0)) throw new InputError('x', x, 'inputs with distinct rows (the median pairwise distance is 0)');
  return 1 / med;
}

/** Fit kernel ridge regression y ≈ f(x) (n × p inputs, n × q targets, no intercept, as scikit-learn). */
export function kernelRidge(x: Mat, y: Mat, opts: KernelRidgeOptions = {}): KernelRidgeFit {
  assertMatrix('x', x, { minRows: 2 });
  assertMatrix('y', y);
  if (y.length !== x.length) throw new InputError('y.rows', y.length, `${x.length} rows, as many as x`);
  const n = x.length;
  const p = x[0].length;
  const q = y[0].length;
  const gamma = opts.gamma === undefined ? medianGamma(x) : assertNumber('gamma', opts.gamma, { min: 0 });
  if (!(gamma > 0)) throw new InputError('gamma', gamma, 'a number > 0');
  const alpha = opts.alpha === undefined ? KERNEL_ALPHA_PER_SAMPLE * n : assertNumber('alpha', opts.alpha, { min: 0 });
  const maxExact = opts.maxExact === undefined ? KERNEL_MAX_EXACT : assertPositiveInt('maxExact', opts.maxExact);
  const xf = flat(x);
  const yf = flat(y);
  let centres: Float64Array;
  let nc: number;
  let coef: Float64Array;
  let method: 'exact' | 'nystrom';
  if (n <= maxExact) {
    method = 'exact';
    const k = rbfGramFlat(xf, n, p, gamma);
    for (let i = 0; i < n; i++) k[i * n + i] += alpha;
    choleskyInPlace(k, n);
    coef = yf.slice();
    choleskySolve(k, n, coef, q);
    centres = xf;
    nc = n;
  } else {
    method = 'nystrom';
    const m = Math.min(n, opts.landmarks === undefined ? KERNEL_NYSTROM_LANDMARKS : assertPositiveInt('landmarks', opts.landmarks));
    const stride = Math.floor(n / m);
    const lf = new Float64Array(m * p);
    for (let l = 0; l < m; l++) for (let j = 0; j < p; j++) lf[l * p + j] = xf[l * stride * p + j];
    const knl = rbfFlat(xf, n, lf, m, p, gamma);
    const kll = rbfFlat(lf, m, lf, m, p, gamma);
    // A = K_Ln K_nL + α K_LL + ε I, rhs = K_Ln y.
    const a = new Float64Array(m * m);
    const rhs = new Float64Array(m * q);
    for (let t = 0; t < n; t++) {
      const to = t * m;
      for (let u = 0; u < m; u++) {
        const ku = knl[to + u];
        if (ku === 0) continue;
        const uo = u * m;
        for (let v = 0; v <= u; v++) a[uo + v] += ku * knl[to + v];
        for (let c = 0; c < q; c++) rhs[u * q + c] += ku * yf[t * q + c];
      }
    }
    let trace = 0;
    for (let u = 0; u < m; u++) trace += a[u * m + u];
    const eps = 1e-10 * (trace / m);
    for (let u = 0; u < m; u++) {
      for (let v = 0; v <= u; v++) {
        a[u * m + v] += alpha * kll[u * m + v];
        a[v * m + u] = a[u * m + v];
      }
      a[u * m + u] += eps;
    }
    choleskyInPlace(a, m);
    choleskySolve(a, m, rhs, q);
    coef = rhs;
    centres = lf;
    nc = m;
  }
  const predict = (xs: Mat): Mat => {
    assertMatrix('x', xs, { cols: p });
    const ks = rbfFlat(flat(xs), xs.length, centres, nc, p, gamma);
    return Array.from({ length: xs.length }, (_, s) => {
      const out = new Array<number>(q).fill(0);
      const so = s * nc;
      for (let t = 0; t < nc; t++) {
        const kv = ks[so + t];
        for (let c = 0; c < q; c++) out[c] += kv * coef[t * q + c];
      }
      return out;
    });
  };
  return { gamma, alpha, method, centres: nc, predict };
}

/** Column means and standard deviations (population; a zero SD becomes 1 so a constant column stays constant). */
function moments(a: Mat): { mean: number[]; sd: number[] } {
  const n = a.length;
  const p = a[0].length;
  const mean = new Array<number>(p).fill(0);
  const sd = new Array<number>(p).fill(0);
  for (const row of a) for (let j = 0; j < p; j++) mean[j] += row[j] / n;
  for (const row of a) for (let j = 0; j < p; j++) sd[j] += (row[j] - mean[j]) ** 2 / n;
  return { mean, sd: sd.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

/** Options of the cross-fitted kernel-ridge R²: ridge per training sample, exact-fit row limit and the fold seed. */
export interface KernelR2Options {
  /** Ridge per training sample λ: α = λ · n_train (default `KERNEL_ALPHA_PER_SAMPLE`). */
  alphaPerSample?: number;
  /** See `KernelRidgeOptions.maxExact`. */
  maxExact?: number;
  /** See `KernelRidgeOptions.landmarks`. */
  landmarks?: number;
}

/** Out-of-fold predictions and sums of squares of a two-fold cross-fitted kernel ridge (see module doc). */
export interface KernelCrossFit {
  /** Out-of-fold prediction of every row of y (n × q). */
  prediction: Mat;
  /** Σ ‖y − ŷ‖² per output column. */
  ssRes: number[];
  /** Σ ‖y − ȳ‖² per output column. */
  ssTot: number[];
}

/**
 * The regressor behind `kernelR2`, fitted on all given rows: inputs standardised and targets centred with their moments,
 * OLS with intercept first, RBF kernel ridge (median γ on the standardised inputs, α = λ·n) on its residuals.
 * Returns the predictor x* ↦ ȳ + OLS(x*) + KRR(x*) (raw, unstandardised inputs and outputs).
 */
export function affineKernelRidge(x: Mat, y: Mat, opts: KernelR2Options = {}): (x: Mat) => Mat {
  const lambda = opts.alphaPerSample === undefined ? KERNEL_ALPHA_PER_SAMPLE : assertNumber('alphaPerSample', opts.alphaPerSample, { min: 0 });
  const xm = moments(x);
  const ym = moments(y);
  const std = (rows: Mat) => rows.map((row) => row.map((v, j) => (v - xm.mean[j]) / xm.sd[j]));
  const xs = std(x);
  const ys = y.map((row) => row.map((v, c) => v - ym.mean[c]));
  let gamma: number;
  try {
    gamma = medianGamma(xs);
  } catch {
    gamma = 1; // every input identical: any bandwidth gives the constant (mean) predictor
  }
  // Affine part first (OLS on the standardised inputs), kernel ridge on its residuals.
  const lin = olsWithIntercept(xs, ys);
  const linTrain = lin.predict(xs);
  const resid = ys.map((row, s) => row.map((v, c) => v - linTrain[s][c]));
  const fit = kernelRidge(xs, resid, { gamma, alpha: lambda * x.length, maxExact: opts.maxExact, landmarks: opts.landmarks });
  return (xt: Mat): Mat => {
    const z = std(assertMatrix('x', xt, { cols: x[0].length }));
    const k = fit.predict(z);
    const l = lin.predict(z);
    return k.map((row, s) => row.map((v, c) => v + l[s][c] + ym.mean[c]));
  };
}

/** Two-fold (even ↔ odd rows) cross-fitted kernel ridge prediction of y (n × q) from x (n × p); n ≥ 6. */
export function kernelCrossFit(x: Mat, y: Mat, opts: KernelR2Options = {}): KernelCrossFit {
  assertMatrix('x', x, { minRows: 6 });
  assertMatrix('y', y);
  if (y.length !== x.length) throw new InputError('y.rows', y.length, `${x.length} rows, as many as x`);
  const lambda = opts.alphaPerSample === undefined ? KERNEL_ALPHA_PER_SAMPLE : assertNumber('alphaPerSample', opts.alphaPerSample, { min: 0 });
  const n = x.length;
  const q = y[0].length;
  const prediction: Mat = Array.from({ length: n }, () => new Array<number>(q).fill(0));
  for (let fold = 0; fold < 2; fold++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let t = 0; t < n; t++) (t % 2 === fold ? train : test).push(t);
    const fit = affineKernelRidge(
      train.map((t) => x[t]),
      train.map((t) => y[t]),
      { alphaPerSample: lambda, maxExact: opts.maxExact, landmarks: opts.landmarks },
    );
    const pred = fit(test.map((t) => x[t]));
    test.forEach((t, s) => (prediction[t] = pred[s]));
  }
  const mean = moments(y).mean;
  const ssRes = new Array<number>(q).fill(0);
  const ssTot = new Array<number>(q).fill(0);
  for (let t = 0; t < n; t++)
    for (let c = 0; c < q; c++) {
      ssRes[c] += (y[t][c] - prediction[t][c]) ** 2;
      ssTot[c] += (y[t][c] - mean[c]) ** 2;
    }
  return { prediction, ssRes, ssTot };
}

/**
 * Out-of-sample R² of y (n × q) from x (n × p) by cross-fitted kernel ridge, pooled over the columns of y:
 * 1 − Σ ssRes / Σ ssTot (1 for a constant y: nothing to explain).
 */
export function kernelR2(x: Mat, y: Mat, opts: KernelR2Options = {}): number {
  const { ssRes, ssTot } = kernelCrossFit(x, y, opts);
  const res = ssRes.reduce((s, v) => s + v, 0);
  const tot = ssTot.reduce((s, v) => s + v, 0);
  return tot > 0 ? 1 - res / tot : 1;
}
