/**
 * The trained contrastive properties without their training cost: a plugged-in learner reaches every check
 * (here a trivial one whose encoder is the identity on observations), the outcomes carry the report artifacts
 * in the documented sizes, and a trial is deterministic in its seed.
 */
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/tfjs/backend.ts';
import type { Learner } from '../../src/learners/types.ts';
import matthesTrained from '../../theorems/matthes2023-trained.ts';
import zimmermann from '../../theorems/zimmermann2021-sphere.ts';
import { contrastiveLearner } from '../../src/contrastive/learner.ts';
import { runContrastiveTrial, subsampleCurve } from '../../src/contrastive/trial.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const identityLearner: Learner<any> = {
  name: 'identity-on-x',
  objective: 'none (test double)',
  fit: () => ({ encode: (x) => x.map((r) => r.slice()), train: { steps: 3, curve: [[1, 2], [2, 1.5], [3, 1]], finalLoss: 1, stoppedBy: 'steps', wallMs: 0 }, learned: {}, dispose: () => {} }),
};

describe('trained contrastive checks', () => {
  for (const theorem of [matthesTrained, zimmermann])
    for (const prop of theorem.properties.filter((p) => p.kind === 'trained'))
      it(`${theorem.id} / ${prop.id}: a plugged-in learner is used, artifacts are bounded`, () => {
        expect(prop.learnerSlot).toMatch(/ContrastiveData/);
        const [world] = fc.sample(prop.arbitrary('quick'), { seed: 3, numRuns: 1 });
        const o = prop.check(world, 'quick', { learner: identityLearner });
        expect(Number.isFinite(o.statistic)).toBe(true);
        expect(o.details?.learner ?? o.details?.steps).toBeDefined();
        const a = o.artifacts!;
        expect(a.latents!.z.length).toBeLessThanOrEqual(300);
        expect(a.latents!.mapped.length).toBe(a.latents!.z.length);
        expect(a.curves!.length).toBeGreaterThan(0);
        for (const c of a.curves!) expect(c.points.length).toBeLessThanOrEqual(200);
      });

  it('curves are subsampled to at most 200 points, keeping the ends', () => {
    const pts = Array.from({ length: 1001 }, (_, i) => [i, 1 / (i + 1)] as [number, number]);
    const s = subsampleCurve(pts);
    expect(s).toHaveLength(200);
    expect(s[0]).toEqual(pts[0]);
    expect(s[199]).toEqual(pts[1000]);
  });

  it('a trial is deterministic in its seed and leaves no tensors behind', () => {
    const process = { n: 2, space: { kind: 'box' as const }, marginal: { kind: 'uniform' as const }, conditional: { kind: 'laplace' as const, scale: 0.3 } };
    const mixing = { kind: 'leaky-relu-mlp' as const, n: 2, layers: 1, negativeSlope: 0.3, maxCondition: 20, seed: 5 };
    const learner = contrastiveLearner({ loss: 'nce', alpha: 1, tau: 0.3, corrections: true, hidden: [16], train: { steps: 30, batchSize: 64, learningRate: 3e-3, evalEvery: 10 } });
    const before = tf.memory().numTensors;
    const a = runContrastiveTrial(process, mixing, learner, { count: 256, testCount: 50, seed: 9 });
    const b = runContrastiveTrial(process, mixing, learner, { count: 256, testCount: 50, seed: 9 });
    const c = runContrastiveTrial(process, mixing, learner, { count: 256, testCount: 50, seed: 10 });
    expect(tf.memory().numTensors).toBe(before);
    expect(b.zhat).toEqual(a.zhat);
    expect(b.train.curve).toEqual(a.train.curve);
    expect(c.zhat).not.toEqual(a.zhat);
  });
});
