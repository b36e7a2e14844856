/**
 * The IRM instance: label noise in the world, the within-class invariance penalties (moment and MMD), the transfer
 * judge, a reproducible trial without tensor leaks, and a plugged-in learner reaching the theorem's check.
 */
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng/rng.ts';
import { initBackend, tensorCount } from '../../src/tfjs/index.ts';
import { toTensor2D } from '../../src/train/data.ts';
import { accuracyOf, fitLogistic } from '../../src/metrics/logistic.ts';
import { createMaskedVae, hsicInvariancePenalty, invariancePenalty, maskedVaeLearner, mmdInvariancePenalty } from '../../src/structured/mvae.ts';
import type { InvarianceConfig, MaskedVaeConfig } from '../../src/structured/mvae.ts';
import { irmWorld } from '../../src/structured/presets.ts';
import { IRM_DECODER_MASK, IRM_ENCODER_MASK, IRM_GROUP_DIMS, encoderInput, envWidth, irmGroupDims, irmRows, judgeIrm, runIrmTrial } from '../../src/structured/irm.ts';
import type { Learner } from '../../src/learners/types.ts';
import irm from '../../theorems/zhang2020-irm.ts';
import { expectInputError } from '../classes/helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const TRAIN = { steps: 30, batchSize: 128, learningRate: 5e-3, evalEvery: 10 };
const config = (inv?: InvarianceConfig): MaskedVaeConfig => ({ blocks: [1, 1], groupDims: IRM_GROUP_DIMS, decoderMask: IRM_DECODER_MASK, encoderMask: IRM_ENCODER_MASK, hidden: [8], invariance: inv, train: TRAIN });

describe('IRM world and rows', () => {
  it('label noise flips y off 1[z_c > 0] at rate η; z_sp follows the noisy label; η = 0 keeps the old stream', () => {
    const w = irmWorld({ rhos: [0.9, 0.3], labelNoise: 0.15, seed: 3 });
    const s = w.sample(6000, 0.9, new Rng(1));
    const flipped = s.z.filter((r, t) => (r[0] > 0 ? 1 : 0) !== s.y[t]).length / 6000;
    expect(flipped).toBeGreaterThan(0.13);
    expect(flipped).toBeLessThan(0.17);
    expect(s.z.filter((r, t) => (r[1] > 0 ? 1 : 0) === s.y[t]).length / 6000).toBeGreaterThan(0.95);
    const a = irmWorld({ rhos: [0.9], seed: 3 }).sample(50, 0.5, new Rng(2));
    const b = irmWorld({ rhos: [0.9], labelNoise: 0, seed: 3 }).sample(50, 0.5, new Rng(2));
    expect(b.z).toEqual(a.z);
    expectInputError(() => irmWorld({ rhos: [0.9], labelNoise: 0.6, seed: 1 }), 'labelNoise', 0.6);
  });
  it('rows carry the environment index and the label as groups; encoder input zeroes them', () => {
    const w = irmWorld({ rhos: [0.9, 0.3], labelNoise: 0.1, seed: 2 });
    const r = irmRows(w, w.rhos, 10, new Rng(4));
    expect(r.env).toEqual([...new Array(10).fill(0), ...new Array(10).fill(1)]);
    expect(r.groups[1].map((v) => v[0])).toEqual(r.y);
    expect(r.groups.map((g) => g[0].length)).toEqual(IRM_GROUP_DIMS);
    expect(encoderInput(r)[3].slice(2)).toEqual([0, 0]);
    expect(irmRows(w, w.rhos, 10, new Rng(4))).toEqual(r);
    expectInputError(() => irmRows(w, [1.2], 10, new Rng(1)), 'rhos[0]', 1.2);
    expectInputError(() => irmRows(w, w.rhos, 1, new Rng(1)), 'perEnv', 1);
  });
  it('three or more environments are one-hot; held-out rows take the training width', () => {
    const w = irmWorld({ rhos: [0.9, 0.6, 0.3], seed: 2 });
    const r = irmRows(w, w.rhos, 4, new Rng(1));
    expect(irmGroupDims(3)).toEqual([2, 1, 3]);
    expect(r.groups[2][5]).toEqual([0, 1, 0]);
    expect(encoderInput(r)[0]).toHaveLength(6);
    expect(irmRows(w, [-0.9], 4, new Rng(2), envWidth(3)).groups[2][0]).toEqual([1, 0, 0]);
    expect(irmGroupDims(2)).toEqual(IRM_GROUP_DIMS);
    expectInputError(() => envWidth(0), 'environments', 0);
  });
});

describe('within-class invariance penalties', () => {
  // Batch: y balanced, e balanced within y; μ_0 ⊥ e | y (case a) or μ_0 shifted by e within each class (case b),
  // or with the same mean but a larger spread in e = 1 (case c: only the MMD sees it).
  const n = 400;
  const rng = new Rng(11);
  const y = Array.from({ length: n }, (_, t) => t % 2);
  const e = Array.from({ length: n }, (_, t) => Math.floor(t / 2) % 2);
  const base = y.map((v) => 2 * v - 1 + 0.5 * rng.normal());
  const noise = y.map(() => rng.normal());
  const x = y.map((v, t) => [0, 0, v, e[t]]);
  let vae: ReturnType<typeof createMaskedVae>;
  beforeAll(() => {
    vae = createMaskedVae(config(), new Rng(1));
  });
  afterAll(() => vae.dispose());
  const pen = (mu0: number[], est: 'corr' | 'mmd') =>
    tf.tidy(() => {
      const mu = toTensor2D(mu0.map((m) => [m, 0]));
      const inv: InvarianceConfig = { block: 0, group: 2, given: 1, weight: 1, estimator: est };
      return (est === 'mmd' ? mmdInvariancePenalty(vae, mu, toTensor2D(x), inv) : invariancePenalty(vae, mu, toTensor2D(x), inv)).dataSync()[0];
    });
  const a = base;
  const b = base.map((m, t) => m + 0.8 * e[t]);
  const c = base.map((m, t) => m + (e[t] ? 1.5 * noise[t] : 0));
  it('the moment penalty sees a mean shift given y, and not the label itself', () => {
    expect(pen(a, 'corr')).toBeLessThan(0.05);
    expect(pen(b, 'corr')).toBeGreaterThan(0.3);
  });
  it('the MMD penalty sees a mean shift and a change of spread given y; ≈ 0 when invariant', () => {
    const pa = pen(a, 'mmd');
    expect(pa).toBeLessThan(0.05);
    expect(pen(b, 'mmd')).toBeGreaterThan(5 * pa);
    expect(pen(c, 'mmd')).toBeGreaterThan(5 * pa);
    expect(pen(c, 'corr')).toBeLessThan(0.1); // moments miss what the MMD sees
  });
  it('the MMD penalty sums over one-hot environment columns (two one-hot columns of two environments: twice one index column)', () => {
    const vae4 = createMaskedVae({ ...config(), groupDims: [2, 1, 2] }, new Rng(1));
    try {
      const inv: InvarianceConfig = { block: 0, group: 2, given: 1, weight: 1, estimator: 'mmd' };
      const one = tf.tidy(() => mmdInvariancePenalty(vae, toTensor2D(b.map((m) => [m, 0])), toTensor2D(x), inv).dataSync()[0]);
      const two = tf.tidy(() => mmdInvariancePenalty(vae4, toTensor2D(b.map((m) => [m, 0])), toTensor2D(y.map((v, t) => [0, 0, v, e[t], 1 - e[t]])), inv).dataSync()[0]);
      expect(two).toBeCloseTo(2 * one, 4);
    } finally {
      vae4.dispose();
    }
  });
  it("cubic block features see a spread of μ_b that depends on the attribute's sign; linear features do not", () => {
    const r = new Rng(6);
    const attr = Array.from({ length: n }, () => r.normal());
    const indep = Array.from({ length: n }, () => r.normal());
    const spread = attr.map((v, t) => indep[t] * (v > 0 ? 2 : 0.5)); // E[μ | a] = 0, Var[μ | a] depends on s = 1[a > 0]
    const p = (mu0: number[], blockFeatures: 'linear' | 'cubic') =>
      tf.tidy(() => invariancePenalty(vae, toTensor2D(mu0.map((m) => [m, 0])), toTensor2D(attr.map((v) => [0, 0, 0, v])), { block: 0, group: 2, weight: 1, blockFeatures }).dataSync()[0]);
    expect(p(spread, 'linear')).toBeLessThan(0.05);
    expect(p(spread, 'cubic')).toBeGreaterThan(0.2);
    expect(p(indep, 'cubic')).toBeLessThan(0.1);
    expect(p(indep, 'linear')).toBeCloseTo(tf.tidy(() => invariancePenalty(vae, toTensor2D(indep.map((m) => [m, 0])), toTensor2D(attr.map((v) => [0, 0, 0, v])), { block: 0, group: 2, weight: 1 }).dataSync()[0]), 6);
    expectInputError(() => maskedVaeLearner(config({ block: 0, group: 2, weight: 1, blockFeatures: 'quadratic' as never })), 'invariance.blockFeatures', 'quadratic');
    expectInputError(() => maskedVaeLearner(config({ block: 0, group: 2, weight: 1, estimator: 'hsic', blockFeatures: 'cubic' })), 'invariance.blockFeatures', 'cubic');
  });
  it('the HSIC penalty sees a nonlinear dependence on a continuous attribute and is ≈ 0 under independence', () => {
    const r = new Rng(5);
    const attr = Array.from({ length: n }, () => r.normal());
    const indep = Array.from({ length: n }, () => r.normal());
    const dep = attr.map((v, t) => v * v + 0.3 * indep[t]); // uncorrelated with a, not independent of it
    const h = (mu0: number[]) =>
      tf.tidy(() => hsicInvariancePenalty(vae, toTensor2D(mu0.map((m) => [m, 0])), toTensor2D(attr.map((v) => [0, 0, 0, v])), { block: 0, group: 2, weight: 1, estimator: 'hsic' }).dataSync()[0]);
    const h0 = h(indep);
    expect(h(dep)).toBeGreaterThan(10 * h0);
    expect(h0).toBeGreaterThanOrEqual(0);
    expectInputError(() => maskedVaeLearner(config({ block: 0, group: 2, given: 1, weight: 1, estimator: 'hsic' })), 'invariance.given', 1);
  });
  it('bad invariance configs name the field', () => {
    expectInputError(() => maskedVaeLearner(config({ block: 0, group: 2, given: 2, weight: 1 })), 'invariance.given', 2);
    expectInputError(() => maskedVaeLearner(config({ block: 0, group: 2, given: 0, weight: 1 })), 'invariance.given', 0);
    expectInputError(() => maskedVaeLearner(config({ block: 0, group: 2, weight: 1, estimator: 'knn' as any })), 'invariance.estimator', 'knn');
  });
});

describe('transfer judge', () => {
  it('an invariant encoding keeps its accuracy, a spurious one drops; bad labels are named', () => {
    const w = irmWorld({ rhos: [0.9, 0.3], labelNoise: 0.15, seed: 5 });
    const inD = irmRows(w, w.rhos, 800, new Rng(1));
    const out = irmRows(w, [-0.9], 800, new Rng(2));
    const good = judgeIrm(inD.z, inD.y, out.z, out.y, [0], { drop: 0.07, heldOut: 0.75 });
    const bad = judgeIrm(inD.z, inD.y, out.z, out.y, [1], { drop: 0.07, heldOut: 0.75 });
    expect(good.pass).toBe(true);
    expect(bad.pass).toBe(false);
    expect(bad.statistic).toBeGreaterThan(0.3);
    const clf = fitLogistic(inD.z.map((r) => [r[0]]), inD.y);
    expect(accuracyOf(clf(out.z.map((r) => [r[0]])), out.y)).toBeGreaterThan(0.8);
    expectInputError(() => fitLogistic([[1], [2], [3], [4]], [0, 1, 2, 0]), 'y[2]', 2);
    expect(() => clf([[1, 2]])).toThrow(/rows/);
  });
});

describe('IRM trial', () => {
  const world = irmWorld({ rhos: [0.9, 0.3], labelNoise: 0.15, seed: 7 });
  const learner = maskedVaeLearner(config({ block: 0, group: 2, given: 1, weight: 100, estimator: 'mmd' }));
  it('is reproducible in its seed, differs across attempts, and leaves no tensor behind', () => {
    const opts = { perEnv: 150, test: 60, seed: 4 };
    runIrmTrial(world, -0.9, learner, opts); // warm-up
    const before = tensorCount();
    const a = runIrmTrial(world, -0.9, learner, opts);
    const b = runIrmTrial(world, -0.9, learner, opts);
    const c = runIrmTrial(world, -0.9, learner, { ...opts, attempt: 1 });
    expect(tensorCount()).toBe(before);
    expect(b.zhatIn).toEqual(a.zhatIn);
    expect(b.zhatOut).toEqual(a.zhatOut);
    expect(c.inDist).toEqual(a.inDist); // same data
    expect(c.zhatIn).not.toEqual(a.zhatIn); // fresh optimiser seeds
    expect(a.zhatIn[0]).toHaveLength(2);
    expectInputError(() => runIrmTrial(world, 1.5, learner, opts), 'heldOutRho', 1.5);
  });
  it('the encoders read x only: the label and environment columns do not move ẑ', () => {
    const enc = learner.fit({ groups: irmRows(world, world.rhos, 100, new Rng(3)).groups, x: [], xNext: [] } as any, { init: new Rng(1), batching: new Rng(2) });
    try {
      const rows = irmRows(world, [0.5], 20, new Rng(9));
      const zero = enc.encode(encoderInput(rows));
      const filled = enc.encode(rows.groups[0].map((r, t) => [...r, rows.y[t], 1]));
      expect(filled).toEqual(zero);
    } finally {
      enc.dispose();
    }
  });
});

describe('zhang2020.irm.trained with a plugged-in learner', () => {
  // A test double whose encoder returns the first two observed columns (no training).
  const identity: Learner<any> = {
    name: 'x-columns',
    objective: 'none (test double)',
    fit: () => ({ encode: (x) => x.map((r) => r.slice(0, 2)), train: { steps: 1, curve: [[1, 1]], finalLoss: 1, stoppedBy: 'steps', wallMs: 0 }, learned: {}, dispose: () => {} }),
  };
  it.each(irm.properties.map((p) => [p.id, p] as const))('%s reaches the check with the plugged-in learner', (_id, p) => {
    const [w] = fc.sample(p.arbitrary('quick'), { seed: 3, numRuns: 1 });
    const o = p.check(w, 'quick', { learner: identity });
    expect(o.details?.learner).toBe('x-columns');
    expect(Number.isFinite(o.statistic)).toBe(true);
    expect(o.artifacts?.curves?.length).toBe(1);
  });
});
