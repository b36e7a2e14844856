/**
 * Data-spec arbitraries: valid specs only, every kind reachable, structure shrinks to the simplest spec,
 * seeds never shrink, bad options are named.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PRIOR_KINDS,
  NOISE_KINDS,
  dataSeedArb,
  mechanismArb,
  noiseSpecArb,
  priorSpecArb,
  randomCorrelation,
  sized,
  validateMechanism,
  validateNoise,
  validatePrior,
} from '../../src/mechanisms/data.ts';
import { expectError } from './helpers.ts';

describe('priorSpecArb / noiseSpecArb / mechanismArb', () => {
  it('draw valid specs of every kind for every n', () => {
    const priors = new Set<string>();
    const noises = new Set<string>();
    const mechs = new Set<string>();
    for (const { n, spec } of fc.sample(sized(priorSpecArb, { maxN: 6 }), { numRuns: 200, seed: 1 })) {
      expect(validatePrior(spec, n)).toBeTruthy();
      priors.add(spec.kind);
    }
    for (const { n, spec } of fc.sample(sized(noiseSpecArb, { maxN: 6 }), { numRuns: 200, seed: 2 })) {
      expect(validateNoise(spec, n)).toEqual(spec);
      noises.add(spec.kind);
    }
    for (const { n, spec } of fc.sample(sized(mechanismArb, { maxN: 6 }), { numRuns: 200, seed: 3 })) {
      expect(validateMechanism(spec, n)).toEqual(spec);
      mechs.add(spec.kind);
    }
    expect([...priors].sort()).toEqual([...PRIOR_KINDS].sort());
    expect([...noises].sort()).toEqual([...NOISE_KINDS].sort());
    expect([...mechs].sort()).toEqual(['affine', 'linear', 'translation']);
  });

  it('equicorrelations respect ρ > −1/(n−1); random correlation matrices are PD with unit diagonal', () => {
    for (const p of fc.sample(priorSpecArb(5, { kinds: ['correlated-gaussian'], cov: false }), 100)) {
      expect(p.kind).toBe('correlated-gaussian');
      if (p.kind === 'correlated-gaussian') expect(p.rho! > -0.25 && p.rho! < 1).toBe(true);
    }
    const c = randomCorrelation(4, 7);
    c.forEach((r, i) => expect(r[i]).toBe(1));
    expect(validatePrior({ kind: 'correlated-gaussian', cov: c }, 4)).toBeTruthy();
    expect(randomCorrelation(4, 7)).toEqual(c);
  });

  it('shrink to the simplest spec; seeds never shrink', () => {
    const prior = fc.check(fc.property(priorSpecArb(3), (p) => p.kind !== 'correlated-gaussian'), { seed: 4 });
    expect(prior.failed).toBe(true);
    expect(prior.counterexample![0]).toEqual({ kind: 'correlated-gaussian', rho: 0 });
    const noise = fc.check(fc.property(noiseSpecArb(2), (p) => p.kind !== 'generalized-normal'), { seed: 5 });
    expect(noise.counterexample![0]).toEqual({ kind: 'generalized-normal', beta: 0.5, scale: 0.05 });
    const n = fc.check(fc.property(sized(priorSpecArb, { maxN: 6 }), ({ n }) => n < 4), { seed: 6 });
    expect(n.counterexample![0]).toEqual({ n: 4, spec: { kind: 'gaussian' } });
    expect([...dataSeedArb().shrink(99, undefined)]).toEqual([]);
  });

  it('bad options are named', () => {
    expectError(() => priorSpecArb(0), 'InputError', 'n');
    expectError(() => priorSpecArb(2, { kinds: [] }), 'InputError', 'opts.kinds');
    expectError(() => noiseSpecArb(2, { kinds: ['cauchy' as never] }), 'InputError', 'opts.kinds');
    expectError(() => mechanismArb(2, { kinds: ['map' as never] }), 'InputError', 'opts.kinds');
    expectError(() => sized(priorSpecArb, { minN: 3, maxN: 2 }), 'InputError', 'opts.maxN');
    expectError(() => sized(priorSpecArb, { minN: 0 }), 'InputError', 'opts.minN');
  });
});
