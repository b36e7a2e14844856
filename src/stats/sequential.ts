/**
 * The binomial test behind a trained property, and when it may stop early.
 *
 * A trained property claims a success rate ≥ p₀ (`claimedRate`). After s successes in n trials its
 * p-value is P(X ≤ s | n, p₀): the chance of doing this badly if the claim holds. The claim is
 * rejected (the property fails) when the p-value is ≤ the level the suite's multiple-testing procedure
 * assigns it, at most α and at least α/m (Holm and Benjamini–Hochberg both reject every p ≤ α/m and
 * no p > α). That is the same as "the one-sided (1−α) Clopper–Pearson upper bound of the rate is
 * below p₀".
 *
 * Sequential (curtailed) testing: trials run in index order; after r of n trials with s successes, the
 * final count lies in [s, s + n − r]. If even the worst completion keeps p > α, the pass is certain;
 * if even the best completion gives p ≤ α/m, the failure is certain. Either way the remaining trials
 * cannot change the verdict, so the run stops. Decisions use only a prefix of the trial sequence, so
 * they do not depend on which trials a worker pool happened to finish first.
 */
import { InputError } from '../core/errors.ts';
import { binomialLowerTail } from './binomial.ts';

/** p-value of the claim "rate ≥ p₀" after `successes` of `trials`: P(X ≤ successes | trials, p₀). */
export function binomialPValue(successes: number, trials: number, claimedRate: number): number {
  if (!Number.isInteger(trials) || trials < 1) throw new InputError('trials', trials, 'a positive integer');
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) throw new InputError('successes', successes, `an integer in [0, ${trials}]`);
  if (!(claimedRate > 0 && claimedRate <= 1)) throw new InputError('claimedRate', claimedRate, 'a probability in (0, 1]');
  return binomialLowerTail(successes + 1, trials, claimedRate);
}

/**
 * The fewest successes of `trials` that keep the claim at level α: the smallest k with
 * P(X ≤ k | trials, p₀) > α (so a count below k is rejected with false-failure rate ≤ α).
 */
export function criticalCount(trials: number, claimedRate: number, alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new InputError('alpha', alpha, 'a level in (0, 1)');
  for (let k = 0; k <= trials; k++) if (binomialPValue(k, trials, claimedRate) > alpha) return k;
  return trials + 1;
}

/** Where a curtailed binomial test stands after a prefix of its trials. */
export interface SequentialState {
  /** 'pass' / 'fail' once certain, 'open' while the remaining trials could still change the verdict. */
  decision: 'pass' | 'fail' | 'open';
  /** p-values of the worst and best possible completions. */
  pValueRange: [number, number];
}

/**
 * State of the test after `successes` of the first `done` of `trials` trials, at family level `alpha`
 * with `family` tests (a failure is certain only below α / family).
 */
export function sequentialState(successes: number, done: number, trials: number, claimedRate: number, alpha: number, family = 1): SequentialState {
  if (!Number.isInteger(done) || done < 0 || done > trials) throw new InputError('done', done, `an integer in [0, ${trials}]`);
  if (!Number.isInteger(family) || family < 1) throw new InputError('family', family, 'a positive integer');
  const worst = binomialPValue(successes, trials, claimedRate);
  const best = binomialPValue(successes + (trials - done), trials, claimedRate);
  const decision = worst > alpha ? 'pass' : best <= alpha / family ? 'fail' : 'open';
  return { decision, pValueRange: [worst, best] };
}
