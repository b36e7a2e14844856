/**
 * One shape for every equivalence class of maps h = f∘g from true latents z to recovered latents ẑ
 * (scikit-learn style: any class drops into any theorem).
 *
 * Distance convention (all classes): the fraction of ẑ's variance that the best map in the class
 * leaves unexplained,
 *     distance = min_{h ∈ C} Σ_i ‖ẑ_i − h(z_i)‖² / Σ_i ‖ẑ_i − mean(ẑ)‖²  ∈ [0, 1],
 * so it is scale-free, 0 exactly when ẑ = h(z) for some h in C, and comparable across classes.
 * Each class also reports its conventional statistic from theory.md §1 (MCC, R², ...) in `stats`.
 */
import type { Mat, Vec } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';

/** A map on latent space. Affine maps carry their matrix and offset (ẑ = A z + b). */
export interface LatentMap {
  /** Apply to every row of an n × d sample matrix. */
  apply(z: Mat): Mat;
  /** Present when the map is affine: ẑ = A z + b. */
  affine?: { a: Mat; b: Vec };
  /** One-line human description, e.g. "signed permutation [1,-0,2] × 1.3". */
  describe: string;
}

/** Result of fitting a class to samples. */
export interface ClassFit {
  /** Class id. */
  classId: string;
  /** Unexplained-variance distance to the class (see module doc). */
  distance: number;
  /** The best map found (z → ẑ). */
  map: LatentMap;
  /** Conventional statistics for reports, e.g. { mcc: 0.99 } or { r2: 0.98 }. */
  stats: Record<string, number>;
}

/** An equivalence class of maps, with fitting and sampling for positive and negative controls. */
export interface EquivalenceClass {
  /** Stable id, e.g. 'permutation-scaling'. */
  readonly id: string;
  /** Display name, e.g. 'permutation + scaling (+ offset)'. */
  readonly name: string;
  /** Latent dimension the class acts on (d). */
  readonly dim: number;
  /**
   * Acceptance threshold on `distance` for exact (noise-free, training-free) data:
   * a fit with distance ≤ threshold is "in the class". Documented per class.
   */
  readonly threshold: number;
  /** Fit the best map in the class from z (n × d) to ẑ (n × d); validates input. */
  fit(z: Mat, zhat: Mat): ClassFit;
  /** Whether `fit(z, zhat).distance ≤ threshold` (or a given threshold). */
  contains(z: Mat, zhat: Mat, threshold?: number): boolean;
  /** A random member of the class (an affine map, except for the nonlinear permutation + element-wise monotone class). */
  sampleMember(rng: Rng): LatentMap;
  /**
   * A random near-miss non-member: a member composed with a perturbation that leaves the class
   * by a controlled amount (`size`, default 0.3), e.g. a small rotation for a permutation class.
   * Returns `null` when the class contains every map of that kind (health check: e.g. the centralizer
   * of {I} is every linear map, so no linear non-member exists).
   */
  sampleNonMember(rng: Rng, size?: number): LatentMap | null;
}
