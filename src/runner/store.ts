/**
 * The run store: an append-only JSON-lines file in the output folder. Line 1 states the run (seed,
 * profile, properties, test settings); every finished trial, exact property and shrink result is
 * appended as soon as it exists, so a run killed at any point loses nothing finished. `--resume`
 * reads it back (ignoring a torn last line) and the runner skips what is there.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { TrialRecord } from './trials.ts';
import type { Counterexample, PropertyResult } from './types.ts';

export const RUN_STORE_SCHEMA = 'latentcheck/runstore@1';

/** What a run is; a resumed run must state the same. */
export interface RunHeader {
  schema: typeof RUN_STORE_SCHEMA;
  seed: number;
  profile: string;
  alpha: number;
  correction: string;
  sequential: boolean;
  /** Theorem ids with their property ids, in run order. */
  properties: string[];
  /** User theorem modules, as given. */
  modules: string[];
  /** Trials per trained property when overridden (audits). */
  numRuns?: number;
}

export type StoreEntry =
  | { type: 'trial'; theoremId: string; propertyId: string; record: TrialRecord }
  | { type: 'exact'; theoremId: string; propertyId: string; result: PropertyResult }
  | { type: 'shrink'; theoremId: string; propertyId: string; counterexample: Counterexample };

const key = (theoremId: string, propertyId: string) => `${theoremId}\u0000${propertyId}`;

/** Everything a store holds, indexed for the runner. */
export class RunStore {
  readonly trials = new Map<string, Map<number, TrialRecord>>();
  readonly exact = new Map<string, PropertyResult>();
  readonly shrinks = new Map<string, Counterexample>();
  /** Entries read back from disk when resuming. */
  resumed = 0;

  private constructor(readonly path: string | null) {}

  /** A store that keeps entries in memory only (no output folder). */
  static memory(): RunStore {
    return new RunStore(null);
  }

  /**
   * Open the store at `path`: a fresh run truncates it and writes the header; `resume` reads it back
   * and checks that it describes the same run (field named otherwise).
   */
  static open(path: string, header: RunHeader, resume: boolean): RunStore {
    const store = new RunStore(path);
    mkdirSync(dirname(path), { recursive: true });
    if (!resume || !existsSync(path)) {
      if (resume) throw new InputError('resume', path, 'an existing run store (none found: run without --resume first)');
      writeFileSync(path, JSON.stringify({ type: 'header', ...header }) + '\n');
      return store;
    }
    const lines = readFileSync(path, 'utf8').split('\n');
    let first: unknown;
    try {
      first = JSON.parse(lines[0]);
    } catch {
      throw new InputError('resume', path, 'a run store whose first line is its header');
    }
    const h = first as RunHeader & { type?: string };
    if (h.schema !== RUN_STORE_SCHEMA) throw new InputError('resume.schema', h.schema, RUN_STORE_SCHEMA);
    for (const f of ['seed', 'profile', 'alpha', 'correction', 'sequential', 'properties', 'modules', 'numRuns'] as const)
      if (JSON.stringify(h[f]) !== JSON.stringify(header[f]))
        throw new InputError(`resume.${f}`, h[f], `${JSON.stringify(header[f])}, as in this run (resume only the same run)`);
    for (let i = 1; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      let e: StoreEntry;
      try {
        e = JSON.parse(lines[i]);
      } catch {
        if (i === lines.length - 1 || lines.slice(i + 1).every((l) => l.trim() === '')) break; // torn last line of a killed run
        throw new InputError(`resume line ${i + 1}`, lines[i].slice(0, 80), 'a JSON store entry');
      }
      store.remember(e);
      store.resumed++;
    }
    // A torn last line would otherwise glue onto the next append.
    const raw = readFileSync(path, 'utf8');
    if (!raw.endsWith('\n')) writeFileSync(path, raw.slice(0, raw.lastIndexOf('\n') + 1));
    return store;
  }

  private remember(e: StoreEntry): void {
    const k = key(e.theoremId, e.propertyId);
    if (e.type === 'trial') {
      if (!this.trials.has(k)) this.trials.set(k, new Map());
      this.trials.get(k)!.set(e.record.index, e.record);
    } else if (e.type === 'exact') this.exact.set(k, e.result);
    else this.shrinks.set(k, e.counterexample);
  }

  /** Record an entry in memory and append it to the file. */
  append(e: StoreEntry): void {
    this.remember(e);
    if (this.path) appendFileSync(this.path, JSON.stringify(e) + '\n');
  }

  trialsOf(theoremId: string, propertyId: string): Map<number, TrialRecord> {
    const k = key(theoremId, propertyId);
    if (!this.trials.has(k)) this.trials.set(k, new Map());
    return this.trials.get(k)!;
  }

  exactOf(theoremId: string, propertyId: string): PropertyResult | undefined {
    return this.exact.get(key(theoremId, propertyId));
  }

  shrinkOf(theoremId: string, propertyId: string): Counterexample | undefined {
    return this.shrinks.get(key(theoremId, propertyId));
  }
}
