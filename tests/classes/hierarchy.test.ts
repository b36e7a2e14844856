/**
 * Inclusions between classes (a member of a finer class is accepted by every coarser one, with the same
 * threshold) and the sharp separations: a permutation with unequal scales is a permutation-scaling member
 * but not a signed-permutation one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/rng/rng.ts';
import {
  classById,
  permutationScalingClass,
  scaledPermutationMap,
  signedPermutationClass,
  signedPermutationMap,
} from '../../src/classes/index.ts';
import { N, arbDim, arbLaw, arbSeed, latents, mechanisms } from './helpers.ts';

/** finer ⊂ coarser. */
const inclusions: [string, string][] = [
  ['identity-offset', 'elementwise-scaling'],
  ['identity-offset', 'signed-permutation'],
  ['identity-offset', 'centralizer'],
  ['elementwise-scaling', 'permutation-scaling'],
  ['signed-permutation', 'permutation-scaling'],
  ['signed-permutation', 'orthogonal'],
  ['permutation-scaling', 'affine'],
  ['permutation-scaling', 'permutation-elementwise'],
  ['orthogonal', 'affine'],
  ['centralizer', 'affine'],
];

describe('class inclusions', () => {
  it.each(inclusions)('%s ⊂ %s', (finer, coarser) => {
    fc.assert(
      fc.property(arbSeed, arbDim, arbLaw, (seed, d, law) => {
        const rng = new Rng(seed);
        const opts = { mechanisms: mechanisms(rng, d, 'random-dense') };
        const z = latents(rng, N, d, law);
        const zhat = classById(finer, d, opts).sampleMember(rng).apply(z);
        expect(classById(coarser, d, opts).contains(z, zhat)).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it('the signed-permutation near-miss by rotation is still orthogonal; by axis scaling it is permutation-scaling', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, (seed, d) => {
        const rng = new Rng(seed);
        const z = latents(rng, N, d);
        const near = signedPermutationClass(d).sampleNonMember(rng)!;
        const zhat = near.apply(z);
        const coarser = near.describe.includes('rotation') ? 'orthogonal' : 'permutation-scaling';
        expect(classById(coarser, d).contains(z, zhat)).toBe(true);
        expect(signedPermutationClass(d).contains(z, zhat)).toBe(false);
      }),
      { numRuns: 20 },
    );
  });
});

describe('signed permutation vs permutation + scaling', () => {
  it('a permutation with unequal scales: permutation-scaling accepts, signed-permutation rejects', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, arbLaw, fc.double({ min: 1.2, max: 3, noNaN: true }), (seed, d, law, ratio) => {
        const rng = new Rng(seed);
        const z = latents(rng, N, d, law);
        const perm = rng.permutation(d);
        const scales = Array.from({ length: d }, (_, j) => rng.sign() * (j === 0 ? ratio : 1));
        const zhat = scaledPermutationMap(perm, scales, rng.normals(d)).apply(z);
        const loose = permutationScalingClass(d);
        expect(loose.fit(z, zhat).distance).toBeLessThanOrEqual(loose.threshold);
        const strict = signedPermutationClass(d);
        const fit = strict.fit(z, zhat);
        expect(fit.distance).toBeGreaterThan(100 * strict.threshold);
        // The MCC cannot tell the two apart: both are 1.
        expect(fit.stats.mcc).toBeGreaterThan(1 - 1e-12);
      }),
      { numRuns: 30 },
    );
  });

  it('signed-permutation recovers the permutation, the signs and the scale of a member', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, (seed, d) => {
        const rng = new Rng(seed);
        const z = latents(rng, N, d, 'laplace');
        const perm = rng.permutation(d);
        const signs = Array.from({ length: d }, () => rng.sign());
        const c = rng.range(0.5, 2);
        const member = signedPermutationMap(perm, signs, c, rng.normals(d));
        const fit = signedPermutationClass(d).fit(z, member.apply(z));
        expect(Math.abs(fit.stats.scale - c)).toBeLessThanOrEqual(1e-12);
        // Same signed permutation in the description ("signed permutation [1, -0, 2] × …").
        expect(fit.map.describe.split(' × ')[0]).toBe(member.describe.split(' × ')[0]);
      }),
      { numRuns: 20 },
    );
  });
});
