/**
 * k-nearest-neighbour estimators of mutual information and conditional mutual information (nats), in the
 * maximum norm, by brute force.
 *
 * MI, Kraskov, Stögbauer & Grassberger (2004), "Estimating mutual information", Phys. Rev. E 69, 066138,
 * algorithm 1 (eq. 8):
 *
 *   Î(X; Y) = ψ(k) + ψ(N) − ⟨ψ(n_x + 1) + ψ(n_y + 1)⟩,
 *
 * εᵢ the distance from sample i to its k-th neighbour in the joint space (max norm over all coordinates),
 * n_x(i) the number of samples j ≠ i with ‖xⱼ − xᵢ‖_∞ < εᵢ (strictly), n_y likewise.
 *
 * CMI, Frenzel & Pompe (2007), "Partial mutual information for coupling analysis of multivariate time series",
 * Phys. Rev. Lett. 99, 204101 (eq. 3), with continuous conditioning variable Z:
 *
 *   Î(X; Y | Z) = ψ(k) − ⟨ψ(n_xz + 1) + ψ(n_yz + 1) − ψ(n_z + 1)⟩,
 *
 * εᵢ the k-th neighbour distance in the joint (x, y, z) space, n_xz, n_yz, n_z the counts strictly within εᵢ in
 * the subspaces (x, z), (y, z), z. With a discrete conditioning label a (`knnCMIDiscrete`) the exact decomposition
 * I(X; Y | A) = Σ_a p(a) I(X; Y | A = a) is used, with the KSG estimate inside each group.
 *
 * Both are consistent but biased at finite N (downwards for strong dependence); k = 3 is the paper's diagnostic
 * setting (Funke et al. 2022) and Kraskov et al.'s recommendation (k = 2–4). Estimates can be slightly negative
 * at independence; they are returned as computed (clamping would bias the mean).
 *
 * Why brute force: the npm KD-trees (static-kdtree, kd-tree-javascript, kdt) are unmaintained since 2015–2017 and
 * have no max-norm radius counts; kdbush is 2-D only. The kernel here is O(N² D) on Float64Arrays: one pass per
 * sample for the joint distances, a k-smallest selection, and one counting pass (measured in
 * `npm run bench -- estimators` against SciPy's cKDTree).
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix, assertPositiveInt, assertVector } from '../core/validate.ts';

/** Digamma ψ(x) for x > 0: recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series (measured error ≤ 1e-12). */
export function digamma(x: number): number {
  if (!(x > 0)) throw new InputError('x', x, 'a number > 0');
  let r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** Columns of several matrices as one flat row-major Float64Array, plus the column ranges of each. */
function pack(mats: Mat[]): { data: Float64Array; dim: number; ranges: [number, number][] } {
  const n = mats[0].length;
  const dims = mats.map((m) => m[0].length);
  const dim = dims.reduce((a, b) => a + b, 0);
  const data = new Float64Array(n * dim);
  const ranges: [number, number][] = [];
  let off = 0;
  for (let m = 0; m < mats.length; m++) {
    ranges.push([off, off + dims[m]]);
    for (let i = 0; i < n; i++) for (let j = 0; j < dims[m]; j++) data[i * dim + off + j] = mats[m][i][j];
    off += dims[m];
  }
  return { data, dim, ranges };
}

/** Max-norm distance between rows i and j over the columns [lo, hi). */
function blockDist(data: Float64Array, dim: number, i: number, j: number, lo: number, hi: number): number {
  let d = 0;
  const a = i * dim;
  const b = j * dim;
  for (let c = lo; c < hi; c++) {
    const v = Math.abs(data[a + c] - data[b + c]);
    if (v > d) d = v;
  }
  return d;
}

/**
 * One pass over the rows `idx` for sample i: the max-norm distance in each block (column range) to every other
 * row, written into `out[block][t]` (t = position in idx; Infinity for i itself). Shared by the k-th-neighbour
 * search and the counts, so every distance is computed once.
 */
function blockDistances(data: Float64Array, dim: number, i: number, idx: ArrayLike<number>, ranges: [number, number][], out: Float64Array[]): void {
  for (let t = 0; t < idx.length; t++) {
    const j = idx[t];
    for (let r = 0; r < ranges.length; r++) out[r][t] = j === i ? Infinity : blockDist(data, dim, i, j, ranges[r][0], ranges[r][1]);
  }
}

/** k-th smallest of max over the selected blocks, by insertion into a sorted buffer of k. */
function kthOfMax(out: Float64Array[], blocks: number[], len: number, k: number): number {
  const best = new Float64Array(k).fill(Infinity);
  for (let t = 0; t < len; t++) {
    let d = 0;
    for (const b of blocks) if (out[b][t] > d) d = out[b][t];
    if (d < best[k - 1]) {
      let p = k - 1;
      while (p > 0 && best[p - 1] > d) {
        best[p] = best[p - 1];
        p--;
      }
      best[p] = d;
    }
  }
  return best[k - 1];
}

/** Number of rows whose max over the selected blocks is strictly below eps (i itself is Infinity). */
function countBelow(out: Float64Array[], blocks: number[], len: number, eps: number): number {
  let c = 0;
  for (let t = 0; t < len; t++) {
    let d = 0;
    for (const b of blocks) if (out[b][t] > d) d = out[b][t];
    if (d < eps) c++;
  }
  return c;
}

function checkInputs(fields: string[], mats: unknown[], k: unknown): { mats: Mat[]; k: number } {
  const out = mats.map((m, i) => assertMatrix(fields[i], m));
  const n = out[0].length;
  out.forEach((m, i) => {
    if (m.length !== n) throw new InputError(`${fields[i]}.rows`, m.length, `${n} rows, as many samples as ${fields[0]}`);
  });
  const kk = assertPositiveInt('k', k);
  if (n <= kk) throw new InputError(`${fields[0]}.rows`, n, `more samples than k = ${kk} neighbours (at least ${kk + 1})`);
  return { mats: out, k: kk };
}

function ksgOnRows(data: Float64Array, dim: number, ranges: [number, number][], idx: ArrayLike<number>, k: number): number {
  const out = [new Float64Array(idx.length), new Float64Array(idx.length)];
  let acc = 0;
  for (let t = 0; t < idx.length; t++) {
    blockDistances(data, dim, idx[t], idx, ranges, out);
    const eps = kthOfMax(out, [0, 1], idx.length, k);
    acc += digamma(countBelow(out, [0], idx.length, eps) + 1) + digamma(countBelow(out, [1], idx.length, eps) + 1);
  }
  return digamma(k) + digamma(idx.length) - acc / idx.length;
}

/** KSG estimate of I(X; Y) (module doc). `x`: n × d_x, `y`: n × d_y, k ≥ 1 neighbours (default 3). */
export function knnMI(x: Mat, y: Mat, k = 3): number {
  const { mats, k: kk } = checkInputs(['x', 'y'], [x, y], k);
  const { data, dim, ranges } = pack(mats);
  const idx = Int32Array.from({ length: mats[0].length }, (_, i) => i);
  return ksgOnRows(data, dim, ranges, idx, kk);
}

/** Frenzel–Pompe estimate of I(X; Y | Z) for continuous Z (module doc). `z`: n × d_z. */
export function knnCMI(x: Mat, y: Mat, z: Mat, k = 3): number {
  const { mats, k: kk } = checkInputs(['x', 'y', 'z'], [x, y, z], k);
  const { data, dim, ranges } = pack(mats);
  const n = mats[0].length;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const out = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  let acc = 0;
  for (let i = 0; i < n; i++) {
    blockDistances(data, dim, i, idx, ranges, out);
    const eps = kthOfMax(out, [0, 1, 2], n, kk);
    acc += digamma(countBelow(out, [0, 2], n, eps) + 1) + digamma(countBelow(out, [1, 2], n, eps) + 1) - digamma(countBelow(out, [2], n, eps) + 1);
  }
  return digamma(kk) - acc / n;
}

/**
 * I(X; Y | A) for a discrete label A: Σ_a (n_a/n) · KSG(X; Y within A = a) (module doc). Every group needs more
 * than k samples: `InputError('a', label, …)` names the first group that has too few.
 */
export function knnCMIDiscrete(x: Mat, y: Mat, a: number[], k = 3): number {
  const { mats, k: kk } = checkInputs(['x', 'y'], [x, y], k);
  const labels = assertVector('a', a, mats[0].length);
  const groups = new Map<number, number[]>();
  labels.forEach((g, i) => {
    const key = g === 0 ? 0 : g;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  for (const [g, idx] of groups)
    if (idx.length <= kk) throw new InputError('a', g, `every group to have more than k = ${kk} samples, but group a = ${g} has ${idx.length}`);
  const { data, dim, ranges } = pack(mats);
  let total = 0;
  for (const idx of groups.values()) total += (idx.length / labels.length) * ksgOnRows(data, dim, ranges, Int32Array.from(idx), kk);
  return total;
}
