/**
 * The CLI's side of distributed execution: `latentcheck worker --queue URL` (a thin shell over
 * `startWorker`), the options `run` and `audit` take for `--queue`, and the periodic queue status line
 * (counts, connected workers, ETA from this run's throughput).
 */
import type { Command } from 'commander';
import { InputError } from '../core/errors.ts';
import { latentcheckVersion } from '../core/versions.ts';
import type { QueueExecutor } from '../runner/queue/executor.ts';
import { DEFAULT_QUEUE_NAME } from '../runner/queue/jobs.ts';
import { parseRedisUrl } from '../runner/queue/url.ts';
import { startWorker } from '../suite.ts';
import type { CliIo } from './compare.ts';

function positive(flag: string, v: string, integer = false): number {
  const n = Number(v);
  if (v.trim() === '' || !(n > 0) || (integer && !Number.isInteger(n))) throw new InputError(flag, v, integer ? 'a positive integer' : 'a positive number');
  return n;
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/** Options `run` and `audit` share for the queue. */
export function addQueueOptions(cmd: Command): Command {
  return cmd
    .option('--queue <url>', 'run trials on a BullMQ queue in Redis (e.g. redis://127.0.0.1:6379); start workers with `latentcheck worker --queue URL`')
    .option('--queue-name <name>', 'BullMQ queue name (workers use the same)', DEFAULT_QUEUE_NAME)
    .option('--retries <n>', 'retries of a queued job whose worker died or failed (then: dead-letter list, trial recorded as crashed)', '2')
    .option('--in-flight <n>', 'queued jobs each trained property keeps enqueued at once', '16')
    .option('--queue-status <seconds>', 'seconds between queue status lines on stderr (0: none)', '15');
}

/** Parsed queue options of `run` / `audit`, or undefined without --queue. */
export function queueOptionsFrom(o: { queue?: string; queueName: string; retries: string; inFlight: string }): { url: string; queueName: string; retries: number; inFlight: number } | undefined {
  if (o.queue === undefined) return undefined;
  parseRedisUrl(o.queue);
  const retries = Number(o.retries);
  if (!Number.isInteger(retries) || retries < 0) throw new InputError('retries', o.retries, 'a non-negative integer');
  return { url: o.queue, queueName: o.queueName, retries, inFlight: positive('in-flight', o.inFlight, true) };
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
}

/**
 * Print the queue's status every `seconds`: counts, workers, this run's jobs and an ETA for what is
 * queued from the run's observed throughput (finished jobs per second since its first result).
 * Returns a function that stops it.
 */
export function watchQueue(q: QueueExecutor, seconds: number, err: (s: string) => void): () => void {
  if (!(seconds > 0)) return () => {};
  const t0 = performance.now();
  let warnedNoWorker = false;
  const tick = async () => {
    try {
      const s = await q.status();
      const elapsed = performance.now() - t0;
      const rate = s.finished > 0 ? s.finished / elapsed : 0;
      const eta = rate > 0 ? duration((s.waiting + s.active) / rate) : 'unknown';
      err(`queue ${s.queueName}: ${s.waiting} waiting, ${s.active} active, ${s.delayed} delayed, ${s.failed} failed; ${s.workers} worker(s); this run ${s.finished}/${s.enqueued} jobs finished${s.deadLettered ? `, ${s.deadLettered} dead-lettered` : ''}; ETA ${eta}`);
      if (s.workers === 0 && !warnedNoWorker) {
        warnedNoWorker = true;
        err(`queue ${s.queueName}: no worker is connected; start one with \`latentcheck worker --queue URL --queue-name ${s.queueName}\``);
      }
    } catch {
      /* Redis unreachable for now: the executor reports it */
    }
  };
  const timer = setInterval(() => void tick(), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Add the `worker` subcommand; `setCode` receives its exit code. */
export function registerWorker(program: Command, io: CliIo, setCode: (code: number) => void): void {
  program
    .command('worker')
    .description('pull trials from a BullMQ queue in Redis and run them (any number of machines); SIGTERM: finish or hand back the running jobs, then stop')
    .requiredOption('--queue <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
    .option('--queue-name <name>', 'BullMQ queue name', DEFAULT_QUEUE_NAME)
    .option('--concurrency <n>', 'jobs run at once (one worker thread each)', '1')
    .option('--module <path>', 'also load theorem specs from this module (repeatable; the run\'s --module files)', collect, [])
    .option('--backend <name>', 'tfjs backend: auto, wasm, cpu, node, node-gpu (or LATENTCHECK_BACKEND)')
    .option('--lock-duration <seconds>', 'lock of a running job; a dead worker\'s job returns to the queue about this long after it died', '30')
    .option('--stalled-interval <seconds>', 'how often this worker looks for jobs of dead workers', '30')
    .option('--max-stalls <n>', 'times a job may lose its worker before it fails for good', '2')
    .option('--grace <seconds>', 'after SIGTERM, how long running jobs may finish before they are handed back to the queue', '600')
    .option('--quiet', 'no line per job')
    .action(async (o) => {
      // Signal handlers go in before the worker starts (a SIGTERM during start-up stops it right after).
      let handle: Awaited<ReturnType<typeof startWorker>> | null = null;
      let signals = 0;
      const onSignal = (sig: string) => {
        signals++;
        io.err(signals === 1 ? `${sig}: finishing the running jobs (again to hand them back now)` : `${sig}: handing the running jobs back to the queue`);
        void handle?.stop({ now: signals > 1 });
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      handle = await startWorker({
        url: o.queue,
        queueName: o.queueName,
        concurrency: positive('concurrency', o.concurrency, true),
        modules: o.module,
        backend: o.backend,
        lockDurationMs: positive('lock-duration', o.lockDuration) * 1000,
        stalledIntervalMs: positive('stalled-interval', o.stalledInterval) * 1000,
        maxStalls: positive('max-stalls', o.maxStalls, true),
        graceMs: positive('grace', o.grace) * 1000,
        onLog: o.quiet ? (s) => (s.startsWith('refused') ? io.err(s) : undefined) : (s) => io.err(s),
      }).catch((e: unknown) => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        throw e;
      });
      if (signals > 0) void handle.stop({ now: signals > 1 });
      io.err(`latentcheck worker ${latentcheckVersion()}: queue ${o.queueName} at ${parseRedisUrl(o.queue).display}, concurrency ${o.concurrency}; waiting for jobs (SIGTERM/SIGINT: finish the running jobs and stop; twice: hand them back now)`);
      const stats = await handle.done;
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      io.err(`worker stopped: ${stats.completed} job(s) done, ${stats.refused} refused, ${stats.handedBack} handed back`);
      setCode(0);
    });
}
