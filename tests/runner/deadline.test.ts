/** deadline: a time limit held by a real timer (Node 20's AbortSignal.timeout/any can be collected before they fire). */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { deadline } from '../../src/runner/deadline.ts';
import { ROOT } from '../cli/helpers.ts';

describe('deadline', () => {
  it('aborts with a TimeoutError when the time runs out, and says so', async () => {
    const d = deadline(30);
    await new Promise((r) => setTimeout(r, 80));
    expect(d.signal.aborted).toBe(true);
    expect(d.timedOut()).toBe(true);
    expect((d.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('follows a parent signal (already aborted or later) without reading as a timeout; clear() stops both', async () => {
    const p = new AbortController();
    const d = deadline(10_000, undefined, p.signal);
    p.abort(new Error('stop'));
    expect(d.signal.aborted).toBe(true);
    expect(d.timedOut()).toBe(false);
    expect((d.signal.reason as Error).message).toBe('stop');
    d.clear();
    expect(deadline(10_000, p.signal).signal.aborted).toBe(true);
    const q = new AbortController();
    const e = deadline(30, q.signal);
    e.clear();
    await new Promise((r) => setTimeout(r, 80));
    q.abort();
    expect(e.signal.aborted).toBe(false);
  });

  it('fires after a garbage collection (the case AbortSignal.any of a timeout signal missed)', () => {
    const script = `
      import { deadline } from './src/runner/deadline.ts';
      const d = deadline(300);
      const outer = deadline(2 ** 31 - 1, d.signal);
      let fired = false;
      outer.signal.addEventListener('abort', () => (fired = true));
      globalThis.gc(); setTimeout(() => globalThis.gc(), 100);
      setTimeout(() => { console.log(JSON.stringify({ fired, timedOut: d.timedOut() })); outer.clear(); }, 800);`;
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out.trim())).toEqual({ fired: true, timedOut: true });
  });
});
