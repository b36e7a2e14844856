/**
 * Closed-form linear-Gaussian theory of Funke, Vicol et al. (2022), theory.md §4.
 *
 * Process: s ~ N(0, Σ_ρ), x = s + ε, ε ~ N(0, σ² I), with the signed equicorrelation
 *
 *   (Σ_ρ)ᵢᵢ = 1,  (Σ_ρ)ᵢⱼ = |ρ| · cᵢ cⱼ  (i ≠ j),   c = 1 for ρ ≥ 0, c = (+1, −1, +1, …) for ρ < 0,
 *
 * so d = 2 is exactly [[1, ρ], [ρ, 1]] and every ρ ∈ (−1, 1) is valid in any dimension (Σ_ρ = D Σ_|ρ| D with
 * D = diag(c); plain equicorrelation would need ρ ≥ −1/(d−1)). Representation z = W x (one coordinate per
 * attribute: subspace i = zᵢ), per-subspace linear heads ŝᵢ = kᵢ zᵢ (+ the optimal scale kᵢ), so the readout is
 * ŝ = B x with B = diag(k) W. Write C = Σ + σ² I = Cov(x).
 *
 * Variance explained of a readout B on a test process (Σ_te, C_te = Σ_te + σ² I):
 *
 *   VE(B; Σ_te) = 1 − E‖B x − s‖² / tr Σ_te,   E‖Bx − s‖² = tr(B C_te Bᵀ) − 2 tr(B Σ_te) + tr Σ_te.
 *
 * It is affine in ρ_te (Σ_te is), so its worst case over ρ_te ∈ [−1, 1] is at an endpoint (d = 2; for d > 2 the
 * signed structure changes at ρ = 0, so the worst case is the minimum over {−1, 0, 1}, VE being affine on each side).
 *
 * The three objectives, trained at Σ = Σ_ρ:
 * - **Base** (no penalty): the Wiener filter B = Σ C⁻¹ (W free, heads optimal). Train VE = 1 − tr(Σ − Σ C⁻¹ Σ)/d;
 *   in eigen-coordinates λ of Σ, MSE = Σ_λ λσ²/(λ + σ²).
 * - **Base+MI** (I(zᵢ; z₋ᵢ) = 0, i.e. Cov(z) diagonal for a Gaussian): W = D Q C^{−1/2} with Q orthogonal; the
 *   whitened u = Q C^{−1/2} x has unit variance, so kᵢ = Cov(sᵢ, uᵢ) and MSE = Σᵢ (1 − (M Qᵀ)ᵢᵢ²), M = Σ C^{−1/2}.
 *   For d = 2, Q = rotation or reflection by θ and M = a I + b J (J the exchange matrix): Σᵢ(MQᵀ)ᵢᵢ² = 2(a² cos²θ
 *   + b² sin²θ), maximised at θ = 0 when a ≥ |b| — which always holds since a = (m₊ + m₋)/2 > |m₊ − m₋|/2 = |b| for
 *   the two positive eigenvalues m± = λ±/√(λ± + σ²) of M. The optimum is symmetric whitening, train VE = a².
 *   We also search θ numerically (`miSolution(..., { angles })`) so the claim is checked, not assumed.
 *   Only d = 2 is closed-form (the optimal Q for d > 2 is an orthogonal Procrustes-type problem without one).
 * - **Base+CMI** (Σᵢ I(zᵢ; z₋ᵢ | sᵢ) = 0): every diagonal W gives zᵢ = wᵢ(sᵢ + εᵢ), and given sᵢ the only
 *   randomness left in zᵢ is εᵢ, independent of everything else: CMI = 0. The best head is kᵢ = 1/(wᵢ(1 + σ²)),
 *   so B = I/(1 + σ²) and VE = 1/(1 + σ²) on every test process (it does not involve ρ at all).
 *
 * Gaussian (conditional) MI of z = W x from the joint covariance of (z, s): Cov(z) = W C Wᵀ, Cov(z, s) = W Σ;
 * given sᵢ, Cov(z | sᵢ) = Cov(z) − Cov(z, sᵢ) Cov(z, sᵢ)ᵀ (Var sᵢ = 1), and
 * I(zᵢ; z₋ᵢ | sᵢ) = ½ log(det Sᵢᵢ · det S₋ᵢ₋ᵢ / det S) on that conditional covariance S (Cover & Thomas §8.5).
 *
 * Table 1 of the paper (ρ = 0.8, σ² = 0.1, test at ρ = 0): Base 91.93 % / 87.60 %, Base+MI 69.81 % / 64.97 %,
 * Base+CMI 90.91 % / 90.91 % — reproduced to 1e-4 (tests/funke/theory.test.ts).
 *
 * Reference: Funke, Vicol, Wang, Kümmerer, Zemel, Bethge (2022), "Disentanglement and Generalization Under
 * Correlation Shifts", CoLLAs 2022, §3 (linear-Gaussian analysis) and Table 1.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { InputError, NumericalError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix, assertPositiveInt } from '../core/validate.ts';

/** Check ρ ∈ (−1, 1) (strictly: at ±1 the attributes are copies and Σ is singular). */
export function assertRho(field: string, rho: unknown, opts: { closed?: boolean } = {}): number {
  const ok = typeof rho === 'number' && Number.isFinite(rho) && (opts.closed ? rho >= -1 && rho <= 1 : rho > -1 && rho < 1);
  if (!ok) throw new InputError(field, rho, opts.closed ? 'a correlation in [−1, 1]' : 'a correlation in the open interval (−1, 1)');
  return rho as number;
}

/** Check σ² > 0 (finite). */
export function assertNoiseVariance(field: string, sigma2: unknown): number {
  if (typeof sigma2 !== 'number' || !Number.isFinite(sigma2) || !(sigma2 > 0)) throw new InputError(field, sigma2, 'a noise variance σ² > 0 (finite)');
  return sigma2;
}

/** Sign pattern c of the signed equicorrelation (module doc). */
export function correlationSigns(d: number, rho: number): number[] {
  return Array.from({ length: d }, (_, i) => (rho >= 0 || i % 2 === 0 ? 1 : -1));
}

/** Σ_ρ: unit diagonal, (Σ)ᵢⱼ = |ρ| cᵢ cⱼ off the diagonal (module doc). ρ ∈ [−1, 1]. */
export function correlationMatrix(d: number, rho: number): Mat {
  assertPositiveInt('d', d);
  assertRho('rho', rho, { closed: true });
  const c = correlationSigns(d, rho);
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : Math.abs(rho) * c[i] * c[j])));
}

const M = (a: Mat) => new Matrix(a);
const toMat = (m: Matrix): Mat => m.to2DArray();
const trace = (a: Matrix): number => {
  let t = 0;
  for (let i = 0; i < a.rows; i++) t += a.get(i, i);
  return t;
};

/** Symmetric power S^p of a symmetric positive-definite matrix by eigendecomposition. */
function symPow(s: Matrix, p: number): Matrix {
  const e = new EigenvalueDecomposition(s, { assumeSymmetric: true });
  const v = e.eigenvectorMatrix;
  const lam = e.realEigenvalues;
  if (lam.some((l) => !(l > 0))) throw new NumericalError('covariance', lam, 'not positive definite');
  return v.mmul(Matrix.diag(lam.map((l) => l ** p))).mmul(v.transpose());
}

/** A linear-Gaussian world: dimension d, training correlation ρ, noise variance σ². */
export interface LinearGaussianSpec {
  d: number;
  rho: number;
  sigma2: number;
}

/** Validate a `LinearGaussianSpec` (InputError naming `d`, `rho` or `sigma2`). */
export function validateLinearGaussian(spec: LinearGaussianSpec): LinearGaussianSpec {
  if (spec === null || typeof spec !== 'object') throw new InputError('spec', spec, 'a linear-Gaussian spec { d, rho, sigma2 }');
  const d = assertPositiveInt('d', spec.d);
  if (d < 2) throw new InputError('d', d, 'at least 2 attributes');
  return { d, rho: assertRho('rho', spec.rho), sigma2: assertNoiseVariance('sigma2', spec.sigma2) };
}

/**
 * VE(B; Σ_te) = 1 − [tr(B C_te Bᵀ) − 2 tr(B Σ_te) + tr Σ_te] / tr Σ_te with C_te = Σ_te + σ² I (module doc).
 * `b`: d × d readout; `rhoTest` ∈ [−1, 1].
 */
export function readoutVE(b: Mat, rhoTest: number, sigma2: number): number {
  const bm = M(assertMatrix('B', b, { square: true }));
  assertNoiseVariance('sigma2', sigma2);
  const d = bm.rows;
  const s = M(correlationMatrix(d, assertRho('rhoTest', rhoTest, { closed: true })));
  const c = s.clone().add(Matrix.eye(d).mul(sigma2));
  const err = trace(bm.mmul(c).mmul(bm.transpose())) - 2 * trace(bm.mmul(s)) + trace(s);
  return 1 - err / trace(s);
}

/** Worst VE of a readout over ρ_te ∈ [−1, 1] (affine on [−1, 0] and [0, 1], module doc) and where it is. */
export function worstCaseVE(b: Mat, sigma2: number): { ve: number; rhoTest: number } {
  let best = { ve: Infinity, rhoTest: 0 };
  for (const r of [-1, 0, 1]) {
    const ve = readoutVE(b, r, sigma2);
    if (ve < best.ve) best = { ve, rhoTest: r };
  }
  return best;
}

/** A closed-form solution of one objective: encoder W, readout B = diag(k) W, and its VE. */
export interface LinearSolution {
  objective: 'base' | 'mi' | 'cmi';
  /** Encoder z = W x (rows = subspaces). */
  w: Mat;
  /** Readout ŝ = B x. */
  b: Mat;
  /** VE at the training correlation. */
  trainVE: number;
  /** VE at a test correlation. */
  testVE(rhoTest: number): number;
  /** Worst VE over ρ_te ∈ [−1, 1]. */
  worst: { ve: number; rhoTest: number };
  /** Optimal rotation angle of Base+MI (d = 2), radians. */
  angle?: number;
}

function solution(objective: LinearSolution['objective'], w: Matrix, b: Matrix, spec: LinearGaussianSpec, angle?: number): LinearSolution {
  const bm = toMat(b);
  return {
    objective,
    w: toMat(w),
    b: bm,
    trainVE: readoutVE(bm, spec.rho, spec.sigma2),
    testVE: (r: number) => readoutVE(bm, r, spec.sigma2),
    worst: worstCaseVE(bm, spec.sigma2),
    ...(angle !== undefined ? { angle } : {}),
  };
}

/** Base: the Wiener filter W = B = Σ C⁻¹ (module doc). */
export function baseSolution(spec: LinearGaussianSpec): LinearSolution {
  const p = validateLinearGaussian(spec);
  const s = M(correlationMatrix(p.d, p.rho));
  const c = s.clone().add(Matrix.eye(p.d).mul(p.sigma2));
  const b = s.mmul(symPow(c, -1));
  return solution('base', b, b, p);
}

/**
 * Base+MI (d = 2): W = Q(θ) C^{−1/2}, heads kᵢ = (Σ C^{−1/2} Q(θ)ᵀ)ᵢᵢ, θ maximising the train VE. The closed
 * form says θ = 0 (module doc); `angles` (default 3600 over [0, π), rotations and reflections) searches the
 * whole circle and refines the best by golden section, so the optimum is found, not assumed.
 */
export function miSolution(spec: LinearGaussianSpec, opts: { angles?: number } = {}): LinearSolution {
  const p = validateLinearGaussian(spec);
  if (p.d !== 2) throw new InputError('d', p.d, 'd = 2 (the optimal Base+MI rotation is closed-form only in two dimensions)');
  const s = M(correlationMatrix(2, p.rho));
  const c = s.clone().add(Matrix.eye(2).mul(p.sigma2));
  const ch = symPow(c, -0.5);
  const m = s.mmul(ch);
  const q = (t: number, refl: boolean) => M(refl ? [[Math.cos(t), Math.sin(t)], [Math.sin(t), -Math.cos(t)]] : [[Math.cos(t), Math.sin(t)], [-Math.sin(t), Math.cos(t)]]);
  const score = (t: number, refl: boolean) => {
    const mq = m.mmul(q(t, refl).transpose());
    return mq.get(0, 0) ** 2 + mq.get(1, 1) ** 2;
  };
  const n = assertPositiveInt('angles', opts.angles ?? 3600);
  let best = { t: 0, refl: false, v: score(0, false) };
  for (const refl of [false, true])
    for (let i = 0; i < n; i++) {
      const t = (i * Math.PI) / n;
      const v = score(t, refl);
      if (v > best.v + 1e-15) best = { t, refl, v };
    }
  // Golden-section refinement around the best grid angle.
  let lo = best.t - Math.PI / n;
  let hi = best.t + Math.PI / n;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const a = hi - g * (hi - lo);
    const bb = lo + g * (hi - lo);
    if (score(a, best.refl) > score(bb, best.refl)) hi = bb;
    else lo = a;
  }
  const tRef = (lo + hi) / 2;
  if (score(tRef, best.refl) > best.v) best = { ...best, t: tRef, v: score(tRef, best.refl) };
  const w = q(best.t, best.refl).mmul(ch);
  const mq = m.mmul(q(best.t, best.refl).transpose());
  const k = Matrix.diag([mq.get(0, 0), mq.get(1, 1)]);
  return solution('mi', w, k.mmul(w), p, best.t);
}

/** Base+CMI: W = I (any diagonal W gives the same readout), B = I/(1 + σ²) (module doc). */
export function cmiSolution(spec: LinearGaussianSpec): LinearSolution {
  const p = validateLinearGaussian(spec);
  const w = Matrix.eye(p.d);
  return solution('cmi', w, Matrix.eye(p.d).mul(1 / (1 + p.sigma2)), p);
}

/** Joint covariance of (z, s) for z = W x on the training process: [[W C Wᵀ, W Σ], [Σ Wᵀ, Σ]]. */
function jointCovariance(w: Mat, spec: LinearGaussianSpec): { zz: Matrix; zs: Matrix } {
  const p = validateLinearGaussian(spec);
  const wm = M(assertMatrix('W', w, { cols: p.d }));
  const s = M(correlationMatrix(p.d, p.rho));
  const c = s.clone().add(Matrix.eye(p.d).mul(p.sigma2));
  return { zz: wm.mmul(c).mmul(wm.transpose()), zs: wm.mmul(s) };
}

function logDet(a0: Matrix, what: string): number {
  const a = a0.clone().add(a0.transpose()).mul(0.5); // exact symmetry (round-off of W C Wᵀ)
  const ch = new CholeskyDecomposition(a);
  if (!ch.isPositiveDefinite()) throw new NumericalError('W', what, 'the covariance of z is singular (W must have full row rank)');
  const l = ch.lowerTriangularMatrix;
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += Math.log(l.get(i, i));
  return 2 * s;
}

function splitMI(cov: Matrix, i: number): number {
  const d = cov.rows;
  const rest = Array.from({ length: d }, (_, k) => k).filter((k) => k !== i);
  const sub = (idx: number[]) => M(idx.map((r) => idx.map((c) => cov.get(r, c))));
  return Math.max(0, 0.5 * (logDet(sub([i]), 'z_i') + logDet(sub(rest), 'z_-i') - logDet(cov, 'z')));
}

/**
 * Gaussian CMI penalty of z = W x: Σᵢ I(zᵢ; z₋ᵢ | sᵢ) in nats (module doc). W: d × d with full rank.
 * 0 exactly for diagonal W; > 0 for any W with a non-zero off-diagonal entry when ρ ≠ 0 or σ² > 0.
 */
export function linearCMI(w: Mat, spec: LinearGaussianSpec): number {
  const { zz, zs } = jointCovariance(w, spec);
  let total = 0;
  for (let i = 0; i < zz.rows; i++) {
    const col = zs.getColumnVector(i);
    total += splitMI(zz.clone().sub(col.mmul(col.transpose())), i);
  }
  return total;
}

/** Gaussian MI penalty of z = W x: Σᵢ I(zᵢ; z₋ᵢ) in nats (for d = 2: I(z₁; z₂) counted once). */
export function linearMI(w: Mat, spec: LinearGaussianSpec): number {
  const { zz } = jointCovariance(w, spec);
  if (zz.rows === 2) return splitMI(zz, 0);
  let total = 0;
  for (let i = 0; i < zz.rows; i++) total += splitMI(zz, i);
  return total;
}

/** Best per-subspace heads for an encoder W on the training process: kᵢ = Cov(zᵢ, sᵢ)/Var(zᵢ); returns B = diag(k) W. */
export function optimalReadout(w: Mat, spec: LinearGaussianSpec): Mat {
  const { zz, zs } = jointCovariance(w, spec);
  const wm = M(w);
  const k = Array.from({ length: zz.rows }, (_, i) => zs.get(i, i) / zz.get(i, i));
  return toMat(Matrix.diag(k).mmul(wm));
}

/** The three solutions at once (the paper's Table 1 for one (ρ, σ²)). MI only for d = 2. */
export function linearGaussianTable(spec: LinearGaussianSpec): { base: LinearSolution; mi?: LinearSolution; cmi: LinearSolution } {
  const p = validateLinearGaussian(spec);
  return { base: baseSolution(p), ...(p.d === 2 ? { mi: miSolution(p) } : {}), cmi: cmiSolution(p) };
}

/**
 * The population MMD² penalty the `mi` learner minimises, for z = W x with 1-D subspaces (src/funke/learner.ts):
 * z standardised to its correlation matrix R, z̃ᵢ = z with coordinate i shuffled (correlation R̃ᵢ: R with row and
 * column i zeroed off the diagonal), RBF kernel exp(−‖u − v‖²/(2h²)) with h² = s² d (bandwidth multiple s), and
 * for Gaussians E k(u, v) = det(I + (A + B)/h²)^{−1/2} (u ~ N(0, A), v ~ N(0, B) independent), so
 *
 *   MMD²ᵢ(R) = det(I + 2R/h²)^{−½} + det(I + 2R̃ᵢ/h²)^{−½} − 2 det(I + (R + R̃ᵢ)/h²)^{−½}.
 *
 * For d = 2 and s = 1 this is (4 − r²)^{−½} + ½ − 2(4 − r²/4)^{−½} = r²/32 + O(r⁴), r = corr(z₁, z₂).
 * Neglected: the learner's biased V-statistic on a batch of B rows, whose bias changes the r-dependence by a
 * relative O(1/B) (B = 128: < 1 %).
 */
export function mmdPenaltyOfCorrelation(r: Mat, scales: number[] = [1]): number {
  const d = r.length;
  let total = 0;
  const gk = (a: Matrix, b: Matrix, h2: number) => {
    const m = Matrix.eye(d).add(a.clone().add(b).div(h2));
    return Math.exp(-0.5 * logDet(m, 'I + (A + B)/h²'));
  };
  const rm = M(r);
  for (let i = 0; i < d; i++) {
    const rt = rm.clone();
    for (let k = 0; k < d; k++) if (k !== i) rt.set(i, k, 0), rt.set(k, i, 0);
    for (const s of scales) {
      const h2 = s * s * d;
      total += gk(rm, rm, h2) + gk(rt, rt, h2) - 2 * gk(rm, rt, h2);
    }
  }
  return total;
}

/**
 * Base+MI at a finite penalty weight λ (d = 2): the population optimum of the `mi` learner's own objective,
 *
 *   J(W) = Σᵢ MSEᵢ(W) + λ · Σᵢ MMD²ᵢ(corr(W x)),   MSEᵢ = 1 − (wᵢᵀ Σ eᵢ)² / (wᵢᵀ C wᵢ)
 *
 * (heads optimal for each W; both terms depend only on the directions of the rows wᵢ = (cos φᵢ, sin φᵢ), the
 * penalty through `mmdPenaltyOfCorrelation`). λ = 0 gives Base (the Wiener filter's VE), λ → ∞ the decorrelated
 * `miSolution`. Minimised over (φ₁, φ₂) ∈ [0, π)² by profile search: for each φ₁ the best φ₂, each 1-D
 * minimum from a `grid`-point scan (default 360) refined by golden section. This is what a trained MI learner with finite λ should land on; `miSolution` is its
 * λ → ∞ limit.
 */
export function miSolutionAtLambda(spec: LinearGaussianSpec, lambda: number, opts: { grid?: number; scales?: number[] } = {}): LinearSolution & { lambda: number; correlation: number; penalty: number } {
  const p = validateLinearGaussian(spec);
  if (p.d !== 2) throw new InputError('d', p.d, 'd = 2 (the finite-λ Base+MI optimum is solved in two dimensions)');
  if (!(Number.isFinite(lambda) && lambda >= 0)) throw new InputError('lambda', lambda, 'a finite penalty weight ≥ 0');
  const s = correlationMatrix(2, p.rho);
  const c = s.map((row, i) => row.map((v, j) => v + (i === j ? p.sigma2 : 0)));
  const scales = opts.scales ?? [1];
  const parts = (f1: number, f2: number) => {
    const w = [
      [Math.cos(f1), Math.sin(f1)],
      [Math.cos(f2), Math.sin(f2)],
    ];
    const quad = (a: number[], m: Mat, b: number[]) => a[0] * (m[0][0] * b[0] + m[0][1] * b[1]) + a[1] * (m[1][0] * b[0] + m[1][1] * b[1]);
    const v = [quad(w[0], c, w[0]), quad(w[1], c, w[1])];
    const cov = [w[0][0] * s[0][0] + w[0][1] * s[1][0], w[1][0] * s[0][1] + w[1][1] * s[1][1]]; // Cov(zᵢ, sᵢ)
    const mse = 2 - cov[0] ** 2 / v[0] - cov[1] ** 2 / v[1];
    const r = quad(w[0], c, w[1]) / Math.sqrt(v[0] * v[1]);
    return { w, mse, r };
  };
  const objective = (f1: number, f2: number) => {
    const { mse, r } = parts(f1, f2);
    if (!(Math.abs(r) < 1 - 1e-9)) return Infinity; // collinear rows: z is degenerate
    return mse + (lambda === 0 ? 0 : lambda * mmdPenaltyOfCorrelation([[1, r], [r, 1]], scales));
  };
  const n = assertPositiveInt('grid', opts.grid ?? 360);
  const g = (Math.sqrt(5) - 1) / 2;
  /** Minimise f on [0, π): grid of n, then golden section around the best grid point. */
  const argmin = (f: (t: number) => number): { t: number; v: number } => {
    let best = { t: 0, v: f(0) };
    for (let i = 1; i < n; i++) {
      const t = (i * Math.PI) / n;
      const v = f(t);
      if (v < best.v) best = { t, v };
    }
    let lo = best.t - Math.PI / n;
    let hi = best.t + Math.PI / n;
    for (let it = 0; it < 40; it++) {
      const a = hi - g * (hi - lo);
      const b = lo + g * (hi - lo);
      if (f(a) < f(b)) hi = b;
      else lo = a;
    }
    const t = (lo + hi) / 2;
    const v = f(t);
    return v < best.v ? { t, v } : best;
  };
  // Profile optimisation (the decorrelated valley is narrow at large λ, so coordinate steps would stall):
  // for each φ₁ the best φ₂, then the best φ₁ of that profile.
  const f1 = argmin((a) => argmin((b) => objective(a, b)).v).t;
  const best = { f1, f2: argmin((b) => objective(f1, b)).t };
  const { w, r } = parts(best.f1, best.f2);
  const b = optimalReadout(w, p);
  const sol = solution('mi', M(w), M(b), p);
  return { ...sol, lambda, correlation: r, penalty: lambda === 0 ? 0 : mmdPenaltyOfCorrelation([[1, r], [r, 1]], scales) };
}
