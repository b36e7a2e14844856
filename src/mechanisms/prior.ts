/**
 * Latent priors (see `PriorSpec`): validation, covariance and seeded sampling.
 *
 * Correlated Gaussian: z = L u with u ~ N(0, I) and Σ = L Lᵀ (Cholesky). Positive semidefinite Σ is
 * accepted: a pivot within `COV_PIVOT_RTOL · max Σ_ii` of zero gives a zero column of L (the draws then
 * live in the range of Σ); a negative pivot beyond it, or a non-zero remainder in a zero pivot's column,
 * means Σ is not PSD and raises a `NumericalError` naming `prior.cov`.
 * The equicorrelation Σ = (1 − ρ) I + ρ 11ᵀ has eigenvalues 1 + (n − 1)ρ (once) and 1 − ρ (n − 1 times),
 * so it is positive definite exactly when ρ ∈ (−1/(n − 1), 1); any ρ ∈ (−1, 1) is accepted for n = 1.
 */
import { InputError, NumericalError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { identity, zeros } from '../core/matrix.ts';
import { assertPositiveInt } from '../core/validate.ts';
import type { Rng } from '../rng/rng.ts';
import type { PriorSpec } from './types.ts';

export const PRIOR_KINDS: readonly PriorSpec['kind'][] = ['gaussian', 'correlated-gaussian', 'uniform-box'];

/** Relative tolerance of a zero Cholesky pivot (PSD covariances). */
export const COV_PIVOT_RTOL = 1e-10;
/** Relative tolerance of the symmetry check Σ = Σᵀ. */
export const COV_SYMMETRY_RTOL = 1e-9;
/** Default box of the uniform prior. */
export const UNIFORM_DEFAULT_LOW = -1;
export const UNIFORM_DEFAULT_HIGH = 1;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Check a prior spec for dimension n; returns a normalised copy (defaults filled in).
 * Throws `InputError` naming `prior`, `prior.kind`, `prior.rho`, `prior.cov…`, `prior.low`, `prior.high`;
 * `NumericalError` naming `prior.cov` for a non-finite entry or a covariance that is not PSD.
 */
export function validatePrior(spec: unknown, n: number, field = 'prior'): PriorSpec {
  assertPositiveInt('n', n);
  if (!isRecord(spec)) throw new InputError(field, spec, `a prior spec { kind: ${PRIOR_KINDS.join(' | ')} }`);
  const kind = spec.kind;
  switch (kind) {
    case 'gaussian':
      return { kind };
    case 'uniform-box': {
      const low = spec.low ?? UNIFORM_DEFAULT_LOW;
      const high = spec.high ?? UNIFORM_DEFAULT_HIGH;
      if (typeof low !== 'number' || !Number.isFinite(low)) throw new InputError(`${field}.low`, low, 'a finite number');
      if (typeof high !== 'number' || !Number.isFinite(high)) throw new InputError(`${field}.high`, high, 'a finite number');
      if (!(high > low)) throw new InputError(`${field}.high`, high, `a number > prior.low (${low})`);
      return { kind, low, high };
    }
    case 'correlated-gaussian': {
      const hasRho = spec.rho !== undefined;
      const hasCov = spec.cov !== undefined;
      if (hasRho === hasCov)
        throw new InputError(hasCov ? `${field}.cov` : `${field}.rho`, hasCov ? spec.cov : spec.rho, 'exactly one of prior.rho (equicorrelation) or prior.cov');
      if (hasRho) {
        const rho = spec.rho;
        const lo = n === 1 ? -1 : -1 / (n - 1);
        if (typeof rho !== 'number' || !Number.isFinite(rho) || !(rho > lo && rho < 1))
          throw new InputError(`${field}.rho`, rho, `an equicorrelation in the open interval (${n === 1 ? '-1' : `-1/(n-1) = ${lo.toPrecision(4)}`}, 1) for n = ${n}`);
        return { kind, rho };
      }
      const cov = validateCovariance(spec.cov, n, `${field}.cov`);
      return { kind, cov };
    }
    default:
      throw new InputError(`${field}.kind`, kind, `one of ${PRIOR_KINDS.join(', ')}`);
  }
}

/** Shape, finiteness (NumericalError), symmetry; PSD is checked by `choleskyPsd`. */
function validateCovariance(cov: unknown, n: number, field: string): Mat {
  if (!Array.isArray(cov) || cov.length === 0 || !cov.every((r) => Array.isArray(r)))
    throw new InputError(field, cov, `an ${n} × ${n} covariance matrix`);
  if (cov.length !== n) throw new InputError(`${field}.rows`, cov.length, `${n} rows (latent dimension n = ${n})`);
  for (let i = 0; i < n; i++) {
    const row = cov[i] as unknown[];
    if (row.length !== n) throw new InputError(`${field}[${i}]`, row, `a row of length ${n}`);
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (typeof v !== 'number') throw new InputError(`${field}[${i}][${j}]`, v, 'a number');
      if (!Number.isFinite(v)) throw new NumericalError(field, cov, `non-finite entry ${v} at [${i}][${j}]`);
    }
  }
  const m = cov as Mat;
  const scale = Math.max(...m.map((r) => Math.max(...r.map(Math.abs))));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      if (Math.abs(m[i][j] - m[j][i]) > COV_SYMMETRY_RTOL * scale)
        throw new InputError(`${field}[${i}][${j}]`, m[i][j], `a symmetric matrix (cov[${j}][${i}] = ${m[j][i]})`);
  choleskyPsd(m, field);
  return m.map((r) => r.slice());
}

/**
 * Lower-triangular L with L Lᵀ = Σ for a positive semidefinite Σ (zero columns at zero pivots).
 * Throws `NumericalError` naming `field` when Σ is not PSD.
 */
export function choleskyPsd(cov: Mat, field = 'prior.cov'): Mat {
  const n = cov.length;
  const maxDiag = Math.max(0, ...cov.map((r, i) => r[i]));
  const tol = COV_PIVOT_RTOL * Math.max(maxDiag, Number.MIN_VALUE);
  const l = zeros(n, n);
  for (let j = 0; j < n; j++) {
    let d = cov[j][j];
    for (let k = 0; k < j; k++) d -= l[j][k] * l[j][k];
    if (d < -tol) throw new NumericalError(field, cov, `not positive semidefinite (Cholesky pivot ${j} is ${d.toExponential(3)} < 0)`);
    const zeroPivot = d <= tol;
    const ljj = zeroPivot ? 0 : Math.sqrt(d);
    l[j][j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = cov[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (zeroPivot) {
        // PSD with a zero pivot forces the rest of the column to vanish (|Σ_ij|² ≤ Σ_ii Σ_jj on the Schur complement).
        if (Math.abs(s) > Math.sqrt(tol * Math.max(maxDiag, Number.MIN_VALUE)))
          throw new NumericalError(field, cov, `not positive semidefinite (zero pivot ${j} with non-zero remainder ${s.toExponential(3)} at [${i}][${j}])`);
        l[i][j] = 0;
      } else l[i][j] = s / ljj;
    }
  }
  return l;
}

/** The covariance of the prior in dimension n (uniform box: (high − low)²/12 · I). */
export function priorCovariance(spec: PriorSpec, n: number): Mat {
  const p = validatePrior(spec, n);
  switch (p.kind) {
    case 'gaussian':
      return identity(n);
    case 'uniform-box': {
      const w = (p.high! - p.low!) ** 2 / 12;
      return identity(n).map((r) => r.map((v) => v * w));
    }
    case 'correlated-gaussian':
      if (p.cov) return p.cov.map((r) => r.slice());
      return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : p.rho!)));
  }
}

/** The prior's mean (zero except for an off-centre uniform box). */
export function priorMean(spec: PriorSpec, n: number): number[] {
  const p = validatePrior(spec, n);
  const m = p.kind === 'uniform-box' ? (p.low! + p.high!) / 2 : 0;
  return new Array<number>(n).fill(m);
}

/** A one-line description, e.g. "N(0, Σ) with equicorrelation ρ = 0.5". */
export function describePrior(spec: PriorSpec, n: number): string {
  const p = validatePrior(spec, n);
  switch (p.kind) {
    case 'gaussian':
      return `z ~ N(0, I_${n})`;
    case 'uniform-box':
      return `z ~ U[${p.low}, ${p.high})^${n}`;
    case 'correlated-gaussian':
      return p.cov ? `z ~ N(0, Σ) with a given ${n}×${n} Σ` : `z ~ N(0, Σ), equicorrelation ρ = ${p.rho} (n = ${n})`;
  }
}

/**
 * `count` draws from the prior in dimension n (count × n). Pure in `rng`: draws come from
 * `rng.child('prior')`, so `rng` is not advanced and the same rng gives the same samples.
 * Throws `InputError` naming `n`, `count` or the prior's field; `NumericalError` naming `prior.cov`.
 */
export function samplePrior(spec: PriorSpec, n: number, count: number, rng: Rng): Mat {
  assertPositiveInt('n', n);
  assertPositiveInt('count', count);
  const p = validatePrior(spec, n);
  const r = rng.child('prior');
  switch (p.kind) {
    case 'gaussian':
      return r.normalMatrix(count, n);
    case 'uniform-box': {
      const lo = p.low!;
      const hi = p.high!;
      return Array.from({ length: count }, () => Array.from({ length: n }, () => r.range(lo, hi)));
    }
    case 'correlated-gaussian': {
      const l = choleskyPsd(priorCovariance(p, n));
      return Array.from({ length: count }, () => {
        const u = r.normals(n);
        return l.map((li) => {
          let s = 0;
          for (let k = 0; k < li.length; k++) s += li[k] * u[k];
          return s;
        });
      });
    }
  }
}
