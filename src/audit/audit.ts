/**
 * `latentcheck audit`: the real success rate of each trained property. For every trained property
 * (or those named) it runs N trials (default 100) on fresh worlds — a run seed of its own, so not the
 * worlds the suite decides on — through the ordinary runner (this thread, the worker pool, or the
 * queue), without sequential stopping, and reports the observed rate k/N with its two-sided 95 %
 * Clopper–Pearson interval against the claimed rate p₀:
 *
 *   - `below`: the whole interval lies below p₀ — the claim is too strong for this learner (or the
 *     learner too weak for the claim);
 *   - `above`: the whole interval lies above p₀ — the property succeeds far more often than claimed,
 *     so its rule could be tightened (a higher p₀ would still hold);
 *   - `consistent`: p₀ lies inside the interval.
 *
 * Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits illustrated in the
 * case of the binomial. Biometrika 26(4), 404–413: [B(α/2; k, N−k+1), B(1−α/2; k+1, N−k)].
 */
import { InputError } from '../core/errors.ts';
import { clopperPearson } from '../stats/binomial.ts';
import type { ProfileName } from '../theorem/profile.ts';
import type { PropertySpec, TheoremSpec } from '../theorem/types.ts';
import { runSuite, type SuiteOptions, type SuiteProgress } from '../runner/runSuite.ts';
import type { SuiteResult } from '../runner/types.ts';

/** Default trials per property. */
export const DEFAULT_AUDIT_TRIALS = 100;
/** Default run seed of an audit (not the suite's, so the worlds are fresh ones). */
export const DEFAULT_AUDIT_SEED = 1934;
/** Level of the two-sided intervals. */
export const AUDIT_ALPHA = 0.05;

/** An audited rate against p₀: the whole 95 % interval below p₀ (claim contradicted), above it (rule could be tightened), or neither. */
export type AuditFlag = 'below' | 'consistent' | 'above';

/** One audited property. */
export interface AuditEntry {
  theoremId: string;
  propertyId: string;
  statement: string;
  /** The rule as declared for the profile, e.g. "≥ 7 of 12 at p₀ = 0.8". */
  rule: { trials: number; minSuccesses: number; claimedRate: number };
  trials: number;
  successes: number;
  /** Trials that did not return (crashed / timed out / threw), counted as unsuccessful. */
  lost: number;
  rate: number;
  /** Two-sided (1 − α) Clopper–Pearson interval of the success rate. */
  interval: [number, number];
  claimedRate: number;
  flag: AuditFlag;
  /** Wall time of the property's trials (ms; with parallel trials, less than their sum). */
  wallMs: number | null;
}

/** The audit of a set of trained properties: seed, profile, trials per property, one entry per property, timing. */
export interface AuditResult {
  schema: 'latentcheck/audit@1';
  seed: number;
  profile: ProfileName;
  trialsPerProperty: number;
  alpha: number;
  entries: AuditEntry[];
  provenance: SuiteResult['provenance'];
  timing: { startedAt: string; finishedAt: string; wallMs: number; executor?: string; workers?: number };
}

/** Options of `runAudit`: trials per property, which properties, and the suite options that still apply (workers, queue, store, modules, backend). */
export interface AuditOptions extends Omit<SuiteOptions, 'numRuns' | 'sequential' | 'shrinkBudget' | 'calibration' | 'correction' | 'alpha' | 'onProgress'> {
  /** Trials per property (default 100). */
  trials?: number;
  /** `theorem/property` or `property` ids to audit (default: every trained property). */
  only?: string[];
  /** Called as trials finish (as `runSuite`'s progress). */
  onProgress?: (p: SuiteProgress) => void;
}

/** The flag of an interval against p₀. */
export function auditFlag(interval: [number, number], p0: number): AuditFlag {
  if (interval[1] < p0) return 'below';
  if (interval[0] > p0) return 'above';
  return 'consistent';
}

/** The trained properties to audit, as theorems holding only them (ids checked). */
export function auditTargets(theorems: TheoremSpec[], profile: ProfileName, only: string[] = []): TheoremSpec[] {
  const matches = (t: TheoremSpec, p: PropertySpec) => only.length === 0 || only.some((o) => o === p.id || o === `${t.id}/${p.id}`);
  for (const o of only)
    if (!theorems.some((t) => t.properties.some((p) => p.kind === 'trained' && (o === p.id || o === `${t.id}/${p.id}`))))
      throw new InputError('property', o, `a trained property of the selected theorems, as theorem/property (${theorems.flatMap((t) => t.properties.filter((p) => p.kind === 'trained').map((p) => `${t.id}/${p.id}`)).join(', ') || 'none'})`);
  const out = theorems
    .map((t) => ({ ...t, properties: t.properties.filter((p) => p.kind === 'trained' && p.rule?.[profile] && matches(t, p)) }))
    .filter((t) => t.properties.length > 0);
  if (out.length === 0) throw new InputError('theorem', theorems.map((t) => t.id), 'theorems with at least one trained property');
  return out;
}

/** Run the audit. */
export async function runAudit(theorems: TheoremSpec[], o: AuditOptions): Promise<AuditResult> {
  const trials = o.trials ?? DEFAULT_AUDIT_TRIALS;
  if (!Number.isInteger(trials) || trials < 1) throw new InputError('trials', trials, 'a positive integer');
  const targets = auditTargets(theorems, o.profile, o.only);
  const r = await runSuite(targets, { ...o, numRuns: trials, sequential: false, shrinkBudget: 0, calibration: 0, correction: 'none' });
  const entries: AuditEntry[] = [];
  for (const t of targets)
    for (const p of t.properties) {
      const res = r.theorems.find((x) => x.id === t.id)!.properties.find((x) => x.propertyId === p.id)!;
      const outcomes = res.outcomes ?? [];
      const n = outcomes.length;
      const k = outcomes.filter((x) => x.pass).length;
      const declared = p.rule![o.profile]!;
      const interval = clopperPearson(k, n, AUDIT_ALPHA);
      entries.push({
        theoremId: t.id,
        propertyId: p.id,
        statement: p.statement,
        rule: { trials: declared.trials, minSuccesses: declared.minSuccesses, claimedRate: declared.claimedRate },
        trials: n,
        successes: k,
        lost: outcomes.filter((x) => x.status !== 'done').length,
        rate: k / n,
        interval,
        claimedRate: declared.claimedRate,
        flag: auditFlag(interval, declared.claimedRate),
        wallMs: res.timing?.wallMs ?? null,
      });
    }
  return {
    schema: 'latentcheck/audit@1',
    seed: r.seed,
    profile: o.profile,
    trialsPerProperty: trials,
    alpha: AUDIT_ALPHA,
    entries,
    provenance: r.provenance,
    timing: { startedAt: r.timing.startedAt, finishedAt: r.timing.finishedAt, wallMs: r.timing.wallMs, executor: r.timing.executor, workers: r.timing.workers },
  };
}
