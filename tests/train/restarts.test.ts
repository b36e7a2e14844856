import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Rng, seedStreams } from '../../src/rng/rng.ts';
import { initBackend, tensorCount } from '../../src/tfjs/index.ts';
import { createMlp, gatherRows, toTensor2D, train, trainWithRestarts } from '../../src/train/index.ts';
import type { RestartCandidate, TrainConfig } from '../../src/train/index.ts';

let X: tf.Tensor2D;
let Y: tf.Tensor2D;
const N = 256;
const CONFIG: TrainConfig = { steps: 120, batchSize: 64, learningRate: 1e-2, evalEvery: 20 };

beforeAll(async () => {
  await initBackend('wasm');
  const rng = new Rng(5);
  const xs = Array.from({ length: N }, () => [rng.range(-2, 2), rng.range(-2, 2)]);
  X = toTensor2D(xs, 'x');
  Y = toTensor2D(
    xs.map(([a, b]) => [Math.sin(a) + b, a * b]),
    'y',
  );
});
afterAll(() => tf.dispose([X, Y]));

interface Candidate extends RestartCandidate {
  r: number;
  disposed: boolean;
}

/** Candidate r: an MLP from its init stream; `poison` candidates return NaN losses (a diverging run). */
function makeFactory(poison: Set<number> = new Set()) {
  const made: Candidate[] = [];
  const make = (init: Rng, _batching: Rng, r: number): Candidate => {
    const mlp = createMlp({ sizes: [2, 16, 2], activation: 'tanh' }, init);
    const c: Candidate = {
      r,
      disposed: false,
      variables: mlp.variables,
      loss: (batch) =>
        tf.tidy(() => {
          const l = tf.losses.meanSquaredError(gatherRows(Y, batch), mlp.apply(gatherRows(X, batch))) as tf.Scalar;
          return poison.has(r) ? (tf.mul(l, NaN) as tf.Scalar) : l;
        }),
      dispose: () => {
        c.disposed = true;
        mlp.dispose();
      },
    };
    made.push(c);
    return c;
  };
  return { make, made };
}

const seeds = () => seedStreams(7, 'restarts');

describe('trainWithRestarts', () => {
  it('keeps the candidate with the lowest score, continues it to the full budget and disposes the others', () => {
    const before = tensorCount();
    const { make, made } = makeFactory();
    // Score: a fixed ranking that prefers candidate 1 (any score the caller defines chooses).
    const out = trainWithRestarts({ restarts: 3, probeSteps: 40, config: CONFIG, numSamples: N, seeds: seeds(), make, score: (c) => [5, 1, 3][c.r] });
    expect(out.chosen.r).toBe(1);
    expect(out.info).toEqual({ probeLosses: [5, 1, 3], chosen: 1 });
    expect(out.result.steps).toBe(CONFIG.steps);
    expect(out.result.curve.at(-1)![0]).toBe(CONFIG.steps);
    expect(made.map((c) => c.disposed)).toEqual([true, false, true]);
    out.chosen.dispose();
    expect(tensorCount()).toBe(before);
  });

  it('with the probe loss as the score, the chosen candidate has the lowest probe loss', () => {
    const { make } = makeFactory();
    const out = trainWithRestarts({ restarts: 3, probeSteps: 60, config: CONFIG, numSamples: N, seeds: seeds(), make, score: (_, probe) => probe.finalLoss });
    const losses = out.info!.probeLosses;
    expect(losses[out.info!.chosen]).toBe(Math.min(...losses));
    out.chosen.dispose();
  });

  it("restarts = 1 is plain training on the run's own streams (bit-identical)", () => {
    const a = makeFactory();
    const out = trainWithRestarts({ restarts: 1, probeSteps: 40, config: CONFIG, numSamples: N, seeds: seeds(), make: a.make, score: () => 0 });
    const s = seeds();
    const b = makeFactory().make(s.init, s.batching, 0);
    const plain = train({ variables: b.variables, loss: b.loss, numSamples: N, config: CONFIG, rng: s.batching });
    expect(out.info).toBeNull();
    expect(out.result.finalLoss).toBe(plain.finalLoss);
    expect(Array.from(out.chosen.variables[0].dataSync())).toEqual(Array.from(b.variables[0].dataSync()));
    out.chosen.dispose();
    b.dispose();
  });

  it('skips a diverging candidate (NaN probe loss) and throws only when every candidate diverges, leaking nothing', () => {
    const before = tensorCount();
    const some = makeFactory(new Set([0]));
    const out = trainWithRestarts({ restarts: 2, probeSteps: 40, config: CONFIG, numSamples: N, seeds: seeds(), make: some.make, score: (_, p) => p.finalLoss });
    expect(out.chosen.r).toBe(1);
    expect(Number.isNaN(out.info!.probeLosses[0])).toBe(true);
    out.chosen.dispose();
    const all = makeFactory(new Set([0, 1]));
    expect(() => trainWithRestarts({ restarts: 2, probeSteps: 40, config: CONFIG, numSamples: N, seeds: seeds(), make: all.make, score: (_, p) => p.finalLoss })).toThrow();
    expect(all.made.every((c) => c.disposed)).toBe(true);
    expect(tensorCount()).toBe(before);
  });
});
