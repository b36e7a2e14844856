/**
 * (a) Positive controls: for every class, random dims d ∈ 2..6 and random members h,
 * fit(z, h(z)).distance ≤ threshold, the fitted map reproduces ẑ, and it recovers h's parameters
 * (every class here is identified from generic z, so the best map is unique).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/rng/rng.ts';
import { EXACT_THRESHOLD } from '../../src/classes/index.ts';
import { ALL_IDS, N, arbDim, arbLaw, arbSeed, latents, makeClass, maxAbs, maxAbsDiff } from './helpers.ts';

describe.each(ALL_IDS)('%s: members', (id) => {
  it('fits a random member to distance ≤ threshold and reproduces ẑ', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, arbLaw, (seed, d, law) => {
        const rng = new Rng(seed);
        const cls = makeClass(id, rng, d);
        expect(cls.threshold).toBe(EXACT_THRESHOLD);
        const z = latents(rng.child('z'), N, d, law);
        const member = cls.sampleMember(rng.child('member'));
        expect(member.affine).toBeDefined();
        const zhat = member.apply(z);
        const fit = cls.fit(z, zhat);
        expect(fit.classId).toBe(id);
        expect(fit.distance).toBeGreaterThanOrEqual(0);
        expect(fit.distance).toBeLessThanOrEqual(cls.threshold);
        expect(cls.contains(z, zhat)).toBe(true);
        // The fitted map reproduces ẑ and equals the member (A, b).
        const scale = 1 + maxAbs(zhat);
        expect(maxAbsDiff(fit.map.apply(z), zhat)).toBeLessThanOrEqual(1e-9 * scale);
        expect(fit.map.affine).toBeDefined();
        expect(maxAbsDiff(fit.map.affine!.a, member.affine!.a)).toBeLessThanOrEqual(1e-9);
        expect(maxAbsDiff([fit.map.affine!.b], [member.affine!.b])).toBeLessThanOrEqual(1e-9 * scale);
        for (const v of Object.values(fit.stats)) expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
