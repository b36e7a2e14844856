/**
 * A tiny theorem and hand-written learners (no tfjs, no training) for the checkLearner / matcher tests.
 *
 * Claim (true): for observations x = A z of latents z (A invertible), any encoder that is a linear map of x
 * recovers z up to an affine map. The trained property trains (fits) the plugged-in learner on pairs
 * (x, x′) = (Az, AMz) and measures the affine-class distance of (z, ẑ) on fresh samples.
 */
import fc from 'fast-check';
import { defineTheorem } from '../../src/theorem/define.ts';
import { applyLinear } from '../../src/core/matrix.ts';
import type { Mat } from '../../src/core/matrix.ts';
import { Rng } from '../../src/rng/rng.ts';
import { affineClass, randomInvertible } from '../../src/classes/index.ts';
import { ruleByProfile } from '../../src/stats/rule.ts';
import type { FittedEncoder, Learner, LearnerSeeds, PairData } from '../../src/learners/types.ts';

const DIM = 3;
const SAMPLES = 200;

/** An encoder that is a fixed map of x, with an empty training record. */
function encoder(encode: (x: Mat) => Mat): FittedEncoder {
  return { encode, train: { steps: 0, curve: [], finalLoss: 0, stoppedBy: 'steps', wallMs: 0 }, learned: {}, dispose: () => {} };
}

/** Good: a random linear map of x (drawn from the init seed), so f∘g is linear. */
export const linearLearner: Learner = {
  name: 'random-linear',
  objective: 'none: a fixed random linear map of x',
  fit: (data: PairData, seeds: LearnerSeeds) => {
    const w = seeds.init.normalMatrix(data.x[0].length, data.x[0].length);
    return encoder((x) => applyLinear(x, w));
  },
};

/** Bad: a saturating nonlinearity of a linear map, so f∘g is far from affine. */
export const tanhLearner: Learner = {
  name: 'random-tanh',
  objective: 'none: tanh of a random linear map of x',
  fit: (data: PairData, seeds: LearnerSeeds) => {
    const w = seeds.init.normalMatrix(data.x[0].length, data.x[0].length);
    return encoder((x) => applyLinear(x, w).map((row) => row.map((v) => Math.tanh(3 * v))));
  },
};

interface World {
  seed: number;
}

export const linearTheorem = defineTheorem({
  id: 'fixture.linear-encoder',
  title: 'Linear encoders of linearly mixed latents recover them up to an affine map (test fixture)',
  citation: { authors: 'Nobody', year: 2024, title: 'A fixture for checkLearner' },
  claim: 'Every linear encoder of x = Az, A invertible, recovers z up to an affine map.',
  assumptions: [{ id: 'linear-mixing', statement: 'x = Az with A a random invertible 3 × 3 matrix.' }],
  learner: { name: 'random linear map', objective: 'none' },
  predictedClass: { name: 'affine maps', classId: 'affine' },
  controls: [],
  tolerances: { affine: { value: 0.01, why: 'A linear encoder leaves only round-off; tanh of a linear map leaves > 10 %.' } },
  properties: [
    {
      id: 'affine-recovered',
      kind: 'trained',
      role: 'positive',
      statement: 'The learner’s ẑ is an affine map of z: affine-class distance ≤ 0.01.',
      statisticName: 'affine-class distance of (z, ẑ)',
      threshold: 0.01,
      direction: 'at-most',
      rule: ruleByProfile([4, 3], [8, 6], 0.95),
      learnerSlot: 'PairData { x, xNext } of 200 pairs (Az, AMz), M a random linear mechanism',
      arbitrary: () => fc.record({ seed: fc.noShrink(fc.integer()) }),
      check: (w: World, _profile, ctx) => {
        const rng = new Rng(w.seed >>> 0);
        const a = randomInvertible(rng.child('mixing'), DIM);
        const m = rng.child('mechanism').normalMatrix(DIM, DIM);
        const z = rng.child('train').normalMatrix(SAMPLES, DIM);
        const data: PairData = { x: applyLinear(z, a), xNext: applyLinear(applyLinear(z, m), a) };
        const learner = ctx?.learner ?? linearLearner;
        const enc = learner.fit(data, { init: rng.child('init'), batching: rng.child('batching') });
        try {
          const zTest = rng.child('test').normalMatrix(SAMPLES, DIM);
          const fit = affineClass(DIM).fit(zTest, enc.encode(applyLinear(zTest, a)));
          return { pass: fit.distance <= 0.01, statistic: fit.distance };
        } finally {
          enc.dispose();
        }
      },
      describeWorld: (w: World) => w,
    },
    {
      id: 'mixing-invertible',
      kind: 'exact',
      role: 'worked-example',
      statement: 'The mixing is invertible (no learner involved).',
      statisticName: 'smallest |pivot|',
      threshold: 0,
      direction: 'at-least',
      numRuns: { quick: 5, full: 10 },
      arbitrary: () => fc.record({ seed: fc.noShrink(fc.integer()) }),
      check: (w: World) => {
        const a = randomInvertible(new Rng(w.seed >>> 0).child('mixing'), DIM);
        const d = Math.abs(a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]));
        return { pass: d > 0, statistic: d };
      },
      describeWorld: (w: World) => w,
    },
  ],
});
