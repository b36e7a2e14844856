/**
 * Counterexamples of trained properties. A failing trial is first re-run with fresh optimiser seeds
 * (same world: data, mixing, structure): if it passes, the failure was optimiser noise and is reported
 * as such. If it fails again, fast-check shrinks the world's structure (dimensions, number of
 * mechanisms, …; seeds are `noShrink`) towards a smaller world that also fails on both attempts,
 * within a budget of evaluated worlds, because each evaluation trains.
 */
import fc from 'fast-check';
import type { ProfileName } from '../theorem/profile.ts';
import type { CheckContext, PropertySpec, TheoremSpec } from '../theorem/types.ts';
import { replayCommand } from './commands.ts';
import { evaluateRecord, worldAt, type TrialRecord } from './trials.ts';
import type { Counterexample } from './types.ts';

/** Default number of worlds evaluated while shrinking a trained counterexample (each costs up to two trainings). */
export const DEFAULT_SHRINK_BUDGET = 8;

function describe(prop: PropertySpec, world: unknown): unknown {
  try {
    return prop.describeWorld(world);
  } catch (e) {
    return { error: `describeWorld threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function outcomeOf(r: TrialRecord): Counterexample['outcome'] {
  return { pass: r.pass, statistic: r.statistic, ...(r.details ? { details: r.details } : {}), ...(r.error ? { error: r.error } : {}) };
}

/**
 * Re-run trial `index` and, if it fails again, shrink it. `first` is the trial's record when already
 * computed (saves one training).
 */
export function confirmAndShrink(
  theorem: TheoremSpec,
  prop: PropertySpec,
  profile: ProfileName,
  seed: number,
  index: number,
  budget = DEFAULT_SHRINK_BUDGET,
  ctx: CheckContext = {},
  first?: TrialRecord,
): Counterexample {
  const world0 = worldAt(prop, profile, seed, String(index));
  const rec0 = first ?? evaluateRecord(prop, world0, profile, index, { ...ctx, attempt: 0 });
  const rerun = rec0.pass ? rec0 : evaluateRecord(prop, world0, profile, index, { ...ctx, attempt: 1 });
  const base: Counterexample = {
    seed,
    path: String(index),
    world: describe(prop, world0),
    outcome: outcomeOf(rec0),
    replay: replayCommand(theorem.id, prop.id, seed, String(index), profile),
    rerun: { attempt: 1, pass: rerun.pass, statistic: rerun.statistic, ...(rerun.error ? { error: rerun.error } : {}) },
    status: !rec0.pass && !rerun.pass ? 'confirmed' : 'optimiser-noise',
    shrinks: 0,
    evaluations: 0,
  };
  if (base.status !== 'confirmed') return base;

  // Shrink: a smaller world counts as a counterexample only if it fails on both attempts.
  let evaluations = 0;
  let last: { world: unknown; r0: TrialRecord; r1: TrialRecord } | null = null;
  let atStart = true;
  const key0 = JSON.stringify(base.world);
  const property = fc.property(prop.arbitrary(profile), (world) => {
    if (atStart) {
      // The world at the path itself: already known to fail twice.
      atStart = false;
      return false;
    }
    // A shrink candidate equal to the original (a structure with nothing left to shrink) is not smaller.
    if (evaluations >= budget || JSON.stringify(describe(prop, world)) === key0) return true;
    evaluations++;
    const r0 = evaluateRecord(prop, world, profile, index, { ...ctx, attempt: 0 });
    if (r0.pass) return true;
    const r1 = evaluateRecord(prop, world, profile, index, { ...ctx, attempt: 1 });
    if (r1.pass) return true;
    last = { world, r0, r1 };
    return false;
  });
  const d = fc.check(property, { seed, path: String(index), numRuns: 1 });
  if (!d.failed || d.counterexamplePath === null || last === null) return { ...base, evaluations };
  const shrunk = last as { world: unknown; r0: TrialRecord; r1: TrialRecord };
  return {
    ...base,
    path: d.counterexamplePath,
    world: describe(prop, shrunk.world),
    outcome: outcomeOf(shrunk.r0),
    replay: replayCommand(theorem.id, prop.id, seed, d.counterexamplePath, profile),
    rerun: { attempt: 1, pass: shrunk.r1.pass, statistic: shrunk.r1.statistic, ...(shrunk.r1.error ? { error: shrunk.r1.error } : {}) },
    shrinks: d.numShrinks,
    evaluations,
  };
}
