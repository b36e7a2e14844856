import { describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../src/core/errors.ts';
import {
  BackendUnavailableError,
  activeBackendInfo,
  initBackend,
  isPackageInstalled,
  resolveBackendRequest,
} from '../../src/tfjs/index.ts';
import { packageVersion } from '../../src/core/versions.ts';

const nodeInstalled = isPackageInstalled('@tensorflow/tfjs-node') || isPackageInstalled('@tensorflow/tfjs-node-gpu');

describe('resolveBackendRequest', () => {
  it('defaults to auto', () => {
    expect(resolveBackendRequest(undefined, {})).toEqual({ choice: 'auto', source: 'default' });
    expect(resolveBackendRequest(undefined, { LATENTCHECK_BACKEND: '  ' })).toEqual({ choice: 'auto', source: 'default' });
  });
  it('env beats default, flag beats env', () => {
    expect(resolveBackendRequest(undefined, { LATENTCHECK_BACKEND: 'cpu' })).toEqual({ choice: 'cpu', source: 'env' });
    expect(resolveBackendRequest('wasm', { LATENTCHECK_BACKEND: 'cpu' })).toEqual({ choice: 'wasm', source: 'flag' });
    expect(resolveBackendRequest('node-gpu', { LATENTCHECK_BACKEND: 'node' })).toEqual({ choice: 'node-gpu', source: 'flag' });
  });
  it('accepts case and common aliases', () => {
    expect(resolveBackendRequest('WASM', {}).choice).toBe('wasm');
    expect(resolveBackendRequest('tfjs-node', {}).choice).toBe('node');
    expect(resolveBackendRequest('tensorflow-gpu', {}).choice).toBe('node-gpu');
  });
  it('rejects an unknown flag with an InputError naming backend and the value', () => {
    let err: unknown;
    try {
      resolveBackendRequest('webgpu', { LATENTCHECK_BACKEND: 'cpu' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const ie = err as InputError;
    expect(ie.field).toBe('backend');
    expect(ie.value).toBe('webgpu');
    expect(ie.message).toContain('backend');
    expect(ie.message).toContain('"webgpu"');
    expect(ie.message).toContain('auto, wasm, cpu, node, node-gpu');
  });
  it('rejects an unknown environment value naming the variable', () => {
    expect(() => resolveBackendRequest(undefined, { LATENTCHECK_BACKEND: 'metal' })).toThrow(/LATENTCHECK_BACKEND: .*"metal"/);
  });
});

describe('package versions', () => {
  it('reads versions from package.json on disk', () => {
    expect(packageVersion('@tensorflow/tfjs')).toBe(tf.version.tfjs);
    expect(packageVersion('@tensorflow/tfjs-backend-wasm')).toBe('4.22.0');
    expect(packageVersion('@tensorflow/tfjs-backend-cpu')).toBe('4.22.0'); // a dependency of tfjs, not ours
    expect(packageVersion('@tensorflow/not-a-package')).toBeNull();
  });
  it('works for a package whose exports hide ./package.json', () => {
    const req = createRequire(import.meta.url);
    expect(() => req.resolve('commander/package.json')).toThrow();
    const dir = path.dirname(req.resolve('commander'));
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    expect(packageVersion('commander')).toBe(onDisk);
  });
});

describe('initBackend', () => {
  it.skipIf(nodeInstalled)('auto picks wasm when tfjs-node is absent, with versions and reasons', async () => {
    const t0 = performance.now();
    const info = await initBackend('auto');
    const ms = performance.now() - t0;
    expect(info.name).toBe('wasm');
    expect(info.requested).toBe('auto');
    expect(info.tfjsVersion).toBe('4.22.0');
    expect(info.backendPackage).toBe('@tensorflow/tfjs-backend-wasm');
    expect(info.backendVersion).toBe('4.22.0');
    expect(typeof info.wasmSimd).toBe('boolean');
    expect(info.wasmThreads).toBe(false);
    expect(info.fallbackReason).toContain('@tensorflow/tfjs-node is not installed');
    expect(info.fallbackReason).toContain('@tensorflow/tfjs-node-gpu is not installed');
    expect(tf.getBackend()).toBe('wasm');
    expect(activeBackendInfo()).toBe(info);
    expect(ms).toBeLessThan(10_000);
  });

  it('is idempotent: same info object, and concurrent calls share one init', async () => {
    const a = await initBackend('wasm');
    const [b, c] = await Promise.all([initBackend('wasm'), initBackend('wasm')]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) await initBackend('wasm');
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('computes a matMul correctly on wasm', async () => {
    await initBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const out = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), tf.tensor2d([[7, 8], [9, 10], [11, 12]])).dataSync());
    expect(Array.from(out)).toEqual([58, 64, 139, 154]);
  });

  it.skipIf(nodeInstalled)('explicit node / node-gpu when absent: error naming backend with the install command', async () => {
    await initBackend('wasm');
    const err = await initBackend('node').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    const be = err as BackendUnavailableError;
    expect(be.field).toBe('backend');
    expect(be.value).toBe('node');
    expect(be.message).toMatch(/^backend: "node"/);
    expect(be.message).toContain('npm install @tensorflow/tfjs-node');
    const gpu = await initBackend('node-gpu').catch((e: unknown) => e);
    expect((gpu as Error).message).toContain('npm install @tensorflow/tfjs-node-gpu');
    // The failed request leaves the working backend in place.
    expect(tf.getBackend()).toBe('wasm');
    expect(activeBackendInfo()?.name).toBe('wasm');
  });

  it('rejects an unknown request with InputError', async () => {
    await expect(initBackend('webgl2')).rejects.toBeInstanceOf(InputError);
  });

  it('switches to cpu without the tfjs-node banner, and back', async () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    try {
      const info = await initBackend('cpu');
      expect(info.name).toBe('cpu');
      expect(info.backendPackage).toBe('@tensorflow/tfjs-backend-cpu');
      expect(info.backendVersion).toBe('4.22.0');
      expect(info.wasmSimd).toBeUndefined();
      expect(tf.getBackend()).toBe('cpu');
      const s = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]);
      expect(s).toBe(6);
      const printed = [...warn.mock.calls, ...log.mock.calls].flat().join('\n');
      expect(printed).not.toMatch(/node backend|tfjs-node/);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
    const back = await initBackend('wasm');
    expect(back.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('runs concurrent requests for different backends one after another, in call order', async () => {
    const [a, b, c] = await Promise.all([initBackend('cpu'), initBackend('wasm'), initBackend('cpu')]);
    expect([a.name, b.name, c.name]).toEqual(['cpu', 'wasm', 'cpu']);
    expect(tf.getBackend()).toBe('cpu');
    expect(activeBackendInfo()).toBe(c);
    expect((await initBackend('wasm')).name).toBe('wasm');
  });

  it('notices a backend switched behind its back', async () => {
    const info = await initBackend('wasm');
    await tf.setBackend('cpu');
    expect(activeBackendInfo()).toBeNull();
    const again = await initBackend('wasm');
    expect(again.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(again).not.toBe(info);
  });
});
