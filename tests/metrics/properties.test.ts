/**
 * Property tests (fast-check) of the metrics: the invariances that make them identifiability checks,
 * with negative controls.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mat } from '../../src/core/matrix.ts';
import { matmul, transpose } from '../../src/core/matrix.ts';
import { averageRanks, linearAssignment, linearR2, linearR2PerDim, mcc, mccSpearman, orthogonalResidual } from '../../src/metrics/index.ts';
import { Rng } from '../../src/rng/rng.ts';
import { affineRows, gaussianSamples, inversePermutation, permuteScaleShift, randomOrthogonal } from './helpers.ts';

const RUNS = { numRuns: 60 };
const seed = fc.integer({ min: 0, max: 0x7fffffff });
/** A nonzero scale of either sign with magnitude in [1e-3, 1e3]. */
const nonzeroScale = fc
  .tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.boolean())
  .map(([e, neg]) => (neg ? -1 : 1) * 10 ** e);
const offset = fc.double({ min: -100, max: 100, noNaN: true });

/** d, a permutation of 0..d-1, d nonzero scales and d offsets. */
const permScaleShift = fc.integer({ min: 1, max: 6 }).chain((d) =>
  fc.record({
    d: fc.constant(d),
    perm: fc.shuffledSubarray(
      Array.from({ length: d }, (_, i) => i),
      { minLength: d, maxLength: d },
    ),
    scales: fc.array(nonzeroScale, { minLength: d, maxLength: d }),
    offsets: fc.array(offset, { minLength: d, maxLength: d }),
  }),
);

describe('MCC', () => {
  it('is 1 with the inverse permutation as matching for an exact permuted, scaled, shifted copy', () => {
    fc.assert(
      fc.property(seed, permScaleShift, (s, { d, perm, scales, offsets }) => {
        const z = gaussianSamples(s, 100, d);
        const zhat = permuteScaleShift(z, perm, scales, offsets);
        for (const method of ['pearson', 'spearman'] as const) {
          const r = mcc(z, zhat, { method });
          expect(r.value).toBeCloseTo(1, 9);
          expect(r.matching).toEqual(inversePermutation(perm));
        }
      }),
      RUNS,
    );
  });

  it('is invariant under permutation, nonzero scaling and offset of ẑ', () => {
    fc.assert(
      fc.property(seed, permScaleShift, fc.double({ min: 0, max: 2, noNaN: true }), (s, { d, perm, scales, offsets }, noise) => {
        const rng = new Rng(s);
        const z = rng.normalMatrix(120, d);
        // A partially mixed, noisy recovery: ẑ = z·M + noise.
        const m = rng.normalMatrix(d, d).map((row, i) => row.map((v, j) => (i === j ? 2 + v : 0.5 * v)));
        const zhat = matmul(z, m).map((row) => row.map((v) => v + noise * rng.normal()));
        const moved = permuteScaleShift(zhat, perm, scales, offsets);
        for (const method of ['pearson', 'spearman'] as const) {
          const before = mcc(z, zhat, { method }).value;
          const after = mcc(z, moved, { method }).value;
          expect(Math.abs(after - before)).toBeLessThan(1e-9);
        }
      }),
      RUNS,
    );
  });

  it('Spearman MCC is 1 under strictly monotone element-wise maps (and a permutation)', () => {
    const maps: ((x: number) => number)[] = [
      Math.exp,
      (x) => x * x * x + x,
      Math.atan,
      Math.sinh,
      (x) => -2 * x + 1,
      (x) => Math.tanh(x / 2),
      (x) => (x > 0 ? Math.log1p(x) : -Math.log1p(-x)),
    ];
    fc.assert(
      fc.property(
        seed,
        fc.integer({ min: 1, max: 6 }).chain((d) =>
          fc.tuple(
            fc.shuffledSubarray(
              Array.from({ length: d }, (_, i) => i),
              { minLength: d, maxLength: d },
            ),
            fc.array(fc.integer({ min: 0, max: maps.length - 1 }), { minLength: d, maxLength: d }),
          ),
        ),
        (s, [perm, fs]) => {
          const z = gaussianSamples(s, 150, perm.length);
          const zhat = z.map((row) => perm.map((p, j) => maps[fs[j]](row[p])));
          expect(mccSpearman(z, zhat)).toBeCloseTo(1, 12);
        },
      ),
      RUNS,
    );
  });

  it('negative control: MCC of independent samples is small', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 5 }), (s, d) => {
        const z = gaussianSamples(s, 2000, d);
        const zhat = gaussianSamples(s ^ 0x5bd1e995, 2000, d);
        expect(mcc(z, zhat).value).toBeLessThan(0.15);
      }),
      { numRuns: 10 },
    );
  });
});

describe('orthogonal residual', () => {
  it('≈ 0 for a random rotation/reflection times a scale plus offset', () => {
    fc.assert(
      fc.property(
        seed,
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        offset,
        (s, d, scale, c) => {
          const z = gaussianSamples(s, 80, d);
          const q = randomOrthogonal(s + 1, d);
          const zhat = affineRows(z, q.map((row) => row.map((v) => scale * v)), new Array<number>(d).fill(c));
          expect(orthogonalResidual(z, zhat)).toBeLessThan(1e-9);
          // Symmetric in its arguments for an exact similarity.
          expect(orthogonalResidual(zhat, z)).toBeLessThan(1e-9);
        },
      ),
      RUNS,
    );
  });

  it('negative control: clearly > 0 for a shear', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 2, max: 5 }), fc.double({ min: 1, max: 3, noNaN: true }), (s, d, k) => {
        const z = gaussianSamples(s, 400, d);
        // Shear A = I + k e₁e₂ᵀ, rotated so it is not aligned with the axes: population residual ≥ 0.086 here.
        const q = randomOrthogonal(s + 7, d);
        const shear = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : i === 0 && j === 1 ? k : 0)));
        const zhat = affineRows(z, matmul(matmul(q, shear), transpose(q)), new Array<number>(d).fill(1));
        expect(orthogonalResidual(z, zhat)).toBeGreaterThan(0.03);
      }),
      RUNS,
    );
  });
});

describe('linear R²', () => {
  it('≈ 1 for an invertible affine map', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 6 }), offset, (s, d, c) => {
        const rng = new Rng(s);
        const z = rng.normalMatrix(100, d);
        // A = Q diag(σ) Rᵀ with σ ∈ [0.2, 5]: invertible, condition number ≤ 25.
        const q = randomOrthogonal(s + 1, d);
        const r = randomOrthogonal(s + 2, d);
        const sigma = Array.from({ length: d }, () => rng.range(0.2, 5));
        const a = matmul(q.map((row) => row.map((v, j) => v * sigma[j])), transpose(r));
        const zhat = affineRows(z, a, new Array<number>(d).fill(c));
        expect(linearR2(z, zhat)).toBeGreaterThan(1 - 1e-9);
        for (const v of linearR2PerDim(z, zhat)) expect(v).toBeGreaterThan(1 - 1e-9);
      }),
      RUNS,
    );
  });

  it('≈ 0 for independent noise (n = 2000)', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (s, dz, dh) => {
        const z = gaussianSamples(s, 2000, dz);
        const zhat = gaussianSamples(s ^ 0x2545f491, 2000, dh);
        // E[R²] ≈ d_ẑ / n = 0.002.
        const r2 = linearR2(z, zhat);
        expect(r2).toBeGreaterThanOrEqual(0);
        expect(r2).toBeLessThan(0.02);
      }),
      { numRuns: 15 },
    );
  });
});

/** Brute-force optimum over injective maps rows → columns (rows ≤ cols). */
function bruteForce(cost: Mat, maximize: boolean): number {
  const rows = cost.length;
  const cols = cost[0].length;
  let best = maximize ? -Infinity : Infinity;
  const used = new Array<boolean>(cols).fill(false);
  const go = (i: number, acc: number): void => {
    if (i === rows) {
      best = maximize ? Math.max(best, acc) : Math.min(best, acc);
      return;
    }
    for (let j = 0; j < cols; j++)
      if (!used[j]) {
        used[j] = true;
        go(i + 1, acc + cost[i][j]);
        used[j] = false;
      }
  };
  go(0, 0);
  return best;
}

describe('linear assignment', () => {
  const entry = fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.integer({ min: 0, max: 3 }));
  const costMatrix = fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }))
    .chain(([r, extra]) => fc.array(fc.array(entry, { minLength: Math.min(6, r + extra), maxLength: Math.min(6, r + extra) }), { minLength: r, maxLength: r }));

  it('is optimal against brute force (rows ≤ cols ≤ 6, minimise and maximise)', () => {
    fc.assert(
      fc.property(costMatrix, fc.boolean(), (cost, maximize) => {
        const { assignment, total } = linearAssignment(cost, { maximize });
        expect(assignment).toHaveLength(cost.length);
        expect(new Set(assignment).size).toBe(cost.length);
        for (const j of assignment) expect(j >= 0 && j < cost[0].length).toBe(true);
        const recomputed = assignment.reduce((s, j, i) => s + cost[i][j], 0);
        expect(Math.abs(recomputed - total)).toBeLessThan(1e-9);
        expect(Math.abs(total - bruteForce(cost, maximize))).toBeLessThan(1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('with rows > cols assigns every column once and marks the other rows −1, optimally', () => {
    fc.assert(
      fc.property(costMatrix, fc.boolean(), (costT, maximize) => {
        const cost = transpose(costT); // cols ≤ rows now
        const { assignment, total } = linearAssignment(cost, { maximize });
        const assigned = assignment.filter((j) => j >= 0);
        expect(assigned).toHaveLength(cost[0].length);
        expect(new Set(assigned).size).toBe(cost[0].length);
        expect(Math.abs(total - bruteForce(costT, maximize))).toBeLessThan(1e-9);
      }),
      { numRuns: 100 },
    );
  });
});

describe('averageRanks', () => {
  it('matches scipy.stats.rankdata on ties', () => {
    expect(averageRanks([10, 20, 10, 30, 20, 20])).toEqual([1.5, 4, 1.5, 6, 4, 4]);
    expect(averageRanks([3, 3, 3])).toEqual([2, 2, 2]);
    expect(averageRanks([-1, 0, -0, 2])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([5])).toEqual([1]);
    expect(averageRanks([])).toEqual([]);
  });

  it('equals #{v_j < v_i} + (#{v_j = v_i} + 1)/2 (heavy ties)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }), (v) => {
        const expected = v.map((x) => v.filter((y) => y < x).length + (v.filter((y) => y === x).length + 1) / 2);
        const ranks = averageRanks(v);
        expect(ranks).toEqual(expected);
        expect(ranks.reduce((s, r) => s + r, 0)).toBe((v.length * (v.length + 1)) / 2);
      }),
      { numRuns: 200 },
    );
  });

  it('is a permutation of 1..n for distinct values', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 30, comparator: (a, b) => a === b }), (v) => {
        const ranks = averageRanks(v);
        expect([...ranks].sort((a, b) => a - b)).toEqual(v.map((_, i) => i + 1));
      }),
      { numRuns: 100 },
    );
  });
});
