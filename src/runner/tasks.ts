/**
 * Units of work a runner hands to an executor (this thread or a worker): one trial, one exact
 * property, the confirmation and shrinking of a trained counterexample, or a chunk of oracle calibration.
 * Tasks name theorems and properties by id (workers load the same registry and modules), so they are
 * plain JSON.
 */
import { InputError } from '../core/errors.ts';
import { getProperty } from '../theorem/registry.ts';
import type { ProfileName } from '../theorem/profile.ts';
import type { CheckContext, TheoremSpec } from '../theorem/types.ts';
import { calibrationChunk, type CalibrationCounts, type OracleRole } from './calibration.ts';
import { runProperty } from './runProperty.ts';
import { confirmAndShrink } from './shrink.ts';
import { runTrial, type TrialRecord } from './trials.ts';
import type { Counterexample, PropertyResult } from './types.ts';

export type Task =
  | { type: 'trial'; theoremId: string; propertyId: string; profile: ProfileName; seed: number; index: number; attempt: number }
  | { type: 'exact'; theoremId: string; propertyId: string; profile: ProfileName; runSeed: number }
  | { type: 'shrink'; theoremId: string; propertyId: string; profile: ProfileName; seed: number; index: number; budget: number; first?: TrialRecord }
  /** Replications [from, to) of a trained test with one oracle control (`calibrationChunk`); `seed` from `calibrationSeed`. */
  | { type: 'calibrate'; theoremId: string; propertyId: string; profile: ProfileName; seed: number; oracle: OracleRole; from: number; to: number; alpha: number }
  /** Test hooks: a worker that dies or hangs, to exercise crash isolation and timeouts. */
  | { type: 'crash' }
  | { type: 'hang' };

export type TaskResult<T extends Task> = T extends { type: 'trial' }
  ? TrialRecord
  : T extends { type: 'exact' }
    ? PropertyResult
    : T extends { type: 'shrink' }
      ? Counterexample
      : T extends { type: 'calibrate' }
        ? CalibrationCounts
        : never;

/** Execute a task against a list of theorems (synchronously: trials train on this thread). */
export function executeTask(task: Task, theorems: TheoremSpec[], ctx: CheckContext = {}): TrialRecord | PropertyResult | Counterexample | CalibrationCounts {
  if (task.type === 'crash') process.exit(3);
  if (task.type === 'hang') for (;;);
  const theorem = theorems.find((t) => t.id === task.theoremId);
  if (!theorem) throw new InputError('theorem', task.theoremId, `one of the run's theorems (${theorems.map((t) => t.id).join(', ')})`);
  const prop = getProperty(theorem, task.propertyId);
  if (task.type === 'trial') return runTrial(prop, task.profile, task.seed, task.index, { ...ctx, attempt: task.attempt });
  if (task.type === 'calibrate') return calibrationChunk(prop, task.profile, task.seed, task.oracle, task.from, task.to, task.alpha);
  if (task.type === 'exact') return runProperty(theorem, prop, { seed: task.runSeed, profile: task.profile, learner: ctx.learner });
  return confirmAndShrink(theorem, prop, task.profile, task.seed, task.index, task.budget, ctx, task.first);
}

