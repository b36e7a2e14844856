/** The registry of theorems: the built-in suite plus any loaded from user modules. */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import { builtinTheorems } from '../../theorems/index.ts';
import { defineTheorem } from './define.ts';
import type { PropertySpec, TheoremSpec } from './types.ts';

/** The built-in theorem suite, in run order. */
export function listTheorems(extra: TheoremSpec[] = []): TheoremSpec[] {
  const all = [...builtinTheorems, ...extra];
  const seen = new Set<string>();
  for (const t of all) {
    if (seen.has(t.id)) throw new InputError('theorem.id', t.id, 'an id not already registered');
    seen.add(t.id);
  }
  return all;
}

/** Look a theorem up by id; an unknown id is an error that lists the known ones. */
export function getTheorem(id: unknown, extra: TheoremSpec[] = []): TheoremSpec {
  const all = listTheorems(extra);
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

/**
 * Load theorem specs from a user module (TypeScript or JavaScript). The module exports a spec
 * or an array of specs as `default` or `theorems`; each is validated with `defineTheorem`.
 */
export async function loadTheoremModule(path: string): Promise<TheoremSpec[]> {
  const url = pathToFileURL(resolve(path)).href;
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
