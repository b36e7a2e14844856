/**
 * What travels on the queue: one job per task (a trial, an exact property, a shrink), carrying the
 * task itself (theorem id, property id, profile, seed and world path), the latentcheck version that
 * enqueued it, the run it belongs to and its time limit. Workers refuse a job of another version.
 */
import { InputError } from '../../core/errors.ts';
import type { Task } from '../tasks.ts';

export const JOB_SCHEMA = 'latentcheck/job@1';

/** Default queue name (a BullMQ queue; several runs may share it). */
export const DEFAULT_QUEUE_NAME = 'latentcheck';

/** BullMQ's key prefix for latentcheck's queues. */
export const QUEUE_PREFIX = 'latentcheck';

export interface JobData {
  schema: typeof JOB_SCHEMA;
  /** latentcheck version of the run that enqueued the job. */
  version: string;
  /** Random id of the enqueuing run (job ids start with it). */
  runId: string;
  /** Time limit of the task on the worker (ms); past it a trial is recorded as `timeout`. */
  timeoutMs: number;
  /** Backend the run asked for (workers use their own when unset). */
  backend?: string;
  task: Task;
}

/** Redis key of a queue's dead-letter list (JSON entries of jobs that failed for good). */
export function deadLetterKey(queueName: string): string {
  return `${QUEUE_PREFIX}:${queueName}:dead-letter`;
}

/** An entry of the dead-letter list. */
export interface DeadLetter {
  jobId: string;
  runId: string;
  task: Task;
  reason: string;
  attempts: number;
  at: string;
}

/** Check a queue name (BullMQ forbids ':'). */
export function checkQueueName(name: unknown): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new InputError('queue-name', name, 'a name of 1–64 letters, digits, _ . -');
  return name;
}

/** Validate a job's data as a worker receives it; returns a reason when it is not a latentcheck job. */
export function invalidJob(data: unknown): string | null {
  const d = data as Partial<JobData> | null;
  if (!d || typeof d !== 'object') return 'job data is not an object';
  if (d.schema !== JOB_SCHEMA) return `job schema ${JSON.stringify(d.schema)} is not ${JOB_SCHEMA}`;
  if (typeof d.version !== 'string') return 'job carries no latentcheck version';
  if (!d.task || typeof d.task !== 'object' || typeof (d.task as { type?: unknown }).type !== 'string') return 'job carries no task';
  if (!(typeof d.timeoutMs === 'number' && d.timeoutMs > 0)) return `job time limit ${JSON.stringify(d.timeoutMs)} is not a positive number of ms`;
  return null;
}
