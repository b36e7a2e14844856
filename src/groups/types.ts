/**
 * Group actions on Rⁿ (linear representations ρ: G → GL(n)) as mechanism sets: the mechanisms are
 * matrices of group elements, and the encoder is identified up to the commutant of the representation
 * (Ahuja, Hartford & Bengio 2022, theory.md §2; Schur's lemma: distinct irreducibles → one scale per block,
 * repeated copies → mixing among the copies).
 */
import type { Mat } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';

/** The kinds of group actions `buildGroupAction` knows. */
export type GroupKind =
  | 'special-orthogonal'
  | 'orthogonal'
  | 'permutation'
  | 'standard-irrep'
  | 'sign-rep'
  | 'signed-permutation'
  | 'cyclic'
  | 'finite'
  | 'scalings'
  | 'translations'
  | 'trivial'
  | 'direct-sum';

/**
 * The abstract group an action represents. Two actions whose groups have the same `id` represent the
 * same abstract group on the same generating list, so `directSum` can let one abstract element act on
 * every block (`'*'`: the trivial representation's wildcard, compatible with any group).
 */
export interface AbstractGroup {
  /** e.g. 'S_3', 'C_5', 'B_2', 'SO(3)', 'scalings(2)', or 'matrix-group:<hash>' for a group given by matrices. */
  id: string;
  /** Finite group (generators generate it) or continuous (generators are generic sampled elements). */
  finite: boolean;
  /** Group order (finite groups; may be Infinity as a float for huge n!), null for continuous groups. */
  order: number | null;
  /** Abstract generating elements (finite) or generic samples from `seed` (continuous). */
  generators: unknown[];
  /** A random abstract element (uniform for finite groups, Haar / the stated law for continuous ones). */
  sample(rng: Rng): unknown;
}

/** A group acting linearly on Rⁿ (affinely, through homogeneous (n+1) × (n+1) matrices, when `homogeneous`). */
export interface GroupAction {
  kind: GroupKind;
  /** Dimension of the space acted on (Rⁿ). */
  n: number;
  /** Size of the matrices: n, or n + 1 for homogeneous (affine) actions. */
  matrixSize: number;
  /** True for translations: matrices are [[I, t], [0, 1]] acting on (z, 1). */
  homogeneous: boolean;
  description: string;
  /** Matrices of a generating set (finite groups) or of generic sampled elements (continuous groups). */
  generators: Mat[];
  /** `count` random group elements as matrices (uniform on finite groups, Haar / stated law otherwise). */
  sample(rng: Rng, count: number): Mat[];
  /** Rebuilds the action with `buildGroupAction`. */
  params: GroupActionParams;
  /** Whether the group is finite. */
  finite: boolean;
  /**
   * Order of the abstract group (finite), null (continuous). A non-faithful representation (e.g. the sign
   * rep of S₃) has an image of smaller order, a divisor of this one; `elements` lists the image when enumerated.
   */
  order: number | null;
  /** The abstract group represented. */
  group: AbstractGroup;
  /** The matrix of an abstract element of `group`. */
  represent(element: unknown): Mat;
  /** All elements as matrices, when the group was enumerated by closure (`finiteGroup`, some direct sums). */
  elements?: Mat[];
}

/** Options of the continuous groups: how many generic elements stand for the generators, and their seed. */
export interface ContinuousOptions {
  /** Seed of the generic generator samples (default 0). */
  seed?: number;
  /** Number of generic generator samples (defaults per group, see the builders). */
  samples?: number;
}

/** Parameters that rebuild a group action (`buildGroupAction`). */
export type GroupActionParams =
  | { kind: 'special-orthogonal'; n: number; seed: number; samples: number }
  | { kind: 'orthogonal'; n: number; seed: number; samples: number }
  | { kind: 'scalings'; n: number; sigma: number; seed: number; samples: number }
  | { kind: 'translations'; n: number; scale: number; seed: number; samples: number }
  | { kind: 'permutation'; n: number }
  | { kind: 'standard-irrep'; n: number }
  | { kind: 'sign-rep'; n: number }
  | { kind: 'signed-permutation'; n: number }
  | { kind: 'cyclic'; n: number; k: number; representation: 'rotation' | 'shift'; power: number }
  | { kind: 'finite'; generators: Mat[]; maxOrder: number }
  | { kind: 'trivial'; n: number }
  | { kind: 'direct-sum'; irreps: { action: GroupActionParams; copies: number }[] };

/** The linear class predicted by a group action: its commutant (linear centralizer of the generators). */
export interface PredictedLinearClass {
  classId: 'centralizer';
  /** Orthonormal (Frobenius) basis of { A : A ρ(g) = ρ(g) A ∀ generators g }. */
  basis: Mat[];
  dim: number;
  /** The generator matrices the commutant was computed from (pass as `mechanisms` to `classById`). */
  mechanisms: Mat[];
  description: string;
}
