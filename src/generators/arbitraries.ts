/**
 * fast-check arbitraries of worlds: small composable generators built with map/chain/record.
 * The structure (family, n, count, kind, layers, slope, condition bound) shrinks; seeds do not
 * (`fc.noShrink(fc.integer())`, drawn outside the structure's `chain` so that shrinking the
 * family or kind never redraws it): a counterexample shrinks to the simplest structure that still
 * fails, keeping the seed of the first failing draw. Worlds are built by the pure builders, so a
 * reported params record rebuilds the failing world exactly.
 *
 * Defaults keep n small (2..6) so property checks stay fast.
 */
import fc from 'fast-check';
import { InputError } from '../core/errors.ts';
import { MECHANISM_FAMILIES, MECHANISM_FAMILY_RULES, buildMechanismSet } from './mechanisms.ts';
import { MIXING_KINDS, buildMixing } from './mixing.ts';
import type { MechanismFamily, MechanismParams, MechanismSet, Mixing, MixingParams } from './types.ts';

/** Default largest n of generated worlds. */
export const DEFAULT_MAX_N = 6;
/** Default smallest n of generated worlds. */
export const DEFAULT_MIN_N = 2;
/** Largest `count` generated for families that allow several mechanisms. */
export const DEFAULT_MAX_COUNT = 3;

/** A seed: any 32-bit integer, never shrunk. */
export const seedArb = (): fc.Arbitrary<number> => fc.noShrink(fc.integer());

/** Options of `mechanismParamsArb` / `mechanismSetArb`: which families, and the ranges of n and of the mechanism count. */
export interface MechanismArbOptions {
  /** Families to draw from (default: all). */
  families?: MechanismFamily[];
  /** Largest n (default 6). Families whose smallest n exceeds it are left out. */
  maxN?: number;
  /** Smallest n (default 2; families with a larger minimum start there). */
  minN?: number;
  /** Largest count for families that allow several mechanisms (default 3). */
  maxCount?: number;
}

/** The valid n of `family` within [minN, maxN], or null when there is none. */
function nArb(family: MechanismFamily, minN: number, maxN: number): fc.Arbitrary<number> | null {
  const rule = MECHANISM_FAMILY_RULES[family];
  const lo = Math.max(rule.minN, minN);
  const hi = Math.min(rule.maxN, maxN);
  if (rule.evenN) {
    const kLo = Math.ceil(lo / 2);
    const kHi = Math.floor(hi / 2);
    return kLo > kHi ? null : fc.integer({ min: kLo, max: kHi }).map((k) => 2 * k);
  }
  return lo > hi ? null : fc.integer({ min: lo, max: hi });
}

/**
 * Valid `MechanismParams`: family (shrinks towards the first listed), n and count (shrink towards
 * the smallest valid), seed (does not shrink). Throws `InputError` naming `opts.families` / `opts.maxN`
 * when no family fits.
 */
export function mechanismParamsArb(opts: MechanismArbOptions = {}): fc.Arbitrary<MechanismParams> {
  const families = opts.families ?? [...MECHANISM_FAMILIES];
  const maxN = opts.maxN ?? DEFAULT_MAX_N;
  const minN = opts.minN ?? DEFAULT_MIN_N;
  const maxCount = opts.maxCount ?? DEFAULT_MAX_COUNT;
  if (families.length === 0) throw new InputError('opts.families', families, 'a non-empty list of mechanism families');
  for (const f of families)
    if (!(MECHANISM_FAMILIES as readonly string[]).includes(f)) throw new InputError('opts.families', f, `one of ${MECHANISM_FAMILIES.join(', ')}`);
  if (!Number.isInteger(maxCount) || maxCount < 1) throw new InputError('opts.maxCount', maxCount, 'a positive integer');
  const usable = families.filter((f) => nArb(f, minN, maxN) !== null);
  if (usable.length === 0)
    throw new InputError('opts.maxN', maxN, `a bound that admits some n >= ${minN} for ${families.join(', ')}`);
  const structure = fc.constantFrom(...usable).chain((family) =>
    fc.record({
      family: fc.constant(family),
      n: nArb(family, minN, maxN)!,
      count: MECHANISM_FAMILY_RULES[family].fixedGenerators ? fc.constant(1) : fc.integer({ min: 1, max: maxCount }),
    }),
  );
  // The seed sits outside the chain: shrinking the family regenerates n and count, never the seed.
  return fc.tuple(structure, seedArb()).map(([s, seed]): MechanismParams => ({ ...s, seed }));
}

/** Mechanism sets with their centralizers: `mechanismParamsArb(opts).map(buildMechanismSet)`. */
export function mechanismSetArb(opts: MechanismArbOptions = {}): fc.Arbitrary<MechanismSet> {
  return mechanismParamsArb(opts).map(buildMechanismSet);
}

/** Options of `mixingParamsArb` / `mixingArb`: which kinds, the depth of MLP mixings, and a fixed n, condition bound or nonlinearity floor. */
export interface MixingArbOptions {
  /** Kinds to draw from (default both). */
  kinds?: MixingParams['kind'][];
  /** Largest number of hidden layers of an MLP (default 3). */
  maxLayers?: number;
  /** Fixed latent dimension (default: n in 2..6). */
  n?: number;
  /** Fixed condition bound (default: an integer in [10, 50], shrinking towards 10). */
  maxCondition?: number;
  /** Nonlinearity floor of MLP mixings (`MixingParams.minNonlinearity`; default none). */
  minNonlinearity?: number;
}

/**
 * Valid `MixingParams`: kind, layers (1..maxLayers for the MLP, 0 for linear), negative slope
 * (a multiple of 0.05 in [0.1, 0.9]; 0, unused, for linear), maxCondition and n shrink; the seed does not.
 */
export function mixingParamsArb(opts: MixingArbOptions = {}): fc.Arbitrary<MixingParams> {
  const kinds = opts.kinds ?? [...MIXING_KINDS];
  const maxLayers = opts.maxLayers ?? 3;
  if (kinds.length === 0) throw new InputError('opts.kinds', kinds, 'a non-empty list of mixing kinds');
  for (const k of kinds) if (!(MIXING_KINDS as readonly string[]).includes(k)) throw new InputError('opts.kinds', k, `one of ${MIXING_KINDS.join(', ')}`);
  if (!Number.isInteger(maxLayers) || maxLayers < 1) throw new InputError('opts.maxLayers', maxLayers, 'a positive integer');
  if (opts.n !== undefined && !(Number.isInteger(opts.n) && opts.n >= 1)) throw new InputError('opts.n', opts.n, 'a positive integer');
  if (opts.minNonlinearity !== undefined && !(typeof opts.minNonlinearity === 'number' && opts.minNonlinearity >= 0 && opts.minNonlinearity < 1))
    throw new InputError('opts.minNonlinearity', opts.minNonlinearity, 'a non-affine share in [0, 1)');
  const nArbitrary = opts.n !== undefined ? fc.constant(opts.n) : fc.integer({ min: DEFAULT_MIN_N, max: DEFAULT_MAX_N });
  const conditionArb = opts.maxCondition !== undefined ? fc.constant(opts.maxCondition) : fc.integer({ min: 10, max: 50 });
  const structure = fc.constantFrom(...kinds).chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      n: nArbitrary,
      layers: kind === 'linear' ? fc.constant(0) : fc.integer({ min: 1, max: maxLayers }),
      negativeSlope: kind === 'linear' ? fc.constant(0) : fc.integer({ min: 2, max: 18 }).map((k) => k / 20),
      maxCondition: conditionArb,
    }),
  );
  const floor = opts.minNonlinearity;
  return fc
    .tuple(structure, seedArb())
    .map(([s, seed]): MixingParams => (floor !== undefined && s.kind === 'leaky-relu-mlp' ? { ...s, seed, minNonlinearity: floor } : { ...s, seed }));
}

/** Mixings of dimension `n` (default 2..6): `mixingParamsArb({ ...opts, n }).map(buildMixing)`. */
export function mixingArb(n?: number, opts: Omit<MixingArbOptions, 'n'> = {}): fc.Arbitrary<Mixing> {
  return mixingParamsArb({ ...opts, n }).map(buildMixing);
}
