/** Result records written to `results.json`. Keys named `timing` hold everything that may differ between identical runs. */
import type { Assumption, Direction, PropertyRole } from '../theorem/types.ts';
import type { ProfileName } from '../theorem/profile.ts';
import type { RuleVerdict } from '../stats/rule.ts';

/** Summary of a statistic over the trials of a property. */
export interface StatisticSummary {
  name: string;
  min: number | null;
  median: number | null;
  max: number | null;
  /** First and third quartiles (linear interpolation, as NumPy's default), null when no finite value. */
  q1?: number | null;
  q3?: number | null;
  /** Number of trials the summary is over. */
  count: number;
}

/** How one trial ended: `done` (the check returned), `error` (it threw), `crashed` (its worker died), `timeout`. */
export type TrialStatus = 'done' | 'error' | 'crashed' | 'timeout';

/** One trial of a trained property, in index order. */
export interface TrialSummary {
  index: number;
  status: TrialStatus;
  pass: boolean;
  statistic: number | null;
}

/** The binomial test behind a trained property's verdict, and its multiple-testing adjustment across the suite. */
export interface PropertyTest {
  /** P(X ≤ successes | claimed rate) for the trials run; for a sequentially stopped run, the range over the possible completions. */
  pValue: number;
  pValueRange: [number, number];
  /** Family-wise / false-discovery level of the suite. */
  alpha: number;
  method: 'holm' | 'bh' | 'none';
  /** Whether the claim is rejected after the adjustment (the property fails). */
  rejected: boolean;
  /** p-value adjusted for the suite (Holm / BH), equal to pValue for 'none'. */
  adjustedPValue?: number;
  /** Number of trained properties tested together. */
  family?: number;
  /** True when the run stopped before `rule.trials` because the verdict was already certain. */
  stoppedEarly: boolean;
}

/** Plot data kept from the trials (see TrialArtifacts). */
export interface PropertyArtifacts {
  latents?: { trial: number; z: number[][]; mapped: number[][]; className: string };
  curves?: { trial: number; label: string; points: [number, number][] }[];
  /** Heat-map matrices of the first trials (see TrialArtifacts.matrices). */
  matrices?: ({ trial: number } & import('../theorem/types.ts').TrialMatrix)[];
}

/** A failing world, replayable from its seed and path. */
export interface Counterexample {
  /** fast-check seed of the property run. */
  seed: number;
  /** fast-check path to the (shrunk) counterexample. */
  path: string;
  /** JSON description of the world. */
  world: unknown;
  /** What the check measured on it, or the error it threw. */
  outcome: { pass: boolean; statistic: number | null; details?: Record<string, unknown>; error?: string };
  /** CLI command that replays it. */
  replay: string;
  /**
   * Trained properties: `confirmed` when the world failed again with fresh optimiser seeds (then it
   * was shrunk), `optimiser-noise` when the re-run passed (not shrunk).
   */
  status?: 'confirmed' | 'optimiser-noise';
  /** The re-run with fresh optimiser seeds (attempt 1) of the world. */
  rerun?: { attempt: number; pass: boolean; statistic: number | null; error?: string };
  /** Shrink steps taken and worlds evaluated while shrinking. */
  shrinks?: number;
  evaluations?: number;
}

/** One unsuccessful trial of a trained property. */
export interface FailedTrial {
  index: number;
  statistic: number | null;
  error?: string;
  details?: Record<string, unknown>;
  replay: string;
}

/**
 * The result of one property of a theorem: its verdict, the statistic over the worlds (exact) or trials
 * (trained) it evaluated and, for a failure, the replayable counterexample or failing trials.
 */
export interface PropertyResult {
  theoremId: string;
  propertyId: string;
  kind: 'exact' | 'trained';
  role: PropertyRole;
  statement: string;
  threshold: number;
  direction: Direction;
  verdict: 'pass' | 'fail';
  /** fast-check seed used for this property (derived from the run seed, theorem id and property id). */
  seed: number;
  /** Worlds requested by the profile. */
  numRuns: number;
  /** Worlds evaluated before the verdict (fewer than numRuns when a failure stopped the run). */
  trials: number;
  /** Number of shrink steps taken on a failure. */
  shrinks: number;
  statistic: StatisticSummary;
  /** The statistic of every recorded trial, in order (null: not finite or the trial did not return). */
  values?: (number | null)[];
  /** Trained properties: every trial run, in index order. */
  outcomes?: TrialSummary[];
  /** Trained properties: the binomial test and its suite-level adjustment. */
  test?: PropertyTest;
  /** Plot data (kept out of results.json; written to artifacts.json). */
  artifacts?: PropertyArtifacts;
  /** Oracle calibration of the check: false-failure rate (in-class oracle) and power (out-of-class). */
  calibration?: import('./calibration.ts').PropertyCalibration;
  /** Trained properties: the success rule's verdict with its binomial statistics. */
  rule?: RuleVerdict & { statement: string };
  /** Trained properties: the trials that did not succeed (at most 20), each replayable. */
  failedTrials?: FailedTrial[];
  counterexample?: Counterexample;
  timing: { wallMs: number };
}

/**
 * Time to verdict of one theorem (results.json `theorems[i].timing`): the recorded time of its
 * properties' tasks — exact properties' runs (shrinking included) and trained properties' trials — and
 * their rates. With several workers the tasks overlap, so the sum exceeds the theorem's elapsed time;
 * in-process (one task at a time) it is the theorem's share of the run. Failure confirmation and
 * shrinking of trained properties and oracle calibration are not counted.
 */
export interface TheoremTiming {
  /** exact.wallMs + trained.wallMs. */
  wallMs: number;
  /** Present when the theorem has exact properties: worlds evaluated per second of their run time. */
  exact?: { properties: number; runs: number; wallMs: number; runsPerSecond: number };
  /** Present when the theorem has trained properties: trials run (any status) per second of trial time. */
  trained?: { properties: number; trials: number; wallMs: number; trialsPerSecond: number };
}

/** One theorem of a run: its statement for the report and its properties' results; `verdict` is 'pass' when every property passed. */
export interface TheoremResult {
  id: string;
  title: string;
  citation: string;
  claim: string;
  predictedClass: string;
  /** The theorem's assumptions, for the report (optional: older results do not carry them). */
  assumptions?: Assumption[];
  verdict: 'pass' | 'fail';
  properties: PropertyResult[];
  /** Time to verdict (optional: older results and hand-built ones do not carry it). */
  timing?: TheoremTiming;
}

/** Everything needed to say where a result came from. */
export interface Provenance {
  latentcheck: string;
  node: string;
  versions: Record<string, string | null>;
  backend: Record<string, unknown>;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  gitCommit: string | null;
}

/**
 * A suite run as `runSuite` returns it and `results.json` stores it (schema `latentcheck/results@1`): run seed,
 * profile, provenance, the suite-level multiple-testing setup, a summary, and every theorem's results.
 */
export interface SuiteResult {
  schema: 'latentcheck/results@1';
  seed: number;
  profile: ProfileName;
  provenance: Provenance;
  /** How trained properties were decided across the suite. */
  multipleTesting?: { method: 'holm' | 'bh' | 'none'; alpha: number; family: number; sequential: boolean };
  summary: { theorems: number; properties: number; passed: number; failed: number };
  theorems: TheoremResult[];
  timing: { startedAt: string; finishedAt: string; wallMs: number; workers?: number; executor?: string; resumedEntries?: number };
}
