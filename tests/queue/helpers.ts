/** Helpers for the queue tests: a local Redis (skipped only when redis-server is missing) and worker processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { findRedisServer } from '../../src/runner/queue/localRedis.ts';
import { ROOT } from '../cli/helpers.ts';

/** Why the queue tests cannot run here, or null (CI installs redis-server, so there they run). */
export const NO_REDIS = findRedisServer() ? null : 'redis-server not found (Debian: apt-get install -y redis-server; .ci/run installs it)';

export interface WorkerProcess {
  child: ChildProcess;
  log: () => string;
  /** Resolves when the log matches `re`. */
  waitFor: (re: RegExp, timeoutMs?: number) => Promise<void>;
  exited: Promise<number | null>;
}

/** Spawn `latentcheck worker` in its own process. */
export function spawnWorker(args: string[], env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'latentcheck.js'), 'worker', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const onData = (d: Buffer) => {
    log += d.toString();
    for (const w of [...waiters]) if (w.re.test(log)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    log: () => log,
    exited,
    waitFor: (re, timeoutMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        if (re.test(log)) return resolve();
        const timer = setTimeout(() => reject(new Error(`worker log did not match ${re} within ${timeoutMs} ms:\n${log}`)), timeoutMs);
        waiters.push({ re, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() => setTimeout(() => reject(new Error(`worker exited before its log matched ${re}:\n${log}`)), 50));
      }),
  };
}
