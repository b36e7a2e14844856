/**
 * Binomial statements about success counts over independent trials (seeds × worlds):
 * exact tails and Clopper–Pearson intervals (via the beta quantile, jstat).
 *
 * Clopper–Pearson (1934): for k successes in n trials, the two-sided 1−α interval is
 *   [B(α/2; k, n−k+1), B(1−α/2; k+1, n−k)], B the beta quantile (0 when k = 0, 1 when k = n).
 * The one-sided lower bound at level 1−α is B(α; k, n−k+1).
 */
import jstat from 'jstat';
import { InputError } from '../core/errors.ts';

// jstat is CommonJS: under Node's ESM loader only its default export exists.
const { jStat } = jstat;

function check(k: number, n: number, alpha?: number): void {
  if (!Number.isInteger(n) || n < 1) throw new InputError('n', n, 'a positive integer number of trials');
  if (!Number.isInteger(k) || k < 0 || k > n) throw new InputError('k', k, `an integer number of successes in [0, ${n}]`);
  if (alpha !== undefined && !(alpha > 0 && alpha < 1)) throw new InputError('alpha', alpha, 'a level in (0, 1)');
}

/** Two-sided Clopper–Pearson interval for a binomial proportion. */
export function clopperPearson(k: number, n: number, alpha = 0.05): [number, number] {
  check(k, n, alpha);
  const lo = k === 0 ? 0 : jStat.beta.inv(alpha / 2, k, n - k + 1);
  const hi = k === n ? 1 : jStat.beta.inv(1 - alpha / 2, k + 1, n - k);
  return [lo, hi];
}

/** One-sided Clopper–Pearson lower bound: with confidence 1−α, p ≥ this. */
export function clopperPearsonLower(k: number, n: number, alpha = 0.05): number {
  check(k, n, alpha);
  return k === 0 ? 0 : jStat.beta.inv(alpha, k, n - k + 1);
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  check(Math.min(Math.max(k, 0), n), n);
  if (k <= 0) return 1;
  if (k > n) return 0;
  return Math.max(0, Math.min(1, 1 - jStat.binomial.cdf(k - 1, n, p)));
}

/** P(X < k) for X ~ Binomial(n, p). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  return 1 - binomialUpperTail(k, n, p);
}
