/**
 * Distributed execution on BullMQ + Redis: a local redis-server on a free loopback port, workers in
 * separate processes, one killed mid-trial; the queued run must equal a local run (apart from timing)
 * with every trial in the store exactly once.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuite } from '../../src/runner/runSuite.ts';
import { startLocalRedis, freePort, type LocalRedis } from '../../src/runner/queue/localRedis.ts';
import { parseRedisUrl } from '../../src/runner/queue/url.ts';
import { startWorker } from '../../src/runner/queue/worker.ts';
import { deadLetterKey } from '../../src/runner/queue/jobs.ts';
import { InputError } from '../../src/core/errors.ts';
import { Redis } from 'ioredis';
import { poolTheorem, unrulyTheorem } from '../fixtures/pool-theorems.ts';
import { runAudit } from '../../src/audit/audit.ts';
import { cli, withoutTiming } from '../cli/helpers.ts';
import { NO_REDIS, spawnWorker } from './helpers.ts';

const MODULE = 'tests/fixtures/pool-theorems.ts';
const tmp = () => mkdtempSync(join(tmpdir(), 'latentcheck-queue-'));

/** Trial entries of a run store, keyed theorem/property#index, with their multiplicity. */
function storeTrials(path: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    if (!line.trim()) continue;
    const e = JSON.parse(line);
    if (e.type !== 'trial') continue;
    const k = `${e.theoremId}/${e.propertyId}#${e.record.index}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

describe('Redis URLs', () => {
  it('a malformed URL is an InputError naming the queue field and the value', () => {
    for (const bad of ['nope', 'http://127.0.0.1:6379', 'redis://', 'redis://127.0.0.1:99999', 'redis://127.0.0.1:6379/x', 'redis://h:1/99', 'redis://h?x=1'])
      expect(() => parseRedisUrl(bad), bad).toThrow(InputError);
    expect(() => parseRedisUrl('nope')).toThrow(/queue: expected a Redis URL .* got "nope"/);
    expect(parseRedisUrl('redis://127.0.0.1:7000/2')).toMatchObject({ host: '127.0.0.1', port: 7000, db: 2, tls: false });
    expect(parseRedisUrl('rediss://u:secret@example.org').display).toBe('rediss://u:***@example.org');
  });

  it('CLI: a malformed --queue URL exits 2 with a message naming the field and the value', () => {
    const r = cli(['worker', '--queue', 'redis//nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/latentcheck: queue: expected a Redis URL such as redis:\/\/127\.0\.0\.1:6379 .*got "redis\/\/nope"/);
  }, 60_000);

  it('an unreachable Redis stops the run before the store is touched (QueueUnreachableError)', async () => {
    const out = tmp();
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(runSuite([poolTheorem], { seed: 1, profile: 'quick', queue: { url }, storePath: join(out, 'runstore.jsonl') })).rejects.toThrow(/QueueUnreachableError|cannot reach Redis at redis:\/\/127\.0\.0\.1/);
    expect(existsSync(join(out, 'runstore.jsonl'))).toBe(false);
  });
});

describe.skipIf(NO_REDIS)(`queue on a local Redis${NO_REDIS ? ` (skipped: ${NO_REDIS})` : ''}`, () => {
  let redis: LocalRedis;
  beforeAll(async () => {
    redis = await startLocalRedis();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('two worker processes, one SIGKILLed mid-trial: results equal a local run, each trial stored exactly once', async () => {
    const queueName = 'kill-test';
    const args = ['--queue', redis.url, '--queue-name', queueName, '--module', MODULE, '--lock-duration', '2', '--stalled-interval', '1'];
    const env = { LATENTCHECK_TRIAL_MS: '300' };
    const a = spawnWorker(args, env);
    const b = spawnWorker(args, env);
    try {
      await Promise.all([a.waitFor(/waiting for jobs/), b.waitFor(/waiting for jobs/)]);
      const out = tmp();
      const storePath = join(out, 'runstore.jsonl');
      const queued = runSuite([poolTheorem], { seed: 9, profile: 'quick', queue: { url: redis.url, queueName, inFlight: 4 }, modules: [MODULE], storePath });
      // Kill worker a while it holds a trial (each takes 300 ms).
      await a.waitFor(/start \S+ fixture\.pool\/(good|bad)-coin#\d+ trial/);
      a.child.kill('SIGKILL');
      const killedJob = /start (\S+) fixture\.pool\/\S+ trial/.exec(a.log())![1];
      expect(a.log()).not.toMatch(new RegExp(`done ${killedJob} `));
      const r = await Promise.race([
        queued,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`queued run unfinished after 120 s\nworker a:\n${a.log()}\nworker b:\n${b.log()}`)), 120_000)),
      ]);
      // The killed worker's job went back to the queue and the other worker ran it.
      expect(b.log()).toMatch(new RegExp(`start ${killedJob} `));
      const local = await runSuite([poolTheorem], { seed: 9, profile: 'quick', workers: 0 });
      expect(withoutTiming(r.theorems)).toEqual(withoutTiming(local.theorems));
      expect(r.timing.executor).toBe('queue');
      const stored = storeTrials(storePath);
      for (const [k, n] of stored) expect(n, k).toBe(1);
      const trained = local.theorems[0].properties.filter((p) => p.kind === 'trained');
      for (const p of trained) for (let i = 0; i < p.trials; i++) expect(stored.has(`fixture.pool/${p.propertyId}#${i}`), `${p.propertyId}#${i}`).toBe(true);
    } finally {
      a.child.kill('SIGKILL');
      b.child.kill('SIGTERM');
      expect(await b.exited).toBe(0);
    }
    expect(b.log()).toMatch(/worker stopped: \d+ job\(s\) done/);
  }, 240_000);

  it('a worker of another version refuses the job with a named error; nothing is lost and --resume finishes the run', async () => {
    const queueName = 'version-test';
    const out = tmp();
    const storePath = join(out, 'runstore.jsonl');
    const other = await startWorker({ url: redis.url, queueName, modules: [MODULE], version: '0.0.0-other' });
    try {
      await expect(runSuite([poolTheorem], { seed: 9, profile: 'quick', queue: { url: redis.url, queueName }, modules: [MODULE], storePath })).rejects.toThrow(
        /VersionMismatchError: version mismatch: the job was enqueued by latentcheck \S+, this worker is latentcheck 0\.0\.0-other/,
      );
    } finally {
      await other.stop();
    }
    // The refused jobs are in the dead-letter list.
    const c = new Redis(redis.url);
    const dead = (await c.lrange(deadLetterKey(queueName), 0, -1)).map((s) => JSON.parse(s));
    await c.quit();
    expect(dead.length).toBeGreaterThan(0);
    expect(dead[0].reason).toMatch(/^refused: VersionMismatchError/);
    // The store still has its header; a resumed run with a right worker completes and equals a local run.
    expect(readFileSync(storePath, 'utf8').split('\n')[0]).toMatch(/"type":"header"/);
    const right = await startWorker({ url: redis.url, queueName, modules: [MODULE], concurrency: 2 });
    try {
      const r = await runSuite([poolTheorem], { seed: 9, profile: 'quick', queue: { url: redis.url, queueName }, modules: [MODULE], storePath, resume: true });
      const local = await runSuite([poolTheorem], { seed: 9, profile: 'quick', workers: 0 });
      expect(withoutTiming(r.theorems)).toEqual(withoutTiming(local.theorems));
      for (const [k, n] of storeTrials(storePath)) expect(n, k).toBe(1);
    } finally {
      await right.stop();
    }
  }, 240_000);

  it('an audit on the queue equals the local audit', async () => {
    const queueName = 'audit-test';
    const w = await startWorker({ url: redis.url, queueName, modules: [MODULE], concurrency: 2 });
    try {
      const strip = (a: Awaited<ReturnType<typeof runAudit>>) => a.entries.map(({ wallMs: _, ...e }) => e);
      const queued = await runAudit([poolTheorem], { seed: 4, profile: 'quick', trials: 20, queue: { url: redis.url, queueName }, modules: [MODULE] });
      const local = await runAudit([poolTheorem], { seed: 4, profile: 'quick', trials: 20 });
      expect(strip(queued)).toEqual(strip(local));
      expect(queued.timing.executor).toBe('queue');
    } finally {
      await w.stop();
    }
  }, 120_000);

  it('on the queue, a trial that crashes its worker thread or hangs past the time limit is recorded as crashed / timeout, the run goes on, each trial stored once', async () => {
    // The per-trial limit on a worker is a timer-held deadline (src/runner/deadline.ts): with Node 20's
    // AbortSignal.timeout/any a collected signal never fired and a hanging trial held its worker slot for good.
    const queueName = 'unruly-test';
    const out = tmp();
    const storePath = join(out, 'runstore.jsonl');
    const w = await startWorker({ url: redis.url, queueName, modules: [MODULE], concurrency: 2 });
    try {
      const r = await runSuite([unrulyTheorem], {
        seed: 1,
        profile: 'quick',
        queue: { url: redis.url, queueName, retries: 1 },
        trialTimeoutMs: 6000,
        modules: [MODULE],
        storePath,
        sequential: false,
        shrinkBudget: 0,
      });
      const p = r.theorems[0].properties[0];
      // The same statuses as the local pool gives this fixture at seed 1 (tests/runner/pool.test.ts).
      expect(p.outcomes!.map((o) => o.status)).toEqual(['timeout', 'crashed', 'done', 'timeout', 'crashed', 'timeout']);
      for (const f of p.failedTrials!) expect(f.error).toMatch(/worker exited|timed out/);
      // A thread crash and a timeout are trial outcomes, not failed jobs: nothing is dead-lettered.
      const c = new Redis(redis.url);
      expect(await c.llen(deadLetterKey(queueName))).toBe(0);
      await c.quit();
      const trials = storeTrials(storePath);
      expect(trials.size).toBe(6);
      for (const [k, n] of trials) expect(n, k).toBe(1);
    } finally {
      await w.stop();
    }
  }, 120_000);

  it('a job whose worker process dies more often than --max-stalls allows goes to the dead-letter list; its trial is recorded as crashed, once, and the run finishes', async () => {
    const queueName = 'dead-letter-test';
    const out = tmp();
    const storePath = join(out, 'runstore.jsonl');
    const args = ['--queue', redis.url, '--queue-name', queueName, '--module', MODULE, '--lock-duration', '1', '--stalled-interval', '1', '--max-stalls', '1'];
    const env = { LATENTCHECK_TRIAL_MS: '1500' };
    const workers = [spawnWorker(args, env)];
    try {
      await workers[0].waitFor(/waiting for jobs/);
      // One job in flight at a time, so the killed job is the only one a fresh worker can take.
      const queued = runSuite([poolTheorem], { seed: 9, profile: 'quick', queue: { url: redis.url, queueName, inFlight: 1, retries: 0 }, modules: [MODULE], storePath, shrinkBudget: 0 });
      await workers[0].waitFor(/start \S+ fixture\.pool\/\S+ trial/);
      const job = /start (\S+) (fixture\.pool\/\S+) trial/.exec(workers[0].log())!;
      const [jobId, label] = [job[1], job[2]];
      workers[0].child.kill('SIGKILL');
      // The job comes back once (stall 1 ≤ --max-stalls 1); its second worker is killed too.
      workers.push(spawnWorker(args, env));
      await workers[1].waitFor(new RegExp(`start ${jobId} `), 60_000);
      workers[1].child.kill('SIGKILL');
      // A third worker sees the second stall (> --max-stalls): the job fails for good; it runs the rest.
      workers.push(spawnWorker(args, { LATENTCHECK_TRIAL_MS: '40' }));
      const r = await Promise.race([
        queued,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`queued run unfinished after 120 s\n${workers.map((w) => w.log()).join('\n---\n')}`)), 120_000)),
      ]);
      expect(workers[2].log()).not.toMatch(new RegExp(`start ${jobId} `));
      const c = new Redis(redis.url);
      const dead = (await c.lrange(deadLetterKey(queueName), 0, -1)).map((e) => JSON.parse(e));
      await c.quit();
      expect(dead).toHaveLength(1);
      expect(dead[0].jobId).toBe(jobId);
      expect(dead[0].reason).toMatch(/stalled/i);
      // The lost trial is a recorded outcome (crashed), stored once like every other trial.
      const [propertyId, index] = label.slice('fixture.pool/'.length).split('#');
      const p = r.theorems[0].properties.find((q) => q.propertyId === propertyId)!;
      expect(p.outcomes![Number(index)].status).toBe('crashed');
      expect(p.failedTrials!.some((f) => /dead-letter/.test(f.error ?? ''))).toBe(true);
      for (const [k, n] of storeTrials(storePath)) expect(n, k).toBe(1);
      expect(storeTrials(storePath).get(label)).toBe(1);
    } finally {
      for (const w of workers) w.child.kill('SIGKILL');
    }
  }, 240_000);

  it('a job for a theorem the worker does not know is refused (JobRefusedError naming the theorem), not run', async () => {
    const queueName = 'unknown-test';
    const w = await startWorker({ url: redis.url, queueName }); // no --module: fixture.pool is unknown to it
    try {
      await expect(runSuite([poolTheorem], { seed: 9, profile: 'quick', queue: { url: redis.url, queueName }, modules: [MODULE] })).rejects.toThrow(
        /JobRefusedError|refused by a worker: InputError: job\.task\.theoremId: expected a theorem this worker knows .* got "fixture\.pool"/,
      );
    } finally {
      await w.stop();
    }
  }, 120_000);
});
