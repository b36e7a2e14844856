/**
 * Queue benchmark: throughput of a queued run with 1 and 2 `latentcheck worker` processes on a local
 * redis-server, and the queue's overhead per trial against the in-process executor.
 *
 * Trials are the fixture coin of tests/fixtures/pool-theorems.ts (seeded, no training): with a 0 ms
 * trial the wall time is all overhead (enqueue, Redis round trips, the worker's thread hop, the
 * result event); with a 50 ms trial (a sleep, so two workers can overlap even on a 2-core VM) it
 * shows how throughput scales with workers. Every run is checked to give the same results.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startLocalRedis } from '../src/runner/queue/localRedis.ts';
import type { TheoremSpec } from '../src/theorem/types.ts';

const ROOT = resolve(import.meta.dirname, '..');
const MODULE = 'tests/fixtures/pool-theorems.ts';
const TRIALS = Number(process.env.BENCH_QUEUE_TRIALS ?? 200);

function worker(url: string, queueName: string, trialMs: number): Promise<{ stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'latentcheck.js'), 'worker', '--queue', url, '--queue-name', queueName, '--module', MODULE, '--quiet'], {
    cwd: ROOT,
    env: { ...process.env, LATENTCHECK_TRIAL_MS: String(trialMs) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  return new Promise((res, rej) => {
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('waiting for jobs'))
        res({
          stop: () =>
            new Promise<void>((r) => {
              child.once('exit', () => r());
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (c) => rej(new Error(`worker exited (${c}):\n${log}`)));
  });
}

export async function run(): Promise<void> {
  process.env.LATENTCHECK_TRIAL_MS = '0';
  const { poolTheorem } = await import('../tests/fixtures/pool-theorems.ts');
  const { runSuite } = await import('../src/runner/runSuite.ts');
  const theorem: TheoremSpec = { ...poolTheorem, properties: poolTheorem.properties.filter((p) => p.id === 'good-coin') };
  const opts = { seed: 3, profile: 'quick' as const, numRuns: TRIALS, sequential: false, shrinkBudget: 0 };
  const redis = await startLocalRedis();
  const rows: string[] = [];
  const reference = JSON.stringify((await runSuite([theorem], { ...opts, workers: 0 })).theorems[0].properties[0].outcomes);
  try {
    const t0 = performance.now();
    await runSuite([theorem], { ...opts, workers: 0 });
    const localMs = performance.now() - t0;
    rows.push(`| in-process executor | 0 ms | – | ${(localMs / 1000).toFixed(2)} | ${((TRIALS / localMs) * 1000).toFixed(1)} | – |`);
    for (const trialMs of [0, 50])
      for (const n of [1, 2]) {
        const queueName = `bench-${trialMs}-${n}`;
        const workers = await Promise.all(Array.from({ length: n }, () => worker(redis.url, queueName, trialMs)));
        try {
          const t1 = performance.now();
          const r = await runSuite([theorem], { ...opts, queue: { url: redis.url, queueName, inFlight: 32 }, modules: [MODULE] });
          const ms = performance.now() - t1;
          if (JSON.stringify(r.theorems[0].properties[0].outcomes) !== reference) throw new Error('queued results differ from the in-process run');
          const overhead = trialMs === 0 && n === 1 ? `${((ms - localMs) / TRIALS).toFixed(2)} ms` : trialMs === 50 ? `ideal ${((TRIALS * 50) / n / 1000).toFixed(1)} s` : '–';
          rows.push(`| queue, ${n} worker process${n > 1 ? 'es' : ''} | ${trialMs} ms | ${n} | ${(ms / 1000).toFixed(2)} | ${((TRIALS / ms) * 1000).toFixed(1)} | ${overhead} |`);
        } finally {
          await Promise.all(workers.map((w) => w.stop()));
        }
      }
    console.log(`${TRIALS} trials of fixture.pool/good-coin (sequential stopping off); results identical across executors: yes`);
    console.log('');
    console.log('| executor | trial work | workers | wall (s) | trials/s | overhead per trial (vs in-process) / ideal wall |');
    console.log('|---|---|---|---|---|---|');
    for (const r of rows) console.log(r);
  } finally {
    await redis.stop();
  }
}
