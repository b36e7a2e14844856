/**
 * Benchmarks (not tests): `npm run bench` runs every entry of BENCHMARKS in order;
 * `npm run bench -- <name> …` runs only those whose name contains one of the arguments; `--name value`
 * options go to the benchmarks (`bench/args.ts`), e.g. `npm run bench -- mlp --steps 10000`.
 * Each benchmark module exports `async function run(): Promise<void>` and prints its own results.
 * The tfjs backend follows LATENTCHECK_BACKEND (default `auto`) and is printed first.
 */
import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { initBackend } from '../src/tfjs/index.ts';
import { parseBenchArgs } from './args.ts';

export interface BenchmarkModule {
  run(): Promise<void>;
}

/** Named benchmarks, run in this order. Add new ones here. */
export const BENCHMARKS: { name: string; load: () => Promise<BenchmarkModule> }[] = [
  { name: 'mlp-throughput', load: () => import('./mlp-throughput.ts') },
  { name: 'step-breakdown', load: () => import('./step-breakdown.ts') },
  { name: 'ahuja-properties', load: () => import('./ahuja-properties.ts') },
  { name: 'contrastive-sphere', load: () => import('./contrastive-sphere.ts') },
  { name: 'estimators', load: () => import('./estimators.ts') },
  { name: 'queue', load: () => import('./queue.ts') },
  { name: 'wasm-ceiling', load: () => import('./wasm-ceiling.ts') },
];

async function main(): Promise<void> {
  const { filters } = parseBenchArgs();
  const selected = BENCHMARKS.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
  if (selected.length === 0) {
    console.error(`no benchmark matches ${filters.join(', ')}; available: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const info = await initBackend();
  console.log('# latentcheck benchmarks');
  console.log('');
  console.log(`backend: ${JSON.stringify(info)}`);
  console.log(`node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? 'unknown'}), ${os.platform()}-${os.arch()}`);
  for (const b of selected) {
    console.log('');
    console.log(`## ${b.name}`);
    console.log('');
    const t0 = performance.now();
    const before = tf.memory().numTensors;
    await (await b.load()).run();
    const leaked = tf.memory().numTensors - before;
    console.log('');
    console.log(`(${b.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s${leaked !== 0 ? `, WARNING: ${leaked} tensor(s) left behind` : ''})`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
