/**
 * Command-line arguments of `npm run bench -- …`: bare words select benchmarks (by substring of their
 * name); `--name value` or `--name=value` are options that a benchmark reads with `benchOption`.
 */
import { InputError } from '../src/core/errors.ts';

/** Parsed arguments: benchmark name filters and `--name value` options. */
export interface BenchArgs {
  filters: string[];
  options: Record<string, string>;
}

/** Split `argv` (default: this process's arguments after the script) into filters and options. */
export function parseBenchArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  const filters: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      filters.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 2) options[a.slice(2, eq)] = a.slice(eq + 1);
    else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new InputError(a, value, `a value after ${a} (e.g. ${a} 10000)`);
      options[a.slice(2)] = value;
      i++;
    }
  }
  return { filters, options };
}

/**
 * A non-negative integer option `--name N` of this run, or `fallback` when absent.
 * Throws `InputError('--name', value, …)` for anything else.
 */
export function benchIntOption(name: string, fallback: number): number {
  const raw = parseBenchArgs().options[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 0) throw new InputError(`--${name}`, raw, 'a non-negative integer');
  return v;
}
