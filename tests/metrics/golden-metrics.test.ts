/** Every case of tests/golden/metrics.json (NumPy/SciPy/scikit-learn) matched to 1e-6; matchings exactly. */
import { describe, expect, it } from 'vitest';
import { linearR2, mcc, mccPearson, mccSpearman, orthogonalResidual } from '../../src/metrics/index.ts';
import type { MetricsGolden } from '../golden/load.ts';
import { loadGolden } from '../golden/load.ts';

const TOL = 1e-6;
const { cases } = loadGolden<MetricsGolden>('metrics');

describe('golden metrics.json', () => {
  it('holds the 20 reference cases', () => {
    expect(cases).toHaveLength(20);
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it('mccPearson', () => {
      expect(Math.abs(mccPearson(c.z, c.zhat) - c.mccPearson)).toBeLessThanOrEqual(TOL);
    });
    it('mccSpearman', () => {
      expect(Math.abs(mccSpearman(c.z, c.zhat) - c.mccSpearman)).toBeLessThanOrEqual(TOL);
    });
    it('matchingPearson (exact)', () => {
      expect(mcc(c.z, c.zhat, { method: 'pearson' }).matching).toEqual(c.matchingPearson);
    });
    it('linearR2', () => {
      expect(Math.abs(linearR2(c.z, c.zhat) - c.linearR2)).toBeLessThanOrEqual(TOL);
    });
    it('orthogonalResidual', () => {
      expect(Math.abs(orthogonalResidual(c.z, c.zhat) - c.orthogonalResidual)).toBeLessThanOrEqual(TOL);
    });
  });
});
