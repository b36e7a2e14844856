/**
 * Additive transition noise ε (see `NoiseSpec`): validation, closed-form moments, seeded sampling.
 *
 * Generalised normal GN(β, s), density β / (2 s Γ(1/β)) · exp(−(|x|/s)^β), sampled by the Gamma method:
 * if G ~ Gamma(1/β, 1) then |x| = s·G^{1/β} has the right law (change of variables y = (|x|/s)^β), and
 * the sign is an independent fair coin (Nardon & Pianca 2009). Variance s² Γ(3/β)/Γ(1/β),
 * kurtosis Γ(5/β)Γ(1/β)/Γ(3/β)². Laplace(0, b) = GN(1, b), variance 2b²; N(0, σ²) = GN(2, σ√2).
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertPositiveInt } from '../core/validate.ts';
import type { Rng } from '../rng/rng.ts';
import { logGamma, sampleGamma } from '../stats/gamma.ts';
import type { NoiseSpec } from './types.ts';

export const NOISE_KINDS: readonly NoiseSpec['kind'][] = ['gaussian', 'laplace', 'generalized-normal'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positive(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new InputError(field, v, 'a finite number > 0');
  return v;
}

/**
 * Check a noise spec for dimension n; returns a normalised copy. Throws `InputError` naming `noise`,
 * `noise.kind`, `noise.sigma` / `noise.sigma[i]` / `noise.sigma.length`, `noise.scale`, `noise.beta`.
 */
export function validateNoise(spec: unknown, n: number, field = 'noise'): NoiseSpec {
  assertPositiveInt('n', n);
  if (!isRecord(spec)) throw new InputError(field, spec, `a noise spec { kind: ${NOISE_KINDS.join(' | ')} }`);
  switch (spec.kind) {
    case 'gaussian': {
      const sigma = spec.sigma;
      if (Array.isArray(sigma)) {
        if (sigma.length !== n) throw new InputError(`${field}.sigma.length`, sigma.length, `${n} (one σ per latent coordinate)`);
        return { kind: 'gaussian', sigma: sigma.map((s, i) => positive(`${field}.sigma[${i}]`, s)) };
      }
      return { kind: 'gaussian', sigma: positive(`${field}.sigma`, sigma) };
    }
    case 'laplace':
      return { kind: 'laplace', scale: positive(`${field}.scale`, spec.scale) };
    case 'generalized-normal':
      return { kind: 'generalized-normal', beta: positive(`${field}.beta`, spec.beta), scale: positive(`${field}.scale`, spec.scale) };
    default:
      throw new InputError(`${field}.kind`, spec.kind, `one of ${NOISE_KINDS.join(', ')}`);
  }
}

/** Per-coordinate standard deviations σ_i of the noise (a Gaussian's σ broadcast to n). */
export function noiseScales(spec: NoiseSpec, n: number): number[] {
  const p = validateNoise(spec, n);
  if (p.kind === 'gaussian') return Array.isArray(p.sigma) ? p.sigma.slice() : new Array<number>(n).fill(p.sigma);
  return new Array<number>(n).fill(Math.sqrt(noiseVariance(p, n)[0]));
}

/** Closed-form per-coordinate variances: σ_i²; 2b²; s² Γ(3/β)/Γ(1/β). */
export function noiseVariance(spec: NoiseSpec, n: number): number[] {
  const p = validateNoise(spec, n);
  switch (p.kind) {
    case 'gaussian':
      return Array.isArray(p.sigma) ? p.sigma.map((s) => s * s) : new Array<number>(n).fill(p.sigma * p.sigma);
    case 'laplace':
      return new Array<number>(n).fill(2 * p.scale * p.scale);
    case 'generalized-normal':
      return new Array<number>(n).fill(p.scale * p.scale * Math.exp(logGamma(3 / p.beta) - logGamma(1 / p.beta)));
  }
}

/** Closed-form excess kurtosis per coordinate: 0 (Gaussian), 3 (Laplace), Γ(5/β)Γ(1/β)/Γ(3/β)² − 3 (GN). */
export function noiseExcessKurtosis(spec: NoiseSpec, n: number): number {
  const p = validateNoise(spec, n);
  if (p.kind === 'gaussian') return 0;
  if (p.kind === 'laplace') return 3;
  const b = p.beta;
  return Math.exp(logGamma(5 / b) + logGamma(1 / b) - 2 * logGamma(3 / b)) - 3;
}

/** A one-line description of the noise. */
export function describeNoise(spec: NoiseSpec, n: number): string {
  const p = validateNoise(spec, n);
  switch (p.kind) {
    case 'gaussian':
      return Array.isArray(p.sigma) ? `ε ~ N(0, diag(σ²)), σ = [${p.sigma.join(', ')}]` : `ε ~ N(0, ${p.sigma}² I_${n})`;
    case 'laplace':
      return `ε_i ~ Laplace(0, ${p.scale}) i.i.d.`;
    case 'generalized-normal':
      return `ε_i ~ GN(β = ${p.beta}, scale ${p.scale}) i.i.d.`;
  }
}

/**
 * `count` draws of the noise in dimension n (count × n). Pure in `rng`: draws come from
 * `rng.child('noise')`. Throws `InputError` naming `n`, `count` or the noise field.
 */
export function sampleNoise(spec: NoiseSpec, n: number, count: number, rng: Rng): Mat {
  assertPositiveInt('n', n);
  assertPositiveInt('count', count);
  const p = validateNoise(spec, n);
  const r = rng.child('noise');
  switch (p.kind) {
    case 'gaussian': {
      const s = noiseScales(p, n);
      return Array.from({ length: count }, () => s.map((si) => si * r.normal()));
    }
    case 'laplace':
      return Array.from({ length: count }, () => Array.from({ length: n }, () => r.laplace(p.scale)));
    case 'generalized-normal': {
      const { beta, scale } = p;
      const shape = 1 / beta;
      return Array.from({ length: count }, () =>
        Array.from({ length: n }, () => r.sign() * scale * Math.pow(sampleGamma(r, shape), shape)),
      );
    }
  }
}
