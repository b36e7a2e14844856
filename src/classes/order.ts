/**
 * Inclusions between the equivalence classes of the registry (`CLASS_IDS`): a member of a finer class is a
 * member of every coarser one. "Identified up to the finer class" therefore implies "identified up to the
 * coarser one". The direct inclusions are those `tests/classes/hierarchy.test.ts` checks on sampled members;
 * the relation is their reflexive–transitive closure.
 */
import { InputError } from '../core/errors.ts';
import { CLASS_IDS } from './registry.ts';

/** Pairs `[finer, coarser]`: finer ⊂ coarser. */
export const CLASS_INCLUSIONS: readonly (readonly [string, string])[] = [
  ['identity-offset', 'elementwise-scaling'],
  ['identity-offset', 'signed-permutation'],
  ['identity-offset', 'centralizer'],
  ['elementwise-scaling', 'permutation-scaling'],
  ['signed-permutation', 'permutation-scaling'],
  ['signed-permutation', 'orthogonal'],
  ['permutation-scaling', 'affine'],
  ['permutation-scaling', 'permutation-elementwise'],
  ['orthogonal', 'affine'],
  ['centralizer', 'affine'],
];

export function assertClassId(field: string, id: unknown): string {
  if (typeof id !== 'string' || !(CLASS_IDS as readonly string[]).includes(id)) throw new InputError(field, id, `a class id (one of: ${CLASS_IDS.join(', ')})`);
  return id;
}

/** Every class containing `finer` (itself included), finest first in registry order. */
export function coarserClasses(finer: string): string[] {
  assertClassId('class', finer);
  const found = new Set([finer]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [a, b] of CLASS_INCLUSIONS)
      if (found.has(a) && !found.has(b)) {
        found.add(b);
        grew = true;
      }
  }
  return CLASS_IDS.filter((id) => found.has(id));
}

/** Whether every map of class `finer` is in class `coarser` (true when they are the same class). */
export function classContains(coarser: string, finer: string): boolean {
  assertClassId('class', coarser);
  return coarserClasses(finer).includes(coarser);
}
