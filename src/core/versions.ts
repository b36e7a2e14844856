/** Versions of latentcheck and its dependencies, read from their package.json files on disk. */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Root folder of the latentcheck package: the nearest folder above this module whose package.json is
 * latentcheck's. Sources sit at `src/core/` in a checkout and at `dist/src/core/` in the installed package,
 * so the depth differs; walking up finds the root in both.
 */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; ) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (json.name === 'latentcheck') return dir;
    } catch {
      /* no package.json here: keep walking */
    }
    const parent = dirname(dir);
    if (parent === dir) return resolve(start, '..', '..');
    dir = parent;
  }
}

/** Resolve a package's entry file from here, or from `@tensorflow/tfjs`'s own location (for its dependencies). */
export function resolveEntry(pkg: string): string | null {
  try {
    return require.resolve(pkg);
  } catch {
    /* not resolvable from here */
  }
  try {
    return createRequire(require.resolve('@tensorflow/tfjs')).resolve(pkg);
  } catch {
    return null;
  }
}

/**
 * Version of an installed package, read from its package.json on disk. Found by walking up from the
 * resolved entry file (a package may not export `./package.json`). `null` when not installed.
 */
export function packageVersion(pkg: string): string | null {
  const entry = resolveEntry(pkg);
  if (entry === null) return null;
  let dir = dirname(entry);
  for (;;) {
    const candidate = join(dir, 'package.json');
    try {
      const json = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (json.name === pkg && typeof json.version === 'string') return json.version;
    } catch {
      /* no package.json here, or unreadable: keep walking */
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Whether a package can be resolved (installed), without loading it. */
export function isPackageInstalled(pkg: string): boolean {
  return resolveEntry(pkg) !== null;
}

/** latentcheck's own version. */
export function latentcheckVersion(): string {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
}
