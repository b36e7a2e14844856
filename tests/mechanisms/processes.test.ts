/**
 * Data processes of theory.md §2: transition pairs satisfy zNext = m_k(z) exactly (linear, translation,
 * affine, map mechanisms), sequences chain, stochastic pairs satisfy zNext = m(z) + ε exactly,
 * observation applies the mixing and keeps z, everything is pure in the rng, and bad input is named.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mat } from '../../src/core/matrix.ts';
import { applyLinear } from '../../src/core/matrix.ts';
import { buildMixing, rotation2 } from '../../src/generators/index.ts';
import { Rng } from '../../src/rng/rng.ts';
import {
  applyMechanism,
  mechanismArb,
  mechanismFromMatrix,
  mechanismPairs,
  mechanismSequences,
  noiseSpecArb,
  observe,
  observeSequences,
  priorSpecArb,
  sequencePairs,
  stochasticPairs,
} from '../../src/mechanisms/data.ts';
import type { Mechanism } from '../../src/mechanisms/data.ts';
import { mechanismsOf, predictedLinearClass, translations } from '../../src/groups/index.ts';
import { column, expectError, mean } from './helpers.ts';

const seedArb = fc.noShrink(fc.integer());

/** m(z) for one row, computed independently of the samplers. */
function applyOne(m: Mechanism | Mat, row: number[]): number[] {
  if (Array.isArray(m)) return applyLinear([row], m)[0];
  switch (m.kind) {
    case 'linear':
      return applyLinear([row], m.m)[0];
    case 'affine':
      return applyLinear([row], m.m, m.b)[0];
    case 'translation':
      return row.map((v, j) => v + m.delta[j]);
    case 'map':
      return m.apply([row])[0];
  }
}

describe('mechanismPairs', () => {
  it('zNext_i = M_{k_i} z_i exactly for matrices (property over priors and mechanism lists)', () => {
    const arb = fc
      .integer({ min: 1, max: 5 })
      .chain((n) => fc.record({ n: fc.constant(n), prior: priorSpecArb(n), mechanisms: fc.array(mechanismArb(n), { minLength: 1, maxLength: 4 }) }));
    fc.assert(
      fc.property(arb, seedArb, ({ n, prior, mechanisms }, seed) => {
        const pairs = mechanismPairs({ prior, mechanisms, count: 50 }, new Rng(seed));
        expect(pairs.n).toBe(n);
        expect(pairs.count).toBe(50);
        pairs.z.forEach((z, i) => expect(pairs.zNext[i]).toEqual(applyOne(mechanisms[pairs.index![i]], z)));
        expect(pairs.index!.every((k) => Number.isInteger(k) && k >= 0 && k < mechanisms.length)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('covers translation pairs z + δ_k e_k and mixed kinds; the index is uniform', () => {
    const mechanisms: Mechanism[] = [0, 1, 2].map((k) => ({ kind: 'translation', delta: [0, 1, 2].map((i) => (i === k ? 0.5 * (k + 1) : 0)) }));
    const pairs = mechanismPairs({ prior: { kind: 'gaussian' }, mechanisms, count: 3000 }, new Rng(1));
    pairs.z.forEach((z, i) => {
      const k = pairs.index![i];
      const d = pairs.zNext[i].map((v, j) => v - z[j]);
      d.forEach((v, j) => expect(v).toBeCloseTo(j === k ? 0.5 * (k + 1) : 0, 12));
    });
    for (let k = 0; k < 3; k++) expect(Math.abs(pairs.index!.filter((x) => x === k).length - 1000)).toBeLessThan(120);
    const mixed = mechanismPairs(
      {
        prior: { kind: 'uniform-box' },
        mechanisms: [rotation2(0.4), { kind: 'affine', m: [[2, 0], [0, 1]], b: [1, -1] }, { kind: 'map', apply: (z) => z.map((r) => r.map(Math.sin)), name: 'sin' }],
        count: 200,
      },
      new Rng(2),
    );
    mixed.z.forEach((z, i) => {
      const k = mixed.index![i];
      const want = k === 0 ? applyLinear([z], rotation2(0.4))[0] : k === 1 ? [2 * z[0] + 1, z[1] - 1] : z.map(Math.sin);
      want.forEach((v, j) => expect(mixed.zNext[i][j]).toBeCloseTo(v, 14));
    });
  });

  it('accepts bare functions as map mechanisms (with n given)', () => {
    const pairs = mechanismPairs({ prior: { kind: 'gaussian' }, mechanisms: [(z: Mat) => z.map((r) => r.map((v) => 2 * v))], count: 10, n: 2 }, new Rng(1));
    pairs.z.forEach((z, i) => expect(pairs.zNext[i]).toEqual(z.map((v) => 2 * v)));
  });

  it('works with a group action: translations (homogeneous) → translation mechanisms', () => {
    const action = translations(2, { seed: 3 });
    const mechanisms = mechanismsOf(action, new Rng(4), 3).map((m) => mechanismFromMatrix(m, true));
    expect(mechanisms.every((m) => m.kind === 'translation')).toBe(true);
    const pairs = mechanismPairs({ prior: { kind: 'gaussian' }, mechanisms, count: 20 }, new Rng(5));
    expect(pairs.n).toBe(2);
    expect(predictedLinearClass(action).dim).toBe(3);
  });

  it('is pure: same rng seed → deep-equal pairs; the rng is not advanced', () => {
    const opts = { prior: { kind: 'correlated-gaussian' as const, rho: 0.4 }, mechanisms: [rotation2(1), rotation2(2)], count: 30 };
    const rng = new Rng(9);
    const a = mechanismPairs(opts, rng);
    expect(mechanismPairs(opts, rng)).toEqual(a);
    expect(mechanismPairs(opts, new Rng(9))).toEqual(a);
    expect(mechanismPairs(opts, new Rng(10)).z).not.toEqual(a.z);
  });
});

describe('mechanismSequences', () => {
  it('chains: z[t+1]_i = m_{index[t][i]}(z[t]_i); sequencePairs flattens the transitions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.record({ prior: priorSpecArb(n), mechanisms: fc.array(mechanismArb(n), { minLength: 1, maxLength: 3 }) })),
        fc.integer({ min: 2, max: 5 }),
        seedArb,
        ({ prior, mechanisms }, length, seed) => {
          const s = mechanismSequences({ prior, mechanisms, length, count: 10 }, new Rng(seed));
          expect(s.z.length).toBe(length);
          expect(s.index.length).toBe(length - 1);
          for (let t = 0; t + 1 < length; t++) s.z[t].forEach((z, i) => expect(s.z[t + 1][i]).toEqual(applyOne(mechanisms[s.index[t][i]], z)));
          const flat = sequencePairs(s);
          expect(flat.count).toBe(10 * (length - 1));
          const last = 10 * (length - 2);
          expect(flat.z[last + 3]).toEqual(s.z[length - 2][3]);
          expect(flat.zNext[last + 3]).toEqual(s.z[length - 1][3]);
          expect(flat.index![last + 3]).toBe(s.index[length - 2][3]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('length must be an integer ≥ 2', () => {
    const base = { prior: { kind: 'gaussian' as const }, mechanisms: [rotation2(1)], count: 5 };
    expectError(() => mechanismSequences({ ...base, length: 1 }, new Rng(1)), 'InputError', 'length');
    expectError(() => mechanismSequences({ ...base, length: 2.5 }, new Rng(1)), 'InputError', 'length');
  });
});

describe('stochasticPairs', () => {
  it('zNext = m(z) + ε exactly (identity by default); ε independent of z with the requested law', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.record({ n: fc.constant(n), prior: priorSpecArb(n), noise: noiseSpecArb(n), mechanism: fc.option(mechanismArb(n), { nil: undefined }) })),
        seedArb,
        ({ n, prior, noise, mechanism }, seed) => {
          const p = stochasticPairs({ prior, noise, mechanism, count: 40, n }, new Rng(seed));
          const mz = mechanism ? applyMechanism(mechanism, p.z) : p.z;
          p.zNext.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(mz[i][j] + p.epsilon![i][j])));
        },
      ),
      { numRuns: 50 },
    );
    const p = stochasticPairs({ prior: { kind: 'gaussian' }, noise: { kind: 'gaussian', sigma: [0.1, 2] }, count: 20_000 }, new Rng(3));
    expect(p.n).toBe(2);
    const d1 = column(p.epsilon!, 1);
    expect(Math.abs(mean(d1.map((v) => v * v)) - 4)).toBeLessThan(0.2);
    // ε is drawn from its own stream: uncorrelated with z.
    expect(Math.abs(mean(p.z.map((z, i) => z[1] * p.epsilon![i][1])))).toBeLessThan(0.08);
  });

  it('needs a dimension from somewhere', () => {
    expectError(() => stochasticPairs({ prior: { kind: 'gaussian' }, noise: { kind: 'laplace', scale: 1 }, count: 5 }, new Rng(1)), 'InputError', 'n');
    expect(stochasticPairs({ prior: { kind: 'gaussian' }, noise: { kind: 'laplace', scale: 1 }, count: 5, n: 3 }, new Rng(1)).n).toBe(3);
    expect(stochasticPairs({ prior: { kind: 'gaussian' }, noise: { kind: 'laplace', scale: 1 }, mechanism: rotation2(1), count: 5 }, new Rng(1)).n).toBe(2);
  });
});

describe('observe', () => {
  it('adds x = g(z), xNext = g(zNext), keeps z, zNext and index; sequences too', () => {
    const mixing = buildMixing({ kind: 'leaky-relu-mlp', n: 3, layers: 2, negativeSlope: 0.2, maxCondition: 30, seed: 4 });
    const pairs = mechanismPairs({ prior: { kind: 'gaussian' }, mechanisms: [{ kind: 'translation', delta: [1, 0, 0] }], count: 25 }, new Rng(2));
    const data = observe(pairs, mixing);
    expect(data.z).toEqual(pairs.z);
    expect(data.zNext).toEqual(pairs.zNext);
    expect(data.index).toEqual(pairs.index);
    expect(data.x).toEqual(mixing.apply(pairs.z));
    expect(data.xNext).toEqual(mixing.apply(pairs.zNext));
    expect(data.count).toBe(25);
    expect(data.n).toBe(3);
    expect(data.description).toContain('observed');
    const back = mixing.invert(data.x);
    back.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(pairs.z[i][j], 9)));
    const s = mechanismSequences({ prior: { kind: 'gaussian' }, mechanisms: [[[1, 0, 0], [0, 0, -1], [0, 1, 0]]], length: 3, count: 4 }, new Rng(1));
    const os = observeSequences(s, mixing);
    os.x.forEach((xt, t) => expect(xt).toEqual(mixing.apply(s.z[t])));
    const st = observe(stochasticPairs({ prior: { kind: 'gaussian' }, noise: { kind: 'gaussian', sigma: 0.1 }, count: 5, n: 3 }, new Rng(1)), mixing);
    expect(st.index).toBeUndefined();
  });

  it('names mixing.n on a dimension mismatch and pairs/sequences when malformed', () => {
    const mixing = buildMixing({ kind: 'linear', n: 2, layers: 0, negativeSlope: 0, maxCondition: 30, seed: 1 });
    const pairs = mechanismPairs({ prior: { kind: 'gaussian' }, mechanisms: [[[1, 0, 0], [0, 1, 0], [0, 0, 1]]], count: 5 }, new Rng(1));
    expectError(() => observe(pairs, mixing), 'InputError', 'mixing.n');
    expectError(() => observe(null as never, mixing), 'InputError', 'pairs');
    expectError(() => observe({ ...pairs, n: 2 }, {} as never), 'InputError', 'mixing');
    expectError(() => observeSequences(null as never, mixing), 'InputError', 'sequences');
  });
});

describe('process validation', () => {
  const rng = new Rng(1);
  const prior = { kind: 'gaussian' as const };
  it('count, mechanisms[k] (dimension mismatch, malformed), prior fields', () => {
    expect(expectError(() => mechanismPairs({ prior, mechanisms: [rotation2(1)], count: 0 }, rng), 'InputError', 'count').value).toBe(0);
    expectError(() => mechanismPairs({ prior, mechanisms: [rotation2(1)], count: -3 }, rng), 'InputError', 'count');
    expectError(() => mechanismPairs({ prior, mechanisms: [], count: 5 }, rng), 'InputError', 'mechanisms');
    expectError(() => mechanismPairs({ prior, mechanisms: [rotation2(1), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]], count: 5 }, rng), 'InputError', 'mechanisms[1]');
    expectError(() => mechanismPairs({ prior, mechanisms: [rotation2(1), { kind: 'translation', delta: [1, 2, 3] }], count: 5 }, rng), 'InputError', 'mechanisms[1]');
    // The prior's covariance fixes n = 3: a 2 × 2 mechanism is named.
    expectError(
      () => mechanismPairs({ prior: { kind: 'correlated-gaussian', cov: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }, mechanisms: [rotation2(1)], count: 5 }, rng),
      'InputError',
      'mechanisms[0]',
    );
    expectError(() => mechanismPairs({ prior, mechanisms: [[[1, 2, 3]]], count: 5 }, rng), 'InputError', 'mechanisms[0].m.shape');
    expectError(() => mechanismPairs({ prior, mechanisms: [[[1, NaN], [0, 1]]], count: 5 }, rng), 'InputError', 'mechanisms[0].m[0][1]');
    expectError(() => mechanismPairs({ prior, mechanisms: [{ kind: 'affine', m: rotation2(1), b: [1] }], count: 5 }, rng), 'InputError', 'mechanisms[0].b.length');
    expectError(() => mechanismPairs({ prior, mechanisms: [{ kind: 'shear' } as never], count: 5 }, rng), 'InputError', 'mechanisms[0].kind');
    expectError(() => mechanismPairs({ prior, mechanisms: [{ kind: 'map', apply: 3 } as never], count: 5 }, rng), 'InputError', 'mechanisms[0].apply');
    expectError(() => mechanismPairs({ prior, mechanisms: [{ kind: 'map', apply: (z: Mat) => z }], count: 5 }, rng), 'InputError', 'n');
    expectError(
      () => mechanismPairs({ prior, mechanisms: [{ kind: 'map', apply: (z: Mat) => z.map(() => [1]), name: 'bad' }], count: 5, n: 2 }, rng),
      'InputError',
      /^bad\(z\)/,
    );
    expectError(() => mechanismPairs({ prior: { kind: 'correlated-gaussian', rho: 2 }, mechanisms: [rotation2(1)], count: 5 }, rng), 'InputError', 'prior.rho');
    expectError(() => mechanismPairs(null as never, rng), 'InputError', 'options');
    expectError(() => stochasticPairs({ prior, noise: { kind: 'gaussian', sigma: [1, 1, 1] }, mechanism: rotation2(1), count: 5 }, rng), 'InputError', 'noise.sigma.length');
    expectError(() => stochasticPairs({ prior, noise: { kind: 'gaussian', sigma: 1 }, mechanism: [[1, 2]], count: 5 }, rng), 'InputError', 'mechanism.m.shape');
    expectError(() => mechanismFromMatrix([[1, 0], [1, 1]], true), 'InputError', 'mechanism[1]');
  });
});
