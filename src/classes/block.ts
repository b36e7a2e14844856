/**
 * Block identifiability: the latents split into blocks of sizes (d_1, …, d_K) (Σ d_k = d), and each recovered block
 * is an invertible — possibly nonlinear — function of ONE true block, up to a permutation of equal-size blocks:
 *     ẑ_{B_j} = h_j(z_{B_π(j)}),   h_j : R^{d_π(j)} → R^{d_j} invertible,  d_π(j) = d_j
 * (theory.md §6; von Kügelgen et al. 2021 "content block"; Zhang, Koyama & Ishiguro 2020 shared/private blocks;
 * Lachapelle et al. 2022 block-identifiability).
 *
 * Block R² matrix (`blockR2Matrix`): R[i][j] = R²(ẑ_{B_j} ← z_{B_i}), the fraction of the learned block's variance
 * (pooled over its coordinates) that the within-block regressor explains from true block i alone:
 *   - 'kernel' (default): affine OLS + RBF kernel ridge on its residuals, out-of-sample by two-fold cross-fitting, median-heuristic bandwidth on
 *     standardised inputs, α = 1e-3 · n_train, Nyström above 2000 training rows (`src/metrics/kernelRidge.ts`);
 *   - 'linear': OLS with intercept, in sample (affine h_j only; d_i + 1 parameters per output, no overfitting to speak of).
 * Fit: the learned blocks are assigned to true blocks of the same size by Hungarian (`linearAssignment`), maximising the
 * explained variance Σ_j (SS_tot,j − SS_res,π(j)j); then
 *   distance = Σ_j SS_res,π(j)j / Σ_j SS_tot,j     (the unexplained-variance convention of types.ts),
 * computed from the out-of-fold predictions for 'kernel' (deliberately out of sample: an in-sample kernel fit explains
 * noise too) and in sample for 'linear' (then `distance` equals that of `map` exactly). `map` applies the block-wise
 * regressors refitted on all samples (kernel: fitted lazily on the first `apply`).
 * stats: onBlockR2Min (min_j R[π(j)][j]), onBlockR2Mean, offBlockR2Max (max over i ≠ π(j) of R[i][j]; −∞ → 0 when K = 1).
 *
 * Members ('linear'): block-diagonal affine maps (each block U diag(σ) Vᵀ, σ ∈ [0.5, 2]) composed with a random permutation
 * of equal-size blocks. Members ('kernel'): per block A₂ w(A₁ u) + b with w(v) = v + 0.6·tanh(1.5 v) coordinate-wise
 * (strictly increasing, so invertible; A₁, A₂ as above), on a random permutation of equal-size blocks.
 * Near-miss of size s: the member followed by ẑ_{B_j} += s·(sd_j / sd_c)·M_j ẑ_{B_c}, c = (j + shift) mod K, for every
 * block j (M_j with orthonormal rows or columns, sd_j the member's block scale on a probe of standard normal latents), so
 * every learned block now depends on two true blocks with ≈ s²/(1+s²) of its variance from the second one (no dilution
 * by the number of blocks); `null` when K = 1 (every map is a member).
 * Thresholds: 'linear' `EXACT_THRESHOLD` (exact data); 'kernel' `KERNEL_BLOCK_THRESHOLD` (statistical, see there).
 */
import { InputError } from '../core/errors.ts';
import type { Mat, Vec } from '../core/matrix.ts';
import { assertNumber } from '../core/validate.ts';
import type { Rng } from '../rng/rng.ts';
import { olsWithIntercept } from '../linalg/ols.ts';
import { linearAssignment } from '../metrics/assignment.ts';
import { affineKernelRidge, kernelCrossFit } from '../metrics/kernelRidge.ts';
import type { ClassFit, EquivalenceClass, LatentMap } from './types.ts';
import { defineClass } from './define.ts';
import { unexplainedVariance } from './distance.ts';
import { fmt } from './maps.ts';
import { randomOffset, randomOrthogonal, randomPositiveScale } from './random.ts';
import { EXACT_THRESHOLD } from './threshold.ts';
import { assertClassSamples } from './samples.ts';
import { matmul, transpose } from '../core/matrix.ts';

export const BLOCK_ID = 'block';

/**
 * Acceptance threshold of the kernel block class: 0.01 unexplained variance. Members (smooth invertible block maps,
 * n = 1000, 2–4 blocks of size ≤ 3, normal or Laplace latents) leave ≤ 2.5e-3 out of sample (largest of 40 draws,
 * the kernel ridge's estimation error at that n); the default near-miss (size 0.3: every block contaminated by another
 * with ≈ 8% of its variance) leaves ≥ 0.029 (smallest of 40). 0.01 sits 4× above the one and 3× below the other.
 * Trained theorems state their own, looser thresholds.
 */
export const KERNEL_BLOCK_THRESHOLD = 0.01;

/** Options of `blockClass`: the true block sizes, the within-block regressor (affine or kernel ridge) and the acceptance threshold. */
export interface BlockClassOptions {
  /** Sizes of the true latent blocks (positive integers, Σ = dim); recovered latents use the same sizes. */
  blocks: number[];
  /** Within-block map: affine (OLS) or kernel ridge (RBF, median-heuristic bandwidth); default 'kernel'. */
  regressor?: 'linear' | 'kernel';
  /** Acceptance threshold on distance (default: EXACT_THRESHOLD for 'linear', KERNEL_BLOCK_THRESHOLD for 'kernel'). */
  threshold?: number;
}

/** Validate block sizes: a non-empty list of positive integers. Returns the start offsets. */
export function assertBlocks(field: string, blocks: unknown): number[] {
  if (!Array.isArray(blocks) || blocks.length === 0) throw new InputError(field, blocks, 'a non-empty list of positive integer block sizes');
  const starts: number[] = [];
  let s = 0;
  blocks.forEach((b, i) => {
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 1) throw new InputError(`${field}[${i}]`, b, 'a positive integer block size');
    starts.push(s);
    s += b;
  });
  return starts;
}

/** Columns [start, start + size) of every row. */
function cols(a: Mat, start: number, size: number): Mat {
  return a.map((row) => row.slice(start, start + size));
}

/** Residual and total sums of squares of the regression of ẑ_{B_j} on z_{B_i}, for every pair (i, j). */
interface PairFits {
  ssRes: number[][];
  ssTot: number[];
  r2: number[][];
}

function pairFits(z: Mat, zhat: Mat, blocks: number[], regressor: 'linear' | 'kernel'): PairFits {
  const starts = assertBlocks('blocks', blocks);
  const k = blocks.length;
  const ssRes: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const ssTot = new Array<number>(k).fill(0);
  // One regression per true block i with all learned coordinates as outputs (the kernel depends on the input only).
  for (let i = 0; i < k; i++) {
    const x = cols(z, starts[i], blocks[i]);
    const fit = regressor === 'kernel' ? kernelCrossFit(x, zhat) : olsWithIntercept(x, zhat);
    for (let j = 0; j < k; j++)
      for (let c = starts[j]; c < starts[j] + blocks[j]; c++) {
        ssRes[i][j] += fit.ssRes[c];
        if (i === 0) ssTot[j] += fit.ssTot[c];
      }
  }
  const r2 = ssRes.map((row) => row.map((res, j) => (ssTot[j] > 0 ? 1 - res / ssTot[j] : 1)));
  return { ssRes, ssTot, r2 };
}

/**
 * The block R² matrix R[i][j] = R²(ẑ_{B_j} ← z_{B_i}) (true block i × learned block j; see module doc), the same block
 * sizes on both sides. Throws `InputError` on bad blocks or samples.
 */
export function blockR2Matrix(z: Mat, zhat: Mat, blocks: number[], opts: { regressor?: 'linear' | 'kernel' } = {}): number[][] {
  const [a, b] = assertBlockSamples(z, zhat, blocks);
  return pairFits(a, b, blocks, assertRegressor(opts.regressor)).r2;
}

/** Everything the block fit finds: the R² matrix, the assignment and the distance. */
export interface BlockFitDetail {
  /** R[i][j] = R²(ẑ_{B_j} ← z_{B_i}). */
  r2: number[][];
  /** assignment[j] = true block assigned to learned block j. */
  assignment: number[];
  /** Unexplained-variance distance of the assigned block-wise map. */
  distance: number;
  onBlockR2Min: number;
  onBlockR2Mean: number;
  offBlockR2Max: number;
}

/** The block fit in full (see module doc). */
export function blockFitDetail(z: Mat, zhat: Mat, blocks: number[], regressor: 'linear' | 'kernel' = 'kernel'): BlockFitDetail {
  const [a, b] = assertBlockSamples(z, zhat, blocks);
  const { ssRes, ssTot, r2 } = pairFits(a, b, blocks, assertRegressor(regressor));
  const k = blocks.length;
  // cost[j][i]: explained variance of learned block j by true block i; forbidden across sizes.
  const forbid = -1e3 * (1 + ssTot.reduce((s, v) => s + v, 0));
  const cost = Array.from({ length: k }, (_, j) => Array.from({ length: k }, (_, i) => (blocks[i] === blocks[j] ? ssTot[j] - ssRes[i][j] : forbid)));
  const assignment = linearAssignment(cost, { maximize: true }).assignment;
  const totRes = assignment.reduce((s, i, j) => s + ssRes[i][j], 0);
  const tot = ssTot.reduce((s, v) => s + v, 0);
  const distance = tot > 0 ? Math.min(1, Math.max(0, totRes / tot)) : 0;
  const on = assignment.map((i, j) => r2[i][j]);
  let off = -Infinity;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (assignment[j] !== i) off = Math.max(off, r2[i][j]);
  return {
    r2,
    assignment,
    distance,
    onBlockR2Min: Math.min(...on),
    onBlockR2Mean: on.reduce((s, v) => s + v, 0) / k,
    offBlockR2Max: Number.isFinite(off) ? off : 0,
  };
}

function assertRegressor(r: unknown): 'linear' | 'kernel' {
  if (r === undefined) return 'kernel';
  if (r !== 'linear' && r !== 'kernel') throw new InputError('regressor', r, "'linear' or 'kernel'");
  return r;
}

function assertBlockSamples(z: Mat, zhat: Mat, blocks: number[]): [Mat, Mat] {
  assertBlocks('blocks', blocks);
  return assertClassSamples(z, zhat, blocks.reduce((s, v) => s + v, 0));
}

/** Block-wise map: learned block j = h_j(true block assignment[j]). */
function blockwiseMap(blocks: number[], starts: number[], assignment: number[], parts: ((u: Mat) => Mat)[], describe: string, affine?: { a: Mat; b: Vec }): LatentMap {
  const dim = blocks.reduce((s, v) => s + v, 0);
  const apply = (z: Mat): Mat => {
    const out: Mat = z.map(() => new Array<number>(dim).fill(0));
    assignment.forEach((i, j) => {
      const y = parts[j](cols(z, starts[i], blocks[i]));
      y.forEach((row, t) => row.forEach((v, c) => (out[t][starts[j] + c] = v)));
    });
    return out;
  };
  return affine ? { apply, affine, describe } : { apply, describe };
}

/** A well-conditioned m × m matrix U diag(σ) Vᵀ, σ ∈ [0.5, 2]. */
function wellConditioned(rng: Rng, m: number): Mat {
  const u = randomOrthogonal(rng, m);
  const v = randomOrthogonal(rng, m);
  const sigma = Array.from({ length: m }, () => randomPositiveScale(rng));
  return matmul(u.map((row) => row.map((x, c) => x * sigma[c])), transpose(v));
}

/** A random permutation of block indices that maps each block to one of the same size. */
function sizePreservingPermutation(rng: Rng, blocks: number[]): number[] {
  const assignment = new Array<number>(blocks.length).fill(-1);
  const bySize = new Map<number, number[]>();
  blocks.forEach((s, i) => bySize.set(s, [...(bySize.get(s) ?? []), i]));
  for (const idx of bySize.values()) {
    const p = rng.permutation(idx.length);
    idx.forEach((j, r) => (assignment[j] = idx[p[r]]));
  }
  return assignment;
}

/** The strictly increasing warp w(v) = v + 0.6·tanh(1.5 v) (w' ≥ 1, so invertible; clearly non-affine on unit scales). */
export function monotoneWarp(v: number): number {
  return v + 0.6 * Math.tanh(1.5 * v);
}

/** The block identifiability class on R^dim, dim = Σ blocks (see module doc). */
export function blockClass(opts: BlockClassOptions): EquivalenceClass {
  if (opts === null || typeof opts !== 'object') throw new InputError('opts', opts, '{ blocks, regressor?, threshold? }');
  const blocks = opts.blocks;
  const starts = assertBlocks('blocks', blocks);
  const regressor = assertRegressor(opts.regressor);
  const dim = blocks.reduce((s, v) => s + v, 0);
  const threshold =
    opts.threshold === undefined ? (regressor === 'linear' ? EXACT_THRESHOLD : KERNEL_BLOCK_THRESHOLD) : assertNumber('threshold', opts.threshold, { min: 0 });
  const k = blocks.length;

  const sampleMember = (rng: Rng): LatentMap => {
    const assignment = sizePreservingPermutation(rng, blocks);
    if (regressor === 'linear') {
      const a: Mat = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
      const b = randomOffset(rng, dim);
      assignment.forEach((i, j) => {
        const m = wellConditioned(rng.child('block', j), blocks[j]);
        for (let r = 0; r < blocks[j]; r++) for (let c = 0; c < blocks[i]; c++) a[starts[j] + r][starts[i] + c] = m[r][c];
      });
      const apply = (z: Mat): Mat => z.map((row) => a.map((ar, r) => ar.reduce((s, x, c) => s + x * row[c], b[r])));
      return { apply, affine: { a, b }, describe: `block-diagonal affine on block permutation [${assignment.join(', ')}]` };
    }
    const parts = assignment.map((_, j) => {
      const r = rng.child('block', j);
      const a1 = wellConditioned(r, blocks[j]);
      const a2 = wellConditioned(r, blocks[j]);
      const off = randomOffset(r, blocks[j]);
      return (u: Mat): Mat =>
        u.map((row) => {
          const h = a1.map((ar) => monotoneWarp(ar.reduce((s, x, c) => s + x * row[c], 0)));
          return a2.map((ar, q) => ar.reduce((s, x, c) => s + x * h[c], off[q]));
        });
    });
    return blockwiseMap(blocks, starts, assignment, parts, `block-wise A₂·w(A₁·) on block permutation [${assignment.join(', ')}]`);
  };

  return defineClass({
    id: BLOCK_ID,
    name: `block (${regressor}, sizes [${blocks.join(', ')}])`,
    dim,
    threshold,
    fit(z, zhat): ClassFit {
      const d = blockFitDetail(z, zhat, blocks, regressor);
      const parts = d.assignment.map((i, j) => {
        const x = cols(z, starts[i], blocks[i]);
        const y = cols(zhat, starts[j], blocks[j]);
        if (regressor === 'linear') {
          const f = olsWithIntercept(x, y);
          return { f: (u: Mat) => f.predict(u), coef: f.coef, intercept: f.intercept };
        }
        let cached: ((u: Mat) => Mat) | null = null;
        return {
          f: (u: Mat) => {
            if (!cached) cached = affineKernelRidge(x, y); // the cross-fit's regressor, on all samples
            return cached(u);
          },
        };
      });
      let affine: { a: Mat; b: Vec } | undefined;
      if (regressor === 'linear') {
        const a: Mat = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
        const b = new Array<number>(dim).fill(0);
        d.assignment.forEach((i, j) => {
          const p = parts[j] as { coef: Mat; intercept: Vec };
          for (let r = 0; r < blocks[j]; r++) {
            b[starts[j] + r] = p.intercept[r];
            for (let c = 0; c < blocks[i]; c++) a[starts[j] + r][starts[i] + c] = p.coef[c][r];
          }
        });
        affine = { a, b };
      }
      const map = blockwiseMap(
        blocks,
        starts,
        d.assignment,
        parts.map((p) => p.f),
        `block-wise ${regressor} on block assignment [${d.assignment.join(', ')}] (on-block R² ≥ ${fmt(d.onBlockR2Min)})`,
        affine,
      );
      const distance = regressor === 'linear' ? unexplainedVariance(zhat, map.apply(z)) : d.distance;
      return {
        classId: BLOCK_ID,
        distance,
        map,
        stats: { onBlockR2Min: d.onBlockR2Min, onBlockR2Mean: d.onBlockR2Mean, offBlockR2Max: d.offBlockR2Max },
      };
    },
    sampleMember,
    sampleNonMember(rng, size) {
      if (k < 2) return null;
      const member = sampleMember(rng.child('member'));
      // Scale of each learned block on a probe of standard normal latents, so that every contamination carries
      // ≈ size² of its target block's variance whatever the member's scales.
      const probe = member.apply(rng.child('probe').normalMatrix(256, dim));
      const sd = blocks.map((b, j) => {
        let v = 0;
        for (let c = starts[j]; c < starts[j] + b; c++) {
          const m = probe.reduce((s2, row) => s2 + row[c], 0) / probe.length;
          v += probe.reduce((s2, row) => s2 + (row[c] - m) ** 2, 0) / probe.length / b;
        }
        return Math.sqrt(v);
      });
      const shift = 1 + rng.int(k - 1); // block j is contaminated by block (j + shift) mod K
      const mix = blocks.map((b, j) => {
        const src = (j + shift) % k;
        const o = randomOrthogonal(rng, Math.max(b, blocks[src]));
        return Array.from({ length: b }, (_, r) => Array.from({ length: blocks[src] }, (_, c) => (size * o[r][c] * sd[j]) / sd[src]));
      });
      return {
        apply: (z: Mat) =>
          member.apply(z).map((row) => {
            const out = row.slice();
            mix.forEach((m, j) => {
              const src = (j + shift) % k;
              for (let r = 0; r < blocks[j]; r++)
                for (let c = 0; c < blocks[src]; c++) out[starts[j] + r] += m[r][c] * row[starts[src] + c];
            });
            return out;
          }),
        describe: `${member.describe}, then every block j += ${fmt(size)}·(sd_j/sd_src)·M_j·block (j + ${shift}) mod ${k}`,
      };
    },
  });
}
