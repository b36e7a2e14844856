/**
 * (b) Negative controls: for every class, random near-miss non-members (a member composed with a perturbation
 * of size 0.3 that leaves the class) have distance > 100 × threshold, with the same threshold as the members.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/rng/rng.ts';
import { ALL_IDS, N, arbDim, arbLaw, arbSeed, latents, makeClass } from './helpers.ts';

describe.each(ALL_IDS)('%s: near-miss non-members', (id) => {
  it('fits a near-miss to distance > 100 × threshold', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, arbLaw, (seed, d, law) => {
        const rng = new Rng(seed);
        const cls = makeClass(id, rng, d);
        const z = latents(rng.child('z'), N, d, law);
        const near = cls.sampleNonMember(rng.child('near'));
        expect(near).not.toBeNull();
        const zhat = near!.apply(z);
        const fit = cls.fit(z, zhat);
        expect(fit.distance).toBeGreaterThan(100 * cls.threshold);
        expect(fit.distance).toBeLessThanOrEqual(1);
        expect(cls.contains(z, zhat)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('leaves the class further with a larger perturbation (size 0.05 < 0.3), same member', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, (seed, d) => {
        const rng = new Rng(seed);
        const cls = makeClass(id, rng, d);
        const z = latents(rng.child('z'), N, d);
        const small = cls.fit(z, cls.sampleNonMember(rng.child('near'), 0.05)!.apply(z)).distance;
        const large = cls.fit(z, cls.sampleNonMember(rng.child('near'), 0.3)!.apply(z)).distance;
        expect(small).toBeGreaterThan(cls.threshold);
        expect(large).toBeGreaterThan(small);
      }),
      { numRuns: 20 },
    );
  });
});
