/**
 * kNN (KSG / Frenzel–Pompe) MI and CMI and the RBF MMD penalties (src/metrics/knnMI.ts, mmd.ts) against closed
 * forms on Gaussian samples; the nonlinear dependence the Gaussian estimator misses; named bad-input errors.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import type { Mat } from '../../src/core/matrix.ts';
import { Rng } from '../../src/rng/rng.ts';
import { gaussianMI } from '../../src/metrics/cmi.ts';
import { gaussianPartialCMI } from '../../src/metrics/partialCMI.ts';
import { digamma, knnCMI, knnCMIDiscrete, knnMI } from '../../src/metrics/knnMI.ts';
import { conditionalMMD, gaussianKernelMean, groupPermutation, mmdRBF, unconditionalMMD, windowGroups } from '../../src/metrics/mmd.ts';

function correlated(n: number, r: number, rng: Rng): { x: Mat; y: Mat } {
  const x: Mat = [];
  const y: Mat = [];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    x.push([a]);
    y.push([r * a + Math.sqrt(1 - r * r) * rng.normal()]);
  }
  return { x, y };
}

describe('digamma', () => {
  it('matches known values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 11);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 11);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 11);
  });
});

describe('KSG mutual information', () => {
  it('Gaussian pairs: within 0.05 nats of −½ log(1 − r²) at n = 1000 (k = 3), for r ∈ {0, 0.5, 0.8}', () => {
    for (const r of [0, 0.5, 0.8]) {
      const { x, y } = correlated(1000, r, new Rng(11 + r * 10));
      expect(Math.abs(knnMI(x, y) - -0.5 * Math.log(1 - r * r))).toBeLessThan(0.05);
    }
  });
  it('detects y = x² + noise (Gaussian MI ≈ 0, kNN MI > 1 nat)', () => {
    const rng = new Rng(5);
    const x = Array.from({ length: 800 }, () => [rng.normal()]);
    const y = x.map((r) => [r[0] ** 2 + 0.1 * rng.normal()]);
    expect(gaussianMI(x, y)).toBeLessThan(0.02);
    expect(knnMI(x, y)).toBeGreaterThan(1);
  });
  it('bias and spread at n = 500 over 10 seeds (r = 0.6, true 0.2231): |bias| < 0.04, sd < 0.05', () => {
    const est = Array.from({ length: 10 }, (_, s) => {
      const { x, y } = correlated(500, 0.6, new Rng(100 + s));
      return knnMI(x, y);
    });
    const mean = est.reduce((a, b) => a + b, 0) / est.length;
    const sd = Math.sqrt(est.reduce((a, b) => a + (b - mean) ** 2, 0) / (est.length - 1));
    console.info(`KSG n = 500, r = 0.6: mean ${mean.toFixed(4)} (true 0.2231), sd ${sd.toFixed(4)}`);
    expect(Math.abs(mean - 0.2231)).toBeLessThan(0.04);
    expect(sd).toBeLessThan(0.05);
  });
});

describe('Frenzel–Pompe conditional MI', () => {
  it('x → z → y chain: I(x; y | z) ≈ 0 while I(x; y) > 0.1; matches the Gaussian partial MI within 0.05', () => {
    const rng = new Rng(7);
    const z = Array.from({ length: 1000 }, () => [rng.normal()]);
    const x = z.map((r) => [r[0] + 0.7 * rng.normal()]);
    const y = z.map((r) => [r[0] + 0.7 * rng.normal()]);
    const c = knnCMI(x, y, z);
    expect(Math.abs(c)).toBeLessThan(0.05);
    expect(Math.abs(c - gaussianPartialCMI(x, y, z))).toBeLessThan(0.05);
    expect(knnMI(x, y)).toBeGreaterThan(0.1);
  });
  it('common noise: I(x; y | z) = −½ log(1 − ρ²_partial) within 0.06', () => {
    const rng = new Rng(8);
    const n = 1000;
    const z = Array.from({ length: n }, () => [rng.normal()]);
    const e = Array.from({ length: n }, () => rng.normal());
    const x = z.map((r, i) => [r[0] + e[i] + 0.5 * rng.normal()]);
    const y = z.map((r, i) => [r[0] + e[i] + 0.5 * rng.normal()]);
    const closed = -0.5 * Math.log(1 - (1 / 1.25) ** 2);
    expect(Math.abs(knnCMI(x, y, z) - closed)).toBeLessThan(0.06);
    expect(Math.abs(gaussianPartialCMI(x, y, z) - closed)).toBeLessThan(0.03);
  });
  it('discrete conditioning: Σ_a p(a) KSG within groups; a group with ≤ k samples is named', () => {
    const rng = new Rng(9);
    const a: number[] = Array.from({ length: 600 }, () => (rng.uniform() < 0.5 ? -1 : 1));
    const x = a.map((v) => [v + 0.5 * rng.normal()]);
    const y = a.map((v) => [v + 0.5 * rng.normal()]);
    expect(knnMI(x, y)).toBeGreaterThan(0.3);
    expect(Math.abs(knnCMIDiscrete(x, y, a))).toBeLessThan(0.05);
    const bad: number[] = a.slice();
    bad[0] = 7;
    try {
      knnCMIDiscrete(x, y, bad);
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe('a');
      expect((err as InputError).value).toBe(7);
    }
  });
  it('non-finite latents and too few samples are named', () => {
    expect(() => knnMI([[1], [NaN], [2], [3], [4]], [[1], [2], [3], [4], [5]])).toThrow(/^x\[1\]\[0\]: /);
    expect(() => knnMI([[1], [2], [3]], [[1], [2], [3]])).toThrow(/^x.rows: /);
  });
});

describe('RBF MMD', () => {
  it('matches the Gaussian closed form (N(0, Σ) vs N(0, I), h = 1, n = 1500) within 0.006', () => {
    const rng = new Rng(3);
    const r = 0.7;
    const u = Array.from({ length: 1500 }, () => {
      const a = rng.normal();
      return [a, r * a + Math.sqrt(1 - r * r) * rng.normal()];
    });
    const v = Array.from({ length: 1500 }, () => [rng.normal(), rng.normal()]);
    const S = [[1, r], [r, 1]];
    const I = [[1, 0], [0, 1]];
    const closed = gaussianKernelMean(S, S, 1) + gaussianKernelMean(I, I, 1) - 2 * gaussianKernelMean(S, I, 1);
    expect(Math.abs(mmdRBF(u, v, { bandwidth: 1 }) - closed)).toBeLessThan(0.006);
    // The shuffled-block penalty estimates the same quantity: shuffling column 1 gives N(0, I).
    expect(Math.abs(unconditionalMMD(u, [1, 2], new Rng(4), { bandwidth: 1 }) - closed)).toBeLessThan(0.006);
  });
  it('conditional penalty ≈ 0 when the blocks are independent given the label, > 0 unconditionally', () => {
    const rng = new Rng(6);
    const a = Array.from({ length: 1000 }, () => (rng.uniform() < 0.5 ? -1 : 1));
    const z = a.map((v) => [v + 0.5 * rng.normal(), v + 0.5 * rng.normal()]);
    const cond = conditionalMMD(z, [0, 1], a, new Rng(1), { bandwidth: 1 });
    const uncond = unconditionalMMD(z, [0, 1], new Rng(1), { bandwidth: 1 });
    expect(Math.abs(cond)).toBeLessThan(0.005);
    expect(uncond).toBeGreaterThan(0.05);
  });
  it('group permutations stay within groups; windows of a continuous label', () => {
    const g = [0, 1, 0, 1, 0, 1, 2, 2];
    const p = groupPermutation(g, new Rng(1));
    p.forEach((j, i) => expect(g[j]).toBe(g[i]));
    expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const w = windowGroups([5, 1, 3, 2, 4, 0, 7, 6], 4);
    expect(w).toEqual([1, 0, 0, 0, 1, 0, 1, 1]);
  });
  it('bad input is named: a group of one sample, a constant sample, a non-finite latent, a bad block', () => {
    const z = [[0, 1], [1, 0], [2, 2], [3, 1]];
    expect(() => conditionalMMD(z, [0, 1], [0, 0, 0, 5], new Rng(1))).toThrow(/^groups: .*group 5 has 1/);
    expect(() => mmdRBF([[1], [1], [1]], [[1], [1], [1]])).toThrow(/^u: /);
    expect(() => mmdRBF([[1], [Infinity]], [[1], [2]])).toThrow(/^u\[1\]\[0\]: /);
    expect(() => unconditionalMMD(z, [0, 2], new Rng(1))).toThrow(/^block: /);
  });
});
