/**
 * Run one property of a theorem with fast-check: sample `numRuns` worlds from a seed derived from
 * the run seed, evaluate each, and on failure shrink to a minimal world (its structure shrinks,
 * its numeric seeds do not) and report the seed and path that replay it.
 */
import fc from 'fast-check';
import { InputError } from '../core/errors.ts';
import { deriveSeed, normaliseSeed } from '../rng/rng.ts';
import type { ProfileName } from '../theorem/profile.ts';
import type { CheckContext, PropertySpec, TheoremSpec, TrialOutcome } from '../theorem/types.ts';
import type { Learner } from '../learners/types.ts';
import type { Counterexample, PropertyResult } from './types.ts';
import { replayCommand } from './commands.ts';
import { summarise } from './summary.ts';
import { planFor, runTrainedSync } from './trained.ts';
import { worldAt, type TrialRecord } from './trials.ts';

export { replayCommand } from './commands.ts';
export { summarise } from './summary.ts';

/** Number of worlds a property samples under a profile (numRuns for exact, rule trials for trained). */
export function trialsFor(prop: PropertySpec, profile: ProfileName): number {
  const n = prop.rule ? prop.rule[profile].trials : prop.numRuns?.[profile];
  if (n === undefined) throw new InputError(`property[${prop.id}].numRuns`, n, 'numRuns (exact) or rule (trained) for this profile');
  return n;
}

/** Options of `runProperty`: run seed, profile and overrides (number of worlds, learner, the trained properties' binomial test). */
export interface PropertyRunOptions {
  /** Run seed; the property's fast-check seed is derived from it, the theorem id and the property id. */
  seed: number;
  profile: ProfileName;
  /** Override the profile's number of worlds. */
  numRuns?: number;
  /** A learner replacing the property's own (see CheckContext). */
  learner?: Learner<any>;
  /** Called after each world (not during shrinking). */
  onTrial?: (index: number, outcome: TrialOutcome) => void;
  /** Trained: level of the binomial test (default 0.05), family size for sequential failures (default 1), early stopping (default on). */
  alpha?: number;
  family?: number;
  sequential?: boolean;
}

/** The fast-check seed of a property under a run seed (as a signed 32-bit int, fast-check's convention). */
export function propertySeed(runSeed: number, theoremId: string, propertyId: string): number {
  return deriveSeed(runSeed, 'property', theoremId, propertyId) | 0;
}

/** Evaluate a world, turning a throw into a failing outcome with the message. */
export function evaluateWorld(prop: PropertySpec, world: unknown, profile: ProfileName, ctx: CheckContext = {}): Counterexample['outcome'] {
  try {
    const o = prop.check(world, profile, ctx);
    return { pass: o.pass, statistic: Number.isFinite(o.statistic) ? o.statistic : null, details: o.details };
  } catch (e) {
    return { pass: false, statistic: null, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** The fields of a result that restate the property itself. */
function describeProperty(theorem: TheoremSpec, prop: PropertySpec) {
  return {
    theoremId: theorem.id,
    propertyId: prop.id,
    kind: prop.kind,
    role: prop.role,
    statement: prop.statement,
    threshold: prop.threshold,
    direction: prop.direction,
  };
}

/** Run a property; never throws for a failing world (the failure is in the result). */
export function runProperty(theorem: TheoremSpec, prop: PropertySpec, opts: PropertyRunOptions): PropertyResult {
  if (prop.rule) {
    const seed = propertySeed(normaliseSeed(opts.seed), theorem.id, prop.id);
    const plan = planFor(prop, opts.profile, opts);
    const onRecord = opts.onTrial
      ? (r: TrialRecord) => opts.onTrial!(r.index, { pass: r.pass, statistic: r.statistic ?? NaN, details: r.details as TrialOutcome['details'] })
      : undefined;
    return runTrainedSync(theorem, prop, opts.profile, seed, plan, { learner: opts.learner }, onRecord);
  }
  const runSeed = normaliseSeed(opts.seed);
  const numRuns = opts.numRuns ?? trialsFor(prop, opts.profile);
  if (!Number.isInteger(numRuns) || numRuns < 1) throw new InputError('numRuns', numRuns, 'a positive integer');
  const seed = propertySeed(runSeed, theorem.id, prop.id);
  const values: number[] = [];
  let recording = true;
  let trials = 0;
  const started = performance.now();
  const property = fc.property(prop.arbitrary(opts.profile), (world) => {
    const outcome = prop.check(world, opts.profile, { learner: opts.learner });
    if (recording) {
      trials++;
      values.push(outcome.statistic);
      opts.onTrial?.(trials - 1, outcome);
      if (!outcome.pass) recording = false;
    }
    return outcome.pass;
  });
  const details = fc.check(property, { seed, numRuns });
  if (details.failed && recording) {
    // The failure was a throw in the first failing world: count that world.
    trials++;
    recording = false;
  }
  const result: PropertyResult = {
    ...describeProperty(theorem, prop),
    verdict: details.failed ? 'fail' : 'pass',
    seed,
    numRuns,
    trials,
    shrinks: details.numShrinks,
    statistic: summarise(prop.statisticName, values),
    values,
    timing: { wallMs: Math.round(performance.now() - started) },
  };
  if (details.failed && details.counterexample && details.counterexamplePath !== null) {
    const world = details.counterexample[0];
    result.counterexample = {
      seed,
      path: details.counterexamplePath,
      world: safeDescribe(prop, world),
      outcome: evaluateWorld(prop, world, opts.profile),
      replay: replayCommand(theorem.id, prop.id, seed, details.counterexamplePath, opts.profile),
    };
  }
  return result;
}

function safeDescribe(prop: PropertySpec, world: unknown): unknown {
  try {
    return prop.describeWorld(world);
  } catch (e) {
    return { error: `describeWorld threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Outcome of replaying one counterexample. */
export interface ReplayResult {
  theoremId: string;
  propertyId: string;
  seed: number;
  path: string;
  world: unknown;
  outcome: Counterexample['outcome'];
  /** True when the replayed world fails the property again. */
  reproduced: boolean;
}

/**
 * Replay a counterexample from its fast-check seed and path: regenerate the same world and
 * evaluate the property on it.
 */
export function replayProperty(theorem: TheoremSpec, prop: PropertySpec, seed: number, path: string, profile: ProfileName, ctx: CheckContext = {}): ReplayResult {
  const world = worldAt(prop, profile, seed, path);
  const outcome = evaluateWorld(prop, world, profile, ctx);
  return { theoremId: theorem.id, propertyId: prop.id, seed, path, world: safeDescribe(prop, world), outcome, reproduced: !outcome.pass };
}
