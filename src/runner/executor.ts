/**
 * Where tasks run. `inProcessExecutor` runs them on this thread (a plugged-in learner object can
 * only be used here). `poolExecutor` runs them in a piscina worker pool sized to the machine; each task
 * has a timeout, and a worker that crashes or hangs costs only its task, which is recorded as
 * `crashed` / `timeout` while the run goes on.
 */
import { deadline } from './deadline.ts';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { CheckContext, TheoremSpec } from '../theorem/types.ts';
import { executeTask, type Task } from './tasks.ts';
import { lostTrial, type TrialRecord } from './trials.ts';
import type { Counterexample, PropertyResult } from './types.ts';

export interface Executor {
  /** Tasks it runs at once. */
  readonly concurrency: number;
  readonly kind: 'in-process' | 'pool' | 'queue';
  /** Run one trial of a trained property; the record says passed / failed / crashed / timeout. */
  trial(task: Extract<Task, { type: 'trial' }>, signal?: AbortSignal): Promise<TrialRecord>;
  /** Run an exact property over its worlds (shrinking a failure). */
  exact(task: Extract<Task, { type: 'exact' }>): Promise<PropertyResult>;
  /** Re-run and shrink a trained property's failing trial into a counterexample. */
  shrink(task: Extract<Task, { type: 'shrink' }>): Promise<Counterexample>;
  /** Run a raw task (test hooks). */
  raw(task: Task, signal?: AbortSignal): Promise<unknown>;
  /** Release the executor's resources (threads, connections). */
  close(): Promise<void>;
}

/** Run tasks on this thread, one at a time (the event loop still turns between tasks). */
export function inProcessExecutor(theorems: TheoremSpec[], ctx: CheckContext = {}): Executor {
  const run = async (task: Task) => {
    await new Promise((r) => setImmediate(r));
    return executeTask(task, theorems, ctx);
  };
  return {
    concurrency: 1,
    kind: 'in-process',
    trial: (t) => run(t) as Promise<TrialRecord>,
    exact: (t) => run(t) as Promise<PropertyResult>,
    shrink: (t) => run(t) as Promise<Counterexample>,
    raw: run,
    close: async () => {},
  };
}

export interface PoolOptions {
  /** Worker threads (default: available parallelism). */
  workers?: number;
  /** User theorem modules every worker loads. */
  modules?: string[];
  /** The suite's theorem modules (paths or file URLs; the entry point hands the built-in suite's), loaded before `modules`. */
  suiteModules?: string[];
  /** Backend request for the workers. */
  backend?: string;
  /** Per-task time limit in ms (default 30 min); a task past it is recorded as `timeout`. */
  timeoutMs?: number;
}

/** Default worker count: one per core the OS offers. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export function poolExecutor(o: PoolOptions = {}): Executor {
  const workers = o.workers ?? defaultWorkers();
  const timeoutMs = o.timeoutMs ?? 30 * 60_000;
  const pool = new Piscina({
    filename: fileURLToPath(new URL('./worker.mjs', import.meta.url)),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    workerData: { suiteModules: o.suiteModules ?? [], modules: o.modules ?? [], backend: o.backend },
  });
  // A result that arrives just after its task was aborted is reported by piscina as a pool 'error'
  // ("Unexpected message from Worker"); the runner has already let that trial go, so it is ignored.
  pool.on('error', () => {});
  // At most `workers` tasks are submitted at once, so a task's clock starts when it starts running,
  // not while it waits in a queue.
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = () => (running < workers ? (running++, Promise.resolve()) : new Promise<void>((r) => waiting.push(() => (running++, r()))));
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  const run = async (task: Task, signal?: AbortSignal): Promise<unknown> => {
    await acquire();
    try {
      if (signal?.aborted) throw new TaskLost('aborted', 'no longer needed');
      return await runNow(task, signal);
    } finally {
      release();
    }
  };
  const runNow = (task: Task, signal?: AbortSignal): Promise<unknown> => {
    // A timer-held deadline, not AbortSignal.timeout/any (collectable in Node 20: src/runner/deadline.ts).
    const limit = deadline(timeoutMs, signal);
    return pool
      .run(task, { signal: limit.signal })
      .catch((e: unknown) => {
        const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        if (limit.timedOut()) throw new TaskLost('timeout', `timed out after ${timeoutMs} ms`);
        if (signal?.aborted) throw new TaskLost('aborted', msg);
        throw new TaskLost('crashed', msg);
      })
      .finally(() => limit.clear());
  };
  return {
    concurrency: workers,
    kind: 'pool',
    trial: recordingLostTrials(run),
    exact: (t) => run(t) as Promise<PropertyResult>,
    shrink: (t) => run(t) as Promise<Counterexample>,
    raw: run,
    close: () => pool.destroy(),
  };
}

/** A task that did not return: its worker crashed, it timed out, or the runner no longer needed it. */
export class TaskLost extends Error {
  constructor(
    readonly status: 'crashed' | 'timeout' | 'aborted',
    message: string,
  ) {
    super(message);
    this.name = 'TaskLost';
  }
}

/**
 * A trial runner over `run` that records a task lost to its worker (crashed, timed out) as a trial with that
 * status and its elapsed time, so the run goes on; an aborted task (no longer needed) still throws.
 * Shared by the pool and the queue executors.
 */
export function recordingLostTrials(
  run: (task: Task, signal?: AbortSignal) => Promise<unknown>,
): (task: Extract<Task, { type: 'trial' }>, signal?: AbortSignal) => Promise<TrialRecord> {
  return async (t, signal) => {
    const t0 = performance.now();
    try {
      return (await run(t, signal)) as TrialRecord;
    } catch (e) {
      if (e instanceof TaskLost && e.status !== 'aborted') return lostTrial(t.index, t.attempt, e.status, e.message, Math.round(performance.now() - t0));
      throw e;
    }
  };
}
