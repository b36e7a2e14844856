/** Unit tests of the metrics on small hand-checked inputs and conventions (constant columns, rectangular MCC, MI). */
import { describe, expect, it } from 'vitest';
import type { Mat } from '../../src/core/matrix.ts';
import {
  averageRanks,
  commutationResidual,
  gaussianCMI,
  gaussianMI,
  linearAssignment,
  linearR2,
  linearR2PerDim,
  mcc,
  orthogonalResidual,
  pearsonMatrix,
  spearmanMatrix,
} from '../../src/metrics/index.ts';
import { Rng } from '../../src/rng/rng.ts';
import { gaussianSamples } from './helpers.ts';

const cols = (...c: number[][]): Mat => c[0].map((_, t) => c.map((col) => col[t]));

describe('pearsonMatrix / spearmanMatrix', () => {
  const x = [1, 2, 3, 4, 5, 6];
  const y = [2, 1, 4, 3, 6, 5];
  it('computes the textbook values', () => {
    // corr(x, y) = 29/35 (Σ(x−x̄)(y−ȳ) = 14.5, Σ(x−x̄)² = Σ(y−ȳ)² = 17.5).
    const c = pearsonMatrix(cols(x, y), cols(y, x.map((v) => -v)));
    expect(c[0][0]).toBeCloseTo(14.5 / 17.5, 14);
    expect(c[0][1]).toBeCloseTo(-1, 14);
    expect(c[1][0]).toBeCloseTo(1, 14);
    expect(c[1][1]).toBeCloseTo(-14.5 / 17.5, 14);
  });
  it('is d_z × d_ẑ for rectangular inputs', () => {
    const c = pearsonMatrix(gaussianSamples(1, 30, 2), gaussianSamples(2, 30, 4));
    expect(c).toHaveLength(2);
    expect(c[0]).toHaveLength(4);
  });
  it('gives correlation 0 for a constant column (exact, or constant up to rounding)', () => {
    const z = cols(x, y);
    // 0.1 + 0.2 = 0.30000000000000004: a column that differs from 0.3 by one ulp is constant up to rounding.
    const c = pearsonMatrix(z, cols(x, [7, 7, 7, 7, 7, 7], [0.3, 0.1 + 0.2, 0.3, 0.3, 0.1 + 0.2, 0.3]));
    expect(c[0][0]).toBeCloseTo(1, 14);
    expect(c[0][1]).toBe(0);
    expect(c[1][1]).toBe(0);
    expect(c[0][2]).toBe(0);
    expect(spearmanMatrix(z, cols(x, [7, 7, 7, 7, 7, 7]))[1][1]).toBe(0);
    expect(pearsonMatrix(cols([0, 0, 0, 0, 0, 0], x), z)[0]).toEqual([0, 0]);
  });
  it('is scale-free for tiny and huge columns', () => {
    const c = pearsonMatrix(cols(x, y), cols(x.map((v) => v * 1e-200), y.map((v) => v * 1e200)));
    expect(c[0][0]).toBeCloseTo(1, 14);
    expect(c[1][1]).toBeCloseTo(1, 14);
  });
  it('Spearman is Pearson of average ranks (with ties)', () => {
    const u = [1, 1, 2, 5, 5, 9];
    const w = [3, 1, 2, 2, 8, 7];
    const s = spearmanMatrix(cols(u, w), cols(w, u));
    const p = pearsonMatrix(cols(averageRanks(u), averageRanks(w)), cols(averageRanks(w), averageRanks(u)));
    expect(s).toEqual(p);
  });
});

describe('mcc', () => {
  it('returns the signed correlations and a matching of true dims to recovered dims', () => {
    const z = gaussianSamples(3, 200, 3);
    const zhat = z.map((r) => [-r[2], 3 * r[0] + 1, r[1]]);
    const res = mcc(z, zhat);
    expect(res.value).toBeCloseTo(1, 12);
    expect(res.matching).toEqual([1, 2, 0]);
    expect(res.correlations[2][0]).toBeCloseTo(-1, 12);
  });
  it('a collapsed (constant) recovered dimension counts as correlation 0', () => {
    const z = gaussianSamples(4, 200, 2);
    const zhat = z.map((r) => [r[0], 5]);
    const res = mcc(z, zhat);
    expect(res.value).toBeCloseTo(0.5, 12);
    expect(res.matching).toEqual([0, 1]);
  });
  it('d_ẑ > d_z: every true dim is matched; mean over d_z pairs', () => {
    const z = gaussianSamples(5, 200, 2);
    const extra = gaussianSamples(6, 200, 1);
    const zhat = z.map((r, t) => [extra[t][0], r[1], r[0]]);
    const res = mcc(z, zhat);
    expect(res.value).toBeCloseTo(1, 12);
    expect(res.matching).toEqual([2, 1]);
  });
  it('d_z > d_ẑ: unmatched true dims get −1; mean over the d_ẑ matched pairs', () => {
    const z = gaussianSamples(7, 200, 3);
    const zhat = z.map((r) => [r[2], r[0]]);
    const res = mcc(z, zhat);
    expect(res.value).toBeCloseTo(1, 12);
    expect(res.matching).toEqual([1, -1, 0]);
  });
});

describe('linearAssignment', () => {
  it('solves a known 3×3 problem, minimising and maximising', () => {
    const cost = [
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ];
    expect(linearAssignment(cost)).toEqual({ assignment: [1, 0, 2], total: 5 });
    expect(linearAssignment(cost, { maximize: true })).toEqual({ assignment: [0, 2, 1], total: 11 });
  });
  it('handles negative costs and a wide matrix', () => {
    expect(linearAssignment([[-1, -5, 0], [-3, -2, -4]])).toEqual({ assignment: [1, 2], total: -9 });
  });
});

describe('linearR2', () => {
  it('is exactly fitted when z is affine in ẑ, and per-dimension otherwise', () => {
    const rng = new Rng(8);
    const zhat = rng.normalMatrix(300, 2);
    const z = zhat.map((r) => [2 * r[0] - r[1] + 3, rng.normal()]);
    const per = linearR2PerDim(z, zhat);
    expect(per[0]).toBeCloseTo(1, 12);
    expect(per[1]).toBeLessThan(0.05);
    expect(linearR2(z, zhat)).toBeCloseTo((per[0] + per[1]) / 2, 14);
  });
});

describe('orthogonalResidual', () => {
  it('is 1 for a constant ẑ and the closed form for a diagonal scaling', () => {
    const z = gaussianSamples(9, 500, 2);
    expect(orthogonalResidual(z, z.map(() => [1, 1]))).toBe(1);
    // ẑ = z·diag(1, 2) with z_c exactly whitened: 1 − (1+2)²/(2·5) = 0.1.
    const zc = whiten(z);
    expect(orthogonalResidual(zc, zc.map((r) => [r[0], 2 * r[1]]))).toBeCloseTo(0.1, 10);
  });
});

/** Exactly white samples (zero mean, identity sample covariance up to scale) via Cholesky of the Gram matrix. */
function whiten(z: Mat): Mat {
  const n = z.length;
  const m = [0, 1].map((j) => z.reduce((s, r) => s + r[j], 0) / n);
  const c = z.map((r) => [r[0] - m[0], r[1] - m[1]]);
  const s00 = c.reduce((s, r) => s + r[0] * r[0], 0);
  const s01 = c.reduce((s, r) => s + r[0] * r[1], 0);
  const s11 = c.reduce((s, r) => s + r[1] * r[1], 0);
  const l00 = Math.sqrt(s00);
  const l10 = s01 / l00;
  const l11 = Math.sqrt(s11 - l10 * l10);
  return c.map((r) => {
    const a = r[0] / l00;
    return [a, (r[1] - l10 * a) / l11];
  });
}

describe('gaussianMI / gaussianCMI', () => {
  it('MI of a bivariate Gaussian with correlation ρ ≈ −½ log(1 − ρ²)', () => {
    const rng = new Rng(10);
    const rho = 0.8;
    const n = 20000;
    const z1: Mat = [];
    const z2: Mat = [];
    for (let t = 0; t < n; t++) {
      const u = rng.normal();
      z1.push([u]);
      z2.push([rho * u + Math.sqrt(1 - rho * rho) * rng.normal()]);
    }
    expect(Math.abs(gaussianMI(z1, z2) - -0.5 * Math.log(1 - rho * rho))).toBeLessThan(0.02);
  });
  it('equals the sample-correlation formula exactly, and CMI with one group equals MI', () => {
    const z1 = gaussianSamples(11, 50, 1);
    const z2 = gaussianSamples(12, 50, 1).map((r, t) => [r[0] + z1[t][0]]);
    const r = pearsonMatrix(z1, z2)[0][0];
    expect(gaussianMI(z1, z2)).toBeCloseTo(-0.5 * Math.log(1 - r * r), 12);
    expect(gaussianCMI(z1, z2, new Array<number>(50).fill(3))).toBeCloseTo(gaussianMI(z1, z2), 14);
  });
  it('is the p(a)-weighted mean of the per-group MIs and ≥ 0', () => {
    const rng = new Rng(13);
    const n = 90;
    const a = Array.from({ length: n }, (_, t) => (t < 30 ? -1 : 2.5));
    const z1 = rng.normalMatrix(n, 2);
    const z2 = z1.map((r, t) => [r[0] * (a[t] > 0 ? 1 : -1) + rng.normal(), rng.normal()]);
    const idx0 = [...Array(30).keys()];
    const idx1 = [...Array(60).keys()].map((t) => t + 30);
    const pick = (m: Mat, idx: number[]): Mat => idx.map((t) => m[t]);
    const expected = (30 / 90) * gaussianMI(pick(z1, idx0), pick(z2, idx0)) + (60 / 90) * gaussianMI(pick(z1, idx1), pick(z2, idx1));
    expect(gaussianCMI(z1, z2, a)).toBeCloseTo(expected, 13);
    expect(gaussianCMI(z1, z2, a)).toBeGreaterThanOrEqual(0);
  });
});

describe('commutationResidual (re-exported)', () => {
  it('is 0 for a commuting map and > 0 otherwise', () => {
    const m = [
      [2, 0],
      [0, 3],
    ];
    expect(commutationResidual([[5, 0], [0, -1]], [m])).toBe(0);
    expect(commutationResidual([[0, 1], [1, 0]], [m])).toBeGreaterThan(0.1);
  });
});
