/**
 * The tfjs-node paths of initBackend, exercised with stand-in packages (the real ones cannot be
 * installed here; see fixtures/fake-tensorflow-backend.cjs). Each scenario runs in a child process
 * with NODE_PATH pointing at fixture folders, so detection finds "installed" packages without
 * touching node_modules.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');

type Step = { i: number; label: string; ok: boolean; value?: any; error?: string; errorName?: string; field?: string; tfBackend: string };

/** Run the probe with the given fixture folders on NODE_PATH and the given steps. */
async function probe(dirs: string[], steps: string[]): Promise<{ s: Step[]; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: dirs.map((d) => path.join(fixtures, d)).join(path.delimiter) };
  delete env.LATENTCHECK_BACKEND;
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(fixtures, 'native-probe.ts'), ...steps], {
    env,
    cwd: path.resolve(here, '..', '..'),
    timeout: 30_000,
  });
  const s = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Step);
  expect(s.map((x) => x.label)).toEqual(steps);
  return { s, stderr };
}

describe('initBackend with tfjs-node stand-ins', () => {
  it('auto: a tfjs-node-gpu that fails to load falls back to tfjs-node, with the reason', async () => {
    const { s, stderr } = await probe(['fake-modules'], ['auto', 'matmul', 'same', 'node-gpu', 'wasm', 'node', 'matmul', 'loads']);
    const [auto, mm, same, gpu, wasm, node, mm2, loads] = s;
    expect(auto.value).toMatchObject({
      name: 'tensorflow',
      requested: 'auto',
      backendPackage: '@tensorflow/tfjs-node',
      backendVersion: '0.0.0-fake',
      tfjsVersion: '4.22.0',
      gpuDevice: false,
    });
    expect(auto.value.fallbackReason).toContain('@tensorflow/tfjs-node-gpu is installed but failed to load: libcudart');
    expect(auto.tfBackend).toBe('tensorflow');
    expect(mm.value).toEqual([19, 22, 43, 50]);
    expect(same.value).toBe(true);
    // Explicit node-gpu: the load error, and the active backend is untouched.
    expect(gpu).toMatchObject({ ok: false, errorName: 'BackendUnavailableError', field: 'backend', tfBackend: 'tensorflow' });
    expect(gpu.error).toMatch(/^backend: "node-gpu" is not available: .*libcudart/);
    // Away to wasm and back: the loaded package is re-activated, not imported again.
    expect(wasm.value.name).toBe('wasm');
    expect(node.value).toMatchObject({ name: 'tensorflow', requested: 'node' });
    expect(node.value.fallbackReason).toBeUndefined();
    expect(mm2.value).toEqual([19, 22, 43, 50]);
    expect(loads.value).toBe(1);
    expect(stderr).not.toMatch(/already registered|Hi, looks like/);
  });

  it('auto prefers a working tfjs-node-gpu; node then names the missing package and the install command', async () => {
    const { s } = await probe(['fake-modules-gpu'], ['auto', 'node-gpu', 'wasm', 'node']);
    const [auto, gpu, , node] = s;
    expect(auto.value).toMatchObject({ name: 'tensorflow-gpu', backendPackage: '@tensorflow/tfjs-node-gpu', gpuDevice: false });
    expect(auto.value.fallbackReason).toBeUndefined();
    expect(gpu.value.name).toBe('tensorflow-gpu');
    expect(node).toMatchObject({ ok: false, field: 'backend', tfBackend: 'wasm' }); // the failed switch left wasm active
    expect(node.error).toContain('npm install @tensorflow/tfjs-node');
  });

  it('both installed: whichever loads first owns the tensorflow backend, and the info says so', async () => {
    const gpuFirst = await probe(['fake-modules-gpu', 'fake-modules'], ['node-gpu', 'node', 'matmul', 'loads']);
    expect(gpuFirst.s[1].value.name).toBe('tensorflow-gpu');
    expect(gpuFirst.s[1].value.fallbackReason).toContain('@tensorflow/tfjs-node-gpu was loaded first');
    expect(gpuFirst.s[2].value).toEqual([19, 22, 43, 50]);
    expect(gpuFirst.s[3].value).toBe(1);
    expect(gpuFirst.stderr).not.toMatch(/already registered/);

    // CPU build first: an explicit GPU request is refused rather than silently run on the CPU build.
    const cpuFirst = await probe(['fake-modules-gpu', 'fake-modules'], ['node', 'wasm', 'node-gpu', 'auto']);
    expect(cpuFirst.s[0].value.name).toBe('tensorflow');
    expect(cpuFirst.s[2]).toMatchObject({ ok: false, field: 'backend', tfBackend: 'wasm' });
    expect(cpuFirst.s[2].error).toContain('@tensorflow/tfjs-node was loaded first');
    expect(cpuFirst.s[3].value.name).toBe('tensorflow');
    expect(cpuFirst.s[3].value.fallbackReason).toContain('@tensorflow/tfjs-node was loaded first');
  });
});
