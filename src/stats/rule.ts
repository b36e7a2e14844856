/**
 * Success rules for properties over stochastic trials: "at least k of n trials succeed".
 * A rule is stated with the success rate the theory claims (p₁, e.g. 0.9 for a recovery that should
 * almost always work), so its two error rates are explicit:
 *  - false failure: P(X < k | p = p₁), the chance a correct claim fails the rule by bad luck;
 *  - what a pass certifies: the one-sided 95% Clopper–Pearson lower bound on p at the observed count.
 */
import { InputError } from '../core/errors.ts';
import { binomialLowerTail, clopperPearson, clopperPearsonLower } from './binomial.ts';
import { criticalCount } from './sequential.ts';

/** Level of the per-property binomial test behind every rule (before any suite-level adjustment). */
export const RULE_ALPHA = 0.05;

/** "At least `minSuccesses` of `trials`", with the rate the theory claims. */
export interface SuccessRule {
  trials: number;
  minSuccesses: number;
  /** Success probability per trial that the claim implies (used to state the false-failure rate). */
  claimedRate: number;
}

/** The verdict of a success rule on observed counts, with the statistics that justify it. */
export interface RuleVerdict {
  successes: number;
  trials: number;
  pass: boolean;
  /** Observed success rate. */
  rate: number;
  /** Two-sided 95% Clopper–Pearson interval of the success rate. */
  interval95: [number, number];
  /** One-sided 95% lower bound of the success rate at the observed count. */
  lower95: number;
  /** P(fail the rule | true rate = claimedRate). */
  falseFailureRate: number;
  /** One-sided 95% lower bound on the rate certified by the weakest passing count (k of n). */
  certifiedRate: number;
  rule: SuccessRule;
}

/**
 * Check a success rule and return it unchanged. Beyond its ranges, the rule must be the exact one-sided
 * binomial test of "rate ≥ claimedRate" over `trials` at α = `RULE_ALPHA`: `minSuccesses` = k, the smallest
 * count with P(X ≤ k | trials, claimedRate) > α (`criticalCount`, as `ruleFor` derives it), so a correct claim
 * fails with probability ≤ α. `field` prefixes the error fields: throws `InputError` naming `${field}.trials`
 * (not a positive integer, or so few trials that k = 0 and no count could fail), `${field}.minSuccesses`
 * (not an integer in [0, trials], or ≠ k) or `${field}.claimedRate` (not in (0, 1]).
 */
export function validateRule(field: string, r: SuccessRule): SuccessRule {
  if (!Number.isInteger(r.trials) || r.trials < 1) throw new InputError(`${field}.trials`, r.trials, 'a positive integer');
  if (!Number.isInteger(r.minSuccesses) || r.minSuccesses < 0 || r.minSuccesses > r.trials)
    throw new InputError(`${field}.minSuccesses`, r.minSuccesses, `an integer in [0, ${r.trials}]`);
  if (!(r.claimedRate > 0 && r.claimedRate <= 1)) throw new InputError(`${field}.claimedRate`, r.claimedRate, 'a probability in (0, 1]');
  const k = criticalCount(r.trials, r.claimedRate, RULE_ALPHA);
  if (k === 0)
    throw new InputError(`${field}.trials`, r.trials, `enough trials for "rate ≥ ${r.claimedRate}" to be refutable at α = ${RULE_ALPHA} (with ${r.trials}, even 0 successes would pass)`);
  if (r.minSuccesses !== k)
    throw new InputError(
      `${field}.minSuccesses`,
      r.minSuccesses,
      `${k}: the rule must be the exact binomial test of "rate ≥ ${r.claimedRate}" over ${r.trials} trials at α = ${RULE_ALPHA} (fewer than ${k} successes has probability ≤ α under the claim)`,
    );
  return r;
}

/** Apply a rule to an observed success count. */
export function decideRule(rule: SuccessRule, successes: number, trials = rule.trials): RuleVerdict {
  const [lo, hi] = clopperPearson(successes, trials);
  return {
    successes,
    trials,
    pass: successes >= rule.minSuccesses,
    rate: successes / trials,
    interval95: [lo, hi],
    lower95: clopperPearsonLower(successes, trials),
    falseFailureRate: binomialLowerTail(rule.minSuccesses, rule.trials, rule.claimedRate),
    certifiedRate: clopperPearsonLower(rule.minSuccesses, rule.trials),
    rule,
  };
}

/** One-line statement of a rule for reports. */
export function describeRule(rule: SuccessRule): string {
  const ff = binomialLowerTail(rule.minSuccesses, rule.trials, rule.claimedRate);
  const cert = clopperPearsonLower(rule.minSuccesses, rule.trials);
  return (
    `pass if ≥ ${rule.minSuccesses} of ${rule.trials} trials succeed; at a true rate of ${rule.claimedRate} ` +
    `this fails with probability ${ff < 1e-4 ? ff.toExponential(1) : ff.toFixed(4)}; a pass certifies a rate ≥ ${cert.toFixed(3)} (one-sided 95%)`
  );
}

/** The rule "rate ≥ claimedRate" over `trials` trials, its minimum count derived at α = RULE_ALPHA. */
export function ruleFor(trials: number, claimedRate: number): SuccessRule {
  return { trials, claimedRate, minSuccesses: criticalCount(trials, claimedRate, RULE_ALPHA) };
}

/**
 * A success rule per profile: `[trials, minSuccesses]` for quick and full, with the rate the theory claims.
 * E.g. `ruleByProfile([4, 2], [12, 9], 0.9)`.
 */
export function ruleByProfile(quick: [number, number], full: [number, number], claimedRate: number): Record<'quick' | 'full', SuccessRule> {
  return {
    quick: { trials: quick[0], minSuccesses: quick[1], claimedRate },
    full: { trials: full[0], minSuccesses: full[1], claimedRate },
  };
}
