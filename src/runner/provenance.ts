/** Provenance of a run: versions, backend, machine, git commit. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { latentcheckVersion, packageVersion, PACKAGE_ROOT } from '../core/versions.ts';
import type { Provenance } from './types.ts';

const TRACKED = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'fast-check', 'ml-matrix', 'munkres', 'mathjs', 'jstat'];

/**
 * Commit of the latentcheck checkout, or null when latentcheck is not its own git checkout (an installed
 * package inside a user's repository must not report the user's commit as latentcheck's).
 */
export function gitCommit(): string | null {
  if (!existsSync(join(PACKAGE_ROOT, '.git'))) return null;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

export function collectProvenance(backend: Record<string, unknown>): Provenance {
  const versions: Record<string, string | null> = {};
  for (const name of TRACKED) versions[name] = packageVersion(name);
  const cpus = os.cpus();
  return {
    latentcheck: latentcheckVersion(),
    node: process.version,
    versions,
    backend,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    gitCommit: gitCommit(),
  };
}
