/**
 * `latentcheck compare BASE NEW`: test each property's change between two results.json files and print a table.
 * Exit codes: 0 no significant regression, 1 a significant regression, 2 bad input (via main's error handler).
 * With `--identical`: reproducibility mode (`diffRuns`), exit 1 when any value outside timing and provenance differs.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../core/errors.ts';
import { compareRuns } from '../compare/compare.ts';
import { formatComparison } from '../compare/format.ts';
import { loadComparable, readResultsJson } from '../compare/load.ts';
import { diffRuns, formatRunDiff } from '../compare/identical.ts';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** The git commits of both sides, for the identity report's header. */
function commits(base: unknown, next: unknown): string {
  const commit = (r: unknown) => ((r as { provenance?: { gitCommit?: unknown } })?.provenance?.gitCommit ?? 'unknown') as string;
  return `base commit ${commit(base)}, new commit ${commit(next)}`;
}

function parseNumber(flag: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InputError(flag, v, 'a number');
  return n;
}

/** Write `value` as JSON to the `--json` path, naming the flag on failure. */
function writeJson(path: string, value: unknown, io: CliIo): void {
  try {
    writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
  } catch (e) {
    throw new InputError('--json', path, `a writable file path (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  io.out(`comparison: ${path}`);
}

/** Add the `compare` subcommand; `setCode` receives its exit code. */
export function registerCompare(program: Command, io: CliIo, setCode: (code: number) => void): void {
  program
    .command('compare')
    .description('test each property of NEW against BASE (Fisher exact on successes, Mann–Whitney on the statistic, Holm-adjusted); exit 1 on a significant regression')
    .argument('<base>', 'results.json of the baseline run (or a saved checkLearner run)')
    .argument('<new>', 'results.json of the run to check')
    .option('--alpha <level>', 'family-wise error level of the Holm adjustment', '0.05')
    .option('--min-effect <fraction>', 'smallest shift of the statistic that counts, as a fraction of |threshold| (0: any shift)', '0.01')
    .option('--markdown', 'print the table as Markdown')
    .option('--json <path>', 'also write the comparison as JSON to this file')
    .option('--identical', 'reproducibility mode: list every value that differs outside timing and provenance fields (exit 1 if any)')
    .action((basePath: string, newPath: string, o: { alpha: string; minEffect: string; markdown?: boolean; json?: string; identical?: boolean }) => {
      if (o.identical) {
        const base = readResultsJson(basePath, 'base');
        const next = readResultsJson(newPath, 'new');
        const diff = diffRuns(base, next);
        io.out(`${commits(base, next)}\n${formatRunDiff(diff)}`);
        if (o.json) writeJson(o.json, diff, io);
        setCode(diff.identical ? 0 : 1);
        return;
      }
      const alpha = parseNumber('--alpha', o.alpha);
      if (!(alpha > 0 && alpha < 1)) throw new InputError('--alpha', o.alpha, 'a level in (0, 1)');
      const minEffect = parseNumber('--min-effect', o.minEffect);
      if (!(minEffect >= 0)) throw new InputError('--min-effect', o.minEffect, 'a non-negative fraction');
      const base = loadComparable(basePath, 'base');
      const next = loadComparable(newPath, 'new');
      const comparison = compareRuns(base, next, { alpha, minEffect });
      for (const w of comparison.warnings) io.err(`latentcheck: warning: ${w}`);
      io.out(formatComparison(comparison, { markdown: o.markdown === true }));
      if (o.json) writeJson(o.json, comparison, io);
      setCode(comparison.regression ? 1 : 0);
    });
}
