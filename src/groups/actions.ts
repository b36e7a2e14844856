/**
 * Builders of group actions on Rⁿ (see types.ts). Each is pure and validated: the same arguments give a
 * deep-equal action (generic generators of continuous groups come from `new Rng(seed).child('generators')`),
 * and a bad argument raises an `InputError` naming it (`n`, `k`, `opts.seed`, `opts.samples`, `generators`,
 * `irreps[i].copies`, ...). `buildGroupAction(action.params)` rebuilds any action.
 *
 * | builder                      | group, representation                                    | commutant dim (theory)     |
 * |------------------------------|----------------------------------------------------------|----------------------------|
 * | `specialOrthogonal(n)`       | SO(n), defining rep, Haar samples                        | 1 (n ≥ 3), 2 (n = 2), 1 (n = 1) |
 * | `orthogonalGroup(n)`         | O(n), defining rep, Haar samples                         | 1                          |
 * | `permutationGroup(n)`        | S_n, permutation rep (n-cycle, transposition)            | 2 (n ≥ 2): aI + b 11ᵀ      |
 * | `standardIrrep(n)`           | S_n on the sum-zero subspace (dim n − 1)                 | 1                          |
 * | `signRepresentation(n)`      | S_n, σ ↦ sgn σ (dim 1)                                   | 1                          |
 * | `signedPermutationGroup(n)`  | hyperoctahedral B_n = signed permutations                | 1                          |
 * | `cyclicGroup(n, k)`          | C_k, R(2πp/k) in the first plane ⊕ I_{n−2}, or shift     | 2 + (n−2)² if R ≠ ±I; n (shift) |
 * | `finiteGroup(generators)`    | the matrix group they generate (enumerated by closure)   | computed                   |
 * | `scalings(n)`                | positive diagonal matrices diag(exp(N(0, σ²)))           | n (diagonal)               |
 * | `translations(n)`            | z ↦ z + t, homogeneous [[I, t], [0, 1]] on (z, 1)        | n + 1: [[aI, c], [0, a]] (identity + offset up to scale) |
 * | `trivialRepresentation(n)`   | any group acting as I_n                                  | n²                         |
 * | `directSum(...)`             | ⊕ blocks, one abstract element acting on every block      | Schur: Σ over isotypic parts of m² · dim End(irrep) |
 *
 * Haar sampling of O(n): Gram–Schmidt of a standard Gaussian matrix's columns (QR with R's diagonal
 * positive — the sign fix that makes QR Haar, Mezzadri 2007), via `randomOrthogonal`. SO(n): the same,
 * with the first column negated when det = −1 (right multiplication by a fixed reflection maps the Haar
 * measure of the det −1 coset onto that of SO(n)).
 */
import { determinant, Matrix } from 'ml-matrix';
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { blockDiag, clone, identity, matmul, zeros } from '../core/matrix.ts';
import { assertNumber } from '../core/validate.ts';
import { randomOrthogonal } from '../classes/random.ts';
import { cyclePermutation, permutationMatrix, rotation2 } from '../generators/mechanisms.ts';
import { Rng, normaliseSeed } from '../rng/rng.ts';
import { MAX_GROUP_ORDER, groupClosure, matrixKey, validateGenerators } from './closure.ts';
import type { AbstractGroup, ContinuousOptions, GroupAction, GroupActionParams, GroupKind } from './types.ts';

/** Largest n of a group action (the commutant is the null space of a (K·n²) × n² operator). */
export const MAX_GROUP_N = 16;
/** Largest number of generic generator samples of a continuous group. */
export const MAX_CONTINUOUS_SAMPLES = 64;
/** Default number of generic generator samples of SO(n), O(n) and the scalings. */
export const DEFAULT_CONTINUOUS_SAMPLES = 3;
/** Default standard deviation σ of the log-scales of `scalings`. */
export const DEFAULT_SCALING_SIGMA = 0.5;
/** Default standard deviation of the translation vectors of `translations`. */
export const DEFAULT_TRANSLATION_SCALE = 1;

export const GROUP_KINDS: readonly GroupKind[] = [
  'special-orthogonal',
  'orthogonal',
  'permutation',
  'standard-irrep',
  'sign-rep',
  'signed-permutation',
  'cyclic',
  'finite',
  'scalings',
  'translations',
  'trivial',
  'direct-sum',
];

// ---------------------------------------------------------------------------------------------
// Validation helpers.

function assertDim(field: string, n: unknown, min = 1): number {
  const v = assertNumber(field, n, { integer: true });
  if (v < min || v > MAX_GROUP_N) throw new InputError(field, n, `an integer in [${min}, ${MAX_GROUP_N}]`);
  return v;
}

function continuousOptions(opts: unknown, defaultSamples: number, minSamples = 1, why = ''): { seed: number; samples: number } {
  if (opts === undefined) return { seed: 0, samples: defaultSamples };
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) throw new InputError('opts', opts, 'an options record { seed?, samples? }');
  const o = opts as Record<string, unknown>;
  const seed = o.seed ?? 0;
  normaliseSeed(seed, 'opts.seed');
  const samples = o.samples ?? defaultSamples;
  const s = assertNumber('opts.samples', samples, { integer: true, min: 1, max: MAX_CONTINUOUS_SAMPLES });
  if (s < minSamples) throw new InputError('opts.samples', samples, `at least ${minSamples} generic samples (${why})`);
  return { seed: seed as number, samples: s };
}

function assertCount(count: unknown): number {
  return assertNumber('count', count, { integer: true, min: 0, max: 1_000_000 });
}

/** A 32-bit FNV-1a hash, hex. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** Assemble an action from its abstract group and representation. */
function makeAction(a: {
  kind: GroupKind;
  n: number;
  homogeneous?: boolean;
  description: string;
  params: GroupActionParams;
  group: AbstractGroup;
  represent: (e: unknown) => Mat;
  generators?: Mat[];
  elements?: Mat[];
}): GroupAction {
  const generators = a.generators ?? a.group.generators.map(a.represent);
  const action: GroupAction = {
    kind: a.kind,
    n: a.n,
    matrixSize: a.homogeneous ? a.n + 1 : a.n,
    homogeneous: a.homogeneous ?? false,
    description: a.description,
    generators,
    sample(rng: Rng, count: number): Mat[] {
      const c = assertCount(count);
      return Array.from({ length: c }, () => a.represent(a.group.sample(rng)));
    },
    params: a.params,
    finite: a.group.finite,
    order: a.group.order,
    group: a.group,
    represent: a.represent,
  };
  if (a.elements) action.elements = a.elements;
  return action;
}

// ---------------------------------------------------------------------------------------------
// Continuous groups.

/** A Haar-random element of O(n) (QR of a Gaussian with the sign fix). Advances `rng`. */
export function haarOrthogonal(rng: Rng, n: number): Mat {
  return randomOrthogonal(rng, n);
}

/** A Haar-random element of SO(n): Haar O(n), first column negated when det = −1. Advances `rng`. */
export function haarSpecialOrthogonal(rng: Rng, n: number): Mat {
  const q = randomOrthogonal(rng, n);
  if (determinant(new Matrix(q)) < 0) for (const row of q) row[0] = -row[0];
  return q;
}

function matrixGroup(id: string, generators: Mat[], sample: (rng: Rng) => Mat): AbstractGroup {
  return { id, finite: false, order: null, generators, sample };
}

/**
 * SO(n) in its defining representation; `generators` are `samples` (default 3) Haar elements drawn
 * from `seed` (two generic rotations already generate a dense subgroup for n ≥ 3, one for n = 2; fewer
 * than two for n ≥ 3 is rejected, naming `opts.samples`: the commutant of one rotation is larger).
 * Commutant: scalars (dim 1) for n ≥ 3, aI + bJ (dim 2) for n = 2, everything (dim 1) for n = 1.
 */
export function specialOrthogonal(n: number, opts?: ContinuousOptions): GroupAction {
  const dim = assertDim('n', n);
  const { seed, samples } = continuousOptions(opts, DEFAULT_CONTINUOUS_SAMPLES, dim >= 3 ? 2 : 1, `one rotation does not generate SO(${dim})`);
  const r = new Rng(seed).child('generators');
  const gens = Array.from({ length: samples }, () => haarSpecialOrthogonal(r, dim));
  return makeAction({
    kind: 'special-orthogonal',
    n: dim,
    description: `SO(${dim}) (defining representation, ${samples} Haar generators, seed ${seed})`,
    params: { kind: 'special-orthogonal', n: dim, seed, samples },
    group: matrixGroup(`SO(${dim})`, gens, (rng) => haarSpecialOrthogonal(rng, dim)),
    represent: (e) => clone(e as Mat),
  });
}

/**
 * O(n) in its defining representation; `generators` are `samples` (default 3) Haar elements drawn from
 * `seed`, the first one multiplied by the reflection diag(−1, 1, …) when none of them has det −1, so
 * the generators never lie in SO(n) (whose commutant is larger for n = 2). At least two samples for
 * n ≥ 2 (one element does not generate O(n); `opts.samples` is rejected). Commutant: scalars (dim 1).
 */
export function orthogonalGroup(n: number, opts?: ContinuousOptions): GroupAction {
  const dim = assertDim('n', n);
  const { seed, samples } = continuousOptions(opts, DEFAULT_CONTINUOUS_SAMPLES, dim >= 2 ? 2 : 1, `one element does not generate O(${dim})`);
  const r = new Rng(seed).child('generators');
  const gens = Array.from({ length: samples }, () => haarOrthogonal(r, dim));
  if (gens.every((g) => determinant(new Matrix(g)) > 0)) for (const row of gens[0]) row[0] = -row[0];
  return makeAction({
    kind: 'orthogonal',
    n: dim,
    description: `O(${dim}) (defining representation, ${samples} Haar generators incl. a reflection, seed ${seed})`,
    params: { kind: 'orthogonal', n: dim, seed, samples },
    group: matrixGroup(`O(${dim})`, gens, (rng) => haarOrthogonal(rng, dim)),
    represent: (e) => clone(e as Mat),
  });
}

/**
 * The positive diagonal matrices (a continuous abelian group (R₊)ⁿ): abstract element a log-scale
 * vector s ~ N(0, σ² I), represented as diag(exp(s)). `generators`: `samples` (default 3) elements from
 * `seed`; generic samples have distinct entries, so the commutant is the diagonal matrices (dim n).
 */
export function scalings(n: number, opts?: ContinuousOptions & { sigma?: number }): GroupAction {
  const dim = assertDim('n', n);
  const { seed, samples } = continuousOptions(opts, DEFAULT_CONTINUOUS_SAMPLES);
  const sigma = opts?.sigma ?? DEFAULT_SCALING_SIGMA;
  if (typeof sigma !== 'number' || !Number.isFinite(sigma) || !(sigma > 0)) throw new InputError('opts.sigma', sigma, 'a finite σ > 0');
  const group = gaussianVectorGroup(`scalings(${dim})`, dim, sigma, seed, samples);
  return makeAction({
    kind: 'scalings',
    n: dim,
    description: `positive scalings diag(exp(s)) on R^${dim}, s ~ N(0, ${sigma}² I) (${samples} generators, seed ${seed})`,
    params: { kind: 'scalings', n: dim, sigma, seed, samples },
    group,
    represent: (e) => {
      const s = e as number[];
      const m = zeros(dim, dim);
      s.forEach((v, i) => (m[i][i] = Math.exp(v)));
      return m;
    },
  });
}

/** A finite group given by its generator matrices and their closure; elements are sampled uniformly. */
function finiteMatrixGroup(gens: Mat[], elements: Mat[]): { elements: Mat[]; group: AbstractGroup } {
  const group: AbstractGroup = {
    id: `matrix-group:${hash(gens.map(matrixKey).join('|'))}`,
    finite: true,
    order: elements.length,
    generators: gens,
    sample: (rng) => elements[rng.int(elements.length)],
  };
  return { elements, group };
}

/**
 * A continuous abelian group parametrised by vectors v ∈ Rⁿ (composition = addition), with elements drawn
 * as v ~ N(0, std² I) and `samples` generators drawn from `seed` (scalings use diag(exp(v)), translations z + v).
 */
function gaussianVectorGroup(id: string, dim: number, std: number, seed: number, samples: number): AbstractGroup {
  const draw = (rng: Rng): number[] => Array.from({ length: dim }, () => std * rng.normal());
  const r = new Rng(seed).child('generators');
  return { id, finite: false, order: null, generators: Array.from({ length: samples }, () => draw(r)), sample: draw };
}

/**
 * The translations z ↦ z + t of Rⁿ (abelian, continuous), t ~ N(0, scale² I). Translations are affine,
 * not linear, so they are represented by (n+1) × (n+1) homogeneous matrices [[I, t], [0, 1]] acting on
 * (z, 1): `matrixSize = n + 1`, `homogeneous = true` (convert with `mechanismFromMatrix(m, true)` in
 * src/data). `generators`: `samples` (default n) translations from `seed`; n generic ones span Rⁿ, and
 * then the commutant is { [[aI, c], [0, a]] } (dim n + 1): with a = 1, exactly identity + offset — theory.md
 * §2, a continuum of translations along every axis forces identity + offset. With s < n samples B may act
 * freely off span(t): dim n(n − s) + n + 1.
 */
export function translations(n: number, opts?: ContinuousOptions & { scale?: number }): GroupAction {
  const dim = assertDim('n', n, 1);
  if (dim + 1 > MAX_GROUP_N) throw new InputError('n', n, `an integer in [1, ${MAX_GROUP_N - 1}] (matrices are (n+1) × (n+1))`);
  const { seed, samples } = continuousOptions(opts, dim);
  const scale = opts?.scale ?? DEFAULT_TRANSLATION_SCALE;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || !(scale > 0)) throw new InputError('opts.scale', scale, 'a finite scale > 0');
  const group = gaussianVectorGroup(`translations(${dim})`, dim, scale, seed, samples);
  return makeAction({
    kind: 'translations',
    n: dim,
    homogeneous: true,
    description: `translations of R^${dim}, t ~ N(0, ${scale}² I), homogeneous (${dim + 1})×(${dim + 1}) matrices (${samples} generators, seed ${seed})`,
    params: { kind: 'translations', n: dim, scale, seed, samples },
    group,
    represent: (e) => homogeneousTranslation(e as number[]),
  });
}

/** [[I, t], [0, 1]]. */
export function homogeneousTranslation(t: readonly number[]): Mat {
  const m = identity(t.length + 1);
  t.forEach((v, i) => (m[i][t.length] = v));
  return m;
}

// ---------------------------------------------------------------------------------------------
// Finite groups.

/** The symmetric group S_n on the generating list [n-cycle (0 1 … n−1), transposition (0 1)]. */
function symmetricGroup(n: number): AbstractGroup {
  const cycle = cyclePermutation(n, Array.from({ length: n }, (_, i) => i));
  const transposition = n >= 2 ? cyclePermutation(n, [0, 1]) : [0];
  return { id: `S_${n}`, finite: true, order: factorial(n), generators: [cycle, transposition], sample: (rng) => rng.permutation(n) };
}

/** Sign of a permutation (by cycle count). */
export function permutationSign(sigma: readonly number[]): number {
  const seen = new Array<boolean>(sigma.length).fill(false);
  let sign = 1;
  for (let i = 0; i < sigma.length; i++) {
    if (seen[i]) continue;
    let len = 0;
    for (let j = i; !seen[j]; j = sigma[j]) {
      seen[j] = true;
      len++;
    }
    if (len % 2 === 0) sign = -sign;
  }
  return sign;
}

/**
 * Orthonormal basis of the sum-zero subspace 1⊥ of Rⁿ as the rows of an (n−1) × n matrix
 * (Helmert: row i has i ones, then −i, scaled by 1/√(i(i+1))).
 */
export function helmertBasis(n: number): Mat {
  return Array.from({ length: n - 1 }, (_, r) => {
    const i = r + 1;
    const c = 1 / Math.sqrt(i * (i + 1));
    return Array.from({ length: n }, (_, j) => (j < i ? c : j === i ? -i * c : 0));
  });
}

/**
 * S_n acting by permutation matrices P(σ) e_i = e_{σ(i)} (order n!). Generators: the n-cycle and the
 * transposition (0 1) (the same matrix twice for n = 2; the identity for n = 1). Commutant: aI + b 11ᵀ
 * (dim 2) for n ≥ 2 — the permutation rep is trivial ⊕ standard, two distinct irreducibles.
 */
export function permutationGroup(n: number): GroupAction {
  const dim = assertDim('n', n);
  return makeAction({
    kind: 'permutation',
    n: dim,
    description: `S_${dim} permutation representation on R^${dim}`,
    params: { kind: 'permutation', n: dim },
    group: symmetricGroup(dim),
    represent: (e) => permutationMatrix(e as number[]),
  });
}

/**
 * The standard irreducible representation of S_n (n ≥ 2) on the sum-zero subspace, dimension n − 1:
 * ρ(σ) = H P(σ) Hᵀ with H the Helmert basis. Absolutely irreducible, so its commutant is the scalars (dim 1).
 * For n = 3 it is the 2-D irrep of S₃ (the symmetries of a triangle). Same generating list as `permutationGroup(n)`.
 */
export function standardIrrep(n: number): GroupAction {
  const dim = assertDim('n', n, 2);
  if (dim - 1 > MAX_GROUP_N) throw new InputError('n', n, `at most ${MAX_GROUP_N + 1}`);
  const h = helmertBasis(dim);
  const ht = h[0].map((_, j) => h.map((row) => row[j]));
  return makeAction({
    kind: 'standard-irrep',
    n: dim - 1,
    description: `S_${dim} standard irrep on the sum-zero subspace (dim ${dim - 1})`,
    params: { kind: 'standard-irrep', n: dim },
    group: symmetricGroup(dim),
    represent: (e) => matmul(matmul(h, permutationMatrix(e as number[])), ht),
  });
}

/** The sign representation σ ↦ [sgn σ] of S_n (dimension 1); same generating list as `permutationGroup(n)`. */
export function signRepresentation(n: number): GroupAction {
  const dim = assertDim('n', n);
  return makeAction({
    kind: 'sign-rep',
    n: 1,
    description: `S_${dim} sign representation`,
    params: { kind: 'sign-rep', n: dim },
    group: symmetricGroup(dim),
    represent: (e) => [[permutationSign(e as number[])]],
  });
}

/**
 * The hyperoctahedral group B_n of signed permutations D(s) P(σ) (order 2ⁿ n!), generated by the n-cycle,
 * the transposition (0 1) and the sign flip of coordinate 0. Absolutely irreducible on Rⁿ: commutant dim 1.
 */
export function signedPermutationGroup(n: number): GroupAction {
  const dim = assertDim('n', n);
  type Signed = { perm: number[]; signs: number[] };
  const ones = new Array<number>(dim).fill(1);
  const s = symmetricGroup(dim);
  const flip = ones.slice();
  flip[0] = -1;
  const identityPerm = Array.from({ length: dim }, (_, i) => i);
  const group: AbstractGroup = {
    id: `B_${dim}`,
    finite: true,
    order: 2 ** dim * factorial(dim),
    generators: [
      { perm: s.generators[0] as number[], signs: ones },
      { perm: s.generators[1] as number[], signs: ones },
      { perm: identityPerm, signs: flip },
    ] satisfies Signed[],
    sample: (rng): Signed => ({ perm: rng.permutation(dim), signs: Array.from({ length: dim }, () => rng.sign()) }),
  };
  return makeAction({
    kind: 'signed-permutation',
    n: dim,
    description: `hyperoctahedral group B_${dim} (signed permutations of R^${dim})`,
    params: { kind: 'signed-permutation', n: dim },
    group,
    represent: (e) => {
      const { perm, signs } = e as Signed;
      const p = permutationMatrix(perm);
      return p.map((row, i) => row.map((v) => v * signs[i]));
    },
  });
}

/**
 * The cyclic group C_k = ⟨g⟩ (element j ↦ g^j) acting on Rⁿ by
 * - `'rotation'` (default, n ≥ 2): g = R(2π·power/k) on coordinates (0, 1) ⊕ I_{n−2}; commutant 2 + (n−2)²
 *   when R(2π·power/k) ≠ ±I (k ∤ 2·power); 4 + (n−2)² when R = −I; n² when R = I;
 * - `'shift'` (n = k): g^j = cyclic shift e_i ↦ e_{i + power·j mod n}; commutant: the circulants (dim n) for power coprime to n.
 * Generators: [g].
 */
export function cyclicGroup(n: number, k: number, opts: { representation?: 'rotation' | 'shift'; power?: number } = {}): GroupAction {
  const dim = assertDim('n', n);
  const order = assertNumber('k', k, { integer: true, min: 1, max: 1_000_000 });
  if (typeof opts !== 'object' || opts === null) throw new InputError('opts', opts, 'an options record { representation?, power? }');
  const representation = opts.representation ?? 'rotation';
  if (representation !== 'rotation' && representation !== 'shift') throw new InputError('opts.representation', representation, "'rotation' or 'shift'");
  const power = assertNumber('opts.power', opts.power ?? 1, { integer: true });
  if (representation === 'rotation' && dim < 2) throw new InputError('n', n, 'n ≥ 2 for the rotation representation (it rotates a plane)');
  if (representation === 'shift' && dim !== order) throw new InputError('k', k, `k = n = ${dim} for the cyclic-shift representation`);
  const group: AbstractGroup = { id: `C_${order}`, finite: true, order, generators: [1], sample: (rng) => rng.int(order) };
  const represent =
    representation === 'rotation'
      ? (e: unknown): Mat => blockDiag(rotation2((2 * Math.PI * power * ((e as number) % order)) / order), identity(dim - 2))
      : (e: unknown): Mat => {
          const shift = (((power * (e as number)) % dim) + dim) % dim;
          return permutationMatrix(Array.from({ length: dim }, (_, i) => (i + shift) % dim));
        };
  const description =
    representation === 'rotation'
      ? `C_${order} by R(2π·${power}/${order}) in a plane${dim > 2 ? ` ⊕ trivial on R^${dim - 2}` : ''}`
      : `C_${order} by cyclic shift${power === 1 ? '' : `^${power}`} of R^${dim}`;
  return makeAction({
    kind: 'cyclic',
    n: dim,
    description,
    params: { kind: 'cyclic', n: dim, k: order, representation, power },
    group,
    represent,
  });
}

/**
 * The finite matrix group generated by `generators` (n × n, invertible, of finite order), enumerated by
 * closure (`groupClosure`, at most `maxOrder` elements, default `MAX_GROUP_ORDER`). Throws `InputError`
 * naming `generators` / `generators[k]` when a matrix is not invertible, not of finite order, or the
 * closure exceeds the cap. `elements` lists the group; `sample` draws uniformly from it.
 */
export function finiteGroup(generators: Mat[], opts: { maxOrder?: number } = {}): GroupAction {
  const maxOrder = opts.maxOrder ?? MAX_GROUP_ORDER;
  assertNumber('opts.maxOrder', maxOrder, { integer: true, min: 1, max: 1_000_000 });
  const n = validateGenerators(generators);
  if (n > MAX_GROUP_N) throw new InputError('generators[0]', generators[0], `matrices of size at most ${MAX_GROUP_N}`);
  const gens = generators.map((g) => clone(g));
  const { elements, group } = finiteMatrixGroup(gens, groupClosure(gens, maxOrder));
  return makeAction({
    kind: 'finite',
    n,
    description: `finite matrix group of order ${elements.length} on R^${n} generated by ${gens.length} matri${gens.length === 1 ? 'x' : 'ces'}`,
    params: { kind: 'finite', generators: gens.map((g) => clone(g)), maxOrder },
    group,
    represent: (e) => clone(e as Mat),
    generators: gens.map((g) => clone(g)),
    elements,
  });
}

/**
 * The trivial representation of any group on Rⁿ: every element acts as I_n. In `directSum` it adapts to
 * the other blocks' group (it is compatible with every generating list). Alone, its commutant is
 * everything (dim n²): the group identifies nothing.
 */
export function trivialRepresentation(n: number): GroupAction {
  const dim = assertDim('n', n);
  const group: AbstractGroup = { id: '*', finite: true, order: 1, generators: [null], sample: () => null };
  return makeAction({
    kind: 'trivial',
    n: dim,
    description: `trivial representation on R^${dim}`,
    params: { kind: 'trivial', n: dim },
    group,
    represent: () => identity(dim),
  });
}

// ---------------------------------------------------------------------------------------------
// Direct sums.

/** One summand of a direct sum: an action and how many copies of it. */
export interface Summand {
  action: GroupAction;
  /** Number of copies (default 1). */
  copies?: number;
}

function isAction(v: unknown): v is GroupAction {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  return typeof a.represent === 'function' && typeof a.group === 'object' && Array.isArray(a.generators) && typeof a.n === 'number';
}

/**
 * The direct sum ⊕ᵢ ρᵢ^{⊕ mᵢ} acting block-diagonally, with one abstract group element acting on every
 * block at once (generators combined consistently):
 * - when every non-trivial summand represents the same abstract group (same `group.id`: e.g. S_n's
 *   permutation, standard and sign reps; C_k's rotations by different powers; copies of SO(3)), generator
 *   i of the sum is ⊕ ρ_b(gᵢ) and samples represent one abstract sample on every block;
 * - otherwise, when every summand is finite with the same number of generators, generator i of the sum is
 *   ⊕ (generator i of each summand), and the group is enumerated by closure (as `finiteGroup`; error
 *   naming `irreps` when it exceeds `MAX_GROUP_ORDER`).
 * Trivial summands act as the identity and fit either case. Homogeneous (translation) summands are not
 * allowed. Schur: the commutant has dimension Σ over isotypic components of m² · dim End(irrep)
 * (m copies of an absolutely irreducible irrep → m², distinct irreps → one scale each).
 * Throws `InputError` naming `irreps`, `irreps[i].action`, `irreps[i].copies`.
 */
export function directSum(...irreps: Summand[]): GroupAction {
  if (irreps.length === 0) throw new InputError('irreps', irreps, 'at least one summand { action, copies }');
  const parts = irreps.map((s, i) => {
    if (typeof s !== 'object' || s === null) throw new InputError(`irreps[${i}]`, s, 'a summand { action, copies? }');
    if (!isAction(s.action)) throw new InputError(`irreps[${i}].action`, s.action, 'a GroupAction (from a builder)');
    if (s.action.homogeneous) throw new InputError(`irreps[${i}].action`, s.action.kind, 'a linear action (homogeneous translations cannot be summed)');
    const copies = assertNumber(`irreps[${i}].copies`, s.copies ?? 1, { integer: true, min: 1, max: MAX_GROUP_N });
    return { action: s.action, copies };
  });
  const n = parts.reduce((acc, p) => acc + p.action.n * p.copies, 0);
  if (n > MAX_GROUP_N) throw new InputError('irreps', `total dimension ${n}`, `a total dimension ≤ ${MAX_GROUP_N}`);
  const params: GroupActionParams = { kind: 'direct-sum', irreps: parts.map((p) => ({ action: p.action.params, copies: p.copies })) };
  const description = parts.map((p) => `[${p.action.description}]${p.copies > 1 ? `^⊕${p.copies}` : ''}`).join(' ⊕ ');
  const blocksOf = (mats: Mat[]): Mat => blockDiag(...mats.flatMap((m, b) => new Array<Mat>(parts[b].copies).fill(m)));
  const nonTrivial = parts.filter((p) => p.action.group.id !== '*');

  // Same abstract group on every non-trivial block (or none): one abstract element acts everywhere.
  if (nonTrivial.length === 0 || nonTrivial.every((p) => p.action.group.id === nonTrivial[0].action.group.id)) {
    const group = nonTrivial.length === 0 ? parts[0].action.group : nonTrivial[0].action.group;
    return makeAction({
      kind: 'direct-sum',
      n,
      description: `${description} (one ${group.id === '*' ? 'trivial group' : group.id} element on every block)`,
      params,
      group,
      represent: (e) => blocksOf(parts.map((p) => p.action.represent(e))),
    });
  }

  // Different groups: all finite with one generating-list length; generator i acts as generator i on every block.
  const bad = parts.findIndex((p) => !p.action.finite);
  if (bad >= 0)
    throw new InputError(
      `irreps[${bad}].action`,
      p2s(parts[bad].action),
      `a representation of the same abstract group as the other summands (${nonTrivial.map((p) => p.action.group.id).join(', ')}), or all summands finite`,
    );
  const count = nonTrivial[0].action.generators.length;
  const mismatch = parts.findIndex((p) => p.action.group.id !== '*' && p.action.generators.length !== count);
  if (mismatch >= 0)
    throw new InputError(
      `irreps[${mismatch}].action`,
      p2s(parts[mismatch].action),
      `${count} generators like irreps[${parts.indexOf(nonTrivial[0])}] (generator i of the sum acts as generator i of every summand)`,
    );
  const gens = Array.from({ length: count }, (_, i) =>
    blocksOf(parts.map((p) => (p.action.group.id === '*' ? identity(p.action.n) : p.action.generators[i]))),
  );
  const { elements, group } = finiteMatrixGroup(gens, groupClosure(gens, MAX_GROUP_ORDER, 'irreps'));
  return makeAction({
    kind: 'direct-sum',
    n,
    description: `${description} (generator i on every block; closure of order ${elements.length})`,
    params,
    group,
    represent: (e) => clone(e as Mat),
    generators: gens.map((g) => clone(g)),
    elements,
  });
}

function p2s(a: GroupAction): string {
  return `${a.kind} (${a.group.id})`;
}

// ---------------------------------------------------------------------------------------------
// Rebuild from params.

/**
 * Rebuild an action from its `params` (pure: deep-equal generators). Throws `InputError` naming
 * `group` / `group.kind` for a malformed record, and the builders' fields otherwise.
 */
export function buildGroupAction(params: GroupActionParams): GroupAction {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new InputError('group', params, 'a GroupActionParams record { kind, ... }');
  const p = params as GroupActionParams;
  switch (p.kind) {
    case 'special-orthogonal':
      return specialOrthogonal(p.n, { seed: p.seed, samples: p.samples });
    case 'orthogonal':
      return orthogonalGroup(p.n, { seed: p.seed, samples: p.samples });
    case 'scalings':
      return scalings(p.n, { seed: p.seed, samples: p.samples, sigma: p.sigma });
    case 'translations':
      return translations(p.n, { seed: p.seed, samples: p.samples, scale: p.scale });
    case 'permutation':
      return permutationGroup(p.n);
    case 'standard-irrep':
      return standardIrrep(p.n);
    case 'sign-rep':
      return signRepresentation(p.n);
    case 'signed-permutation':
      return signedPermutationGroup(p.n);
    case 'cyclic':
      return cyclicGroup(p.n, p.k, { representation: p.representation, power: p.power });
    case 'finite':
      return finiteGroup(p.generators, { maxOrder: p.maxOrder });
    case 'trivial':
      return trivialRepresentation(p.n);
    case 'direct-sum': {
      if (!Array.isArray(p.irreps)) throw new InputError('group.irreps', p.irreps, 'a list of { action: GroupActionParams, copies }');
      return directSum(...p.irreps.map((s) => ({ action: buildGroupAction(s.action), copies: s.copies })));
    }
    default:
      throw new InputError('group.kind', (p as { kind?: unknown }).kind, `one of ${GROUP_KINDS.join(', ')}`);
  }
}
