/** Look up a class by its id: `classById('orthogonal', 3)`, `classById('centralizer', 3, { mechanisms })`. */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertPositiveInt } from '../core/validate.ts';
import type { EquivalenceClass } from './types.ts';
import { affineClass } from './affine.ts';
import { centralizerClass } from './centralizer.ts';
import { elementwiseScalingClass } from './elementwise-scaling.ts';
import { identityOffsetClass } from './identity-offset.ts';
import { orthogonalClass } from './orthogonal.ts';
import { permutationElementwiseClass } from './permutation-elementwise.ts';
import { permutationScalingClass } from './permutation-scaling.ts';
import { signedPermutationClass } from './signed-permutation.ts';
import { BLOCK_ID, blockClass } from './block.ts';

/** Options of `classById`: inputs that some classes need besides the dimension. */
export interface ClassOptions {
  /** Mechanisms M_k (d × d each); required by the `centralizer` class, ignored by the others. */
  mechanisms?: Mat[];
  /** Block sizes (Σ = dim); required by the `block` class, ignored by the others. */
  blocks?: number[];
  /** Within-block regressor of the `block` class (default 'kernel'). */
  regressor?: 'linear' | 'kernel';
}

/**
 * Classes outside the inclusion lattice of `CLASS_IDS`, looked up by `classById` too: `block` (sizes in `opts.blocks`;
 * its within-block maps may be nonlinear, so it is not ordered against the linear classes).
 */
export const EXTRA_CLASS_IDS = [BLOCK_ID] as const;

/**
 * Every class id, from the finest class to the coarsest except the nonlinear permutation + element-wise
 * monotone class (coarser than permutation + scaling, not comparable with orthogonal or affine) and the
 * mechanism-dependent centralizer. The inclusions are `CLASS_INCLUSIONS` (src/classes/order.ts).
 */
export const CLASS_IDS = [
  'identity-offset',
  'elementwise-scaling',
  'permutation-scaling',
  'signed-permutation',
  'orthogonal',
  'affine',
  'permutation-elementwise',
  'centralizer',
] as const;

/** The classes whose members are affine maps (every class except permutation + element-wise monotone). */
export const AFFINE_CLASS_IDS = CLASS_IDS.filter((id) => id !== 'permutation-elementwise');

/** Id of a built-in equivalence class, as `classById` accepts it (see `CLASS_IDS`). */
export type ClassId = (typeof CLASS_IDS)[number];

const factories: Record<Exclude<ClassId, 'centralizer'>, (dim: number) => EquivalenceClass> = {
  'identity-offset': identityOffsetClass,
  'elementwise-scaling': elementwiseScalingClass,
  'permutation-scaling': permutationScalingClass,
  'signed-permutation': signedPermutationClass,
  orthogonal: orthogonalClass,
  affine: affineClass,
  'permutation-elementwise': permutationElementwiseClass,
};

/**
 * The class with this id acting on R^dim. Throws `InputError('class', id, 'one of: …')` for an unknown id,
 * `InputError('dim', …)` for a bad dimension, for `block` an `InputError` on missing `opts.blocks` or sizes not summing
 * to dim, and for `centralizer` an `InputError` on missing mechanisms
 * (`opts.mechanisms`) or mechanisms whose size is not dim.
 */
export function classById(id: string, dim: number, opts: ClassOptions = {}): EquivalenceClass {
  const known: readonly string[] = [...CLASS_IDS, ...EXTRA_CLASS_IDS];
  if (!known.includes(id)) throw new InputError('class', id, `one of: ${known.join(', ')}`);
  assertPositiveInt('dim', dim);
  if (id === BLOCK_ID) {
    const blocks = opts?.blocks;
    if (!Array.isArray(blocks) || blocks.length === 0) throw new InputError('opts.blocks', blocks, 'a non-empty list of block sizes (the block class needs them)');
    const cls = blockClass({ blocks, regressor: opts.regressor });
    if (cls.dim !== dim) throw new InputError('dim', dim, `${cls.dim}, the sum of the block sizes`);
    return cls;
  }
  if (id === 'centralizer') {
    const mechanisms = opts?.mechanisms;
    if (!Array.isArray(mechanisms) || mechanisms.length === 0)
      throw new InputError('opts.mechanisms', mechanisms, 'a non-empty list of d × d mechanisms (the centralizer class needs them)');
    const cls = centralizerClass(mechanisms);
    if (cls.dim !== dim) throw new InputError('dim', dim, `${cls.dim}, the size of the mechanisms`);
    return cls;
  }
  return factories[id as Exclude<ClassId, 'centralizer'>](dim);
}
