/**
 * The counterexample store: every failing world of a run (exact properties: the shrunk world; trained:
 * the confirmed, shrunk world or the trial that failed as optimiser noise), with what replays it.
 * `latentcheck replay --from counterexamples.json [--id K]` reproduces any of them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import type { Counterexample, SuiteResult } from './types.ts';

export const COUNTEREXAMPLE_SCHEMA = 'latentcheck/counterexamples@1';

export interface StoredCounterexample extends Counterexample {
  id: number;
  theoremId: string;
  propertyId: string;
  kind: 'exact' | 'trained';
  profile: string;
  runSeed: number;
}

export interface CounterexampleStore {
  schema: typeof COUNTEREXAMPLE_SCHEMA;
  /** User theorem modules the run loaded (replay must load them too). */
  modules: string[];
  backend: string | null;
  counterexamples: StoredCounterexample[];
}

export function counterexampleStore(r: SuiteResult, modules: string[] = []): CounterexampleStore {
  const list: StoredCounterexample[] = [];
  for (const t of r.theorems)
    for (const p of t.properties)
      if (p.counterexample)
        list.push({ id: list.length, theoremId: t.id, propertyId: p.propertyId, kind: p.kind, profile: r.profile, runSeed: r.seed, ...p.counterexample });
  const b = r.provenance.backend as { name?: string };
  return { schema: COUNTEREXAMPLE_SCHEMA, modules, backend: b.name ?? null, counterexamples: list };
}

export function writeCounterexampleStore(path: string, store: CounterexampleStore): void {
  writeFileSync(path, JSON.stringify(store, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
}

export function readCounterexampleStore(path: string): CounterexampleStore {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError('from', path, `a readable counterexample store (${e instanceof Error ? e.message : String(e)})`);
  }
  const s = raw as CounterexampleStore;
  if (s?.schema !== COUNTEREXAMPLE_SCHEMA) throw new InputError(`${path}: schema`, s?.schema, COUNTEREXAMPLE_SCHEMA);
  if (!Array.isArray(s.counterexamples)) throw new InputError(`${path}: counterexamples`, s.counterexamples, 'an array');
  return s;
}
