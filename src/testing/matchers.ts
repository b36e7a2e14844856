/**
 * Vitest matchers for regression-testing a learner in your own test suite:
 *
 *   import { expect } from 'vitest';
 *   import { checkLearner, latentcheckMatchers } from 'latentcheck/testing';
 *   expect.extend(latentcheckMatchers);
 *   const run = await checkLearner('ahuja2022.known.trained', myLearner);
 *   expect(run).toBeIdentifiedUpTo('centralizer');
 *
 * - `toBeIdentifiedUpTo(classId)`: every property of the run passed, and the theorem's predicted class is
 *   `classId` or a finer class (identified up to a finer class implies up to every coarser one).
 * - `toPassProperty(propertyId)`: that property is in the run and passed (`theoremId/propertyId` also accepted).
 * - `toNotRegressFrom(base)`: `latentcheck compare` of the base (a results.json / saved run path, or the object)
 *   against this run finds no significant regression.
 * The received value is a `LearnerRun` (or, for the last two, a suite's `results.json` object).
 */
import type { MatcherState } from 'vitest';
import { describeValue } from '../core/errors.ts';
import { compareRuns } from '../compare/compare.ts';
import type { CompareOptions } from '../compare/compare.ts';
import { formatComparisonText } from '../compare/format.ts';
import { loadComparable, validateComparable } from '../compare/load.ts';
import type { ComparableRun } from '../compare/load.ts';
import { fmt, fmtThreshold } from '../report/format.ts';
import type { PropertyResult, SuiteResult } from '../runner/types.ts';
import { CLASS_IDS } from '../classes/registry.ts';
import { coarserClasses } from './classOrder.ts';
import type { LearnerRun } from './types.ts';

/** What a synchronous matcher returns (vitest's SyncExpectationResult). */
interface SyncExpectationResult {
  pass: boolean;
  message: () => string;
}

/** Most failing trials listed per property in a message. */
const LISTED_TRIALS = 5;

function isLearnerRun(v: unknown): v is LearnerRun {
  return typeof v === 'object' && v !== null && (v as LearnerRun).schema === 'latentcheck/learner-run@1' && Array.isArray((v as LearnerRun).properties);
}

function notARun(what: string, received: unknown): SyncExpectationResult {
  return { pass: false, message: () => `expected ${what}, got ${describeValue(received)}` };
}

/** One property in a few lines: verdict, counts, statistic against its threshold, failing trials with replays. */
export function describePropertyResult(p: PropertyResult): string {
  const s = p.statistic;
  const counts = p.rule ? `${p.rule.successes}/${p.rule.trials} trials succeeded (${p.rule.statement})` : `${p.trials}/${p.numRuns} worlds`;
  const lines = [
    `  ${p.verdict === 'pass' ? '✓' : '✗'} ${p.propertyId} [${p.kind}, ${p.role}]: ${counts}`,
    `      ${s.name}: median ${fmt(s.median)} [${fmt(s.min)}, ${fmt(s.max)}], pass when ${fmtThreshold(p.direction, p.threshold)}`,
  ];
  if (p.verdict === 'fail') {
    for (const f of (p.failedTrials ?? []).slice(0, LISTED_TRIALS)) {
      const what = f.error ? `error: ${f.error}` : `statistic ${fmt(f.statistic)}`;
      lines.push(`      trial ${f.index}: ${what}`, `        replay: ${f.replay}`);
    }
    const more = (p.failedTrials?.length ?? 0) - LISTED_TRIALS;
    if (more > 0) lines.push(`      … and ${more} more failing trial${more === 1 ? '' : 's'}`);
    if (!p.failedTrials && p.counterexample) lines.push(`      counterexample: replay with ${p.counterexample.replay}`);
  }
  return lines.join('\n');
}

function runHeader(run: LearnerRun): string {
  return `learner "${run.learner.name}" on theorem ${run.theoremId} (seed ${run.seed}, profile ${run.profile})`;
}

function toBeIdentifiedUpTo(this: MatcherState, received: unknown, classId: string): SyncExpectationResult {
  if (!isLearnerRun(received)) return notARun('a LearnerRun from checkLearner(theorem, learner)', received);
  if (typeof classId !== 'string' || !(CLASS_IDS as readonly string[]).includes(classId))
    return { pass: false, message: () => `toBeIdentifiedUpTo: unknown class ${describeValue(classId)}; expected one of: ${CLASS_IDS.join(', ')}` };
  const predicted = received.predictedClass.classId;
  const failing = received.properties.filter((p) => p.verdict === 'fail');
  const classOk = predicted !== undefined && (CLASS_IDS as readonly string[]).includes(predicted) && coarserClasses(predicted).includes(classId);
  const pass = failing.length === 0 && classOk;
  const details = received.properties.map((p) => describePropertyResult(p)).join('\n');
  const classLine =
    predicted === undefined
      ? `the theorem states no class id for its predicted class ("${received.predictedClass.name}")`
      : classOk
        ? `the theorem predicts '${predicted}', which is contained in '${classId}'`
        : `the theorem predicts '${predicted}', which is not contained in '${classId}' (classes containing it: ${
            (CLASS_IDS as readonly string[]).includes(predicted) ? coarserClasses(predicted).join(', ') : 'none known'
          })`;
  return {
    pass,
    message: () =>
      pass
        ? `expected ${runHeader(received)} not to identify the latents up to '${classId}', but every property passed and ${classLine}\n${details}`
        : `expected ${runHeader(received)} to identify the latents up to '${classId}', but ` +
          [failing.length > 0 ? `${failing.length} of ${received.properties.length} properties failed` : null, classOk ? null : classLine]
            .filter((x) => x !== null)
            .join(', and ') +
          `\n${details}`,
  };
}

/** Properties of a LearnerRun or suite result. */
function propertiesOf(received: unknown): PropertyResult[] | null {
  if (isLearnerRun(received)) return received.properties;
  if (typeof received === 'object' && received !== null && (received as SuiteResult).schema === 'latentcheck/results@1' && Array.isArray((received as SuiteResult).theorems))
    return (received as SuiteResult).theorems.flatMap((t) => t.properties);
  return null;
}

function toPassProperty(this: MatcherState, received: unknown, propertyId: string): SyncExpectationResult {
  const props = propertiesOf(received);
  if (!props) return notARun('a LearnerRun from checkLearner, or a results.json object', received);
  const p = props.find((x) => x.propertyId === propertyId || `${x.theoremId}/${x.propertyId}` === propertyId);
  if (!p)
    return { pass: false, message: () => `expected the run to have property ${describeValue(propertyId)}; it has: ${props.map((x) => x.propertyId).join(', ')}` };
  const pass = p.verdict === 'pass';
  const detail = describePropertyResult(p);
  return { pass, message: () => (pass ? `expected property ${propertyId} to fail, but it passed\n${detail}` : `expected property ${propertyId} to pass, but it failed\n${detail}`) };
}

function asComparable(v: unknown, label: string): ComparableRun {
  return typeof v === 'string' ? loadComparable(v, label) : validateComparable(v, label);
}

function toNotRegressFrom(this: MatcherState, received: unknown, base: string | SuiteResult | LearnerRun, opts: CompareOptions = {}): SyncExpectationResult {
  if (!propertiesOf(received)) return notARun('a LearnerRun from checkLearner, or a results.json object', received);
  const next = asComparable(received, 'received');
  const baseRun = asComparable(base, typeof base === 'string' ? base : 'base');
  // Compare only what the received run covers: a suite baseline holds many more properties than one learner run.
  const covered = new Set(next.properties.map((p) => `${p.theoremId}\u0000${p.propertyId}`));
  const restricted = { ...baseRun, properties: baseRun.properties.filter((p) => covered.has(`${p.theoremId}\u0000${p.propertyId}`)) };
  const comparison = compareRuns(restricted, next, opts);
  const table = formatComparisonText(comparison);
  const warnings = comparison.warnings.map((w) => `warning: ${w}\n`).join('');
  return {
    pass: !comparison.regression,
    message: () => (comparison.regression ? `expected no significant regression from the base run\n${warnings}${table}` : `expected a significant regression from the base run, found none\n${warnings}${table}`),
  };
}

/**
 * The matchers, for `expect.extend(latentcheckMatchers)`.
 *
 * @property __type.toBeIdentifiedUpTo `expect(run).toBeIdentifiedUpTo(classId)`: every property of the learner run passed, and the theorem's predicted class is `classId` or a finer class.
 * @property __type.toPassProperty `expect(run).toPassProperty(propertyId)`: the property (id, or `theoremId/propertyId`) is in the run (a LearnerRun or results.json object) and passed.
 * @property __type.toNotRegressFrom `expect(run).toNotRegressFrom(base, opts?)`: `compareRuns` of the base (a results.json or saved learner-run path, or the object), restricted to the received run's properties, against the received run finds no significant regression.
 */
export const latentcheckMatchers = { toBeIdentifiedUpTo, toPassProperty, toNotRegressFrom };

/** Types of the matchers on `expect(run)`. */
export interface LatentcheckMatchers<R = unknown> {
  /** Every property of the learner run passed, and the theorem's predicted class is `classId` or finer. */
  toBeIdentifiedUpTo(classId: string): R;
  /** The property (id, or `theoremId/propertyId`) is in the run and passed. */
  toPassProperty(propertyId: string): R;
  /** No significant regression against a base run (a results.json or saved learner-run path, or the object). */
  toNotRegressFrom(base: string | SuiteResult | LearnerRun, opts?: CompareOptions): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends LatentcheckMatchers<T> {}
}
