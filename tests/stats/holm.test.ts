import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../src/stats/multiple.ts';

describe('holmAdjust', () => {
  it("matches R's p.adjust(c(0.01, 0.04, 0.03, 0.005), 'holm') = 0.03 0.06 0.06 0.02", () => {
    const r = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 12));
  });

  it('adjusted ≥ raw, ≤ 1, order preserved; a single test is unadjusted', () => {
    expect(holmAdjust([0.2])).toEqual([0.2]);
    expect(holmAdjust([])).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (p) => {
        const a = holmAdjust(p);
        p.forEach((v, i) => {
          expect(a[i]).toBeGreaterThanOrEqual(v);
          expect(a[i]).toBeLessThanOrEqual(1);
          p.forEach((w, j) => {
            if (v < w) expect(a[i]).toBeLessThanOrEqual(a[j]);
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a value outside [0, 1], naming its index', () => {
    expect(() => holmAdjust([0.1, 1.2])).toThrow(/pValues\[1\]: expected a p-value in \[0, 1\], got 1.2/);
  });
});
