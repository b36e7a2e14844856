/**
 * From a group action to a mechanism set and its predicted class (theory.md §2, Ahuja, Hartford &
 * Bengio 2022: with known mechanisms the encoder is identified up to the maps commuting with every
 * mechanism; for the matrices of a group this is the commutant of the representation).
 *
 * The prediction is computed from `action.generators` with `centralizerBasis`: an element commutes with
 * the whole group iff it commutes with a generating set (finite groups), or with a dense subgroup
 * (continuous groups: generic samples generate one). Schur's lemma gives the closed forms the tests
 * check: distinct irreducibles → one scale per block; m copies of an absolutely irreducible irrep → m²;
 * a rotation irrep of C_k or SO(2) (complex type) → 2 per copy squared (2m²).
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { clone } from '../core/matrix.ts';
import { centralizerBasis } from '../linalg/centralizer.ts';
import type { Rng } from '../rng/rng.ts';
import type { GroupAction, PredictedLinearClass } from './types.ts';

function assertAction(action: unknown): GroupAction {
  if (typeof action !== 'object' || action === null || !Array.isArray((action as GroupAction).generators) || typeof (action as GroupAction).sample !== 'function')
    throw new InputError('action', action, 'a GroupAction (from a builder in src/groups)');
  return action as GroupAction;
}

/**
 * The mechanisms a group action yields: for a finite group its generators (copies; `count` is ignored —
 * use `action.sample` for random elements); for a continuous group `count` random elements drawn from
 * `rng` (default: as many as `action.generators`), which advances `rng`. Note that the commutant of a few
 * random elements of a continuous group can exceed the group's (e.g. one element of SO(3), or elements of
 * O(2) that happen all to be rotations); `predictedLinearClass` uses the action's own generic generators.
 */
export function mechanismsOf(action: GroupAction, rng: Rng, count?: number): Mat[] {
  const a = assertAction(action);
  if (a.finite) return a.generators.map((g) => clone(g));
  const c = count ?? a.generators.length;
  if (!Number.isInteger(c) || c < 1) throw new InputError('count', count, 'a positive integer number of sampled mechanisms');
  return a.sample(rng, c);
}

/**
 * The predicted linear class of a group action: its commutant { A : A ρ(g) = ρ(g) A for every generator g },
 * as an orthonormal (Frobenius) basis from `centralizerBasis` (use with `classById('centralizer',
 * matrixSize, { mechanisms })`). For homogeneous (translation) actions the basis is of (n+1) × (n+1) matrices.
 */
export function predictedLinearClass(action: GroupAction): PredictedLinearClass {
  const a = assertAction(action);
  const basis = centralizerBasis(a.generators);
  const dim = basis.length;
  const size = a.matrixSize;
  let meaning: string;
  if (dim === 1) meaning = 'scalar multiples of the identity: identified up to a global scale';
  else if (dim === size * size) meaning = 'every linear map: the group identifies nothing';
  else if (a.homogeneous && dim === size) meaning = '[[aI, c], [0, a]]: identity + offset (up to the homogeneous scale a)';
  else meaning = `a ${dim}-dimensional commutant`;
  return {
    classId: 'centralizer',
    basis,
    dim,
    mechanisms: a.generators.map((g) => clone(g)),
    description: `commutant of ${a.description}: dimension ${dim} (${meaning})`,
  };
}
