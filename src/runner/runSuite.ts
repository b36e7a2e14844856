/**
 * Run a list of theorems: every property of every theorem, in order, from one run seed.
 * The CLI's `run` and the vitest suite are thin shells over this.
 */
import { normaliseSeed } from '../rng/rng.ts';
import type { ProfileName } from '../theorem/profile.ts';
import type { TheoremSpec } from '../theorem/types.ts';
import { initBackend } from '../tfjs/backend.ts';
import { collectProvenance } from './provenance.ts';
import { runProperty } from './runProperty.ts';
import type { PropertyResult, SuiteResult, TheoremResult } from './types.ts';

/** Progress event: a property started or finished. */
export interface SuiteProgress {
  phase: 'start' | 'done';
  theoremId: string;
  propertyId: string;
  /** Properties finished so far, and in total. */
  done: number;
  total: number;
  result?: PropertyResult;
}

export interface SuiteOptions {
  seed: number;
  profile: ProfileName;
  /** Backend request (auto, wasm, cpu, node, node-gpu); defaults to flag/env resolution. */
  backend?: string;
  onProgress?: (p: SuiteProgress) => void;
}

/** Default run seed of the suite (the same report every time unless a seed is given). */
export const DEFAULT_SEED = 20221;

export function citationString(t: TheoremSpec): string {
  const c = t.citation;
  return `${c.authors} (${c.year}). ${c.title}${c.venue ? `. ${c.venue}` : ''}${c.where ? `, ${c.where}` : ''}.`;
}

export async function runSuite(theorems: TheoremSpec[], opts: SuiteOptions): Promise<SuiteResult> {
  const seed = normaliseSeed(opts.seed);
  const startedAt = new Date();
  const t0 = performance.now();
  const backend = await initBackend(opts.backend);
  const total = theorems.reduce((s, t) => s + t.properties.length, 0);
  let done = 0;
  const results: TheoremResult[] = [];
  for (const theorem of theorems) {
    const props: PropertyResult[] = [];
    for (const prop of theorem.properties) {
      opts.onProgress?.({ phase: 'start', theoremId: theorem.id, propertyId: prop.id, done, total });
      // Let the event loop draw progress between properties.
      await new Promise((r) => setImmediate(r));
      const r = runProperty(theorem, prop, { seed, profile: opts.profile });
      props.push(r);
      done++;
      opts.onProgress?.({ phase: 'done', theoremId: theorem.id, propertyId: prop.id, done, total, result: r });
    }
    results.push({
      id: theorem.id,
      title: theorem.title,
      citation: citationString(theorem),
      claim: theorem.claim,
      predictedClass: theorem.predictedClass.name,
      verdict: props.every((p) => p.verdict === 'pass') ? 'pass' : 'fail',
      properties: props,
    });
  }
  const all = results.flatMap((t) => t.properties);
  const passed = all.filter((p) => p.verdict === 'pass').length;
  return {
    schema: 'latentcheck/results@1',
    seed,
    profile: opts.profile,
    provenance: collectProvenance({ ...backend }),
    summary: { theorems: results.length, properties: all.length, passed, failed: all.length - passed },
    theorems: results,
    timing: { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), wallMs: Math.round(performance.now() - t0) },
  };
}
