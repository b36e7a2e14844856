import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/tfjs/backend.ts';
import { Rng } from '../../src/rng/rng.ts';
import { mechanismLearner, transitionLearner } from '../../src/mechanisms/learners.ts';
import { linearWithLogDet, mlpWithLogDet } from '../../src/mechanisms/jacobian.ts';
import { axisByIndexLoss } from '../../src/mechanisms/mechanismLearner.ts';
import { inputWhitening } from '../../src/mechanisms/tensors.ts';
import { createMlp } from '../../src/train/mlp.ts';
import { applyLinear } from '../../src/core/matrix.ts';
import { InputError } from '../../src/core/errors.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const seeds = (s: number) => ({ init: new Rng(s), batching: new Rng(s + 1) });
const small = { steps: 60, batchSize: 64, learningRate: 3e-3, evalEvery: 20 };

function pairs(n: number, count: number, m: number[][]) {
  const rng = new Rng(3);
  const x = rng.normalMatrix(count, n);
  return { x, xNext: applyLinear(x, m), index: x.map(() => 0) };
}

describe('learners', () => {
  const diag = [[1.5, 0], [0, 0.7]];

  it('mechanism learner: same seeds → identical encoder; tensor count stable across trials', () => {
    const learner = mechanismLearner({ mechanisms: { kind: 'known-linear', matrices: [diag] }, hidden: [16], train: small });
    const data = pairs(2, 256, diag);
    const before = tf.memory().numTensors;
    const outs: number[][][] = [];
    for (let t = 0; t < 3; t++) {
      const enc = learner.fit(data, seeds(t === 2 ? 9 : 5));
      outs.push(enc.encode(data.x.slice(0, 5)));
      enc.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(outs[1]).toEqual(outs[0]);
    expect(outs[2]).not.toEqual(outs[0]);
  });

  it('hypothesis-class learners run and report their learned mechanisms', () => {
    for (const family of ['diagonal', 'affine', 'axis-translation'] as const) {
      const before = tf.memory().numTensors;
      const enc = mechanismLearner({ mechanisms: { kind: 'hypothesis', family, count: 1 }, hidden: [16], train: small }).fit(pairs(2, 256, diag), seeds(1));
      expect(Object.keys(enc.learned).length).toBeGreaterThan(0);
      expect(enc.train.curve.length).toBeGreaterThan(0);
      enc.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('transition learners (whitened and flow) run without leaking', () => {
    const rng = new Rng(4);
    const x = rng.normalMatrix(256, 2);
    const xNext = x.map((r) => r.map((v) => v + 0.3 * rng.normal()));
    for (const objective of ['whitened', 'flow'] as const) {
      const before = tf.memory().numTensors;
      const enc = transitionLearner({ kernel: 'laplace', objective, kernelScale: 0.3, hidden: objective === 'flow' ? [2, 2] : [16], train: small }).fit({ x, xNext }, seeds(2));
      expect(enc.encode(x.slice(0, 3))).toHaveLength(3);
      enc.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('bad input names the field and value', () => {
    const learner = mechanismLearner({ mechanisms: { kind: 'known-linear', matrices: [diag] }, hidden: [8], train: small });
    const data = pairs(2, 64, diag);
    expect(() => learner.fit({ ...data, index: data.index.map(() => 2) }, seeds(1))).toThrow(/data\.index\[0\]: expected a mechanism index in \[0, 1\), got 2/);
    expect(() => learner.fit({ ...data, xNext: data.xNext.slice(1) }, seeds(1))).toThrow(/data\.xNext\.rows: expected 64 rows, got 63/);
    expect(() => learner.fit({ ...data, x: data.x.map((r, i) => (i === 5 ? [NaN, 1] : r)) }, seeds(1))).toThrow(/data\.x\[5\]\[0\]: expected a finite number, got NaN/);
    const wrongSize = mechanismLearner({ mechanisms: { kind: 'known-linear', matrices: [[[1, 0, 0], [0, 1, 0], [0, 0, 1]]] }, hidden: [8], train: small });
    expect(() => wrongSize.fit(data, seeds(1))).toThrow(/mechanisms\.matrices\[0\]\.rows: expected 2 rows, got 3/);
    expect(() => transitionLearner({ kernel: 'cauchy' as 'laplace', objective: 'flow', kernelScale: 1, hidden: [2], train: small })).toThrow(InputError);
    expect(() => transitionLearner({ kernel: 'laplace', objective: 'flow', kernelScale: 0, hidden: [2], train: small })).toThrow(/kernelScale: .*got 0/);
    const rng = new Rng(1);
    const x4 = rng.normalMatrix(64, 4);
    expect(() => transitionLearner({ kernel: 'laplace', objective: 'flow', kernelScale: 1, hidden: [4], train: small }).fit({ x: x4, xNext: x4 }, seeds(1))).toThrow(
      /n: expected a latent dimension ≤ 3/,
    );
  });
});

describe('mlpWithLogDet', () => {
  it.each([1, 2, 3])('matches log|det| of a finite-difference Jacobian (n = %i)', (n) => {
    const mlp = createMlp({ sizes: [n, 5, 4, n], activation: 'leaky-relu', negativeSlope: 0.3 }, new Rng(10 + n));
    const x = new Rng(20).normalMatrix(4, n);
    const { logAbsDet } = tf.tidy(() => {
      const r = mlpWithLogDet(mlp, tf.tensor2d(x));
      return { logAbsDet: r.logAbsDet.arraySync() as number[] };
    });
    const f = (row: number[]) => tf.tidy(() => (mlp.apply(tf.tensor2d([row])).arraySync() as number[][])[0]);
    const h = 1e-3;
    x.forEach((row, b) => {
      const jac = Array.from({ length: n }, (_, j) =>
        Array.from({ length: n }, (_, i) => {
          const up = row.slice();
          const dn = row.slice();
          up[i] += h;
          dn[i] -= h;
          return (f(up)[j] - f(dn)[j]) / (2 * h);
        }),
      );
      const det = n === 1 ? jac[0][0] : n === 2 ? jac[0][0] * jac[1][1] - jac[0][1] * jac[1][0] : (
        jac[0][0] * (jac[1][1] * jac[2][2] - jac[1][2] * jac[2][1]) - jac[0][1] * (jac[1][0] * jac[2][2] - jac[1][2] * jac[2][0]) + jac[0][2] * (jac[1][0] * jac[2][1] - jac[1][1] * jac[2][0])
      );
      expect(logAbsDet[b]).toBeCloseTo(Math.log(Math.abs(det)), 2);
    });
    mlp.dispose();
  });
});

describe('linear encoder log-determinant', () => {
  it.each([2, 3])('linearWithLogDet equals mlpWithLogDet for a single square layer (n = %i)', (n) => {
    const mlp = createMlp({ sizes: [n, n], activation: 'leaky-relu' }, new Rng(30 + n));
    const x = tf.tensor2d(new Rng(31).normalMatrix(5, n));
    const [a, b] = tf.tidy(() => [linearWithLogDet(mlp, x), mlpWithLogDet(mlp, x)].map((r) => ({ y: r.y.arraySync(), l: r.logAbsDet.arraySync() as number[] })));
    expect(a.y).toEqual(b.y);
    a.l.forEach((v, i) => expect(v).toBeCloseTo(b.l[i], 5));
    x.dispose();
    mlp.dispose();
  });
});

describe('inputWhitening', () => {
  it('maps the training rows to zero mean and identity covariance, and is affine', () => {
    const rng = new Rng(40);
    const x = applyLinear(rng.normalMatrix(2000, 3), [[2, 0.5, 0], [0, 1, 0.3], [0.2, 0, 0.1]]).map((r) => r.map((v, j) => v + j));
    const w = inputWhitening(x);
    const y = w.apply(x);
    const mean = [0, 1, 2].map((j) => y.reduce((s, r) => s + r[j], 0) / y.length);
    mean.forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-9));
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(y.reduce((s, r) => s + r[i] * r[j], 0) / (y.length - 1)).toBeCloseTo(i === j ? 1 : 0, 8);
    expect(w.apply([x[7]])[0]).toEqual(y[7]);
  });
});

describe('axis-translation hypothesis, axes by index', () => {
  // z′ = z + s e_k with a size per pair; identity "mixing" so the true latents are optimal.
  function axisPairs(n: number, count: number) {
    const rng = new Rng(50);
    const x = rng.normalMatrix(count, n);
    const index = x.map(() => rng.int(n));
    const xNext = x.map((r, i) => r.map((v, j) => (j === index[i] ? v + rng.sign() * rng.range(0.3, 1) : v)));
    return { x, xNext, index };
  }

  it('the loss is 0 for an encoder that moves coordinate k under mechanism k only, and > 0 for a rotation', () => {
    const { x, xNext, index } = axisPairs(2, 256);
    const own = tf.oneHot(tf.tensor1d(index, 'int32'), 2).toFloat() as tf.Tensor2D;
    const value = (f: number[][], g: number[][]) => tf.tidy(() => axisByIndexLoss(tf.tensor2d(f), tf.tensor2d(g), own, 2).dataSync()[0]);
    expect(value(x, xNext)).toBeLessThan(1e-9);
    const r = [[Math.cos(0.5), -Math.sin(0.5)], [Math.sin(0.5), Math.cos(0.5)]];
    expect(value(applyLinear(x, r), applyLinear(xNext, r))).toBeGreaterThan(0.1);
    own.dispose();
  });

  it('trains with restarts, reconstruction and whitening without leaking; restarts report their probe losses', () => {
    const data = axisPairs(2, 256);
    const before = tf.memory().numTensors;
    const learner = mechanismLearner({
      mechanisms: { kind: 'hypothesis', family: 'axis-translation', count: 2 },
      axes: 'by-index',
      reconstructionWeight: 1,
      whitenInputs: true,
      restarts: 2,
      restartSteps: 20,
      hidden: [8],
      train: small,
    });
    const enc = learner.fit(data, seeds(3));
    const restarts = enc.learned.restarts as { probeLosses: number[]; chosen: number };
    expect(restarts.probeLosses).toHaveLength(2);
    expect(restarts.probeLosses[restarts.chosen]).toBe(Math.min(...restarts.probeLosses));
    expect(enc.train.steps).toBe(small.steps);
    expect(enc.train.curve.at(-1)![0]).toBe(small.steps);
    expect((enc.learned.movementShare as number[][]).length).toBe(2);
    expect(enc.encode(data.x.slice(0, 3))).toHaveLength(3);
    enc.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // Same seeds → same encoder.
    const a = learner.fit(data, seeds(3));
    const b = learner.fit(data, seeds(3));
    expect(a.encode(data.x.slice(0, 4))).toEqual(b.encode(data.x.slice(0, 4)));
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('bad settings name the field', () => {
    const data = axisPairs(2, 64);
    expect(() => mechanismLearner({ mechanisms: { kind: 'hypothesis', family: 'axis-translation', count: 3 }, axes: 'by-index', hidden: [4], train: small }).fit({ ...data, index: data.index }, seeds(1))).toThrow(
      /mechanisms\.count: expected at most 2 axis translations/,
    );
    expect(() => mechanismLearner({ mechanisms: { kind: 'hypothesis', family: 'axis-translation', count: 2 }, restarts: 0, hidden: [4], train: small })).toThrow(/restarts: .*got 0/);
  });
});
