/**
 * Contrastive data processes (see types.ts): validation, seeded sampling of anchors, positives and negatives,
 * and the exact densities behind the oracle critic.
 *
 * Sampling (pure in the `Rng`: only named child streams are drawn from):
 * - marginals: uniform box / sphere (normalised Gaussian), i.i.d. normal / Laplace / generalised normal
 *   (|x| = scale·G^{1/β}, G ~ Gamma(1/β, 1), random sign), correlated normal (Cholesky of the equicorrelation),
 *   Gaussian copula (sᵢ = low + (high − low)·Φ(uᵢ), u ~ N(0, Σ)).
 * - conditionals: s̃ = s + ε with ε from the kernel; on the box each coordinate is redrawn until it falls in
 *   [low, high] (the density factorises, so per-coordinate rejection samples the truncated product density
 *   exactly); vMF by Wood's (1994) algorithm: the cosine w = sᵀs̃ by rejection from a Beta proposal, then a
 *   uniform direction orthogonal to s.
 *
 * Densities (Lebesgue on the box and Rⁿ, surface measure on the sphere):
 *   log p(s̃ | s) = −δ(s, s̃)/τ − log C(s),   δ = ‖·‖_α^α and τ from `matchedDelta`,
 * with the normaliser C(s) constant on Rⁿ and on the sphere, and on the box
 *   C(s) = Πᵢ (σ/β) Γ(1/β) [P(1/β, ((sᵢ − low)/σ)^β) + P(1/β, ((high − sᵢ)/σ)^β)]
 * (σ the generalised-normal scale, P the regularised incomplete gamma). The log density ratio
 * log p(s̃ | s)/p(s̃) is the optimal critic of every contrastive loss here (theory.md §3), which is what the
 * correction terms c₁(x) = −log C(s), c₂(x̃) = −log p(s̃) of the critic supply.
 */
import { InputError, NumericalError } from '../core/errors.ts';
import type { Mat, Vec } from '../core/matrix.ts';
import { assertMatrix, assertPositiveInt } from '../core/validate.ts';
import { logGamma, sampleGamma } from '../stats/gamma.ts';
import type { Mixing } from '../generators/types.ts';
import type { Rng } from '../rng/rng.ts';
import { logBesselI, normalCdf, normalQuantile, regularizedGammaP } from './special.ts';
import type { Conditional, ContrastiveDataset, ContrastiveLatents, ContrastiveProcess, LatentSpace, Marginal, MatchedDelta } from './types.ts';

export const SPACE_KINDS: readonly LatentSpace['kind'][] = ['box', 'sphere', 'real'];
export const MARGINAL_KINDS: readonly Marginal['kind'][] = ['uniform', 'normal', 'laplace', 'generalized-normal', 'correlated-normal', 'gaussian-copula'];
export const CONDITIONAL_KINDS: readonly Conditional['kind'][] = ['laplace', 'normal', 'generalized-normal', 'vmf', 'independent'];

/** Marginals allowed on each space. */
const MARGINALS_ON: Record<LatentSpace['kind'], readonly Marginal['kind'][]> = {
  box: ['uniform', 'gaussian-copula'],
  sphere: ['uniform'],
  real: ['normal', 'laplace', 'generalized-normal', 'correlated-normal'],
};

/** Largest dimension accepted. */
export const MAX_CONTRASTIVE_DIM = 64;
/** Redraws of one truncated coordinate after which the conditional is declared too wide for the box. */
export const MAX_REJECTIONS = 10_000;
/** Largest sample count accepted in one call. */
export const MAX_CONTRASTIVE_COUNT = 5_000_000;
/** Generalised-normal exponents accepted (β ∈ [0.25, 16]: outside, Gamma(1/β) draws under/overflow). */
export const BETA_RANGE: readonly [number, number] = [0.25, 16];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positive(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new InputError(field, v, 'a finite number > 0');
  return v;
}

function beta(field: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= BETA_RANGE[0] && v <= BETA_RANGE[1])) throw new InputError(field, v, `an exponent β in [${BETA_RANGE[0]}, ${BETA_RANGE[1]}]`);
  return v;
}

function rho(field: string, v: unknown, n: number): number {
  const lo = n === 1 ? -1 : -1 / (n - 1);
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > lo && v < 1))
    throw new InputError(field, v, `an equicorrelation in the open interval (${lo.toPrecision(4)}, 1) for n = ${n}`);
  return v;
}

function validateSpace(v: unknown): LatentSpace {
  if (!isRecord(v)) throw new InputError('process.space', v, `a latent space { kind: ${SPACE_KINDS.join(' | ')} }`);
  switch (v.kind) {
    case 'box': {
      const low = v.low ?? -1;
      const high = v.high ?? 1;
      if (typeof low !== 'number' || !Number.isFinite(low)) throw new InputError('process.space.low', low, 'a finite number');
      if (typeof high !== 'number' || !Number.isFinite(high) || !(high > low)) throw new InputError('process.space.high', high, `a finite number > low (${low})`);
      return { kind: 'box', low, high };
    }
    case 'sphere':
    case 'real':
      return { kind: v.kind };
    default:
      throw new InputError('process.space.kind', v.kind, `one of ${SPACE_KINDS.join(', ')}`);
  }
}

function validateMarginal(v: unknown, space: LatentSpace, n: number): Marginal {
  if (!isRecord(v)) throw new InputError('process.marginal', v, `a marginal { kind: ${MARGINAL_KINDS.join(' | ')} }`);
  const kind = v.kind as Marginal['kind'];
  if (!MARGINAL_KINDS.includes(kind)) throw new InputError('process.marginal.kind', v.kind, `one of ${MARGINAL_KINDS.join(', ')}`);
  if (!MARGINALS_ON[space.kind].includes(kind))
    throw new InputError('process.marginal.kind', kind, `a marginal defined on the ${space.kind} (${MARGINALS_ON[space.kind].join(', ')})`);
  switch (kind) {
    case 'uniform':
      return { kind };
    case 'normal':
    case 'laplace':
      return { kind, scale: positive('process.marginal.scale', v.scale ?? 1) };
    case 'generalized-normal':
      return { kind, beta: beta('process.marginal.beta', v.beta), scale: positive('process.marginal.scale', v.scale ?? 1) };
    case 'correlated-normal':
    case 'gaussian-copula':
      return { kind, rho: rho('process.marginal.rho', v.rho, n) };
  }
}

function validateConditional(v: unknown, space: LatentSpace): Conditional {
  if (!isRecord(v)) throw new InputError('process.conditional', v, `a conditional { kind: ${CONDITIONAL_KINDS.join(' | ')} }`);
  switch (v.kind) {
    case 'laplace':
    case 'normal':
      if (space.kind === 'sphere') throw new InputError('process.conditional.kind', v.kind, "'vmf' or 'independent' on the sphere");
      return { kind: v.kind, scale: positive('process.conditional.scale', v.scale) };
    case 'generalized-normal':
      if (space.kind === 'sphere') throw new InputError('process.conditional.kind', v.kind, "'vmf' or 'independent' on the sphere");
      return { kind: v.kind, beta: beta('process.conditional.beta', v.beta), scale: positive('process.conditional.scale', v.scale) };
    case 'vmf': {
      if (space.kind !== 'sphere') throw new InputError('process.conditional.kind', v.kind, `a conditional defined on the ${space.kind} (laplace, normal, generalized-normal, independent)`);
      const kappa = positive('process.conditional.kappa', v.kappa);
      if (kappa > 1e4) throw new InputError('process.conditional.kappa', kappa, 'a concentration ≤ 1e4');
      return { kind: 'vmf', kappa };
    }
    case 'independent':
      return { kind: 'independent' };
    default:
      throw new InputError('process.conditional.kind', v.kind, `one of ${CONDITIONAL_KINDS.join(', ')}`);
  }
}

/** Check a process spec; returns a normalised copy (defaults filled in). Throws `InputError` naming the field. */
export function validateProcess(spec: unknown): ContrastiveProcess {
  if (!isRecord(spec)) throw new InputError('process', spec, 'a contrastive process { n, space, marginal, conditional }');
  const n = spec.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_CONTRASTIVE_DIM)
    throw new InputError('process.n', n, `an integer latent dimension in [1, ${MAX_CONTRASTIVE_DIM}]`);
  const space = validateSpace(spec.space);
  if (space.kind === 'sphere' && n < 2) throw new InputError('process.n', n, 'n ≥ 2 on the sphere Sⁿ⁻¹');
  return { n, space, marginal: validateMarginal(spec.marginal, space, n), conditional: validateConditional(spec.conditional, space) };
}

/** Generalised-normal parameters (β, scale σ) of a factorised kernel: density ∝ exp(−|d/σ|^β). */
function kernelOf(c: Conditional): { beta: number; scale: number } | null {
  switch (c.kind) {
    case 'laplace':
      return { beta: 1, scale: c.scale };
    case 'normal':
      return { beta: 2, scale: c.scale * Math.SQRT2 };
    case 'generalized-normal':
      return { beta: c.beta, scale: c.scale };
    default:
      return null;
  }
}

/** The critic distance that matches the conditional (see `MatchedDelta`). Throws for `independent`. */
export function matchedDelta(conditional: Conditional): MatchedDelta {
  if (conditional.kind === 'vmf') return { alpha: 2, tau: 2 / conditional.kappa };
  const k = kernelOf(conditional);
  if (k === null) throw new InputError('process.conditional.kind', conditional.kind, 'a conditional with a distance (laplace, normal, generalized-normal, vmf)');
  return { alpha: k.beta, tau: Math.pow(k.scale, k.beta) };
}

/** One generalised-normal scalar ∝ exp(−|x/σ|^β) (β = 1, 2 through the exact Laplace / normal samplers). */
function gnScalar(rng: Rng, b: number, scale: number): number {
  if (b === 1) return rng.laplace(scale);
  if (b === 2) return (scale / Math.SQRT2) * rng.normal();
  return rng.sign() * scale * Math.pow(sampleGamma(rng, 1 / b), 1 / b);
}

/** Lower-triangular Cholesky factor of the equicorrelation (1 − ρ)I + ρ11ᵀ. */
function equicorrelationCholesky(n: number, r: number): Mat {
  const l: Mat = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = 1;
    for (let k = 0; k < j; k++) d -= l[j][k] * l[j][k];
    l[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = r;
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / l[j][j];
    }
  }
  return l;
}

function unit(v: Vec): Vec {
  const l = Math.hypot(...v);
  return v.map((x) => x / l);
}

function boxOf(space: LatentSpace): [number, number] {
  return space.kind === 'box' ? [space.low!, space.high!] : [-Infinity, Infinity];
}

function checkCount(count: unknown): number {
  const c = assertPositiveInt('count', count);
  if (c > MAX_CONTRASTIVE_COUNT) throw new InputError('count', c, `at most ${MAX_CONTRASTIVE_COUNT} samples`);
  return c;
}

/** `count` draws from the marginal (count × n). Pure in `rng` (draws from `rng.child('marginal')`). */
export function sampleMarginal(spec: ContrastiveProcess, count: number, rng: Rng): Mat {
  const p = validateProcess(spec);
  checkCount(count);
  const { n } = p;
  const r = rng.child('marginal');
  const m = p.marginal;
  switch (m.kind) {
    case 'uniform': {
      if (p.space.kind === 'sphere') return Array.from({ length: count }, () => unit(r.normals(n)));
      const [lo, hi] = boxOf(p.space);
      return Array.from({ length: count }, () => Array.from({ length: n }, () => r.range(lo, hi)));
    }
    case 'normal':
      return Array.from({ length: count }, () => Array.from({ length: n }, () => m.scale! * r.normal()));
    case 'laplace':
      return Array.from({ length: count }, () => Array.from({ length: n }, () => r.laplace(m.scale!)));
    case 'generalized-normal':
      return Array.from({ length: count }, () => Array.from({ length: n }, () => gnScalar(r, m.beta, m.scale!)));
    case 'correlated-normal':
    case 'gaussian-copula': {
      const l = equicorrelationCholesky(n, m.rho);
      const [lo, hi] = boxOf(p.space);
      return Array.from({ length: count }, () => {
        const g = r.normals(n);
        const u = l.map((li) => li.reduce((s, v, k) => s + v * g[k], 0));
        return m.kind === 'correlated-normal' ? u : u.map((x) => lo + (hi - lo) * normalCdf(x));
      });
    }
  }
}

/** Wood (1994): one vMF(μ, κ) draw on Sⁿ⁻¹ (μ a unit vector). */
function sampleVmf(mu: Vec, kappa: number, r: Rng): Vec {
  const n = mu.length;
  const m1 = n - 1;
  const b = m1 / (2 * kappa + Math.sqrt(4 * kappa * kappa + m1 * m1));
  const x0 = (1 - b) / (1 + b);
  const c = kappa * x0 + m1 * Math.log(1 - x0 * x0);
  let w = 0;
  for (let tries = 0; ; tries++) {
    if (tries > MAX_REJECTIONS) throw new NumericalError('process.conditional.kappa', kappa, 'vMF rejection sampler did not accept');
    const g1 = sampleGamma(r, m1 / 2);
    const g2 = sampleGamma(r, m1 / 2);
    const beta = g1 / (g1 + g2);
    w = (1 - (1 + b) * beta) / (1 - (1 - b) * beta);
    if (kappa * w + m1 * Math.log(1 - x0 * w) - c >= Math.log(r.uniformOpen())) break;
  }
  // A uniform unit vector orthogonal to μ.
  let v = r.normals(n);
  const d = v.reduce((s, x, i) => s + x * mu[i], 0);
  v = unit(v.map((x, i) => x - d * mu[i]));
  const s = Math.sqrt(Math.max(0, 1 - w * w));
  return mu.map((m, i) => w * m + s * v[i]);
}

/**
 * One positive s̃ ~ p(· | s) per row of `z` (same shape). Pure in `rng` (draws from `rng.child('conditional')`).
 * Throws `InputError` for rows outside the space (off the sphere, outside the box) and `NumericalError`
 * naming `process.conditional.scale` when truncation rejects a coordinate `MAX_REJECTIONS` times.
 */
export function sampleConditional(spec: ContrastiveProcess, z: Mat, rng: Rng): Mat {
  const p = validateProcess(spec);
  assertMatrix('z', z, { cols: p.n });
  checkCount(z.length);
  assertInSpace(p, z, 'z');
  const r = rng.child('conditional');
  const c = p.conditional;
  if (c.kind === 'independent') return sampleMarginal(p, z.length, r);
  if (c.kind === 'vmf') return z.map((row) => sampleVmf(row, c.kappa, r));
  const k = kernelOf(c)!;
  const [lo, hi] = boxOf(p.space);
  return z.map((row) =>
    row.map((s) => {
      for (let tries = 0; tries < MAX_REJECTIONS; tries++) {
        const t = s + gnScalar(r, k.beta, k.scale);
        if (t >= lo && t <= hi) return t;
      }
      throw new NumericalError('process.conditional.scale', k.scale, `no draw inside the box [${lo}, ${hi}] in ${MAX_REJECTIONS} tries`);
    }),
  );
}

/** Tolerance of the sphere-membership check ‖s‖ = 1. */
const SPHERE_RTOL = 1e-9;

function assertInSpace(p: ContrastiveProcess, z: Mat, field: string): void {
  if (p.space.kind === 'sphere') {
    z.forEach((row, i) => {
      const l = Math.hypot(...row);
      if (Math.abs(l - 1) > SPHERE_RTOL) throw new InputError(`${field}[${i}]`, row, `a unit vector (‖s‖ = ${l})`);
    });
  } else if (p.space.kind === 'box') {
    const [lo, hi] = boxOf(p.space);
    z.forEach((row, i) =>
      row.forEach((v, j) => {
        if (v < lo || v > hi) throw new InputError(`${field}[${i}][${j}]`, v, `a coordinate in the box [${lo}, ${hi}]`);
      }),
    );
  }
}

/** Anchors, positives and negatives in latent space. Pure in `rng` (child streams 'anchor', 'positive', 'negative'). */
export function contrastiveLatents(spec: ContrastiveProcess, count: number, rng: Rng): ContrastiveLatents {
  const p = validateProcess(spec);
  checkCount(count);
  const z = sampleMarginal(p, count, rng.child('anchor'));
  const zPos = sampleConditional(p, z, rng.child('positive'));
  const zNeg = sampleMarginal(p, count, rng.child('negative'));
  return { z, zPos, zNeg, n: p.n, count, description: describeProcess(p) };
}

/** Observe latents through an invertible mixing: x = g(s) for anchors, positives and negatives. */
export function observeContrastive(latents: ContrastiveLatents, mixing: Mixing): ContrastiveDataset {
  if (mixing.n !== latents.n) throw new InputError('mixing.n', mixing.n, `the latent dimension ${latents.n}`);
  return { x: mixing.apply(latents.z), xNext: mixing.apply(latents.zPos), xNeg: mixing.apply(latents.zNeg), latents };
}

// ---------------------------------------------------------------------------------------------------------
// Densities

/** log of the area of Sⁿ⁻¹: log(2π^{n/2} / Γ(n/2)). */
function logSphereArea(n: number): number {
  return Math.log(2) + (n / 2) * Math.log(Math.PI) - logGamma(n / 2);
}

/** Inverse and log-determinant of the equicorrelation matrix (closed form). */
function equicorrelationInverse(n: number, r: number): { diag: number; off: number; logDet: number } {
  // Σ = (1 − ρ)I + ρ11ᵀ; Σ⁻¹ = (I − ρ/(1 + (n − 1)ρ) 11ᵀ) / (1 − ρ).
  const k = r / (1 + (n - 1) * r);
  return { diag: (1 - k) / (1 - r), off: -k / (1 - r), logDet: (n - 1) * Math.log(1 - r) + Math.log(1 + (n - 1) * r) };
}

function quadForm(y: Vec, diag: number, off: number): number {
  let sum = 0;
  let sq = 0;
  for (const v of y) {
    sum += v;
    sq += v * v;
  }
  return diag * sq + off * (sum * sum - sq);
}

/** log p(s) of the marginal at each row of `z` (−Infinity outside the box). */
export function logMarginalDensity(spec: ContrastiveProcess, z: Mat): number[] {
  const p = validateProcess(spec);
  assertMatrix('z', z, { cols: p.n });
  const { n } = p;
  const m = p.marginal;
  const [lo, hi] = boxOf(p.space);
  const inBox = (row: Vec) => row.every((v) => v >= lo && v <= hi);
  switch (m.kind) {
    case 'uniform':
      if (p.space.kind === 'sphere') return z.map(() => -logSphereArea(n));
      return z.map((row) => (inBox(row) ? -n * Math.log(hi - lo) : -Infinity));
    case 'normal': {
      const s = m.scale!;
      return z.map((row) => row.reduce((acc, v) => acc - (v * v) / (2 * s * s), 0) - n * Math.log(s * Math.sqrt(2 * Math.PI)));
    }
    case 'laplace': {
      const b = m.scale!;
      return z.map((row) => row.reduce((acc, v) => acc - Math.abs(v) / b, 0) - n * Math.log(2 * b));
    }
    case 'generalized-normal': {
      const { beta: bt, scale } = m;
      const logZ = Math.log(2 * scale!) + logGamma(1 + 1 / bt);
      return z.map((row) => row.reduce((acc, v) => acc - Math.pow(Math.abs(v) / scale!, bt), 0) - n * logZ);
    }
    case 'correlated-normal': {
      const inv = equicorrelationInverse(n, m.rho);
      return z.map((row) => -0.5 * quadForm(row, inv.diag, inv.off) - 0.5 * inv.logDet - (n / 2) * Math.log(2 * Math.PI));
    }
    case 'gaussian-copula': {
      // Copula density c(u) = N(y; 0, Σ) / Π φ(yᵢ), y = Φ⁻¹(u): log c = −½ yᵀ(Σ⁻¹ − I)y − ½ log det Σ.
      const inv = equicorrelationInverse(n, m.rho);
      return z.map((row) => {
        if (!inBox(row)) return -Infinity;
        const u = row.map((v) => (v - lo) / (hi - lo));
        if (u.some((x) => x <= 0 || x >= 1)) return -Infinity;
        const y = u.map(normalQuantile);
        const qf = quadForm(y, inv.diag, inv.off) - y.reduce((s, v) => s + v * v, 0);
        return -0.5 * qf - 0.5 * inv.logDet - n * Math.log(hi - lo);
      });
    }
  }
}

/**
 * log C(s) at each row of `z`, where p(s̃ | s) = exp(−δ(s, s̃)/τ) / C(s) with δ, τ from `matchedDelta`
 * (see the module doc). Throws for the `independent` conditional (it has no distance).
 */
export function logConditionalNormaliser(spec: ContrastiveProcess, z: Mat): number[] {
  const p = validateProcess(spec);
  assertMatrix('z', z, { cols: p.n });
  const { n } = p;
  const c = p.conditional;
  if (c.kind === 'vmf') {
    // p(s̃|s) = κ^ν / ((2π)^{n/2} I_ν(κ)) · exp(κ sᵀs̃), ν = n/2 − 1, and κ sᵀs̃ = κ − ‖s − s̃‖²/τ.
    const nu = n / 2 - 1;
    const logC = (n / 2) * Math.log(2 * Math.PI) + logBesselI(nu, c.kappa) - nu * Math.log(c.kappa) - c.kappa;
    return z.map(() => logC);
  }
  const k = kernelOf(c);
  if (k === null) throw new InputError('process.conditional.kind', c.kind, 'a conditional with a distance (laplace, normal, generalized-normal, vmf)');
  const { beta: bt, scale } = k;
  // ∫_0^a exp(−(t/σ)^β) dt = (σ/β) Γ(1/β) P(1/β, (a/σ)^β); the full line gives 2 σ Γ(1 + 1/β).
  const half = Math.log(scale / bt) + logGamma(1 / bt);
  if (p.space.kind !== 'box') {
    const logC = n * (Math.log(2 * scale) + logGamma(1 + 1 / bt));
    return z.map(() => logC);
  }
  const [lo, hi] = boxOf(p.space);
  return z.map((row) =>
    row.reduce((acc, s) => {
      const left = regularizedGammaP(1 / bt, Math.pow(Math.max(0, s - lo) / scale, bt));
      const right = regularizedGammaP(1 / bt, Math.pow(Math.max(0, hi - s) / scale, bt));
      return acc + half + Math.log(left + right);
    }, 0),
  );
}

/** δ(a, b) = Σ|aᵢ − bᵢ|^α. */
export function lpDelta(a: Vec, b: Vec, alpha: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.pow(Math.abs(a[i] - b[i]), alpha);
  return s;
}

/**
 * The log density ratio log p(s̃ | s) − log p(s̃) for row-aligned `z`, `zt` (0 for independent pairs):
 * the optimal critic of NCE, SCL and InfoNCE (the latter up to a function of s), and NWJ's minus 1.
 */
export function logDensityRatio(spec: ContrastiveProcess, z: Mat, zt: Mat): number[] {
  const p = validateProcess(spec);
  assertMatrix('z', z, { cols: p.n });
  assertMatrix('zt', zt, { rows: z.length, cols: p.n });
  if (p.conditional.kind === 'independent') return z.map(() => 0);
  const { alpha, tau } = matchedDelta(p.conditional);
  const logC = logConditionalNormaliser(p, z);
  const logM = logMarginalDensity(p, zt);
  return z.map((row, i) => -lpDelta(row, zt[i], alpha) / tau - logC[i] - logM[i]);
}

/** A one-line description, e.g. "s ~ U[-1, 1]^3, s̃ | s ~ Laplace(s, 0.2) truncated to the box". */
export function describeProcess(spec: ContrastiveProcess): string {
  const p = validateProcess(spec);
  const { n } = p;
  const [lo, hi] = boxOf(p.space);
  const m = p.marginal;
  const marginal = (() => {
    switch (m.kind) {
      case 'uniform':
        return p.space.kind === 'sphere' ? `s ~ U(S^${n - 1})` : `s ~ U[${lo}, ${hi}]^${n}`;
      case 'normal':
        return `s ~ N(0, ${m.scale}² I_${n})`;
      case 'laplace':
        return `sᵢ ~ Laplace(0, ${m.scale}) i.i.d. (n = ${n})`;
      case 'generalized-normal':
        return `sᵢ ~ GN(β = ${m.beta}, ${m.scale}) i.i.d. (n = ${n})`;
      case 'correlated-normal':
        return `s ~ N(0, Σ), equicorrelation ρ = ${m.rho} (n = ${n})`;
      case 'gaussian-copula':
        return `s on [${lo}, ${hi}]^${n}: uniform coordinates, Gaussian copula ρ = ${m.rho}`;
    }
  })();
  const c = p.conditional;
  const trunc = p.space.kind === 'box' ? ' truncated to the box' : '';
  const conditional = (() => {
    switch (c.kind) {
      case 'laplace':
        return `s̃ | s ~ Laplace(s, ${c.scale})${trunc}`;
      case 'normal':
        return `s̃ | s ~ N(s, ${c.scale}² I)${trunc}`;
      case 'generalized-normal':
        return `s̃ | s ~ GN(s, β = ${c.beta}, ${c.scale})${trunc}`;
      case 'vmf':
        return `s̃ | s ~ vMF(s, κ = ${c.kappa})`;
      case 'independent':
        return 's̃ independent of s (from the marginal)';
    }
  })();
  return `${marginal}; ${conditional}; negatives from the marginal`;
}
