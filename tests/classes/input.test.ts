/**
 * (c) Bad input: every class's fit (and contains) throws an InputError naming the field (`z…` / `zhat…`)
 * and the rejected value: shape mismatch, NaN, ±Infinity, too few samples, wrong dimension, ragged rows.
 * Also the checks on `threshold`, `size`, factory `dim` and the centralizer's mechanisms.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/rng/rng.ts';
import { centralizerClass, classById, orthogonalClass } from '../../src/classes/index.ts';
import { ALL_IDS, N, arbDim, arbSeed, expectInputError, latents, makeClass } from './helpers.ts';

describe.each(ALL_IDS)('%s: bad input', (id) => {
  it('rejects a sample-count mismatch, naming zhat.rows and its count', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, fc.integer({ min: 1, max: 50 }), (seed, d, missing) => {
        const rng = new Rng(seed);
        const cls = makeClass(id, rng, d);
        const z = latents(rng, N, d);
        const zhat = latents(rng, N - missing, d);
        expectInputError(() => cls.fit(z, zhat), 'zhat.rows', N - missing);
        expectInputError(() => cls.contains(z, zhat), 'zhat.rows', N - missing);
      }),
      { numRuns: 10 },
    );
  });

  it('rejects NaN and ±Infinity anywhere, naming the entry and the value', () => {
    fc.assert(
      fc.property(
        arbSeed,
        arbDim,
        fc.constantFrom('z', 'zhat'),
        fc.constantFrom(Number.NaN, Infinity, -Infinity),
        fc.nat(),
        fc.nat(),
        (seed, d, which, bad, i0, j0) => {
          const rng = new Rng(seed);
          const cls = makeClass(id, rng, d);
          const z = latents(rng, N, d);
          const zhat = latents(rng, N, d);
          const [i, j] = [i0 % N, j0 % d];
          (which === 'z' ? z : zhat)[i][j] = bad;
          const err = expectInputError(() => cls.fit(z, zhat), `${which}[${i}][${j}]`, bad);
          expect(err.message).toContain(Number.isNaN(bad) ? 'NaN' : 'Infinity');
        },
      ),
      { numRuns: 20 },
    );
  });

  it('rejects too few samples (n ≤ d + 1), naming z.rows and n', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, fc.nat(), (seed, d, k) => {
        const rng = new Rng(seed);
        const cls = makeClass(id, rng, d);
        const n = 1 + (k % (d + 1)); // 1 … d + 1
        expectInputError(() => cls.fit(latents(rng, n, d), latents(rng, n, d)), 'z.rows', n);
      }),
      { numRuns: 10 },
    );
  });

  it('rejects the wrong dimension, naming z.cols or zhat.cols and the column count', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, fc.constantFrom(-1, 1), (seed, d, delta) => {
        const rng = new Rng(seed);
        const cls = makeClass(id, rng, d);
        const good = latents(rng, N, d);
        const bad = latents(rng, N, d + delta);
        expectInputError(() => cls.fit(bad, bad), 'z.cols', d + delta);
        expectInputError(() => cls.fit(good, bad), 'zhat.cols', d + delta);
        expectInputError(() => cls.fit(bad, good), 'z.cols', d + delta);
      }),
      { numRuns: 10 },
    );
  });

  it('rejects ragged rows and non-matrices', () => {
    const rng = new Rng(7);
    const cls = makeClass(id, rng, 3);
    const z = latents(rng, N, 3);
    const zhat = latents(rng, N, 3);
    zhat[5] = [1, 2];
    expectInputError(() => cls.fit(z, zhat), 'zhat[5]', [1, 2]);
    expectInputError(() => cls.fit('z' as never, z), 'z', 'z');
    expectInputError(() => cls.fit(z, [] as never), 'zhat', []);
  });

  it('rejects a bad threshold in contains and a bad near-miss size', () => {
    const rng = new Rng(11);
    const cls = makeClass(id, rng, 3);
    const z = latents(rng, N, 3);
    expectInputError(() => cls.contains(z, z, -1), 'threshold', -1);
    expectInputError(() => cls.contains(z, z, Number.NaN), 'threshold', Number.NaN);
    for (const size of [0, -0.1, 1.5, Number.NaN]) expectInputError(() => cls.sampleNonMember(rng, size), 'size', size);
  });
});

describe('factories and registry: bad arguments', () => {
  it('rejects a bad dimension', () => {
    for (const dim of [0, -2, 2.5, Number.NaN]) {
      expectInputError(() => orthogonalClass(dim), 'dim', dim);
      expectInputError(() => classById('affine', dim), 'dim', dim);
    }
  });

  it('rejects an unknown class id, listing the known ones', () => {
    const err = expectInputError(() => classById('rotation', 3), 'class', 'rotation');
    expect(err.message).toContain('one of: identity-offset, elementwise-scaling');
    expect(err.message).toContain('centralizer');
  });

  it('centralizer: needs mechanisms of the right size, validated', () => {
    expectInputError(() => classById('centralizer', 3), 'opts.mechanisms', undefined);
    expectInputError(() => classById('centralizer', 3, { mechanisms: [] }), 'opts.mechanisms', []);
    const m2 = [[[1, 0], [0, 2]]];
    expectInputError(() => classById('centralizer', 3, { mechanisms: m2 }), 'dim', 3);
    expectInputError(() => centralizerClass([[[1, 0], [0, Number.NaN]]]), 'mechanisms[0][1][1]', Number.NaN);
    expectInputError(() => centralizerClass([[[1, 0, 0], [0, 1, 0]]]), 'mechanisms[0].shape', '2x3');
    expectInputError(() => centralizerClass([m2[0], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]]), 'mechanisms[1].rows', 3);
  });
});
