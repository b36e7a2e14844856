/**
 * The ceiling of any WebAssembly training step on this CPU: the float32 throughput of wasm SIMD128 with every
 * operand in registers (no loads, no stores, no kernel overhead), measured with a tiny module built here, and what
 * it implies for the reference MLP: no wasm kernel, however fused, trains faster than FLOPs(step) / peak.
 *
 * Node 20 runs SIMD128 without fused multiply–add (relaxed SIMD is behind `--experimental-wasm-relaxed-simd`,
 * and tfjs-backend-wasm's binary does not use it), so a multiply–accumulate costs a `f32x4.mul` and a
 * `f32x4.add` on 4 lanes, against one 8- or 16-lane FMA in PyTorch's native BLAS.
 *
 * The module is written out byte by byte (the wasm binary format) rather than assembled from text: it is one
 * function, and no kept dependency assembles WebAssembly text.
 */

/** Accumulator counts tried; the best rate is kept (a register-only loop; V8 uses up to 16 xmm registers). */
const ACCUMULATOR_COUNTS = [4, 8, 12];

/** Unsigned LEB128 of a small non-negative integer. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** `f32.const v` then `f32x4.splat`. */
function splat(v: number): number[] {
  const f = new Uint8Array(new Float32Array([v]).buffer);
  return [0x43, ...f, 0xfd, ...leb(0x13)];
}

const localGet = (i: number) => [0x20, ...leb(i)];
const localSet = (i: number) => [0x21, ...leb(i)];
const F32X4_ADD = [0xfd, ...leb(0xe4)];
const F32X4_MUL = [0xfd, ...leb(0xe6)];

/**
 * The module's bytes: `run(n: i32) → f32` loops n times; each pass does acc_i += c·m for every one of `accumulators`
 * accumulators (a multiply and an add of 4 lanes each: 8 flops per accumulator and pass) and returns a lane of
 * Σ acc_i so nothing is dead code. c and m are loop-invariant: were the product hoisted out of the loop, the rate
 * would be overstated, which errs on the safe side for a ceiling.
 */
export function peakModuleBytes(accumulators: number): Uint8Array {
  const N = 0, M = 1, C = 2, ACC0 = 3;
  const body: number[] = [...leb(1), ...leb(2 + accumulators), 0x7b];
  body.push(...splat(0.9999999), ...localSet(M), ...splat(1e-7), ...localSet(C));
  for (let i = 0; i < accumulators; i++) body.push(...splat(1 + 1e-3 * i), ...localSet(ACC0 + i));
  body.push(0x02, 0x40, 0x03, 0x40); // block, loop
  body.push(...localGet(N), 0x45, 0x0d, ...leb(1)); // br_if (n == 0) out of the block
  for (let i = 0; i < accumulators; i++) body.push(...localGet(ACC0 + i), ...localGet(C), ...localGet(M), ...F32X4_MUL, ...F32X4_ADD, ...localSet(ACC0 + i));
  body.push(...localGet(N), 0x41, 1, 0x6b, ...localSet(N), 0x0c, 0, 0x0b, 0x0b); // n -= 1; br loop; end; end
  body.push(...localGet(ACC0));
  for (let i = 1; i < accumulators; i++) body.push(...localGet(ACC0 + i), ...F32X4_ADD);
  body.push(0xfd, ...leb(0x1f), 0, 0x0b); // f32x4.extract_lane 0; end
  const code = [...leb(1), ...leb(body.length), ...body];
  const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]), // type: (i32) → f32
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(7, [1, 3, 0x72, 0x75, 0x6e, 0x00, 0]), // export "run" = function 0
    ...section(10, code),
  ]);
}

/** Node's WebAssembly global (the project's TypeScript lib has no DOM types, which declare it). */
const wasm = (globalThis as unknown as { WebAssembly: { instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }> } }).WebAssembly;

/** The best rate (GFLOP/s) of the module's `run`, over `repeats` timed runs of about `msPerRun` ms each. */
async function bestRate(bytes: Uint8Array, flopsPerPass: number, msPerRun: number, repeats: number): Promise<number> {
  const { instance } = await wasm.instantiate(bytes);
  const run = instance.exports.run as (n: number) => number;
  run(1e5);
  let passes = 1e5;
  for (;;) {
    const t = performance.now();
    run(passes);
    const ms = performance.now() - t;
    if (ms >= msPerRun / 4) {
      passes = Math.max(1, Math.round((passes * msPerRun) / ms));
      break;
    }
    passes *= 2;
  }
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    run(passes);
    best = Math.max(best, (passes * flopsPerPass) / ((performance.now() - t) / 1000) / 1e9);
  }
  return best;
}

/**
 * Measured peak of wasm SIMD128 float32 multiply–add on one thread (GFLOP/s): the best over the accumulator counts
 * and `repeats` timed runs of about `msPerRun` ms each, after a warm-up. Operands never leave registers, so no real
 * kernel (which must load its matrices) exceeds it on the same machine under the same load.
 */
export async function wasmSimdPeakGflops(msPerRun = 200, repeats = 5): Promise<number> {
  let best = 0;
  for (const k of ACCUMULATOR_COUNTS) best = Math.max(best, await bestRate(peakModuleBytes(k), 8 * k, msPerRun, repeats));
  return best;
}

/**
 * Matrix-product FLOPs of one training step of an MLP with layer sizes `sizes` on `batch` rows: forward
 * 2·B·fan_in·fan_out per layer, backward the weight gradient of every layer and the input gradient of every layer
 * but the first (the data need none). Element-wise work, the loss and Adam are left out: a lower bound.
 */
export function mlpStepMatmulFlops(sizes: readonly number[], batch: number): number {
  let flops = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const f = 2 * batch * sizes[l] * sizes[l + 1];
    flops += l === 0 ? 2 * f : 3 * f;
  }
  return flops;
}

/** `npm run bench -- wasm-ceiling`: the measured peak and the step-time floor of the reference MLP cells. */
export async function run(): Promise<void> {
  const peak = await wasmSimdPeakGflops();
  console.log(`wasm SIMD128 float32 mul+add peak, one thread, operands in registers: ${peak.toFixed(1)} GFLOP/s (Node ${process.version}, no FMA).`);
  console.log('');
  console.log('| H | B | matMul GFLOP per step | fastest possible wasm step (ms) | most steps/s |');
  console.log('|---|---|---|---|---|');
  for (const [h, b] of [[64, 256], [64, 1024], [256, 256], [256, 1024]]) {
    const f = mlpStepMatmulFlops([10, h, h, h, 10], b);
    console.log(`| ${h} | ${b} | ${(f / 1e9).toFixed(4)} | ${((f / (peak * 1e9)) * 1e3).toFixed(3)} | ${((peak * 1e9) / f).toFixed(0)} |`);
  }
}
