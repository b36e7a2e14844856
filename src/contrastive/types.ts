/**
 * Contrastive data processes (theory.md §3; Matthes, Han & Shen 2023; Zimmermann et al. 2021):
 * latents s on a space with a marginal p(s), positive pairs s̃ ~ p(s̃ | s) ∝ exp(−δ(s, s̃)) (truncated to the
 * space), negatives from the marginal, all observed through an invertible mixing x = g(s).
 */
import type { Mat } from '../core/matrix.ts';
import type { PairData } from '../learners/types.ts';

/**
 * Where the latents live.
 * - `box`: [low, high]ⁿ (default [−1, 1]ⁿ); conditionals are truncated to the box by rejection.
 * - `sphere`: the unit sphere Sⁿ⁻¹ ⊂ Rⁿ.
 * - `real`: Rⁿ.
 */
export type LatentSpace = { kind: 'box'; low?: number; high?: number } | { kind: 'sphere' } | { kind: 'real' };

/**
 * The marginal p(s) of anchors and negatives.
 * - `uniform`: on the box or the sphere.
 * - `normal`, `laplace`, `generalized-normal` (density ∝ exp(−Σ|sᵢ/scale|^β)): i.i.d. coordinates on Rⁿ.
 * - `correlated-normal`: N(0, Σ) on Rⁿ with the equicorrelation Σ = (1 − ρ)I + ρ11ᵀ.
 * - `gaussian-copula`: on the box, uniform coordinates coupled by a Gaussian copula with equicorrelation ρ
 *   (sᵢ = low + (high − low)·Φ(uᵢ), u ~ N(0, Σ)): non-uniform, dependent components.
 */
export type Marginal =
  | { kind: 'uniform' }
  | { kind: 'normal'; scale?: number }
  | { kind: 'laplace'; scale?: number }
  | { kind: 'generalized-normal'; beta: number; scale?: number }
  | { kind: 'correlated-normal'; rho: number }
  | { kind: 'gaussian-copula'; rho: number };

/**
 * The positive-pair conditional p(s̃ | s).
 * - `laplace` (scale b): ∝ exp(−‖s̃ − s‖₁ / b); `normal` (standard deviation σ): ∝ exp(−‖s̃ − s‖² / 2σ²);
 *   `generalized-normal`: ∝ exp(−Σ|s̃ᵢ − sᵢ|^β / scale^β). On the box: truncated to the box (rejection per
 *   coordinate, which is exact because the density factorises). On the sphere they are not defined.
 * - `vmf` (concentration κ): von Mises–Fisher on the sphere, ∝ exp(κ sᵀs̃).
 * - `independent`: s̃ drawn from the marginal, independently of s (a control: pairs carry no information).
 */
export type Conditional =
  | { kind: 'laplace'; scale: number }
  | { kind: 'normal'; scale: number }
  | { kind: 'generalized-normal'; beta: number; scale: number }
  | { kind: 'vmf'; kappa: number }
  | { kind: 'independent' };

/** A contrastive data process in latent dimension n. */
export interface ContrastiveProcess {
  n: number;
  space: LatentSpace;
  marginal: Marginal;
  conditional: Conditional;
}

/**
 * The critic distance that matches a conditional: log p(s̃ | s) = −δ(s, s̃)/τ − log C(s) with
 * δ(a, b) = ‖a − b‖_α^α = Σ|aᵢ − bᵢ|^α. Laplace(b): α = 1, τ = b; normal(σ): α = 2, τ = 2σ²;
 * generalized-normal(β, s): α = β, τ = s^β; vMF(κ) on the sphere: κ sᵀs̃ = κ − κ‖s − s̃‖²/2, so α = 2, τ = 2/κ.
 */
export interface MatchedDelta {
  alpha: number;
  tau: number;
}

/** Latent samples of one contrastive dataset (rows = samples). */
export interface ContrastiveLatents {
  /** Anchors s ~ p(s). */
  z: Mat;
  /** Positives s̃ ~ p(s̃ | s), row-aligned with `z`. */
  zPos: Mat;
  /** Negatives ~ p(s), independent of both. */
  zNeg: Mat;
  n: number;
  count: number;
  description: string;
}

/**
 * What a contrastive learner trains on: anchors `x`, positives `xNext` (row-aligned with `x`) and negatives
 * `xNeg` drawn from the marginal, all observed through the mixing. A `PairData`, so any pair learner fits.
 */
export interface ContrastiveData extends PairData {
  xNeg?: Mat;
}

/** Observed contrastive data plus the true latents (for evaluation only). */
export interface ContrastiveDataset extends ContrastiveData {
  latents: ContrastiveLatents;
  xNeg: Mat;
}
