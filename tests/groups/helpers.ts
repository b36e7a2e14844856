/** Shared checks of the group tests: membership of matrices in the classic groups, error capture. */
import { expect } from 'vitest';
import { determinant, Matrix } from 'ml-matrix';
import type { Mat } from '../../src/core/matrix.ts';
import { identity, matmul, transpose } from '../../src/core/matrix.ts';

export const TOL = 1e-10;

export function maxAbsDiff(a: Mat, b: Mat): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
  return m;
}

export function det(a: Mat): number {
  return determinant(new Matrix(a));
}

/** ‖QᵀQ − I‖_max. */
export function orthogonalityError(q: Mat): number {
  return maxAbsDiff(matmul(transpose(q), q), identity(q.length));
}

export function isPermutationMatrix(m: Mat): boolean {
  const n = m.length;
  const rows = m.every((row) => row.length === n && row.filter((v) => v === 1).length === 1 && row.every((v) => v === 0 || v === 1));
  const cols = Array.from({ length: n }, (_, j) => m.filter((row) => row[j] === 1).length === 1).every(Boolean);
  return rows && cols;
}

export function isSignedPermutationMatrix(m: Mat): boolean {
  return isPermutationMatrix(m.map((row) => row.map(Math.abs)));
}

/** The sub-block of rows/cols [r0, r0 + size). */
export function block(m: Mat, r0: number, size: number): Mat {
  return m.slice(r0, r0 + size).map((row) => row.slice(r0, r0 + size));
}

/** Run `f`, expect an error with this name and field, and return it. */
export function expectError(f: () => unknown, name: 'InputError' | 'NumericalError', field: string | RegExp): Error & { field: string; value: unknown } {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${name} naming ${String(field)}`).toBeInstanceOf(Error);
  const err = caught as Error & { field: string; value: unknown };
  expect(err.name).toBe(name);
  if (typeof field === 'string') expect(err.field).toBe(field);
  else expect(err.field).toMatch(field);
  expect(err.message).toContain(err.field);
  return err;
}
