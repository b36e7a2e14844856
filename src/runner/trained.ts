/**
 * Trained properties: trials in index order, a curtailed binomial test that stops once the verdict is
 * certain, and the result assembled from the decided prefix of trials. The same assembly serves the
 * in-process loop (`runTrainedSync`) and the worker-pool loop (`runTrainedAsync`), so a pooled, resumed
 * or interrupted run gives exactly the result of a plain one.
 */
import { InputError } from '../core/errors.ts';
import type { ProfileName } from '../theorem/profile.ts';
import type { CheckContext, PropertySpec, TheoremSpec } from '../theorem/types.ts';
import { decideRule, describeRule, RULE_ALPHA } from '../stats/rule.ts';
import type { SuccessRule } from '../stats/rule.ts';
import { criticalCount, sequentialState } from '../stats/sequential.ts';
import { replayCommand } from './commands.ts';
import { summarise } from './summary.ts';
import { runTrial, type TrialRecord } from './trials.ts';
import type { FailedTrial, PropertyArtifacts, PropertyResult } from './types.ts';

/** Most unsuccessful trials listed in a result. */
const MAX_LISTED_FAILURES = 20;
/** Trials whose curves are kept for the report. */
const MAX_CURVES = 12;

/** How a trained property's trials are decided. */
export interface TrainedPlan {
  rule: SuccessRule;
  /** Trials to run at most (the rule's, unless overridden). */
  trials: number;
  /** Level of the suite's test (default RULE_ALPHA). */
  alpha: number;
  /** Number of trained properties tested together (a sequential failure needs p ≤ alpha / family). */
  family: number;
  /** Stop once the verdict is certain (default true). */
  sequential: boolean;
}

export function planFor(prop: PropertySpec, profile: ProfileName, o: { numRuns?: number; alpha?: number; family?: number; sequential?: boolean } = {}): TrainedPlan {
  const declared = prop.rule?.[profile];
  if (!declared) throw new InputError(`property[${prop.id}].rule.${profile}`, declared, 'a success rule (trained properties)');
  const trials = o.numRuns ?? declared.trials;
  if (!Number.isInteger(trials) || trials < 1) throw new InputError('numRuns', trials, 'a positive integer');
  const alpha = o.alpha ?? RULE_ALPHA;
  // Overriding the number of trials restates the rule: the same claimed rate, tested over that many trials.
  const rule = trials === declared.trials ? declared : { trials, claimedRate: declared.claimedRate, minSuccesses: criticalCount(trials, declared.claimedRate, alpha) };
  return { rule, trials, alpha, family: o.family ?? 1, sequential: o.sequential ?? true };
}

/**
 * Length of the shortest prefix of `records` (index order, no gaps) after which the verdict is
 * certain, or null while open. Without sequential testing only the full run decides.
 */
export function decidedPrefix(records: TrialRecord[], plan: TrainedPlan): number | null {
  let s = 0;
  for (let r = 0; r <= records.length; r++) {
    if (r === plan.trials) return r;
    if (plan.sequential && sequentialState(s, r, plan.trials, plan.rule.claimedRate, plan.alpha, plan.family).decision !== 'open') return r;
    if (r < records.length && records[r].pass) s++;
  }
  return null;
}

function keptArtifacts(records: TrialRecord[]): PropertyArtifacts | undefined {
  const out: PropertyArtifacts = {};
  const withLatents = records.find((r) => r.artifacts?.latents);
  if (withLatents) out.latents = { trial: withLatents.index, ...withLatents.artifacts!.latents! };
  const curves = records
    .filter((r) => r.artifacts?.curves)
    .slice(0, MAX_CURVES)
    .flatMap((r) => r.artifacts!.curves!.map((c) => ({ trial: r.index, label: c.label, points: c.points })));
  if (curves.length > 0) out.curves = curves;
  const matrices = records
    .filter((r) => r.artifacts?.matrices)
    .slice(0, MAX_CURVES)
    .flatMap((r) => r.artifacts!.matrices!.map((m) => ({ trial: r.index, ...m })));
  if (matrices.length > 0) out.matrices = matrices;
  return out.latents || out.curves || out.matrices ? out : undefined;
}

/** The result of a trained property from its decided prefix of trials (unadjusted: method 'none'). */
export function assembleTrained(theorem: TheoremSpec, prop: PropertySpec, profile: ProfileName, seed: number, records: TrialRecord[], plan: TrainedPlan, wallMs: number): PropertyResult {
  const n = records.length;
  const successes = records.filter((r) => r.pass).length;
  const st = sequentialState(successes, n, plan.trials, plan.rule.claimedRate, plan.alpha, plan.family);
  const stoppedEarly = n < plan.trials;
  // Certain pass: every completion has p > α, so report the smallest; certain failure: the largest.
  const pValue = !stoppedEarly ? st.pValueRange[0] : st.decision === 'pass' ? st.pValueRange[0] : st.pValueRange[1];
  const rejected = st.decision === 'fail' || (!stoppedEarly && pValue <= plan.alpha);
  const verdict = decideRule({ ...plan.rule, trials: plan.trials }, successes, Math.max(n, 1));
  verdict.pass = !rejected;
  const failedTrials: FailedTrial[] = records
    .filter((r) => !r.pass)
    .slice(0, MAX_LISTED_FAILURES)
    .map((r) => ({
      index: r.index,
      statistic: r.statistic,
      ...(r.error ? { error: r.error } : {}),
      ...(r.details ? { details: r.details } : {}),
      replay: replayCommand(theorem.id, prop.id, seed, String(r.index), profile),
    }));
  const values = records.map((r) => r.statistic);
  const result: PropertyResult = {
    theoremId: theorem.id,
    propertyId: prop.id,
    kind: prop.kind,
    role: prop.role,
    statement: prop.statement,
    threshold: prop.threshold,
    direction: prop.direction,
    verdict: rejected ? 'fail' : 'pass',
    seed,
    numRuns: plan.trials,
    trials: n,
    shrinks: 0,
    statistic: summarise(prop.statisticName, values),
    values,
    outcomes: records.map((r) => ({ index: r.index, status: r.status, pass: r.pass, statistic: r.statistic })),
    test: { pValue, pValueRange: st.pValueRange, alpha: plan.alpha, method: 'none', rejected, stoppedEarly },
    rule: { ...verdict, statement: describeRule(plan.rule) },
    failedTrials,
    timing: { wallMs },
  };
  const artifacts = keptArtifacts(records);
  if (artifacts) result.artifacts = artifacts;
  if (rejected && failedTrials.length > 0) {
    const f = failedTrials[0];
    result.counterexample = {
      seed,
      path: String(f.index),
      world: null,
      outcome: { pass: false, statistic: f.statistic, ...(f.details ? { details: f.details } : {}), ...(f.error ? { error: f.error } : {}) },
      replay: f.replay,
    };
  }
  return result;
}

/** In-process loop: trials one after another until the verdict is certain. */
export function runTrainedSync(
  theorem: TheoremSpec,
  prop: PropertySpec,
  profile: ProfileName,
  seed: number,
  plan: TrainedPlan,
  ctx: CheckContext = {},
  onTrial?: (r: TrialRecord) => void,
): PropertyResult {
  const t0 = performance.now();
  const records: TrialRecord[] = [];
  while (decidedPrefix(records, plan) === null) {
    const rec = runTrial(prop, profile, seed, records.length, ctx);
    records.push(rec);
    onTrial?.(rec);
  }
  return assembleTrained(theorem, prop, profile, seed, records, plan, Math.round(performance.now() - t0));
}

/** Runs one trial somewhere (this thread, a worker); resolves to its record, never rejects for a failing trial. */
export type TrialRunner = (index: number, signal: AbortSignal) => Promise<TrialRecord>;

/**
 * Pool loop: keep up to `concurrency` trials in flight, in index order, skipping those already in
 * `done` (a resumed run); stop once the decided prefix is known and abort what is still running.
 * `onRecord` sees each newly finished trial (to append it to the run store).
 */
export async function runTrainedAsync(
  theorem: TheoremSpec,
  prop: PropertySpec,
  profile: ProfileName,
  seed: number,
  plan: TrainedPlan,
  run: TrialRunner,
  concurrency: number,
  done: Map<number, TrialRecord> = new Map(),
  onRecord?: (r: TrialRecord) => void,
): Promise<PropertyResult> {
  const t0 = performance.now();
  const controller = new AbortController();
  const inFlight = new Map<number, Promise<void>>();
  let next = 0;
  const prefix = (): TrialRecord[] => {
    const out: TrialRecord[] = [];
    while (done.has(out.length)) out.push(done.get(out.length)!);
    return out;
  };
  let cut = decidedPrefix(prefix(), plan);
  try {
    while (cut === null) {
      while (inFlight.size < concurrency && next < plan.trials) {
        const i = next++;
        if (done.has(i)) continue;
        inFlight.set(
          i,
          run(i, controller.signal).then((rec) => {
            inFlight.delete(i);
            if (controller.signal.aborted) return;
            done.set(i, rec);
            onRecord?.(rec);
          }),
        );
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
      cut = decidedPrefix(prefix(), plan);
    }
  } finally {
    controller.abort();
    await Promise.allSettled(inFlight.values());
  }
  const records = prefix().slice(0, cut ?? undefined);
  return assembleTrained(theorem, prop, profile, seed, records, plan, Math.round(performance.now() - t0));
}
