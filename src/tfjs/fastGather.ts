/**
 * A faster `GatherV2` kernel for the wasm backend, for the case every minibatch takes: rows of a float32 or int32
 * tensor along axis 0 (`tf.gather(x, idx)`, `gatherRows`). tfjs-backend-wasm 4.22's kernel reads the indices back,
 * checks each with a closure-taking assert, reshapes both inputs and runs a generic strided gather in C++; measured
 * idle here it costs 0.11 ms for 256 rows of width 10 and 2.2–2.4 ms for 1024 rows of width 64, against 0.01 and
 * 0.04 ms for this kernel (bench/README.md, step-breakdown). This kernel checks the indices and copies whole rows inside the wasm heap, as 32-bit words, so its
 * output is the same bits as tfjs's (tests/tfjs/fastGather.test.ts compares them); every other case (another
 * axis, batch dimensions, other dtypes, empty tensors) goes to tfjs's own kernel.
 *
 * Written here because tfjs lets a backend's kernel be replaced but ships no faster gather; nothing is changed
 * for the cpu or the native backends.
 */
import type * as tf from '@tensorflow/tfjs';
import { heapWords, replaceWasmKernel, type WasmBackendLike, wasmKernelReplaced, words } from './wasmKernels.ts';

/** The rows `indices` of `x` along axis 0 (module doc), or null when the case is left to tfjs's kernel. */
function gatherRowsKernel(x: tf.TensorInfo, indices: tf.TensorInfo, axis: number, batchDims: number, backend: WasmBackendLike): tf.TensorInfo | null {
  const rank = x.shape.length;
  if (rank === 0 || batchDims !== 0 || (axis !== 0 && axis !== -rank)) return null;
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || indices.dtype !== 'int32') return null;
  const rows = x.shape[0];
  let width = 1;
  for (let d = 1; d < rank; d++) width *= x.shape[d];
  let count = 1;
  for (const d of indices.shape) count *= d;
  if (rows === 0 || width === 0 || count === 0) return null;
  {
    const idx = backend.typedArrayFromHeap(indices) as Int32Array;
    for (let i = 0; i < count; i++) {
      const v = idx[i];
      if (!(v >= 0 && v < rows)) throw new Error(`GatherV2: the index value ${v} is not in [0, ${rows - 1}]`);
    }
  }
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  // Views only after makeOutput: it may grow the wasm memory, which detaches earlier views.
  const idx = backend.typedArrayFromHeap(indices) as Int32Array;
  const s = words(backend.typedArrayFromHeap(x));
  const o = words(backend.typedArrayFromHeap(out));
  if (width === 1) {
    for (let i = 0; i < count; i++) o[i] = s[idx[i]];
  } else if (width <= 32) {
    for (let i = 0, k = 0; i < count; i++) {
      const from = idx[i] * width;
      for (let j = 0; j < width; j++) o[k++] = s[from + j];
    }
  } else {
    const { heap, from, to } = heapWords(s, o);
    for (let i = 0; i < count; i++) {
      const start = from + idx[i] * width;
      heap.copyWithin(to + i * width, start, start + width);
    }
  }
  return out;
}

/**
 * Replace the wasm backend's `GatherV2` kernel by `gatherRowsKernel`, falling back to the original for every case
 * it does not take. Idempotent; call after the wasm backend is registered (`initBackend` does).
 */
export function installFastGather(): boolean {
  return replaceWasmKernel('GatherV2', (args, original) => {
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = args.attrs as { axis: number; batchDims?: number };
    return gatherRowsKernel(x, indices, axis, batchDims ?? 0, args.backend as unknown as WasmBackendLike) ?? original(args);
  });
}

/** Whether `installFastGather` replaced the kernel in this thread. */
export function fastGatherInstalled(): boolean {
  return wasmKernelReplaced('GatherV2');
}
