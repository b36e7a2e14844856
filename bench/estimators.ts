/**
 * Estimator benchmark: kNN MI (KSG) and CMI (Frenzel–Pompe), k = 3, and the RBF MMD (unbiased, h = 1) at
 * n = 2000 and 10 000 on correlated Gaussian data, ours (src/metrics, brute force on Float64Arrays) side by side
 * with SciPy's cKDTree / NumPy (bench/reference/ksg_mmd.py, run on the same data through python3). Prints one row per
 * (estimator, n): value and time, ours and the reference. Sizes: BENCH_ESTIMATOR_SIZES (default "2000,10000").
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Mat } from '../src/core/matrix.ts';
import { Rng } from '../src/rng/rng.ts';
import { knnCMI, knnMI } from '../src/metrics/knnMI.ts';
import { mmdRBF } from '../src/metrics/mmd.ts';

function data(n: number, seed: number): { x: Mat; y: Mat; z: Mat; u: Mat; v: Mat } {
  const rng = new Rng(seed);
  const x: Mat = [];
  const y: Mat = [];
  const z: Mat = [];
  for (let i = 0; i < n; i++) {
    const c = rng.normal();
    z.push([c]);
    x.push([c + 0.7 * rng.normal()]);
    y.push([0.6 * x[i][0] + c + 0.7 * rng.normal()]);
  }
  const u = x.map((r, i) => [r[0], y[i][0]]);
  const v = x.map((r, i) => [r[0], y[(i * 7919 + 13) % n][0]]);
  return { x, y, z, u, v };
}

const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const v = f();
  return [v, performance.now() - t];
};

export async function run(): Promise<void> {
  const sizes = (process.env.BENCH_ESTIMATOR_SIZES ?? '2000,10000').split(',').map(Number);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lc-est-'));
  console.log('| estimator | n | ours: value | ours: time | SciPy/NumPy: value | SciPy/NumPy: time |');
  console.log('|---|---|---|---|---|---|');
  for (const n of sizes) {
    const d = data(n, 20221 + n);
    const [mi, miMs] = time(() => knnMI(d.x, d.y, 3));
    const [cmi, cmiMs] = time(() => knnCMI(d.x, d.y, d.z, 3));
    const [mmd, mmdMs] = time(() => mmdRBF(d.u, d.v, { bandwidth: 1 }));
    const file = path.join(dir, `data-${n}.json`);
    writeFileSync(file, JSON.stringify({ ...d, k: 3, bandwidth: 1 }));
    const py = spawnSync('python3', [new URL('./reference/ksg_mmd.py', import.meta.url).pathname, file], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } });
    const ref = py.status === 0 ? (JSON.parse(py.stdout.trim().split('\n').pop()!) as Record<string, number>) : null;
    if (!ref) console.log(`(reference failed: ${py.stderr.slice(0, 300)})`);
    const f = (v: number) => v.toFixed(6);
    const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
    console.log(`| KSG MI (k = 3) | ${n} | ${f(mi)} | ${ms(miMs)} | ${ref ? f(ref.mi) : '–'} | ${ref ? ms(ref.miMs) : '–'} |`);
    console.log(`| Frenzel–Pompe CMI (k = 3) | ${n} | ${f(cmi)} | ${ms(cmiMs)} | ${ref ? f(ref.cmi) : '–'} | ${ref ? ms(ref.cmiMs) : '–'} |`);
    console.log(`| RBF MMD² (unbiased, h = 1) | ${n} | ${f(mmd)} | ${ms(mmdMs)} | ${ref ? f(ref.mmd) : '–'} | ${ref ? ms(ref.mmdMs) : '–'} |`);
  }
}
