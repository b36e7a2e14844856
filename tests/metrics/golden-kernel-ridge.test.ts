/**
 * Kernel ridge regression against scikit-learn 1.2 (`KernelRidge(kernel='rbf')`), to 1e-6: raw fits, the median
 * bandwidth rule, the cross-fitted R² and the block R² matrix. Fixture: tests/fixtures/kernel-ridge.json, written by
 * bench/reference/kernel_ridge.py (Debian python3-sklearn).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Mat } from '../../src/core/matrix.ts';
import { InputError } from '../../src/core/errors.ts';
import { kernelR2, kernelRidge, medianGamma, rbfKernel } from '../../src/metrics/kernelRidge.ts';
import { blockR2Matrix } from '../../src/classes/block.ts';

interface Fixture {
  sklearn: string;
  fit: { x: Mat; y: Mat; xtest: Mat; gamma: number; alpha: number; predict: Mat }[];
  median: { x: Mat; gamma: number }[];
  r2: { x: Mat; y: Mat; r2: number }[];
  block: { z: Mat; zhat: Mat; blocks: number[]; r2: number[][] }[];
}

const fx = JSON.parse(readFileSync(new URL('../fixtures/kernel-ridge.json', import.meta.url), 'utf8')) as Fixture;
const TOL = 1e-6;

function maxAbsDiff(a: Mat, b: Mat): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}

describe('kernel ridge vs scikit-learn', () => {
  it.each(fx.fit.map((c, i) => [i, c] as const))('fit case %i: predictions to 1e-6', (_i, c) => {
    const fit = kernelRidge(c.x, c.y, { gamma: c.gamma, alpha: c.alpha });
    expect(fit.method).toBe('exact');
    expect(maxAbsDiff(fit.predict(c.xtest), c.predict)).toBeLessThanOrEqual(TOL);
  });
  it.each(fx.median.map((c, i) => [i, c] as const))('median rule case %i', (_i, c) => {
    expect(Math.abs(medianGamma(c.x) - c.gamma) / c.gamma).toBeLessThanOrEqual(TOL);
  });
  it.each(fx.r2.map((c, i) => [i, c] as const))('cross-fitted R² case %i', (_i, c) => {
    expect(Math.abs(kernelR2(c.x, c.y) - c.r2)).toBeLessThanOrEqual(TOL);
  });
  it('block R² matrix', () => {
    const c = fx.block[0];
    expect(maxAbsDiff(blockR2Matrix(c.z, c.zhat, c.blocks), c.r2)).toBeLessThanOrEqual(TOL);
  });
});

describe('kernel ridge: properties', () => {
  const c = fx.fit[1];
  it('RBF kernel is symmetric with unit diagonal', () => {
    const k = rbfKernel(c.x.slice(0, 10), c.x.slice(0, 10), 0.5);
    k.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(k[j][i], 15)));
    k.forEach((row, i) => expect(row[i]).toBe(1));
  });
  it('Nyström with all rows as landmarks equals the exact solve (α = 1: K² is squared-conditioned, so a moderate ridge)', () => {
    const c = fx.fit[2];
    const exact = kernelRidge(c.x, c.y, { gamma: c.gamma, alpha: c.alpha }).predict(c.xtest);
    const ny = kernelRidge(c.x, c.y, { gamma: c.gamma, alpha: c.alpha, maxExact: 10, landmarks: c.x.length });
    expect(ny.method).toBe('nystrom');
    expect(maxAbsDiff(ny.predict(c.xtest), exact)).toBeLessThanOrEqual(1e-5);
  });
  it('Nyström with fewer landmarks stays close on a smooth target', () => {
    const r = fx.r2[0];
    const exact = kernelRidge(r.x, r.y, { gamma: 0.5, alpha: 0.1 }).predict(r.x);
    const ny = kernelRidge(r.x, r.y, { gamma: 0.5, alpha: 0.1, maxExact: 10, landmarks: 40 }).predict(r.x);
    expect(maxAbsDiff(ny, exact)).toBeLessThanOrEqual(0.05);
  });
  it('bad input: named errors', () => {
    expect(() => kernelRidge(c.x, c.y.slice(1))).toThrow(InputError);
    expect(() => kernelRidge(c.x, c.y, { gamma: -1 })).toThrow(/gamma/);
    expect(() => kernelRidge(c.x, c.y, { alpha: -1 })).toThrow(/alpha/);
    expect(() => kernelRidge([[NaN], [1]], [[1], [2]])).toThrow(InputError);
    expect(() => medianGamma([[1], [1], [1]])).toThrow(InputError);
  });
});

describe('median rule by selection', () => {
  /** The definition: sort every pairwise squared distance, take numpy's median. */
  function sortedMedianGamma(x: Mat): number {
    const m = Math.min(x.length, 1000);
    const d: number[] = [];
    for (let s = 0; s < m; s++) for (let t = s + 1; t < m; t++) d.push(x[s].reduce((v, a, j) => v + (a - x[t][j]) ** 2, 0));
    d.sort((a, b) => a - b);
    const h = d.length >> 1;
    return 1 / (d.length % 2 ? d[h] : (d[h - 1] + d[h]) / 2);
  }
  it.each([4, 5, 6, 7, 40, 41, 1200])('n = %i (odd and even pair counts, ties, more rows than the rule uses): equals the sorted median exactly', (n) => {
    let u = n;
    const rnd = () => ((u = (u * 1103515245 + 12345) % 2147483648) / 2147483648);
    // Rounded coordinates give many tied distances.
    const x = Array.from({ length: n }, () => [Math.round(rnd() * 8) / 4, Math.round(rnd() * 8) / 4, rnd()]);
    expect(medianGamma(x)).toBe(sortedMedianGamma(x));
    // Negative control: moving one row changes the median of a small sample.
    if (n < 10) expect(medianGamma([...x.slice(1), [9, 9, 9]])).not.toBe(sortedMedianGamma(x));
  });
});
