/**
 * Closed-form linear-Gaussian theory (src/funke/theory.ts): Table 1 of Funke et al. (2022) to 1e-4, the identities
 * the theory implies for random (ρ, σ²), and named errors on bad input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { baseSolution, cmiSolution, correlationMatrix, linearCMI, linearGaussianTable, linearMI, miSolution, miSolutionAtLambda, mmdPenaltyOfCorrelation, readoutVE } from '../../src/funke/theory.ts';
import { mmdRBF } from '../../src/metrics/mmd.ts';
import { Rng } from '../../src/rng/rng.ts';
import { TABLE1 } from '../../theorems/funke2022-exact.ts';

const rhoArb = fc.integer({ min: -949, max: 949 }).map((j) => j / 1000);
const sigma2Arb = fc.integer({ min: 0, max: 3000 }).map((j) => 10 ** (-2 + j / 1000));

describe('Table 1 (ρ = 0.8, σ² = 0.1, test ρ = 0)', () => {
  const t = linearGaussianTable({ d: 2, rho: 0.8, sigma2: 0.1 });
  it.each([
    ['base', 0.9193, 0.876],
    ['mi', 0.6981, 0.6497],
    ['cmi', 0.9091, 0.9091],
  ] as const)('%s: train %f, test %f to 1e-4', (k, train, test) => {
    const s = t[k]!;
    expect(Math.abs(s.trainVE - train)).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(s.testVE(0) - test)).toBeLessThanOrEqual(1e-4);
  });
  it('matches the fixture exported by the theorem file', () => {
    expect(TABLE1.base.train).toBe(0.9193);
    expect(t.mi!.angle).toBeCloseTo(0, 6); // symmetric whitening is the optimum (module doc)
  });
});

describe('identities for random (ρ, σ²)', () => {
  it('CMI VE = 1/(1 + σ²) at every test ρ; CMI of W = I is 0', () => {
    fc.assert(
      fc.property(rhoArb, sigma2Arb, fc.integer({ min: -10, max: 10 }).map((j) => j / 10), (rho, sigma2, rt) => {
        const c = cmiSolution({ d: 2, rho, sigma2 });
        expect(Math.abs(c.testVE(rt) - 1 / (1 + sigma2))).toBeLessThan(1e-12);
        expect(linearCMI([[1, 0], [0, 1]], { d: 2, rho, sigma2 })).toBeLessThan(1e-12);
      }),
    );
  });
  it('MI and Base coincide with CMI at ρ = 0', () => {
    fc.assert(
      fc.property(sigma2Arb, (sigma2) => {
        const s = { d: 2, rho: 0, sigma2 };
        for (const sol of [baseSolution(s), miSolution(s, { angles: 360 })]) expect(Math.abs(sol.trainVE - cmiSolution(s).trainVE)).toBeLessThan(1e-12);
      }),
    );
  });
  it('Base ≥ CMI ≥ MI in training, Base = least squares (no linear readout beats it)', () => {
    fc.assert(
      fc.property(rhoArb, sigma2Arb, fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }), (rho, sigma2, e) => {
        const s = { d: 2, rho, sigma2 };
        const [b, m, c] = [baseSolution(s), miSolution(s, { angles: 360 }), cmiSolution(s)];
        expect(b.trainVE).toBeGreaterThanOrEqual(c.trainVE - 1e-12);
        expect(c.trainVE).toBeGreaterThanOrEqual(m.trainVE - 1e-12);
        expect(readoutVE([[e[0], e[1]], [e[2], e[3]]], rho, sigma2)).toBeLessThanOrEqual(b.trainVE + 1e-12);
      }),
    );
  });
  it('W = I has MI −½ log(1 − (ρ/(1 + σ²))²)', () => {
    fc.assert(
      fc.property(rhoArb, sigma2Arb, (rho, sigma2) => {
        expect(linearMI([[1, 0], [0, 1]], { d: 2, rho, sigma2 })).toBeCloseTo(-0.5 * Math.log(1 - (rho / (1 + sigma2)) ** 2), 10);
      }),
    );
  });
  it('d-dimensional: CMI VE is 1/(1 + σ²); Base beats it in training and loses at the sign-flipped test', () => {
    for (const d of [3, 4, 10]) {
      const s = { d, rho: 0.6, sigma2: 0.2 };
      expect(cmiSolution(s).trainVE).toBeCloseTo(1 / 1.2, 12);
      expect(baseSolution(s).trainVE).toBeGreaterThan(cmiSolution(s).trainVE);
      expect(baseSolution(s).testVE(-0.6)).toBeLessThan(cmiSolution(s).testVE(-0.6));
      expect(linearCMI(correlationMatrix(d, 0).map((r) => r.map((v) => 2 * v)), s)).toBeLessThan(1e-12);
    }
  });
  it('the signed equicorrelation is positive definite for every ρ ∈ (−1, 1)', () => {
    const m = correlationMatrix(4, -0.9);
    expect(m[0][1]).toBeCloseTo(-0.9);
    expect(m[0][2]).toBeCloseTo(0.9);
    expect(() => baseSolution({ d: 4, rho: -0.9, sigma2: 0.1 })).not.toThrow();
  });
});

describe('bad input', () => {
  it.each([
    [{ d: 2, rho: 1, sigma2: 0.1 }, 'rho'],
    [{ d: 2, rho: -1.2, sigma2: 0.1 }, 'rho'],
    [{ d: 2, rho: NaN, sigma2: 0.1 }, 'rho'],
    [{ d: 2, rho: 0.5, sigma2: 0 }, 'sigma2'],
    [{ d: 2, rho: 0.5, sigma2: -1 }, 'sigma2'],
    [{ d: 1, rho: 0.5, sigma2: 1 }, 'd'],
  ])('%j → InputError naming %s', (spec, field) => {
    try {
      baseSolution(spec);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe(field);
    }
  });
  it('MI solution only in 2-D (named)', () => {
    expect(() => miSolution({ d: 3, rho: 0.5, sigma2: 1 })).toThrow(/^d: /);
  });
  it('test ρ outside [−1, 1] is named', () => {
    expect(() => readoutVE([[1, 0], [0, 1]], 1.5, 0.1)).toThrow(/rhoTest/);
  });
});

describe('Base+MI at a finite penalty weight (the mi learner’s own population objective)', () => {
  const p = { d: 2, rho: 0.8, sigma2: 0.1 };
  it('λ = 0 is Base and λ → ∞ is the decorrelated optimum; VE falls with λ in between', () => {
    const ves = [0, 10, 100, 1000, 1e6].map((l) => miSolutionAtLambda(p, l, { grid: 180 }));
    expect(Math.abs(ves[0].trainVE - baseSolution(p).trainVE)).toBeLessThan(1e-5);
    expect(Math.abs(ves[4].trainVE - miSolution(p).trainVE)).toBeLessThan(1e-3);
    for (let i = 1; i < ves.length; i++) expect(ves[i].trainVE).toBeLessThan(ves[i - 1].trainVE + 1e-9);
    expect(Math.abs(ves[4].correlation)).toBeLessThan(1e-3);
    expect(Math.abs(ves[2].correlation)).toBeGreaterThan(0.01); // λ = 100 leaves a measurable correlation
  });
  it('the population MMD² formula matches the sample MMD² of correlated Gaussians (h² = d)', () => {
    const rng = new Rng(11);
    const r = 0.6;
    const n = 1500;
    const z = Array.from({ length: n }, () => {
      const a = rng.normal();
      return [a, r * a + Math.sqrt(1 - r * r) * rng.normal()];
    });
    const perm = rng.permutation(n);
    const zt = z.map((row, i) => [z[perm[i]][0], row[1]]);
    const sample = mmdRBF(z, zt, { bandwidth: Math.SQRT2 });
    const closed = mmdPenaltyOfCorrelation([[1, r], [r, 1]]) / 2; // two blocks, each the same MMD² for d = 2
    expect(Math.abs(sample - closed)).toBeLessThan(0.25 * closed);
    // and it is r²/32 to leading order
    expect(Math.abs(mmdPenaltyOfCorrelation([[1, 0.05], [0.05, 1]]) / 2 - 0.05 ** 2 / 32)).toBeLessThan(1e-7);
  });
  it('bad input: d ≠ 2 and λ < 0 are named errors', () => {
    expect(() => miSolutionAtLambda({ d: 3, rho: 0.5, sigma2: 0.1 }, 1)).toThrow(InputError);
    expect(() => miSolutionAtLambda(p, -1)).toThrow(/lambda/);
  });
});
