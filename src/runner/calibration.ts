/**
 * Calibration of trained properties from their oracle controls (training-free): replicate the
 * property's whole test R times with the in-class oracle encoder in place of the learner and count
 * failing verdicts (the observed false-failure rate, to compare with α), then with the out-of-class
 * encoder (the observed power). Worlds come from the property's own arbitrary under a derived seed.
 */
import fc from 'fast-check';
import { deriveSeed } from '../rng/rng.ts';
import { clopperPearson } from '../stats/binomial.ts';
import { binomialPValue } from '../stats/sequential.ts';
import type { ProfileName } from '../theorem/profile.ts';
import type { PropertySpec, TheoremSpec } from '../theorem/types.ts';

/** Counts of one oracle over R replications of the property's test. */
export interface OracleCalibration {
  /** Individual oracle trials and how many of them passed the check. */
  trials: number;
  trialPasses: number;
  /** Replications of the whole test and how many were rejected (the property would have failed). */
  replications: number;
  rejected: number;
  /** rejected / replications with its 95% Clopper–Pearson interval. */
  rate: number;
  interval95: [number, number];
}

export interface PropertyCalibration {
  theoremId: string;
  propertyId: string;
  role: string;
  /** Level the verdicts were taken at (each test unadjusted, all its trials). */
  alpha: number;
  trialsPerTest: number;
  /** In-class oracle: `rate` is the observed false-failure rate (should be ≤ alpha). */
  positive: OracleCalibration;
  /** Out-of-class oracle: `rate` is the observed power (the test rejects a wrong encoder). */
  negative: OracleCalibration;
  /** Whether the observed false-failure rate is within α (its 95% lower bound does not exceed α). */
  withinAlpha: boolean;
  timing: { wallMs: number };
}

function replicate(prop: PropertySpec, profile: ProfileName, seed: number, replications: number, oracle: 'positive' | 'negative', alpha: number): OracleCalibration {
  const rule = prop.rule![profile];
  const worlds = fc.sample(prop.arbitrary(profile), { seed: deriveSeed(seed, 'calibration', oracle) | 0, numRuns: replications * rule.trials });
  let trialPasses = 0;
  let rejected = 0;
  for (let r = 0; r < replications; r++) {
    let s = 0;
    for (let i = 0; i < rule.trials; i++) {
      let pass = false;
      try {
        pass = prop.oracle![oracle](worlds[r * rule.trials + i], profile).pass === true;
      } catch {
        pass = false;
      }
      if (pass) s++;
    }
    trialPasses += s;
    if (binomialPValue(s, rule.trials, rule.claimedRate) <= alpha) rejected++;
  }
  return { trials: replications * rule.trials, trialPasses, replications, rejected, rate: rejected / replications, interval95: clopperPearson(rejected, replications) };
}

/** Calibrate one trained property that has oracle controls. */
export function calibrateProperty(theorem: TheoremSpec, prop: PropertySpec, profile: ProfileName, runSeed: number, replications: number, alpha = 0.05): PropertyCalibration | null {
  if (!prop.rule || !prop.oracle) return null;
  const t0 = performance.now();
  const seed = deriveSeed(runSeed, 'calibration', theorem.id, prop.id);
  const positive = replicate(prop, profile, seed, replications, 'positive', alpha);
  const negative = replicate(prop, profile, seed, replications, 'negative', alpha);
  return {
    theoremId: theorem.id,
    propertyId: prop.id,
    role: prop.role,
    alpha,
    trialsPerTest: prop.rule[profile].trials,
    positive,
    negative,
    withinAlpha: positive.interval95[0] <= alpha,
    timing: { wallMs: Math.round(performance.now() - t0) },
  };
}
