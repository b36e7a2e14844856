/**
 * Calibration of trained properties from their oracle controls (training-free): replicate the
 * property's whole test R times with the in-class oracle encoder in place of the learner and count
 * failing verdicts (the observed false-failure rate, to compare with α), then with the out-of-class
 * encoder (the observed power). Worlds come from the property's own arbitrary under a derived seed.
 */
import fc from 'fast-check';
import { InputError } from '../core/errors.ts';
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

/** Counts of one oracle over the replications [from, to) of a property's test (a unit the runner can hand a worker). */
export interface CalibrationCounts {
  trials: number;
  trialPasses: number;
  replications: number;
  rejected: number;
}

/** Which oracle a calibration chunk runs: the in-class one (false failures) or the out-of-class one (power). */
export type OracleRole = 'positive' | 'negative';

/** The seed of a property's calibration worlds (both oracles derive theirs from it). */
export function calibrationSeed(runSeed: number, theoremId: string, propertyId: string): number {
  return deriveSeed(runSeed, 'calibration', theoremId, propertyId);
}

/**
 * Replications [from, to) of the property's test with one oracle in place of the learner. The worlds are the
 * same whatever the split: replication r uses worlds r·T … r·T + T − 1 of one sample drawn from the oracle's seed
 * (drawing worlds is cheap; running the oracle is the cost), so chunks summed equal one pass over [0, R).
 */
export function calibrationChunk(prop: PropertySpec, profile: ProfileName, seed: number, oracle: OracleRole, from: number, to: number, alpha: number): CalibrationCounts {
  if (!prop.rule || !prop.oracle) throw new InputError('property', prop.id, 'a trained property with oracle controls (rule and oracle)');
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to)) throw new InputError('calibration.range', [from, to], 'integers 0 ≤ from ≤ to');
  const rule = prop.rule[profile];
  const worlds = fc.sample(prop.arbitrary(profile), { seed: deriveSeed(seed, 'calibration', oracle) | 0, numRuns: to * rule.trials });
  let trialPasses = 0;
  let rejected = 0;
  for (let r = from; r < to; r++) {
    let s = 0;
    for (let i = 0; i < rule.trials; i++) {
      let pass = false;
      try {
        pass = prop.oracle[oracle](worlds[r * rule.trials + i], profile).pass === true;
      } catch {
        pass = false;
      }
      if (pass) s++;
    }
    trialPasses += s;
    if (binomialPValue(s, rule.trials, rule.claimedRate) <= alpha) rejected++;
  }
  return { trials: (to - from) * rule.trials, trialPasses, replications: to - from, rejected };
}

/** Sum the counts of an oracle's chunks into its calibration (rate and 95% Clopper–Pearson interval). */
export function combineCalibrationCounts(chunks: CalibrationCounts[]): OracleCalibration {
  const sum = (k: keyof CalibrationCounts) => chunks.reduce((s, c) => s + c[k], 0);
  const replications = sum('replications');
  const rejected = sum('rejected');
  return { trials: sum('trials'), trialPasses: sum('trialPasses'), replications, rejected, rate: rejected / replications, interval95: clopperPearson(rejected, replications) };
}

/** The calibration record of a property from its two oracles' counts. */
export function propertyCalibration(theorem: TheoremSpec, prop: PropertySpec, profile: ProfileName, alpha: number, positive: OracleCalibration, negative: OracleCalibration, wallMs: number): PropertyCalibration {
  return {
    theoremId: theorem.id,
    propertyId: prop.id,
    role: prop.role,
    alpha,
    trialsPerTest: prop.rule![profile].trials,
    positive,
    negative,
    withinAlpha: positive.interval95[0] <= alpha,
    timing: { wallMs },
  };
}

/** Split R replications into chunks of at most `size` ([from, to) ranges, in order). */
export function calibrationRanges(replications: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < replications; from += size) out.push([from, Math.min(replications, from + size)]);
  return out;
}

/** Calibrate one trained property that has oracle controls (on this thread; the runner splits the same work over its executor). */
export function calibrateProperty(theorem: TheoremSpec, prop: PropertySpec, profile: ProfileName, runSeed: number, replications: number, alpha = 0.05): PropertyCalibration | null {
  if (!prop.rule || !prop.oracle) return null;
  const t0 = performance.now();
  const seed = calibrationSeed(runSeed, theorem.id, prop.id);
  const positive = combineCalibrationCounts([calibrationChunk(prop, profile, seed, 'positive', 0, replications, alpha)]);
  const negative = combineCalibrationCounts([calibrationChunk(prop, profile, seed, 'negative', 0, replications, alpha)]);
  return propertyCalibration(theorem, prop, profile, alpha, positive, negative, Math.round(performance.now() - t0));
}
