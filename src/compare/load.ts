/**
 * Load and validate the two sides of a comparison: a suite's `results.json` (`latentcheck/results@1`) or a
 * learner run saved from `checkLearner` (`latentcheck/learner-run@1`). Every malformed field is reported
 * with the file and the field's path, e.g. `report/results.json: theorems[0].properties[2].rule.successes`.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import type { PropertyResult, SuiteResult } from '../runner/types.ts';
import type { LearnerRun } from '../runner/learnerRun.ts';

export const RESULTS_SCHEMA = 'latentcheck/results@1';
export const LEARNER_RUN_SCHEMA = 'latentcheck/learner-run@1';

/** One side of a comparison: where it came from, and its property results. */
export interface ComparableRun {
  /** File path or label, used in messages. */
  source: string;
  schema: typeof RESULTS_SCHEMA | typeof LEARNER_RUN_SCHEMA;
  seed: number | null;
  profile: string | null;
  latentcheck: string | null;
  gitCommit: string | null;
  properties: PropertyResult[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(source: string, field: string, value: unknown, expected: string): never {
  throw new InputError(`${source}: ${field}`, value, expected);
}

/** Check the fields of one property result that the comparison reads. */
function validateProperty(source: string, field: string, p: unknown, theoremId: string | null): PropertyResult {
  if (!isObject(p)) fail(source, field, p, 'a property result object');
  const tid = p.theoremId ?? theoremId;
  if (typeof tid !== 'string' || tid === '') fail(source, `${field}.theoremId`, p.theoremId, 'a theorem id');
  if (theoremId !== null && p.theoremId !== undefined && p.theoremId !== theoremId)
    fail(source, `${field}.theoremId`, p.theoremId, `the id of its theorem, ${JSON.stringify(theoremId)}`);
  if (typeof p.propertyId !== 'string' || p.propertyId === '') fail(source, `${field}.propertyId`, p.propertyId, 'a property id');
  if (p.kind !== 'exact' && p.kind !== 'trained') fail(source, `${field}.kind`, p.kind, "'exact' or 'trained'");
  if (p.verdict !== 'pass' && p.verdict !== 'fail') fail(source, `${field}.verdict`, p.verdict, "'pass' or 'fail'");
  if (p.direction !== 'at-most' && p.direction !== 'at-least' && p.direction !== 'equal')
    fail(source, `${field}.direction`, p.direction, "'at-most', 'at-least' or 'equal'");
  if (typeof p.threshold !== 'number' || !Number.isFinite(p.threshold)) fail(source, `${field}.threshold`, p.threshold, 'a finite number');
  if (typeof p.trials !== 'number' || !Number.isInteger(p.trials) || p.trials < 0) fail(source, `${field}.trials`, p.trials, 'a non-negative integer');
  if (!isObject(p.statistic)) fail(source, `${field}.statistic`, p.statistic, 'a statistic summary { name, min, median, max, count }');
  if (typeof p.statistic.name !== 'string') fail(source, `${field}.statistic.name`, p.statistic.name, 'the name of the statistic');
  for (const k of ['min', 'median', 'max'] as const) {
    const v = p.statistic[k];
    if (v !== null && v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) fail(source, `${field}.statistic.${k}`, v, 'a finite number or null');
  }
  if (p.values !== undefined) {
    if (!Array.isArray(p.values)) fail(source, `${field}.values`, p.values, 'an array of numbers or nulls (one per trial)');
    p.values.forEach((v, i) => {
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) fail(source, `${field}.values[${i}]`, v, 'a finite number or null');
    });
  }
  if (p.outcomes !== undefined) {
    if (!Array.isArray(p.outcomes)) fail(source, `${field}.outcomes`, p.outcomes, 'an array of trial outcomes');
    p.outcomes.forEach((o, i) => {
      if (!isObject(o)) fail(source, `${field}.outcomes[${i}]`, o, 'a trial outcome { index, status, pass, statistic }');
      if (typeof o.pass !== 'boolean') fail(source, `${field}.outcomes[${i}].pass`, o.pass, 'true or false');
      if (o.statistic !== null && (typeof o.statistic !== 'number' || !Number.isFinite(o.statistic)))
        fail(source, `${field}.outcomes[${i}].statistic`, o.statistic, 'a finite number or null');
    });
  }
  if (p.rule !== undefined) {
    if (!isObject(p.rule)) fail(source, `${field}.rule`, p.rule, 'a success-rule verdict { successes, trials, ... }');
    const { successes, trials } = p.rule;
    if (typeof trials !== 'number' || !Number.isInteger(trials) || trials < 0) fail(source, `${field}.rule.trials`, trials, 'a non-negative integer');
    if (typeof successes !== 'number' || !Number.isInteger(successes) || successes < 0 || successes > trials)
      fail(source, `${field}.rule.successes`, successes, `an integer in [0, ${trials}]`);
  }
  if (p.kind === 'trained' && p.rule === undefined && p.outcomes === undefined)
    fail(source, `${field}.rule`, p.rule, 'the success counts of a trained property (rule.successes / rule.trials, or outcomes)');
  return { ...(p as unknown as PropertyResult), theoremId: tid };
}

function validateHeader(source: string, json: Record<string, unknown>): void {
  if (json.seed !== undefined && json.seed !== null && (typeof json.seed !== 'number' || !Number.isInteger(json.seed)))
    fail(source, 'seed', json.seed, 'an integer seed');
  if (json.profile !== undefined && typeof json.profile !== 'string') fail(source, 'profile', json.profile, 'a profile name');
}

/** Validate a parsed results.json or learner run; `source` names it in errors. */
export function validateComparable(json: unknown, source: string): ComparableRun {
  if (!isObject(json)) fail(source, '(top level)', json, `a ${RESULTS_SCHEMA} or ${LEARNER_RUN_SCHEMA} object`);
  validateHeader(source, json);
  const seen = new Set<string>();
  const unique = (p: PropertyResult, field: string) => {
    const key = `${p.theoremId}\u0000${p.propertyId}`;
    if (seen.has(key)) fail(source, `${field}.propertyId`, p.propertyId, `a property id unique within theorem ${p.theoremId}`);
    seen.add(key);
    return p;
  };
  if (json.schema === RESULTS_SCHEMA) {
    const suite = json as unknown as SuiteResult;
    if (!Array.isArray(json.theorems)) fail(source, 'theorems', json.theorems, 'an array of theorem results');
    const properties: PropertyResult[] = [];
    (json.theorems as unknown[]).forEach((t, i) => {
      if (!isObject(t)) fail(source, `theorems[${i}]`, t, 'a theorem result object');
      if (typeof t.id !== 'string' || t.id === '') fail(source, `theorems[${i}].id`, t.id, 'a theorem id');
      if (!Array.isArray(t.properties)) fail(source, `theorems[${i}].properties`, t.properties, 'an array of property results');
      t.properties.forEach((p, j) => {
        const field = `theorems[${i}].properties[${j}]`;
        properties.push(unique(validateProperty(source, field, p, t.id as string), field));
      });
    });
    const prov = isObject(json.provenance) ? json.provenance : {};
    return {
      source,
      schema: RESULTS_SCHEMA,
      seed: (suite.seed as number | undefined) ?? null,
      profile: (suite.profile as string | undefined) ?? null,
      latentcheck: typeof prov.latentcheck === 'string' ? prov.latentcheck : null,
      gitCommit: typeof prov.gitCommit === 'string' ? prov.gitCommit : null,
      properties,
    };
  }
  if (json.schema === LEARNER_RUN_SCHEMA) {
    const run = json as unknown as LearnerRun;
    if (typeof json.theoremId !== 'string' || json.theoremId === '') fail(source, 'theoremId', json.theoremId, 'a theorem id');
    if (!Array.isArray(json.properties)) fail(source, 'properties', json.properties, 'an array of property results');
    const properties = (json.properties as unknown[]).map((p, j) =>
      unique(validateProperty(source, `properties[${j}]`, p, json.theoremId as string), `properties[${j}]`),
    );
    return { source, schema: LEARNER_RUN_SCHEMA, seed: run.seed ?? null, profile: run.profile ?? null, latentcheck: null, gitCommit: null, properties };
  }
  fail(source, 'schema', json.schema, `${JSON.stringify(RESULTS_SCHEMA)} (a results.json written by \`latentcheck run\`) or ${JSON.stringify(LEARNER_RUN_SCHEMA)} (a saved checkLearner run)`);
}

/** Read and parse a JSON file (a results.json in practice), naming `field` and the path when it cannot be read or parsed. */
export function readResultsJson(path: string, field = 'file'): unknown {
  if (typeof path !== 'string' || path === '') throw new InputError(field, path, 'the path of a results.json file');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(field, path, `a readable results.json file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: (JSON)`, text.slice(0, 40), `valid JSON (${(e as Error).message})`);
  }
}

/** Read, parse and validate a results.json (or saved learner run) from disk. */
export function loadComparable(path: string, field = 'file'): ComparableRun {
  return validateComparable(readResultsJson(path, field), path);
}
