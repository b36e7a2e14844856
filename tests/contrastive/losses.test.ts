import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/tfjs/backend.ts';
import { Rng } from '../../src/rng/rng.ts';
import {
  contrastiveLoss,
  contrastiveLossReference,
  criticValues,
  pairwiseDelta,
  rowDelta,
  CONTRASTIVE_LOSSES,
} from '../../src/contrastive/losses.ts';
import type { ContrastiveLossKind } from '../../src/contrastive/losses.ts';
import { InputError } from '../../src/core/errors.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const t2 = (m: number[][]) => tf.tensor2d(m);
const softplus = (x: number) => Math.log1p(Math.exp(x));

/**
 * Tiny batch, computed by hand: anchors a₁ = (0, 0), a₂ = (1, 0); positives p₁ = (0, 1), p₂ = (2, 0);
 * negatives n₁ = (1, 1), n₂ = (0, 2); τ = 1, no corrections.
 *   L1: δ(a₁,p₁) = 1, δ(a₂,p₂) = 1; δ(a₁,n₁) = 2, δ(a₁,n₂) = 2, δ(a₂,n₁) = 1, δ(a₂,n₂) = 3.
 *   L2²: positives 1, 1; negatives 2, 4, 1, 5.
 */
const A = [[0, 0], [1, 0]];
const P = [[0, 1], [2, 0]];
const N = [[1, 1], [0, 2]];
const HAND: Record<1 | 2, { pos: number[]; neg: number[][] }> = {
  1: { pos: [-1, -1], neg: [[-2, -2], [-1, -3]] },
  2: { pos: [-1, -1], neg: [[-2, -4], [-1, -5]] },
};

/** The four losses written out from their definitions (theory.md §3) on plain numbers. */
function handLoss(kind: ContrastiveLossKind, pos: number[], neg: number[][]): number {
  const b = pos.length;
  const flat = neg.flat();
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  switch (kind) {
    case 'infonce':
      return mean(pos.map((p, i) => Math.log(Math.exp(p) + neg[i].reduce((s, x) => s + Math.exp(x), 0)) - p));
    case 'nce':
      return mean(pos.map((p) => softplus(-p))) + mean(flat.map(softplus));
    case 'scl':
      return -2 * mean(pos.map(Math.exp)) + mean(flat.map((x) => Math.exp(2 * x)));
    case 'nwj':
      return -mean(pos) + mean(flat.map((x) => Math.exp(x - 1)));
  }
  void b;
}

describe('contrastive losses: hand-computed values on a tiny batch', () => {
  it('critic values: −δ/τ for L1 and squared L2', () => {
    for (const alpha of [1, 2] as const) {
      const out = tf.tidy(() => {
        const c = criticValues({ anchors: t2(A), positives: t2(P), negatives: t2(N) }, alpha, 1);
        return [c.psiPos.arraySync(), c.psiNeg.arraySync()] as [number[], number[][]];
      });
      expect(out[0]).toEqual(HAND[alpha].pos.map((v) => expect.closeTo(v, 5)));
      out[1].forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(HAND[alpha].neg[i][j], 5)));
    }
  });

  it('the four losses equal their definitions (explicit numbers for L1)', () => {
    // InfoNCE, L1: row 1 log(e⁻¹ + 2e⁻²) + 1 = log(1 + 2/e); row 2 log(2e⁻¹ + e⁻³) + 1 = log(2 + e⁻²).
    const expected: Record<ContrastiveLossKind, number> = {
      infonce: (Math.log(1 + 2 / Math.E) + Math.log(2 + Math.exp(-2))) / 2,
      nce: softplus(1) + (2 * softplus(-2) + softplus(-1) + softplus(-3)) / 4,
      scl: -2 * Math.exp(-1) + (2 * Math.exp(-4) + Math.exp(-2) + Math.exp(-6)) / 4,
      nwj: 1 + (2 * Math.exp(-3) + Math.exp(-2) + Math.exp(-4)) / 4,
    };
    for (const kind of CONTRASTIVE_LOSSES) {
      expect(handLoss(kind, HAND[1].pos, HAND[1].neg)).toBeCloseTo(expected[kind], 12);
      for (const alpha of [1, 2] as const) {
        const [fast, ref] = tf.tidy(() => {
          const c = criticValues({ anchors: t2(A), positives: t2(P), negatives: t2(N) }, alpha, 1);
          return [contrastiveLoss(kind, c.psiPos, c.psiNeg).dataSync()[0], contrastiveLossReference(kind, c.psiPos, c.psiNeg).dataSync()[0]];
        });
        const want = handLoss(kind, HAND[alpha].pos, HAND[alpha].neg);
        expect(fast, `${kind} L${alpha}`).toBeCloseTo(want, 5);
        expect(ref, `${kind} L${alpha} reference`).toBeCloseTo(want, 5);
      }
    }
  });

  it('temperature, corrections and offset enter the critic as −δ/τ + c₁(x) + c₂(x̃) + b', () => {
    const [pos, neg] = tf.tidy(() => {
      const c = criticValues(
        { anchors: t2(A), positives: t2(P), negatives: t2(N), c1: tf.tensor1d([0.5, -1]), c2Pos: tf.tensor1d([2, 3]), c2Neg: tf.tensor1d([-0.25, 1]), bias: 0.1 },
        1,
        2,
      );
      return [c.psiPos.arraySync(), c.psiNeg.arraySync()] as [number[], number[][]];
    });
    expect(pos[0]).toBeCloseTo(-1 / 2 + 0.5 + 2 + 0.1, 5);
    expect(pos[1]).toBeCloseTo(-1 / 2 - 1 + 3 + 0.1, 5);
    expect(neg[0][0]).toBeCloseTo(-2 / 2 + 0.5 - 0.25 + 0.1, 5);
    expect(neg[0][1]).toBeCloseTo(-2 / 2 + 0.5 + 1 + 0.1, 5);
    expect(neg[1][0]).toBeCloseTo(-1 / 2 - 1 - 0.25 + 0.1, 5);
    expect(neg[1][1]).toBeCloseTo(-3 / 2 - 1 + 1 + 0.1, 5);
  });

  it("in-batch layout: InfoNCE rows are the positives' row, the others average the off-diagonal", () => {
    // Anchors against positives: L1 critic matrix [[−1, −2], [−2, −1]] (diagonal = positives).
    const m = [[-1, -2], [-2, -1]];
    for (const kind of CONTRASTIVE_LOSSES) {
      const v = tf.tidy(() => {
        const c = criticValues({ anchors: t2(A), positives: t2(P) }, 1, 1);
        expect(c.layout).toBe('diagonal');
        expect(c.psiNeg.arraySync()).toEqual(m);
        return contrastiveLoss(kind, c.psiPos, c.psiNeg, c.layout).dataSync()[0];
      });
      // Same as the separate layout with each anchor's negatives = the other positives.
      expect(v, kind).toBeCloseTo(handLoss(kind, [-1, -1], [[-2], [-2]]), 5);
    }
  });

  it('numerically stable: large critic values give finite InfoNCE and NCE', () => {
    const [info, nce] = tf.tidy(() => {
      const pos = tf.tensor1d([500, -500]);
      const neg = tf.tensor2d([[400, -1000], [-300, 200]]);
      return [contrastiveLoss('infonce', pos, neg).dataSync()[0], contrastiveLoss('nce', pos, neg).dataSync()[0]];
    });
    // Row 1: softplus(400 − 500) ≈ 0; row 2: log(e⁻⁵⁰⁰ + e⁻³⁰⁰ + e²⁰⁰) + 500 = 700.
    expect(info).toBeCloseTo(350, 3);
    // softplus(−500) + softplus(500) = 500; negatives: (400 + 0 + 0 + 200)/4 = 150.
    expect(nce).toBeCloseTo(250 + 150, 2);
  });
});

describe('contrastive losses: fast gradients match autodiff of the reference', () => {
  const rng = new Rng(11);
  const rand = (r: number, c: number) => rng.normalMatrix(r, c);

  function grads(kind: ContrastiveLossKind, alpha: number, layout: 'separate' | 'diagonal', fast: boolean, a: number[][], p: number[][], n: number[][], withCorr: boolean) {
    return tf.tidy(() => {
      const all: Record<string, tf.Tensor> = {
        anchors: t2(a),
        positives: t2(p),
        negatives: t2(n),
        c1: tf.tensor1d(a.map((_, i) => 0.1 * i)),
        c2Pos: tf.tensor1d(p.map((_, i) => -0.05 * i)),
        c2Neg: tf.tensor1d(n.map((_, i) => 0.02 * i)),
        bias: tf.scalar(0.3),
      };
      // Only the inputs the loss depends on (tf.grads rejects unconnected ones).
      const names = ['anchors', 'positives', ...(layout === 'separate' ? ['negatives'] : []), ...(withCorr ? ['c1', 'c2Pos', 'bias'] : []), ...(withCorr && layout === 'separate' ? ['c2Neg'] : [])];
      const f = (...x: tf.Tensor[]) => {
        const inp = Object.fromEntries(names.map((k, i) => [k, x[i]]));
        const c = criticValues(inp as never, alpha, 0.7);
        return (fast ? contrastiveLoss : contrastiveLossReference)(kind, c.psiPos, c.psiNeg, c.layout);
      };
      const { value, grads: g } = tf.valueAndGrads(f)(names.map((k) => all[k]));
      return { value: value.dataSync()[0], grads: g.map((t) => Array.from(t.dataSync())) };
    });
  }

  for (const kind of CONTRASTIVE_LOSSES)
    for (const alpha of [1, 2, 1.5])
      for (const layout of ['separate', 'diagonal'] as const)
        it(`${kind}, α = ${alpha}, ${layout}`, () => {
          const a = rand(5, 3).map((r) => r.map((v) => 0.5 * v));
          const p = rand(5, 3).map((r) => r.map((v) => 0.5 * v));
          const n = rand(4, 3).map((r) => r.map((v) => 0.5 * v));
          for (const withCorr of [false, true]) {
            const fast = grads(kind, alpha, layout, true, a, p, n, withCorr);
            const ref = grads(kind, alpha, layout, false, a, p, n, withCorr);
            expect(fast.value).toBeCloseTo(ref.value, 5);
            fast.grads.forEach((g, k) => g.forEach((v, i) => expect(v, `input ${k}[${i}] corr=${withCorr}`).toBeCloseTo(ref.grads[k][i], 4)));
          }
        });
});

describe('pairwise distances', () => {
  it('pairwiseDelta is Σₖ|aᵢₖ − bⱼₖ|^α on every pair, and its gradient matches autodiff of the broadcast formula', () => {
    const rng = new Rng(3);
    const a = rng.normalMatrix(6, 4);
    const b = rng.normalMatrix(5, 4);
    const w = rng.normalMatrix(6, 5);
    for (const alpha of [1, 2, 3, 1.5]) {
      const out = tf.tidy(() => {
        const wt = t2(w);
        const fast = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(pairwiseDelta(x as tf.Tensor2D, y as tf.Tensor2D, alpha), wt));
        const ref = (x: tf.Tensor, y: tf.Tensor) =>
          tf.sum(tf.mul(tf.sum(tf.pow(tf.abs(tf.sub(tf.expandDims(x, 1), tf.expandDims(y, 0))), alpha), 2), wt));
        const gf = tf.grads(fast)([t2(a), t2(b)]).map((g) => g.arraySync() as number[][]);
        const gr = tf.grads(ref)([t2(a), t2(b)]).map((g) => g.arraySync() as number[][]);
        return { pw: pairwiseDelta(t2(a), t2(b), alpha).arraySync() as number[][], gf, gr };
      });
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < 5; j++) expect(out.pw[i][j]).toBeCloseTo(a[i].reduce((s, v, k) => s + Math.abs(v - b[j][k]) ** alpha, 0), 4);
      out.gf.forEach((g, k) => g.forEach((row, i) => row.forEach((v, j) => expect(v, `α=${alpha} grad ${k}[${i}][${j}]`).toBeCloseTo(out.gr[k][i][j], 3))));
    }
  });

  it('rowDelta and pairwiseDelta reject bad input with the field named', () => {
    tf.tidy(() => {
      expect(() => pairwiseDelta(t2([[1, 2]]), t2([[1, 2, 3]]), 1)).toThrow(/b: expected a tensor with 2 columns/);
      expect(() => pairwiseDelta(t2([[1, 2]]), t2([[1, 2]]), 0.5)).toThrow(/alpha: expected an exponent α in \[1, 16\]/);
      expect(() => rowDelta(t2([[1, 2]]), t2([[1, 2], [3, 4]]), 2)).toThrow(InputError);
      expect(() => contrastiveLoss('foo' as ContrastiveLossKind, tf.tensor1d([1]), t2([[1]]))).toThrow(/loss: expected one of nce, infonce, scl, nwj/);
      expect(() => contrastiveLoss('nce', tf.tensor1d([1, 2]), t2([[1]]))).toThrow(/psiNeg: expected 2 rows/);
      expect(() => criticValues({ anchors: t2([[1, 2]]), positives: t2([[1, 2]]) }, 2, 0)).toThrow(/tau: expected a finite temperature > 0/);
    });
  });
});

