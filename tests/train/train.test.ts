import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { InputError, NumericalError } from '../../src/core/errors.ts';
import { Rng, seedStreams } from '../../src/rng/rng.ts';
import { TensorLeakError, initBackend, tensorCount, withTensorCheck } from '../../src/tfjs/index.ts';
import { TrainingDivergedError, createMlp, gatherRows, resolveTrainConfig, toTensor2D, train } from '../../src/train/index.ts';
import type { Mlp, TrainConfig, TrainOptions, TrainResult } from '../../src/train/index.ts';

/** A smooth 2 → 2 map: the regression target. */
function target([a, b]: number[]): number[] {
  return [Math.sin(1.5 * a) + 0.5 * b, Math.cos(b) * a];
}

let X: tf.Tensor2D;
let Y: tf.Tensor2D;
const N = 512;

beforeAll(async () => {
  await initBackend('wasm');
  const rng = new Rng(99);
  const xs = Array.from({ length: N }, () => [rng.range(-2, 2), rng.range(-2, 2)]);
  X = toTensor2D(xs, 'x');
  Y = toTensor2D(xs.map(target), 'y');
});

afterAll(() => {
  tf.dispose([X, Y]);
});

function mseLoss(mlp: Mlp, x = X, y = Y) {
  return (batch: tf.Tensor1D): tf.Scalar => tf.losses.meanSquaredError(gatherRows(y, batch), mlp.apply(gatherRows(x, batch))) as tf.Scalar;
}

/** Train a fresh 2→32→32→2 MLP (seeded), return the result and the final weights; disposes the MLP. */
function fit(seed: number, config: TrainConfig, extra: Partial<TrainOptions> = {}): { result: TrainResult; weights: Float32Array[] } {
  const s = seedStreams(seed, 'fit');
  const mlp = createMlp({ sizes: [2, 32, 32, 2], activation: 'leaky-relu' }, s.init);
  try {
    const result = train({ variables: mlp.variables, loss: mseLoss(mlp), numSamples: N, config, rng: s.batching, ...extra });
    return { result, weights: mlp.variables.map((v) => (v.dataSync() as Float32Array).slice()) };
  } finally {
    mlp.dispose();
  }
}

function bits(a: Float32Array[]): Uint32Array[] {
  return a.map((v) => new Uint32Array(v.buffer));
}

function catchError<E>(f: () => unknown): E {
  try {
    f();
  } catch (e) {
    return e as E;
  }
  throw new Error('expected an error');
}

/** A single scalar variable and a loss built from it (for stopping-rule tests). */
function withScalarVar<T>(f: (v: tf.Variable) => T): T {
  const v = tf.tidy(() => tf.variable(tf.scalar(1)));
  try {
    return f(v);
  } finally {
    v.dispose();
  }
}

const baseConfig: TrainConfig = { steps: 600, batchSize: 64, learningRate: 1e-2, evalEvery: 50 };

describe('train', () => {
  it('fits a small smooth regression to low loss', () => {
    const before = tensorCount();
    const { result } = fit(1, baseConfig);
    expect(tensorCount()).toBe(before);
    expect(result.steps).toBe(600);
    expect(result.stoppedBy).toBe('steps');
    expect(result.batchSize).toBe(64);
    expect(result.curve.map(([s]) => s)).toEqual([50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 600]);
    expect(result.finalLoss).toBe(result.curve[result.curve.length - 1][1]);
    // Full-data MSE after training: the target has variance ≈ 0.8 per output.
    expect(result.curve[0][1]).toBeGreaterThan(result.finalLoss * 5);
    expect(result.finalLoss).toBeLessThan(0.02);
    expect(result.wallMs).toBeGreaterThan(0);
  });

  it('same seed → identical loss curve and bitwise-identical final weights; another seed differs', () => {
    const config = { ...baseConfig, steps: 200 };
    const a = fit(2, config);
    const b = fit(2, config);
    const c = fit(3, config);
    expect(a.result.curve).toEqual(b.result.curve);
    expect(bits(a.weights)).toEqual(bits(b.weights));
    expect(a.result.curve).not.toEqual(c.result.curve);
    expect(bits(a.weights)).not.toEqual(bits(c.weights));
  });

  it('a different batching stream alone changes the run (the permutation comes from rng)', () => {
    const s = seedStreams(4, 'fit');
    const run = (batching: Rng) => {
      const mlp = createMlp({ sizes: [2, 8, 2], activation: 'tanh' }, seedStreams(4, 'fit').init);
      try {
        return train({ variables: mlp.variables, loss: mseLoss(mlp), numSamples: N, config: { ...baseConfig, steps: 40, evalEvery: 10 }, rng: batching }).curve;
      } finally {
        mlp.dispose();
      }
    };
    expect(run(s.batching)).not.toEqual(run(s.world));
  });

  it('batches are epochs of a permutation: every row once per epoch, the remainder dropped, same shape always', () => {
    const seen: number[][] = [];
    withScalarVar((v) => {
      const result = train({
        variables: [v],
        loss: (batch) => {
          seen.push(Array.from(batch.dataSync()));
          expect(batch.dtype).toBe('int32');
          return tf.square(v) as tf.Scalar;
        },
        numSamples: 10,
        config: { steps: 6, batchSize: 3, learningRate: 0.1 },
        rng: new Rng(5),
      });
      expect(result.steps).toBe(6);
    });
    expect(seen.map((b) => b.length)).toEqual([3, 3, 3, 3, 3, 3]);
    for (const epoch of [seen.slice(0, 3).flat(), seen.slice(3, 6).flat()]) {
      expect(new Set(epoch).size).toBe(9);
      expect(epoch.every((i) => Number.isInteger(i) && i >= 0 && i < 10)).toBe(true);
    }
    expect(seen.slice(0, 3).flat()).not.toEqual(seen.slice(3, 6).flat());
  });

  it('clamps batchSize to numSamples (full batch)', () => {
    const sizes: number[] = [];
    withScalarVar((v) => {
      const r = train({
        variables: [v],
        loss: (batch) => {
          sizes.push(batch.shape[0]);
          return tf.square(v) as tf.Scalar;
        },
        numSamples: 7,
        config: { steps: 3, batchSize: 1000, learningRate: 0.1 },
        rng: new Rng(1),
      });
      expect(r.batchSize).toBe(7);
    });
    expect(sizes).toEqual([7, 7, 7]);
  });

  it('default evaluation = mean of the batch losses since the last evaluation; progress after each evaluation', () => {
    const batchLoss: number[] = [];
    const progress: [number, number][] = [];
    withScalarVar((v) => {
      const r = train({
        variables: [v],
        // The loss value is the mean row index of the batch (plus 0·v for a gradient path).
        loss: (batch) => {
          const value = Array.from(batch.dataSync()).reduce((s, i) => s + i, 0) / batch.shape[0];
          batchLoss.push(value);
          return tf.add(tf.mean(tf.cast(batch, 'float32')), tf.mul(v, 0)) as tf.Scalar;
        },
        numSamples: 64,
        config: { steps: 23, batchSize: 4, learningRate: 0.1, evalEvery: 10 },
        rng: new Rng(2),
        onProgress: (p) => progress.push([p.step, p.loss]),
      });
      const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
      const expected: [number, number][] = [
        [10, mean(batchLoss.slice(0, 10))],
        [20, mean(batchLoss.slice(10, 20))],
        [23, mean(batchLoss.slice(20, 23))],
      ];
      expect(r.curve.map(([s]) => s)).toEqual([10, 20, 23]);
      r.curve.forEach(([, l], i) => expect(l).toBeCloseTo(expected[i][1], 5));
      expect(progress).toEqual(r.curve);
    });
  });

  it('uses evalLoss at evaluation points when given', () => {
    let calls = 0;
    const before = tensorCount();
    const { result } = fit(5, { ...baseConfig, steps: 100 }, {
      evalLoss: () => {
        calls++;
        return tf.scalar(42);
      },
    });
    expect(calls).toBe(2);
    expect(result.curve).toEqual([[50, 42], [100, 42]]);
    expect(tensorCount()).toBe(before);
  });

  it('stops on a plateau (stoppedBy plateau)', () => {
    withScalarVar((v) => {
      // A constant loss: never improves after the first evaluation.
      const r = train({
        variables: [v],
        loss: () => tf.add(tf.mul(v, 0), 3) as tf.Scalar,
        numSamples: 16,
        config: { steps: 10_000, batchSize: 4, learningRate: 0.1, evalEvery: 5, patience: 3 },
        rng: new Rng(3),
      });
      expect(r.stoppedBy).toBe('plateau');
      expect(r.steps).toBe(20); // best at 5, no improvement at 10, 15, 20
      expect(r.curve).toEqual([[5, 3], [10, 3], [15, 3], [20, 3]]);
    });
    // A real run: improvement falls below minDelta (5 % per evaluation) well before the step budget.
    const { result } = fit(6, { steps: 20_000, batchSize: 128, learningRate: 3e-2, evalEvery: 25, patience: 4, minDelta: 0.05 });
    expect(result.stoppedBy).toBe('plateau');
    expect(result.steps).toBeLessThan(20_000);
  });

  it('stops at a target loss (stoppedBy target)', () => {
    const { result } = fit(7, { ...baseConfig, steps: 5000, targetLoss: 0.05, evalEvery: 20 });
    expect(result.stoppedBy).toBe('target');
    expect(result.finalLoss).toBeLessThanOrEqual(0.05);
    expect(result.steps).toBeLessThan(5000);
    expect(result.steps % 20).toBe(0);
  });

  it('throws TrainingDivergedError (field loss, with the partial curve) when the loss blows up', () => {
    const before = tensorCount();
    const e = catchError<TrainingDivergedError>(() => fit(8, { steps: 500, batchSize: 64, learningRate: 1e6, evalEvery: 10 }));
    expect(e).toBeInstanceOf(TrainingDivergedError);
    expect(e).toBeInstanceOf(NumericalError);
    expect(e.field).toBe('loss');
    expect(e.partial.curve.length).toBeGreaterThan(0);
    expect(e.partial.curve[e.partial.curve.length - 1]).toEqual([e.step, e.value]);
    expect(e.partial.steps).toBe(e.step);
    expect(e.message).toContain(`step ${e.step}`);
    expect(tensorCount()).toBe(before);
  });

  it('throws TrainingDivergedError on a NaN loss at the first evaluation', () => {
    const before = tensorCount();
    withScalarVar((v) => {
      const e = catchError<TrainingDivergedError>(() =>
        train({
          variables: [v],
          loss: () => tf.mul(v, Number.NaN) as tf.Scalar,
          numSamples: 8,
          config: { steps: 100, batchSize: 2, learningRate: 0.1, evalEvery: 10 },
          rng: new Rng(4),
        }),
      );
      expect(e).toBeInstanceOf(TrainingDivergedError);
      expect(e.field).toBe('loss');
      expect(Number.isNaN(e.value)).toBe(true);
      expect(e.step).toBe(10);
      expect(e.partial.curve.length).toBe(1);
      expect(e.message).toMatch(/^loss: training diverged at step 10/);
    });
    expect(tensorCount()).toBe(before + 0);
  });

  it('throws when the evaluated loss exceeds divergenceFactor × the first evaluated loss', () => {
    withScalarVar((v) => {
      let k = 0;
      const e = catchError<TrainingDivergedError>(() =>
        train({
          variables: [v],
          loss: () => tf.square(v) as tf.Scalar,
          evalLoss: () => tf.scalar(10 ** k++),
          numSamples: 8,
          config: { steps: 1000, batchSize: 2, learningRate: 0.1, evalEvery: 10, divergenceFactor: 100 },
          rng: new Rng(4),
        }),
      );
      expect(e).toBeInstanceOf(TrainingDivergedError);
      expect(e.value).toBe(1000);
      expect(e.partial.curve).toEqual([[10, 1], [20, 10], [30, 100], [40, 1000]]);
    });
  });

  it('tensor count does not grow across 5 repeated trainings (create, train, dispose)', () => {
    const counts: number[] = [];
    for (let trial = 0; trial < 5; trial++) {
      const before = tensorCount();
      withTensorCheck(`trial ${trial}`, () => {
        fit(10 + trial, { steps: 60, batchSize: 32, learningRate: 1e-2, evalEvery: 20, patience: 2 });
      });
      expect(tensorCount()).toBe(before);
      counts.push(tensorCount());
    }
    expect(new Set(counts).size).toBe(1);
  });

  it('negative control: the same check catches a deliberate leak', () => {
    let leaked: tf.Tensor | null = null;
    const e = catchError<TensorLeakError>(() =>
      withTensorCheck('leaky trial', () => {
        fit(20, { steps: 20, batchSize: 32, learningRate: 1e-2, evalEvery: 10 });
        leaked = tf.keep(tf.scalar(1)); // forgotten
      }),
    );
    expect(e).toBeInstanceOf(TensorLeakError);
    expect(e.after - e.before).toBe(1);
    (leaked as tf.Tensor | null)?.dispose();
  });

  it('rejects bad options and config, naming the field', () => {
    withScalarVar((v) => {
      const ok: TrainOptions = {
        variables: [v],
        loss: () => tf.square(v) as tf.Scalar,
        numSamples: 8,
        config: { steps: 10, batchSize: 2, learningRate: 0.1 },
        rng: new Rng(1),
      };
      const field = (patch: Partial<TrainOptions>) => catchError<InputError>(() => train({ ...ok, ...patch }));
      const cfg = (patch: Record<string, unknown>) => field({ config: { ...ok.config, ...patch } as TrainConfig });
      const before = tensorCount();
      expect(cfg({ steps: 0 }).field).toBe('config.steps');
      expect(cfg({ steps: 1.5 }).field).toBe('config.steps');
      const bs = cfg({ batchSize: 2.5 });
      expect(bs).toBeInstanceOf(InputError);
      expect(bs.field).toBe('config.batchSize');
      expect(bs.message).toContain('2.5');
      expect(cfg({ batchSize: 0 }).field).toBe('config.batchSize');
      for (const lr of [0, -1, Number.NaN, Infinity, '0.1']) expect(cfg({ learningRate: lr }).field).toBe('config.learningRate');
      expect(cfg({ evalEvery: 0 }).field).toBe('config.evalEvery');
      expect(cfg({ patience: 0 }).field).toBe('config.patience');
      expect(cfg({ minDelta: -1 }).field).toBe('config.minDelta');
      expect(cfg({ divergenceFactor: 1 }).field).toBe('config.divergenceFactor');
      expect(cfg({ targetLoss: Number.NaN }).field).toBe('config.targetLoss');
      expect(field({ config: undefined as unknown as TrainConfig }).field).toBe('config');
      expect(field({ numSamples: 0 }).field).toBe('numSamples');
      expect(field({ variables: [] }).field).toBe('variables');
      expect(field({ variables: [v, v] }).field).toBe('variables[1]');
      expect(field({ variables: [tf.scalar(1) as unknown as tf.Variable] }).field).toBe('variables[0]');
      expect(field({ loss: 3 as unknown as TrainOptions['loss'] }).field).toBe('loss');
      expect(field({ rng: {} as Rng }).field).toBe('rng');
      // Loss problems surface as InputError('loss'), without leaking.
      expect(field({ loss: () => tf.ones([2]) as unknown as tf.Scalar }).field).toBe('loss');
      expect(field({ loss: () => tf.scalar(1) }).field).toBe('loss');
      expect(field({ evalLoss: () => tf.ones([2]) as unknown as tf.Scalar }).field).toBe('evalLoss');
      expect(tensorCount()).toBe(before + 1); // the tf.scalar(1) passed as a "variable" above
    });
  });

  it('resolveTrainConfig fills in the defaults', () => {
    expect(resolveTrainConfig({ steps: 5, batchSize: 2, learningRate: 1e-3 })).toEqual({
      steps: 5,
      batchSize: 2,
      learningRate: 1e-3,
      evalEvery: 50,
      patience: undefined,
      minDelta: 1e-3,
      divergenceFactor: 1e6,
      targetLoss: undefined,
    });
  });
});
