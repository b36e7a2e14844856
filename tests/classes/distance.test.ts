/**
 * The distance convention shared by all classes (types.ts): scale-free, in [0, 1], 0 for a constant ẑ,
 * invariant when z is moved by a member of the class (every class here is a group), and the
 * registry/threshold plumbing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/rng/rng.ts';
import { CLASS_IDS, DEFAULT_NEAR_MISS_SIZE, EXACT_THRESHOLD, classById, identityOffsetClass } from '../../src/classes/index.ts';
import { ALL_IDS, N, arbDim, arbLaw, arbSeed, latents, makeClass } from './helpers.ts';

describe.each(ALL_IDS)('%s: distance convention', (id) => {
  it('is 0 for a constant ẑ (documented convention), with finite stats', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, (seed, d) => {
        const rng = new Rng(seed);
        const cls = makeClass(id, rng, d);
        const z = latents(rng, N, d);
        const c = rng.normals(d).map((v) => v * 10 + 0.1);
        const fit = cls.fit(z, z.map(() => c.slice()));
        expect(fit.distance).toBe(0);
        for (const v of Object.values(fit.stats)) expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it('lies in [0, 1] on unrelated data, near 1 for independent ẑ (except the coarse classes)', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, arbLaw, (seed, d, law) => {
        const rng = new Rng(seed);
        const cls = makeClass(id, rng, d);
        const fit = cls.fit(latents(rng, N, d, law), latents(rng, N, d));
        expect(fit.distance).toBeGreaterThanOrEqual(0);
        expect(fit.distance).toBeLessThanOrEqual(1);
        // Independent ẑ: every class explains little (identity-offset may exceed 1 before clamping).
        expect(fit.distance).toBeGreaterThan(0.7);
      }),
      { numRuns: 10 },
    );
  });

  it('is unchanged when z is moved by a member of the class (the class is a group)', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, (seed, d) => {
        const rng = new Rng(seed);
        const cls = makeClass(id, rng, d);
        const z = latents(rng, N, d);
        const near = cls.sampleNonMember(rng)!;
        const zhat = near.apply(z);
        const g = cls.sampleMember(rng);
        const base = cls.fit(z, zhat).distance;
        expect(Math.abs(cls.fit(g.apply(z), zhat).distance - base)).toBeLessThanOrEqual(1e-10);
      }),
      { numRuns: 15 },
    );
  });

  if (id !== 'identity-offset')
    it('is invariant under a global rescaling and shift of ẑ', () => {
      fc.assert(
        fc.property(arbSeed, arbDim, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (seed, d, c) => {
          const rng = new Rng(seed);
          const cls = makeClass(id, rng, d);
          const z = latents(rng, N, d);
          const zhat = cls.sampleNonMember(rng)!.apply(z);
          const shift = rng.normals(d);
          const moved = zhat.map((row) => row.map((v, j) => c * v + shift[j]));
          expect(Math.abs(cls.fit(z, moved).distance - cls.fit(z, zhat).distance)).toBeLessThanOrEqual(1e-10);
        }),
        { numRuns: 10 },
      );
    });
});

describe('distance values and plumbing', () => {
  it('identity-offset near-miss (1 + size)·I has distance exactly (size / (1 + size))²', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, fc.double({ min: 0.01, max: 1, noNaN: true }), (seed, d, size) => {
        const rng = new Rng(seed);
        const cls = identityOffsetClass(d);
        const z = latents(rng, N, d, 'laplace');
        const fit = cls.fit(z, cls.sampleNonMember(rng, size)!.apply(z));
        expect(Math.abs(fit.distance - (size / (1 + size)) ** 2)).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 20 },
    );
  });

  it('contains honours an explicit threshold', () => {
    const rng = new Rng(3);
    const cls = classById('orthogonal', 3);
    const z = latents(rng, N, 3);
    const zhat = cls.sampleNonMember(rng)!.apply(z);
    const dist = cls.fit(z, zhat).distance;
    expect(cls.contains(z, zhat)).toBe(false);
    expect(cls.contains(z, zhat, dist)).toBe(true);
    expect(cls.contains(z, zhat, dist * 0.99)).toBe(false);
  });

  it('registry: every id builds the class with that id, dimension and the shared threshold', () => {
    for (const id of CLASS_IDS) {
      const cls = classById(id, 4, { mechanisms: [[[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 4]]] });
      expect(cls.id).toBe(id);
      expect(cls.dim).toBe(4);
      expect(cls.threshold).toBe(EXACT_THRESHOLD);
      expect(cls.name.length).toBeGreaterThan(0);
      expect(Object.isFrozen(cls)).toBe(true);
    }
    expect(DEFAULT_NEAR_MISS_SIZE).toBe(0.3);
  });

  it('d = 1: classes with no non-member of their near-miss kind return null; identity and affine do not', () => {
    const rng = new Rng(5);
    for (const id of ['elementwise-scaling', 'permutation-scaling', 'signed-permutation', 'orthogonal']) expect(classById(id, 1).sampleNonMember(rng)).toBeNull();
    expect(classById('centralizer', 1, { mechanisms: [[[2]]] }).sampleNonMember(rng)).toBeNull();
    const z = latents(rng, N, 1);
    for (const id of ['identity-offset', 'affine']) {
      const cls = classById(id, 1);
      const fit = cls.fit(z, cls.sampleNonMember(rng)!.apply(z));
      expect(fit.distance).toBeGreaterThan(100 * cls.threshold);
      expect(cls.fit(z, cls.sampleMember(rng).apply(z)).distance).toBeLessThanOrEqual(cls.threshold);
    }
  });

  it('sampled maps replay from the seed and check their input', () => {
    for (const id of CLASS_IDS) {
      const make = () => classById(id, 3, { mechanisms: [[[1, 1, 0], [0, 1, 0], [0, 0, 2]]] });
      const a = make().sampleMember(new Rng(9));
      const b = make().sampleMember(new Rng(9));
      expect(a.affine).toEqual(b.affine);
      expect(a.describe).toBe(b.describe);
      expect(make().sampleNonMember(new Rng(9))!.describe).toBe(make().sampleNonMember(new Rng(9))!.describe);
      expect(() => a.apply([[1, 2]])).toThrow(/z\.cols/);
    }
  });
});
