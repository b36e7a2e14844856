import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng/rng.ts';
import { initBackend } from '../../src/tfjs/backend.ts';
import { planeGroupParams } from '../../src/feige/arbitraries.ts';
import { applyPlane, bestSharedDecoder, invertPlane, oracleBatch, oracleElbo } from '../../src/feige/oracle.ts';
import { buildWorld } from '../../src/feige/process.ts';
import { medianRange, sslMarkdown, traversalSvg } from '../../src/feige/report.ts';
import type { FeigeModel } from '../../src/feige/learner.ts';

beforeAll(async () => {
  await initBackend();
});

describe('plane orthogonal maps', () => {
  it('invertPlane undoes applyPlane (rotations and reflections)', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 20; i++) {
      const q = { angle: rng.range(-4, 4), reflect: i % 2 === 1 };
      const u = [rng.normal(), rng.normal()];
      const back = applyPlane(invertPlane(q), applyPlane(q, u));
      expect(back[0]).toBeCloseTo(u[0], 12);
      expect(back[1]).toBeCloseTo(u[1], 12);
    }
  });
});

describe('oracle ELBO', () => {
  const world = buildWorld({ classes: 2, template: { kind: 'random', points: 5 }, group: planeGroupParams('rotation'), renderer: { kind: 'point-mlp', features: 12, hidden: 16 }, labelFraction: 1, seed: 2 });
  it('the identity read-out is the best shared decoder of the oracle encoder', () => {
    const b = oracleBatch(world, 16, new Rng(3));
    const base = oracleElbo(b, () => [], () => []);
    const best = bestSharedDecoder(b, () => [], 48);
    expect(best.loss).toBeGreaterThan(base - 1e-3 * (1 + Math.abs(base)));
    expect(Math.abs(Math.atan2(Math.sin(best.c.angle), Math.cos(best.c.angle)))).toBeLessThan(0.05);
    expect(best.c.reflect).toBe(false);
  });
});

describe('report pieces', () => {
  it('medianRange and the accuracy table', () => {
    expect(medianRange([0.5, 0.9, 0.7])).toBe('0.700 [0.500, 0.900]');
    const md = sslMarkdown([
      { learner: 'a', labelFraction: 0.01, seeds: [1, 2], accuracies: [0.5, 0.7] },
      { learner: 'a', labelFraction: 1, seeds: [1, 2], accuracies: [1, 1] },
    ]);
    expect(md).toContain('| a | 0.600 [0.500, 0.700] | 1.000 [1.000, 1.000] |');
    expect(md).toContain('1 % labels');
  });
  it('the traversal grid decodes one shared v path for every class', () => {
    const img = buildWorld({ classes: 2, template: { kind: 'random', points: 5 }, group: planeGroupParams('rotation'), renderer: { kind: 'image', size: 8 }, labelFraction: 1, seed: 2 });
    const calls: number[][] = [];
    const model = { decode: (y: number[], v: number[][]) => (calls.push(y), v.map(() => new Array(64).fill(0).map((_, i) => i))) } as unknown as FeigeModel;
    const svg = traversalSvg(model, img, [[1, 0], [0, 1], [-1, 0], [0, -1]], 5);
    expect(calls).toEqual([[0, 0, 0, 0, 0], [1, 1, 1, 1, 1]]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect((svg.match(/<rect /g) ?? []).length).toBe(1 + 2 * 5 * 64);
  });
});
