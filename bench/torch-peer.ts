/**
 * A long-lived PyTorch process for side-by-side benchmarks: the reference script (e.g.
 * `bench/reference/mlp.py`) reads one JSON request per line on stdin and answers one JSON line on
 * stdout, so the interpreter and torch are loaded once and its runs can alternate with ours.
 *
 * The interpreter: `BENCH_PYTHON`, else `/usr/bin/python3` (Debian's python3-torch), else `python3`
 * on the PATH; the first that imports torch and numpy. When none does, `findTorchPython` says why and
 * the benchmark skips the peer.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

/** A Python interpreter that imports torch, with torch's version; or why none was found. */
export type TorchPython = { ok: true; python: string; torch: string } | { ok: false; reason: string };

/** Find an interpreter that imports torch and numpy (see the module doc for the order). */
export function findTorchPython(): TorchPython {
  const candidates = process.env.BENCH_PYTHON ? [process.env.BENCH_PYTHON] : ['/usr/bin/python3', 'python3'];
  const errors: string[] = [];
  for (const c of candidates) {
    const probe = spawnSync(c, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) return { ok: true, python: c, torch: probe.stdout.trim() };
    errors.push(`${c}: ${probe.error ? probe.error.message : (probe.stderr || '').trim().split('\n').pop()}`);
  }
  return { ok: false, reason: `no interpreter imports torch and numpy (${errors.join('; ')}); Debian: apt install python3-torch, or set BENCH_PYTHON` };
}

/** A running reference process speaking the line protocol. */
export class TorchPeer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly queue: string[] = [];
  private waiter: ((line: string | null) => void) | null = null;
  private closed = false;
  private stderr = '';

  /** Start `python script ...args` with torch and the BLAS limited to `threads` threads. */
  constructor(python: string, script: string, args: string[], threads: number) {
    const threadEnv = { OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
    this.child = spawn(python, [script, '--threads', String(threads), ...args], { env: { ...process.env, ...threadEnv }, stdio: 'pipe' });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (l) => this.push(l));
    this.lines.on('close', () => {
      this.closed = true;
      this.push(null);
    });
  }

  private push(line: string | null): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(line);
    } else if (line !== null) this.queue.push(line);
  }

  /** The next JSON line the process writes (throws with its stderr tail when it exits instead). */
  async next<T>(): Promise<T> {
    const line = this.queue.shift() ?? (this.closed ? null : await new Promise<string | null>((r) => (this.waiter = r)));
    if (line === null) throw new Error(`the PyTorch reference exited: ${this.stderr.trim().split('\n').slice(-3).join(' | ') || 'no output'}`);
    return JSON.parse(line) as T;
  }

  /** Send one request and wait for its answer. */
  async request<T>(req: Record<string, unknown>): Promise<T> {
    this.child.stdin.write(JSON.stringify(req) + '\n');
    const out = await this.next<T & { error?: string }>();
    if (out.error) throw new Error(`the PyTorch reference answered: ${out.error}`);
    return out;
  }

  /** Ask the process to quit and wait for it to exit. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.stdin.end(JSON.stringify({ cmd: 'quit' }) + '\n');
    await exited;
  }
}
