/**
 * The ceiling benchmark's hand-written wasm module validates and computes what it claims (Σ acc_i after n passes of
 * acc_i += c·m), and the step-FLOP count matches a count by hand; a corrupted byte is rejected (negative control).
 */
import { describe, expect, it } from 'vitest';
import { mlpStepMatmulFlops, peakModuleBytes } from '../../bench/wasm-ceiling.ts';

const wasm = (globalThis as unknown as {
  WebAssembly: { validate(b: Uint8Array): boolean; instantiate(b: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }> };
}).WebAssembly;

describe('wasm-ceiling', () => {
  it('builds a valid module whose loop computes Σ acc_i + k·n·c·m', async () => {
    for (const k of [4, 8, 12]) {
      const bytes = peakModuleBytes(k);
      expect(wasm.validate(bytes)).toBe(true);
      const run = (await wasm.instantiate(bytes)).instance.exports.run as (n: number) => number;
      const n = 1000;
      let expected = 0;
      for (let i = 0; i < k; i++) expected += 1 + 1e-3 * i;
      expected += k * n * 1e-7 * 0.9999999;
      expect(run(n)).toBeCloseTo(expected, 3);
      expect(run(0)).toBeCloseTo(expected - k * n * 1e-7 * 0.9999999, 4);
    }
  });

  it('rejects a module with a corrupted opcode', () => {
    const bytes = peakModuleBytes(4);
    const bad = bytes.slice();
    bad[bad.length - 1] = 0xff; // the function's final `end`
    expect(wasm.validate(bad)).toBe(false);
  });

  it('counts forward, weight-gradient and input-gradient products (none for the data)', () => {
    // 10→64→10 on 8 rows: layer 1 forward + dW = 2·(2·8·10·64); layer 2 forward + dW + dX = 3·(2·8·64·10).
    expect(mlpStepMatmulFlops([10, 64, 10], 8)).toBe(2 * 2 * 8 * 640 + 3 * 2 * 8 * 640);
  });
});
