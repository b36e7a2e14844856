/** Helpers of the wasm kernel tests: run on the cpu backend for reference values, and read a tensor's raw bits. */
import * as tf from '@tensorflow/tfjs';

/** Run `f` on the cpu backend and come back to wasm. */
export async function onCpu<T>(f: () => T): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return f();
  } finally {
    await tf.setBackend('wasm');
  }
}

/** The tensor's values as 32-bit words (bit-for-bit comparison: NaN payloads and −0 count). */
export function bitsOf(t: tf.Tensor): Int32Array {
  const v = t.dataSync();
  return new Int32Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}
