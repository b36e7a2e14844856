/**
 * A faster `Slice` kernel for the wasm backend. tfjs-backend-wasm 4.22's kernel first copies its whole input out of
 * the wasm heap (`readSync`) and then copies the slice from that copy, so k slices of an n-element tensor move k·n
 * elements: `flatAdam` cuts every step's update out of one flat buffer, and the contrastive learner slices its batch
 * indices. This kernel copies only the slice, from a view of the heap, as 32-bit words (the same bits as tfjs's
 * kernel; tests/tfjs/fastSlice.test.ts compares them), for float32 and int32 tensors whose slice is one contiguous
 * range or a block of rows of a matrix; every other case goes to tfjs's own kernel. A slice past the end throws
 * tfjs's own range error (the cpu backend's), where tfjs's wasm kernel copied whatever lay in the heap there.
 *
 * Written here because tfjs lets a backend's kernel be replaced but ships no faster slice; nothing changes for the
 * cpu or the native backends.
 */
import * as tf from '@tensorflow/tfjs';
import { heapWords, replaceWasmKernel, type WasmBackendLike } from './wasmKernels.ts';

/** The slice of `x` at `begin` of `size` (module doc), or null when the case is left to tfjs's kernel. */
function sliceKernel(x: tf.TensorInfo, begin: number | number[], size: number | number[] | undefined, backend: WasmBackendLike): tf.TensorInfo | null {
  if (x.dtype !== 'float32' && x.dtype !== 'int32') return null;
  const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
  // tfjs's wasm kernel does not check the range (it copies whatever lies there); the cpu kernel does, and so do we.
  tf.slice_util.assertParamsValid(x as tf.Tensor, b, s);
  const count = s.reduce((a, v) => a * v, 1);
  if (count === 0) return null;
  const rank = x.shape.length;
  const continuous = tf.slice_util.isSliceContinous(x.shape, b, s);
  if (!continuous && rank !== 2) return null;
  const out = backend.makeOutput(s, x.dtype);
  // Views only after makeOutput: it may grow the wasm memory, which detaches earlier views.
  const { heap, from, to } = heapWords(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out));
  if (continuous) {
    const offset = from + tf.slice_util.computeFlatOffset(b, tf.util.computeStrides(x.shape));
    heap.copyWithin(to, offset, offset + count);
  } else {
    const cols = x.shape[1];
    for (let i = 0; i < s[0]; i++) {
      const start = from + (b[0] + i) * cols + b[1];
      heap.copyWithin(to + i * s[1], start, start + s[1]);
    }
  }
  return out;
}

/** Replace the wasm backend's `Slice` kernel by `sliceKernel`, falling back to the original (idempotent). */
export function installFastSlice(): boolean {
  return replaceWasmKernel('Slice', (args, original) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { begin, size } = args.attrs as { begin: number | number[]; size?: number | number[] };
    return sliceKernel(x, begin, size, args.backend as unknown as WasmBackendLike) ?? original(args);
  });
}
