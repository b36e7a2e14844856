/**
 * Registering and finding theorems, for any list of them. This layer knows no particular theorem: the built-in suite
 * is handed in by the entry points (`src/suite.ts` binds it for the CLI, the testing helpers and the public API; pool
 * and queue workers load it as a theorem module, like a user's).
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import { defineTheorem } from './define.ts';
import type { PropertySpec, TheoremSpec } from './types.ts';

/** The theorems of several lists (the suite, then user modules), in order; a repeated id is an error. */
export function combineTheorems(...lists: TheoremSpec[][]): TheoremSpec[] {
  const all = lists.flat();
  const seen = new Set<string>();
  for (const t of all) {
    if (seen.has(t.id)) throw new InputError('theorem.id', t.id, 'an id not already registered');
    seen.add(t.id);
  }
  return all;
}

/** Look a theorem up by id in `all`; an unknown id is an error that lists the known ones. */
export function findTheorem(all: TheoremSpec[], id: unknown): TheoremSpec {
  const t = all.find((x) => x.id === id);
  if (!t) throw new InputError('theorem', id, `a registered theorem id (one of: ${all.map((x) => x.id).join(', ')})`);
  return t;
}

/** Look a property up by id within a theorem. */
export function getProperty(theorem: TheoremSpec, id: unknown): PropertySpec {
  const p = theorem.properties.find((x) => x.id === id);
  if (!p) throw new InputError('property', id, `a property of ${theorem.id} (one of: ${theorem.properties.map((x) => x.id).join(', ')})`);
  return p;
}

const TYPESCRIPT_MODULE = /\.(ts|mts|cts)$/;
let typescriptLoaderRegistered = false;

/**
 * Import a user module. A TypeScript module that Node cannot load by itself (the installed package runs
 * compiled JavaScript, and Node 20 has no type stripping) gets tsx's ESM loader, registered once, on first
 * need, for the rest of the process (tsx is a dependency for this loader only). A source checkout already
 * runs under tsx, so the first plain import succeeds there.
 */
async function importModule(url: string): Promise<Record<string, unknown>> {
  try {
    return await import(url);
  } catch (e) {
    // The module itself, or a module it imports, is TypeScript that Node cannot load without a loader.
    const unknownExtension = (e as { code?: unknown }).code === 'ERR_UNKNOWN_FILE_EXTENSION';
    if (!unknownExtension || !(TYPESCRIPT_MODULE.test(url) || /\.[mc]?ts\b/.test(String((e as Error).message)))) throw e;
  }
  if (!typescriptLoaderRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    typescriptLoaderRegistered = true;
  }
  // Node keeps the failed load of this URL in its module map: load it afresh under a query (same file).
  return await import(`${url}?typescript`);
}

/** Load the theorems of several modules (paths or file URLs), in order. */
export async function loadTheoremModules(paths: readonly string[]): Promise<TheoremSpec[]> {
  const out: TheoremSpec[] = [];
  for (const m of paths) out.push(...(await loadTheoremModule(m)));
  return out;
}

/**
 * Load theorem specs from a module (TypeScript or JavaScript; a path or a file URL). The module exports a spec
 * or an array of specs as `default` or `theorems`; each is validated with `defineTheorem`.
 */
export async function loadTheoremModule(path: string): Promise<TheoremSpec[]> {
  const url = path.startsWith('file:') ? path : pathToFileURL(resolve(path)).href;
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(url);
  } catch (e) {
    throw new InputError('module', path, `an importable theorem module (${e instanceof Error ? e.message : String(e)})`);
  }
  const exported = mod.theorems ?? mod.default;
  const list = Array.isArray(exported) ? exported : exported ? [exported] : [];
  if (list.length === 0) throw new InputError('module', path, "a module exporting a theorem spec (or an array of them) as 'default' or 'theorems'");
  return list.map((t) => defineTheorem(t as TheoremSpec));
}
