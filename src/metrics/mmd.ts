/**
 * RBF-kernel maximum mean discrepancy, and the (conditional) independence penalties built from it.
 *
 *   MMD²(P, Q) = E k(u, u′) + E k(v, v′) − 2 E k(u, v),   k(u, v) = exp(−‖u − v‖² / (2h²)),
 *
 * estimated by the unbiased U-statistic (diagonal terms left out of the within-sample means; Gretton et al. 2012,
 * "A kernel two-sample test", JMLR 13, eq. 3) or the biased V-statistic (`biased: true`, ≥ 0, what a training
 * loss uses). Bandwidth h: given, or the median heuristic (median pairwise Euclidean distance of the pooled
 * sample, over at most 1000 rows; Gretton et al. 2012 §8).
 *
 * Independence penalties (Funke et al. 2022, the official code's MMD variant): with z split into blocks,
 * - unconditional: MMD²(z, z̃) where z̃ is z with block `block` permuted among all samples — z̃ has the law
 *   p(z_block) p(z_rest), so the penalty estimates a distance from independence (0 iff independent, for the
 *   characteristic RBF kernel);
 * - conditional: the same with the block permuted only among samples sharing the label a (`groups`), so z̃ has
 *   the law p(a) p(z_block | a) p(z_rest | a): the penalty is 0 iff z_block ⊥ z_rest | a.
 *
 * Closed form for Gaussians (tests): for u ~ N(0, A), v ~ N(0, B) in D dimensions,
 * E k(u, v) = det(I + (A + B)/h²)^{−1/2}.
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix, assertNumber, assertVector } from '../core/validate.ts';
import type { Rng } from '../rng/rng.ts';

/** Rows used by the median heuristic. */
export const MEDIAN_HEURISTIC_ROWS = 1000;

function flat(m: Mat): Float64Array {
  const d = m[0].length;
  const out = new Float64Array(m.length * d);
  m.forEach((r, i) => r.forEach((v, j) => (out[i * d + j] = v)));
  return out;
}

/** Median pairwise Euclidean distance of the rows (the first `MEDIAN_HEURISTIC_ROWS` rows). */
export function medianDistance(u: Mat): number {
  const m = assertMatrix('u', u);
  const n = Math.min(m.length, MEDIAN_HEURISTIC_ROWS);
  const ds: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let c = 0; c < m[0].length; c++) s += (m[i][c] - m[j][c]) ** 2;
      ds.push(Math.sqrt(s));
    }
  ds.sort((a, b) => a - b);
  const med = ds.length ? ds[Math.floor(ds.length / 2)] : 0;
  if (!(med > 0)) throw new InputError('u', 'all rows equal', 'samples with at least two distinct rows (the median-heuristic bandwidth is 0)');
  return med;
}

/** Sum of k(aᵢ, bⱼ) over all pairs (i, j), leaving out i = j when `skipDiagonal`. */
function kernelSum(a: Float64Array, b: Float64Array, d: number, gamma: number, skipDiagonal: boolean): number {
  const na = a.length / d;
  const nb = b.length / d;
  let total = 0;
  for (let i = 0; i < na; i++) {
    const oi = i * d;
    for (let j = 0; j < nb; j++) {
      if (skipDiagonal && i === j) continue;
      const oj = j * d;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = a[oi + c] - b[oj + c];
        s += t * t;
      }
      total += Math.exp(-gamma * s);
    }
  }
  return total;
}

/**
 * RBF MMD² between samples u (n × D) and v (m × D) (module doc). `bandwidth` h > 0 (default: median heuristic on
 * the pooled rows); `biased`: V-statistic instead of the unbiased U-statistic.
 */
export function mmdRBF(u: Mat, v: Mat, opts: { bandwidth?: number; biased?: boolean } = {}): number {
  const a = assertMatrix('u', u, { minRows: 2 });
  const b = assertMatrix('v', v, { minRows: 2, cols: a[0].length });
  const h = opts.bandwidth === undefined ? medianDistance(a.concat(b)) : assertNumber('bandwidth', opts.bandwidth);
  if (!(h > 0)) throw new InputError('bandwidth', h, 'a bandwidth h > 0');
  const gamma = 1 / (2 * h * h);
  const d = a[0].length;
  const fa = flat(a);
  const fb = flat(b);
  const n = a.length;
  const m = b.length;
  const biased = opts.biased ?? false;
  const kaa = kernelSum(fa, fa, d, gamma, !biased) / (biased ? n * n : n * (n - 1));
  const kbb = kernelSum(fb, fb, d, gamma, !biased) / (biased ? m * m : m * (m - 1));
  const kab = kernelSum(fa, fb, d, gamma, false) / (n * m);
  return kaa + kbb - 2 * kab;
}

/** Closed-form E k(u, v) for u ~ N(0, A), v ~ N(0, B) (module doc), for tests. */
export function gaussianKernelMean(aCov: Mat, bCov: Mat, bandwidth: number): number {
  const d = aCov.length;
  const m = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0) + (aCov[i][j] + bCov[i][j]) / bandwidth ** 2));
  // determinant by Gaussian elimination (small d)
  let det = 1;
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (p !== c) {
      [m[p], m[c]] = [m[c], m[p]];
      det = -det;
    }
    det *= m[c][c];
    for (let r = c + 1; r < d; r++) {
      const f = m[r][c] / m[c][c];
      for (let q = c; q < d; q++) m[r][q] -= f * m[c][q];
    }
  }
  return det ** -0.5;
}

/**
 * A permutation of 0 … n−1 that moves each index only among indices with the same group label (seeded).
 * Every group needs at least `minGroup` members (default 2: a group of one cannot be shuffled), else
 * `InputError('groups', label, …)`.
 */
export function groupPermutation(groups: number[], rng: Rng, minGroup = 2): number[] {
  const g = assertVector('groups', groups);
  const by = new Map<number, number[]>();
  g.forEach((v, i) => {
    const key = v === 0 ? 0 : v;
    const l = by.get(key);
    if (l) l.push(i);
    else by.set(key, [i]);
  });
  const perm = new Array<number>(g.length);
  for (const [label, idx] of [...by.entries()].sort((a, b) => a[0] - b[0])) {
    if (idx.length < minGroup) throw new InputError('groups', label, `every group to have at least ${minGroup} samples to shuffle within, but group ${label} has ${idx.length}`);
    const shuffled = rng.shuffle(idx.slice());
    idx.forEach((i, t) => (perm[i] = shuffled[t]));
  }
  return perm;
}

/**
 * Group labels for a continuous conditioning variable: samples sorted by c and cut into consecutive windows of
 * `window` samples (the last window absorbs the remainder), so a shuffle within a group changes c by little.
 */
export function windowGroups(c: number[], window = 8): number[] {
  const v = assertVector('c', c);
  const w = assertNumber('window', window, { min: 2, integer: true });
  if (v.length < w) throw new InputError('c.length', v.length, `at least window = ${w} samples`);
  const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const out = new Array<number>(v.length);
  const nWin = Math.floor(v.length / w);
  order.forEach((i, rank) => (out[i] = Math.min(Math.floor(rank / w), nWin - 1)));
  return out;
}

/** z with columns [from, to) replaced by those of the rows `perm` (perm[i] = source row of row i). */
export function shuffleBlock(z: Mat, block: [number, number], perm: number[]): Mat {
  return z.map((row, i) => row.map((v, j) => (j >= block[0] && j < block[1] ? z[perm[i]][j] : v)));
}

function checkBlock(z: Mat, block: unknown): [number, number] {
  if (!Array.isArray(block) || block.length !== 2) throw new InputError('block', block, 'a column range [from, to)');
  const [a, b] = block as number[];
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b > z[0].length || a >= b || (a === 0 && b === z[0].length))
    throw new InputError('block', block, `a proper column range [from, to) within 0 … ${z[0].length} (not all columns)`);
  return [a, b];
}

/**
 * Conditional MMD penalty: MMD²(z, z̃), z̃ = z with `block` permuted within the groups of `groups` (module doc).
 * Constant attributes make the penalty unconditional; a group with one sample is an `InputError` naming it.
 */
export function conditionalMMD(z: Mat, block: [number, number], groups: number[], rng: Rng, opts: { bandwidth?: number; biased?: boolean } = {}): number {
  const m = assertMatrix('z', z, { minRows: 4 });
  const b = checkBlock(m, block);
  const g = assertVector('groups', groups, m.length);
  return mmdRBF(m, shuffleBlock(m, b, groupPermutation(g, rng)), opts);
}

/** Unconditional MMD penalty: the block permuted among all samples (module doc). */
export function unconditionalMMD(z: Mat, block: [number, number], rng: Rng, opts: { bandwidth?: number; biased?: boolean } = {}): number {
  const m = assertMatrix('z', z, { minRows: 4 });
  return conditionalMMD(m, block, new Array<number>(m.length).fill(0), rng, opts);
}
