/**
 * Data processes: latent priors, transition noise, mechanisms and the datasets handed to learners
 * (theory.md §2: latents evolve by mechanisms z' = m_k(z) or z' = m(z) + ε; we observe (g(z), g(z'))).
 * Every sampler is pure: an `Rng` in (only its named child streams are used, it is never advanced),
 * the same samples out.
 */
import type { Mat, Vec } from '../core/matrix.ts';

/**
 * Distribution of the latents z ∈ Rⁿ (rows = samples).
 * - `gaussian`: N(0, I).
 * - `correlated-gaussian`: N(0, Σ) with either the equicorrelation Σ = (1 − ρ) I + ρ 11ᵀ (`rho`,
 *   ρ ∈ (−1/(n−1), 1)) or a given positive semidefinite `cov` (exactly one of the two).
 * - `uniform-box`: i.i.d. U[low, high) per coordinate (defaults −1, 1).
 */
export type PriorSpec =
  | { kind: 'gaussian' }
  | { kind: 'correlated-gaussian'; rho?: number; cov?: Mat }
  | { kind: 'uniform-box'; low?: number; high?: number };

/**
 * Additive transition noise ε ∈ Rⁿ, factorised over coordinates.
 * - `gaussian`: ε_i ~ N(0, σ_i²); `sigma` a number (isotropic) or one σ_i > 0 per coordinate.
 * - `laplace`: ε_i ~ Laplace(0, b), density ∝ exp(−|x|/b), variance 2b².
 * - `generalized-normal`: density ∝ exp(−(|x|/scale)^β), variance scale² Γ(3/β)/Γ(1/β)
 *   (β = 2: Gaussian with σ = scale/√2; β = 1: Laplace with b = scale).
 */
export type NoiseSpec =
  | { kind: 'gaussian'; sigma: number | number[] }
  | { kind: 'laplace'; scale: number }
  | { kind: 'generalized-normal'; beta: number; scale: number };

/**
 * One mechanism m: Rⁿ → Rⁿ, applied row-wise.
 * - `linear`: m(z) = M z.
 * - `translation`: m(z) = z + δ.
 * - `affine`: m(z) = M z + b.
 * - `map`: any row-wise function (e.g. a nonlinear warp); it must return a finite matrix of z's shape.
 *   Give `n` when no other mechanism or prior fixes the dimension.
 */
export type Mechanism =
  | { kind: 'linear'; m: Mat }
  | { kind: 'translation'; delta: Vec }
  | { kind: 'affine'; m: Mat; b: Vec }
  | {
      kind: 'map';
      /** The map on a count × n matrix of latents, row-wise; returns a finite matrix of the same shape. */
      apply: (z: Mat) => Mat;
      name?: string;
    };

/**
 * A mechanism as accepted by the samplers: a bare matrix is shorthand for `{ kind: 'linear', m }`, a bare
 * function for `{ kind: 'map', apply }`.
 */
export type MechanismInput = Mat | Mechanism | ((z: Mat) => Mat);

/** Transition pairs (z, z') in latent space. */
export interface TransitionPairs {
  /** Latents before the transition (count × n). */
  z: Mat;
  /** Latents after the transition (count × n). */
  zNext: Mat;
  /** Mechanism index k_i applied to sample i (deterministic mechanism sets only). */
  index?: number[];
  /** The noise ε_i added to sample i (stochastic transitions only): zNext = m(z) + ε exactly. */
  epsilon?: Mat;
  n: number;
  count: number;
  description: string;
}

/** Everything a learner sees, plus the true latents for evaluation. */
export interface Dataset {
  z: Mat;
  zNext: Mat;
  /** Observations x = g(z). */
  x: Mat;
  /** Observations x' = g(z'). */
  xNext: Mat;
  /** Mechanism index per sample, when the process has one. */
  index?: number[];
  n: number;
  count: number;
  description: string;
}

/** Short sequences: `z[t]` is the count × n matrix of states at time t (t = 0..length−1). */
export interface Sequences {
  z: Mat[];
  /** `index[t][i]`: the mechanism taking sample i from time t to t + 1 (length − 1 arrays). */
  index: number[][];
  n: number;
  count: number;
  length: number;
  description: string;
}

/** Sequences observed through a mixing: `x[t] = g(z[t])`. */
export interface ObservedSequences extends Sequences {
  x: Mat[];
}
