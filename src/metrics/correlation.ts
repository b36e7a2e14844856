/**
 * Correlation matrices between true latents z (n × d_z) and recovered latents ẑ (n × d_ẑ).
 *
 * Pearson:   C[i][j] = Σ_t (z_ti − z̄_i)(ẑ_tj − ẑ̄_j) / √(Σ_t (z_ti − z̄_i)² · Σ_t (ẑ_tj − ẑ̄_j)²)
 * Spearman:  Pearson of the average ranks of each column (ties share the mean of their ranks),
 *            as `scipy.stats.spearmanr` / `scipy.stats.rankdata(method='average')`.
 *
 * Convention: a constant column (one whose centred values are at rounding level,
 * max_t |x_t − x̄| ≤ n·ε·max_t |x_t|, which includes every exactly constant column) has
 * correlation 0 with every other column, where NumPy/SciPy would return NaN. A collapsed
 * recovered dimension then counts as "recovers nothing" instead of poisoning the MCC.
 *
 * Reference: Spearman (1904), "The proof and measurement of association between two things";
 * Hyvärinen & Morioka (2016) for the use of (Pearson/Spearman) correlation in the MCC.
 */
import type { Mat } from '../core/matrix.ts';
import { assertSamplePair, assertVector } from '../core/validate.ts';

/**
 * Centre a column and scale it to unit Euclidean norm; a constant column (see module doc) becomes all zeros,
 * so its inner product with any other normalised column, i.e. its correlation, is 0.
 */
function normalisedColumns(a: Mat): number[][] {
  const n = a.length;
  const d = a[0].length;
  const out: number[][] = [];
  for (let j = 0; j < d; j++) {
    let sum = 0;
    let maxAbs = 0;
    for (let t = 0; t < n; t++) {
      const v = a[t][j];
      sum += v;
      const av = Math.abs(v);
      if (av > maxAbs) maxAbs = av;
    }
    const mean = sum / n;
    const col = new Array<number>(n);
    let maxDev = 0;
    for (let t = 0; t < n; t++) {
      const c = a[t][j] - mean;
      col[t] = c;
      const ac = Math.abs(c);
      if (ac > maxDev) maxDev = ac;
    }
    if (maxDev <= n * Number.EPSILON * maxAbs) {
      out.push(new Array<number>(n).fill(0));
      continue;
    }
    // Scale before squaring so that tiny or huge columns do not under/overflow.
    let ss = 0;
    for (let t = 0; t < n; t++) {
      col[t] /= maxDev;
      ss += col[t] * col[t];
    }
    const norm = Math.sqrt(ss);
    for (let t = 0; t < n; t++) col[t] /= norm;
    out.push(col);
  }
  return out;
}

/** Pearson correlation matrix of already validated samples (no checks). */
export function pearsonMatrixUnchecked(z: Mat, zhat: Mat): Mat {
  const a = normalisedColumns(z);
  const b = normalisedColumns(zhat);
  const n = z.length;
  return a.map((ai) =>
    b.map((bj) => {
      let s = 0;
      for (let t = 0; t < n; t++) s += ai[t] * bj[t];
      // Rounding can push |s| a hair above 1.
      return Math.max(-1, Math.min(1, s));
    }),
  );
}

/**
 * Pearson correlation matrix C (d_z × d_ẑ), C[i][j] = corr(z[:, i], ẑ[:, j]).
 * A constant column gives correlation 0 (see module doc).
 * Throws `InputError` on non-finite entries, different sample counts, or n < max(d_z, d_ẑ) + 2.
 */
export function pearsonMatrix(z: Mat, zhat: Mat): Mat {
  const [a, b] = assertSamplePair('z', z, 'zhat', zhat);
  return pearsonMatrixUnchecked(a, b);
}

/** Average ranks of validated values (no checks). */
export function averageRanksUnchecked(v: readonly number[]): number[] {
  const n = v.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => v[i] - v[j]);
  const ranks = new Array<number>(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && v[order[end]] === v[order[start]]) end++;
    // Positions start..end-1 (0-based) hold ranks start+1..end (1-based); their mean:
    const r = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = r;
    start = end;
  }
  return ranks;
}

/**
 * 1-based average ranks: rank_i = #{j : v_j < v_i} + (#{j : v_j = v_i} + 1) / 2.
 * Ties get the mean of the ranks they span, as `scipy.stats.rankdata(v, method='average')`.
 * Example: averageRanks([10, 20, 10, 30]) = [1.5, 3, 1.5, 4].
 * Throws `InputError` naming `v[i]` for a non-finite entry.
 */
export function averageRanks(v: number[]): number[] {
  assertVector('v', v);
  return averageRanksUnchecked(v);
}

/** Replace every column of `a` by its average ranks. */
function rankColumns(a: Mat): Mat {
  const n = a.length;
  const d = a[0].length;
  const out: Mat = Array.from({ length: n }, () => new Array<number>(d));
  for (let j = 0; j < d; j++) {
    const r = averageRanksUnchecked(a.map((row) => row[j]));
    for (let t = 0; t < n; t++) out[t][j] = r[t];
  }
  return out;
}

/** Spearman correlation matrix of validated samples (no checks). */
export function spearmanMatrixUnchecked(z: Mat, zhat: Mat): Mat {
  return pearsonMatrixUnchecked(rankColumns(z), rankColumns(zhat));
}

/**
 * Spearman rank correlation matrix C (d_z × d_ẑ): Pearson correlation of the column-wise average ranks.
 * Invariant under strictly increasing element-wise maps of either argument (sign flips under decreasing ones).
 * A constant column gives correlation 0. Throws `InputError` as `pearsonMatrix`.
 */
export function spearmanMatrix(z: Mat, zhat: Mat): Mat {
  const [a, b] = assertSamplePair('z', z, 'zhat', zhat);
  return spearmanMatrixUnchecked(a, b);
}
