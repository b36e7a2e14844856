/**
 * One trial of a trained property as a unit of work: regenerate world `index` from the property's
 * fast-check seed (the same world `replay --path index` gives), evaluate it, and return a JSON-safe
 * record. Trials are what worker pools run and what the run store keeps.
 */
import fc from 'fast-check';
import { InputError, LatentcheckError } from '../core/errors.ts';
import type { ProfileName } from '../theorem/profile.ts';
import type { CheckContext, PropertySpec, TrialArtifacts } from '../theorem/types.ts';
import type { TrialStatus } from './types.ts';

/** What one trial did. JSON-safe (it travels between workers and into the run store). */
export interface TrialRecord {
  index: number;
  /** 0 for the trial itself, ≥ 1 for a re-run with fresh optimiser seeds. */
  attempt: number;
  status: TrialStatus;
  pass: boolean;
  /** The statistic, null when not finite or when the check did not return. */
  statistic: number | null;
  details?: Record<string, unknown>;
  /** Error message of a throwing check, a crashed worker or a timeout. */
  error?: string;
  artifacts?: TrialArtifacts;
  wallMs: number;
}

/** The world at fast-check path `path` (e.g. '3' for trial 3, '3:0:1' for a shrunk world) of a property's arbitrary. */
export function worldAt(prop: PropertySpec, profile: ProfileName, seed: number, path: string): unknown {
  if (typeof path !== 'string' || !/^\d+(:\d+)*$/.test(path)) throw new InputError('path', path, "a fast-check path such as '12:0:3'");
  if (!Number.isInteger(seed)) throw new InputError('seed', seed, 'an integer seed');
  // fast-check walks the path's shrink steps without evaluating the nodes on the way; the predicate
  // fails at the target so endOnFailure stops right there.
  const property = fc.property(prop.arbitrary(profile), () => false);
  const details = fc.check(property, { seed, path, numRuns: 1, endOnFailure: true });
  const world = details.counterexample ? details.counterexample[0] : undefined;
  if (world === undefined) throw new LatentcheckError(`no world at seed ${seed}, path ${path}`);
  return world;
}

/** Evaluate one world into a record; a throwing check becomes status 'error' (an unsuccessful trial). */
export function evaluateRecord(prop: PropertySpec, world: unknown, profile: ProfileName, index: number, ctx: CheckContext = {}): TrialRecord {
  const attempt = ctx.attempt ?? 0;
  const t0 = performance.now();
  try {
    const o = prop.check(world, profile, ctx);
    const rec: TrialRecord = {
      index,
      attempt,
      status: 'done',
      pass: o.pass === true,
      statistic: Number.isFinite(o.statistic) ? o.statistic : null,
      wallMs: 0,
    };
    if (o.details) rec.details = o.details;
    if (o.artifacts) rec.artifacts = o.artifacts;
    rec.wallMs = Math.round(performance.now() - t0);
    return rec;
  } catch (e) {
    return {
      index,
      attempt,
      status: 'error',
      pass: false,
      statistic: null,
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      wallMs: Math.round(performance.now() - t0),
    };
  }
}

/** Run trial `index` (attempt `attempt`) of a trained property under its fast-check seed. */
export function runTrial(prop: PropertySpec, profile: ProfileName, seed: number, index: number, ctx: CheckContext = {}): TrialRecord {
  if (!Number.isInteger(index) || index < 0) throw new InputError('index', index, 'a non-negative integer trial index');
  return evaluateRecord(prop, worldAt(prop, profile, seed, String(index)), profile, index, ctx);
}

/** A record for a trial whose worker died or ran out of time. */
export function lostTrial(index: number, attempt: number, status: 'crashed' | 'timeout', error: string, wallMs: number): TrialRecord {
  return { index, attempt, status, pass: false, statistic: null, error, wallMs };
}
