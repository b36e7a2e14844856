/**
 * Fisher's exact test on a 2×2 table (Fisher 1935, §2.5 "the lady tasting tea"; SciPy's `fisher_exact`).
 *
 * For the table [[a, b], [c, d]] with all margins fixed, under independence the top-left count is
 * hypergeometric: with N = a+b+c+d, K = a+b (first row), n = a+c (first column),
 *   P(X = x) = C(K, x) · C(N − K, n − x) / C(N, n),   x ∈ [max(0, n − (N − K)), min(K, n)].
 * Alternatives (SciPy's convention, in terms of the odds ratio (a·d)/(b·c)):
 *   less:      P(X ≤ a)   (odds ratio < 1);
 *   greater:   P(X ≥ a)   (odds ratio > 1);
 *   two-sided: Σ P(X = x) over every x with P(X = x) ≤ P(X = a)·(1 + 1e-7)
 * (the relative tolerance keeps tables whose probabilities are equal in exact arithmetic but differ in the
 * last bits from being dropped; R's `fisher.test` uses the same 1 + 1e-7). A table with an empty row or
 * column carries no information: p = 1, odds ratio NaN (as SciPy).
 *
 * Probabilities are computed in log space (log-factorials) so tables of thousands of trials do not overflow.
 */
import { InputError } from '../core/errors.ts';

/**
 * Alternative hypothesis of a test, in SciPy's convention: 'less' / 'greater' are one-sided, on the odds ratio
 * (`fisherExact`, module doc) or on x stochastically smaller / larger than y (`mannWhitneyU`).
 */
export type Alternative = 'two-sided' | 'less' | 'greater';

export const ALTERNATIVES: readonly Alternative[] = ['two-sided', 'less', 'greater'];

/** A 2×2 contingency table [[a, b], [c, d]] of non-negative integer counts. */
export type Table2x2 = [[number, number], [number, number]];

/** Result of `fisherExact`: the sample odds ratio and the exact p-value under the chosen alternative. */
export interface FisherResult {
  /** Sample odds ratio (a·d)/(b·c): Infinity when b·c = 0 < a·d, NaN for an empty row or column (or 0/0). */
  oddsRatio: number;
  pValue: number;
  alternative: Alternative;
}

/** Relative tolerance of the two-sided test's "as or less probable than the observed table". */
const TWO_SIDED_TOLERANCE = 1 + 1e-7;

/** Largest total count accepted (the log-factorial table grows to it). */
const MAX_TOTAL = 10_000_000;

const logFactorials: number[] = [0];

/** log(k!) from a cumulative table of log sums (exact to rounding for the counts we see). */
function logFactorial(k: number): number {
  for (let i = logFactorials.length; i <= k; i++) logFactorials.push(logFactorials[i - 1] + Math.log(i));
  return logFactorials[k];
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

export function validateAlternative(value: unknown, field = 'alternative'): Alternative {
  if (typeof value !== 'string' || !(ALTERNATIVES as readonly string[]).includes(value))
    throw new InputError(field, value, `one of: ${ALTERNATIVES.join(', ')}`);
  return value as Alternative;
}

function validateTable(table: unknown): Table2x2 {
  if (!Array.isArray(table) || table.length !== 2) throw new InputError('table', table, 'a 2×2 table [[a, b], [c, d]]');
  for (let i = 0; i < 2; i++) {
    const row = table[i];
    if (!Array.isArray(row) || row.length !== 2) throw new InputError(`table[${i}]`, row, 'a row of two counts');
    for (let j = 0; j < 2; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InputError(`table[${i}][${j}]`, v, 'a non-negative integer count');
    }
  }
  const t = table as Table2x2;
  const total = t[0][0] + t[0][1] + t[1][0] + t[1][1];
  if (total > MAX_TOTAL) throw new InputError('table', total, `a total count of at most ${MAX_TOTAL}`);
  return t;
}

/** Fisher's exact test of independence on a 2×2 table (see the module comment for the alternatives). */
export function fisherExact(table: Table2x2, alternative: Alternative = 'two-sided'): FisherResult {
  const [[a, b], [c, d]] = validateTable(table);
  validateAlternative(alternative);
  const oddsRatio = b * c > 0 ? (a * d) / (b * c) : a * d > 0 ? Infinity : NaN;
  const K = a + b;
  const n = a + c;
  const N = a + b + c + d;
  if (K === 0 || c + d === 0 || n === 0 || b + d === 0) return { oddsRatio: NaN, pValue: 1, alternative };

  const lo = Math.max(0, n - (N - K));
  const hi = Math.min(K, n);
  const logNorm = logChoose(N, n);
  const logPmf = (x: number) => logChoose(K, x) + logChoose(N - K, n - x) - logNorm;

  let from: number;
  let to: number;
  let keep: (lp: number) => boolean = () => true;
  if (alternative === 'less') [from, to] = [lo, a];
  else if (alternative === 'greater') [from, to] = [a, hi];
  else {
    [from, to] = [lo, hi];
    const cutoff = logPmf(a) + Math.log(TWO_SIDED_TOLERANCE);
    keep = (lp) => lp <= cutoff;
  }
  // Sum exp(log p) relative to the largest kept term, so no term underflows before the sum does.
  const kept: number[] = [];
  for (let x = from; x <= to; x++) {
    const lp = logPmf(x);
    if (keep(lp)) kept.push(lp);
  }
  let top = -Infinity;
  for (const lp of kept) top = Math.max(top, lp);
  let sum = 0;
  for (const lp of kept) sum += Math.exp(lp - top);
  const pValue = Math.min(1, Math.max(0, sum * Math.exp(top)));
  return { oddsRatio, pValue, alternative };
}
