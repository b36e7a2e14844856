/** Every case of tests/golden/cmi.json (NumPy np.cov / slogdet) matched to 1e-6. */
import { describe, expect, it } from 'vitest';
import { gaussianCMI } from '../../src/metrics/index.ts';
import type { CmiGoldenCase } from '../golden/load.ts';
import { loadGolden } from '../golden/load.ts';

const TOL = 1e-6;
const cases = loadGolden<CmiGoldenCase[]>('cmi');

describe('golden cmi.json', () => {
  it('holds the 4 reference cases', () => {
    expect(cases).toHaveLength(4);
  });

  it.each(cases.map((c, i) => [`#${i} mixing_b=${c.mixing_b}`, c] as const))('gaussianCMI %s', (_name, c) => {
    expect(Math.abs(gaussianCMI(c.z1, c.z2, c.a) - c.gaussianCMI)).toBeLessThanOrEqual(TOL);
  });
});
