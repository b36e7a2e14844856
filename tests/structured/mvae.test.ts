/**
 * The masked VAE / MIB objective: the unification (VAE, β-VAE, multimodal shared/private VAE are configs of one
 * objective), masks enforced by construction, bad input with named errors, reproducible training without leaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/rng/rng.ts';
import { initBackend, tensorCount } from '../../src/tfjs/index.ts';
import { toTensor2D } from '../../src/train/data.ts';
import { TWO_VIEW_MASK } from '../../src/structured/mask.ts';
import { createMaskedVae, encodeBlocks, maskedVaeLearner, mibTerms, resolveMaskedVaeConfig } from '../../src/structured/mvae.ts';
import type { MaskedVaeConfig } from '../../src/structured/mvae.ts';
import { allOnesTwoViewConfig, betaVaeConfig, multimodalConfig, vaeConfig } from '../../src/structured/unify.ts';
import { twoViewParams } from '../../src/structured/presets.ts';
import { buildStructuredWorld } from '../../src/structured/world.ts';
import { expectInputError } from '../classes/helpers.ts';

const TRAIN = { steps: 40, batchSize: 64, learningRate: 3e-3, evalEvery: 20 };

beforeAll(async () => {
  await initBackend('wasm');
});

function terms(config: MaskedVaeConfig, x: number[][], seed = 1) {
  const vae = createMaskedVae(config, new Rng(seed));
  try {
    return tf.tidy(() => {
      const t = mibTerms(vae, toTensor2D(x), tf.randomNormal([x.length, config.blocks.reduce((a, b) => a + b, 0)], 0, 1, 'float32', 7) as tf.Tensor2D);
      return { recon: Array.from(t.recon.dataSync()), kl: Array.from(t.kl.dataSync()), total: t.total.dataSync()[0] };
    });
  } finally {
    vae.dispose();
  }
}

describe('unification', () => {
  const x = new Rng(5).normalMatrix(64, 4);
  it('the VAE is one group, one block, the all-ones mask and β = 1; total = recon + KL', () => {
    const c = resolveMaskedVaeConfig(vaeConfig(4, 2, { train: TRAIN }));
    expect(c.decoderMask).toEqual([[1]]);
    expect(c.encoderMask).toEqual([[1]]);
    expect(c.beta).toEqual([1]);
    const t = terms(vaeConfig(4, 2, { train: TRAIN }), x);
    expect(t.total).toBeCloseTo(t.recon[0] + t.kl[0], 3);
  });
  it('the β-VAE differs from the VAE only by (β − 1)·KL (same networks, same noise)', () => {
    const v = terms(vaeConfig(4, 2, { train: TRAIN }), x);
    const b = terms(betaVaeConfig(4, 2, 4, { train: TRAIN }), x);
    expect(b.recon).toEqual(v.recon);
    expect(b.kl).toEqual(v.kl);
    expect(b.total - v.total).toBeCloseTo(3 * v.kl[0], 3);
  });
  it('the multimodal shared/private VAE: the shared block reads both views, each private block its own view only', () => {
    const cfg = multimodalConfig([2, 2], [1, 1, 1], 1, { hidden: [8], train: TRAIN });
    expect(resolveMaskedVaeConfig(cfg).encoderMask).toEqual([
      [1, 1],
      [1, 0],
      [0, 1],
    ]);
    const vae = createMaskedVae(cfg, new Rng(2));
    try {
      const mu = (xx: number[][]) => tf.tidy(() => encodeBlocks(vae, toTensor2D(xx)).mu.arraySync() as number[][]);
      const base = mu(x);
      const moved2 = mu(x.map((r) => [r[0], r[1], r[2] + 1, r[3] - 1])); // change view 2 only
      base.forEach((row, t) => {
        expect(moved2[t][1]).toBe(row[1]); // private 1: unchanged, exactly
        expect(moved2[t][0]).not.toBe(row[0]); // shared: changed
        expect(moved2[t][2]).not.toBe(row[2]); // private 2: changed
      });
    } finally {
      vae.dispose();
    }
  });
  it('the all-ones two-view mask lets every block read and generate both views', () => {
    const c = resolveMaskedVaeConfig(allOnesTwoViewConfig([2, 2], [1, 1, 1], 1, { train: TRAIN }));
    expect(c.encoderMask.flat().every((v) => v === 1)).toBe(true);
  });
});

describe('bad input', () => {
  const ok: MaskedVaeConfig = { blocks: [1, 1, 1], groupDims: [2, 2], decoderMask: TWO_VIEW_MASK, train: TRAIN };
  it('names the field and value', () => {
    expectInputError(() => maskedVaeLearner({ ...ok, beta: -0.5 }), 'beta', -0.5);
    expectInputError(() => maskedVaeLearner({ ...ok, beta: [1, -1, 1] }), 'beta[1]', -1);
    expectInputError(() => maskedVaeLearner({ ...ok, beta: [1, 1] }), 'beta', [1, 1]);
    expectInputError(() => maskedVaeLearner({ ...ok, decoderMask: [[1, 1, 0], [1, 0, 0]] }), 'decoderMask[:, 2]', [0, 0]);
    expectInputError(() => maskedVaeLearner({ ...ok, decoderMask: [[1, 1, 1], [0, 0, 0]] }), 'decoderMask[1]', [0, 0, 0]);
    expectInputError(() => maskedVaeLearner({ ...ok, decoderMask: [[1, 1], [1, 1]] }), 'decoderMask[0]', [1, 1]);
    expectInputError(() => maskedVaeLearner({ ...ok, blocks: [1, 1] }), 'decoderMask[0]', [1, 1, 0]);
    expectInputError(() => maskedVaeLearner({ ...ok, decoderStd: 0 }), 'decoderStd', 0);
    expectInputError(() => maskedVaeLearner({ ...ok, learnMask: { sparsity: 0.1, tauStart: 0, tauEnd: 0.1 } }), 'learnMask.tauStart', 0);
    expectInputError(() => maskedVaeLearner({ ...ok, train: { ...TRAIN, steps: 0 } }), 'config.steps', 0);
    const l = maskedVaeLearner(ok);
    const g = new Rng(1).normalMatrix(10, 2);
    expectInputError(() => l.fit({ groups: [g], x: g, xNext: g }, { init: new Rng(1), batching: new Rng(2) }), 'data.groups', 1);
  });
});

describe('training', () => {
  const params = twoViewParams({ shared: 1, private1: 1, private2: 1, seed: 9 });
  const world = buildStructuredWorld(params);
  const z = world.sampleLatents(256, new Rng(1));
  const groups = world.observe(z);
  const data = { groups, x: groups[0], xNext: groups[1] };
  const xs = groups[0].map((r, t) => [...r, ...groups[1][t]]);
  const fit = (cfg: MaskedVaeConfig) => {
    const enc = maskedVaeLearner(cfg).fit(data, { init: new Rng(3), batching: new Rng(4) });
    try {
      return { zhat: enc.encode(xs), train: enc.train, learned: enc.learned };
    } finally {
      enc.dispose();
    }
  };
  it('is reproducible and leaves no tensor behind (fixed and learned masks)', () => {
    const cfg = multimodalConfig([world.groupDims[0], world.groupDims[1]], [1, 1, 1], 1, { hidden: [8], train: TRAIN });
    fit(cfg); // warm-up: backend kernels may allocate once
    const before = tensorCount();
    const a = fit(cfg);
    const b = fit(cfg);
    expect(tensorCount()).toBe(before);
    expect(a.zhat).toEqual(b.zhat);
    expect(a.train.curve).toEqual(b.train.curve);
    expect(a.train.finalLoss).toBeLessThan(a.train.curve[0][1]);
    const learnCfg: MaskedVaeConfig = { ...cfg, learnMask: { sparsity: 0.5, tauStart: 1, tauEnd: 0.2 } };
    const c = fit(learnCfg);
    expect(tensorCount()).toBe(before);
    expect((c.learned.mask as number[][]).length).toBe(2);
    expect(fit(learnCfg).zhat).toEqual(c.zhat);
  });
});
