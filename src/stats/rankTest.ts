/**
 * The Mann–Whitney U test (Wilcoxon rank-sum test; Mann & Whitney 1947) of two independent samples,
 * following SciPy's `mannwhitneyu` (use_continuity=True).
 *
 * Rank the pooled sample (ties get their mid-rank), R₁ the rank sum of x:
 *   U₁ = R₁ − n₁(n₁ + 1)/2   (pairs with x > y, ties counting ½),   U₂ = n₁n₂ − U₁.
 * Alternatives: `greater` (x stochastically larger than y): p = P(U ≥ U₁); `less`: p = P(U ≥ U₂)
 * (= P(U ≤ U₁) by symmetry); `two-sided`: 2·P(U ≥ max(U₁, U₂)), capped at 1.
 *
 * - Exact: without ties, the null law of U is that of the number of inversions of a random arrangement of
 *   n₁ x's among n₂ y's, whose generating function is the Gaussian binomial coefficient
 *   [n₁+n₂ choose n₁]_q = Π_{i=1..n₁} (1 − q^{n₂+i}) / (1 − q^i)   (Mann & Whitney 1947; Andrews, *The Theory of Partitions*, §3.3).
 * - Asymptotic: z = (U − n₁n₂/2 − ½) / σ with the tie-corrected variance
 *   σ² = n₁n₂/12 · ((n + 1) − Σ(t³ − t) / (n(n − 1))),  n = n₁ + n₂, t the sizes of the tie groups;
 *   p = 1 − Φ(z) (times 2 for two-sided).
 * `auto` uses the exact law when there are no ties and both samples have at most 20 values.
 */
import jstat from 'jstat';
import { InputError } from '../core/errors.ts';
import { validateAlternative } from './fisher.ts';
import type { Alternative } from './fisher.ts';

// jstat is CommonJS: under Node's ESM loader only its default export exists.
const { jStat } = jstat;

export type RankTestMethod = 'auto' | 'exact' | 'asymptotic';

/**
 * Options of `mannWhitneyU`: the alternative (default 'two-sided') and the method (default 'auto': the exact
 * law without ties when both samples have at most 20 values, else the normal approximation).
 */
export interface MannWhitneyOptions {
  alternative?: Alternative;
  method?: RankTestMethod;
  /** Continuity correction of the normal approximation (default true, as SciPy). */
  continuity?: boolean;
}

/** Result of `mannWhitneyU`: U₁, the p-value, the method that computed it, and the sample sizes and ties it depended on. */
export interface MannWhitneyResult {
  /** U₁: pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties counting ½ (SciPy's statistic). */
  u: number;
  pValue: number;
  alternative: Alternative;
  method: 'exact' | 'asymptotic';
  /** The normal deviate of the asymptotic method (null for exact). */
  z: number | null;
  n1: number;
  n2: number;
  /** Whether the pooled sample has tied values. */
  ties: boolean;
}

/** Largest sample size for which `auto` uses the exact law (no ties). */
export const EXACT_MAX_SIZE = 20;

/** Mid-ranks (1-based) of `values` and the sizes of the tie groups (groups of size ≥ 2 only). */
export function midRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const mid = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = mid;
    if (end - start > 1) tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/**
 * Null counts of U for samples of sizes m and n without ties: entry u is the number of arrangements with U = u
 * (the coefficients of the Gaussian binomial coefficient [m+n choose m]_q; they sum to C(m+n, m)).
 */
export function mannWhitneyCounts(m: number, n: number): number[] {
  const size = m * n + 1;
  // Room for the intermediate degree before each division.
  const p = new Array<number>(size + m + n + 1).fill(0);
  p[0] = 1;
  let degree = 0;
  for (let i = 1; i <= m; i++) {
    // Multiply by (1 − q^{n+i}).
    const s = n + i;
    for (let k = degree + s; k >= s; k--) p[k] -= p[k - s];
    degree += s;
    // Divide by (1 − q^i): r[k] = p[k] + r[k − i] (exact: the quotient is a polynomial).
    for (let k = i; k <= degree; k++) p[k] += p[k - i];
    degree -= i;
  }
  return p.slice(0, size).map((v) => Math.round(v));
}

/** C(a, b) as a double (exact below 2⁵³). */
function choose(a: number, b: number): number {
  let r = 1;
  for (let k = 1; k <= b; k++) r = (r * (a - b + k)) / k;
  return r;
}

function validateSample(field: string, v: unknown): number[] {
  if (!Array.isArray(v) || v.length === 0) throw new InputError(field, v, 'a non-empty array of finite numbers');
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new InputError(`${field}[${i}]`, x, 'a finite number');
  });
  return v as number[];
}

/** Standard normal upper tail 1 − Φ(z). */
function normalSf(z: number): number {
  return jStat.normal.cdf(-z, 0, 1);
}

/** Mann–Whitney U test of x against y (see the module comment). */
export function mannWhitneyU(x: readonly number[], y: readonly number[], opts: MannWhitneyOptions = {}): MannWhitneyResult {
  validateSample('x', x);
  validateSample('y', y);
  const alternative = validateAlternative(opts.alternative ?? 'two-sided', 'alternative');
  const requested = opts.method ?? 'auto';
  if (!['auto', 'exact', 'asymptotic'].includes(requested)) throw new InputError('method', requested, "'auto', 'exact' or 'asymptotic'");
  const n1 = x.length;
  const n2 = y.length;
  const { ranks, tieSizes } = midRanks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const ties = tieSizes.length > 0;
  const [u, factor] = alternative === 'greater' ? [u1, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u1, u2), 2];

  let method: 'exact' | 'asymptotic';
  if (requested === 'exact') {
    if (ties) throw new InputError('method', requested, "'asymptotic' or 'auto': the exact law of U assumes no tied values");
    if (choose(n1 + n2, n1) > Number.MAX_SAFE_INTEGER)
      throw new InputError('method', requested, `'asymptotic' or 'auto' for samples this large (${n1} and ${n2} values)`);
    method = 'exact';
  } else if (requested === 'asymptotic') method = 'asymptotic';
  else method = !ties && n1 <= EXACT_MAX_SIZE && n2 <= EXACT_MAX_SIZE ? 'exact' : 'asymptotic';

  let p: number;
  let z: number | null = null;
  if (method === 'exact') {
    const counts = mannWhitneyCounts(n1, n2);
    let tail = 0;
    for (let k = Math.ceil(u); k < counts.length; k++) tail += counts[k];
    p = tail / choose(n1 + n2, n1);
  } else {
    const n = n1 + n2;
    const tieTerm = tieSizes.reduce((s, t) => s + t * t * t - t, 0);
    const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
    // Every value tied: U carries no information.
    if (!(variance > 0)) p = 1;
    else {
      z = (u - (n1 * n2) / 2 - (opts.continuity === false ? 0 : 0.5)) / Math.sqrt(variance);
      p = normalSf(z);
    }
  }
  return { u: u1, pValue: Math.min(1, Math.max(0, p * factor)), alternative, method, z, n1, n2, ties };
}
