/**
 * The fast-check arbitraries: valid records only, options respected, structure shrinks, seeds do not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import {
  MECHANISM_FAMILIES,
  mechanismParamsArb,
  mechanismSetArb,
  mixingArb,
  mixingParamsArb,
  seedArb,
  validateMechanismParams,
  validateMixingParams,
} from '../../src/generators/index.ts';

describe('mechanismParamsArb', () => {
  it('produces valid params with n in 2..6 by default, every family reachable', () => {
    const seen = new Set<string>();
    for (const p of fc.sample(mechanismParamsArb(), { numRuns: 300, seed: 42 })) {
      expect(validateMechanismParams(p)).toEqual(p);
      expect(p.n >= 2 && p.n <= 6).toBe(true);
      seen.add(p.family);
    }
    expect([...seen].sort()).toEqual([...MECHANISM_FAMILIES].sort());
  });

  it('respects families, minN, maxN and maxCount', () => {
    for (const p of fc.sample(mechanismParamsArb({ families: ['block-rotation', 'random-dense'], minN: 3, maxN: 8, maxCount: 2 }), 100)) {
      expect(['block-rotation', 'random-dense']).toContain(p.family);
      expect(p.n >= 3 && p.n <= 8).toBe(true);
      expect(p.count <= 2).toBe(true);
      if (p.family === 'block-rotation') expect(p.n % 2).toBe(0);
    }
  });

  it('leaves out families that admit no n within the bounds, and reports when none remain', () => {
    for (const p of fc.sample(mechanismParamsArb({ families: ['block-rotation-repeated', 'identity'], maxN: 3 }), 30)) expect(p.family).toBe('identity');
    expect(() => mechanismParamsArb({ families: ['block-rotation-repeated'], maxN: 3 })).toThrow(
      expect.objectContaining({ name: 'InputError', field: 'opts.maxN', value: 3 }),
    );
    expect(() => mechanismParamsArb({ families: [] })).toThrow(InputError);
    expect(() => mechanismParamsArb({ families: ['spiral' as never] })).toThrow(expect.objectContaining({ field: 'opts.families', value: 'spiral' }));
  });

  it('shrinks the structure to the simplest failing one', () => {
    const out = fc.check(
      fc.property(mechanismParamsArb(), (p) => p.n < 4),
      { seed: 7 },
    );
    expect(out.failed).toBe(true);
    const [p] = out.counterexample!;
    expect(p.n).toBe(4);
    expect(p.count).toBe(1);
  });

  it('seeds never shrink: shrinking keeps the seed of the first failing draw', () => {
    expect([...seedArb().shrink(123456, undefined)]).toEqual([]);
    for (const runSeed of [7, 8, 9]) {
      const seeds: number[] = [];
      const out = fc.check(
        fc.property(mechanismParamsArb(), (p) => {
          const ok = p.n < 4;
          if (!ok || seeds.length > 0) seeds.push(p.seed);
          return ok;
        }),
        { seed: runSeed },
      );
      expect(out.failed).toBe(true);
      expect(out.numShrinks).toBeGreaterThanOrEqual(0);
      expect(new Set(seeds).size).toBe(1);
      expect(out.counterexample![0].seed).toBe(seeds[0]);
    }
  });

  it('mechanismSetArb builds the set of the params', () => {
    for (const set of fc.sample(mechanismSetArb({ maxN: 4 }), 20)) expect(set.centralizerDim).toBe(set.centralizer.length);
  });
});

describe('mixingParamsArb / mixingArb', () => {
  it('produces valid params: linear has 0 layers, the MLP 1..maxLayers, slope in [0.1, 0.9]', () => {
    for (const p of fc.sample(mixingParamsArb({ maxLayers: 2 }), { numRuns: 200, seed: 1 })) {
      expect(validateMixingParams(p)).toEqual(p);
      expect(p.n >= 2 && p.n <= 6).toBe(true);
      if (p.kind === 'linear') expect(p.layers).toBe(0);
      else {
        expect(p.layers >= 1 && p.layers <= 2).toBe(true);
        expect(p.negativeSlope >= 0.1 && p.negativeSlope <= 0.9).toBe(true);
      }
    }
  });

  it('respects kinds, n and maxCondition', () => {
    for (const g of fc.sample(mixingArb(5, { kinds: ['leaky-relu-mlp'], maxCondition: 15 }), 20)) {
      expect(g.n).toBe(5);
      expect(g.kind).toBe('leaky-relu-mlp');
      expect(g.params.maxCondition).toBe(15);
      for (const k of g.conditionNumbers) expect(k).toBeLessThanOrEqual(15);
    }
  });

  it('rejects bad options with InputError naming them', () => {
    expect(() => mixingParamsArb({ kinds: [] })).toThrow(expect.objectContaining({ field: 'opts.kinds' }));
    expect(() => mixingParamsArb({ maxLayers: 0 })).toThrow(expect.objectContaining({ field: 'opts.maxLayers', value: 0 }));
    expect(() => mixingArb(0)).toThrow(expect.objectContaining({ field: 'opts.n', value: 0 }));
  });

  it('shrinks to one layer and the smallest n', () => {
    const out = fc.check(
      fc.property(mixingParamsArb({ kinds: ['leaky-relu-mlp'] }), (p) => p.layers + p.n < 4),
      { seed: 11 },
    );
    expect(out.failed).toBe(true);
    const [p] = out.counterexample!;
    expect(p.layers + p.n).toBe(4);
  });

  it('seeds never shrink (mixing params)', () => {
    const seeds: number[] = [];
    const out = fc.check(
      fc.property(mixingParamsArb(), (p) => {
        const ok = p.n < 4;
        if (!ok || seeds.length > 0) seeds.push(p.seed);
        return ok;
      }),
      { seed: 5 },
    );
    expect(out.failed).toBe(true);
    expect(new Set(seeds).size).toBe(1);
  });
});
