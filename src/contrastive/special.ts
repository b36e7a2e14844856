/**
 * Special functions the contrastive data processes need for their exact densities (float64, plain JS).
 *
 * - Regularised incomplete gamma P(a, x) and Q(a, x) = 1 − P: the series Σ xⁿ / (a(a+1)…(a+n)) for
 *   x < a + 1 and Lentz's continued fraction for Q otherwise (Numerical Recipes, 3rd ed., §6.2), with
 *   `logGamma` (Lanczos, src/stats/gamma.ts). Relative error ≈ 1e-14.
 * - Standard normal CDF Φ(x) = ½ Q(½, x²/2) for x ≤ 0 (and 1 − that for x > 0): accurate in both tails.
 * - Inverse normal CDF: Acklam's rational approximation (relative error < 1.2e-9) refined by one Halley
 *   step on Φ, which brings it to ≈ 1e-15.
 * - log I_ν(κ), the modified Bessel function of the first kind, by its power series
 *   I_ν(κ) = Σ_m (κ/2)^{2m+ν} / (m! Γ(m+ν+1)) summed in log space (terms peak near m ≈ κ/2, so the series
 *   is accurate for the concentrations used here, κ ≤ 10⁴); used for the von Mises–Fisher normaliser.
 */
import { InputError } from '../core/errors.ts';
import { logGamma } from '../stats/gamma.ts';

const EPS = 1e-16;
const MAX_ITER = 10_000;

function checkGammaArgs(a: number, x: number): void {
  if (typeof a !== 'number' || !(a > 0) || !Number.isFinite(a)) throw new InputError('a', a, 'a finite shape > 0');
  if (typeof x !== 'number' || Number.isNaN(x) || x < 0) throw new InputError('x', x, 'a number ≥ 0');
}

/** Series for P(a, x), valid (and fast) for x < a + 1. */
function gammaSeries(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  let ap = a;
  for (let i = 0; i < MAX_ITER; i++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Continued fraction for Q(a, x), valid for x ≥ a + 1 (modified Lentz). */
function gammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), a > 0, x ≥ 0 (P(a, ∞) = 1). */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly (no cancellation in the tail). */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) throw new InputError('x', x, 'a number');
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const tail = 0.5 * regularizedGammaQ(0.5, (x * x) / 2);
  return x <= 0 ? tail : 1 - tail;
}

/** log Φ(x), accurate for very negative x (where Φ underflows slowly). */
export function logNormalCdf(x: number): number {
  if (x > -30) return Math.log(normalCdf(x));
  // Mills-ratio asymptotic: Φ(x) ≈ φ(x)/|x| · (1 − 1/x² + 3/x⁴).
  const x2 = x * x;
  return -x2 / 2 - 0.5 * Math.log(2 * Math.PI) - Math.log(-x) + Math.log(1 - 1 / x2 + 3 / (x2 * x2));
}

const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Φ⁻¹(p) for p ∈ (0, 1): Acklam's approximation plus one Halley refinement step. */
export function normalQuantile(p: number): number {
  if (typeof p !== 'number' || !(p > 0 && p < 1)) throw new InputError('p', p, 'a probability in the open interval (0, 1)');
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((ACKLAM_C[0] * q + ACKLAM_C[1]) * q + ACKLAM_C[2]) * q + ACKLAM_C[3]) * q + ACKLAM_C[4]) * q + ACKLAM_C[5]) /
      ((((ACKLAM_D[0] * q + ACKLAM_D[1]) * q + ACKLAM_D[2]) * q + ACKLAM_D[3]) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((ACKLAM_A[0] * r + ACKLAM_A[1]) * r + ACKLAM_A[2]) * r + ACKLAM_A[3]) * r + ACKLAM_A[4]) * r + ACKLAM_A[5]) * q) /
      (((((ACKLAM_B[0] * r + ACKLAM_B[1]) * r + ACKLAM_B[2]) * r + ACKLAM_B[3]) * r + ACKLAM_B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((ACKLAM_C[0] * q + ACKLAM_C[1]) * q + ACKLAM_C[2]) * q + ACKLAM_C[3]) * q + ACKLAM_C[4]) * q + ACKLAM_C[5]) /
      ((((ACKLAM_D[0] * q + ACKLAM_D[1]) * q + ACKLAM_D[2]) * q + ACKLAM_D[3]) * q + 1);
  }
  // Halley step: e = Φ(x) − p, u = e·√(2π)·exp(x²/2), x ← x − u / (1 + x·u/2).
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** log I_ν(κ) for ν ≥ 0, κ > 0 (power series in log space, see module doc). */
export function logBesselI(nu: number, kappa: number): number {
  if (typeof nu !== 'number' || !(nu >= 0) || !Number.isFinite(nu)) throw new InputError('nu', nu, 'a finite order ≥ 0');
  if (typeof kappa !== 'number' || !(kappa > 0) || !(kappa <= 1e4)) throw new InputError('kappa', kappa, 'a concentration in (0, 1e4]');
  const lh = Math.log(kappa / 2);
  // log of term m: (2m + ν) log(κ/2) − log m! − log Γ(m + ν + 1); iterate the ratio to avoid logGamma per term.
  let logTerm = nu * lh - logGamma(nu + 1);
  let max = logTerm;
  const terms: number[] = [logTerm];
  for (let m = 1; m < 100_000; m++) {
    logTerm += 2 * lh - Math.log(m) - Math.log(m + nu);
    terms.push(logTerm);
    if (logTerm > max) max = logTerm;
    if (logTerm < max - 40 && m > kappa) break;
  }
  let s = 0;
  for (const t of terms) s += Math.exp(t - max);
  return max + Math.log(s);
}
