/**
 * contrastive-sphere: wall time to reach linear R² ≥ 0.98 in the sphere + vMF InfoNCE setting of
 * Zimmermann et al. (2021) — latents uniform on Sⁿ⁻¹, positives s̃ ~ vMF(s, κ = 10), invertible 3-layer
 * leaky-ReLU mixing (3 linear layers, slope 0.2, well-conditioned layers as theirs, see `benchMixing`), batch 1024 — for
 * n = 3 and n = 5, with the learner of src/contrastive/learner.ts (sphere-normalised encoder, critic
 * κ f(x)ᵀf(x̃), in-batch negatives).
 *
 * Per seed it prints: time and steps to the first evaluation with R² ≥ 0.98 (R² of the true latents from the
 * encoded latents, OLS with intercept, on 4096 fresh test samples, checked every 50 steps; monitoring time
 * included), the step and reason training stopped (plateau of the training loss, or the step cap), and the
 * final R² and MCC. Data generation (65 536 pairs) is not timed.
 *
 * Reference estimate (PyTorch CPU, this machine): the protocol of Zimmermann et al.'s main_mlp.py (encoder
 * widths [10n, 50n, 50n, 50n, 50n, 10n], leaky ReLU 0.01, output normalised, Adam 1e-4, batch 1024) costs
 * FLOPs(step) = 3 × 2 × 2048 rows × Σ(fan-in × fan-out) (forward + backward of anchors and positives); at the
 * 61 GFLOP/s that PyTorch 1.13 reaches on one thread here (deps.md: 72.7 steps/s for 10→256³→10 at batch 1024)
 * that is its time per step. Its number of steps to R² ≥ 0.98 is measured by running the same protocol in
 * tfjs (BENCH_REFERENCE=1; capped at BENCH_REFERENCE_STEPS, default 2000): step counts do not depend on the
 * framework. The product is the PyTorch estimate (a lower bound when the cap is hit).
 *
 * Measured reference: BENCH_PYTORCH=1 runs the same protocol in PyTorch on CPU (bench/reference/zimmermann_sphere.py,
 * python3 + torch + numpy, e.g. Debian's python3-torch) on the same worlds (exported as float32 files), and
 * prints its measured time to R² ≥ 0.98.
 *
 * Environment: BENCH_DIMS (default "3,5"), BENCH_SEEDS (default 3), BENCH_MAX_STEPS (default 3000),
 * BENCH_REFERENCE=1 (also run the reference protocol in tfjs; slow: minutes per seed), BENCH_REFERENCE_STEPS,
 * BENCH_REFERENCE_SEEDS (default 1), BENCH_PYTORCH=1, BENCH_PYTORCH_STEPS (default 3000), BENCH_PYTORCH_SEEDS
 * (default BENCH_SEEDS), BENCH_PYTORCH_THREADS (comma-separated torch thread counts, default "0" = all cores),
 * BENCH_ONLY_PYTORCH=1 (skip our runs), BENCH_PYTHON (interpreter; default: python3, then /usr/bin/python3).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/rng/rng.ts';
import { buildMixing } from '../src/generators/mixing.ts';
import { contrastiveLatents, observeContrastive, sampleMarginal } from '../src/contrastive/process.ts';
import { contrastiveLearner } from '../src/contrastive/learner.ts';
import type { ContrastiveLearnerConfig } from '../src/contrastive/learner.ts';
import { linearR2, mccPearson } from '../src/metrics/index.ts';

const KAPPA = Number(process.env.BENCH_KAPPA ?? 10);
const BATCH = 1024;
const PAIRS = 65536;
const TEST = 4096;
const TARGET_R2 = 0.98;
const CHECK_EVERY = 50;
/** PyTorch 1.13, one thread, this machine (deps.md): 72.7 steps/s × 0.838 GFLOP/step for 10→256→256→256→10 at batch 1024. */
const PYTORCH_GFLOPS = 61;

const env = (k: string) => process.env[k];
const dims = (env('BENCH_DIMS') ?? '3,5').split(',').map(Number);
const seeds = Number(env('BENCH_SEEDS') ?? 3);
const maxSteps = Number(env('BENCH_MAX_STEPS') ?? 3000);
const withReference = env('BENCH_REFERENCE') === '1';
const referenceSteps = Number(env('BENCH_REFERENCE_STEPS') ?? 2000);
const referenceSeeds = Number(env('BENCH_REFERENCE_SEEDS') ?? 1);
const onlyPytorch = env('BENCH_ONLY_PYTORCH') === '1';
const withPytorch = env('BENCH_PYTORCH') === '1' || onlyPytorch;
const pytorchSteps = Number(env('BENCH_PYTORCH_STEPS') ?? 3000);
const pytorchSeeds = Number(env('BENCH_PYTORCH_SEEDS') ?? seeds);
/** Torch thread counts to run (0: PyTorch's default, all cores). */
const pytorchThreads = (env('BENCH_PYTORCH_THREADS') ?? '0').split(',').map(Number);

/**
 * Our configuration (what was tried, and why this, is in src/contrastive/README.md): encoder n → 64 → 64 → n
 * with the identity-initialised linear skip on standardised inputs; warm-up on the unnormalised critic at
 * Adam 1e-2 for at most 1000 steps (ends earlier at its plateau), then the normalised encoder at Adam 1e-3;
 * plateau stop (6 evaluations × 50 steps without a 0.1 % improvement) or the step cap.
 */
export function oursConfig(): Omit<ContrastiveLearnerConfig, 'monitor' | 'train'> & { learningRate: number; patience: number } {
  return {
    loss: 'infonce',
    alpha: 2,
    tau: 2 / KAPPA,
    sphere: true,
    negatives: 'in-batch',
    hidden: [64, 64],
    sphereWarmup: 1000,
    warmupLearningRate: 1e-2,
    learningRate: 1e-3,
    patience: 6,
  };
}

/** The reference protocol's encoder widths. */
export const referenceWidths = (n: number) => [10 * n, 50 * n, 50 * n, 50 * n, 50 * n, 10 * n];

/** FLOPs of one training step of an MLP n → widths → n on `rows` rows (forward + backward ≈ 3 × forward). */
export function stepFlops(n: number, widths: number[], rows: number): number {
  const sizes = [n, ...widths, n];
  let macs = 0;
  for (let i = 0; i + 1 < sizes.length; i++) macs += sizes[i] * sizes[i + 1];
  return 3 * 2 * macs * rows;
}

interface RunResult {
  hitSeconds: number | null;
  hitStep: number | null;
  steps: number;
  stoppedBy: string;
  seconds: number;
  r2: number;
  mcc: number;
}

/**
 * The benchmark's mixing: 3 linear layers (2 hidden, leaky ReLU 0.2). Zimmermann et al. redraw each
 * column-normalised uniform matrix until its condition number is below the smallest of 25 000 draws
 * (cond_thresh_ratio = 0), i.e. near-orthogonal layers. With our Gaussian draws the bound is the 1st
 * percentile of the condition number (measured over 20 000 draws: 1.81 for n = 3, 3.41 for n = 5), reached
 * in ≈ 100 redraws.
 */
export function benchMixing(n: number, seed: number) {
  const maxCondition = n <= 3 ? 1.9 : n <= 5 ? 3.5 : 2 * n;
  return { kind: 'leaky-relu-mlp' as const, n, layers: 2, negativeSlope: 0.2, maxCondition, seed: new Rng(seed).child('mixing').seed };
}

/** The benchmark's world for dimension n and seed: training pairs (x, x̃) and the test set (zTest, xTest). */
export function benchWorld(n: number, seed: number) {
  const process = { n, space: { kind: 'sphere' as const }, marginal: { kind: 'uniform' as const }, conditional: { kind: 'vmf' as const, kappa: KAPPA } };
  const rng = new Rng(seed);
  const mixing = buildMixing(benchMixing(n, seed));
  const data = observeContrastive(contrastiveLatents(process, PAIRS, rng.child('data')), mixing);
  const zTest = sampleMarginal(process, TEST, rng.child('test'));
  return { rng, data, zTest, xTest: mixing.apply(zTest) };
}

export function runOnce(n: number, seed: number, cfg: ContrastiveLearnerConfig, stopAtTarget: boolean, log?: (step: number, r2: number) => void): RunResult {
  const { rng, data, zTest, xTest } = benchWorld(n, seed);
  let hitSeconds: number | null = null;
  let hitStep: number | null = null;
  const t0 = performance.now();
  const learner = contrastiveLearner({
    ...cfg,
    monitor: {
      every: CHECK_EVERY,
      check: (step, encode) => {
        if (hitStep !== null && !log) return stopAtTarget;
        const r2 = linearR2(zTest, encode(xTest));
        log?.(step, r2);
        if (hitStep !== null) return stopAtTarget;
        if (r2 >= TARGET_R2) {
          hitSeconds = (performance.now() - t0) / 1000;
          hitStep = step;
          return stopAtTarget;
        }
        return false;
      },
    },
  });
  const enc = learner.fit(data, { init: rng.child('init'), batching: rng.child('batching') });
  const seconds = (performance.now() - t0) / 1000;
  const zhat = enc.encode(xTest);
  const out = { hitSeconds, hitStep, steps: enc.train.steps, stoppedBy: enc.train.stoppedBy, seconds, r2: linearR2(zTest, zhat), mcc: mccPearson(zTest, zhat) };
  enc.dispose();
  return out;
}

const fmt = (v: number | null, d = 1) => (v === null ? '–' : v.toFixed(d));
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function run(): Promise<void> {
  console.log(`Sphere S^(n−1), vMF κ = ${KAPPA}, 3-layer leaky-ReLU mixing (slope 0.2), batch ${BATCH}, ${PAIRS} training pairs; target linear R² ≥ ${TARGET_R2} on ${TEST} test samples, checked every ${CHECK_EVERY} steps.`);
  const summary: string[] = [];
  for (const n of onlyPytorch ? [] : dims) {
    const { learningRate, patience, ...o } = oursConfig();
    const cfg: ContrastiveLearnerConfig = { ...o, train: { steps: maxSteps, batchSize: BATCH, learningRate, evalEvery: 50, patience, minDelta: 1e-3 } };
    console.log('');
    console.log(
      `### n = ${n}: ours — encoder n → ${o.hidden.join(' → ')} → n + identity-initialised linear skip, standardised inputs; warm-up on the unnormalised critic (Adam ${o.warmupLearningRate}, ≤ ${o.sphereWarmup} steps or its plateau), then normalised (Adam ${learningRate}); plateau stop (patience ${patience} × 50 steps, 0.1 %) or ${maxSteps} steps`,
    );
    console.log('');
    console.log('| seed | time to R² ≥ 0.98 (s) | steps to 0.98 | stopped at | stopped by | total (s) | ms/step | final R² | final MCC |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    const hits: number[] = [];
    for (let s = 1; s <= seeds; s++) {
      const r = runOnce(n, s, cfg, false);
      if (r.hitSeconds !== null) hits.push(r.hitSeconds);
      console.log(`| ${s} | ${fmt(r.hitSeconds)} | ${r.hitStep ?? '–'} | ${r.steps} | ${r.stoppedBy} | ${fmt(r.seconds)} | ${fmt((1000 * r.seconds) / r.steps)} | ${r.r2.toFixed(4)} | ${r.mcc.toFixed(3)} |`);
    }
    const refFlops = stepFlops(n, referenceWidths(n), 2 * BATCH);
    const refStepSeconds = refFlops / (PYTORCH_GFLOPS * 1e9);
    summary.push(`n = ${n}: ours reached R² ≥ 0.98 in ${hits.length}/${seeds} seeds, median ${fmt(median(hits))} s; reference protocol ≈ ${(refFlops / 1e9).toFixed(2)} GFLOP/step ≈ ${(1000 * refStepSeconds).toFixed(0)} ms/step in PyTorch CPU (1 thread)`);
    if (withReference) {
      console.log('');
      console.log(`### n = ${n}: reference protocol (Zimmermann et al. main_mlp.py) in tfjs — widths [${referenceWidths(n).join(', ')}], leaky ReLU 0.01, normalised output, no skip / standardisation / centring / warm-up, Adam 1e-4, cap ${referenceSteps} steps`);
      console.log('');
      console.log('| seed | steps to R² ≥ 0.98 | tfjs time (s) | PyTorch estimate (s) | final R² |');
      console.log('|---|---|---|---|---|');
      for (let s = 1; s <= referenceSeeds; s++) {
        const r = runOnce(
          n,
          s,
          {
            loss: 'infonce',
            alpha: 2,
            tau: 2 / KAPPA,
            sphere: true,
            sphereWarmup: 0,
            centreSphere: false,
            standardizeInputs: false,
            linearSkip: false,
            negativeSlope: 0.01,
            negatives: 'in-batch',
            hidden: referenceWidths(n),
            train: { steps: referenceSteps, batchSize: BATCH, learningRate: 1e-4, evalEvery: 50 },
          },
          true,
        );
        const steps = r.hitStep ?? referenceSteps;
        console.log(`| ${s} | ${r.hitStep ?? `> ${referenceSteps}`} | ${fmt(r.seconds)} | ${r.hitStep === null ? '> ' : ''}${(steps * refStepSeconds).toFixed(0)} | ${r.r2.toFixed(4)} |`);
      }
    }
  }
  console.log('');
  for (const line of summary) console.log(`- ${line}`);
  if (withPytorch) runPytorchReference();
}

interface PytorchResult {
  n: number;
  seed: number;
  threads: number;
  hit_seconds: number | null;
  hit_step: number | null;
  steps: number;
  seconds: number;
  ms_per_step: number;
  final_r2: number;
  torch: string;
  matmul_gflops: number;
}

/** Writes the world of (n, seed) as float32 files for bench/reference/zimmermann_sphere.py. */
export function exportWorld(n: number, seed: number, dir: string): void {
  const { data, zTest, xTest } = benchWorld(n, seed);
  fs.mkdirSync(dir, { recursive: true });
  const write = (name: string, m: number[][]) => fs.writeFileSync(path.join(dir, name), Buffer.from(Float32Array.from(m.flat()).buffer));
  write('x.f32', data.x);
  write('xpos.f32', data.xNext);
  write('xtest.f32', xTest);
  write('ztest.f32', zTest);
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ n, pairs: data.x.length, test: zTest.length, tau: 2 / KAPPA }));
}

/**
 * Runs the reference protocol in PyTorch (python3 + torch, e.g. Debian's python3-torch) on the same worlds:
 * measured wall time, not an estimate. Skipped with a note when PyTorch is not importable.
 */
function runPytorchReference(): void {
  const script = fileURLToPath(new URL('./reference/zimmermann_sphere.py', import.meta.url));
  const candidates = env('BENCH_PYTHON') ? [env('BENCH_PYTHON') as string] : ['python3', '/usr/bin/python3'];
  let python = '';
  let version = '';
  for (const c of candidates) {
    const probe = spawnSync(c, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) {
      python = c;
      version = probe.stdout.trim();
      break;
    }
  }
  console.log('');
  if (!python) {
    console.log(`PyTorch reference skipped: none of ${candidates.join(', ')} imports torch and numpy (Debian: apt install python3-torch; or set BENCH_PYTHON).`);
    return;
  }
  console.log(`### Reference protocol in PyTorch ${version} (${python}, CPU, measured): widths [10n, 50n, 50n, 50n, 50n, 10n], leaky ReLU 0.01, normalised output, Adam 1e-4, batch ${BATCH}, in-batch negatives, cap ${pytorchSteps} steps, same data and R² check`);
  console.log('');
  console.log('| n | seed | torch threads | time to R² ≥ 0.98 (s) | steps to 0.98 | ms/step | final R² | matmul GFLOP/s |');
  console.log('|---|---|---|---|---|---|---|---|');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'latentcheck-bench-'));
  let slowBlas = false;
  try {
    for (const n of dims)
      for (let s = 1; s <= pytorchSeeds; s++) {
        const dir = path.join(tmp, `n${n}-s${s}`);
        exportWorld(n, s, dir);
        for (const threads of pytorchThreads) {
          // Threads: torch's intra-op pool (OpenMP) and the BLAS's own pool must agree, or they oversubscribe the cores.
          const threadEnv = threads > 0 ? { OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) } : {};
          const r = spawnSync(python, [script, '--data', dir, '--seed', String(s), '--threads', String(threads), '--max-steps', String(pytorchSteps)], { encoding: 'utf8', env: { ...process.env, ...threadEnv } });
          if (r.status !== 0) {
            console.log(`| ${n} | ${s} | ${threads || 'default'} | failed: ${(r.stderr || '').trim().split('\n').pop()} | | | | |`);
            continue;
          }
          const o = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as PytorchResult;
          console.log(`| ${n} | ${s} | ${o.threads} | ${o.hit_seconds === null ? `> ${o.seconds.toFixed(1)}` : o.hit_seconds.toFixed(1)} | ${o.hit_step ?? `> ${o.steps}`} | ${o.ms_per_step.toFixed(1)} | ${o.final_r2.toFixed(4)} | ${o.matmul_gflops.toFixed(0)} |`);
          if (o.matmul_gflops < 20) slowBlas = true;
        }
      }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (slowBlas) console.log('\nWarning: PyTorch ran a float32 matmul below 20 GFLOP/s: it is probably using the reference BLAS (Debian: apt install libopenblas0-pthread), so these times understate PyTorch.');
}
