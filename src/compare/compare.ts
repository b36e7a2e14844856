/**
 * Regression mode: test each property's change between a BASE and a NEW run.
 *
 * Properties are matched by (theoremId, propertyId). For each matched pair:
 * - trained: Fisher's exact test on the 2×2 table [[base successes, base failures], [new successes, new failures]],
 *   one-sided for "NEW has a lower success rate" (SciPy alternative `greater`: the base odds of success are higher);
 * - exact: a verdict flip pass → fail is a regression, fail → pass an improvement (deterministic: an exact property
 *   must hold on every world, and the failing world is a counterexample that replays; no test is needed, p = 0);
 * - both, when each side has ≥ 3 per-trial values: a one-sided Mann–Whitney test that NEW's values are worse, on the
 *   "badness" of each value — v for `at-most`, −v for `at-least`, |v − threshold| for `equal`.
 * The p-values of the statistical tests (Fisher, Mann–Whitney) form one family, adjusted with Holm at α, so the chance
 * of flagging any regression when nothing changed is at most α. Improvements are the mirror-image one-sided tests,
 * adjusted as a second family; they are reported but never change the exit code.
 *
 * Practical significance: a significant rank test counts only when the shift of the badness (Hodges–Lehmann
 * estimate or difference of means, whichever is larger) is at least `minEffect` × |threshold| (× 1 when the
 * threshold is 0), so round-off changes far inside the threshold (1e-16 → 1e-15 against 1e-9) are not regressions.
 */
import { InputError } from '../core/errors.ts';
import type { Direction } from '../theorem/types.ts';
import type { PropertyResult } from '../runner/types.ts';
import { fisherExact } from '../stats/fisher.ts';
import { holmAdjust } from '../stats/multiple.ts';
import { mannWhitneyU } from '../stats/rankTest.ts';
import { fmt } from '../report/format.ts';
import type { ComparableRun } from './load.ts';

export const COMPARISON_SCHEMA = 'latentcheck/comparison@1';

/** Fewest per-trial values on each side for the rank test. */
export const MIN_RANK_VALUES = 3;

/** Options of `compareRuns` (module doc): the Holm level α and the practical-significance floor of rank-test shifts. */
export interface CompareOptions {
  /** Family-wise error level of the Holm adjustment (default 0.05). */
  alpha?: number;
  /** Smallest shift of a rank-test regression that counts, as a fraction of |threshold| (default 0.01). */
  minEffect?: number;
}

/**
 * How a property changed from BASE to NEW: 'regressed' / 'improved' (some test is significant and material
 * toward worse / better; a regression wins), 'unchanged', or 'added' / 'removed' (in only one of the runs).
 */
export type ChangeStatus = 'regressed' | 'improved' | 'unchanged' | 'added' | 'removed';

/** One test of one property's change. */
export interface ChangeTest {
  test: 'verdict' | 'fisher' | 'mann-whitney';
  /** What was compared, e.g. 'successes 12/12 → 3/12'. */
  description: string;
  /** The compared quantity on each side, for tables, e.g. '12/12 pass' or 'median 0.031 (12 values)'. */
  baseSummary: string;
  newSummary: string;
  /** One-sided p-value for "NEW is worse" (0 for a deterministic verdict flip pass → fail, 1 for no flip). */
  pWorse: number;
  /** One-sided p-value for "NEW is better". */
  pBetter: number;
  /** Holm-adjusted p-values within the regression / improvement families (equal to pWorse / pBetter for verdict flips). */
  pWorseAdjusted: number;
  pBetterAdjusted: number;
  /** Rank test: Hodges–Lehmann shift of the badness (NEW − BASE; > 0 is worse) and the difference of means. */
  shift?: number;
  meanShift?: number;
  /** Rank test: whether the shift toward worse / better reaches minEffect × |threshold| (always true for the other tests). */
  materialWorse: boolean;
  materialBetter: boolean;
  /** Significant after the adjustment (and material): NEW is worse / better. */
  worse: boolean;
  better: boolean;
}

/** One side of a property as the comparison saw it. */
export interface PropertySide {
  verdict: 'pass' | 'fail';
  kind: 'exact' | 'trained';
  trials: number;
  /** Worlds requested (exact) or rule trials (trained). */
  numRuns: number | null;
  /** Trained: successful trials. */
  successes: number | null;
  /** Per-trial values found (finite, non-null). */
  values: number;
  median: number | null;
}

/** One property's comparison: its identity and threshold, each side as seen (null when absent from that run), the tests run and the resulting status. */
export interface PropertyChange {
  theoremId: string;
  propertyId: string;
  kind: 'exact' | 'trained';
  statisticName: string;
  direction: Direction;
  threshold: number;
  status: ChangeStatus;
  base: PropertySide | null;
  new: PropertySide | null;
  tests: ChangeTest[];
  /** Why a test was skipped, kind changes, etc. */
  notes: string[];
}

export interface RunInfo {
  source: string;
  schema: string;
  seed: number | null;
  profile: string | null;
  latentcheck: string | null;
  gitCommit: string | null;
}

/**
 * Result of `compareRuns` (schema `latentcheck/comparison@1`): both runs' provenance, every property's change,
 * a count per status, and whether any property regressed significantly.
 */
export interface Comparison {
  schema: typeof COMPARISON_SCHEMA;
  alpha: number;
  minEffect: number;
  method: 'holm';
  /** Size of the regression family (statistical tests; verdict flips are deterministic and not counted). */
  tests: number;
  base: RunInfo;
  new: RunInfo;
  warnings: string[];
  summary: Record<ChangeStatus, number>;
  /** True when some property regressed significantly (the CLI exits 1). */
  regression: boolean;
  properties: PropertyChange[];
}

function validateOptions(opts: CompareOptions): { alpha: number; minEffect: number } {
  const alpha = opts.alpha ?? 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) throw new InputError('alpha', alpha, 'a level in (0, 1)');
  const minEffect = opts.minEffect ?? 0.01;
  if (typeof minEffect !== 'number' || !(minEffect >= 0) || !Number.isFinite(minEffect))
    throw new InputError('minEffect', minEffect, 'a non-negative fraction of the threshold');
  return { alpha, minEffect };
}

/**
 * Successes and trials of a trained property: from the per-trial outcomes (every trial that ran, also when the
 * run stopped early), else from the rule verdict.
 */
function counts(p: PropertyResult): { successes: number; trials: number } | null {
  if (p.outcomes) return { successes: p.outcomes.filter((o) => o.pass).length, trials: p.outcomes.length };
  if (p.rule) return { successes: p.rule.successes, trials: p.rule.trials };
  return null;
}

/** Per-trial statistic values (nulls dropped: a missing value is a failed trial, which the success counts see). */
function perTrialValues(p: PropertyResult): number[] {
  const raw = p.values ?? p.outcomes?.map((o) => o.statistic) ?? [];
  return raw.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

const hasPerTrial = (p: PropertyResult) => p.values !== undefined || p.outcomes !== undefined;

/** How bad a value is, larger is worse, given which way the statistic is good. */
export function badness(v: number, direction: Direction, threshold: number): number {
  return direction === 'at-most' ? v : direction === 'at-least' ? -v : Math.abs(v - threshold);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

/** Hodges–Lehmann shift: the median of every difference newᵢ − baseⱼ (difference of medians for very large samples). */
export function hodgesLehmann(next: number[], base: number[]): number {
  if (next.length * base.length > 250_000) return median(next)! - median(base)!;
  const d: number[] = [];
  for (const a of next) for (const b of base) d.push(a - b);
  return median(d)!;
}

function side(p: PropertyResult): PropertySide {
  const c = p.kind === 'trained' ? counts(p) : null;
  const values = perTrialValues(p);
  return {
    verdict: p.verdict,
    kind: p.kind,
    trials: c ? c.trials : p.trials,
    numRuns: typeof p.numRuns === 'number' ? p.numRuns : null,
    successes: c ? c.successes : null,
    values: values.length,
    median: p.statistic?.median ?? median(values),
  };
}

/** A p-value for tables: 3 decimals, exponent form below 0.001. */
export function fmtP(p: number): string {
  return Number.isNaN(p) ? '–' : p === 0 ? '0' : p < 1e-3 ? p.toExponential(1) : p.toFixed(3);
}

/** One side of a property in a few words: '9/12 pass' (trained) or 'fail (37/100 worlds)' (exact). */
export function sideSummary(s: PropertySide): string {
  if (s.successes !== null) return `${s.successes}/${s.trials} ${s.verdict}`;
  return `${s.verdict} (${s.trials}${s.numRuns !== null ? `/${s.numRuns}` : ''} worlds)`;
}

/** The tests of one matched property, before the adjustment. */
function testProperty(b: PropertyResult, n: PropertyResult, minEffect: number, notes: string[]): ChangeTest[] {
  const tests: ChangeTest[] = [];
  const pending = { pWorseAdjusted: NaN, pBetterAdjusted: NaN, materialWorse: true, materialBetter: true, worse: false, better: false };
  if (b.kind !== n.kind) notes.push(`kind changed from ${b.kind} to ${n.kind}: only the verdict is compared`);
  if (b.kind === 'trained' && n.kind === 'trained') {
    const cb = counts(b)!;
    const cn = counts(n)!;
    const table: [[number, number], [number, number]] = [
      [cb.successes, cb.trials - cb.successes],
      [cn.successes, cn.trials - cn.successes],
    ];
    tests.push({
      ...pending,
      test: 'fisher',
      description: `successes ${cb.successes}/${cb.trials} → ${cn.successes}/${cn.trials}`,
      baseSummary: `${cb.successes}/${cb.trials} ${b.verdict}`,
      newSummary: `${cn.successes}/${cn.trials} ${n.verdict}`,
      pWorse: fisherExact(table, 'greater').pValue,
      pBetter: fisherExact(table, 'less').pValue,
    });
  } else if (b.verdict !== n.verdict) {
    const worse = n.verdict === 'fail';
    tests.push({
      ...pending,
      test: 'verdict',
      description: `verdict ${b.verdict} → ${n.verdict}${worse && n.counterexample ? ` (counterexample: ${n.counterexample.replay})` : ''}`,
      baseSummary: sideSummary(side(b)),
      newSummary: sideSummary(side(n)),
      pWorse: worse ? 0 : 1,
      pBetter: worse ? 1 : 0,
    });
  }
  if (b.kind !== n.kind) return tests;
  const vb = perTrialValues(b).map((v) => badness(v, n.direction, n.threshold));
  const vn = perTrialValues(n).map((v) => badness(v, n.direction, n.threshold));
  if (vb.length >= MIN_RANK_VALUES && vn.length >= MIN_RANK_VALUES) {
    const shift = hodgesLehmann(vn, vb);
    const meanShift = mean(vn) - mean(vb);
    const floor = minEffect * (n.threshold !== 0 ? Math.abs(n.threshold) : 1);
    const worseShift = Math.max(shift, meanShift);
    const betterShift = Math.min(shift, meanShift);
    const worse = mannWhitneyU(vn, vb, { alternative: 'greater' });
    const better = mannWhitneyU(vn, vb, { alternative: 'less' });
    const mb = median(perTrialValues(b));
    const mn = median(perTrialValues(n));
    tests.push({
      ...pending,
      test: 'mann-whitney',
      description: `${n.statistic.name}: median ${fmt(mb)} → ${fmt(mn)} (${vb.length} vs ${vn.length} values, ${worse.method} Mann–Whitney)`,
      baseSummary: `median ${fmt(mb)} (${vb.length})`,
      newSummary: `median ${fmt(mn)} (${vn.length})`,
      pWorse: worse.pValue,
      pBetter: better.pValue,
      shift,
      meanShift,
      materialWorse: worseShift > 0 && worseShift >= floor,
      materialBetter: betterShift < 0 && -betterShift >= floor,
    });
  } else if (hasPerTrial(b) || hasPerTrial(n)) {
    notes.push(`rank test skipped: ${vb.length} and ${vn.length} per-trial values (needs ≥ ${MIN_RANK_VALUES} on each side)`);
  }
  return tests;
}


function runInfo(r: ComparableRun): RunInfo {
  return { source: r.source, schema: r.schema, seed: r.seed, profile: r.profile, latentcheck: r.latentcheck, gitCommit: r.gitCommit };
}

const key = (p: PropertyResult) => `${p.theoremId}\u0000${p.propertyId}`;

/** Compare two validated runs (see the module comment). */
export function compareRuns(baseRun: ComparableRun, newRun: ComparableRun, opts: CompareOptions = {}): Comparison {
  const { alpha, minEffect } = validateOptions(opts);
  const warnings: string[] = [];
  if (baseRun.profile !== newRun.profile)
    warnings.push(`profiles differ (base ${baseRun.profile}, new ${newRun.profile}): trial counts and training settings differ, so a change may come from the profile`);
  const trainedWithoutValues = [...baseRun.properties, ...newRun.properties].filter((p) => p.kind === 'trained' && !hasPerTrial(p));
  if (trainedWithoutValues.length > 0)
    warnings.push(
      `${trainedWithoutValues.length} trained propert${trainedWithoutValues.length === 1 ? 'y carries' : 'ies carry'} no per-trial values (\`values\` or \`outcomes\`): those are compared on their success counts only`,
    );
  const baseByKey = new Map(baseRun.properties.map((p) => [key(p), p]));
  const newKeys = new Set(newRun.properties.map(key));
  const changes: PropertyChange[] = [];
  const describe = (p: PropertyResult) => ({
    theoremId: p.theoremId,
    propertyId: p.propertyId,
    kind: p.kind,
    statisticName: p.statistic.name,
    direction: p.direction,
    threshold: p.threshold,
  });
  for (const n of newRun.properties) {
    const b = baseByKey.get(key(n));
    if (!b) {
      changes.push({ ...describe(n), status: 'added', base: null, new: side(n), tests: [], notes: [] });
      continue;
    }
    const notes: string[] = [];
    if (b.direction !== n.direction || b.threshold !== n.threshold)
      notes.push(`threshold changed from ${b.direction} ${b.threshold} to ${n.direction} ${n.threshold}; values are judged against the new one`);
    changes.push({ ...describe(n), status: 'unchanged', base: side(b), new: side(n), tests: testProperty(b, n, minEffect, notes), notes });
  }
  for (const b of baseRun.properties)
    if (!newKeys.has(key(b))) changes.push({ ...describe(b), status: 'removed', base: side(b), new: null, tests: [], notes: [] });

  // Holm over the statistical tests, one family per direction; verdict flips are deterministic.
  const stochastic = changes.flatMap((c) => c.tests.filter((t) => t.test !== 'verdict'));
  const worseAdj = holmAdjust(stochastic.map((t) => t.pWorse));
  const betterAdj = holmAdjust(stochastic.map((t) => t.pBetter));
  stochastic.forEach((t, i) => {
    t.pWorseAdjusted = worseAdj[i];
    t.pBetterAdjusted = betterAdj[i];
  });
  for (const c of changes) {
    for (const t of c.tests) {
      if (t.test === 'verdict') {
        t.pWorseAdjusted = t.pWorse;
        t.pBetterAdjusted = t.pBetter;
      }
      t.worse = t.pWorseAdjusted <= alpha && t.materialWorse;
      t.better = t.pBetterAdjusted <= alpha && t.materialBetter;
      if (t.test === 'mann-whitney' && !t.materialWorse && t.pWorseAdjusted <= alpha)
        c.notes.push(`rank test significant (p = ${fmtP(t.pWorseAdjusted)}) but the shift ${fmt(Math.max(t.shift!, t.meanShift!))} is below ${minEffect} × |threshold|: not counted`);
    }
    if (c.status === 'unchanged') c.status = c.tests.some((t) => t.worse) ? 'regressed' : c.tests.some((t) => t.better) ? 'improved' : 'unchanged';
  }
  const summary: Record<ChangeStatus, number> = { regressed: 0, improved: 0, unchanged: 0, added: 0, removed: 0 };
  for (const c of changes) summary[c.status]++;
  return {
    schema: COMPARISON_SCHEMA,
    alpha,
    minEffect,
    method: 'holm',
    tests: stochastic.length,
    base: runInfo(baseRun),
    new: runInfo(newRun),
    warnings,
    summary,
    regression: summary.regressed > 0,
    properties: changes,
  };
}
