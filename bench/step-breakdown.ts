/**
 * Where one training step of the reference MLP (10→H→H→H→10, leaky ReLU 0.2, Adam, MSE; the model and
 * loss of `mlp-throughput`) spends its time, for H = 64, B = 256 and H = 256, B = 1024.
 *
 * Every kernel registered for the active backend is wrapped with a timer (the wasm and cpu kernels are
 * synchronous, so the time between entry and return is the kernel's), and the step is run as `train`
 * runs it — `optimizer.minimize` is `variableGrads` followed by `applyGradients` — with a phase marker
 * switched at the boundaries:
 *
 * - **batching**: slicing the epoch permutation and gathering the rows of x and y;
 * - **forward**: the network and the MSE;
 * - **backward**: the gradient tape (after the loss function returns, inside `variableGrads`);
 * - **adam**: `applyGradients` (moment updates, bias correction, the parameter update).
 *
 * Per phase: wall time per step (kernels plus the JS between them: tape, tensor bookkeeping, scopes),
 * kernel time, kernel count; then the kernels that take the most time. Both Adams are measured:
 * `tf.train.adam` (tfjs's, per variable) and `flatAdam` (train's default, `src/train/adam.ts`), first in
 * the unwrapped `train` loop (3 runs each, alternating), then instrumented.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng, seedStreams } from '../src/rng/rng.ts';
import { randomNormalTensor, shuffledIndices } from '../src/tfjs/init.ts';
import { createMlp } from '../src/train/mlp.ts';
import { flatAdam } from '../src/train/adam.ts';
import { train } from '../src/train/train.ts';

const IN = 10;
const OUT = 10;
const ROWS = 8192;
const LEARNING_RATE = 1e-3;
const CELLS = [[64, 256], [256, 1024]] as const;

type Phase = 'batching' | 'forward' | 'backward' | 'adam';
const PHASES: Phase[] = ['batching', 'forward', 'backward', 'adam'];

/** Kernel time and calls per (phase, kernel), and wall time per phase, accumulated while `on`. */
class Ledger {
  phase: Phase = 'batching';
  on = false;
  private since = 0;
  readonly kernels = new Map<string, { phase: Phase; name: string; calls: number; ms: number }>();
  readonly wall = new Map<Phase, number>();

  /** Switch phase (closing the wall time of the previous one). */
  enter(p: Phase): void {
    const now = performance.now();
    if (this.on) this.wall.set(this.phase, (this.wall.get(this.phase) ?? 0) + now - this.since);
    this.phase = p;
    this.since = now;
  }

  /** Close the current phase without opening another. */
  stop(): void {
    this.enter(this.phase);
  }

  record(name: string, ms: number): void {
    if (!this.on) return;
    const key = `${this.phase}/${name}`;
    const e = this.kernels.get(key) ?? { phase: this.phase, name, calls: 0, ms: 0 };
    e.calls++;
    e.ms += ms;
    this.kernels.set(key, e);
  }

  reset(): void {
    this.kernels.clear();
    this.wall.clear();
  }
}

/** Wrap every kernel of `backend` with a timer feeding `ledger`; returns the function that restores them. */
function instrumentKernels(backend: string, ledger: Ledger): () => void {
  const originals = tf.getKernelsForBackend(backend);
  for (const k of originals) {
    const inner = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel({
      ...k,
      kernelFunc: ((args: Parameters<typeof inner>[0]) => {
        const t = performance.now();
        const out = inner(args);
        ledger.record(k.kernelName, performance.now() - t);
        return out;
      }) as typeof inner,
    });
  }
  return () => {
    for (const k of originals) {
      tf.unregisterKernel(k.kernelName, backend);
      tf.registerKernel(k);
    }
  };
}

type Adam = 'flat' | 'tfjs';
const ADAMS: Adam[] = ['tfjs', 'flat'];

/** ms per step of the plain `train` loop with each Adam: 3 runs of `steps` steps each, alternating, after a warm-up. */
function plainStepMs(h: number, batch: number, steps: number, x: tf.Tensor2D, y: tf.Tensor2D): Record<Adam, number[]> {
  const seeds = seedStreams(1, 'breakdown', h, batch);
  const model = createMlp({ sizes: [IN, h, h, h, OUT], activation: 'leaky-relu', negativeSlope: 0.2 }, seeds.init);
  const loss = (idx: tf.Tensor1D) => tf.mean(tf.square(tf.sub(model.apply(tf.gather(x, idx) as tf.Tensor2D), tf.gather(y, idx)))) as tf.Scalar;
  try {
    const run = (n: number, optimizer: Adam) =>
      train({ variables: model.variables, loss, numSamples: ROWS, config: { steps: n, batchSize: batch, learningRate: LEARNING_RATE, evalEvery: n }, rng: seeds.batching, optimizer });
    const out: Record<Adam, number[]> = { flat: [], tfjs: [] };
    // Warm-up: ≥ 1.5 s each (V8 optimises the tfjs engine over the first thousands of steps).
    for (const a of ADAMS) for (let spent = 0; spent < 1500; ) spent += run(20, a).wallMs;
    for (let r = 0; r < 3; r++) for (const a of r % 2 ? [...ADAMS].reverse() : ADAMS) out[a].push(run(steps, a).wallMs / steps);
    return out;
  } finally {
    model.dispose();
  }
}

/** The instrumented steps: `train`'s step, unrolled into variableGrads + applyGradients with phase markers. */
function instrumentedSteps(h: number, batch: number, steps: number, x: tf.Tensor2D, y: tf.Tensor2D, ledger: Ledger, adam: Adam): number {
  const seeds = seedStreams(1, 'breakdown', h, batch);
  const model = createMlp({ sizes: [IN, h, h, h, OUT], activation: 'leaky-relu', negativeSlope: 0.2 }, seeds.init);
  const tfjsAdam = tf.train.adam(LEARNING_RATE);
  const flat = flatAdam(LEARNING_RATE);
  const optimizer = {
    applyGradients: (g: tf.NamedTensorMap) => (adam === 'flat' ? flat.applyGradients(g, model.variables) : tfjsAdam.applyGradients(g as Parameters<typeof tfjsAdam.applyGradients>[0])),
    dispose: () => (tfjsAdam.dispose(), flat.dispose()),
  };
  const perBatch = Math.floor(ROWS / batch);
  const state: { perm: tf.Tensor1D | null } = { perm: null };
  const step = (s: number) => {
    const k = s % perBatch;
    if (k === 0) {
      state.perm?.dispose();
      state.perm = tf.tensor1d(shuffledIndices(ROWS, seeds.batching), 'int32');
    }
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        ledger.enter('batching');
        const idx = tf.slice(state.perm!, [k * batch], [batch]);
        const xb = tf.gather(x, idx) as tf.Tensor2D;
        const yb = tf.gather(y, idx);
        ledger.enter('forward');
        const l = tf.mean(tf.square(tf.sub(model.apply(xb), yb))) as tf.Scalar;
        ledger.enter('backward');
        return l;
      }, model.variables);
      ledger.enter('adam');
      optimizer.applyGradients(grads);
      ledger.stop();
      return value;
    }).dispose();
  };
  try {
    ledger.on = false;
    for (let s = 0, t = performance.now(); s < 20 || performance.now() - t < 1000; s++) step(s);
    ledger.reset();
    ledger.on = true;
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) step(s);
    const ms = (performance.now() - t0) / steps;
    ledger.on = false;
    return ms;
  } finally {
    state.perm?.dispose();
    optimizer.dispose();
    model.dispose();
  }
}

const f2 = (v: number) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));

export async function run(): Promise<void> {
  const backend = tf.getBackend();
  const rng = new Rng(2024);
  const x = randomNormalTensor([ROWS, IN], rng) as tf.Tensor2D;
  const y = tf.tidy(() => tf.tanh(tf.matMul(x, randomNormalTensor([IN, OUT], rng, 0, 1 / Math.sqrt(IN)) as tf.Tensor2D))) as tf.Tensor2D;
  try {
    for (const [h, batch] of CELLS) {
      const steps = h * batch <= 64 * 256 ? 300 : 40;
      const plain = plainStepMs(h, batch, steps, x, y);
      const runs = (a: Adam) => plain[a].map(f2).join(', ');
      const best = (a: Adam) => Math.min(...plain[a]);
      console.log(`### H = ${h}, B = ${batch} (backend \`${backend}\`, ${steps} steps per run)`);
      console.log('');
      console.log(
        `Plain \`train\` step, ms (3 runs, alternating): tf.train.adam ${runs('tfjs')}; flatAdam ${runs('flat')}; best-to-best ${((100 * (best('tfjs') - best('flat'))) / best('tfjs')).toFixed(0)} % less time with flatAdam.`,
      );
      for (const adam of ADAMS) {
        const ledger = new Ledger();
        const restore = instrumentKernels(backend, ledger);
        let instrumented: number;
        try {
          instrumented = instrumentedSteps(h, batch, steps, x, y, ledger, adam);
        } finally {
          restore();
        }
        const all = [...ledger.kernels.values()];
        const kernelsPerStep = all.reduce((s, e) => s + e.calls, 0) / steps;
        const kernelMs = all.reduce((s, e) => s + e.ms, 0) / steps;
        console.log('');
        console.log(
          `**${adam === 'flat' ? 'flatAdam' : 'tf.train.adam'}**, instrumented step: ${f2(instrumented)} ms, of which kernels ${f2(kernelMs)} ms (${kernelsPerStep.toFixed(0)} kernels, ` +
            `${((1000 * kernelMs) / kernelsPerStep).toFixed(1)} µs per kernel on average) and ${f2(instrumented - kernelMs)} ms outside kernels (JS: tape, bookkeeping, scopes, timers).`,
        );
        console.log('');
        console.log('| phase | wall ms/step | share of step | kernel ms/step | kernels/step | µs per kernel |');
        console.log('|---|---|---|---|---|---|');
        for (const p of PHASES) {
          const ks = all.filter((e) => e.phase === p);
          const n = ks.reduce((s, e) => s + e.calls, 0) / steps;
          const km = ks.reduce((s, e) => s + e.ms, 0) / steps;
          const wall = (ledger.wall.get(p) ?? 0) / steps;
          console.log(`| ${p} | ${f2(wall)} | ${((100 * wall) / instrumented).toFixed(0)} % | ${f2(km)} | ${n.toFixed(0)} | ${n > 0 ? ((1000 * km) / n).toFixed(1) : '–'} |`);
        }
        if (adam !== 'flat') continue;
        console.log('');
        console.log('| phase | kernel | calls/step | ms/step | µs per call | share of kernel time |');
        console.log('|---|---|---|---|---|---|');
        for (const e of all.sort((a, b) => b.ms - a.ms).slice(0, 14))
          console.log(`| ${e.phase} | ${e.name} | ${(e.calls / steps).toFixed(0)} | ${f2(e.ms / steps)} | ${((1000 * e.ms) / e.calls).toFixed(1)} | ${((100 * e.ms) / steps / kernelMs).toFixed(1)} % |`);
      }
      console.log('');
    }
  } finally {
    tf.dispose([x, y]);
  }
}
