/**
 * Group actions (theory.md §2, Schur reading of Ahuja, Hartford & Bengio 2022): the commutant computed
 * from the generators matches the closed forms; sampled elements lie in their group; finite closures have
 * the right orders; direct sums act consistently; builders are pure and reject bad input by name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mat } from '../../src/core/matrix.ts';
import { identity, matmul, transpose } from '../../src/core/matrix.ts';
import { classById } from '../../src/classes/index.ts';
import { centralizerDim, commutationResidual } from '../../src/linalg/centralizer.ts';
import { permutationMatrix, reflection2, rotation2 } from '../../src/generators/mechanisms.ts';
import { Rng } from '../../src/rng/rng.ts';
import {
  FINITE_GENERATOR_SETS,
  MAX_GROUP_N,
  buildGroupAction,
  cyclicGroup,
  directSum,
  expectedCommutantDim,
  finiteGroup,
  groupClosure,
  helmertBasis,
  mechanismsOf,
  orthogonalGroup,
  permutationGroup,
  permutationSign,
  predictedLinearClass,
  scalings,
  signRepresentation,
  signedPermutationGroup,
  specialOrthogonal,
  standardIrrep,
  translations,
  trivialRepresentation,
} from '../../src/groups/index.ts';
import type { GroupAction } from '../../src/groups/index.ts';
import { mechanismFromMatrix } from '../../src/mechanisms/data.ts';
import { TOL, block, det, expectError, isPermutationMatrix, isSignedPermutationMatrix, maxAbsDiff, orthogonalityError } from './helpers.ts';

const seedArb = fc.noShrink(fc.integer());
const dimOf = (a: GroupAction): number => predictedLinearClass(a).dim;

describe('predictedLinearClass: commutant dimension = closed form', () => {
  it('SO(n), n ≥ 3 → 1 (scalars); SO(2) → 2 (aI + bJ); SO(1) → 1', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 3, max: 6 }), fc.integer({ min: 2, max: 4 }), (seed, n, samples) => {
        expect(dimOf(specialOrthogonal(n, { seed, samples }))).toBe(1);
      }),
      { numRuns: 25 },
    );
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 4 }), (seed, samples) => {
        expect(dimOf(specialOrthogonal(2, { seed, samples }))).toBe(2);
      }),
      { numRuns: 25 },
    );
    expect(dimOf(specialOrthogonal(1))).toBe(1);
  });

  it('O(n) → 1 for every n, including n = 2 (a reflection is always among the generators)', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 4 }), (seed, n, samples) => {
        const a = orthogonalGroup(n, { seed, samples });
        expect(a.generators.some((g) => det(g) < 0)).toBe(true);
        expect(dimOf(a)).toBe(1);
      }),
      { numRuns: 40 },
    );
  });

  it('S_n permutation rep → 2 (aI + b·11ᵀ) for n ≥ 2, and the commutant is spanned by I and 11ᵀ', () => {
    for (let n = 2; n <= 7; n++) {
      const p = predictedLinearClass(permutationGroup(n));
      expect(p.dim).toBe(2);
      const ones = Array.from({ length: n }, () => new Array<number>(n).fill(1));
      for (const m of [identity(n), ones]) expect(commutationResidual(m, p.mechanisms)).toBeLessThan(TOL);
    }
    expect(dimOf(permutationGroup(1))).toBe(1);
  });

  it('signed permutations B_n → 1; S_n standard irrep → 1; sign rep → 1', () => {
    for (let n = 1; n <= 6; n++) expect(dimOf(signedPermutationGroup(n))).toBe(1);
    for (let n = 2; n <= 7; n++) expect(dimOf(standardIrrep(n))).toBe(1);
    for (let n = 1; n <= 5; n++) expect(dimOf(signRepresentation(n))).toBe(1);
  });

  it('C_k rotating a plane (k ≥ 3) → 2; ⊕ trivial R^{n−2} → 2 + (n−2)²; R(π) (k = 2) → 4; shift (k = n) → n (circulants)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 24 }), fc.integer({ min: 2, max: 5 }), (k, n) => {
        expect(dimOf(cyclicGroup(2, k))).toBe(2);
        expect(dimOf(cyclicGroup(n, k))).toBe(2 + (n - 2) ** 2);
      }),
      { numRuns: 30 },
    );
    expect(dimOf(cyclicGroup(2, 2))).toBe(4);
    expect(dimOf(cyclicGroup(2, 4, { power: 2 }))).toBe(4);
    for (let n = 1; n <= 7; n++) expect(dimOf(cyclicGroup(n, n, { representation: 'shift' }))).toBe(n);
  });

  it('scalings (distinct generic samples) → n, the diagonal matrices', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), (seed, n, samples) => {
        const p = predictedLinearClass(scalings(n, { seed, samples }));
        expect(p.dim).toBe(n);
        // Every basis element is diagonal.
        for (const b of p.basis) b.forEach((row, i) => row.forEach((v, j) => i !== j && expect(Math.abs(v)).toBeLessThan(1e-9)));
      }),
      { numRuns: 25 },
    );
  });

  it('translations (n generic) → n + 1: [[aI, c], [0, a]], identity + offset in homogeneous coordinates', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 5 }), (seed, n) => {
        const a = translations(n, { seed });
        expect(a.matrixSize).toBe(n + 1);
        const p = predictedLinearClass(a);
        expect(p.dim).toBe(n + 1);
        // The offset map [[I, c], [0, 1]] commutes; a scaling of one axis does not.
        const offset = identity(n + 1);
        offset[0][n] = 0.7;
        expect(commutationResidual(offset, p.mechanisms)).toBeLessThan(TOL);
        const stretch = identity(n + 1);
        stretch[0][0] = 2;
        expect(commutationResidual(stretch, p.mechanisms)).toBeGreaterThan(1e-3);
      }),
      { numRuns: 15 },
    );
    // Fewer translations than n leave more freedom: B may act freely off span(t): n(n − s) + n + 1.
    expect(dimOf(translations(3, { samples: 1 }))).toBe(3 * 2 + 3 + 1);
    expect(expectedCommutantDim(translations(3, { samples: 1 }).params)).toBe(10);
  });

  it('direct sum of m copies of an absolutely irreducible irrep → m²', () => {
    for (let m = 1; m <= 3; m++) {
      expect(dimOf(directSum({ action: standardIrrep(3), copies: m }))).toBe(m * m);
      expect(dimOf(directSum({ action: specialOrthogonal(3, { seed: m }), copies: m }))).toBe(m * m);
      expect(dimOf(directSum({ action: signedPermutationGroup(2), copies: m }))).toBe(m * m);
      expect(dimOf(directSum({ action: trivialRepresentation(1), copies: m }))).toBe(m * m);
    }
    // Complex-type irreps (rotation of C_k or SO(2)): 2m².
    for (let m = 1; m <= 3; m++) {
      expect(dimOf(directSum({ action: cyclicGroup(2, 5), copies: m }))).toBe(2 * m * m);
      expect(dimOf(directSum({ action: specialOrthogonal(2), copies: m }))).toBe(2 * m * m);
    }
  });

  it('distinct irreducibles → one scale per block (number of blocks)', () => {
    // S₃: standard (2-D) ⊕ trivial ⊕ sign.
    expect(dimOf(directSum({ action: standardIrrep(3) }, { action: trivialRepresentation(1) }, { action: signRepresentation(3) }))).toBe(3);
    // SO(3) ⊕ trivial.
    expect(dimOf(directSum({ action: specialOrthogonal(3) }, { action: trivialRepresentation(1) }))).toBe(2);
    // S₃ permutation rep = trivial ⊕ standard; ⊕ sign: three distinct irreps.
    expect(dimOf(directSum({ action: permutationGroup(3) }, { action: signRepresentation(3) }))).toBe(3);
    // ... and ⊕ another standard: trivial + 2 × standard → 1 + 4.
    expect(dimOf(directSum({ action: permutationGroup(3) }, { action: standardIrrep(3) }))).toBe(5);
    // C₆ rotations by distinct angles (powers 1 and 2): 2 + 2; powers 1 and 5 are equivalent over R: 2·2².
    expect(dimOf(directSum({ action: cyclicGroup(2, 6) }, { action: cyclicGroup(2, 6, { power: 2 }) }))).toBe(4);
    expect(dimOf(directSum({ action: cyclicGroup(2, 6) }, { action: cyclicGroup(2, 6, { power: 5 }) }))).toBe(8);
  });

  it('expectedCommutantDim agrees with every case above', () => {
    const actions = [
      specialOrthogonal(4),
      specialOrthogonal(2),
      orthogonalGroup(2),
      permutationGroup(5),
      standardIrrep(4),
      signedPermutationGroup(3),
      cyclicGroup(4, 7),
      cyclicGroup(6, 6, { representation: 'shift' }),
      scalings(4),
      translations(3),
      directSum({ action: permutationGroup(3) }, { action: standardIrrep(3), copies: 2 }, { action: signRepresentation(3) }),
      directSum({ action: cyclicGroup(2, 6) }, { action: cyclicGroup(6, 6, { representation: 'shift' }) }),
    ];
    for (const a of actions) expect(dimOf(a), a.description).toBe(expectedCommutantDim(a.params));
    expect(expectedCommutantDim(finiteGroup(FINITE_GENERATOR_SETS.klein).params)).toBeNull();
  });

  it('the basis commutes with every generator and with sampled elements; it feeds classById("centralizer")', () => {
    const a = directSum({ action: standardIrrep(3), copies: 2 }, { action: trivialRepresentation(1) });
    const p = predictedLinearClass(a);
    const rng = new Rng(3);
    const samples = a.sample(rng, 10);
    for (const b of p.basis) expect(commutationResidual(b, [...p.mechanisms, ...samples])).toBeLessThan(TOL);
    const cls = classById('centralizer', a.matrixSize, { mechanisms: p.mechanisms });
    expect(cls.dim).toBe(5);
    expect(p.description).toContain('dimension 5');
    expect(p.classId).toBe('centralizer');
  });
});

describe('sampled elements lie in their group', () => {
  it('SO(n): QᵀQ = I and det = +1; O(n): QᵀQ = I, det = ±1 with both signs', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 6 }), (seed, n) => {
        const rng = new Rng(seed);
        for (const q of specialOrthogonal(n).sample(rng, 5)) {
          expect(orthogonalityError(q)).toBeLessThan(TOL);
          expect(det(q)).toBeCloseTo(1, 10);
        }
        for (const q of orthogonalGroup(n).sample(rng, 5)) {
          expect(orthogonalityError(q)).toBeLessThan(TOL);
          expect(Math.abs(det(q))).toBeCloseTo(1, 10);
        }
      }),
      { numRuns: 30 },
    );
    const dets = orthogonalGroup(3).sample(new Rng(11), 400).map(det);
    const negative = dets.filter((d) => d < 0).length / dets.length;
    expect(negative).toBeGreaterThan(0.4);
    expect(negative).toBeLessThan(0.6);
  });

  it('Haar moments: E tr Q = 0, E (tr Q)² = 1 for O(3) and SO(3); E Q₁₁ = 0, E Q₁₁² = 1/n', () => {
    for (const a of [orthogonalGroup(3), specialOrthogonal(3)]) {
      const qs = a.sample(new Rng(5), 4000);
      const tr = qs.map((q) => q[0][0] + q[1][1] + q[2][2]);
      const mean = tr.reduce((s, v) => s + v, 0) / tr.length;
      const second = tr.reduce((s, v) => s + v * v, 0) / tr.length;
      // SE of the mean = 1/√4000 ≈ 0.016; of the second moment ≈ 0.03.
      expect(Math.abs(mean)).toBeLessThan(0.08);
      expect(Math.abs(second - 1)).toBeLessThan(0.15);
      const q11 = qs.map((q) => q[0][0]);
      expect(Math.abs(q11.reduce((s, v) => s + v, 0) / q11.length)).toBeLessThan(0.05);
      expect(Math.abs(q11.reduce((s, v) => s + v * v, 0) / q11.length - 1 / 3)).toBeLessThan(0.03);
    }
  });

  it('permutation group: permutation matrices, uniform over S₃', () => {
    const counts = new Map<string, number>();
    for (const m of permutationGroup(3).sample(new Rng(1), 1200)) {
      expect(isPermutationMatrix(m)).toBe(true);
      const k = JSON.stringify(m);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 200)).toBeLessThan(60);
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 8 }), (seed, n) => {
        for (const m of permutationGroup(n).sample(new Rng(seed), 5)) expect(isPermutationMatrix(m)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('signed permutations: one ±1 per row and column; all 8 elements of B₂ appear', () => {
    const seen = new Set<string>();
    for (const m of signedPermutationGroup(2).sample(new Rng(2), 400)) {
      expect(isSignedPermutationMatrix(m)).toBe(true);
      seen.add(JSON.stringify(m));
    }
    expect(seen.size).toBe(8);
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 7 }), (seed, n) => {
        for (const m of signedPermutationGroup(n).sample(new Rng(seed), 5)) expect(isSignedPermutationMatrix(m)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('cyclic group: generator of order k; samples among the k powers; shift samples are permutations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 4 }), seedArb, (k, n, seed) => {
        const a = cyclicGroup(n, k);
        let p = identity(n);
        for (let i = 0; i < k; i++) p = matmul(a.generators[0], p);
        expect(maxAbsDiff(p, identity(n))).toBeLessThan(TOL);
        const powers = Array.from({ length: k }, (_, j) => a.represent(j));
        for (const s of a.sample(new Rng(seed), 5)) expect(powers.some((q) => maxAbsDiff(q, s) < TOL)).toBe(true);
      }),
      { numRuns: 25 },
    );
    for (const m of cyclicGroup(5, 5, { representation: 'shift' }).sample(new Rng(4), 10)) expect(isPermutationMatrix(m)).toBe(true);
  });

  it('scalings: positive diagonal, log-entries with variance σ²', () => {
    const a = scalings(3, { sigma: 0.4 });
    const logs: number[] = [];
    for (const m of a.sample(new Rng(8), 3000))
      m.forEach((row, i) =>
        row.forEach((v, j) => {
          if (i === j) {
            expect(v).toBeGreaterThan(0);
            logs.push(Math.log(v));
          } else expect(v).toBe(0);
        }),
      );
    const mean = logs.reduce((s, v) => s + v, 0) / logs.length;
    const variance = logs.reduce((s, v) => s + (v - mean) ** 2, 0) / logs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 0.16) / 0.16).toBeLessThan(0.06);
  });

  it('translations: homogeneous [[I, t], [0, 1]] that convert to translation mechanisms', () => {
    const a = translations(3, { scale: 2 });
    expect(a.homogeneous).toBe(true);
    for (const m of a.sample(new Rng(9), 20)) {
      expect(m.length).toBe(4);
      expect(m[3]).toEqual([0, 0, 0, 1]);
      expect(block(m, 0, 3)).toEqual(identity(3));
      const mech = mechanismFromMatrix(m, true);
      expect(mech.kind).toBe('translation');
      if (mech.kind === 'translation') expect(mech.delta).toEqual([m[0][3], m[1][3], m[2][3]]);
    }
  });

  it('the representations are homomorphisms: ρ(σ)ρ(τ) = ρ(σ∘τ) for S₃ reps; sgn is multiplicative', () => {
    const rng = new Rng(12);
    const reps = [permutationGroup(4), standardIrrep(4), signRepresentation(4)];
    for (let t = 0; t < 30; t++) {
      const s = rng.permutation(4);
      const u = rng.permutation(4);
      const su = u.map((_, i) => s[u[i]]);
      for (const r of reps) expect(maxAbsDiff(matmul(r.represent(s), r.represent(u)), r.represent(su))).toBeLessThan(TOL);
      expect(permutationSign(su)).toBe(permutationSign(s) * permutationSign(u));
    }
    // The Helmert basis is orthonormal and orthogonal to 1.
    const h = helmertBasis(5);
    expect(maxAbsDiff(matmul(h, transpose(h)), identity(4))).toBeLessThan(TOL);
    for (const row of h) expect(Math.abs(row.reduce((s, v) => s + v, 0))).toBeLessThan(TOL);
  });
});

describe('finiteGroup: closure by BFS', () => {
  it('S₃ from the permutation generators = 6; from the 2-D irrep = 6; C_k = k; B₂ = 8; B₃ = 48; Klein = 4; D₄ = 8', () => {
    expect(finiteGroup(permutationGroup(3).generators).order).toBe(6);
    expect(finiteGroup([permutationMatrix([1, 2, 0]), permutationMatrix([1, 0, 2])]).order).toBe(6);
    expect(finiteGroup(FINITE_GENERATOR_SETS['s3-irrep']).order).toBe(6);
    for (let k = 1; k <= 24; k++) expect(finiteGroup([rotation2((2 * Math.PI) / k)]).order).toBe(k);
    expect(finiteGroup(signedPermutationGroup(2).generators).order).toBe(8);
    expect(finiteGroup(signedPermutationGroup(3).generators).order).toBe(48);
    expect(finiteGroup(FINITE_GENERATOR_SETS.klein).order).toBe(4);
    expect(finiteGroup(FINITE_GENERATOR_SETS.d4).order).toBe(8);
    expect(finiteGroup([identity(3)]).order).toBe(1);
  });

  it('elements are distinct, closed under products, start with I; samples are elements; commutant of S₃ irrep = 1', () => {
    const g = finiteGroup([rotation2((2 * Math.PI) / 3), reflection2(0.3)]);
    const els = g.elements!;
    expect(maxAbsDiff(els[0], identity(2))).toBe(0);
    for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) expect(maxAbsDiff(els[i], els[j])).toBeGreaterThan(1e-3);
    for (const a of els)
      for (const b of els) {
        const ab = matmul(a, b);
        expect(els.some((e) => maxAbsDiff(e, ab) < 1e-9)).toBe(true);
      }
    for (const s of g.sample(new Rng(1), 20)) expect(els.some((e) => maxAbsDiff(e, s) < 1e-12)).toBe(true);
    expect(dimOf(g)).toBe(1);
    expect(groupClosure([rotation2(Math.PI / 2)]).length).toBe(4);
  });

  it('errors name `generators`: non-invertible, infinite order, cap exceeded, malformed', () => {
    expectError(() => finiteGroup([[[1, 1], [1, 1]]]), 'InputError', 'generators[0]');
    expectError(() => finiteGroup([[[2, 0], [0, 1]]]), 'InputError', 'generators[0]');
    expectError(() => finiteGroup([rotation2(1)]), 'InputError', 'generators');
    expectError(() => finiteGroup(permutationGroup(4).generators, { maxOrder: 23 }), 'InputError', 'generators');
    expect(finiteGroup(permutationGroup(4).generators, { maxOrder: 24 }).order).toBe(24);
    expectError(() => finiteGroup([]), 'InputError', 'generators');
    expectError(() => finiteGroup([[[1, 0, 0], [0, 1, 0]]]), 'InputError', 'generators[0].shape');
    expectError(() => finiteGroup([identity(2), identity(3)]), 'InputError', 'generators[1].rows');
    expectError(() => finiteGroup([[[NaN]]]), 'InputError', 'generators[0][0][0]');
    expectError(() => finiteGroup([identity(2)], { maxOrder: 0 }), 'InputError', 'opts.maxOrder');
  });
});

describe('directSum: one abstract element acts on every block', () => {
  it('S₃ standard ⊕ permutation ⊕ sign: blocks of every generator and sample are ρ(σ) of one σ; closure order 6', () => {
    const sum = directSum({ action: standardIrrep(3) }, { action: permutationGroup(3) }, { action: signRepresentation(3) });
    expect(sum.n).toBe(6);
    expect(sum.order).toBe(6);
    const h = helmertBasis(3);
    const check = (m: Mat): void => {
      const p = block(m, 2, 3);
      expect(isPermutationMatrix(p)).toBe(true);
      // Recover σ from P e_i = e_σ(i).
      const sigma = [0, 1, 2].map((i) => p.findIndex((row) => row[i] === 1));
      expect(maxAbsDiff(block(m, 0, 2), matmul(matmul(h, p), transpose(h)))).toBeLessThan(TOL);
      expect(m[5][5]).toBe(permutationSign(sigma));
    };
    sum.generators.forEach(check);
    sum.sample(new Rng(4), 30).forEach(check);
    expect(finiteGroup(sum.generators).order).toBe(6);
  });

  it('copies repeat the same element (continuous and finite groups); trivial blocks are identities', () => {
    const so = directSum({ action: specialOrthogonal(3), copies: 2 }, { action: trivialRepresentation(2) });
    expect(so.n).toBe(8);
    for (const m of [...so.generators, ...so.sample(new Rng(6), 10)]) {
      expect(maxAbsDiff(block(m, 0, 3), block(m, 3, 3))).toBe(0);
      expect(orthogonalityError(block(m, 0, 3))).toBeLessThan(TOL);
      expect(block(m, 6, 2)).toEqual(identity(2));
    }
    const c = directSum({ action: cyclicGroup(2, 6), copies: 2 }, { action: cyclicGroup(2, 6, { power: 2 }) });
    for (const m of c.sample(new Rng(7), 20)) {
      const r = block(m, 0, 2);
      expect(maxAbsDiff(r, block(m, 2, 2))).toBe(0);
      // The third block is the square of the first: the same element j acts by R(2πj/6) and R(4πj/6).
      expect(maxAbsDiff(matmul(r, r), block(m, 4, 2))).toBeLessThan(TOL);
    }
  });

  it('summands of different finite groups combine generator i with generator i (closure route)', () => {
    const sum = directSum({ action: permutationGroup(3) }, { action: finiteGroup(FINITE_GENERATOR_SETS['s3-irrep']) });
    expect(sum.order).toBe(6);
    expect(sum.elements!.length).toBe(6);
    expect(dimOf(sum)).toBe(5);
    sum.generators.forEach((g, i) => {
      expect(block(g, 0, 3)).toEqual(permutationGroup(3).generators[i]);
      expect(maxAbsDiff(block(g, 3, 2), FINITE_GENERATOR_SETS['s3-irrep'][i])).toBe(0);
    });
  });

  it('errors name irreps, irreps[i].action, irreps[i].copies', () => {
    expectError(() => directSum(), 'InputError', 'irreps');
    expectError(() => directSum({ action: standardIrrep(3), copies: 0 }), 'InputError', 'irreps[0].copies');
    expectError(() => directSum({ action: standardIrrep(3), copies: 1.5 }), 'InputError', 'irreps[0].copies');
    expectError(() => directSum({ action: {} as GroupAction }), 'InputError', 'irreps[0].action');
    expectError(() => directSum({ action: translations(2) }), 'InputError', 'irreps[0].action');
    expectError(() => directSum({ action: permutationGroup(3) }, { action: specialOrthogonal(3) }), 'InputError', 'irreps[1].action');
    expectError(() => directSum({ action: finiteGroup(FINITE_GENERATOR_SETS.klein) }, { action: cyclicGroup(2, 3) }), 'InputError', 'irreps[1].action');
    expectError(() => directSum({ action: specialOrthogonal(9), copies: 2 }), 'InputError', 'irreps');
  });
});

describe('mechanismsOf', () => {
  it('finite groups give their generators; continuous groups give `count` sampled elements', () => {
    const s = permutationGroup(4);
    expect(mechanismsOf(s, new Rng(1))).toEqual(s.generators);
    expect(mechanismsOf(s, new Rng(1), 7)).toEqual(s.generators);
    const so = specialOrthogonal(4);
    const m = mechanismsOf(so, new Rng(1), 5);
    expect(m.length).toBe(5);
    for (const q of m) expect(orthogonalityError(q)).toBeLessThan(TOL);
    expect(mechanismsOf(so, new Rng(1)).length).toBe(so.generators.length);
    expectError(() => mechanismsOf(so, new Rng(1), 0), 'InputError', 'count');
    expectError(() => mechanismsOf(null as unknown as GroupAction, new Rng(1)), 'InputError', 'action');
  });

  it('two or more sampled SO(n) elements (n ≥ 3) already have the group commutant (dim 1)', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 3, max: 5 }), (seed, n) => {
        expect(centralizerDim(mechanismsOf(specialOrthogonal(n), new Rng(seed), 2))).toBe(1);
      }),
      { numRuns: 20 },
    );
  });
});

describe('purity, rebuild and validation', () => {
  it('same arguments → deep-equal actions; buildGroupAction(params) rebuilds; same rng → same samples', () => {
    const actions = [
      specialOrthogonal(3, { seed: 5 }),
      orthogonalGroup(2, { seed: -7, samples: 2 }),
      scalings(3, { seed: 1, sigma: 0.3 }),
      translations(2, { seed: 2 }),
      cyclicGroup(3, 5, { power: 2 }),
      finiteGroup(FINITE_GENERATOR_SETS.d4),
      directSum({ action: specialOrthogonal(2, { seed: 4 }), copies: 2 }, { action: trivialRepresentation(1) }),
      directSum({ action: permutationGroup(3) }, { action: finiteGroup(FINITE_GENERATOR_SETS['s3-irrep']) }),
    ];
    for (const a of actions) {
      const b = buildGroupAction(JSON.parse(JSON.stringify(a.params)));
      expect(b.generators).toEqual(a.generators);
      expect(b.params).toEqual(a.params);
      expect(b.description).toBe(a.description);
      expect(b.sample(new Rng(3), 4)).toEqual(a.sample(new Rng(3), 4));
    }
    expect(specialOrthogonal(3, { seed: 5 }).generators).not.toEqual(specialOrthogonal(3, { seed: 6 }).generators);
  });

  it('every bad argument raises an InputError naming the field and value', () => {
    expect(expectError(() => specialOrthogonal(0), 'InputError', 'n').value).toBe(0);
    expectError(() => specialOrthogonal(2.5), 'InputError', 'n');
    expectError(() => orthogonalGroup(MAX_GROUP_N + 1), 'InputError', 'n');
    expectError(() => permutationGroup(NaN), 'InputError', 'n');
    expectError(() => specialOrthogonal(3, { seed: 1.5 }), 'InputError', 'opts.seed');
    expectError(() => specialOrthogonal(3, { samples: 0 }), 'InputError', 'opts.samples');
    // One generic element does not generate SO(n ≥ 3) or O(n ≥ 2) (health check); it does generate SO(2) densely.
    expectError(() => specialOrthogonal(3, { samples: 1 }), 'InputError', 'opts.samples');
    expectError(() => orthogonalGroup(2, { samples: 1 }), 'InputError', 'opts.samples');
    expect(dimOf(specialOrthogonal(2, { samples: 1 }))).toBe(2);
    expect(dimOf(orthogonalGroup(1, { samples: 1 }))).toBe(1);
    expectError(() => scalings(3, { sigma: -1 }), 'InputError', 'opts.sigma');
    expectError(() => translations(2, { scale: 0 }), 'InputError', 'opts.scale');
    expectError(() => translations(MAX_GROUP_N), 'InputError', 'n');
    expectError(() => standardIrrep(1), 'InputError', 'n');
    expectError(() => cyclicGroup(1, 5), 'InputError', 'n');
    expectError(() => cyclicGroup(2, 0), 'InputError', 'k');
    expectError(() => cyclicGroup(3, 5, { representation: 'shift' }), 'InputError', 'k');
    expectError(() => cyclicGroup(3, 5, { representation: 'spiral' as 'shift' }), 'InputError', 'opts.representation');
    expectError(() => cyclicGroup(3, 5, { power: 0.5 }), 'InputError', 'opts.power');
    expectError(() => buildGroupAction({ kind: 'spiral' } as never), 'InputError', 'group.kind');
    expectError(() => buildGroupAction(null as never), 'InputError', 'group');
    expectError(() => specialOrthogonal(3).sample(new Rng(1), -1), 'InputError', 'count');
  });
});
