/**
 * Replacing a kernel of tfjs's wasm backend: the shared plumbing of `fastGather.ts` and `fastSlice.ts` (the typed
 * subset of the backend they use, 32-bit word views for bit-exact copies, and the swap of a registered kernel that
 * keeps the original as the fallback).
 */
import * as tf from '@tensorflow/tfjs';

/** What the replacement kernels need of tfjs-backend-wasm's backend object (its class is not exported typed). */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** The same bytes as 32-bit words: copying words never touches float values (NaN payloads, −0 survive). */
export function words(a: Float32Array | Int32Array | Uint8Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
}

/**
 * The whole wasm heap as 32-bit words and the word offsets of `src` and `dst` in it, for `copyWithin` (a memmove:
 * `set` between two views of one buffer takes a slower overlap-safe path, measured 2× slower than reading the
 * whole input out first).
 */
export function heapWords(src: Float32Array | Int32Array | Uint8Array, dst: Float32Array | Int32Array | Uint8Array): { heap: Int32Array; from: number; to: number } {
  return { heap: new Int32Array(src.buffer), from: src.byteOffset >> 2, to: dst.byteOffset >> 2 };
}

/** A kernel body that may hand the case to the original kernel. */
export type ReplacementKernel = (args: Parameters<tf.KernelFunc>[0], original: tf.KernelFunc) => ReturnType<tf.KernelFunc>;

const replaced = new Set<string>();

/**
 * Register `kernel` as the wasm backend's `kernelName`, keeping the original's setup and dispose and passing it as
 * the fallback. Idempotent per kernel name; returns whether the kernel is replaced (false when wasm has none).
 */
export function replaceWasmKernel(kernelName: string, kernel: ReplacementKernel): boolean {
  if (replaced.has(kernelName)) return true;
  const original = tf.getKernel(kernelName, 'wasm');
  if (!original) return false;
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({
    kernelName,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: (args) => kernel(args, original.kernelFunc),
  });
  replaced.add(kernelName);
  return true;
}

/** Whether `replaceWasmKernel` replaced `kernelName` in this thread. */
export function wasmKernelReplaced(kernelName: string): boolean {
  return replaced.has(kernelName);
}
