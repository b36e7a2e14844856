/**
 * The block class (src/classes/block.ts): members / near-misses for both regressors, the block R² matrix,
 * registry lookup and bad input. Kernel draws are ≈ 1 s each (n = 1000), so they run few.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/rng/rng.ts';
import { BLOCK_ID, EXACT_THRESHOLD, KERNEL_BLOCK_THRESHOLD, blockClass, blockFitDetail, blockR2Matrix, classById, unexplainedVariance } from '../../src/classes/index.ts';
import { arbLaw, arbSeed, expectInputError, latents, maxAbs, maxAbsDiff } from './helpers.ts';

/** 2–4 blocks of size 1–3 (shrinks towards fewer, smaller blocks). */
const arbBlocks = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 });
const dimOf = (b: number[]) => b.reduce((s, v) => s + v, 0);

describe('block class (linear): exact members and near-misses', () => {
  it('fits a block-diagonal affine member on a block permutation exactly and recovers it', () => {
    fc.assert(
      fc.property(arbSeed, arbBlocks, arbLaw, (seed, blocks, law) => {
        const rng = new Rng(seed);
        const cls = blockClass({ blocks, regressor: 'linear' });
        expect(cls.threshold).toBe(EXACT_THRESHOLD);
        const z = latents(rng.child('z'), 400, dimOf(blocks), law);
        const member = cls.sampleMember(rng.child('member'));
        const zhat = member.apply(z);
        const fit = cls.fit(z, zhat);
        expect(fit.distance).toBeLessThanOrEqual(EXACT_THRESHOLD);
        expect(fit.stats.onBlockR2Min).toBeGreaterThan(1 - 1e-9);
        expect(maxAbsDiff(fit.map.apply(z), zhat)).toBeLessThanOrEqual(1e-9 * (1 + maxAbs(zhat)));
        expect(maxAbsDiff(fit.map.affine!.a, member.affine!.a)).toBeLessThanOrEqual(1e-8);
      }),
      { numRuns: 60 },
    );
  });
  it('rejects near-misses (distance > 100 × threshold) and more so for larger perturbations', () => {
    fc.assert(
      fc.property(arbSeed, arbBlocks, arbLaw, (seed, blocks, law) => {
        const rng = new Rng(seed);
        const cls = blockClass({ blocks, regressor: 'linear' });
        const z = latents(rng.child('z'), 400, dimOf(blocks), law);
        const small = cls.fit(z, cls.sampleNonMember(rng.child('near'), 0.05)!.apply(z)).distance;
        const large = cls.fit(z, cls.sampleNonMember(rng.child('near'), 0.3)!.apply(z)).distance;
        expect(large).toBeGreaterThan(100 * cls.threshold);
        expect(small).toBeGreaterThan(cls.threshold);
        expect(large).toBeGreaterThan(small);
        expect(cls.contains(z, cls.sampleNonMember(rng.child('near'))!.apply(z))).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
  it('an ordinary linear class member that mixes blocks is not a block member (dense affine)', () => {
    const rng = new Rng(3);
    const z = latents(rng, 400, 4);
    const zhat = classById('affine', 4).sampleMember(rng.child('a')).apply(z);
    expect(blockClass({ blocks: [2, 2], regressor: 'linear' }).fit(z, zhat).distance).toBeGreaterThan(0.05);
  });
});

describe('block class (kernel): nonlinear members and near-misses (n = 1000)', () => {
  it('accepts smooth invertible block maps and rejects cross-block contamination', () => {
    fc.assert(
      fc.property(arbSeed, arbBlocks, arbLaw, (seed, blocks, law) => {
        const rng = new Rng(seed);
        const cls = blockClass({ blocks });
        expect(cls.threshold).toBe(KERNEL_BLOCK_THRESHOLD);
        const z = latents(rng.child('z'), 1000, dimOf(blocks), law);
        const member = cls.fit(z, cls.sampleMember(rng.child('member')).apply(z));
        expect(member.distance).toBeLessThanOrEqual(cls.threshold);
        expect(member.stats.offBlockR2Max).toBeLessThan(0.1);
        const near = cls.fit(z, cls.sampleNonMember(rng.child('near'))!.apply(z));
        expect(near.distance).toBeGreaterThan(cls.threshold);
      }),
      { numRuns: 4 },
    );
  });
  it('the linear class rejects a nonlinear block member that the kernel class accepts', () => {
    const rng = new Rng(11);
    const z = latents(rng.child('z'), 1000, 3);
    const kernel = blockClass({ blocks: [1, 2] });
    const zhat = kernel.sampleMember(rng.child('m')).apply(z);
    expect(kernel.contains(z, zhat)).toBe(true);
    expect(blockClass({ blocks: [1, 2], regressor: 'linear' }).fit(z, zhat).distance).toBeGreaterThan(1e-3);
  });
  it('block R² matrix: the permuted block structure shows on the assignment and the map predicts ẑ', () => {
    const rng = new Rng(5);
    const z = latents(rng.child('z'), 800, 5);
    // ẑ = (f(z_{3:5}), g(z_2), h(z_{0:2})) for blocks [2, 1, 2].
    const zhat = z.map((r) => [Math.tanh(r[3]) + r[4], r[4] - 0.5 * r[3], r[2] ** 3 / 3 + r[2], r[0] + 0.6 * Math.tanh(1.5 * r[1]), r[1] - 0.4 * r[0]]);
    const d = blockFitDetail(z, zhat, [2, 1, 2]);
    expect(d.assignment).toEqual([2, 1, 0]);
    const r2 = blockR2Matrix(z, zhat, [2, 1, 2]);
    expect(r2).toEqual(d.r2);
    expect(r2[2][0]).toBeGreaterThan(0.97);
    expect(r2[0][0]).toBeLessThan(0.05);
    const fit = blockClass({ blocks: [2, 1, 2] }).fit(z, zhat);
    expect(fit.stats.onBlockR2Min).toBeGreaterThan(0.97);
    const pred = fit.map.apply(z);
    // In sample, the refitted map explains at least as much as the out-of-fold fit did.
    expect(unexplainedVariance(zhat, pred)).toBeLessThanOrEqual(fit.distance);
  });
  it('blocks of different sizes are never matched', () => {
    const rng = new Rng(9);
    const z = latents(rng, 400, 3);
    // learned block 0 (size 1) is a copy of true coordinate 1, which belongs to the size-2 block.
    const zhat = z.map((r) => [r[1], r[0], r[2]]);
    const d = blockFitDetail(z, zhat, [1, 2], 'linear');
    expect(d.assignment).toEqual([0, 1]);
    expect(d.distance).toBeGreaterThan(0.3);
  });
});

describe('block class: registry and bad input', () => {
  it('classById builds it from opts.blocks', () => {
    const cls = classById(BLOCK_ID, 3, { blocks: [1, 2], regressor: 'linear' });
    expect(cls.id).toBe(BLOCK_ID);
    expect(cls.dim).toBe(3);
    expectInputError(() => classById(BLOCK_ID, 3), 'opts.blocks', undefined);
    expectInputError(() => classById(BLOCK_ID, 4, { blocks: [1, 2] }), 'dim', 4);
  });
  it('one block: every invertible map is a member, no near-miss', () => {
    expect(blockClass({ blocks: [3] }).sampleNonMember(new Rng(1))).toBeNull();
  });
  it('names the field and value', () => {
    expectInputError(() => blockClass({ blocks: [] }), 'blocks', []);
    expectInputError(() => blockClass({ blocks: [2, 0] }), 'blocks[1]', 0);
    expectInputError(() => blockClass({ blocks: [1.5] }), 'blocks[0]', 1.5);
    expectInputError(() => blockClass({ blocks: [1, 1], regressor: 'mlp' as never }), 'regressor', 'mlp');
    expectInputError(() => blockClass({ blocks: [1, 1], threshold: -1 }), 'threshold', -1);
    const z = latents(new Rng(1), 50, 3);
    expectInputError(() => blockR2Matrix(z, z.map((r) => r.slice(0, 2)), [1, 2]), 'zhat.cols', 2);
    expectInputError(() => blockR2Matrix(z, z, [1, 1]), 'z.cols', 3);
    const bad = z.map((r) => r.slice());
    bad[4][1] = NaN;
    expect(() => blockClass({ blocks: [1, 2] }).fit(z, bad)).toThrow(/zhat/);
  });
});
