/**
 * fast-check arbitraries of group actions: small composable generators of `GroupActionParams`
 * (structure shrinks: kind towards the first listed, n, k, copies and sample counts towards the
 * smallest; seeds `fc.noShrink(fc.integer())` never shrink and are drawn outside the structure's
 * `chain`), mapped through the pure `buildGroupAction`, so a reported params record rebuilds the
 * failing action exactly.
 *
 * Direct sums are drawn from one abstract group's family, so every summand acts consistently:
 * S_m's permutation / standard / sign / trivial reps, C_k's rotation irreps by different powers
 * (and trivial), or copies of one continuous group (SO(n), O(n), scalings) with trivial blocks.
 */
import fc from 'fast-check';
import { InputError } from '../core/errors.ts';
import { reflection2, rotation2 } from '../generators/mechanisms.ts';
import { buildGroupAction } from './actions.ts';
import type { GroupAction, GroupActionParams, GroupKind } from './types.ts';

/** A seed: any 32-bit integer, never shrunk. */
export const groupSeedArb = (): fc.Arbitrary<number> => fc.noShrink(fc.integer());

/** Kinds `groupActionParamsArb` draws by default (every kind). */
export const ARBITRARY_GROUP_KINDS: readonly GroupKind[] = [
  'permutation',
  'signed-permutation',
  'special-orthogonal',
  'orthogonal',
  'standard-irrep',
  'sign-rep',
  'cyclic',
  'scalings',
  'translations',
  'trivial',
  'finite',
  'direct-sum',
];

/** Options of `groupActionParamsArb` / `groupActionArb`: which group kinds, the range of n, and the copies of a direct-sum summand. */
export interface GroupArbOptions {
  /** Kinds to draw from (default `ARBITRARY_GROUP_KINDS`). */
  kinds?: GroupKind[];
  /** Smallest dimension n of the space acted on (default 1). */
  minN?: number;
  /** Largest dimension n (default 5). */
  maxN?: number;
  /** Largest number of copies of a direct-sum summand (default 3). */
  maxCopies?: number;
}

/** Named generator sets of small finite groups (for the 'finite' kind). */
export const FINITE_GENERATOR_SETS: Readonly<Record<string, number[][][]>> = {
  /** S₃ standard irrep on R²: rotation by 2π/3 and a reflection (order 6). */
  's3-irrep': [rotation2((2 * Math.PI) / 3), reflection2(0)],
  /** Klein four-group diag(±1, ±1) (order 4). */
  klein: [
    [
      [-1, 0],
      [0, 1],
    ],
    [
      [1, 0],
      [0, -1],
    ],
  ],
  /** Dihedral group of the square D₄ on R² (order 8). */
  d4: [rotation2(Math.PI / 2), reflection2(0)],
  /** C₃ by cyclic shift of R³ (order 3). */
  'c3-shift': [
    [
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ],
  ],
};

type Structure = (seed: number) => GroupActionParams;

const int = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max });

/** Structure of one kind within [minN, maxN] (a function of the seed), or null when no n fits. */
function structureArb(kind: GroupKind, minN: number, maxN: number, maxCopies: number): fc.Arbitrary<Structure> | null {
  const lo = (m: number): number => Math.max(minN, m);
  const fits = (m: number, M = maxN): boolean => lo(m) <= M;
  switch (kind) {
    case 'permutation':
    case 'signed-permutation':
    case 'trivial':
      return fits(1) ? int(lo(1), maxN).map((n) => () => ({ kind, n }) as GroupActionParams) : null;
    case 'standard-irrep':
      // Acts on R^{m−1}.
      return fits(1) ? int(lo(1), maxN).map((d) => () => ({ kind, n: d + 1 })) : null;
    case 'sign-rep':
      return minN <= 1 ? int(2, 6).map((m) => () => ({ kind, n: m })) : null;
    case 'special-orthogonal':
    case 'orthogonal':
      return fits(1)
        ? fc.record({ n: int(lo(1), maxN), samples: int(2, 4) }).map(({ n, samples }) => (seed: number) => ({ kind, n, samples, seed }))
        : null;
    case 'scalings':
      return fits(1)
        ? fc
            .record({ n: int(lo(1), maxN), samples: int(1, 3), sigma: fc.constantFrom(0.5, 0.25, 1) })
            .map(({ n, samples, sigma }) => (seed: number) => ({ kind, n, samples, sigma, seed }))
        : null;
    case 'translations':
      // Homogeneous: acts on R^n with (n+1) × (n+1) matrices; n samples span Rⁿ.
      return fits(1) ? int(lo(1), maxN).map((n) => (seed: number) => ({ kind, n, samples: n, scale: 1, seed })) : null;
    case 'cyclic': {
      const rotation: fc.Arbitrary<Structure> | null = fits(2)
        ? fc
            .record({ n: int(lo(2), maxN), k: int(3, 12) })
            .chain(({ n, k }) => int(1, k - 1).map((power) => () => ({ kind, n, k, representation: 'rotation' as const, power })))
        : null;
      const shift: fc.Arbitrary<Structure> | null = fits(2)
        ? int(lo(2), maxN).map((n) => () => ({ kind, n, k: n, representation: 'shift' as const, power: 1 }))
        : null;
      const opts = [rotation, shift].filter((a): a is fc.Arbitrary<Structure> => a !== null);
      return opts.length === 0 ? null : fc.oneof(...opts);
    }
    case 'finite': {
      const names = Object.keys(FINITE_GENERATOR_SETS).filter((k) => {
        const d = FINITE_GENERATOR_SETS[k][0].length;
        return d >= minN && d <= maxN;
      });
      return names.length === 0
        ? null
        : fc.constantFrom(...names).map((name) => () => ({ kind: 'finite', generators: FINITE_GENERATOR_SETS[name].map((g) => g.map((r) => r.slice())), maxOrder: 5000 }));
    }
    case 'direct-sum':
      return directSumStructureArb(minN, maxN, maxCopies);
  }
}

/** A direct sum from one group family, total dimension within [minN, maxN]. */
function directSumStructureArb(minN: number, maxN: number, maxCopies: number): fc.Arbitrary<Structure> | null {
  if (maxN < Math.max(minN, 2)) return null;
  const copies = int(1, maxCopies);
  type Piece = { make: (seed: number) => GroupActionParams; dim: number };
  const s3 = fc.constantFrom<Piece>(
    { make: () => ({ kind: 'standard-irrep', n: 3 }), dim: 2 },
    { make: () => ({ kind: 'sign-rep', n: 3 }), dim: 1 },
    { make: () => ({ kind: 'permutation', n: 3 }), dim: 3 },
    { make: () => ({ kind: 'trivial', n: 1 }), dim: 1 },
  );
  const c6 = fc.constantFrom<Piece>(
    ...[1, 2, 3, 4, 5].map((power): Piece => ({ make: () => ({ kind: 'cyclic', n: 2, k: 6, representation: 'rotation', power }), dim: 2 })),
    { make: () => ({ kind: 'trivial', n: 1 }), dim: 1 },
  );
  const continuous = (kind: 'special-orthogonal' | 'orthogonal' | 'scalings', d: number): fc.Arbitrary<Piece> =>
    fc.constantFrom<Piece>(
      {
        make: (seed) =>
          kind === 'scalings' ? { kind, n: d, samples: 3, sigma: 0.5, seed } : { kind, n: d, samples: 3, seed },
        dim: d,
      },
      { make: () => ({ kind: 'trivial', n: 1 }), dim: 1 },
    );
  const families = [s3, c6, continuous('special-orthogonal', 3), continuous('special-orthogonal', 2), continuous('orthogonal', 2), continuous('scalings', 1)];
  if (minN > 3 * 3 * maxCopies) return null;
  // The family is drawn first, then up to three pieces of that family: every summand represents one abstract group.
  return int(0, families.length - 1)
    .chain((f) => fc.array(fc.tuple(families[f], copies), { minLength: 1, maxLength: 3 }))
    .filter((pieces) => {
      const dim = pieces.reduce((sum, [p, c]) => sum + p.dim * c, 0);
      return dim >= minN && dim <= maxN;
    })
    .map((pieces) => (seed: number) => ({
      kind: 'direct-sum' as const,
      irreps: pieces.map(([p, c]) => ({ action: p.make(seed), copies: c })),
    }));
}

/**
 * Valid `GroupActionParams` within [minN, maxN]. Throws `InputError` naming `opts.kinds` (unknown kind,
 * empty) or `opts.maxN` (no kind fits).
 */
export function groupActionParamsArb(opts: GroupArbOptions = {}): fc.Arbitrary<GroupActionParams> {
  const kinds = opts.kinds ?? [...ARBITRARY_GROUP_KINDS];
  const minN = opts.minN ?? 1;
  const maxN = opts.maxN ?? 5;
  const maxCopies = opts.maxCopies ?? 3;
  if (!Array.isArray(kinds) || kinds.length === 0) throw new InputError('opts.kinds', kinds, 'a non-empty list of group kinds');
  for (const k of kinds) if (!(ARBITRARY_GROUP_KINDS as readonly string[]).includes(k)) throw new InputError('opts.kinds', k, `one of ${ARBITRARY_GROUP_KINDS.join(', ')}`);
  if (!Number.isInteger(minN) || minN < 1) throw new InputError('opts.minN', minN, 'a positive integer');
  if (!Number.isInteger(maxN) || maxN < minN || maxN > 15) throw new InputError('opts.maxN', maxN, `an integer in [minN = ${minN}, 15]`);
  if (!Number.isInteger(maxCopies) || maxCopies < 1) throw new InputError('opts.maxCopies', maxCopies, 'a positive integer');
  const arbs = kinds.map((k) => structureArb(k, minN, maxN, maxCopies)).filter((a): a is fc.Arbitrary<Structure> => a !== null);
  if (arbs.length === 0) throw new InputError('opts.maxN', maxN, `a bound that admits some n >= ${minN} for ${kinds.join(', ')}`);
  // The kind index shrinks towards the first listed kind (chain regenerates its structure); the seed sits
  // outside the chain: shrinking the structure never redraws it.
  const structure = fc.integer({ min: 0, max: arbs.length - 1 }).chain((i) => arbs[i]);
  return fc.tuple(structure, groupSeedArb()).map(([make, seed]) => make(seed));
}

/** Group actions: `groupActionParamsArb(opts).map(buildGroupAction)`. */
export function groupActionArb(opts: GroupArbOptions = {}): fc.Arbitrary<GroupAction> {
  return groupActionParamsArb(opts).map(buildGroupAction);
}
