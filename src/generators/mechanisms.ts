/**
 * Sets of known linear mechanisms m_k(z) = M_k z and their linear centralizers (theory.md §2,
 * Ahuja, Hartford & Bengio 2022): with known mechanisms the encoder is identified up to the maps that
 * commute with every mechanism; for linear maps this is the centralizer C({M_k}) = {A : A M_k = M_k A ∀k}.
 *
 * `buildMechanismSet` is pure: every number comes from `new Rng(params.seed)` (through named child
 * streams), so the same params give the same set on every machine. `expectedCentralizerDim` states
 * the dimension the theory predicts in closed form from the structure of the family (Schur: the
 * commutant of a representation; distinct irreducibles → one scalar (or one copy of their commutant)
 * per block, m copies of one irreducible → m × m matrices over its commutant), never from the
 * computed basis, so tests can check the numerics against the theory.
 *
 * | family                    | mechanisms                                                        | dim C        |
 * |---------------------------|-------------------------------------------------------------------|--------------|
 * | `distinct-diagonal`       | `count` × diag(d₁..dₙ), dᵢ ∈ [0.5, 2.5], pairwise gap ≥ 0.2        | n            |
 * | `repeated-diagonal`       | `count` × diag with eigenvalue multiplicities m₁..m_g (some ≥ 2)   | Σ mᵢ²        |
 * | `planar-rotation`         | `count` × R(θ), n = 2, \|θ\| ∈ [0.2, π − 0.2]                        | 2            |
 * | `block-rotation`          | `count` × R(θ₁) ⊕ … ⊕ R(θ_{n/2}), \|θᵢ\| distinct (gap ≥ 0.2)       | n            |
 * | `block-rotation-repeated` | `count` × ⊕ blocks, angle groups of sizes m₁..m_g (some ≥ 2)       | Σ 2 mᵢ²      |
 * | `cyclic-permutation`      | C, C², …, C^count, C an n-cycle permutation matrix                 | n            |
 * | `symmetric-permutation`   | n-cycle and a transposition (permutation rep of S_n), count = 1   | 2            |
 * | `s3-irrep`                | R(2π/3) and a reflection (standard 2-D irrep of S₃), n = 2, count = 1 | 1         |
 * | `random-dense`            | `count` generic dense matrices, i.i.d. N(0, 1/n) entries           | n if count = 1, else 1 |
 * | `identity`                | `count` × I_n                                                       | n²           |
 */
import type { Mat } from '../core/matrix.ts';
import { blockDiag, identity, matmul, zeros } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertPositiveInt } from '../core/validate.ts';
import { centralizerBasis } from '../linalg/centralizer.ts';
import { Rng, normaliseSeed } from '../rng/rng.ts';
import type { MechanismFamily, MechanismParams, MechanismSet } from './types.ts';

/** Every mechanism family, in the order of theory.md §2's worked examples. */
export const MECHANISM_FAMILIES: readonly MechanismFamily[] = [
  'distinct-diagonal',
  'repeated-diagonal',
  'planar-rotation',
  'block-rotation',
  'block-rotation-repeated',
  'cyclic-permutation',
  'symmetric-permutation',
  's3-irrep',
  'random-dense',
  'identity',
];

/** Largest latent dimension accepted: the centralizer is the null space of a (count·n²) × n² operator. */
export const MAX_MECHANISM_N = 16;
/** Largest number of mechanisms accepted (same reason). */
export const MAX_MECHANISM_COUNT = 32;

/** Which (n, count) a family accepts. */
export interface MechanismFamilyRule {
  /** Smallest n. */
  minN: number;
  /** Largest n. */
  maxN: number;
  /** n must be even (families of 2 × 2 rotation blocks). */
  evenN: boolean;
  /** The generating set is fixed by the family (count must be 1). */
  fixedGenerators: boolean;
}

/**
 * Accepted (n, count) per family. Diagonal families stop at n = 11: eleven eigenvalues in [0.5, 2.5]
 * with pairwise gap 0.2 is the most that fit.
 */
export const MECHANISM_FAMILY_RULES: Readonly<Record<MechanismFamily, MechanismFamilyRule>> = {
  'distinct-diagonal': { minN: 1, maxN: 11, evenN: false, fixedGenerators: false },
  'repeated-diagonal': { minN: 2, maxN: 11, evenN: false, fixedGenerators: false },
  'planar-rotation': { minN: 2, maxN: 2, evenN: true, fixedGenerators: false },
  'block-rotation': { minN: 2, maxN: MAX_MECHANISM_N, evenN: true, fixedGenerators: false },
  'block-rotation-repeated': { minN: 4, maxN: MAX_MECHANISM_N, evenN: true, fixedGenerators: false },
  'cyclic-permutation': { minN: 1, maxN: MAX_MECHANISM_N, evenN: false, fixedGenerators: false },
  'symmetric-permutation': { minN: 2, maxN: MAX_MECHANISM_N, evenN: false, fixedGenerators: true },
  's3-irrep': { minN: 2, maxN: 2, evenN: true, fixedGenerators: true },
  'random-dense': { minN: 1, maxN: MAX_MECHANISM_N, evenN: false, fixedGenerators: false },
  identity: { minN: 1, maxN: MAX_MECHANISM_N, evenN: false, fixedGenerators: false },
};

/** Eigenvalue range and minimum pairwise gap of the diagonal families. */
const DIAG_LO = 0.5;
const DIAG_HI = 2.5;
const DIAG_GAP = 0.2;
/** Rotation angles: |θ| ∈ [ANGLE_MARGIN, π − ANGLE_MARGIN] (away from 0 and π), distinct ones ≥ ANGLE_GAP apart. */
const ANGLE_MARGIN = 0.2;
const ANGLE_GAP = 0.2;

/**
 * Check a `MechanismParams` record; throws `InputError` naming the field (`mechanisms.family`,
 * `mechanisms.n`, `mechanisms.count`, `mechanisms.seed`) and the rejected value.
 */
export function validateMechanismParams(params: unknown): MechanismParams {
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new InputError('mechanisms', params, 'a MechanismParams record { family, n, count, seed }');
  const p = params as Record<string, unknown>;
  const family = p.family;
  if (typeof family !== 'string' || !(MECHANISM_FAMILIES as readonly string[]).includes(family))
    throw new InputError('mechanisms.family', family, `one of ${MECHANISM_FAMILIES.join(', ')}`);
  const rule = MECHANISM_FAMILY_RULES[family as MechanismFamily];
  const n = assertPositiveInt('mechanisms.n', p.n);
  if (n < rule.minN || n > rule.maxN || (rule.evenN && n % 2 !== 0)) {
    const what = rule.minN === rule.maxN ? `n = ${rule.minN}` : `${rule.evenN ? 'an even ' : ''}n in [${rule.minN}, ${rule.maxN}]`;
    throw new InputError('mechanisms.n', n, `${what} for family ${family}`);
  }
  const count = assertPositiveInt('mechanisms.count', p.count);
  if (rule.fixedGenerators && count !== 1)
    throw new InputError('mechanisms.count', count, `1 for family ${family} (its generating set is fixed)`);
  if (count > MAX_MECHANISM_COUNT) throw new InputError('mechanisms.count', count, `at most ${MAX_MECHANISM_COUNT} mechanisms`);
  normaliseSeed(p.seed, 'mechanisms.seed');
  return { family: family as MechanismFamily, n, count, seed: p.seed as number };
}

// ---------------------------------------------------------------------------------------------
// Small constructors (exported: tests and theorem files build theory.md's examples from them).

/** Planar rotation R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]]. */
export function rotation2(theta: number): Mat {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return [
    [c, -s],
    [s, c],
  ];
}

/** Reflection of the plane across the line at angle φ: [[cos 2φ, sin 2φ], [sin 2φ, −cos 2φ]]. */
export function reflection2(phi: number): Mat {
  const c = Math.cos(2 * phi);
  const s = Math.sin(2 * phi);
  return [
    [c, s],
    [s, -c],
  ];
}

/** diag(values). */
export function diagonal(values: readonly number[]): Mat {
  const m = zeros(values.length, values.length);
  values.forEach((v, i) => (m[i][i] = v));
  return m;
}

/** Permutation matrix P of σ (given as the array σ(0..n−1)): P e_i = e_{σ(i)}, i.e. P[σ(i)][i] = 1. */
export function permutationMatrix(sigma: readonly number[]): Mat {
  const m = zeros(sigma.length, sigma.length);
  sigma.forEach((s, i) => (m[s][i] = 1));
  return m;
}

/** The permutation σ of the cycle (c₀ c₁ … c_{k−1}) on n points: c_i ↦ c_{i+1}, others fixed. */
export function cyclePermutation(n: number, cycle: readonly number[]): number[] {
  const sigma = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < cycle.length; i++) sigma[cycle[i]] = cycle[(i + 1) % cycle.length];
  return sigma;
}

/** The n × n cyclic shift e_i ↦ e_{i+1 mod n}. */
export function cyclicShift(n: number): Mat {
  return permutationMatrix(cyclePermutation(n, Array.from({ length: n }, (_, i) => i)));
}

/** M^k for k ≥ 1. */
function matPow(m: Mat, k: number): Mat {
  let out = m;
  for (let i = 1; i < k; i++) out = matmul(out, m);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Random structure and values.

/** k values in [lo, hi] with pairwise gap ≥ gap, in random order. Needs (k − 1)·gap ≤ hi − lo. */
function separatedValues(rng: Rng, k: number, lo: number, hi: number, gap: number): number[] {
  const slack = hi - lo - (k - 1) * gap;
  const u = Array.from({ length: k }, () => rng.uniform() * slack).sort((a, b) => a - b);
  return rng.shuffle(u.map((v, i) => lo + v + i * gap));
}

/** A uniformly random composition of `total` into `parts` positive integers (ordered). */
function randomComposition(rng: Rng, total: number, parts: number): number[] {
  const cuts = rng
    .permutation(total - 1)
    .slice(0, parts - 1)
    .map((c) => c + 1)
    .sort((a, b) => a - b);
  const bounds = [0, ...cuts, total];
  return bounds.slice(1).map((b, i) => b - bounds[i]);
}

/**
 * The random multiplicity structure of the repeated families, from the `structure` stream:
 * - `repeated-diagonal`: multiplicities of the g distinct eigenvalues (sum n, g ∈ [2, n − 1] for n ≥ 3,
 *   so some eigenvalue repeats and the matrix is not scalar; g = 1 for n = 2, i.e. diag(a, a));
 * - `block-rotation-repeated`: sizes of the g groups of equal-angle blocks (sum n/2, g ∈ [1, n/2 − 1]).
 * Other families have no random structure (`[]`).
 */
export function mechanismMultiplicities(params: MechanismParams): number[] {
  const p = validateMechanismParams(params);
  const rng = new Rng(p.seed).child('structure');
  if (p.family === 'repeated-diagonal') {
    const g = p.n === 2 ? 1 : 2 + rng.int(p.n - 2);
    return randomComposition(rng, p.n, g);
  }
  if (p.family === 'block-rotation-repeated') {
    const blocks = p.n / 2;
    const g = 1 + rng.int(blocks - 1);
    return randomComposition(rng, blocks, g);
  }
  return [];
}

/**
 * The centralizer dimension theory.md §2 predicts, in closed form from the family's structure
 * (never from a computed basis):
 * distinct eigenvalues → n; multiplicities mᵢ → Σ mᵢ²; one rotation R(θ), θ ≠ 0, π → 2 (aI + bJ);
 * distinct rotation blocks → 2 per block = n; mᵢ equal blocks → Σ 2mᵢ² (mᵢ × mᵢ matrices over ℂ);
 * an n-cycle → n (circulants); S_n permutation rep → 2 (aI + b·11ᵀ); S₃ 2-D irrep → 1;
 * one generic dense matrix → n (polynomials in M), two or more → 1; identity → n².
 */
export function expectedCentralizerDim(params: MechanismParams): number {
  const p = validateMechanismParams(params);
  const { n, count } = p;
  switch (p.family) {
    case 'distinct-diagonal':
      return n;
    case 'repeated-diagonal':
      return mechanismMultiplicities(p).reduce((s, m) => s + m * m, 0);
    case 'planar-rotation':
      return 2;
    case 'block-rotation':
      return n;
    case 'block-rotation-repeated':
      return mechanismMultiplicities(p).reduce((s, m) => s + 2 * m * m, 0);
    case 'cyclic-permutation':
      return n;
    case 'symmetric-permutation':
      return 2;
    case 's3-irrep':
      return 1;
    case 'random-dense':
      return count === 1 ? n : 1;
    case 'identity':
      return n * n;
  }
}

const fmt = (v: number): string => v.toFixed(2);
const rot = (theta: number): string => `R(${fmt(theta)})`;
const cycleText = (cycle: readonly number[]): string => `(${cycle.join(' ')})`;

/** A random angle with |θ| ∈ [0.2, π − 0.2] and random sign. */
function angleAwayFromZeroAndPi(rng: Rng): number {
  return rng.sign() * rng.range(ANGLE_MARGIN, Math.PI - ANGLE_MARGIN);
}

/** k angles whose absolute values are pairwise ≥ 0.2 apart in [0.2, π − 0.2], random signs. */
function distinctAngles(rng: Rng, k: number): number[] {
  return separatedValues(rng, k, ANGLE_MARGIN, Math.PI - ANGLE_MARGIN, ANGLE_GAP).map((a) => rng.sign() * a);
}

/** The mechanisms and their description, from the `values` stream (and the `structure` stream). */
function drawMechanisms(p: MechanismParams): { mechanisms: Mat[]; parts: string[] } {
  const { n, count } = p;
  const rng = new Rng(p.seed).child('values');
  const mechanisms: Mat[] = [];
  const parts: string[] = [];
  const times = <T>(f: (k: number) => T): T[] => Array.from({ length: count }, (_, k) => f(k));
  switch (p.family) {
    case 'distinct-diagonal': {
      times(() => {
        const d = separatedValues(rng, n, DIAG_LO, DIAG_HI, DIAG_GAP);
        mechanisms.push(diagonal(d));
        parts.push(`diag(${d.map(fmt).join(', ')})`);
      });
      break;
    }
    case 'repeated-diagonal': {
      const mult = mechanismMultiplicities(p);
      // Which coordinates carry which eigenvalue: one random layout shared by every mechanism.
      const layout = rng.permutation(n);
      times(() => {
        const values = separatedValues(rng, mult.length, DIAG_LO, DIAG_HI, DIAG_GAP);
        const d = new Array<number>(n);
        let slot = 0;
        mult.forEach((m, g) => {
          for (let i = 0; i < m; i++) d[layout[slot++]] = values[g];
        });
        mechanisms.push(diagonal(d));
        parts.push(`diag(${d.map(fmt).join(', ')})`);
      });
      break;
    }
    case 'planar-rotation': {
      times(() => {
        const theta = angleAwayFromZeroAndPi(rng);
        mechanisms.push(rotation2(theta));
        parts.push(rot(theta));
      });
      break;
    }
    case 'block-rotation': {
      times(() => {
        const angles = distinctAngles(rng, n / 2);
        mechanisms.push(blockDiag(...angles.map(rotation2)));
        parts.push(angles.map(rot).join(' ⊕ '));
      });
      break;
    }
    case 'block-rotation-repeated': {
      const mult = mechanismMultiplicities(p);
      const layout = rng.permutation(n / 2); // block position of each slot, shared by every mechanism
      times(() => {
        const groupAngles = distinctAngles(rng, mult.length);
        const angles = new Array<number>(n / 2);
        let slot = 0;
        mult.forEach((m, g) => {
          for (let i = 0; i < m; i++) angles[layout[slot++]] = groupAngles[g];
        });
        mechanisms.push(blockDiag(...angles.map(rotation2)));
        parts.push(angles.map(rot).join(' ⊕ '));
      });
      break;
    }
    case 'cyclic-permutation': {
      const cycle = rng.permutation(n);
      const c = permutationMatrix(cyclePermutation(n, cycle));
      times((k) => {
        mechanisms.push(matPow(c, k + 1));
        parts.push(k === 0 ? `C = n-cycle ${cycleText(cycle)}` : `C^${k + 1}`);
      });
      break;
    }
    case 'symmetric-permutation': {
      const labels = rng.permutation(n);
      mechanisms.push(permutationMatrix(cyclePermutation(n, labels)));
      mechanisms.push(permutationMatrix(cyclePermutation(n, [labels[0], labels[1]])));
      parts.push(`n-cycle ${cycleText(labels)}`, `transposition ${cycleText([labels[0], labels[1]])}`);
      break;
    }
    case 's3-irrep': {
      const phi = rng.range(0, Math.PI);
      mechanisms.push(rotation2((2 * Math.PI) / 3), reflection2(phi));
      parts.push('R(2π/3)', `reflection across the line at ${fmt(phi)} rad`);
      break;
    }
    case 'random-dense': {
      const sd = 1 / Math.sqrt(n);
      times(() => {
        mechanisms.push(rng.normalMatrix(n, n).map((row) => row.map((v) => v * sd)));
      });
      parts.push(`${count} generic dense ${n}×${n} (i.i.d. N(0, 1/${n}) entries)`);
      break;
    }
    case 'identity': {
      times(() => mechanisms.push(identity(n)));
      parts.push(count === 1 ? `I_${n}` : `${count} × I_${n}`);
      break;
    }
  }
  return { mechanisms, parts };
}

/**
 * Build the mechanism set of `params` with its centralizer (orthonormal Frobenius basis from
 * `centralizerBasis`) and a readable description. Pure: the same params give a deep-equal set.
 * Throws `InputError` naming `mechanisms.family` / `mechanisms.n` / `mechanisms.count` / `mechanisms.seed`.
 */
export function buildMechanismSet(params: MechanismParams): MechanismSet {
  const p = validateMechanismParams(params);
  const { mechanisms, parts } = drawMechanisms(p);
  const centralizer = centralizerBasis(mechanisms);
  return {
    family: p.family,
    n: p.n,
    mechanisms,
    centralizer,
    centralizerDim: centralizer.length,
    description: `${p.family} (n = ${p.n}): ${parts.join('; ')}`,
    params: { ...p },
  };
}
