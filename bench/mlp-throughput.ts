/**
 * Training throughput of the reference MLP 10→H→H→H→10 (leaky ReLU, Adam, MSE) for
 * H ∈ {64, 256} × B ∈ {256, 1024}: our `dense` custom-gradient MLP (`createMlp`) against a naive
 * baseline of plain `tf.matMul` + `tf.add` + `tf.leakyRelu` with tfjs's built-in gradients. Both run
 * through the same `train` loop (same data, batching, Adam, one evaluation at the end), so the
 * difference is the layer implementation alone. Reports steps/s after warm-up and the PyTorch 1.13
 * CPU 1-thread figures measured on the same kind of machine (/work/shared/deps.md).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng, seedStreams } from '../src/rng/rng.ts';
import { glorotUniform, heNormal, randomNormalTensor } from '../src/tfjs/init.ts';
import { createMlp } from '../src/train/mlp.ts';
import { train } from '../src/train/train.ts';

const IN = 10;
const OUT = 10;
const ROWS = 8192;
const SLOPE = 0.2;
const LEARNING_RATE = 1e-3;
/** Seconds of timed training per measurement (after warm-up). */
const TARGET_SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** Timed repeats per cell; the best is reported. */
const REPEATS = 3;

/** PyTorch 1.13 CPU, 1 thread, same machine, steps/s (deps.md); absent = not measured. */
const PYTORCH: Record<string, number> = { '64x256': 1692, '256x1024': 72.7 };

interface Model {
  variables: tf.Variable[];
  apply(x: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/** Ours: createMlp (custom-gradient dense layers). */
function oursModel(h: number, rng: Rng): Model {
  return createMlp({ sizes: [IN, h, h, h, OUT], activation: 'leaky-relu', negativeSlope: SLOPE }, rng);
}

/** Naive: the same initial weights, plain tfjs ops with their built-in gradients. */
function naiveModel(h: number, rng: Rng): Model {
  const sizes = [IN, h, h, h, OUT];
  const variables: tf.Variable[] = [];
  for (let l = 0; l < 4; l++) {
    const shape = [sizes[l], sizes[l + 1]] as const;
    variables.push(tf.tidy(() => tf.variable(l < 3 ? heNormal(shape, rng) : glorotUniform(shape, rng))));
    variables.push(tf.tidy(() => tf.variable(tf.zeros([shape[1]]))));
  }
  return {
    variables,
    apply(x) {
      let a = x;
      for (let l = 0; l < 4; l++) {
        a = tf.add(tf.matMul(a, variables[2 * l] as tf.Tensor2D), variables[2 * l + 1]);
        if (l < 3) a = tf.leakyRelu(a, SLOPE);
      }
      return a;
    },
    dispose: () => tf.dispose(variables),
  };
}

/** Registered kernels per training step (nested pseudo-kernels such as customGrad scopes excluded). */
async function kernelsPerStep(model: Model, x: tf.Tensor2D, y: tf.Tensor2D, batch: number, rng: Rng): Promise<number> {
  const steps = 4;
  const backend = tf.getBackend();
  const info = await tf.profile(() => {
    train({ variables: model.variables, loss: mse(model, x, y), numSamples: ROWS, config: { steps, batchSize: batch, learningRate: LEARNING_RATE, evalEvery: steps }, rng });
  });
  const real = info.kernels.filter((k) => tf.getKernel(k.name, backend) !== undefined);
  return Math.round(real.length / steps);
}

function mse(model: Model, x: tf.Tensor2D, y: tf.Tensor2D) {
  return (batch: tf.Tensor1D): tf.Scalar => {
    const pred = model.apply(tf.gather(x, batch) as tf.Tensor2D);
    return tf.mean(tf.square(tf.sub(pred, tf.gather(y, batch)))) as tf.Scalar;
  };
}

interface Measurement {
  /** Best of the repeats. */
  stepsPerSecond: number;
  /** Every repeat, in order. */
  rates: number[];
  steps: number;
  kernels: number;
}

async function measure(make: (h: number, rng: Rng) => Model, h: number, batch: number, x: tf.Tensor2D, y: tf.Tensor2D): Promise<Measurement> {
  const seeds = seedStreams(1, 'bench', h, batch);
  const model = make(h, seeds.init);
  try {
    const run = (steps: number) =>
      train({ variables: model.variables, loss: mse(model, x, y), numSamples: ROWS, config: { steps, batchSize: batch, learningRate: LEARNING_RATE, evalEvery: steps }, rng: seeds.batching });
    // Warm-up (kernel setup, JIT), then calibrate: grow the run until it takes ≥ 0.3 s.
    run(5);
    let n = 5;
    let probe = run(n);
    while (probe.wallMs < 300) {
      n *= 3;
      probe = run(n);
    }
    // Timed: REPEATS runs of TARGET_SECONDS / REPEATS each; the best counts (least disturbed by other load).
    const steps = Math.max(3, Math.round((TARGET_SECONDS * 1000 * n) / probe.wallMs / REPEATS));
    let best = 0;
    const rates: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const timed = run(steps);
      const rate = (steps / timed.wallMs) * 1000;
      rates.push(rate);
      best = Math.max(best, rate);
    }
    const kernels = await kernelsPerStep(model, x, y, batch, seeds.batching);
    return { stepsPerSecond: best, rates, steps, kernels };
  } finally {
    model.dispose();
  }
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export async function run(): Promise<void> {
  const rng = new Rng(2024);
  const x = randomNormalTensor([ROWS, IN], rng) as tf.Tensor2D;
  const y = tf.tidy(() => tf.tanh(tf.matMul(x, randomNormalTensor([IN, OUT], rng, 0, 1 / Math.sqrt(IN)) as tf.Tensor2D))) as tf.Tensor2D;
  const rows: string[] = [];
  try {
    for (const [h, batch] of [[64, 256], [64, 1024], [256, 256], [256, 1024]] as const) {
      const ours = await measure(oursModel, h, batch, x, y);
      const naive = await measure(naiveModel, h, batch, x, y);
      const ref = PYTORCH[`${h}x${batch}`];
      rows.push(
        `| ${h} | ${batch} | ${fmt(ours.stepsPerSecond)} | ${fmt(naive.stepsPerSecond)} | ${(ours.stepsPerSecond / naive.stepsPerSecond).toFixed(2)}× | ` +
          `${ref === undefined ? '–' : fmt(ref)} | ${ref === undefined ? '–' : (ours.stepsPerSecond / ref).toFixed(2)} | ${ours.kernels} / ${naive.kernels} |`,
      );
      const all = (m: Measurement) => m.rates.map(fmt).join(', ');
      console.log(`  H=${h} B=${batch}: ours ${all(ours)} steps/s (${REPEATS}×${ours.steps} steps); naive ${all(naive)} steps/s (${REPEATS}×${naive.steps} steps)`);
    }
  } finally {
    tf.dispose([x, y]);
  }
  console.log('');
  console.log(`MLP 10→H→H→H→10, leaky ReLU (0.2), Adam (lr ${LEARNING_RATE}), MSE, ${ROWS} rows; steps/s on backend \`${tf.getBackend()}\`, best of ${REPEATS} timed runs (≈${TARGET_SECONDS} s in all per cell) after warm-up.`);
  console.log('');
  console.log('| H | B | ours (dense, custom grad) | naive (tf.matMul grads) | ours/naive | PyTorch 1.13 CPU 1 thread | ours/PyTorch | kernels/step ours / naive |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}
