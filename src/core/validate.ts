/**
 * Validation of arrays and scalars at the public boundary. Each check throws an `InputError`
 * naming the field and the value, so bad input never reaches ml-matrix, munkres or tfjs.
 */
import { InputError } from './errors.ts';
import type { Mat } from './matrix.ts';

export interface MatrixExpectation {
  rows?: number;
  cols?: number;
  /** Minimum number of rows (e.g. samples must exceed dimensions). */
  minRows?: number;
  minCols?: number;
  square?: boolean;
}

/** Check that `value` is a rectangular matrix of finite numbers; returns it typed. */
export function assertMatrix(field: string, value: unknown, expect: MatrixExpectation = {}): Mat {
  if (!Array.isArray(value)) throw new InputError(field, value, 'a matrix (array of rows)');
  if (value.length === 0) throw new InputError(field, value, 'a non-empty matrix');
  const first = value[0];
  if (!Array.isArray(first)) throw new InputError(`${field}[0]`, first, 'a row (array of numbers)');
  const cols = first.length;
  if (cols === 0) throw new InputError(`${field}[0]`, first, 'a non-empty row');
  for (let i = 0; i < value.length; i++) {
    const row = value[i];
    if (!Array.isArray(row)) throw new InputError(`${field}[${i}]`, row, 'a row (array of numbers)');
    if (row.length !== cols) throw new InputError(`${field}[${i}]`, row, `a row of length ${cols} like row 0 (rows of unequal length)`);
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${field}[${i}][${j}]`, v, 'a finite number');
    }
  }
  const m = value as Mat;
  if (expect.rows !== undefined && m.length !== expect.rows) throw new InputError(`${field}.rows`, m.length, `${expect.rows} rows`);
  if (expect.cols !== undefined && cols !== expect.cols) throw new InputError(`${field}.cols`, cols, `${expect.cols} columns`);
  if (expect.minRows !== undefined && m.length < expect.minRows)
    throw new InputError(`${field}.rows`, m.length, `at least ${expect.minRows} rows`);
  if (expect.minCols !== undefined && cols < expect.minCols) throw new InputError(`${field}.cols`, cols, `at least ${expect.minCols} columns`);
  if (expect.square && m.length !== cols) throw new InputError(`${field}.shape`, `${m.length}x${cols}`, 'a square matrix');
  return m;
}

/** Check a vector of finite numbers. */
export function assertVector(field: string, value: unknown, length?: number): number[] {
  if (!Array.isArray(value)) throw new InputError(field, value, 'an array of numbers');
  if (length !== undefined && value.length !== length) throw new InputError(`${field}.length`, value.length, `length ${length}`);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${field}[${i}]`, v, 'a finite number');
  }
  return value as number[];
}

/**
 * Check a pair of sample matrices (z, ẑ) of n samples each: same row count, finite,
 * and more samples than dimensions (n > max(d_z, d_ẑ)) so correlations and regressions are defined.
 */
export function assertSamplePair(zField: string, z: unknown, zhatField: string, zhat: unknown): [Mat, Mat] {
  const a = assertMatrix(zField, z);
  const b = assertMatrix(zhatField, zhat);
  if (a.length !== b.length) throw new InputError(`${zhatField}.rows`, b.length, `${a.length} rows, as many samples as ${zField}`);
  const d = Math.max(a[0].length, b[0].length);
  if (a.length <= d + 1)
    throw new InputError(`${zField}.rows`, a.length, `more samples than dimensions + 1 (dimension ${d}, need at least ${d + 2})`);
  return [a, b];
}

/** Check a finite number, optionally within [min, max]. */
export function assertNumber(field: string, value: unknown, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(field, value, 'a finite number');
  if (opts.integer && !Number.isInteger(value)) throw new InputError(field, value, 'an integer');
  if (opts.min !== undefined && value < opts.min) throw new InputError(field, value, `a number >= ${opts.min}`);
  if (opts.max !== undefined && value > opts.max) throw new InputError(field, value, `a number <= ${opts.max}`);
  return value;
}

/** Check a positive integer (dimension, sample count). */
export function assertPositiveInt(field: string, value: unknown): number {
  return assertNumber(field, value, { min: 1, integer: true });
}
