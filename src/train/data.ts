/** Small helpers between plain-array matrices (`number[][]`, rows = samples) and tfjs tensors. */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix } from '../core/validate.ts';

/**
 * A float32 [rows, cols] tensor from a rectangular matrix of finite numbers. Throws `InputError`
 * naming `field` (e.g. `field[3][1]`) for ragged rows, non-numbers, NaN or ±Infinity, and for
 * finite values outside the float32 range (they would become ±Infinity). The caller owns the tensor.
 */
export function toTensor2D(m: Mat, field = 'matrix'): tf.Tensor2D {
  assertMatrix(field, m);
  const rows = m.length;
  const cols = m[0].length;
  const buf = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = m[i];
    for (let j = 0; j < cols; j++) {
      const v = Math.fround(row[j]);
      if (!Number.isFinite(v)) throw new InputError(`${field}[${i}][${j}]`, row[j], 'a finite number within the float32 range (|x| < 3.4e38)');
      buf[i * cols + j] = v;
    }
  }
  return tf.tensor2d(buf, [rows, cols], 'float32');
}

/** The values of a rank-2 tensor as plain rows (synchronous read; the tensor is not disposed). */
export function fromTensor2D(t: tf.Tensor2D): Mat {
  if (!(t instanceof tf.Tensor) || t.rank !== 2) throw new InputError('t', t instanceof tf.Tensor ? t.shape : t, 'a rank-2 tensor');
  const [rows, cols] = t.shape;
  const v = t.dataSync();
  const out: Mat = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = new Array<number>(cols);
    for (let j = 0; j < cols; j++) row[j] = v[i * cols + j];
    out[i] = row;
  }
  return out;
}

/**
 * Rows `idx` of `t` (tf.gather along axis 0). `idx` is an int32 rank-1 tensor (e.g. the batch given
 * to a training loss) or an array of row indices. Call inside `tf.tidy` / a training loss.
 */
export function gatherRows<T extends tf.Tensor>(t: T, idx: tf.Tensor1D | readonly number[] | Int32Array): T {
  if (!(t instanceof tf.Tensor) || t.rank < 1) throw new InputError('t', t, 'a tensor of rank ≥ 1');
  if (idx instanceof tf.Tensor) {
    if (idx.rank !== 1 || idx.dtype !== 'int32') throw new InputError('idx', `${idx.dtype}[${idx.shape}]`, 'an int32 rank-1 tensor');
    return tf.gather(t, idx, 0) as T;
  }
  const n = t.shape[0];
  const arr = Array.from(idx as ArrayLike<number>);
  arr.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new InputError(`idx[${i}]`, v, `a row index in [0, ${n})`);
  });
  return tf.tidy(() => tf.gather(t, tf.tensor1d(arr, 'int32'), 0)) as T;
}
