/** Shared test fixtures for the classes: seeded latents, mechanism sets, error capture. */
import { expect } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors.ts';
import type { Mat } from '../../src/core/matrix.ts';
import { Rng } from '../../src/rng/rng.ts';
import type { ClassOptions } from '../../src/classes/index.ts';
import { CLASS_IDS, classById } from '../../src/classes/index.ts';
import type { EquivalenceClass } from '../../src/classes/index.ts';

/** Samples per test matrix. */
export const N = 400;

/** Latent distributions the tests draw z from. */
export type LatentLaw = 'normal' | 'laplace';

/** n × d latents from the seeded Rng (standard normal or Laplace(0, 1)). */
export function latents(rng: Rng, n: number, d: number, law: LatentLaw = 'normal'): Mat {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => (law === 'normal' ? rng.normal() : rng.laplace())));
}

/** Mechanism families used to build centralizer classes in tests. */
export type MechanismKind = 'distinct-diagonal' | 'block-rotation' | 'random-dense' | 'identity';

/** Rotation by angle t in the plane. */
function rot(t: number): Mat {
  return [
    [Math.cos(t), -Math.sin(t)],
    [Math.sin(t), Math.cos(t)],
  ];
}

/** A mechanism set of the given kind in dimension d (one matrix; centralizer dims: d, ⌈d/2⌉·2-ish, d, d²). */
export function mechanisms(rng: Rng, d: number, kind: MechanismKind): Mat[] {
  const m = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  switch (kind) {
    case 'distinct-diagonal': {
      // Well-separated eigenvalues 1, 2, ..., d shuffled and jittered.
      const vals = rng.permutation(d).map((k) => k + 1 + rng.range(-0.3, 0.3));
      vals.forEach((v, i) => (m[i][i] = v));
      return [m];
    }
    case 'block-rotation': {
      // Planes with distinct angles in (0.3, 2.8); a 1 × 1 block 2.5 when d is odd.
      for (let p = 0; 2 * p + 1 < d; p++) {
        const r = rot(0.3 + 0.8 * p + rng.range(0, 0.4));
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) m[2 * p + i][2 * p + j] = r[i][j];
      }
      if (d % 2 === 1) m[d - 1][d - 1] = 2.5;
      return [m];
    }
    case 'random-dense':
      return [rng.normalMatrix(d, d)];
    case 'identity':
      for (let i = 0; i < d; i++) m[i][i] = 1;
      return [m];
  }
}

/** Class options for `classById`: mechanisms for the centralizer class, nothing for the others. */
export function optionsFor(id: string, rng: Rng, d: number, kind: MechanismKind = 'distinct-diagonal'): ClassOptions {
  return id === 'centralizer' ? { mechanisms: mechanisms(rng, d, kind) } : {};
}

/** A class by id with a generic (non-full-centralizer) mechanism set when it needs one. */
export function makeClass(id: string, rng: Rng, d: number): EquivalenceClass {
  const kinds: MechanismKind[] = ['distinct-diagonal', 'block-rotation', 'random-dense'];
  return classById(id, d, optionsFor(id, rng, d, rng.pick(kinds)));
}

/** All class ids, for `describe.each`. */
export const ALL_IDS = [...CLASS_IDS];

/** fast-check arbitraries: a seed, a dimension 2..6, a latent law. */
export const arbSeed = fc.integer({ min: 0, max: 0x7fffffff });
export const arbDim = fc.integer({ min: 2, max: 6 });
export const arbLaw = fc.constantFrom<LatentLaw>('normal', 'laplace');

/** The error `fn` throws (fails the test if it does not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw, got none');
}

/** Assert `fn` throws an InputError naming `field` with `value` (NaN-aware), both visible in the message. */
export function expectInputError(fn: () => unknown, field: string, value: unknown): InputError {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(InputError);
  const err = e as InputError;
  expect(err.field).toBe(field);
  if (typeof value === 'number' && Number.isNaN(value)) expect(Number.isNaN(err.value)).toBe(true);
  else expect(err.value).toEqual(value);
  expect(err.message).toContain(field);
  return err;
}

/** Largest |a_ij − b_ij|. */
export function maxAbsDiff(a: Mat, b: Mat): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
  return m;
}

/** Largest |a_ij|. */
export function maxAbs(a: Mat): number {
  return a.reduce((m, row) => Math.max(m, ...row.map(Math.abs)), 0);
}
