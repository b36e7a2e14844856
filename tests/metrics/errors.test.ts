/**
 * Bad input: every public metric throws an InputError whose field names the argument and whose message
 * shows both the field and the rejected value.
 */
import { describe, expect, it } from 'vitest';
import { InputError, NumericalError } from '../../src/core/errors.ts';
import type { Mat } from '../../src/core/matrix.ts';
import {
  averageRanks,
  gaussianCMI,
  gaussianMI,
  linearAssignment,
  linearR2,
  linearR2PerDim,
  mcc,
  mccPearson,
  mccSpearman,
  orthogonalResidual,
  pearsonMatrix,
  spearmanMatrix,
} from '../../src/metrics/index.ts';
import { gaussianSamples, thrown } from './helpers.ts';

/** Assert `fn` throws an InputError for `field` with `value`, both visible in the message. */
function expectInputError(fn: () => unknown, field: string, value: unknown, shown: string): InputError {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(InputError);
  const err = e as InputError;
  expect(err.field).toBe(field);
  if (Number.isNaN(value)) expect(Number.isNaN(err.value)).toBe(true);
  else expect(err.value).toEqual(value);
  expect(err.message).toContain(field);
  expect(err.message).toContain(shown);
  return err;
}

const pairMetrics: [string, (z: Mat, zhat: Mat) => unknown][] = [
  ['pearsonMatrix', pearsonMatrix],
  ['spearmanMatrix', spearmanMatrix],
  ['mcc', (z, zhat) => mcc(z, zhat)],
  ['mccPearson', mccPearson],
  ['mccSpearman', mccSpearman],
  ['linearR2', linearR2],
  ['linearR2PerDim', linearR2PerDim],
  ['orthogonalResidual', orthogonalResidual],
];

const z = gaussianSamples(1, 20, 3);
const zhat = gaussianSamples(2, 20, 3);
const withValue = (m: Mat, i: number, j: number, v: number): Mat => m.map((row, r) => row.map((x, c) => (r === i && c === j ? v : x)));

describe.each(pairMetrics)('%s', (_name, f) => {
  it('rejects a sample-count mismatch (zhat.rows)', () => {
    expectInputError(() => f(z, zhat.slice(0, 19)), 'zhat.rows', 19, '19');
  });
  it('rejects NaN in zhat', () => {
    expectInputError(() => f(z, withValue(zhat, 4, 2, NaN)), 'zhat[4][2]', NaN, 'NaN');
  });
  it('rejects Infinity in z', () => {
    expectInputError(() => f(withValue(z, 7, 1, Infinity), zhat), 'z[7][1]', Infinity, 'Infinity');
  });
  it('rejects -Infinity in zhat', () => {
    expectInputError(() => f(z, withValue(zhat, 0, 0, -Infinity)), 'zhat[0][0]', -Infinity, '-Infinity');
  });
  it('rejects fewer samples than dimensions (z.rows)', () => {
    expectInputError(() => f(z.slice(0, 3), zhat.slice(0, 3)), 'z.rows', 3, '3');
  });
  it('rejects ragged rows', () => {
    const ragged = zhat.map((row, i) => (i === 5 ? row.slice(0, 2) : row));
    expectInputError(() => f(z, ragged), 'zhat[5]', ragged[5], '[');
  });
});

describe('other inputs', () => {
  it('orthogonalResidual rejects different dimensions (zhat.cols)', () => {
    expectInputError(() => orthogonalResidual(z, gaussianSamples(3, 20, 2)), 'zhat.cols', 2, '2');
  });
  it('orthogonalResidual rejects a constant z', () => {
    const c = z.map(() => [1, 2, 3]);
    expectInputError(() => orthogonalResidual(c, zhat), 'z', c, 'matrix 20x3');
  });
  it('mcc rejects an unknown method (opts.method)', () => {
    expectInputError(() => mcc(z, zhat, { method: 'kendall' as 'pearson' }), 'opts.method', 'kendall', '"kendall"');
  });
  it('averageRanks rejects NaN (v[i])', () => {
    expectInputError(() => averageRanks([1, 2, NaN]), 'v[2]', NaN, 'NaN');
  });
  it('linearAssignment rejects NaN in the cost matrix (cost[i][j])', () => {
    expectInputError(() => linearAssignment([[1, 2], [NaN, 3]]), 'cost[1][0]', NaN, 'NaN');
  });
  it('linearAssignment rejects Infinity in the cost matrix', () => {
    expectInputError(() => linearAssignment([[1, Infinity], [2, 3]], { maximize: true }), 'cost[0][1]', Infinity, 'Infinity');
  });
  it('linearAssignment rejects an empty cost matrix and a non-boolean maximize', () => {
    expectInputError(() => linearAssignment([]), 'cost', [], '[]');
    expectInputError(() => linearAssignment([[1]], { maximize: 'yes' as unknown as boolean }), 'opts.maximize', 'yes', '"yes"');
  });
});

describe('Gaussian (C)MI inputs', () => {
  const z1 = gaussianSamples(4, 30, 1);
  const z2 = gaussianSamples(5, 30, 2);
  const a = Array.from({ length: 30 }, (_, t) => t % 2);

  it('rejects a group with too few samples for a non-singular covariance, naming a and the group', () => {
    // Group 7 has 3 samples; [z1, z2] is 3-dimensional, so it needs at least 4.
    const a7 = a.map((g, t) => (t < 3 ? 7 : g));
    const err = expectInputError(() => gaussianCMI(z1, z2, a7), 'a', 7, 'group a = 7 has 3');
    expect(err.message).toContain('at least 4 samples');
  });
  it('rejects a row-count mismatch (z2.rows) and labels of the wrong length (a.length)', () => {
    expectInputError(() => gaussianCMI(z1, z2.slice(0, 29), a), 'z2.rows', 29, '29');
    expectInputError(() => gaussianCMI(z1, z2, a.slice(0, 29)), 'a.length', 29, '29');
    expectInputError(() => gaussianMI(z1, z2.slice(0, 29)), 'z2.rows', 29, '29');
  });
  it('rejects NaN in z1, Infinity in z2 and NaN labels', () => {
    expectInputError(() => gaussianCMI(withValue(z1, 3, 0, NaN), z2, a), 'z1[3][0]', NaN, 'NaN');
    expectInputError(() => gaussianCMI(z1, withValue(z2, 2, 1, Infinity), a), 'z2[2][1]', Infinity, 'Infinity');
    expectInputError(() => gaussianCMI(z1, z2, a.map((g, t) => (t === 9 ? NaN : g))), 'a[9]', NaN, 'NaN');
  });
  it('gaussianMI rejects fewer samples than dimensions + 1 (z1.rows)', () => {
    expectInputError(() => gaussianMI(z1.slice(0, 3), z2.slice(0, 3)), 'z1.rows', 3, '3');
  });
  it('a collinear group (enough samples, singular covariance) is a NumericalError naming a and the group', () => {
    const z2c = z2.map((row, t) => (a[t] === 1 ? [row[0], 2 * row[0]] : row));
    const e = thrown(() => gaussianCMI(z1, z2c, a));
    expect(e).toBeInstanceOf(NumericalError);
    expect((e as NumericalError).field).toBe('a');
    expect((e as NumericalError).message).toContain('group a = 1');
  });
});
