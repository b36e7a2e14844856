/**
 * Reproducibility mode: are two runs' results the same numbers? Two runs with the same seed, profile and backend
 * must write `results.json` files that differ only in fields named `timing` (wall times, timestamps, worker counts)
 * and in the run's provenance (git commit, host). `diffRuns` walks both documents and lists every other
 * difference with its JSON path, so a refactor, a move of files or a speed change can be shown to leave every
 * verdict, statistic, trial value and calibration count bit for bit unchanged.
 *
 * Numbers are compared with `Object.is` (so 0 and −0 differ, NaN equals NaN): JSON round-trips doubles exactly,
 * and this mode is about identity, not closeness (`compareRuns` is the statistical comparison).
 */

/** One difference between BASE and NEW: the JSON path and the two values (undefined where a side lacks the key). */
export interface RunDifference {
  path: string;
  base: unknown;
  next: unknown;
}

/** Options of `diffRuns`. */
export interface DiffOptions {
  /** Object keys skipped wherever they occur (default `['timing']`: what may differ between identical runs). */
  ignoreKeys?: readonly string[];
  /** Top-level keys skipped (default `['provenance']`: commit, host and versions of the run). */
  ignoreTopLevel?: readonly string[];
  /** Stop after this many differences (default 1000); `truncated` says whether more were left. */
  limit?: number;
}

/** What `diffRuns` found. */
export interface RunDiff {
  identical: boolean;
  differences: RunDifference[];
  /** Whether the walk stopped at `limit` differences. */
  truncated: boolean;
  /** Number of leaf values compared (numbers, strings, booleans, nulls). */
  comparedValues: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The path of `key` below `path`, as `a.b[3].c` (keys that are not identifiers are quoted). */
function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  return path === '' ? k : /^[A-Za-z_$]/.test(k) ? `${path}.${k}` : `${path}[${k}]`;
}

/**
 * Every difference between two parsed results documents outside the ignored keys (module doc). Arrays are compared
 * element by element (a length change is one difference at the array's path plus the elements present on one side).
 */
export function diffRuns(base: unknown, next: unknown, options: DiffOptions = {}): RunDiff {
  const ignoreKeys = new Set(options.ignoreKeys ?? ['timing']);
  const ignoreTop = new Set(options.ignoreTopLevel ?? ['provenance']);
  const limit = options.limit ?? 1000;
  const differences: RunDifference[] = [];
  let compared = 0;
  let truncated = false;
  const add = (path: string, a: unknown, b: unknown): boolean => {
    if (differences.length >= limit) {
      truncated = true;
      return false;
    }
    differences.push({ path: path === '' ? '(root)' : path, base: a, next: b });
    return true;
  };
  const walk = (a: unknown, b: unknown, path: string, depth: number): boolean => {
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length && !add(`${path}.length`, a.length, b.length)) return false;
      for (let i = 0; i < Math.max(a.length, b.length); i++) if (!walk(a[i], b[i], child(path, i), depth + 1)) return false;
      return true;
    }
    if (isRecord(a) && isRecord(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) {
        if (ignoreKeys.has(k) || (depth === 0 && ignoreTop.has(k))) continue;
        if (!walk(a[k], b[k], child(path, k), depth + 1)) return false;
      }
      return true;
    }
    compared++;
    if (Object.is(a, b)) return true;
    return add(path, a, b);
  };
  walk(base, next, '', 0);
  return { identical: differences.length === 0 && !truncated, differences, truncated, comparedValues: compared };
}

/** A value for a one-line report: short JSON, long values cut. */
function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The text report of `diffRuns`: a summary line, then one line per difference (at most `max`). */
export function formatRunDiff(diff: RunDiff, max = 50): string {
  if (diff.identical) return `identical: ${diff.comparedValues} values compared, no difference outside timing and provenance`;
  const lines = [
    `different: ${diff.differences.length}${diff.truncated ? '+' : ''} difference(s) outside timing and provenance (${diff.comparedValues} values compared)`,
  ];
  for (const d of diff.differences.slice(0, max)) lines.push(`  ${d.path}: ${show(d.base)} → ${show(d.next)}`);
  if (diff.differences.length > max) lines.push(`  ... ${diff.differences.length - max} more`);
  return lines.join('\n');
}
