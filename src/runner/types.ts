/** Result records written to `results.json`. Keys named `timing` hold everything that may differ between identical runs. */
import type { Direction, PropertyRole } from '../theorem/types.ts';
import type { ProfileName } from '../theorem/profile.ts';
import type { RuleVerdict } from '../stats/rule.ts';

/** Summary of a statistic over the trials of a property. */
export interface StatisticSummary {
  name: string;
  min: number | null;
  median: number | null;
  max: number | null;
  /** Number of trials the summary is over. */
  count: number;
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
}

/** One unsuccessful trial of a trained property. */
export interface FailedTrial {
  index: number;
  statistic: number | null;
  error?: string;
  details?: Record<string, unknown>;
  replay: string;
}

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
  /** Trained properties: the success rule's verdict with its binomial statistics. */
  rule?: RuleVerdict & { statement: string };
  /** Trained properties: the trials that did not succeed (at most 20), each replayable. */
  failedTrials?: FailedTrial[];
  counterexample?: Counterexample;
  timing: { wallMs: number };
}

export interface TheoremResult {
  id: string;
  title: string;
  citation: string;
  claim: string;
  predictedClass: string;
  verdict: 'pass' | 'fail';
  properties: PropertyResult[];
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

export interface SuiteResult {
  schema: 'latentcheck/results@1';
  seed: number;
  profile: ProfileName;
  provenance: Provenance;
  summary: { theorems: number; properties: number; passed: number; failed: number };
  theorems: TheoremResult[];
  timing: { startedAt: string; finishedAt: string; wallMs: number };
}
