import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../src/core/errors.ts';
import { Rng, seedStreams } from '../../src/rng/rng.ts';
import { glorotLimit, initBackend, randomNormalTensor, tensorCount } from '../../src/tfjs/index.ts';
import { createMlp } from '../../src/train/index.ts';
import type { Mlp, MlpSpec } from '../../src/train/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

function bits(v: tf.Variable): Uint32Array {
  const a = (v.dataSync() as Float32Array).slice();
  return new Uint32Array(a.buffer);
}

function weightsBits(m: Mlp): Uint32Array[] {
  return m.variables.map(bits);
}

function specError(spec: unknown): InputError {
  try {
    createMlp(spec as MlpSpec, new Rng(1));
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('createMlp', () => {
  it('same seed → bitwise-identical initial weights; different seed → different', () => {
    const spec: MlpSpec = { sizes: [3, 16, 16, 2], activation: 'leaky-relu' };
    const a = createMlp(spec, seedStreams(7, 'mlp').init);
    const b = createMlp(spec, seedStreams(7, 'mlp').init);
    const c = createMlp(spec, seedStreams(8, 'mlp').init);
    try {
      expect(weightsBits(a)).toEqual(weightsBits(b));
      const wa = weightsBits(a);
      const wc = weightsBits(c);
      for (let l = 0; l < 3; l++) expect(wa[2 * l]).not.toEqual(wc[2 * l]);
    } finally {
      [a, b, c].forEach((m) => m.dispose());
    }
  });

  it('has the right shapes, zero biases, unique variable names, and He / Glorot scales', () => {
    const m = createMlp({ sizes: [4, 300, 200, 3], activation: 'relu' }, new Rng(3));
    const t = createMlp({ sizes: [4, 50, 3], activation: 'tanh' }, new Rng(3));
    try {
      expect(m.variables.map((v) => v.shape)).toEqual([[4, 300], [300], [300, 200], [200], [200, 3], [3]]);
      expect(m.variables.every((v) => v.trainable)).toBe(true);
      for (const v of [m.variables[1], m.variables[3], m.variables[5]]) expect(Array.from(v.dataSync()).every((x) => x === 0)).toBe(true);
      const names = [...m.variables, ...t.variables].map((v) => v.name);
      expect(new Set(names).size).toBe(names.length);
      // Hidden ReLU layer 300→200: He-normal std √(2/300).
      const w = Array.from(m.variables[2].dataSync());
      const sd = Math.sqrt(w.reduce((s, x) => s + x * x, 0) / w.length);
      expect(sd / Math.sqrt(2 / 300)).toBeGreaterThan(0.95);
      expect(sd / Math.sqrt(2 / 300)).toBeLessThan(1.05);
      // Output layer (linear) and tanh layers: Glorot-uniform, within ±√(6/(in+out)).
      const lim = glorotLimit(200, 3);
      expect(Array.from(m.variables[4].dataSync()).every((x) => Math.abs(x) <= lim + 1e-7)).toBe(true);
      const limT = glorotLimit(4, 50);
      expect(Array.from(t.variables[0].dataSync()).every((x) => Math.abs(x) <= limT + 1e-7)).toBe(true);
      expect(t.spec.negativeSlope).toBeUndefined();
    } finally {
      m.dispose();
      t.dispose();
    }
  });

  it('apply equals the plain-tfjs forward pass (leaky ReLU slope default 0.2, linear last layer)', () => {
    for (const activation of ['leaky-relu', 'relu', 'tanh'] as const) {
      const m = createMlp({ sizes: [5, 12, 7, 3], activation }, new Rng(11));
      try {
        expect(m.spec.negativeSlope).toBe(activation === 'leaky-relu' ? 0.2 : undefined);
        tf.tidy(() => {
          const x = randomNormalTensor([9, 5], new Rng(12)) as tf.Tensor2D;
          const y = m.apply(x);
          let h: tf.Tensor2D = x;
          for (let l = 0; l < 3; l++) {
            h = tf.add(tf.matMul(h, m.variables[2 * l] as tf.Tensor2D), m.variables[2 * l + 1]) as tf.Tensor2D;
            if (l < 2) h = activation === 'leaky-relu' ? tf.leakyRelu(h, 0.2) : activation === 'relu' ? tf.relu(h) : tf.tanh(h);
          }
          expect(y.shape).toEqual([9, 3]);
          expect(tf.max(tf.abs(tf.sub(y, h))).dataSync()[0]).toBeLessThan(1e-5);
        });
      } finally {
        m.dispose();
      }
    }
  });

  it('honours a custom negative slope', () => {
    const m = createMlp({ sizes: [2, 2], activation: 'leaky-relu', negativeSlope: 0.01 }, new Rng(1));
    expect(m.spec.negativeSlope).toBe(0.01);
    m.dispose();
  });

  it('dispose frees every variable; repeated creation never collides and leaks nothing', () => {
    const before = tensorCount();
    for (let i = 0; i < 20; i++) {
      const m = createMlp({ sizes: [3, 8, 3], activation: 'tanh' }, new Rng(i));
      m.dispose();
      m.dispose(); // idempotent
    }
    expect(tensorCount()).toBe(before);
    const m = createMlp({ sizes: [3, 8, 3], activation: 'tanh' }, new Rng(1));
    m.dispose();
    expect(() => tf.tidy(() => m.apply(tf.zeros([1, 3]) as tf.Tensor2D))).toThrow(InputError);
  });

  it('rejects bad specs, naming the field and the value', () => {
    expect(specError(null).field).toBe('spec');
    expect(specError({ sizes: [3], activation: 'tanh' }).field).toBe('spec.sizes');
    expect(specError({ sizes: 'big', activation: 'tanh' }).field).toBe('spec.sizes');
    const e = specError({ sizes: [3, 8, 0, 2], activation: 'tanh' });
    expect(e.field).toBe('spec.sizes[2]');
    expect(e.value).toBe(0);
    expect(e.message).toMatch(/^spec\.sizes\[2\]: expected a positive integer.*got 0$/);
    expect(specError({ sizes: [3, 2.5], activation: 'tanh' }).field).toBe('spec.sizes[1]');
    expect(specError({ sizes: [3, Number.NaN], activation: 'tanh' }).message).toContain('NaN');
    const a = specError({ sizes: [3, 2], activation: 'sigmoid' });
    expect(a.field).toBe('spec.activation');
    expect(a.message).toContain('"sigmoid"');
    for (const slope of [0, 1, -0.1, 1.5, Number.NaN]) {
      const s = specError({ sizes: [3, 2], activation: 'leaky-relu', negativeSlope: slope });
      expect(s.field).toBe('spec.negativeSlope');
    }
    expect(() => createMlp({ sizes: [2, 2], activation: 'tanh' }, null as unknown as Rng)).toThrow(/^rng:/);
  });

  it('does not leak when given a bad spec', () => {
    const before = tensorCount();
    expect(() => createMlp({ sizes: [2, 3, -1], activation: 'relu' }, new Rng(1))).toThrow(InputError);
    expect(tensorCount()).toBe(before);
  });
});
