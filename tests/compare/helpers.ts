/** Synthetic results.json files for the comparison tests (no training: the counts and values are made up). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideRule } from '../../src/stats/rule.ts';
import type { PropertyResult, SuiteResult } from '../../src/runner/types.ts';
import type { Direction } from '../../src/theorem/types.ts';

export interface TrainedSpec {
  theoremId?: string;
  propertyId: string;
  successes: number;
  trials: number;
  values?: (number | null)[];
  direction?: Direction;
  threshold?: number;
  minSuccesses?: number;
}

export interface ExactSpec {
  theoremId?: string;
  propertyId: string;
  verdict: 'pass' | 'fail';
  trials: number;
  numRuns?: number;
  values?: number[];
  direction?: Direction;
  threshold?: number;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function summary(name: string, values: (number | null)[] | undefined) {
  const f = (values ?? []).filter((v): v is number => v !== null);
  return { name, min: f.length ? Math.min(...f) : null, median: median(f), max: f.length ? Math.max(...f) : null, count: f.length };
}

export function trained(s: TrainedSpec): PropertyResult {
  const rule = { trials: s.trials, minSuccesses: s.minSuccesses ?? Math.ceil(0.75 * s.trials), claimedRate: 0.9 };
  const verdict = decideRule(rule, s.successes, s.trials);
  return {
    theoremId: s.theoremId ?? 'synthetic.trained',
    propertyId: s.propertyId,
    kind: 'trained',
    role: 'positive',
    statement: `synthetic trained property ${s.propertyId}`,
    threshold: s.threshold ?? 0.1,
    direction: s.direction ?? 'at-most',
    verdict: verdict.pass ? 'pass' : 'fail',
    seed: 1,
    numRuns: s.trials,
    trials: s.trials,
    shrinks: 0,
    statistic: summary('class distance', s.values),
    ...(s.values ? { values: s.values } : {}),
    rule: { ...verdict, statement: 'synthetic rule' },
    failedTrials: [],
    timing: { wallMs: 1 },
  };
}

export function exact(s: ExactSpec): PropertyResult {
  const numRuns = s.numRuns ?? s.trials;
  return {
    theoremId: s.theoremId ?? 'synthetic.exact',
    propertyId: s.propertyId,
    kind: 'exact',
    role: 'positive',
    statement: `synthetic exact property ${s.propertyId}`,
    threshold: s.threshold ?? 1e-9,
    direction: s.direction ?? 'at-most',
    verdict: s.verdict,
    seed: 1,
    numRuns,
    trials: s.trials,
    shrinks: 0,
    statistic: summary('residual', s.values),
    ...(s.values ? { values: s.values } : {}),
    ...(s.verdict === 'fail'
      ? {
          counterexample: {
            seed: 1,
            path: '3',
            world: null,
            outcome: { pass: false, statistic: 1 },
            replay: `latentcheck replay synthetic.exact ${s.propertyId} --seed 1 --path 3 --profile quick`,
          },
        }
      : {}),
    timing: { wallMs: 1 },
  };
}

/** A results.json object holding these properties (grouped into theorems by theoremId). */
export function suite(properties: PropertyResult[], opts: { seed?: number; profile?: 'quick' | 'full' } = {}): SuiteResult {
  const ids = [...new Set(properties.map((p) => p.theoremId))];
  const theorems = ids.map((id) => {
    const props = properties.filter((p) => p.theoremId === id);
    return {
      id,
      title: id,
      citation: 'synthetic',
      claim: 'synthetic',
      predictedClass: 'affine',
      verdict: props.every((p) => p.verdict === 'pass') ? ('pass' as const) : ('fail' as const),
      properties: props,
    };
  });
  const passed = properties.filter((p) => p.verdict === 'pass').length;
  return {
    schema: 'latentcheck/results@1',
    seed: opts.seed ?? 20221,
    profile: opts.profile ?? 'quick',
    provenance: {
      latentcheck: '0.1.0',
      node: process.version,
      versions: {},
      backend: { name: 'cpu' },
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      cpuModel: 'synthetic',
      gitCommit: '0123456789abcdef',
    },
    summary: { theorems: theorems.length, properties: properties.length, passed, failed: properties.length - passed },
    theorems,
    timing: { startedAt: '2024-01-01T00:00:00.000Z', finishedAt: '2024-01-01T00:00:01.000Z', wallMs: 1000 },
  };
}

const tempDirs: string[] = [];
// The temporary folders go after the importing test file's tests (a test may still read a file it wrote).
afterAll(() => tempDirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Write JSON (or raw text) to a fresh temporary file (removed after the file's tests); returns its path. */
export function writeTemp(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'latentcheck-compare-'));
  tempDirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** Deterministic pseudo-random values in [lo, hi) (a small LCG: the tests only need spread, not quality). */
export function spread(n: number, lo: number, hi: number, seed = 1): number[] {
  let x = seed >>> 0;
  return Array.from({ length: n }, () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * x) / 2 ** 32;
  });
}

/** The base suite of the CLI tests: two trained properties and one exact property. */
export function baseSuite(): SuiteResult {
  return suite([
    trained({ propertyId: 'recovered', successes: 12, trials: 12, values: spread(12, 0.01, 0.05, 1) }),
    trained({ propertyId: 'control', successes: 11, trials: 12, values: spread(12, 0.2, 0.6, 2), direction: 'at-least', threshold: 0.1 }),
    exact({ propertyId: 'commutes', verdict: 'pass', trials: 50, values: spread(50, 0, 1e-14, 3) }),
  ]);
}
