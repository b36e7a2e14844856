/**
 * fast-check arbitraries of data-process specs: priors, noises and mechanisms for a given dimension n,
 * and `sized` to draw n too. Numbers are drawn on small integer grids (ρ = j/20, σ = j/20, β = j/4, …)
 * so counterexamples read cleanly and shrink towards the simplest spec (kind towards the first listed,
 * ρ towards 0, grid indices towards their minimum); seeds (`fc.noShrink(fc.integer())`) never shrink and are
 * drawn outside the structure's `chain`.
 */
import fc from 'fast-check';
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { Rng } from '../rng/rng.ts';
import { PRIOR_KINDS } from './prior.ts';
import { NOISE_KINDS } from './noise.ts';
import type { Mechanism, NoiseSpec, PriorSpec } from './types.ts';

/** A seed: any 32-bit integer, never shrunk. */
export const dataSeedArb = (): fc.Arbitrary<number> => fc.noShrink(fc.integer());

/** One of `arbs`, the index shrinking towards the first (fc.oneof does not shrink across alternatives). */
function pick<T>(arbs: fc.Arbitrary<T>[]): fc.Arbitrary<T> {
  return arbs.length === 1 ? arbs[0] : fc.integer({ min: 0, max: arbs.length - 1 }).chain((i) => arbs[i]);
}

function assertN(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 64) throw new InputError('n', n, 'an integer in [1, 64]');
  return n;
}

function assertKinds<K extends string>(kinds: unknown, all: readonly K[]): K[] {
  if (!Array.isArray(kinds) || kinds.length === 0) throw new InputError('opts.kinds', kinds, `a non-empty list of ${all.join(', ')}`);
  for (const k of kinds) if (!(all as readonly string[]).includes(k)) throw new InputError('opts.kinds', k, `one of ${all.join(', ')}`);
  return kinds as K[];
}

/**
 * A random positive definite covariance from a seed: Σ = W Wᵀ / n + 0.1 I, W with i.i.d. N(0, 1) entries
 * (`new Rng(seed).child('cov')`), rescaled to unit diagonal (a correlation matrix). Pure.
 */
export function randomCorrelation(n: number, seed: number): Mat {
  const r = new Rng(seed).child('cov');
  const w = r.normalMatrix(n, n);
  const s = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => w[i].reduce((acc, v, k) => acc + v * w[j][k], 0) / n + (i === j ? 0.1 : 0)),
  );
  const d = s.map((row, i) => Math.sqrt(row[i]));
  return s.map((row, i) => row.map((v, j) => (i === j ? 1 : v / (d[i] * d[j]))));
}

/** Options of `priorSpecArb`: which prior kinds, and whether correlated Gaussians may carry an explicit covariance matrix. */
export interface PriorArbOptions {
  /** Kinds to draw from (default all). `correlated-gaussian` draws an equicorrelation ρ or a random correlation matrix. */
  kinds?: PriorSpec['kind'][];
  /** Also draw explicit covariance matrices for `correlated-gaussian` (default true). */
  cov?: boolean;
}

/**
 * Valid prior specs for dimension n: gaussian; correlated-gaussian with ρ = j/20 ∈ (−1/(n−1), 0.9]
 * (shrinks to 0) or a random correlation matrix; uniform-box with low ∈ {−1, −2, 0} and width ∈ {2, 1, 4}.
 */
export function priorSpecArb(n: number, opts: PriorArbOptions = {}): fc.Arbitrary<PriorSpec> {
  const dim = assertN(n);
  const kinds = assertKinds(opts.kinds ?? [...PRIOR_KINDS], PRIOR_KINDS);
  const minJ = dim === 1 ? -18 : Math.floor((-1 / (dim - 1)) * 20) + 1;
  const arbs = kinds.map((kind): fc.Arbitrary<PriorSpec> => {
    switch (kind) {
      case 'gaussian':
        return fc.constant({ kind });
      case 'uniform-box':
        return fc
          .record({ low: fc.constantFrom(-1, -2, 0), width: fc.constantFrom(2, 1, 4) })
          .map(({ low, width }) => ({ kind, low, high: low + width }));
      case 'correlated-gaussian': {
        const rho = fc.integer({ min: Math.max(minJ, -18), max: 18 }).map((j): PriorSpec => ({ kind, rho: j / 20 }));
        if (opts.cov === false) return rho;
        const cov = dataSeedArb().map((seed): PriorSpec => ({ kind, cov: randomCorrelation(dim, seed) }));
        return pick([rho, cov]);
      }
    }
  });
  return pick(arbs);
}

/** Options of `noiseSpecArb`: which noise kinds (default all), and whether Gaussian noise may be anisotropic. */
export interface NoiseArbOptions {
  kinds?: NoiseSpec['kind'][];
  /** Also draw per-coordinate σ vectors for Gaussian noise (default true); values from a small grid, so ties occur. */
  anisotropic?: boolean;
}

/**
 * Valid noise specs for dimension n: Gaussian σ = j/20 ∈ [0.05, 1] (or a vector of σ from {0.1, 0.2, 0.5, 1},
 * ties included so equal-variance groups appear), Laplace b = j/20 ∈ [0.05, 1], generalised normal with
 * β = j/4 ∈ [0.5, 4] and scale j/20 ∈ [0.05, 1].
 */
export function noiseSpecArb(n: number, opts: NoiseArbOptions = {}): fc.Arbitrary<NoiseSpec> {
  const dim = assertN(n);
  const kinds = assertKinds(opts.kinds ?? [...NOISE_KINDS], NOISE_KINDS);
  const scale = fc.integer({ min: 1, max: 20 }).map((j) => j / 20);
  const arbs = kinds.map((kind): fc.Arbitrary<NoiseSpec> => {
    switch (kind) {
      case 'gaussian': {
        const iso = scale.map((sigma): NoiseSpec => ({ kind, sigma }));
        if (opts.anisotropic === false) return iso;
        const vec = fc.array(fc.constantFrom(0.1, 0.2, 0.5, 1), { minLength: dim, maxLength: dim }).map((sigma): NoiseSpec => ({ kind, sigma }));
        return pick([iso, vec]);
      }
      case 'laplace':
        return scale.map((s): NoiseSpec => ({ kind, scale: s }));
      case 'generalized-normal':
        return fc.record({ j: fc.integer({ min: 2, max: 16 }), s: scale }).map(({ j, s }): NoiseSpec => ({ kind, beta: j / 4, scale: s }));
    }
  });
  return pick(arbs);
}

/**
 * Mechanisms on Rⁿ: linear (a rotation-like orthogonal-plus-scaling matrix from a seed), axis
 * translations δ e_k (δ = j/4 ∈ [0.25, 2], random sign) and affine maps (linear + offset).
 */
export function mechanismArb(n: number, opts: { kinds?: Exclude<Mechanism['kind'], 'map'>[] } = {}): fc.Arbitrary<Mechanism> {
  const dim = assertN(n);
  const all = ['linear', 'translation', 'affine'] as const;
  const kinds = assertKinds(opts.kinds ?? [...all], all);
  const matrix = (seed: number): Mat => {
    const r = new Rng(seed).child('mechanism');
    // I + 0.5 · G / √n: well conditioned with high probability for small n.
    return Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => (i === j ? 1 : 0) + (0.5 * r.normal()) / Math.sqrt(dim)));
  };
  const arbs = kinds.map((kind): fc.Arbitrary<Mechanism> => {
    switch (kind) {
      case 'linear':
        return dataSeedArb().map((seed): Mechanism => ({ kind, m: matrix(seed) }));
      case 'translation':
        return fc
          .record({ axis: fc.integer({ min: 0, max: dim - 1 }), j: fc.integer({ min: 1, max: 8 }), negative: fc.boolean() })
          .map(({ axis, j, negative }): Mechanism => ({ kind, delta: Array.from({ length: dim }, (_, i) => (i === axis ? (negative ? -j : j) / 4 : 0)) }));
      case 'affine':
        return dataSeedArb().map((seed): Mechanism => ({ kind, m: matrix(seed), b: new Rng(seed).child('offset').normals(dim) }));
    }
  });
  return pick(arbs);
}

/**
 * Draw n ∈ [minN, maxN] (shrinking towards minN), then a spec for it: `sized(priorSpecArb)` gives
 * `{ n, spec }` records.
 */
export function sized<T>(make: (n: number) => fc.Arbitrary<T>, opts: { minN?: number; maxN?: number } = {}): fc.Arbitrary<{ n: number; spec: T }> {
  const minN = opts.minN ?? 1;
  const maxN = opts.maxN ?? 6;
  if (!Number.isInteger(minN) || minN < 1) throw new InputError('opts.minN', minN, 'a positive integer');
  if (!Number.isInteger(maxN) || maxN < minN || maxN > 64) throw new InputError('opts.maxN', maxN, `an integer in [minN = ${minN}, 64]`);
  return fc.integer({ min: minN, max: maxN }).chain((n) => make(n).map((spec) => ({ n, spec })));
}
