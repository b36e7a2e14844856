/**
 * Backend selection for TensorFlow.js.
 *
 * latentcheck always has the `wasm` backend (a dependency) and tfjs's pure-JS `cpu` backend. The
 * native backends, `@tensorflow/tfjs-node` (registered under the name `tensorflow`) and
 * `@tensorflow/tfjs-node-gpu` (built from the same sources; it registers the same backend name
 * `tensorflow`, only its libtensorflow is the CUDA build), are optional peer dependencies: they are
 * detected at run time by resolving and importing them, never required.
 *
 * Choice: explicit flag (CLI `--backend`) > environment `LATENTCHECK_BACKEND` > `auto`.
 * `auto` tries tfjs-node-gpu, then tfjs-node, then wasm (then cpu, only if wasm fails to start).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, LatentcheckError } from '../core/errors.ts';
import { isPackageInstalled, packageVersion, resolveEntry } from '../core/versions.ts';
import { installFastGather } from './fastGather.ts';
import { installFastSlice } from './fastSlice.ts';

/** The backend latentcheck ended up on. `tensorflow-gpu` is tfjs-node-gpu (tfjs itself calls it `tensorflow`). */
export type BackendName = 'wasm' | 'cpu' | 'tensorflow' | 'tensorflow-gpu';

/** What a user may ask for. */
export type BackendChoice = 'auto' | 'wasm' | 'cpu' | 'node' | 'node-gpu';

/** The valid values of `--backend` / `LATENTCHECK_BACKEND`, in the order shown in messages. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'wasm', 'cpu', 'node', 'node-gpu'];

/** Accepted spellings besides the canonical ones (case-insensitive). */
const ALIASES: Readonly<Record<string, BackendChoice>> = {
  'tfjs-node': 'node',
  tensorflow: 'node',
  'tfjs-node-gpu': 'node-gpu',
  'tensorflow-gpu': 'node-gpu',
  gpu: 'node-gpu',
};

/** A resolved request: the choice and where it came from. */
export type BackendRequest = {
  choice: BackendChoice;
  source: 'flag' | 'env' | 'default';
};

/** The active backend and the versions behind it, for reports. */
export type BackendInfo = {
  name: BackendName;
  /** The request as resolved (`auto`, `wasm`, `cpu`, `node`, `node-gpu`). */
  requested: string;
  /** Version of the `@tensorflow/tfjs` union package. */
  tfjsVersion: string;
  /** npm package that provides the backend, e.g. `@tensorflow/tfjs-backend-wasm`. */
  backendPackage: string;
  backendVersion: string;
  /** wasm only: whether the SIMD binary is in use. */
  wasmSimd?: boolean;
  /** wasm only: whether the multi-threaded binary is in use (never in Node: tfjs disables it). */
  wasmThreads?: boolean;
  /** tfjs-node(-gpu) only: whether libtensorflow runs on a GPU device (tfjs-node-gpu without a usable CUDA GPU runs on the CPU). */
  gpuDevice?: boolean;
  /** Set when `auto` could not use a preferred backend: why each one above the chosen one was skipped. */
  fallbackReason?: string;
};

/** A backend that was asked for explicitly but is not installed or failed to start. */
export class BackendUnavailableError extends LatentcheckError {
  override name = 'BackendUnavailableError';
  readonly field = 'backend';
  constructor(
    /** The requested backend (`node`, `node-gpu`, `wasm`, `cpu`). */
    readonly value: string,
    /** Human-readable reason, including the install hint where there is one. */
    readonly reason: string,
  ) {
    super(`backend: ${JSON.stringify(value)} is not available: ${reason}`);
  }
}

const ENV_VAR = 'LATENTCHECK_BACKEND';

function parseChoice(raw: string, field: string): BackendChoice {
  const v = raw.trim().toLowerCase();
  if ((BACKEND_CHOICES as readonly string[]).includes(v)) return v as BackendChoice;
  const alias = ALIASES[v];
  if (alias) return alias;
  throw new InputError(field, raw, `one of: ${BACKEND_CHOICES.join(', ')}`);
}

/**
 * Resolve which backend to use: explicit `flag` (CLI `--backend`) > `env.LATENTCHECK_BACKEND` > `auto`.
 * An empty or unset environment variable counts as unset; an unknown value throws `InputError`
 * (field `backend` for the flag, `LATENTCHECK_BACKEND` for the variable).
 */
export function resolveBackendRequest(flag?: string, env: Record<string, string | undefined> = process.env): BackendRequest {
  if (flag !== undefined) {
    if (typeof flag !== 'string') throw new InputError('backend', flag, `one of: ${BACKEND_CHOICES.join(', ')}`);
    return { choice: parseChoice(flag, 'backend'), source: 'flag' };
  }
  const fromEnv = env[ENV_VAR];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { choice: parseChoice(fromEnv, ENV_VAR), source: 'env' };
  return { choice: 'auto', source: 'default' };
}

// ---------------------------------------------------------------------------------------------
// Package lookup (versions, presence)

const requireHere = createRequire(import.meta.url);

/** The npm package behind each backend. */
export const BACKEND_PACKAGES: Readonly<Record<BackendName, string>> = {
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
  tensorflow: '@tensorflow/tfjs-node',
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
};

/** Name tfjs registers each backend under (what `tf.getBackend()` returns). */
const TFJS_NAME: Readonly<Record<BackendName, string>> = {
  wasm: 'wasm',
  cpu: 'cpu',
  tensorflow: 'tensorflow',
  'tensorflow-gpu': 'tensorflow',
};

function versionOf(pkg: string): string {
  return packageVersion(pkg) ?? 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Initialisation

let active: BackendInfo | null = null;
let activeChoice: BackendChoice | null = null;
let pending: { choice: BackendChoice; promise: Promise<BackendInfo> } | null = null;
/** Initialisations run one after another. */
let queue: Promise<unknown> = Promise.resolve();
let wasmPathsSet = false;
/** Native packages this module has imported. */
const loadedNative = new Set<string>();
/** Native packages that failed to load, with the reason (not retried: loading libtensorflow is costly). */
const nativeFailures = new Map<string, string>();

/** The backend set up by the last successful `initBackend`, or null (also null if someone switched tfjs's backend since). */
export function activeBackendInfo(): BackendInfo | null {
  if (active === null) return null;
  return tf.getBackend() === TFJS_NAME[active.name] ? active : null;
}

/**
 * Silence the cpu backend's one-time "Hi, looks like you are running TensorFlow.js in Node.js ...
 * install our node backend" banner (printed on its first tensor write). latentcheck reports the
 * backend itself, with the install hint where relevant.
 */
function quietCpuBanner(): void {
  try {
    const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
    if (cpu && typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
  } catch {
    /* cosmetic only */
  }
}

/** Directory holding the .wasm binaries, with a trailing separator (tfjs concatenates prefix + file name). */
export function wasmBinaryDir(): string {
  const entry = requireHere.resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(entry) + path.sep;
}

async function startWasm(): Promise<Pick<BackendInfo, 'wasmSimd' | 'wasmThreads'>> {
  if (!wasmPathsSet) {
    // Load the binaries from node_modules on disk; never fetch over the network.
    setWasmPaths(wasmBinaryDir());
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend('wasm');
  if (!ok || tf.getBackend() !== 'wasm') {
    throw new BackendUnavailableError('wasm', `the wasm backend failed to initialise (binaries looked up in ${wasmBinaryDir()})`);
  }
  installFastGather();
  installFastSlice();
  const [simd, threads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return { wasmSimd: Boolean(simd), wasmThreads: Boolean(threads) };
}

async function startCpu(): Promise<void> {
  quietCpuBanner();
  const ok = await tf.setBackend('cpu');
  if (!ok) throw new BackendUnavailableError('cpu', 'the tfjs cpu backend failed to initialise');
  quietCpuBanner();
}

function installHint(pkg: string): string {
  return (
    `install it with \`npm install ${pkg}\` (its install script downloads a prebuilt libtensorflow, ` +
    `so the install needs network access${pkg.endsWith('-gpu') ? '; it also needs CUDA and cuDNN on the machine' : ''}), ` +
    `or use --backend wasm`
  );
}

/**
 * Load tfjs-node or tfjs-node-gpu. Returns null with a reason when it is not installed or fails to
 * load; the caller decides whether that is an error (explicit request) or a fallback (auto).
 */
type NativeResult =
  | { ok: true; name: 'tensorflow' | 'tensorflow-gpu'; gpuDevice?: boolean; note?: string }
  | { ok: false; reason: string; installed: boolean };

type NativeKernelBackend = { isGPUPackage?: unknown; isUsingGpuDevice?: unknown };

function findTensorflowBackend(): NativeKernelBackend | null {
  try {
    return (tf.findBackend('tensorflow') as unknown as NativeKernelBackend | null) ?? null;
  } catch {
    return null;
  }
}

async function tryNative(name: 'tensorflow' | 'tensorflow-gpu'): Promise<NativeResult> {
  const pkg = BACKEND_PACKAGES[name];
  const entry = resolveEntry(pkg);
  if (entry === null) return { ok: false, installed: false, reason: `${pkg} is not installed` };
  const failed = nativeFailures.get(pkg);
  if (failed !== undefined) return { ok: false, installed: true, reason: failed };
  // Both packages register the backend name 'tensorflow'. If the other one already did, loading this
  // one would only re-register every kernel (a warning each) and leave the first in charge.
  if (tf.findBackendFactory('tensorflow') == null || loadedNative.has(pkg)) {
    // Keep libtensorflow's C++ info logs off stderr unless the user asked for them.
    if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = '2';
    try {
      // Import the very file that was resolved (the package is optional, untyped here, and this keeps
      // detection and loading on one resolution).
      await import(pathToFileURL(entry).href);
      loadedNative.add(pkg);
    } catch (e) {
      const reason = `${pkg} is installed but failed to load: ${(e as Error)?.message ?? String(e)}`;
      nativeFailures.set(pkg, reason);
      return { ok: false, installed: true, reason };
    }
  }
  // Which package owns 'tensorflow': tfjs-node's NodeJSKernelBackend carries `isGPUPackage` and
  // `isUsingGpuDevice`. Inspect it before switching, so a refused request changes nothing.
  const inst = findTensorflowBackend();
  if (inst === null) {
    return { ok: false, installed: true, reason: `${pkg} loaded but no 'tensorflow' backend could be created` };
  }
  const actual = typeof inst.isGPUPackage === 'boolean' ? (inst.isGPUPackage ? 'tensorflow-gpu' : 'tensorflow') : name;
  const gpuDevice = typeof inst.isUsingGpuDevice === 'boolean' ? inst.isUsingGpuDevice : undefined;
  const owner = `${BACKEND_PACKAGES[actual]} was loaded first and owns the 'tensorflow' backend (one process can use only one of tfjs-node and tfjs-node-gpu)`;
  // Asked for the GPU build but the CPU build owns the name: refuse rather than silently run on the CPU.
  if (name === 'tensorflow-gpu' && actual === 'tensorflow') return { ok: false, installed: true, reason: owner };
  if (tf.getBackend() !== 'tensorflow') {
    let ok = false;
    try {
      ok = await tf.setBackend('tensorflow');
    } catch {
      ok = false;
    }
    if (!ok || tf.getBackend() !== 'tensorflow') {
      return {
        ok: false,
        installed: true,
        reason:
          `${pkg} loaded but its 'tensorflow' backend did not start (is it built against the same ` +
          `@tensorflow/tfjs version, ${versionOf('@tensorflow/tfjs')}?)`,
      };
    }
  }
  // Asked for tfjs-node while tfjs-node-gpu owns the name: the GPU build also runs CPU kernels; use it, and say so.
  return { ok: true, name: actual, gpuDevice, note: actual === name ? undefined : owner };
}

function info(name: BackendName, requested: BackendChoice, extra: Partial<BackendInfo> = {}): BackendInfo {
  const pkg = BACKEND_PACKAGES[name];
  return {
    name,
    requested,
    tfjsVersion: versionOf('@tensorflow/tfjs'),
    backendPackage: pkg,
    backendVersion: versionOf(pkg),
    ...extra,
  };
}

function nativeExtra(r: { gpuDevice?: boolean; note?: string }): Partial<BackendInfo> {
  return {
    ...(r.gpuDevice !== undefined ? { gpuDevice: r.gpuDevice } : {}),
    ...(r.note !== undefined ? { fallbackReason: r.note } : {}),
  };
}

async function doInit(choice: BackendChoice): Promise<BackendInfo> {
  quietCpuBanner();
  switch (choice) {
    case 'wasm':
      return info('wasm', choice, await startWasm());
    case 'cpu':
      await startCpu();
      return info('cpu', choice);
    case 'node':
    case 'node-gpu': {
      const name = choice === 'node' ? 'tensorflow' : 'tensorflow-gpu';
      const r = await tryNative(name);
      if (!r.ok) {
        const pkg = BACKEND_PACKAGES[name];
        throw new BackendUnavailableError(
          choice,
          r.installed ? `${r.reason}; fix that installation, or use --backend wasm` : `${r.reason}; ${installHint(pkg)}`,
        );
      }
      return info(r.name, choice, nativeExtra(r));
    }
    case 'auto': {
      const skipped: string[] = [];
      for (const name of ['tensorflow-gpu', 'tensorflow'] as const) {
        const r = await tryNative(name);
        if (r.ok) {
          if (r.note) skipped.push(r.note);
          return info(r.name, choice, { ...nativeExtra({ ...r, note: undefined }), ...(skipped.length ? { fallbackReason: skipped.join('; ') } : {}) });
        }
        skipped.push(r.reason);
      }
      try {
        const wasm = await startWasm();
        return info('wasm', choice, { ...wasm, fallbackReason: skipped.join('; ') });
      } catch (e) {
        skipped.push((e as Error).message);
        await startCpu();
        return info('cpu', choice, { fallbackReason: skipped.join('; ') });
      }
    }
  }
}

/**
 * Select and initialise the tfjs backend. `request` is a value of `--backend` (validated like it);
 * when omitted, `LATENTCHECK_BACKEND` or `auto` applies (see `resolveBackendRequest`).
 *
 * Idempotent: a second call with the same choice returns the same `BackendInfo` without work, and
 * concurrent calls share one initialisation. A different choice switches the backend.
 * Throws `BackendUnavailableError` (field `backend`) when an explicitly requested backend is
 * missing, with the npm command that installs it.
 */
export async function initBackend(request?: string | BackendRequest): Promise<BackendInfo> {
  const choice =
    request === undefined
      ? resolveBackendRequest().choice
      : typeof request === 'string'
        ? resolveBackendRequest(request).choice
        : parseChoice(request.choice, 'backend');

  // Already there: no work.
  if (pending === null && active !== null && activeChoice === choice && activeBackendInfo() !== null) return active;
  // Same choice as the initialisation in flight: share it. Otherwise queue behind it (one at a time).
  if (pending !== null && pending.choice === choice) return pending.promise;
  const promise = queue.then(async () => {
    if (active !== null && activeChoice === choice && activeBackendInfo() !== null) return active;
    const result = await doInit(choice);
    active = result;
    activeChoice = choice;
    return result;
  });
  pending = { choice, promise };
  queue = promise.catch(() => undefined);
  try {
    return await promise;
  } finally {
    if (pending?.promise === promise) pending = null;
  }
}
