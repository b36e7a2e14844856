/**
 * `defineClass` turns a class's math (fit on validated samples, member and near-miss samplers) into an
 * `EquivalenceClass`: it adds input validation, `contains`, and the checks on `threshold` and `size`.
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertNumber, assertPositiveInt } from '../core/validate.ts';
import type { Rng } from '../rng/rng.ts';
import type { ClassFit, EquivalenceClass, LatentMap } from './types.ts';
import { assertClassSamples } from './samples.ts';
import { DEFAULT_NEAR_MISS_SIZE } from './threshold.ts';

export interface ClassSpec {
  id: string;
  name: string;
  dim: number;
  threshold: number;
  /** Fit on samples already checked by `assertClassSamples`. */
  fit(z: Mat, zhat: Mat): ClassFit;
  sampleMember(rng: Rng): LatentMap;
  /** Near-miss of the given size ∈ (0, 1], or null when the class has no non-member of that kind. */
  sampleNonMember(rng: Rng, size: number): LatentMap | null;
}

/** Check a near-miss size: a finite number in (0, 1] (0 would give a member; rotations stay below π/4). */
export function assertNearMissSize(size: unknown): number {
  const s = assertNumber('size', size, { max: 1 });
  if (!(s > 0)) throw new InputError('size', size, 'a number in (0, 1]');
  return s;
}

/** Build an `EquivalenceClass` from its spec. */
export function defineClass(spec: ClassSpec): EquivalenceClass {
  assertPositiveInt('dim', spec.dim);
  const fit = (z: Mat, zhat: Mat): ClassFit => {
    const [a, b] = assertClassSamples(z, zhat, spec.dim);
    return spec.fit(a, b);
  };
  return Object.freeze({
    id: spec.id,
    name: spec.name,
    dim: spec.dim,
    threshold: spec.threshold,
    fit,
    contains(z: Mat, zhat: Mat, threshold: number = spec.threshold): boolean {
      const t = assertNumber('threshold', threshold, { min: 0 });
      return fit(z, zhat).distance <= t;
    },
    sampleMember: (rng: Rng) => spec.sampleMember(rng),
    sampleNonMember: (rng: Rng, size: number = DEFAULT_NEAR_MISS_SIZE) => spec.sampleNonMember(rng, assertNearMissSize(size)),
  });
}
