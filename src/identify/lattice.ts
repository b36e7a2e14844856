/**
 * The lattice `identify` walks: the generic classes of the registry (every one that needs no world data),
 * the theorem's world-specific classes (e.g. the linear centralizer of the mechanisms), and a top node
 * `none` (any invertible map: nothing identified), ordered by `CLASS_INCLUSIONS` (src/testing/classOrder.ts)
 * with `none` above every class. The order is partial: orthogonal and permutation + element-wise, for
 * example, are not comparable, so "the finest class" is in general the set of minimal classes.
 */
import { InputError } from '../core/errors.ts';
import { CLASS_IDS, classById } from '../classes/registry.ts';
import type { EquivalenceClass } from '../classes/types.ts';
import { CLASS_INCLUSIONS } from '../testing/classOrder.ts';

/** The top of the lattice: every invertible map (the learner identifies nothing finer). */
export const NONE_ID = 'none';
export const NONE_NAME = 'not identified (any invertible map)';

/** Every id a lattice may hold: the registry's classes and `none`. */
export const LATTICE_IDS: readonly string[] = [...CLASS_IDS, NONE_ID];

/** Generic classes: those `classById` builds from the dimension alone (all but the centralizer). */
export const GENERIC_CLASS_IDS: readonly string[] = CLASS_IDS.filter((id) => id !== 'centralizer');

/** Check a class name given by a user (a registry id or `none`). */
export function assertLatticeId(field: string, id: unknown): string {
  if (typeof id !== 'string' || !LATTICE_IDS.includes(id)) throw new InputError(field, id, `a class id (one of: ${LATTICE_IDS.join(', ')})`);
  return id;
}

/** One node: a class (null for `none`, which contains every map). */
export interface LatticeNode {
  id: string;
  name: string;
  cls: EquivalenceClass | null;
}

/** Whether `finer` ⊆ `coarser` in the lattice (reflexive–transitive closure of the inclusions, `none` on top). */
export function latticeContains(coarser: string, finer: string): boolean {
  if (coarser === finer || coarser === NONE_ID) return true;
  if (finer === NONE_ID) return false;
  const found = new Set([finer]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [a, b] of CLASS_INCLUSIONS)
      if (found.has(a) && !found.has(b)) {
        found.add(b);
        grew = true;
      }
  }
  return found.has(coarser);
}

/** Whether `finer` ⊊ `coarser`. */
export function strictlyFiner(finer: string, coarser: string): boolean {
  return finer !== coarser && latticeContains(coarser, finer);
}

/** Ids in lattice order: registry order (finest first), then `none`. */
export function latticeOrder(ids: Iterable<string>): string[] {
  const set = new Set(ids);
  return LATTICE_IDS.filter((id) => set.has(id));
}

/**
 * The covering relation (Hasse diagram) among `ids`: pairs [finer, coarser] with finer ⊊ coarser and no id
 * strictly between them. These are the edges the lattice figure draws.
 */
export function coveringPairs(ids: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const a of ids)
    for (const b of ids) {
      if (!strictlyFiner(a, b)) continue;
      if (ids.some((c) => strictlyFiner(a, c) && strictlyFiner(c, b))) continue;
      out.push([a, b]);
    }
  return out;
}

/**
 * The lattice on R^dim: the generic classes (or only `only`, when given; `none` is always kept) plus
 * `extra` world-specific classes. An extra class must carry a registry id and act on R^dim.
 */
export function buildLattice(dim: number, extra: readonly EquivalenceClass[] = [], only?: readonly string[]): LatticeNode[] {
  const nodes: LatticeNode[] = [];
  const wanted = (id: string) => only === undefined || only.includes(id);
  for (const id of GENERIC_CLASS_IDS) if (wanted(id)) {
    const cls = classById(id, dim);
    nodes.push({ id, name: cls.name, cls });
  }
  extra.forEach((cls, i) => {
    if (!(CLASS_IDS as readonly string[]).includes(cls.id)) throw new InputError(`identify.classes[${i}].id`, cls.id, `a registry class id (one of: ${CLASS_IDS.join(', ')})`);
    if (cls.dim !== dim) throw new InputError(`identify.classes[${i}].dim`, cls.dim, `${dim}, the latent dimension`);
    if (!wanted(cls.id) || nodes.some((n) => n.id === cls.id)) return;
    nodes.push({ id: cls.id, name: cls.name, cls });
  });
  nodes.push({ id: NONE_ID, name: NONE_NAME, cls: null });
  const order = latticeOrder(nodes.map((n) => n.id));
  return order.map((id) => nodes.find((n) => n.id === id)!);
}
