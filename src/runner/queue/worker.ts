/**
 * A queue worker: pull latentcheck jobs from a BullMQ queue over Redis and run them in a worker-thread
 * pool (so the process's event loop stays free to renew the jobs' locks while a trial trains).
 * `latentcheck worker` is a thin shell over `runWorker`.
 *
 * - A job of another latentcheck version, with malformed data, or naming a theorem or property this
 *   worker does not have is refused for good (no retry): the run sees a JobRefusedError.
 * - A trial past the job's time limit is recorded as `timeout`, one whose thread crashes as `crashed`
 *   (exactly as in the local pool).
 * - `stop()` (SIGTERM in the CLI) takes no new jobs and lets the running ones finish; after `graceMs`,
 *   or on `stop({ now: true })`, it aborts them and hands each job back to the queue. A worker that
 *   dies without stopping loses nothing either: its job's lock expires and BullMQ's stalled-job check
 *   puts it back for another worker.
 */
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { latentcheckVersion } from '../../core/versions.ts';
import { InputError } from '../../core/errors.ts';
import { combineTheorems, loadTheoremModules } from '../../theorem/registry.ts';
import type { TheoremSpec } from '../../theorem/types.ts';
import { deadline } from '../deadline.ts';
import { poolExecutor, TaskLost } from '../executor.ts';
import { lostTrial } from '../trials.ts';
import { connect, probeRedis } from './connection.ts';
import { VersionMismatchError } from './errors.ts';
import { REFUSED } from './executor.ts';
import { checkQueueName, DEFAULT_QUEUE_NAME, invalidJob, QUEUE_PREFIX, type JobData } from './jobs.ts';
import { parseRedisUrl } from './url.ts';

/** Options of `startWorker`: the Redis URL and queue name, concurrency, lock and stall settings, grace time, modules and backend. */
export interface WorkerOptions {
  url: string;
  queueName?: string;
  /** Jobs run at once (worker threads; default 1). */
  concurrency?: number;
  /** User theorem modules to load (the run's --module files). */
  modules?: string[];
  /** The suite's theorem modules, loaded before `modules` (`startWorker` from the package entry fills in the built-in suite's). */
  suiteModules?: string[];
  /** Backend request for the worker threads. */
  backend?: string;
  /** How long a job's lock lasts without renewal (ms, default 30 s): a dead worker's job returns to the queue after about this long. */
  lockDurationMs?: number;
  /** How often the stalled-job check runs (ms, default 30 s). */
  stalledIntervalMs?: number;
  /** Times a job may stall (its worker died) before it fails for good (default 2). */
  maxStalls?: number;
  /** After stop(), how long running jobs may still finish before they are handed back (ms, default 10 min). */
  graceMs?: number;
  /** Version this worker claims (default: this latentcheck's; tests use it to exercise a mismatch). */
  version?: string;
  /** One line per event (job started / finished / refused / handed back). */
  onLog?: (s: string) => void;
}

/** A running queue worker: stop it, and await its stats. */
export interface WorkerHandle {
  /** Resolves when the worker has stopped (after stop(), or on a fatal error). */
  readonly done: Promise<WorkerStats>;
  /** Stop taking jobs; running ones finish (or are handed back after the grace time, or at once with `now`). */
  stop(o?: { now?: boolean }): Promise<WorkerStats>;
}

/** What a worker did: jobs completed, refused (version, unknown theorem, malformed), and handed back to the queue. */
export interface WorkerStats {
  completed: number;
  refused: number;
  handedBack: number;
}

function refuse(e: Error): never {
  throw new UnrecoverableError(`${REFUSED}${e.name}: ${e.message}`);
}

/** Start a worker; resolves once it is connected and listening for jobs. */
export async function startWorker(o: WorkerOptions): Promise<WorkerHandle> {
  const address = parseRedisUrl(o.url);
  const queueName = checkQueueName(o.queueName ?? DEFAULT_QUEUE_NAME);
  const concurrency = o.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InputError('concurrency', concurrency, 'a positive integer');
  const version = o.version ?? latentcheckVersion();
  const log = o.onLog ?? (() => {});
  const graceMs = o.graceMs ?? 10 * 60_000;
  await probeRedis(address);

  const theorems = combineTheorems(await loadTheoremModules(o.suiteModules ?? []), await loadTheoremModules(o.modules ?? []));
  const pool = poolExecutor({ workers: concurrency, suiteModules: o.suiteModules, modules: o.modules, backend: o.backend, timeoutMs: 2 ** 31 - 1 });
  const stats: WorkerStats = { completed: 0, refused: 0, handedBack: 0 };
  const running = new Map<string, AbortController>();

  const check = (data: JobData): void => {
    const bad = invalidJob(data);
    if (bad) refuse(new InputError('job', data, `a latentcheck job (${bad})`));
    if (data.version !== version) refuse(new VersionMismatchError(data.version, version));
    const t = data.task;
    if (!('theoremId' in t)) refuse(new InputError('job.task.type', t.type, 'trial, exact, shrink or calibrate'));
    const theorem = theorems.find((x) => x.id === t.theoremId);
    if (!theorem) refuse(new InputError('job.task.theoremId', t.theoremId, `a theorem this worker knows (${theorems.map((x) => x.id).join(', ')}; load others with --module)`));
    if (!theorem.properties.some((p) => p.id === t.propertyId)) refuse(new InputError('job.task.propertyId', t.propertyId, `a property of ${theorem.id} (${theorem.properties.map((p) => p.id).join(', ')})`));
  };

  const processor = async (job: Job<JobData>, token?: string): Promise<unknown> => {
    try {
      check(job.data);
    } catch (e) {
      stats.refused++;
      log(`refused ${job.id} (${job.name}): ${(e as Error).message.slice(REFUSED.length)}`);
      throw e;
    }
    const { task, timeoutMs } = job.data;
    const stop = new AbortController();
    running.set(job.id!, stop);
    // A timer-held deadline, not AbortSignal.timeout/any (collectable in Node 20: src/runner/deadline.ts).
    const limit = deadline(timeoutMs, stop.signal);
    const signal = limit.signal;
    const t0 = performance.now();
    log(`start ${job.id} ${job.name}${job.attemptsMade > 0 ? ` (attempt ${job.attemptsMade + 1})` : ''}`);
    try {
      const out = task.type === 'trial' ? await pool.trial(task, signal) : await pool.raw(task, signal);
      stats.completed++;
      log(`done ${job.id} ${job.name} in ${Math.round(performance.now() - t0)} ms`);
      return out;
    } catch (e) {
      if (e instanceof TaskLost && e.status === 'aborted') {
        if (stop.signal.aborted) {
          // Stopping: hand the job back untouched (not a failed attempt).
          await job.moveToWait(token);
          stats.handedBack++;
          log(`handed back ${job.id} ${job.name}`);
          throw new WaitingError();
        }
        if (limit.timedOut()) {
          const msg = `timed out after ${timeoutMs} ms`;
          if (task.type === 'trial') return lostTrial(task.index, task.attempt, 'timeout', msg, Math.round(performance.now() - t0));
          throw new UnrecoverableError(msg);
        }
      }
      throw e;
    } finally {
      limit.clear();
      running.delete(job.id!);
    }
  };

  const connection = connect(address, (e) => log(`lost the connection to Redis at ${address.display} (${e.message}); retrying`));
  const worker = new Worker<JobData>(queueName, processor, {
    connection,
    prefix: QUEUE_PREFIX,
    concurrency,
    lockDuration: o.lockDurationMs ?? 30_000,
    stalledInterval: o.stalledIntervalMs ?? 30_000,
    maxStalledCount: o.maxStalls ?? 2,
    autorun: false,
  });
  worker.on('error', (e) => log(`worker error: ${e.message}`));
  let resolveDone!: (s: WorkerStats) => void;
  const done = new Promise<WorkerStats>((r) => (resolveDone = r));
  void worker.run().catch((e: Error) => log(`worker stopped on an error: ${e.message}`));
  await worker.waitUntilReady();

  let closing: Promise<WorkerStats> | null = null;
  const handBack = () => {
    for (const c of running.values()) c.abort();
  };
  const stop = (so: { now?: boolean } = {}): Promise<WorkerStats> => {
    if (so.now) handBack();
    if (closing) return closing;
    const timer = setTimeout(handBack, graceMs);
    closing = (async () => {
      await worker.close();
      clearTimeout(timer);
      connection.disconnect();
      await pool.close();
      resolveDone(stats);
      return stats;
    })();
    return closing;
  };
  return { done, stop };
}
