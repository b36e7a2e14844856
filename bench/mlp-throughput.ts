/**
 * Training throughput of the reference MLP 10→H→H→H→10 (leaky ReLU 0.2, Adam lr 1e-3, MSE) for
 * H ∈ {64, 256} × B ∈ {256, 1024}, ours against PyTorch in the same run:
 *
 * - **ours**: `createMlp` (custom-gradient `dense` layers) trained by `train`, on this process's tfjs
 *   backend (wasm by default, one thread);
 * - **PyTorch**: `bench/reference/mlp.py` (torch.nn.Linear, torch.optim.Adam, 1 thread), a long-lived
 *   process fed the same data (written by us as float32 files) with the same batching scheme.
 *
 * Per cell, each side is warmed up and calibrated, then the two alternate for `REPEATS` timed runs of
 * ≈ BENCH_SECONDS / REPEATS seconds each (ours, PyTorch, PyTorch, ours, …), so that load from other
 * jobs on the machine hits both alike. Reported: the median steps/s with the min–max over the repeats,
 * and the median of the per-repeat ratios ours/PyTorch with their range. Without an interpreter that
 * imports torch the PyTorch columns say so and the benchmark still runs ours.
 *
 * The last column is the ceiling: the steps/s of a step that did only its matrix products, at the measured
 * register-only wasm SIMD128 peak (`wasm-ceiling.ts`), over PyTorch's median — no wasm implementation, however
 * fused, reaches a higher ratio on this machine.
 *
 * Then a long run (`--steps N`, default 10 000; 0 skips it) of one cell (H = 64, B = 256) prints the
 * resident set size and tfjs's tensor count at its start, every N/10 steps, and at its end.
 *
 * BENCH_NAIVE=1 adds the earlier baseline (plain tf.matMul + tf.add + tf.leakyRelu with tfjs's
 * built-in gradients) as a column.
 */
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng, seedStreams } from '../src/rng/rng.ts';
import { glorotUniform, heNormal, randomNormalTensor } from '../src/tfjs/init.ts';
import { createMlp } from '../src/train/mlp.ts';
import { train } from '../src/train/train.ts';
import { benchIntOption } from './args.ts';
import { findTorchPython, TorchPeer } from './torch-peer.ts';
import { mlpStepMatmulFlops, wasmSimdPeakGflops } from './wasm-ceiling.ts';

const IN = 10;
const OUT = 10;
const ROWS = 8192;
const SLOPE = 0.2;
const LEARNING_RATE = 1e-3;
/** Seconds of timed training per side and cell (after warm-up), split over the repeats. */
const TARGET_SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** Milliseconds of untimed training per cell before ours is calibrated (BENCH_WARMUP_MS). */
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1500);
/** Timed repeats per side and cell, alternating between the sides. */
const REPEATS = 3;
/** The cells: [H, B]. */
const CELLS = [[64, 256], [64, 1024], [256, 256], [256, 1024]] as const;
/** The cell of the long (memory) run. */
const LONG_CELL = [64, 256] as const;

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

/** Steps/s of `REPEATS` timed runs, in order. */
type Rates = number[];

/** The median and the range of a few numbers. */
function spread(v: number[]): { median: number; min: number; max: number } {
  const s = [...v].sort((a, b) => a - b);
  const median = s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function fmtSpread(v: number[], f: (x: number) => string = fmt): string {
  const s = spread(v);
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

/** One side of the comparison for one cell: calibrate once, then time one run per call. */
interface Side {
  /** Warm up and pick the step count of a timed run (≈ TARGET_SECONDS / REPEATS). */
  calibrate(): Promise<number>;
  /** One timed run of `steps` steps: steps/s. */
  timed(steps: number): Promise<number>;
  close(): void;
}

function ourSide(make: (h: number, rng: Rng) => Model, h: number, batch: number, x: tf.Tensor2D, y: tf.Tensor2D): Side & { kernels(): Promise<number> } {
  const seeds = seedStreams(1, 'bench', h, batch);
  const model = make(h, seeds.init);
  const run = (steps: number) =>
    train({ variables: model.variables, loss: mse(model, x, y), numSamples: ROWS, config: { steps, batchSize: batch, learningRate: LEARNING_RATE, evalEvery: steps }, rng: seeds.batching });
  return {
    async calibrate() {
      // Warm-up (kernel setup, V8's optimisation of the tfjs engine: the first cell's rate still rose over
      // its 3 timed runs with a 5-step warm-up), then grow the run until it takes ≥ 0.3 s.
      for (let spent = 0; spent < WARMUP_MS; ) spent += run(20).wallMs;
      let n = 5;
      let probe = run(n);
      while (probe.wallMs < 300) {
        n *= 3;
        probe = run(n);
      }
      return Math.max(3, Math.round((TARGET_SECONDS * 1000 * n) / probe.wallMs / REPEATS));
    },
    async timed(steps) {
      return (steps / run(steps).wallMs) * 1000;
    },
    kernels: () => kernelsPerStep(model, x, y, batch, seeds.batching),
    close: () => model.dispose(),
  };
}

interface PeerRun {
  steps: number;
  seconds: number;
  steps_per_second: number;
  final_loss: number;
}

function torchSide(peer: TorchPeer, h: number, batch: number): Side {
  const req = (steps: number, warmup: number) => peer.request<PeerRun>({ cmd: 'run', hidden: h, batch, steps, seed: 1, warmup });
  return {
    async calibrate() {
      let n = 5;
      let probe = await req(n, 5);
      while (probe.seconds < 0.3) {
        n *= 3;
        probe = await req(n, 0);
      }
      return Math.max(3, Math.round((TARGET_SECONDS * n) / probe.seconds / REPEATS));
    },
    async timed(steps) {
      return (await req(steps, 5)).steps_per_second;
    },
    close: () => {},
  };
}

/** Alternate the sides' timed runs (A B, B A, A B, …): `REPEATS` rates per side. */
async function alternate(sides: Side[]): Promise<Rates[]> {
  const steps: number[] = [];
  for (const s of sides) steps.push(await s.calibrate());
  const rates: Rates[] = sides.map(() => []);
  for (let r = 0; r < REPEATS; r++) {
    const order = sides.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) rates[i].push(await sides[i].timed(steps[i]));
  }
  return rates;
}

/** Resident set size in MiB. */
const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

/** The long run: RSS and tensor count at its start, every steps/10 steps, and at its end. */
function longRun(steps: number, x: tf.Tensor2D, y: tf.Tensor2D): void {
  const [h, batch] = LONG_CELL;
  const seeds = seedStreams(2, 'bench-long', h, batch);
  const model = oursModel(h, seeds.init);
  const rows: string[] = [];
  // With NODE_OPTIONS=--expose-gc the figures are taken after a full collection (what is retained).
  const gc = (globalThis as { gc?: () => void }).gc;
  const row = (label: string) => {
    gc?.();
    const m = tf.memory();
    const heap = process.memoryUsage().heapUsed / 2 ** 20;
    rows.push(`| ${label} | ${rssMiB().toFixed(1)} | ${heap.toFixed(1)} | ${m.numTensors} | ${(m.numBytes / 2 ** 20).toFixed(2)} |`);
  };
  try {
    row('start (model built)');
    const every = Math.max(1, Math.floor(steps / 10));
    const t = train({
      variables: model.variables,
      loss: mse(model, x, y),
      numSamples: ROWS,
      config: { steps, batchSize: batch, learningRate: LEARNING_RATE, evalEvery: every },
      rng: seeds.batching,
      onProgress: (p) => row(`step ${p.step}`),
    });
    row('end (after train returned)');
    console.log('');
    console.log(`Long run, ours, H = ${h}, B = ${batch}: ${steps} steps in ${(t.wallMs / 1000).toFixed(1)} s (${fmt((steps / t.wallMs) * 1000)} steps/s), final loss ${t.finalLoss.toFixed(4)}. Inside train the count includes Adam's moment tensors.${gc ? ' Memory read after a full GC (--expose-gc).' : ' Memory read without forcing a GC (NODE_OPTIONS=--expose-gc reads it after one).'}`);
    console.log('');
    console.log('| point | RSS (MiB) | JS heap used (MiB) | tfjs tensors | tfjs MiB |');
    console.log('|---|---|---|---|---|');
    for (const r of rows) console.log(r);
  } finally {
    model.dispose();
  }
}

/** Write the data for the PyTorch side (float32, row-major). */
function exportData(dir: string, x: tf.Tensor2D, y: tf.Tensor2D): void {
  fs.writeFileSync(path.join(dir, 'x.f32'), Buffer.from((x.dataSync() as Float32Array).slice().buffer));
  fs.writeFileSync(path.join(dir, 'y.f32'), Buffer.from((y.dataSync() as Float32Array).slice().buffer));
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ rows: ROWS, inputs: IN, outputs: OUT }));
}

export async function run(): Promise<void> {
  const longSteps = benchIntOption('steps', 10_000);
  const naive = process.env.BENCH_NAIVE === '1';
  const rng = new Rng(2024);
  const x = randomNormalTensor([ROWS, IN], rng) as tf.Tensor2D;
  const y = tf.tidy(() => tf.tanh(tf.matMul(x, randomNormalTensor([IN, OUT], rng, 0, 1 / Math.sqrt(IN)) as tf.Tensor2D))) as tf.Tensor2D;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'latentcheck-bench-mlp-'));
  const py = findTorchPython();
  let peer: TorchPeer | null = null;
  let peerLine: string;
  if (py.ok) {
    exportData(tmp, x, y);
    const script = fileURLToPath(new URL('./reference/mlp.py', import.meta.url));
    peer = new TorchPeer(py.python, script, ['--data', tmp], 1);
    const ready = await peer.next<{ torch: string; threads: number; matmul_gflops: number }>();
    peerLine = `PyTorch ${ready.torch} (${py.python}), ${ready.threads} thread(s), float32 matmul [1024,256]·[256,256] ${ready.matmul_gflops.toFixed(1)} GFLOP/s`;
    if (ready.matmul_gflops < 10) peerLine += ' — WARNING: below 10 GFLOP/s, probably the reference BLAS (Debian: apt install libopenblas0-pthread), so PyTorch is understated';
  } else peerLine = `PyTorch skipped: ${py.reason}`;
  console.log(peerLine);
  const peak = await wasmSimdPeakGflops();
  console.log(`wasm SIMD128 float32 mul+add peak (one thread, operands in registers, no FMA): ${peak.toFixed(1)} GFLOP/s`);
  const rows: string[] = [];
  try {
    for (const [h, batch] of CELLS) {
      const ours = ourSide(oursModel, h, batch, x, y);
      const sides: Side[] = [ours];
      if (peer) sides.push(torchSide(peer, h, batch));
      const naiveSide = naive ? ourSide(naiveModel, h, batch, x, y) : null;
      if (naiveSide) sides.push(naiveSide);
      let rates: Rates[];
      let kernels: number;
      try {
        rates = await alternate(sides);
        kernels = await ours.kernels();
      } finally {
        for (const s of sides) s.close();
      }
      const [o, t] = [rates[0], peer ? rates[1] : null];
      const nv = naiveSide ? rates[rates.length - 1] : null;
      const ratio = t ? o.map((v, i) => v / t[i]) : null;
      const ceiling = t ? (peak * 1e9) / mlpStepMatmulFlops([IN, h, h, h, OUT], batch) / spread(t).median : null;
      console.log(`  H=${h} B=${batch}: ours ${o.map(fmt).join(', ')}${t ? `; PyTorch ${t.map(fmt).join(', ')}` : ''}${nv ? `; naive ${nv.map(fmt).join(', ')}` : ''} steps/s`);
      rows.push(
        `| ${h} | ${batch} | ${fmtSpread(o)} | ${t ? fmtSpread(t) : '–'} | ${ratio ? fmtSpread(ratio, (v) => v.toFixed(2)) : '–'} | ${kernels} |` +
          (nv ? ` ${fmtSpread(nv)} |` : '') + ` ${ceiling !== null ? ceiling.toFixed(2) : '–'} |`,
      );
    }
  } finally {
    await peer?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('');
  console.log(
    `MLP 10→H→H→H→10, leaky ReLU (0.2), Adam (lr ${LEARNING_RATE}), MSE, ${ROWS} rows; steps/s, median (min–max) of ${REPEATS} timed runs per side ` +
      `(≈${TARGET_SECONDS} s in all per side and cell), the sides alternating; ours on tfjs backend \`${tf.getBackend()}\`.`,
  );
  console.log('');
  console.log(`| H | B | ours steps/s | PyTorch steps/s (1 thread) | ours/PyTorch | kernels/step (ours) |${naive ? ' naive steps/s |' : ''} ceiling: wasm peak / PyTorch |`);
  console.log(`|---|---|---|---|---|---|${naive ? '---|' : ''}---|`);
  for (const r of rows) console.log(r);
  try {
    if (longSteps > 0) longRun(longSteps, x, y);
  } finally {
    tf.dispose([x, y]);
  }
}
