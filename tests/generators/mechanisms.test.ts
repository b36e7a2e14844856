/**
 * Mechanism sets (theory.md §2, Ahuja, Hartford & Bengio 2022): the computed centralizer matches the
 * dimension the theory predicts from the family's structure, is a genuine orthonormal basis of
 * commuting matrices containing the identity, and the builders are pure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import type { Mat } from '../../src/core/matrix.ts';
import { blockDiag, identity } from '../../src/core/matrix.ts';
import { centralizerBasis, commutationResidual, distanceToCentralizer, frobeniusInner } from '../../src/linalg/centralizer.ts';
import {
  MECHANISM_FAMILIES,
  buildMechanismSet,
  cyclePermutation,
  cyclicShift,
  diagonal,
  expectedCentralizerDim,
  mechanismMultiplicities,
  mechanismSetArb,
  permutationMatrix,
  reflection2,
  rotation2,
} from '../../src/generators/index.ts';
import type { MechanismFamily, MechanismParams, MechanismSet } from '../../src/generators/index.ts';

/** Residual tolerance of the numerical checks: the centralizer's own null-space tolerance is 1e-9 relative. */
const TOL = 1e-9;

/** The invariants every mechanism set must satisfy, whatever its family. */
function checkCentralizer(set: MechanismSet): void {
  const { n, mechanisms, centralizer } = set;
  for (const m of mechanisms) {
    expect(m.length).toBe(n);
    for (const row of m) expect(row.length).toBe(n);
  }
  // Theory (closed form from the structure) = numerics (null space of the commutator operator).
  expect(set.centralizerDim).toBe(centralizer.length);
  expect(set.centralizerDim).toBe(expectedCentralizerDim(set.params));
  // Every basis element commutes with every mechanism.
  for (const b of centralizer) expect(commutationResidual(b, mechanisms)).toBeLessThan(TOL);
  // Orthonormal in the Frobenius inner product.
  for (let i = 0; i < centralizer.length; i++)
    for (let j = i; j < centralizer.length; j++)
      expect(Math.abs(frobeniusInner(centralizer[i], centralizer[j]) - (i === j ? 1 : 0))).toBeLessThan(TOL);
  // The identity always commutes, so lies in the span.
  expect(distanceToCentralizer(identity(n), centralizer)).toBeLessThan(TOL);
}

function isPermutationMatrix(m: Mat): boolean {
  const n = m.length;
  const rowOnes = m.every((row) => row.filter((v) => v === 1).length === 1 && row.filter((v) => v === 0).length === n - 1);
  const colOnes = Array.from({ length: n }, (_, j) => m.filter((row) => row[j] === 1).length === 1).every(Boolean);
  return rowOnes && colOnes;
}

describe('buildMechanismSet: centralizer = theory, for every family', () => {
  for (const family of MECHANISM_FAMILIES) {
    it(`${family}: computed dim = expectedCentralizerDim; commuting, orthonormal basis containing I`, () => {
      fc.assert(fc.property(mechanismSetArb({ families: [family] }), checkCentralizer), { numRuns: 25 });
    });
  }

  it('holds for larger n too (7..10, every family that admits it)', () => {
    fc.assert(fc.property(mechanismSetArb({ minN: 7, maxN: 10, maxCount: 2 }), checkCentralizer), { numRuns: 15 });
  });
});

describe('family structure', () => {
  const arb = (family: MechanismFamily) => mechanismSetArb({ families: [family] });

  it('distinct-diagonal: eigenvalues in [0.5, 2.5], pairwise gap ≥ 0.2; count mechanisms', () => {
    fc.assert(
      fc.property(arb('distinct-diagonal'), (set) => {
        expect(set.mechanisms.length).toBe(set.params.count);
        for (const m of set.mechanisms) {
          const d = m.map((row, i) => row[i]).sort((a, b) => a - b);
          for (const v of d) expect(v >= 0.5 && v <= 2.5).toBe(true);
          for (let i = 1; i < d.length; i++) expect(d[i] - d[i - 1]).toBeGreaterThanOrEqual(0.2 - 1e-12);
          m.forEach((row, i) => row.forEach((v, j) => i !== j && expect(v).toBe(0)));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('repeated-diagonal: some eigenvalue repeats; multiplicities sum to n; not scalar for n ≥ 3', () => {
    fc.assert(
      fc.property(arb('repeated-diagonal'), (set) => {
        const mult = mechanismMultiplicities(set.params);
        expect(mult.reduce((s, m) => s + m, 0)).toBe(set.n);
        expect(Math.max(...mult)).toBeGreaterThanOrEqual(2);
        if (set.n >= 3) expect(mult.length).toBeGreaterThanOrEqual(2);
        const d = set.mechanisms[0].map((row, i) => row[i]);
        expect(new Set(d).size).toBe(mult.length);
      }),
      { numRuns: 30 },
    );
  });

  it('rotation families are orthogonal with |θ| away from 0 and π', () => {
    fc.assert(
      fc.property(mechanismSetArb({ families: ['planar-rotation', 'block-rotation', 'block-rotation-repeated'] }), (set) => {
        for (const m of set.mechanisms) {
          for (let b = 0; b < set.n; b += 2) {
            const c = m[b][b];
            const s = m[b + 1][b];
            expect(Math.abs(c * c + s * s - 1)).toBeLessThan(1e-12);
            expect(Math.abs(s)).toBeGreaterThan(Math.sin(0.2) - 1e-12);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('permutation families are permutation matrices; symmetric-permutation has 2 generators', () => {
    fc.assert(
      fc.property(mechanismSetArb({ families: ['cyclic-permutation', 'symmetric-permutation'] }), (set) => {
        for (const m of set.mechanisms) expect(isPermutationMatrix(m)).toBe(true);
        if (set.family === 'symmetric-permutation') expect(set.mechanisms.length).toBe(2);
        else expect(set.mechanisms.length).toBe(set.params.count);
      }),
      { numRuns: 30 },
    );
  });

  it('descriptions are readable and name the family', () => {
    const set = buildMechanismSet({ family: 'block-rotation-repeated', n: 4, count: 1, seed: 7 });
    expect(set.description).toMatch(/^block-rotation-repeated \(n = 4\): R\((-?\d\.\d\d)\) ⊕ R\(\1\)$/);
    expect(buildMechanismSet({ family: 'identity', n: 3, count: 1, seed: 0 }).description).toContain('I_3');
  });
});

describe("theory.md §2 worked examples, reproduced exactly", () => {
  const dim = (...mechanisms: Mat[]) => centralizerBasis(mechanisms).length;
  const gen = (family: MechanismFamily, n: number, count = 1, seed = 12345): MechanismSet => buildMechanismSet({ family, n, count, seed });

  it('distinct diagonal 3×3 → 3', () => {
    expect(dim(diagonal([0.9, 1.7, 2.3]))).toBe(3);
    const set = gen('distinct-diagonal', 3);
    expect(set.centralizerDim).toBe(3);
    expect(expectedCentralizerDim(set.params)).toBe(3);
  });

  it('repeated eigenvalue diag(a, a, b) → 5', () => {
    expect(dim(diagonal([1.3, 1.3, 0.7]))).toBe(5);
    // Every repeated-diagonal 3×3 is diag(a, a, b) up to the order of the coordinates.
    for (const seed of [1, 2, 3]) {
      const set = gen('repeated-diagonal', 3, 1, seed);
      expect([...mechanismMultiplicities(set.params)].sort()).toEqual([1, 2]);
      expect(set.centralizerDim).toBe(5);
    }
  });

  it('identity on R³ → 9', () => {
    expect(dim(identity(3))).toBe(9);
    expect(gen('identity', 3).centralizerDim).toBe(9);
  });

  it('one planar rotation R(θ), θ ≠ 0, π → 2 (scaled rotations aI + bJ)', () => {
    expect(dim(rotation2(0.83))).toBe(2);
    const set = gen('planar-rotation', 2);
    expect(set.centralizerDim).toBe(2);
    // J = R(π/2) is in the centralizer.
    expect(distanceToCentralizer(rotation2(Math.PI / 2), set.centralizer)).toBeLessThan(TOL);
  });

  it('R(π) → 4 (R(π) = −I up to sin π ≈ 1.2e-16)', () => {
    expect(dim(rotation2(Math.PI))).toBe(4);
  });

  it('R(θ₁) ⊕ R(θ₂) distinct → 4', () => {
    expect(dim(blockDiag(rotation2(0.83), rotation2(1.9)))).toBe(4);
    expect(gen('block-rotation', 4).centralizerDim).toBe(4);
  });

  it('R(θ) ⊕ R(θ) → 8 (and R(θ) ⊕ R(−θ), an equivalent representation, → 8 too)', () => {
    expect(dim(blockDiag(rotation2(0.83), rotation2(0.83)))).toBe(8);
    expect(dim(blockDiag(rotation2(0.83), rotation2(-0.83)))).toBe(8);
    expect(gen('block-rotation-repeated', 4).centralizerDim).toBe(8);
  });

  it('S₃ permutation representation → 2 (aI + b·11ᵀ)', () => {
    const cycle = cyclicShift(3);
    const transposition = permutationMatrix(cyclePermutation(3, [0, 1]));
    expect(dim(cycle, transposition)).toBe(2);
    const set = gen('symmetric-permutation', 3);
    expect(set.centralizerDim).toBe(2);
    const ones = [1, 1, 1].map(() => [1, 1, 1]);
    expect(distanceToCentralizer(ones, set.centralizer)).toBeLessThan(TOL);
  });

  it('S₃ standard 2-D irrep → 1', () => {
    expect(dim(rotation2((2 * Math.PI) / 3), reflection2(0))).toBe(1);
    expect(gen('s3-irrep', 2).centralizerDim).toBe(1);
  });

  it('two generic dense 4×4 → 1 (one alone → 4)', () => {
    expect(gen('random-dense', 4, 2).centralizerDim).toBe(1);
    expect(gen('random-dense', 4, 1).centralizerDim).toBe(4);
  });

  it('the cyclic shift alone → n (circulants)', () => {
    expect(dim(cyclicShift(5))).toBe(5);
    expect(gen('cyclic-permutation', 5).centralizerDim).toBe(5);
  });
});

describe('purity and determinism', () => {
  it('same params → deep-equal sets', () => {
    fc.assert(
      fc.property(mechanismSetArb().map((s) => s.params), (params) => {
        expect(buildMechanismSet(params)).toEqual(buildMechanismSet({ ...params }));
      }),
      { numRuns: 40 },
    );
  });

  it('does not mutate or keep its params object', () => {
    const params: MechanismParams = { family: 'random-dense', n: 3, count: 2, seed: 9 };
    const frozen = Object.freeze({ ...params });
    const set = buildMechanismSet(frozen);
    expect(set.params).toEqual(params);
    expect(set.params).not.toBe(frozen);
  });

  it('different seeds → different numbers (every family with continuous parameters)', () => {
    const continuous: MechanismFamily[] = [
      'distinct-diagonal',
      'repeated-diagonal',
      'planar-rotation',
      'block-rotation',
      'block-rotation-repeated',
      's3-irrep',
      'random-dense',
    ];
    fc.assert(
      fc.property(mechanismSetArb({ families: continuous }).map((s) => s.params), (p) => {
        const other = buildMechanismSet({ ...p, seed: (p.seed + 1) | 0 });
        expect(other.mechanisms).not.toEqual(buildMechanismSet(p).mechanisms);
      }),
      { numRuns: 40 },
    );
  });

  it('permutation families relabel the points with the seed; identity is the one seed-free family', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) seen.add(JSON.stringify(buildMechanismSet({ family: 'cyclic-permutation', n: 4, count: 1, seed }).mechanisms));
    expect(seen.size).toBeGreaterThan(1);
    expect(buildMechanismSet({ family: 'identity', n: 3, count: 1, seed: 1 }).mechanisms).toEqual(
      buildMechanismSet({ family: 'identity', n: 3, count: 1, seed: 2 }).mechanisms,
    );
  });
});

describe('parameter validation (InputError names the field and the value)', () => {
  const base: MechanismParams = { family: 'distinct-diagonal', n: 3, count: 1, seed: 1 };
  const cases: [string, unknown, string, unknown][] = [
    ['unknown family', { ...base, family: 'spiral' }, 'mechanisms.family', 'spiral'],
    ['odd n for block-rotation', { ...base, family: 'block-rotation', n: 3 }, 'mechanisms.n', 3],
    ['n = 2 for block-rotation-repeated', { ...base, family: 'block-rotation-repeated', n: 2 }, 'mechanisms.n', 2],
    ['s3-irrep with n = 3', { ...base, family: 's3-irrep', n: 3 }, 'mechanisms.n', 3],
    ['planar-rotation with n = 4', { ...base, family: 'planar-rotation', n: 4 }, 'mechanisms.n', 4],
    ['repeated-diagonal with n = 1', { ...base, family: 'repeated-diagonal', n: 1 }, 'mechanisms.n', 1],
    ['distinct-diagonal with n = 12 (eigenvalues cannot be 0.2 apart in [0.5, 2.5])', { ...base, n: 12 }, 'mechanisms.n', 12],
    ['non-integer n', { ...base, n: 2.5 }, 'mechanisms.n', 2.5],
    ['n = 0', { ...base, n: 0 }, 'mechanisms.n', 0],
    ['count 0', { ...base, count: 0 }, 'mechanisms.count', 0],
    ['count 2 for the fixed generators of s3-irrep', { ...base, family: 's3-irrep', n: 2, count: 2 }, 'mechanisms.count', 2],
    ['count 2 for symmetric-permutation', { ...base, family: 'symmetric-permutation', count: 2 }, 'mechanisms.count', 2],
    ['non-integer seed', { ...base, seed: 0.5 }, 'mechanisms.seed', 0.5],
  ];
  for (const [what, params, field, value] of cases) {
    it(`${what} → InputError on ${field}`, () => {
      for (const f of [buildMechanismSet, expectedCentralizerDim]) {
        let err: unknown;
        try {
          f(params as MechanismParams);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(InputError);
        expect((err as InputError).field).toBe(field);
        expect((err as InputError).value).toEqual(value);
        expect((err as InputError).message).toContain(field);
      }
    });
  }

  it('a non-object → InputError on mechanisms', () => {
    expect(() => buildMechanismSet(null as unknown as MechanismParams)).toThrow(InputError);
  });
});
