/**
 * Tensor bookkeeping: tfjs frees tensor memory only on `dispose()` / `tf.tidy`, so a trial loop that
 * forgets one intermediate grows without bound. `withTensorCheck` turns such a leak into an error.
 */
import * as tf from '@tensorflow/tfjs';
import { LatentcheckError } from '../core/errors.ts';

/** Number of live tensors (including variables) in the tfjs engine. */
export function tensorCount(): number {
  return tf.memory().numTensors;
}

/** Raised by `withTensorCheck` when the function left tensors behind. */
export class TensorLeakError extends LatentcheckError {
  override name = 'TensorLeakError';
  constructor(
    readonly label: string,
    readonly before: number,
    readonly after: number,
    readonly bytesLeaked: number,
  ) {
    super(
      `${label}: leaked ${after - before} tensor(s) (${bytesLeaked} bytes): live tensors went from ${before} to ${after}; ` +
        `dispose intermediates or run the work inside tf.tidy()`,
    );
  }
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * Run `fn` and throw `TensorLeakError` if the number of live tensors grew. Async functions are
 * checked when their promise settles. If `fn` throws, its error propagates unchanged (no check).
 * A function that returns a tensor counts as leaking it; dispose it inside `fn`, or check around the caller.
 */
export function withTensorCheck<T>(label: string, fn: () => T): T {
  const before = tf.memory();
  const check = (): void => {
    const after = tf.memory();
    if (after.numTensors > before.numTensors)
      throw new TensorLeakError(label, before.numTensors, after.numTensors, Math.max(0, after.numBytes - before.numBytes));
  };
  const result = fn();
  if (isPromiseLike(result)) {
    return Promise.resolve(result).then((value) => {
      check();
      return value;
    }) as T;
  }
  check();
  return result;
}
