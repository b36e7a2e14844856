/** Structured worlds and masks: validation with named errors, purity, the generator's structure, the arbitrary. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/rng/rng.ts';
import { TWO_VIEW_MASK, allOnesMask, equalUpToBlockPermutation, validateMask } from '../../src/structured/mask.ts';
import { fairnessParams, irmWorld, structuredWorldArb, twoViewParams } from '../../src/structured/presets.ts';
import { buildStructuredWorld } from '../../src/structured/world.ts';
import { expectInputError } from '../classes/helpers.ts';

describe('masks', () => {
  it('accepts the two-view mask and copies it', () => {
    const m = validateMask('mask', TWO_VIEW_MASK, 2, 3);
    expect(m).toEqual(TWO_VIEW_MASK);
    expect(m).not.toBe(TWO_VIEW_MASK);
  });
  it('bad masks: named errors with field and value', () => {
    expectInputError(() => validateMask('mask', [[1, 1, 0], [1, 0, 0]], 2, 3), 'mask[:, 2]', [0, 0]); // latent generating nothing
    expectInputError(() => validateMask('mask', [[1, 1, 1], [0, 0, 0]], 2, 3), 'mask[1]', [0, 0, 0]); // group with no parent
    expectInputError(() => validateMask('mask', [[1, 1], [1, 0]], 2, 3), 'mask[0]', [1, 1]); // shape vs blocks
    expectInputError(() => validateMask('mask', [[1, 1, 1]], 2, 3), 'mask.rows', 1);
    expectInputError(() => validateMask('mask', [[1, 2, 1], [1, 1, 1]], 2, 3), 'mask[0][1]', 2);
    expectInputError(() => validateMask('mask', 'ones', 2, 3), 'mask', 'ones');
  });
  it('equality up to a permutation of blocks', () => {
    expect(equalUpToBlockPermutation(TWO_VIEW_MASK, [[1, 0, 1], [0, 1, 1]])).toBe(true);
    expect(equalUpToBlockPermutation(TWO_VIEW_MASK, allOnesMask(2, 3))).toBe(false);
  });
});

describe('structured worlds', () => {
  it('each group depends on its parent blocks only, and the build is pure', () => {
    fc.assert(
      fc.property(structuredWorldArb(), (params) => {
        const w = buildStructuredWorld(params);
        const w2 = buildStructuredWorld(params);
        const z = w.sampleLatents(20, new Rng(1));
        expect(w2.observe(z)).toEqual(w.observe(z));
        // Changing a block that is not a parent of group g leaves x_g unchanged; changing a parent changes it.
        const base = w.observe(z);
        w.blocks.forEach((size, b) => {
          const z2 = z.map((r) => r.map((v, c) => (c >= w.starts[b] && c < w.starts[b] + size ? v + 1 : v)));
          const moved = w.observe(z2);
          w.mask.forEach((row, g) => {
            const same = JSON.stringify(moved[g]) === JSON.stringify(base[g]);
            expect(same).toBe(row[b] === 0);
          });
        });
        w.groupDims.forEach((d, g) => expect(base[g][0]).toHaveLength(d));
      }),
      { numRuns: 40 },
    );
  });
  it('correlated prior: corr(z_{b,0}, z_{b′,0}) ≈ ρ; independent: ≈ 0', () => {
    const p = twoViewParams({ shared: 1, private1: 1, private2: 2, seed: 3, prior: { kind: 'correlated', rho: 0.6 } });
    const w = buildStructuredWorld(p);
    const z = w.sampleLatents(20000, new Rng(2));
    const corr = (i: number, j: number) => {
      const n = z.length;
      const mi = z.reduce((s, r) => s + r[i], 0) / n;
      const mj = z.reduce((s, r) => s + r[j], 0) / n;
      const c = z.reduce((s, r) => s + (r[i] - mi) * (r[j] - mj), 0);
      const vi = z.reduce((s, r) => s + (r[i] - mi) ** 2, 0);
      const vj = z.reduce((s, r) => s + (r[j] - mj) ** 2, 0);
      return c / Math.sqrt(vi * vj);
    };
    expect(corr(0, 1)).toBeCloseTo(0.6, 1);
    expect(Math.abs(corr(2, 3))).toBeLessThan(0.03);
  });
  it('bad worlds: named errors', () => {
    const p = twoViewParams({ shared: 1, private1: 1, private2: 1, seed: 1 });
    expectInputError(() => buildStructuredWorld({ ...p, mask: [[1, 1, 0], [1, 0, 0]] }), 'mask[:, 2]', [0, 0]);
    expectInputError(() => buildStructuredWorld({ ...p, mask: [[1, 1], [1, 0]] }), 'mask[0]', [1, 1]);
    expectInputError(() => buildStructuredWorld({ ...p, blocks: [1, 0, 1] }), 'blocks[1]', 0);
    expectInputError(() => buildStructuredWorld({ ...p, prior: { kind: 'correlated', rho: 2 } }), 'prior.rho', 2);
    const singular = [
      [1, 2],
      [2, 4],
    ];
    const e = expectInputError(() => buildStructuredWorld({ ...p, groups: [{ kind: 'linear', weights: singular }, {}] }), 'groups[0].weights', singular);
    expect(e.message).toMatch(/invertible/);
    expectInputError(() => buildStructuredWorld({ ...p, groups: [{ kind: 'linear', weights: [[1]] }, {}] }), 'groups[0].weights', [[1]]);
    expectInputError(() => buildStructuredWorld({ ...p, groups: [{ extraDims: -1 }, {}] }), 'groups[0].extraDims', -1);
  });
  it('fairness and IRM presets', () => {
    const f = buildStructuredWorld(fairnessParams({ task: 2, seed: 4 }));
    const z = f.sampleLatents(5, new Rng(1));
    expect(f.observe(z)[1].map((r) => r[0])).toEqual(z.map((r) => r[2])); // the attribute group is z_a itself
    const irm = irmWorld({ rhos: [0.9, 0.7], seed: 2 });
    const s = irm.sample(4000, 0.9, new Rng(3));
    const agree = s.z.filter((r, t) => (r[1] > 0 ? 1 : 0) === s.y[t]).length / 4000;
    expect(agree).toBeGreaterThan(0.75); // the spurious feature tracks the label at ρ = 0.9
    const flipped = irm.sample(4000, -0.9, new Rng(3));
    expect(flipped.z.filter((r, t) => (r[1] > 0 ? 1 : 0) === flipped.y[t]).length / 4000).toBeLessThan(0.25);
    expectInputError(() => irmWorld({ rhos: [1.5], seed: 1 }), 'rhos[0]', 1.5);
  });
});
