/**
 * A time limit as an AbortSignal held by a real timer. Written by hand because Node 20's `AbortSignal.timeout`
 * and `AbortSignal.any` signals are held weakly: measured here, `AbortSignal.any([AbortSignal.any([c.signal,
 * AbortSignal.timeout(500)]), …])` never aborted once a garbage collection ran before the 500 ms were up, so a
 * hanging trial on a queue worker was never timed out and held its worker slot for good. Here the timer and the
 * parents' listeners hold the controller strongly until `clear()`.
 */

/** A deadline: its signal aborts when `ms` pass (reason a TimeoutError) or when any parent signal aborts (its reason). */
export interface Deadline {
  signal: AbortSignal;
  /** Whether the signal aborted because the time ran out (not a parent). */
  timedOut(): boolean;
  /** Stop the timer and detach from the parents (call when the task ends). */
  clear(): void;
}

/** Longest delay setTimeout accepts (ms); longer limits are clamped to it (≈ 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Start a deadline of `ms` milliseconds, also aborted by any of `parents`. */
export function deadline(ms: number, ...parents: (AbortSignal | undefined)[]): Deadline {
  const c = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    c.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError'));
  }, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
  const detach: (() => void)[] = [];
  for (const p of parents) {
    if (!p) continue;
    if (p.aborted) {
      c.abort(p.reason);
      break;
    }
    const onAbort = () => c.abort(p.reason);
    p.addEventListener('abort', onAbort, { once: true });
    detach.push(() => p.removeEventListener('abort', onAbort));
  }
  return {
    signal: c.signal,
    timedOut: () => expired,
    clear: () => {
      clearTimeout(timer);
      for (const d of detach) d();
    },
  };
}
