/**
 * Learned-vs-true mask heat maps: alignment by the best block permutation, the matrices a mask-learning trial
 * carries (none when nothing is learned), and their path into the report's heat-map figure.
 */
import { describe, expect, it } from 'vitest';
import type { Learner } from '../../src/learners/types.ts';
import { TWO_VIEW_MASK } from '../../src/structured/mask.ts';
import { twoViewParams } from '../../src/structured/presets.ts';
import { alignMask, learnedMask, maskMatrices, runStructuredTrial, structuredArtifacts } from '../../src/structured/trial.ts';

const double = (learned: Record<string, unknown>): Learner<any> => ({
  name: 'fixed',
  objective: 'none (test double)',
  fit: () => ({ encode: (x) => x.map((r) => r.slice(0, 3)), train: { steps: 1, curve: [[1, 1]], finalLoss: 1, stoppedBy: 'steps', wallMs: 0 }, learned, dispose: () => {} }),
});

describe('mask heat maps', () => {
  it('aligns a block-permuted mask back to the true one; a wrong mask keeps its wrong entry', () => {
    const permuted = [
      [0, 1, 1],
      [1, 1, 0],
    ]; // columns (z_2, z_s, z_1)
    const pi = alignMask(TWO_VIEW_MASK, permuted);
    expect(pi).toEqual([1, 2, 0]);
    const [truth, learned] = maskMatrices(TWO_VIEW_MASK, permuted);
    expect(learned.values).toEqual(truth.values);
    expect(learned.colLabels[0]).toBe('slot 1 → z_s');
    const extra = [
      [1, 1, 1],
      [1, 0, 1],
    ];
    const m = maskMatrices(TWO_VIEW_MASK, extra, [
      [2, 0.5, -1],
      [3, -2, 1],
    ]);
    expect(m).toHaveLength(3);
    expect(m[1].values).toEqual(extra); // identity alignment, the extra edge stays visible
    expect(m[2].values[0][0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 4);
  });
  it('a trial whose learner learned a mask carries the heat maps; one that did not carries none', () => {
    const params = twoViewParams({ shared: 1, private1: 1, private2: 1, seed: 3 });
    const opts = { count: 20, testCount: 10, seed: 1 };
    const logits = [
      [1, 2, -3],
      [0.5, -1, 2],
    ];
    const t = runStructuredTrial(params, double({ mask: TWO_VIEW_MASK, maskLogits: logits }), { ...opts });
    expect(t.maskMatrices.map((m) => m.title)).toEqual(['true mask A', 'learned mask 1[α > 0]', 'gate probability σ(α)']);
    expect(t.maskMatrices[1].values).toEqual(TWO_VIEW_MASK);
    const a = structuredArtifacts([t.train], undefined, t.maskMatrices);
    expect(a.matrices).toHaveLength(3);
    expect(runStructuredTrial(params, double({}), opts).maskMatrices).toEqual([]);
    expect(structuredArtifacts([t.train]).matrices).toBeUndefined();
    expect(learnedMask({ mask: [[1, 0]] }, 2, 3)).toBeNull(); // wrong shape is ignored, not drawn
  });
});
