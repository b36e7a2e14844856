/**
 * Group-action arbitraries: valid params only, every kind reachable, options respected, the computed
 * commutant equals the closed form on every drawn action, structure shrinks, seeds do not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ARBITRARY_GROUP_KINDS,
  buildGroupAction,
  expectedCommutantDim,
  finiteGroup,
  groupActionArb,
  groupActionParamsArb,
  groupSeedArb,
  predictedLinearClass,
} from '../../src/groups/index.ts';
import { expectError } from './helpers.ts';

describe('groupActionParamsArb', () => {
  it('draws valid, rebuildable params of every kind within [minN, maxN]', () => {
    const seen = new Set<string>();
    for (const p of fc.sample(groupActionParamsArb(), { numRuns: 400, seed: 42 })) {
      const a = buildGroupAction(p);
      expect(a.n >= 1 && a.n <= 5).toBe(true);
      expect(buildGroupAction(JSON.parse(JSON.stringify(p))).generators).toEqual(a.generators);
      seen.add(p.kind);
    }
    expect([...seen].sort()).toEqual([...ARBITRARY_GROUP_KINDS].sort());
    for (const a of fc.sample(groupActionArb({ minN: 3, maxN: 4 }), { numRuns: 100, seed: 1 })) expect(a.n >= 3 && a.n <= 4).toBe(true);
    for (const p of fc.sample(groupActionParamsArb({ kinds: ['cyclic', 'scalings'] }), 50)) expect(['cyclic', 'scalings']).toContain(p.kind);
  });

  it('computed commutant dimension = closed form (Schur) on every drawn action with one', () => {
    let checked = 0;
    fc.assert(
      fc.property(groupActionParamsArb({ maxN: 6 }), (p) => {
        const expected = expectedCommutantDim(p);
        if (expected === null) return;
        checked++;
        expect(predictedLinearClass(buildGroupAction(p)).dim).toBe(expected);
      }),
      { numRuns: 300, seed: 9 },
    );
    expect(checked).toBeGreaterThan(200);
  });

  it('direct sums: every summand represents one abstract group (finite ones generate a group of the abstract order)', () => {
    let finite = 0;
    for (const a of fc.sample(groupActionArb({ kinds: ['direct-sum'], maxN: 6 }), { numRuns: 60, seed: 3 })) {
      expect(a.kind).toBe('direct-sum');
      expect(a.n).toBeLessThanOrEqual(6);
      if (a.finite) {
        finite++;
        // The image of a representation is a quotient of the abstract group (non-faithful reps, e.g. the sign
        // rep of S₃ or C₆ by R(2π·2/6), have smaller images); inconsistent blocks would generate a larger group.
        expect(a.order! % finiteGroup(a.generators).order!).toBe(0);
      }
    }
    expect(finite).toBeGreaterThan(10);
  });

  it('shrinks the structure to the simplest failing one; seeds never shrink', () => {
    const out = fc.check(fc.property(groupActionParamsArb({ kinds: ['permutation', 'signed-permutation'] }), (p) => (p as { n: number }).n < 3), { seed: 7 });
    expect(out.failed).toBe(true);
    expect(out.counterexample![0]).toEqual({ kind: 'permutation', n: 3 });
    expect([...groupSeedArb().shrink(123, undefined)]).toEqual([]);
    const so = fc.check(
      fc.property(groupActionParamsArb({ kinds: ['special-orthogonal'] }), (p) => (p as { n: number }).n < 2),
      { seed: 5 },
    );
    const [p] = so.counterexample! as [{ n: number; samples: number; seed: number }];
    expect(p.n).toBe(2);
    expect(p.samples).toBe(2);
  });

  it('bad options name the field', () => {
    expectError(() => groupActionParamsArb({ kinds: [] }), 'InputError', 'opts.kinds');
    expectError(() => groupActionParamsArb({ kinds: ['spiral' as never] }), 'InputError', 'opts.kinds');
    expectError(() => groupActionParamsArb({ maxN: 0 }), 'InputError', 'opts.maxN');
    expectError(() => groupActionParamsArb({ minN: 2, maxN: 2, kinds: ['sign-rep'] }), 'InputError', 'opts.maxN');
    expectError(() => groupActionParamsArb({ maxCopies: 0 }), 'InputError', 'opts.maxCopies');
  });
});
