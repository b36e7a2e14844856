/** Write a run's report folder: `results.json` and `summary.md`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SuiteResult } from '../runner/types.ts';
import { markdownSummary } from './markdown.ts';

/** JSON with a stable key order (insertion order of the result builders) and non-finite numbers as null. */
export function resultsJson(r: SuiteResult): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}

/** Write the report files into `outDir` (created if needed); returns the paths written. */
export function writeReport(r: SuiteResult, outDir: string): { results: string; summary: string } {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const results = join(dir, 'results.json');
  const summary = join(dir, 'summary.md');
  writeFileSync(results, resultsJson(r));
  writeFileSync(summary, markdownSummary(r) + '\n');
  return { results, summary };
}
