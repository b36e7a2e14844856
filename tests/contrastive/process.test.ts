import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng/rng.ts';
import {
  contrastiveLatents,
  describeProcess,
  logConditionalNormaliser,
  logDensityRatio,
  logMarginalDensity,
  matchedDelta,
  observeContrastive,
  sampleConditional,
  sampleMarginal,
  validateProcess,
} from '../../src/contrastive/process.ts';
import { logBesselI, normalCdf, normalQuantile, regularizedGammaP, regularizedGammaQ } from '../../src/contrastive/special.ts';
import type { ContrastiveProcess } from '../../src/contrastive/types.ts';
import { buildMixing } from '../../src/generators/mixing.ts';
import { InputError } from '../../src/core/errors.ts';
import { column, mean, sampleCov, variance } from '../mechanisms/helpers.ts';

const box = (marginal: ContrastiveProcess['marginal'], conditional: ContrastiveProcess['conditional'], n = 2): ContrastiveProcess => ({
  n,
  space: { kind: 'box', low: -1, high: 1 },
  marginal,
  conditional,
});
const real = (marginal: ContrastiveProcess['marginal'], conditional: ContrastiveProcess['conditional'], n = 2): ContrastiveProcess => ({
  n,
  space: { kind: 'real' },
  marginal,
  conditional,
});
const sphere = (kappa: number, n = 3): ContrastiveProcess => ({ n, space: { kind: 'sphere' }, marginal: { kind: 'uniform' }, conditional: { kind: 'vmf', kappa } });

/** ∫_lo^hi f by the composite Simpson rule on m (even) intervals. */
function simpson(f: (t: number) => number, lo: number, hi: number, m = 4000): number {
  const h = (hi - lo) / m;
  let s = f(lo) + f(hi);
  for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * f(lo + i * h);
  return (s * h) / 3;
}

describe('special functions against reference values', () => {
  it('incomplete gamma, Φ, Φ⁻¹, log I_ν', () => {
    expect(regularizedGammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
    expect(regularizedGammaP(2, 3)).toBeCloseTo(1 - Math.exp(-3) * 4, 14);
    expect(regularizedGammaQ(2, 30)).toBeCloseTo(Math.exp(-30) * 31, 25);
    expect(regularizedGammaP(0.5, 0.25)).toBeCloseTo(0.5204998778130465, 13); // erf(0.5)
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 10);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    for (const p of [1e-6, 0.01, 0.3, 0.5, 0.77, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 13);
    expect(logBesselI(0, 1)).toBeCloseTo(Math.log(1.2660658777520082), 13);
    expect(logBesselI(1, 2)).toBeCloseTo(Math.log(1.5906368546373291), 13);
    for (const k of [0.5, 10, 300]) expect(logBesselI(0.5, k)).toBeCloseTo(0.5 * Math.log(2 / (Math.PI * k)) + k + Math.log((1 - Math.exp(-2 * k)) / 2), 9);
    expect(() => normalQuantile(1)).toThrow(InputError);
    expect(() => regularizedGammaP(0, 1)).toThrow(/a: expected a finite shape > 0/);
  });
});

describe('contrastive processes: validation', () => {
  it('accepts the documented combinations and names the field of a bad one', () => {
    expect(validateProcess(box({ kind: 'uniform' }, { kind: 'laplace', scale: 0.2 })).space).toEqual({ kind: 'box', low: -1, high: 1 });
    expect(validateProcess({ n: 2, space: { kind: 'box' }, marginal: { kind: 'uniform' }, conditional: { kind: 'normal', scale: 1 } }).space).toEqual({ kind: 'box', low: -1, high: 1 });
    expect(validateProcess(real({ kind: 'normal' }, { kind: 'independent' })).marginal).toEqual({ kind: 'normal', scale: 1 });
    expect(() => validateProcess(real({ kind: 'uniform' }, { kind: 'laplace', scale: 1 }))).toThrow(/process\.marginal\.kind: expected a marginal defined on the real/);
    expect(() => validateProcess(box({ kind: 'uniform' }, { kind: 'vmf', kappa: 1 }))).toThrow(/process\.conditional\.kind: expected a conditional defined on the box/);
    expect(() => validateProcess({ ...sphere(1), conditional: { kind: 'laplace', scale: 1 } })).toThrow(/process\.conditional\.kind: expected 'vmf' or 'independent' on the sphere/);
    expect(() => validateProcess(box({ kind: 'uniform' }, { kind: 'laplace', scale: 0 }))).toThrow(/process\.conditional\.scale: expected a finite number > 0, got 0/);
    expect(() => validateProcess(box({ kind: 'gaussian-copula', rho: 1 }, { kind: 'laplace', scale: 1 }))).toThrow(/process\.marginal\.rho/);
    expect(() => validateProcess({ ...box({ kind: 'uniform' }, { kind: 'laplace', scale: 1 }), space: { kind: 'box', low: 1, high: 1 } })).toThrow(/process\.space\.high/);
    expect(() => validateProcess({ ...sphere(1), n: 1 })).toThrow(/process\.n: expected n ≥ 2 on the sphere/);
    expect(() => validateProcess(real({ kind: 'generalized-normal', beta: 0.1 }, { kind: 'laplace', scale: 1 }))).toThrow(/process\.marginal\.beta/);
    expect(() => validateProcess({ ...sphere(1), n: 2.5 })).toThrow(/process\.n/);
    expect(() => matchedDelta({ kind: 'independent' })).toThrow(InputError);
    expect(() => sampleConditional(sphere(1), [[1, 0, 0.1]], new Rng(1))).toThrow(/z\[0\]: expected a unit vector/);
    expect(() => sampleConditional(box({ kind: 'uniform' }, { kind: 'laplace', scale: 1 }), [[0, 2]], new Rng(1))).toThrow(/z\[0\]\[1\]: expected a coordinate in the box/);
    expect(() => observeContrastive(contrastiveLatents(sphere(1), 4, new Rng(1)), buildMixing({ kind: 'linear', n: 2, layers: 0, negativeSlope: 0, maxCondition: 10, seed: 1 }))).toThrow(/mixing\.n/);
  });

  it('matched δ: Laplace → L1, normal → squared L2 with τ = 2σ², GN → ‖·‖_β^β, vMF → squared L2 with τ = 2/κ', () => {
    expect(matchedDelta({ kind: 'laplace', scale: 0.3 })).toEqual({ alpha: 1, tau: 0.3 });
    expect(matchedDelta({ kind: 'normal', scale: 0.5 }).tau).toBeCloseTo(0.5, 14);
    expect(matchedDelta({ kind: 'generalized-normal', beta: 3, scale: 0.5 })).toEqual({ alpha: 3, tau: 0.125 });
    expect(matchedDelta({ kind: 'vmf', kappa: 4 })).toEqual({ alpha: 2, tau: 0.5 });
    expect(describeProcess(box({ kind: 'uniform' }, { kind: 'laplace', scale: 0.2 }))).toMatch(/U\[-1, 1\]\^2.*Laplace\(s, 0\.2\) truncated to the box/);
  });
});

describe('contrastive processes: sampling', () => {
  it('is pure and deterministic in the rng', () => {
    const p = box({ kind: 'gaussian-copula', rho: 0.5 }, { kind: 'generalized-normal', beta: 1.5, scale: 0.3 }, 3);
    const rng = new Rng(7);
    const a = contrastiveLatents(p, 50, rng);
    expect(contrastiveLatents(p, 50, rng)).toEqual(a);
    expect(contrastiveLatents(p, 50, new Rng(8)).z).not.toEqual(a.z);
    expect(a.zNeg).not.toEqual(a.z);
  });

  it('marginals: moments of the box, Laplace, GN, correlated normal and the copula', () => {
    const rng = new Rng(1);
    const u = sampleMarginal(box({ kind: 'uniform' }, { kind: 'laplace', scale: 1 }), 20000, rng);
    expect(mean(column(u, 0))).toBeCloseTo(0, 1);
    expect(variance(column(u, 1))).toBeCloseTo(1 / 3, 2);
    const lap = sampleMarginal(real({ kind: 'laplace', scale: 0.5 }, { kind: 'laplace', scale: 1 }), 20000, rng);
    expect(variance(column(lap, 0))).toBeCloseTo(2 * 0.25, 1);
    const gn = sampleMarginal(real({ kind: 'generalized-normal', beta: 4, scale: 1 }, { kind: 'laplace', scale: 1 }), 20000, rng);
    // Var GN(β, s) = s² Γ(3/β)/Γ(1/β); β = 4: Γ(0.75)/Γ(0.25) = 0.337989...
    expect(variance(column(gn, 0))).toBeCloseTo(0.33798912, 2);
    const cn = sampleMarginal(real({ kind: 'correlated-normal', rho: 0.6 }, { kind: 'laplace', scale: 1 }, 3), 20000, rng);
    const c = sampleCov(cn);
    expect(c[0][1]).toBeCloseTo(0.6, 1);
    expect(c[2][2]).toBeCloseTo(1, 1);
    const cop = sampleMarginal(box({ kind: 'gaussian-copula', rho: 0.8 }, { kind: 'laplace', scale: 1 }), 20000, rng);
    expect(cop.every((r) => r.every((v) => v >= -1 && v <= 1))).toBe(true);
    expect(variance(column(cop, 0))).toBeCloseTo(1 / 3, 2); // uniform coordinates
    // Spearman ρ_s of a Gaussian copula = (6/π) asin(ρ/2); the coordinates are uniform, so Pearson = Spearman.
    const cc = sampleCov(cop);
    expect(cc[0][1] / Math.sqrt(cc[0][0] * cc[1][1])).toBeCloseTo((6 / Math.PI) * Math.asin(0.4), 1);
    const sp = sampleMarginal(sphere(1, 4), 100, rng);
    sp.forEach((r) => expect(Math.hypot(...r)).toBeCloseTo(1, 12));
  });

  it('conditionals: kernel moments on Rⁿ, exact truncation on the box, vMF mean cosine I_{n/2}(κ)/I_{n/2−1}(κ)', () => {
    const rng = new Rng(2);
    const z = sampleMarginal(real({ kind: 'normal' }, { kind: 'laplace', scale: 0.3 }), 20000, rng);
    const zl = sampleConditional(real({ kind: 'normal' }, { kind: 'laplace', scale: 0.3 }), z, rng);
    expect(variance(zl.map((r, i) => r[0] - z[i][0]))).toBeCloseTo(2 * 0.09, 2);
    const zn = sampleConditional(real({ kind: 'normal' }, { kind: 'normal', scale: 0.3 }), z, rng);
    expect(variance(zn.map((r, i) => r[1] - z[i][1]))).toBeCloseTo(0.09, 2);
    // Box, Laplace(b) from the corner s = (−1, −1): one-sided exponential truncated to width w = 2:
    // mean −1 + b − w e^{−w/b} / (1 − e^{−w/b}).
    const b = 0.5;
    const p = box({ kind: 'uniform' }, { kind: 'laplace', scale: b });
    const corner = Array.from({ length: 20000 }, () => [-1, -1]);
    const zt = sampleConditional(p, corner, rng);
    expect(zt.every((r) => r.every((v) => v >= -1 && v <= 1))).toBe(true);
    const want = -1 + b - (2 * Math.exp(-2 / b)) / (1 - Math.exp(-2 / b));
    expect(mean(column(zt, 0))).toBeCloseTo(want, 2);
    for (const [n, kappa] of [[3, 10], [5, 2], [2, 30]] as const) {
      const s = sampleMarginal(sphere(kappa, n), 10000, rng);
      const t = sampleConditional(sphere(kappa, n), s, rng);
      t.forEach((r) => expect(Math.hypot(...r)).toBeCloseTo(1, 12));
      const cos = mean(s.map((r, i) => r.reduce((acc, v, k) => acc + v * t[i][k], 0)));
      expect(cos, `n=${n} κ=${kappa}`).toBeCloseTo(Math.exp(logBesselI(n / 2, kappa) - logBesselI(n / 2 - 1, kappa)), 2);
    }
    const ind = sampleConditional(box({ kind: 'uniform' }, { kind: 'independent' }), corner.slice(0, 5000), rng);
    expect(mean(column(ind, 0))).toBeCloseTo(0, 1);
  });
});

describe('contrastive processes: exact densities', () => {
  it('truncated conditionals integrate to 1 on the box (1-D, β = 1, 1.5, 2 and near the edges)', () => {
    for (const cond of [
      { kind: 'laplace', scale: 0.3 },
      { kind: 'normal', scale: 0.4 },
      { kind: 'generalized-normal', beta: 1.5, scale: 0.6 },
    ] as const) {
      const p: ContrastiveProcess = { n: 1, space: { kind: 'box', low: 0, high: 2 }, marginal: { kind: 'uniform' }, conditional: cond };
      const { alpha, tau } = matchedDelta(cond);
      for (const s of [0, 0.05, 1, 1.9]) {
        const logC = logConditionalNormaliser(p, [[s]])[0];
        const total = simpson((t) => Math.exp(-(Math.abs(t - s) ** alpha) / tau - logC), 0, 2, 20000);
        expect(total, `${cond.kind} s=${s}`).toBeCloseTo(1, 6);
      }
    }
  });

  it('the vMF conditional and the marginals integrate to 1', () => {
    // S²: dA = 2π dt with t = sᵀs̃, and ‖s − s̃‖² = 2 − 2t.
    const p = sphere(7);
    const logC = logConditionalNormaliser(p, [[1, 0, 0]])[0];
    expect(2 * Math.PI * simpson((t) => Math.exp(-(2 - 2 * t) / matchedDelta(p.conditional).tau - logC), -1, 1)).toBeCloseTo(1, 8);
    expect(Math.exp(logMarginalDensity(p, [[1, 0, 0]])[0]) * 4 * Math.PI).toBeCloseTo(1, 12);
    const gn = real({ kind: 'generalized-normal', beta: 3, scale: 0.7 }, { kind: 'laplace', scale: 1 }, 1);
    expect(simpson((t) => Math.exp(logMarginalDensity(gn, [[t]])[0]), -6, 6)).toBeCloseTo(1, 8);
    // 2-D grids for the correlated normal and the copula.
    const grid = (f: (a: number, b: number) => number, lo: number, hi: number, m: number) => {
      const h = (hi - lo) / m;
      let s = 0;
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) s += f(lo + (i + 0.5) * h, lo + (j + 0.5) * h);
      return s * h * h;
    };
    const cn = real({ kind: 'correlated-normal', rho: 0.5 }, { kind: 'laplace', scale: 1 });
    expect(grid((a, b) => Math.exp(logMarginalDensity(cn, [[a, b]])[0]), -8, 8, 400)).toBeCloseTo(1, 5);
    const cop = box({ kind: 'gaussian-copula', rho: 0.5 }, { kind: 'laplace', scale: 1 });
    expect(grid((a, b) => Math.exp(logMarginalDensity(cop, [[a, b]])[0]), -1, 1, 400)).toBeCloseTo(1, 3);
    expect(logMarginalDensity(box({ kind: 'uniform' }, { kind: 'laplace', scale: 1 }), [[0, 1.5]])[0]).toBe(-Infinity);
  });

  it('E_{s̃ ~ p(s̃)} exp(log p(s̃|s)/p(s̃)) = 1: the density ratio is consistent with both samplers', () => {
    const rng = new Rng(5);
    for (const p of [
      box({ kind: 'uniform' }, { kind: 'laplace', scale: 0.4 }),
      box({ kind: 'gaussian-copula', rho: 0.4 }, { kind: 'normal', scale: 0.5 }),
      real({ kind: 'normal' }, { kind: 'laplace', scale: 0.7 }),
      real({ kind: 'laplace' }, { kind: 'generalized-normal', beta: 3, scale: 0.8 }),
      sphere(3),
    ]) {
      const s = sampleMarginal(p, 1, rng.child('anchor'));
      const neg = sampleMarginal(p, 40000, rng.child('neg'));
      const r = logDensityRatio(p, neg.map(() => s[0]), neg);
      const m = mean(r.map(Math.exp));
      expect(m, describeProcess(p)).toBeGreaterThan(0.9);
      expect(m, describeProcess(p)).toBeLessThan(1.1);
    }
    // Independent pairs: the ratio is 0.
    expect(logDensityRatio(real({ kind: 'normal' }, { kind: 'independent' }), [[0, 0]], [[1, 1]])).toEqual([0]);
  });
});
