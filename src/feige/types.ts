/**
 * Class-manifold data (theory.md §5; Feige 2019): K classes, each the orbit of a class template (a point set
 * in the plane) under a group acting on R², observed through a fixed renderer.
 *
 *   y ~ Uniform{0, …, K−1},  g ~ the group's law,  x = render(g · T_y)
 *
 * The renderer is permutation-invariant in the template's points, so a template with a C_n symmetry
 * (its stabiliser) gives the same x at θ and θ + 2π/n.
 */
import type { Mat } from '../core/matrix.ts';
import type { GroupActionParams } from '../groups/types.ts';

/**
 * How the K class templates are made.
 * - `random`: `points` i.i.d. N(0, I₂) points per class, centred, scaled to RMS radius 1 (trivial stabiliser
 *   with probability 1).
 * - `cyclic`: the C_n preset: `orbits` random base points per class, each with its n rotations by 2πj/n
 *   (n·orbits points), centred at 0, RMS radius 1: the stabiliser in SO(2) is C_n.
 * - `given`: explicit point sets (K of them, each m × 2, finite); centred and scaled like the others.
 */
export type TemplateSpec =
  | { kind: 'random'; points: number }
  | { kind: 'cyclic'; n: number; orbits: number }
  | { kind: 'given'; points: Mat[] };

/**
 * The fixed renderer from a point set to an observation.
 * - `point-mlp`: a fixed random MLP φ: R² → R^features (tanh hidden layer of width `hidden`) applied to every
 *   point, averaged over the points: x = (1/m) Σᵢ φ(pᵢ) (a Deep-Sets embedding; cheap).
 * - `image`: Gaussian splats of width `width` (in template units) on a size × size pixel grid covering
 *   [−extent, extent]²: x_pixel = Σᵢ exp(−‖c_pixel − pᵢ‖² / 2 width²).
 */
export type RendererSpec =
  | { kind: 'point-mlp'; features: number; hidden: number }
  | { kind: 'image'; size: number; width?: number; extent?: number };

/** A class-manifold data process. */
export interface ClassManifoldProcess {
  /** Number of classes K (≥ 2). */
  classes: number;
  template: TemplateSpec;
  /**
   * The group acting on the templates' plane: factors from src/groups, each acting on R² (n = 2), applied
   * in order (p ↦ M_last ⋯ M_1 p in homogeneous coordinates). Supported: `special-orthogonal` (SO(2)),
   * `cyclic` (rotation representation), `translations`, `trivial` (acts as the identity: a control whose
   * nominal angle is drawn but does not change x).
   */
  group: GroupActionParams[];
  /**
   * Rotation angles are drawn uniformly from [−maxAngle, maxAngle] (default π: Haar on SO(2)). Below π the
   * data fix each class's reference pose (the arc's centre), so "the same way in every class" has a meaning.
   */
  maxAngle?: number;
  renderer: RendererSpec;
  /** Fraction of labelled points in [0, 1] (semi-supervised setting; 1 = supervised). Stratified by class. */
  labelFraction: number;
  /** Standard deviation of Gaussian observation noise added to x (default 0). */
  noise?: number;
  /** Seed of the world: templates and renderer weights. */
  seed: number;
}

/** One group element: its angle (0 if no rotation factor), translation, and homogeneous 3 × 3 matrix. */
export interface GroupElement {
  theta: number;
  t: [number, number];
  matrix: Mat;
}

/** A built world: validated process, templates, renderer. */
export interface ClassManifoldWorld {
  process: ClassManifoldProcess;
  /** K templates, each m × 2 (centred, RMS radius 1). */
  templates: Mat[];
  /** Render one point set (rows = points) to an observation vector. */
  render(points: Mat): number[];
  /** Observation dimension. */
  dim: number;
  /** Whether the group has a rotation factor / translation factor / acts trivially. */
  hasRotation: boolean;
  hasTranslation: boolean;
  trivial: boolean;
  /** Order n of the templates' rotational stabiliser C_n (1 = trivial). */
  stabiliserOrder: number;
  /** Draw one group element. */
  sampleElement(rng: import('../rng/rng.ts').Rng): GroupElement;
  /** x = render(g · T_y) for given angle/translation (noise-free). */
  observe(y: number, theta: number, t?: readonly [number, number]): number[];
  description: string;
}

/** A dataset of the process: observations, labels, the label mask and the true group coordinates. */
export interface ClassManifoldDataset {
  x: Mat;
  /** True class of every row. */
  y: number[];
  /** Whether each row's label is given to the learner. */
  labelled: boolean[];
  /** True angles (0 without a rotation factor; the nominal angle for a trivial group). */
  theta: number[];
  /** True translations (zeros without a translation factor). */
  t: Mat;
  /**
   * The transformation as regression targets: (cos θ, sin θ) for rotations, t / scale for translations,
   * both for the product.
   */
  transform: Mat;
  classes: number;
}

/** What a learner of the family trains on: observations, labels where given (−1 otherwise). */
export interface FeigeData {
  x: Mat;
  /** Class labels, −1 for unlabelled rows. */
  labels: number[];
  classes: number;
}
