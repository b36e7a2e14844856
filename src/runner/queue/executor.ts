/**
 * The queue executor: a third implementation of the runner's `Executor` (beside this thread and the
 * worker pool) that puts every task on a BullMQ queue over Redis, one job per trial, and waits for
 * the record a `latentcheck worker` returns. The runner above it is unchanged (trials in index
 * order, the verdict from the decided prefix, every record appended to the run store as it arrives),
 * so a queued run's results equal a local run's by construction.
 *
 * Failure handling: a job whose worker dies goes back to the queue (BullMQ's stalled-job check);
 * a job that fails `retries + 1` times, or stalls too often, is written to the queue's dead-letter
 * list and its trial recorded as `crashed`; a job a worker refuses (other version, unknown theorem)
 * stops the run with a JobRefusedError naming the reason; everything finished is already in the store.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { latentcheckVersion } from '../../core/versions.ts';
import { InputError } from '../../core/errors.ts';
import type { Executor } from '../executor.ts';
import { recordingLostTrials, TaskLost } from '../executor.ts';
import type { Task } from '../tasks.ts';
import type { TrialRecord } from '../trials.ts';
import type { Counterexample, PropertyResult } from '../types.ts';
import { connect, probeRedis } from './connection.ts';
import { JobRefusedError } from './errors.ts';
import { checkQueueName, deadLetterKey, DEFAULT_QUEUE_NAME, JOB_SCHEMA, QUEUE_PREFIX, type DeadLetter, type JobData } from './jobs.ts';
import { parseRedisUrl } from './url.ts';

/** Marker at the start of a failure reason when a worker refused a job for good. */
export const REFUSED = 'refused: ';

/** Options of `queueExecutor`: the Redis URL and queue name, retries, jobs in flight, per-trial time limit, backend and modules the jobs name. */
export interface QueueExecutorOptions {
  /** Redis URL, e.g. redis://127.0.0.1:6379. */
  url: string;
  /** BullMQ queue name (default 'latentcheck'); workers must use the same. */
  queueName?: string;
  /** Retries of a job whose processing threw or whose worker died (default 2; 0: none). */
  retries?: number;
  /** Time limit of one task on a worker (ms, default 30 min); a trial past it is recorded as `timeout`. */
  timeoutMs?: number;
  /** Jobs each trained property keeps enqueued at once (default 16). */
  inFlight?: number;
  /** Backend request passed along with each job. */
  backend?: string;
  /** Version stamped on jobs (default: this latentcheck's; tests use it to exercise a mismatch). */
  version?: string;
  /** Messages for the user (Redis lost, no worker connected). */
  onNotice?: (s: string) => void;
}

/** Counts of the queue (all runs sharing it) and of this run's own jobs. */
export interface QueueStatus {
  queueName: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  workers: number;
  /** This run's jobs: enqueued, finished, and moved to the dead-letter list. */
  enqueued: number;
  finished: number;
  deadLettered: number;
  /** Mean time from a job's start to its result over this run's finished jobs (ms), null before the first. */
  meanJobMs: number | null;
}

/** The runner's Executor on a BullMQ queue: one job per task, collected back into the run. */
export interface QueueExecutor extends Executor {
  readonly kind: 'queue';
  readonly runId: string;
  readonly queueName: string;
  /** The queue's job counts and connected workers, for progress lines. */
  status(): Promise<QueueStatus>;
}

/** Connect to Redis (one probe first: an unreachable server is a QueueUnreachableError) and return the executor. */
export async function queueExecutor(o: QueueExecutorOptions): Promise<QueueExecutor> {
  const address = parseRedisUrl(o.url);
  const queueName = checkQueueName(o.queueName ?? DEFAULT_QUEUE_NAME);
  const retries = o.retries ?? 2;
  if (!Number.isInteger(retries) || retries < 0) throw new InputError('retries', retries, 'a non-negative integer');
  const inFlight = o.inFlight ?? 16;
  if (!Number.isInteger(inFlight) || inFlight < 1) throw new InputError('in-flight', inFlight, 'a positive integer');
  const timeoutMs = o.timeoutMs ?? 30 * 60_000;
  if (!(timeoutMs > 0)) throw new InputError('trial-timeout', timeoutMs, 'a positive time limit');
  const version = o.version ?? latentcheckVersion();
  const notice = o.onNotice ?? (() => {});
  await probeRedis(address);

  const onLost = (e: Error) => notice(`queue: lost the connection to Redis at ${address.display} (${e.message}); retrying, nothing finished is lost`);
  const conn = connect(address, onLost);
  const eventsConn = connect(address, onLost);
  const queue = new Queue(queueName, { connection: conn, prefix: QUEUE_PREFIX });
  const events = new QueueEvents(queueName, { connection: eventsConn, prefix: QUEUE_PREFIX });
  // One listener per waiting job (a run has many in flight).
  queue.setMaxListeners(0);
  events.setMaxListeners(0);
  await queue.waitUntilReady();
  await events.waitUntilReady();

  const runId = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  let seq = 0;
  let finished = 0;
  let deadLettered = 0;
  let busyMs = 0;
  let closing = false;
  /** Waits still open, so close() can end them. */
  const open = new Map<string, { job: Job; reject: (e: unknown) => void }>();

  const label = (t: Task): string => ('theoremId' in t ? `${t.theoremId}/${t.propertyId}${'index' in t ? `#${t.index}` : ''} ${t.type}` : t.type);

  const run = async (task: Task, signal?: AbortSignal): Promise<unknown> => {
    if (closing) throw new TaskLost('aborted', 'the run is closing');
    if (signal?.aborted) throw new TaskLost('aborted', 'no longer needed');
    const data: JobData = { schema: JOB_SCHEMA, version, runId, timeoutMs, task, ...(o.backend ? { backend: o.backend } : {}) };
    const jobId = `${runId}-${++seq}`;
    const job = await queue.add(label(task), data, {
      jobId,
      attempts: retries + 1,
      backoff: { type: 'fixed', delay: 250 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    const t0 = performance.now();
    let onAbort: (() => void) | undefined;
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        open.set(jobId, { job, reject });
        onAbort = () => {
          // A waiting job is taken off the queue; one already running finishes and its result is dropped.
          job.remove().catch(() => {});
          reject(new TaskLost('aborted', 'no longer needed'));
        };
        if (signal) {
          setMaxListeners(0, signal);
          signal.addEventListener('abort', onAbort, { once: true });
        }
        job.waitUntilFinished(events).then(resolve, reject);
      });
      finished++;
      busyMs += performance.now() - t0;
      return result;
    } catch (e) {
      if (e instanceof TaskLost) throw e;
      const reason = e instanceof Error ? e.message : String(e);
      if (closing) throw new TaskLost('aborted', reason);
      const fresh = await queue.getJob(jobId).catch(() => undefined);
      const attempts = fresh?.attemptsMade ?? retries + 1;
      const entry: DeadLetter = { jobId, runId, task, reason, attempts, at: new Date().toISOString() };
      await conn.lpush(deadLetterKey(queueName), JSON.stringify(entry)).catch(() => {});
      deadLettered++;
      finished++;
      if (reason.startsWith(REFUSED)) throw new JobRefusedError(jobId, reason.slice(REFUSED.length));
      throw new TaskLost('crashed', `queue: ${reason} (${attempts} attempt${attempts === 1 ? '' : 's'}; job ${jobId} in the dead-letter list)`);
    } finally {
      open.delete(jobId);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  };

  return {
    kind: 'queue',
    concurrency: inFlight,
    runId,
    queueName,
    trial: recordingLostTrials(run),
    exact: (t) => run(t) as Promise<PropertyResult>,
    shrink: (t) => run(t) as Promise<Counterexample>,
    raw: run,
    async status() {
      const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
      const workers = await queue.getWorkersCount();
      return {
        queueName,
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        workers,
        enqueued: seq,
        finished,
        deadLettered,
        meanJobMs: finished > 0 ? busyMs / finished : null,
      };
    },
    async close() {
      closing = true;
      for (const { job, reject } of open.values()) {
        await job.remove().catch(() => {});
        reject(new TaskLost('aborted', 'the run is closing'));
      }
      await events.close().catch(() => {});
      await queue.close().catch(() => {});
      conn.disconnect();
      eventsConn.disconnect();
    },
  };
}
