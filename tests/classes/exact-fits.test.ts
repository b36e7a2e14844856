/**
 * The fits are exact minimisers of the distance: each class's distance equals an independent brute-force or
 * textbook computation of min_{h ∈ C} Σ‖ẑ − h(z)‖² / Σ‖ẑ_c‖² on arbitrary (non-member) data.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Mat } from '../../src/core/matrix.ts';
import { center, sumSquares } from '../../src/core/matrix.ts';
import { olsWithIntercept } from '../../src/linalg/ols.ts';
import { orthogonalProcrustes } from '../../src/linalg/procrustes.ts';
import { Rng } from '../../src/rng/rng.ts';
import {
  affineClass,
  elementwiseScalingClass,
  identityOffsetClass,
  orthogonalClass,
  permutationScalingClass,
  signedPermutationClass,
} from '../../src/classes/index.ts';
import { arbSeed, latents } from './helpers.ts';

/** All permutations of 0..d-1. */
function permutations(d: number): number[][] {
  if (d === 1) return [[0]];
  return permutations(d - 1).flatMap((p) => Array.from({ length: d }, (_, i) => [...p.slice(0, i), d - 1, ...p.slice(i)]));
}

/** Column j of a matrix. */
const col = (a: Mat, j: number) => a.map((row) => [row[j]]);

/** Arbitrary data related to z: a random dense map, a nonlinearity, and noise (so no class fits exactly). */
function messyPair(rng: Rng, n: number, d: number): [Mat, Mat] {
  const z = latents(rng, n, d, 'laplace');
  const m = rng.normalMatrix(d, d);
  const zhat = z.map((row) => m.map((mi, i) => mi.reduce((s, v, k) => s + v * row[k], 0) + 0.3 * Math.tanh(row[i]) + 0.2 * rng.normal()));
  return [z, zhat];
}

const arbSmallDim = fc.integer({ min: 2, max: 4 });
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-10);

describe('exact fits on arbitrary data', () => {
  it('identity-offset: distance = ‖ẑ_c − z_c‖² / ‖ẑ_c‖²', () => {
    fc.assert(
      fc.property(arbSeed, arbSmallDim, (seed, d) => {
        const [z, zhat] = messyPair(new Rng(seed), 80, d);
        const zc = center(z);
        const hc = center(zhat);
        close(identityOffsetClass(d).fit(z, zhat).distance, Math.min(1, sumSquares(hc.map((r, t) => r.map((v, j) => v - zc[t][j]))) / sumSquares(hc)));
      }),
      { numRuns: 15 },
    );
  });

  it('elementwise-scaling: distance = Σ_j SS_res of the OLS of ẑ_j on z_j / Σ_j SS_tot', () => {
    fc.assert(
      fc.property(arbSeed, arbSmallDim, (seed, d) => {
        const [z, zhat] = messyPair(new Rng(seed), 80, d);
        let res = 0;
        let tot = 0;
        for (let j = 0; j < d; j++) {
          const ols = olsWithIntercept(col(z, j), col(zhat, j));
          res += ols.ssRes[0];
          tot += ols.ssTot[0];
        }
        close(elementwiseScalingClass(d).fit(z, zhat).distance, res / tot);
      }),
      { numRuns: 15 },
    );
  });

  it('permutation-scaling: distance = min over all d! permutations of the per-coordinate OLS residuals', () => {
    fc.assert(
      fc.property(arbSeed, arbSmallDim, (seed, d) => {
        const [z, zhat] = messyPair(new Rng(seed), 80, d);
        const tot = sumSquares(center(zhat));
        let best = Infinity;
        for (const p of permutations(d)) {
          let res = 0;
          for (let j = 0; j < d; j++) res += olsWithIntercept(col(z, p[j]), col(zhat, j)).ssRes[0];
          best = Math.min(best, res);
        }
        close(permutationScalingClass(d).fit(z, zhat).distance, best / tot);
      }),
      { numRuns: 15 },
    );
  });

  it('signed-permutation: distance = min over permutations and signs of the one-scale least squares', () => {
    fc.assert(
      fc.property(arbSeed, arbSmallDim, (seed, d) => {
        const [z, zhat] = messyPair(new Rng(seed), 80, d);
        const zc = center(z);
        const hc = center(zhat);
        const tot = sumSquares(hc);
        let best = Infinity;
        for (const p of permutations(d))
          for (let mask = 0; mask < 1 << d; mask++) {
            // x = vec(S P z_c), y = vec(ẑ_c): best c ≥ 0 is max(0, ⟨x, y⟩ / ⟨x, x⟩).
            let xy = 0;
            let xx = 0;
            for (let t = 0; t < zc.length; t++)
              for (let j = 0; j < d; j++) {
                const x = (mask >> j) & 1 ? -zc[t][p[j]] : zc[t][p[j]];
                xy += x * hc[t][j];
                xx += x * x;
              }
            const c = Math.max(0, xy / xx);
            best = Math.min(best, tot - 2 * c * xy + c * c * xx);
          }
        const fit = signedPermutationClass(d).fit(z, zhat);
        close(fit.distance, best / tot);
        expect(fit.stats.scale).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 15 },
    );
  });

  it('orthogonal: distance = Procrustes relative residual, and no random scaled orthogonal map does better', () => {
    fc.assert(
      fc.property(arbSeed, arbSmallDim, (seed, d) => {
        const rng = new Rng(seed);
        const [z, zhat] = messyPair(rng, 80, d);
        const cls = orthogonalClass(d);
        const fit = cls.fit(z, zhat);
        close(fit.distance, orthogonalProcrustes(z, zhat).relativeResidual);
        for (let k = 0; k < 20; k++) {
          const other = cls.sampleMember(rng);
          // Best offset and scale for that Q: compare via the affine-closed form on the class's own fit of other(z).
          const oz = other.apply(z);
          const ozc = center(oz);
          const hc = center(zhat);
          let xy = 0;
          for (let t = 0; t < ozc.length; t++) for (let j = 0; j < d; j++) xy += ozc[t][j] * hc[t][j];
          const c = Math.max(0, xy / sumSquares(ozc));
          const res = hc.reduce((s, r, t) => s + r.reduce((s2, v, j) => s2 + (v - c * ozc[t][j]) ** 2, 0), 0);
          expect(fit.distance).toBeLessThanOrEqual(res / sumSquares(hc) + 1e-12);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('affine: distance = Σ SS_res / Σ SS_tot of OLS predicting ẑ from z', () => {
    fc.assert(
      fc.property(arbSeed, arbSmallDim, (seed, d) => {
        const [z, zhat] = messyPair(new Rng(seed), 80, d);
        const ols = olsWithIntercept(z, zhat);
        const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
        close(affineClass(d).fit(z, zhat).distance, sum(ols.ssRes) / sum(ols.ssTot));
      }),
      { numRuns: 15 },
    );
  });
});
