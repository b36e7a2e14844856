/**
 * Worlds sampled by generators: mechanism sets and mixing functions. Generators are pure:
 * a parameter record (with an explicit integer seed) in, a world out.
 */
import type { Mat } from '../core/matrix.ts';

/** Families of linear mechanism sets (theory.md §2 worked examples). */
export type MechanismFamily =
  | 'distinct-diagonal'
  | 'repeated-diagonal'
  | 'planar-rotation'
  | 'block-rotation'
  | 'block-rotation-repeated'
  | 'cyclic-permutation'
  | 'symmetric-permutation'
  | 's3-irrep'
  | 'random-dense'
  | 'identity';

/** A set of known linear mechanisms m_k(z) = M_k z, with its linear centralizer computed. */
export interface MechanismSet {
  family: MechanismFamily;
  /** Latent dimension n. */
  n: number;
  /** The matrices M_k (n × n). */
  mechanisms: Mat[];
  /** Orthonormal (Frobenius) basis of the linear centralizer { A : A M_k = M_k A ∀k }. */
  centralizer: Mat[];
  /** Dimension of the centralizer (= centralizer.length). */
  centralizerDim: number;
  /** Human-readable description, e.g. "R(0.83) ⊕ R(0.83)". */
  description: string;
  /** Parameters and seed that rebuild this set exactly. */
  params: MechanismParams;
}

/** Parameters of a mechanism set (structure shrinks, seed does not). */
export interface MechanismParams {
  family: MechanismFamily;
  /** Latent dimension. */
  n: number;
  /** Number of mechanisms (for families that allow several, e.g. random-dense, distinct-diagonal). */
  count: number;
  /** Seed of the numeric content. */
  seed: number;
}

/** An invertible mixing g: Rⁿ → Rⁿ with its exact inverse. */
export interface Mixing {
  kind: 'linear' | 'leaky-relu-mlp';
  n: number;
  /** x = g(z), row-wise. */
  apply(z: Mat): Mat;
  /** z = g⁻¹(x), row-wise (exact up to floating point). */
  invert(x: Mat): Mat;
  /** Condition number of each weight matrix after the conditioning rule. */
  conditionNumbers: number[];
  /** Number of weight redraws the conditioning rule needed (health check). */
  redraws: number;
  /** Non-affine share on the probe samples, when `params.minNonlinearity` is set (and redraws of the network it took). */
  nonlinearity?: { share: number; networkRedraws: number };
  description: string;
  params: MixingParams;
}

export interface MixingParams {
  kind: 'linear' | 'leaky-relu-mlp';
  n: number;
  /** Hidden layers (MLP only; 0 for linear). */
  layers: number;
  /** Negative slope of the leaky ReLU (MLP only), in (0, 1). */
  negativeSlope: number;
  /** Conditioning rule: each weight matrix is redrawn while its condition number exceeds this. */
  maxCondition: number;
  seed: number;
  /**
   * User-given weight matrix of a linear mixing (set by `linearMixingFrom`): when present the seed
   * draws nothing and `buildMixing` uses W as given (its condition number must not exceed `maxCondition`).
   */
  weights?: Mat;
  /**
   * Nonlinearity floor (MLP only; default none): the whole network is redrawn until its non-affine share
   * (`nonAffineShare` on probe samples z ~ N(0, I)) is at least this, a number in [0, 1).
   */
  minNonlinearity?: number;
}
