/**
 * Permutation + element-wise strictly monotone maps: h(z)_j = φ_j(z_π(j)) with each φ_j strictly monotone
 * (increasing or decreasing), the class nonlinear ICA identifies and Spearman MCC measures (theory.md §1).
 *
 * Exact fit (least squares over the closure, φ_j monotone non-strict): for each pair (ẑ_j, z_k) the best
 * monotone φ is the isotonic regression of ẑ_j on z_k, increasing or decreasing (PAVA, `monotoneFit`), leaving
 * SSE_jk; assigning z_k to ẑ_j explains SS_j − SSE_jk, and the best π maximises Σ_j (SS_j − SSE_jπ(j))
 * (Hungarian, `linearAssignment`). The fitted φ_j is the piecewise-linear interpolation of the isotonic fit
 * at the sorted sample values of z_π(j), constant beyond the sample range; on the fitted samples it equals
 * the isotonic fit, so `distance` is the unexplained variance of the least-squares solution. Cost O(d² n log n).
 * Permutation + scaling ⊂ this class (an affine φ is monotone).
 * stats: spearmanMcc (Spearman MCC with its own matching).
 *
 * Members: π uniform, φ_j(t) = σ_j (a_j t + b_j tanh(c_j t)) + o_j with σ_j = ±1, a_j ∈ [0.1, 0.5],
 * b_j ∈ [1, 2], c_j ∈ [1.5, 3], o_j ~ N(0, 1): strictly monotone (slope ≥ a_j > 0) and clearly non-affine (on
 * unit-scale z the tanh part is close to a step; a milder bend, b ∈ [0, 1.5], left 37 of 40 members within 0.1 of
 * permutation + scaling, too close to tell the classes apart with trained-encoder tolerances).
 * Near-miss: the member composed with a rotation by angle `size` in a random coordinate plane (mixes two
 * coordinates before the monotone maps); none for d = 1 (every strictly monotone map of R is a member): `null`.
 * Overfitting: the isotonic fit has as many free values as blocks, so on a non-member it explains a little more
 * than the true best monotone function would; on n ≥ 400 rows this is well below the near-miss distances
 * (tests/classes/permutation-elementwise.test.ts measures both).
 * Threshold: `EXACT_THRESHOLD` (1e-8, see threshold.ts): a member's isotonic fit reproduces ẑ exactly.
 */
import type { Mat } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';
import { linearAssignment, mcc } from '../metrics/index.ts';
import { monotoneFit } from '../linalg/isotonic.ts';
import type { EquivalenceClass, LatentMap } from './types.ts';
import { defineClass } from './define.ts';
import { classFit } from './distance.ts';
import { composeMaps, fmt, linearMap } from './maps.ts';
import { planeRotation } from './perturbations.ts';
import { randomPlane } from './random.ts';
import { EXACT_THRESHOLD } from './threshold.ts';
import { assertMatrix } from '../core/validate.ts';

export const PERMUTATION_ELEMENTWISE_ID = 'permutation-elementwise';

/** Piecewise-linear interpolation through (xs[i], ys[i]) (xs increasing), constant outside [xs[0], xs[n−1]]. */
export function interpolateMonotone(xs: readonly number[], ys: readonly number[], v: number): number {
  const n = xs.length;
  if (v <= xs[0]) return ys[0];
  if (v >= xs[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= v) lo = mid;
    else hi = mid;
  }
  if (xs[lo] === v) return ys[lo];
  const w = (v - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + w * (ys[hi] - ys[lo]);
}

/** The map ẑ_j = φ_j(z_π(j)), each φ_j given by knots (xs_j increasing, ys_j monotone). */
export function permutationMonotoneMap(perm: number[], knots: { xs: number[]; ys: number[]; increasing: boolean }[]): LatentMap {
  const d = perm.length;
  return {
    apply: (z: Mat) => assertMatrix('z', z, { cols: d }).map((row) => perm.map((k, j) => interpolateMonotone(knots[j].xs, knots[j].ys, row[k]))),
    describe: `permutation [${perm.join(', ')}] + monotone maps (${knots.map((k) => (k.increasing ? '↑' : '↓')).join(' ')})`,
  };
}

/** A random member: ẑ_j = σ_j (a_j t + b_j tanh(c_j t)) + o_j with t = z_π(j) (see module doc). */
export function randomMonotoneMap(rng: Rng, d: number): LatentMap {
  const perm = rng.permutation(d);
  const p = perm.map(() => ({ s: rng.sign(), a: rng.range(0.1, 0.5), b: rng.range(1, 2), c: rng.range(1.5, 3), o: rng.normal() }));
  return {
    apply: (z: Mat) => assertMatrix('z', z, { cols: d }).map((r) => perm.map((k, j) => p[j].s * (p[j].a * r[k] + p[j].b * Math.tanh(p[j].c * r[k])) + p[j].o)),
    describe: `permutation [${perm.join(', ')}] + monotone maps σ(a t + b tanh(c t)) + o, a = [${p.map((q) => fmt(q.a)).join(', ')}]`,
  };
}

/** The permutation + element-wise strictly monotone class on R^dim (module doc: exact isotonic + Hungarian fit, members, near-misses). */
export function permutationElementwiseClass(dim: number): EquivalenceClass {
  return defineClass({
    id: PERMUTATION_ELEMENTWISE_ID,
    name: 'permutation + element-wise monotone',
    dim,
    threshold: EXACT_THRESHOLD,
    fit(z, zhat) {
      const n = z.length;
      const orders = Array.from({ length: dim }, (_, k) => Array.from({ length: n }, (_, t) => t).sort((a, b) => z[a][k] - z[b][k]));
      const cols = Array.from({ length: dim }, (_, j) => zhat.map((r) => r[j]));
      const fits = cols.map((y) => orders.map((order) => monotoneFit(y, order)));
      const explained = fits.map((row) => row.map((f) => -f.sse));
      const perm = linearAssignment(explained, { maximize: true }).assignment;
      const knots = perm.map((k, j) => ({ xs: orders[k].map((t) => z[t][k]), ys: fits[j][k].fitted, increasing: fits[j][k].increasing }));
      return classFit(PERMUTATION_ELEMENTWISE_ID, z, zhat, permutationMonotoneMap(perm, knots), { spearmanMcc: mcc(z, zhat, { method: 'spearman' }).value });
    },
    sampleMember: (rng) => randomMonotoneMap(rng, dim),
    sampleNonMember(rng, size) {
      if (dim < 2) return null;
      const member = randomMonotoneMap(rng, dim);
      const [i, k] = randomPlane(rng, dim);
      return composeMaps(member, linearMap(planeRotation(dim, i, k, size), `rotation ${fmt(size)} in plane (${i}, ${k})`));
    },
  });
}
