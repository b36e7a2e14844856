/** Versions of latentcheck and its dependencies, read from their package.json files on disk. */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Root folder of the latentcheck package. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Version of an installed package, or `null` when it is not installed. Walks up from the resolved
 * entry point (some packages do not export `./package.json`).
 */
export function packageVersion(name: string): string | null {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    const direct = join(PACKAGE_ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(direct)) return null;
    return JSON.parse(readFileSync(direct, 'utf8')).version ?? null;
  }
  let dir = dirname(entry);
  for (let i = 0; i < 8; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, 'utf8'));
      if (pkg.name === name) return pkg.version ?? null;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/** latentcheck's own version. */
export function latentcheckVersion(): string {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
}
