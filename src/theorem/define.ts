/** `defineTheorem`: validate a theorem spec at load time so a malformed spec fails with the field named. */
import { InputError } from '../core/errors.ts';
import { PROFILES } from './profile.ts';
import { validateRule } from '../stats/rule.ts';
import { CLASS_IDS, EXTRA_CLASS_IDS } from '../classes/registry.ts';
import type { PropertySpec, TheoremSpec } from './types.ts';

const ID = /^[a-z0-9][a-z0-9.\-]*$/;

function requireString(field: string, v: unknown): void {
  if (typeof v !== 'string' || v.trim() === '') throw new InputError(field, v, 'a non-empty string');
}

function validateProperty(field: string, p: PropertySpec): void {
  if (typeof p !== 'object' || p === null) throw new InputError(field, p, 'a property spec object');
  if (typeof p.id !== 'string' || !ID.test(p.id)) throw new InputError(`${field}.id`, p.id, 'an id of lower-case letters, digits, dots and dashes');
  if (p.kind !== 'exact' && p.kind !== 'trained') throw new InputError(`${field}.kind`, p.kind, "'exact' or 'trained'");
  if (!['positive', 'negative-control', 'worked-example'].includes(p.role))
    throw new InputError(`${field}.role`, p.role, "'positive', 'negative-control' or 'worked-example'");
  requireString(`${field}.statement`, p.statement);
  requireString(`${field}.statisticName`, p.statisticName);
  if (typeof p.threshold !== 'number' || !Number.isFinite(p.threshold)) throw new InputError(`${field}.threshold`, p.threshold, 'a finite number');
  if (!['at-most', 'at-least', 'equal'].includes(p.direction)) throw new InputError(`${field}.direction`, p.direction, "'at-most', 'at-least' or 'equal'");
  if (p.kind === 'exact') {
    if (typeof p.numRuns !== 'object' || p.numRuns === null) throw new InputError(`${field}.numRuns`, p.numRuns, 'an object { quick, full } (exact properties)');
    for (const prof of PROFILES) {
      const n = p.numRuns[prof];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new InputError(`${field}.numRuns.${prof}`, n, 'a positive integer');
    }
  } else {
    if (typeof p.rule !== 'object' || p.rule === null) throw new InputError(`${field}.rule`, p.rule, 'a success rule per profile { quick, full } (trained properties)');
    for (const prof of PROFILES) {
      const r = p.rule[prof];
      if (typeof r !== 'object' || r === null) throw new InputError(`${field}.rule.${prof}`, r, 'a success rule { trials, minSuccesses, claimedRate }');
      validateRule(`${field}.rule.${prof}`, r);
    }
  }
  if (p.identify !== undefined) {
    const ids = [...CLASS_IDS, ...EXTRA_CLASS_IDS, 'none'];
    if (typeof p.identify !== 'object' || p.identify === null || (p.identify.predicted !== null && !ids.includes(p.identify.predicted)))
      throw new InputError(`${field}.identify.predicted`, p.identify?.predicted, `a class id (one of: ${ids.join(', ')}) or null (no prediction)`);
    if (p.identify.classes !== undefined && typeof p.identify.classes !== 'function') throw new InputError(`${field}.identify.classes`, p.identify.classes, 'a function (world, profile) → classes');
  }
  for (const fn of ['arbitrary', 'check', 'describeWorld'] as const)
    if (typeof p[fn] !== 'function') throw new InputError(`${field}.${fn}`, p[fn], 'a function');
}

/** Validate and return a theorem spec. Throws `InputError` naming the first malformed field. */
export function defineTheorem(spec: TheoremSpec): TheoremSpec {
  if (typeof spec !== 'object' || spec === null) throw new InputError('theorem', spec, 'a theorem spec object');
  if (typeof spec.id !== 'string' || !ID.test(spec.id)) throw new InputError('theorem.id', spec.id, 'an id of lower-case letters, digits, dots and dashes');
  const f = `theorem[${spec.id}]`;
  requireString(`${f}.title`, spec.title);
  requireString(`${f}.claim`, spec.claim);
  if (typeof spec.citation !== 'object' || spec.citation === null) throw new InputError(`${f}.citation`, spec.citation, 'a citation object');
  requireString(`${f}.citation.authors`, spec.citation.authors);
  requireString(`${f}.citation.title`, spec.citation.title);
  if (!Number.isInteger(spec.citation.year)) throw new InputError(`${f}.citation.year`, spec.citation.year, 'an integer year');
  if (!Array.isArray(spec.assumptions)) throw new InputError(`${f}.assumptions`, spec.assumptions, 'an array of assumptions');
  spec.assumptions.forEach((a, i) => {
    requireString(`${f}.assumptions[${i}].id`, a?.id);
    requireString(`${f}.assumptions[${i}].statement`, a?.statement);
  });
  requireString(`${f}.learner.name`, spec.learner?.name);
  requireString(`${f}.learner.objective`, spec.learner?.objective);
  requireString(`${f}.predictedClass.name`, spec.predictedClass?.name);
  if (!Array.isArray(spec.controls)) throw new InputError(`${f}.controls`, spec.controls, 'an array of strings');
  if (typeof spec.tolerances !== 'object' || spec.tolerances === null) throw new InputError(`${f}.tolerances`, spec.tolerances, 'an object of tolerances');
  for (const [k, t] of Object.entries(spec.tolerances)) {
    if (typeof t?.value !== 'number' || !Number.isFinite(t.value)) throw new InputError(`${f}.tolerances.${k}.value`, t?.value, 'a finite number');
    requireString(`${f}.tolerances.${k}.why`, t.why);
  }
  if (!Array.isArray(spec.properties) || spec.properties.length === 0)
    throw new InputError(`${f}.properties`, spec.properties, 'a non-empty array of property specs');
  const seen = new Set<string>();
  spec.properties.forEach((p, i) => {
    validateProperty(`${f}.properties[${i}]`, p);
    if (seen.has(p.id)) throw new InputError(`${f}.properties[${i}].id`, p.id, 'an id unique within the theorem');
    seen.add(p.id);
  });
  return spec;
}
