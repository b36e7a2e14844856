/**
 * (a) Positive controls: for every class, random dims d ∈ 2..6 and random members h,
 * fit(z, h(z)).distance ≤ threshold, the fitted map reproduces ẑ, and it recovers h's parameters
 * (every class here is identified from generic z, so the best map is unique). The nonlinear permutation +
 * element-wise monotone class has no matrix to compare: its fitted map must instead reproduce the member on fresh
 * samples inside the fitted range (piecewise-linear interpolation between the fitted knots).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/rng/rng.ts';
import { AFFINE_CLASS_IDS, EXACT_THRESHOLD } from '../../src/classes/index.ts';
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
        const affine = (AFFINE_CLASS_IDS as readonly string[]).includes(id);
        expect(member.affine !== undefined).toBe(affine);
        const zhat = member.apply(z);
        const fit = cls.fit(z, zhat);
        expect(fit.classId).toBe(id);
        expect(fit.distance).toBeGreaterThanOrEqual(0);
        expect(fit.distance).toBeLessThanOrEqual(cls.threshold);
        expect(cls.contains(z, zhat)).toBe(true);
        // The fitted map reproduces ẑ and equals the member (A, b).
        const scale = 1 + maxAbs(zhat);
        expect(maxAbsDiff(fit.map.apply(z), zhat)).toBeLessThanOrEqual(1e-9 * scale);
        if (affine) {
          expect(fit.map.affine).toBeDefined();
          expect(maxAbsDiff(fit.map.affine!.a, member.affine!.a)).toBeLessThanOrEqual(1e-9);
          expect(maxAbsDiff([fit.map.affine!.b], [member.affine!.b])).toBeLessThanOrEqual(1e-9 * scale);
        } else {
          // Fresh rows, shrunk towards the mean so they stay inside the fitted range: interpolation error only
          // (knot spacing ~ 1/N in the bulk; the members' slopes are ≤ 1 + 1.5·3 = 5.5).
          const fresh = latents(rng.child('fresh'), 50, d, law).map((r) => r.map((v) => 0.5 * v));
          expect(maxAbsDiff(fit.map.apply(fresh), member.apply(fresh))).toBeLessThanOrEqual(0.1 * scale);
        }
        for (const v of Object.values(fit.stats)) expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
