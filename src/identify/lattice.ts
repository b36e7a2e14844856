/**
 * The lattice `identify` walks: the generic classes of the registry (every one that needs no world data),
 * the theorem's world-specific classes (e.g. the linear centralizer of the mechanisms), and a top node
 * `none` (any invertible map: nothing identified), ordered by `CLASS_INCLUSIONS` (src/classes/order.ts)
 * with `none` above every class. The order is partial: orthogonal and permutation + element-wise, for
 * example, are not comparable, so "the finest class" is in general the set of minimal classes.
 */
import { InputError } from '../core/errors.ts';
import { CLASS_IDS, EXTRA_CLASS_IDS, classById } from '../classes/registry.ts';
import type { EquivalenceClass } from '../classes/types.ts';
import { CLASS_INCLUSIONS } from '../classes/order.ts';
import type { Rng } from '../rng/rng.ts';

/** The top of the lattice: every invertible map (the learner identifies nothing finer). */
export const NONE_ID = 'none';
export const NONE_NAME = 'not identified (any invertible map)';

/**
 * Every id a lattice may hold, finest first: the registry's ordered classes, the block class (world-specific:
 * it needs the block sizes; with kernel regressors it contains the nonlinear block-wise maps, so it sits near the
 * top — its inclusions are measured per world) and `none`.
 */
export const LATTICE_IDS: readonly string[] = [...CLASS_IDS, ...EXTRA_CLASS_IDS, NONE_ID];

/** Ids a theorem's world-specific classes (`identify.classes`) may carry: the registry's ordered classes and the block class. */
export const WORLD_CLASS_IDS: readonly string[] = [...CLASS_IDS, ...EXTRA_CLASS_IDS];

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

/**
 * Whether `finer` ⊆ `coarser` in the lattice: the reflexive–transitive closure of `CLASS_INCLUSIONS` and of
 * `measured` pairs [finer, coarser] (inclusions of world-specific classes found by `measureInclusions`), with
 * `none` on top.
 */
export function latticeContains(coarser: string, finer: string, measured: readonly (readonly [string, string])[] = []): boolean {
  if (coarser === finer || coarser === NONE_ID) return true;
  if (finer === NONE_ID) return false;
  const pairs = [...CLASS_INCLUSIONS, ...measured];
  const found = new Set([finer]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [a, b] of pairs)
      if (found.has(a) && !found.has(b)) {
        found.add(b);
        grew = true;
      }
  }
  return found.has(coarser);
}

/** Whether `finer` ⊊ `coarser` (contained, and not the same set). */
export function strictlyFiner(finer: string, coarser: string, measured: readonly (readonly [string, string])[] = []): boolean {
  return finer !== coarser && latticeContains(coarser, finer, measured) && !latticeContains(finer, coarser, measured);
}

/** Members sampled per class, and rows of z, when measuring inclusions of world-specific classes (16 members: a random signed permutation of R² is the identity permutation with probability 1/2, so 4 members let 1 in 16 signed-permutation classes look diagonal). */
export const INCLUSION_MEMBERS = 16;
export const INCLUSION_ROWS = 300;
/**
 * A member is inside a class when its distance is ≤ 1e-6: exact data, far above round-off (EXACT_THRESHOLD's
 * reasoning) and far below any near-miss; or ≤ the class's own exact-data threshold when that is larger (the
 * kernel block class estimates its within-block maps, KERNEL_BLOCK_THRESHOLD = 0.01).
 */
export const INCLUSION_TOLERANCE = 1e-6;

/**
 * Inclusions involving world-specific classes (e.g. the centralizer of this world's mechanisms), measured by
 * sampling: A ⊆ B when `INCLUSION_MEMBERS` random members of A, applied to standard normal z, are all inside B
 * (distance ≤ 1e-6). The static order cannot know them: the centralizer of n + 1 generic signed diagonal
 * mechanisms is exactly the element-wise scalings, that of R(θ) ⊕ R(θ) is not comparable with any generic class.
 * Returns the pairs [finer, coarser] not already implied by `CLASS_INCLUSIONS`.
 */
export function measureInclusions(nodes: readonly LatticeNode[], rng: Rng): [string, string][] {
  const specific = nodes.filter((n) => n.cls !== null && !GENERIC_CLASS_IDS.includes(n.id));
  if (specific.length === 0) return [];
  const dim = specific[0].cls!.dim;
  const z = rng.child('z').normalMatrix(INCLUSION_ROWS, dim);
  const out: [string, string][] = [];
  for (const a of nodes)
    for (const b of nodes) {
      if (a === b || a.cls === null || b.cls === null) continue;
      if (!specific.includes(a) && !specific.includes(b)) continue;
      if (latticeContains(b.id, a.id)) continue;
      const draws = rng.child('members', a.id, b.id);
      let inside = true;
      const tol = Math.max(INCLUSION_TOLERANCE, b.cls.threshold);
      for (let k = 0; k < INCLUSION_MEMBERS && inside; k++) inside = b.cls.fit(z, a.cls.sampleMember(draws).apply(z)).distance <= tol;
      if (inside) out.push([a.id, b.id]);
    }
  return out;
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
export function coveringPairs(ids: readonly string[], measured: readonly (readonly [string, string])[] = []): [string, string][] {
  const out: [string, string][] = [];
  for (const a of ids)
    for (const b of ids) {
      if (!strictlyFiner(a, b, measured)) continue;
      if (ids.some((c) => strictlyFiner(a, c, measured) && strictlyFiner(c, b, measured))) continue;
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
    if (!WORLD_CLASS_IDS.includes(cls.id)) throw new InputError(`identify.classes[${i}].id`, cls.id, `a registry class id (one of: ${WORLD_CLASS_IDS.join(', ')})`);
    if (cls.dim !== dim) throw new InputError(`identify.classes[${i}].dim`, cls.dim, `${dim}, the latent dimension`);
    if (!wanted(cls.id) || nodes.some((n) => n.id === cls.id)) return;
    nodes.push({ id: cls.id, name: cls.name, cls });
  });
  nodes.push({ id: NONE_ID, name: NONE_NAME, cls: null });
  const order = latticeOrder(nodes.map((n) => n.id));
  return order.map((id) => nodes.find((n) => n.id === id)!);
}
