/**
 * Run a list of theorems: every property of every theorem from one run seed, its trials in a worker
 * pool (or on this thread), each finished trial appended to the run store, trained properties decided
 * by curtailed binomial tests and adjusted across the suite (Holm or Benjamini–Hochberg), failures of
 * trained properties re-run and shrunk. The CLI's `run` and the tests are thin shells over this.
 */
import { normaliseSeed } from '../rng/rng.ts';
import type { ProfileName } from '../theorem/profile.ts';
import type { CheckContext, PropertySpec, TheoremSpec } from '../theorem/types.ts';
import { initBackend } from '../tfjs/backend.ts';
import { InputError } from '../core/errors.ts';
import { RULE_ALPHA } from '../stats/rule.ts';
import { adjustedPValues, rejections, type MultipleTestingMethod } from '../stats/multiple.ts';
import { collectProvenance } from './provenance.ts';
import { propertySeed, trialsFor } from './runProperty.ts';
import { planFor, runTrainedAsync } from './trained.ts';
import { DEFAULT_SHRINK_BUDGET } from './shrink.ts';
import { RunStore, RUN_STORE_SCHEMA, type RunHeader } from './store.ts';
import { inProcessExecutor, poolExecutor, type Executor } from './executor.ts';
import { queueExecutor, type QueueExecutor, type QueueExecutorOptions } from './queue/executor.ts';
import type { TrialRecord } from './trials.ts';
import { calibrationRanges, calibrationSeed, combineCalibrationCounts, propertyCalibration, type CalibrationCounts, type OracleRole } from './calibration.ts';
import { theoremTiming, type TrialTime } from './theoremTiming.ts';
import type { PropertyResult, SuiteResult, TheoremResult } from './types.ts';

/** Progress event: a property started or finished, or one of its trials finished. */
export interface SuiteProgress {
  phase: 'start' | 'trial' | 'done';
  theoremId: string;
  propertyId: string;
  /** Properties finished so far, and in total. */
  done: number;
  total: number;
  /** Work units (one per exact property, one per trial) finished and planned (planned shrinks as trained properties stop early). */
  unitsDone: number;
  unitsPlanned: number;
  /** Verdicts so far (unadjusted for trained properties until the suite ends). */
  passed: number;
  failed: number;
  result?: PropertyResult;
  trial?: TrialRecord;
}

/**
 * Options of `runSuite`: run seed and profile, plus backend, worker pool, the trained properties' tests
 * (level, correction, early stopping), run store and resume, shrinking, calibration and a learner override.
 */
export interface SuiteOptions {
  seed: number;
  profile: ProfileName;
  /** Backend request (auto, wasm, cpu, node, node-gpu); defaults to flag/env resolution. */
  backend?: string;
  /** Called when a property starts, when one of its trials finishes, and when it is decided (see `SuiteProgress`). */
  onProgress?: (p: SuiteProgress) => void;
  /** Worker threads; 0 runs everything on this thread (default 0 here; the CLI defaults to the machine's cores). */
  workers?: number;
  /** Per-trial time limit in the pool (ms). */
  trialTimeoutMs?: number;
  /** Level of the suite's binomial tests (default 0.05) and the multiple-testing method (default holm). */
  alpha?: number;
  correction?: MultipleTestingMethod;
  /** Stop trained properties once their verdict is certain (default true). */
  sequential?: boolean;
  /** Run-store file (JSON lines); with `resume`, finished work in it is reused. */
  storePath?: string;
  resume?: boolean;
  /** User theorem modules (workers load them; recorded in the store header). */
  modules?: string[];
  /**
   * The suite's theorem modules that pool workers load before `modules` (not recorded: the store names user modules
   * only). `runSuite` from the package entry (`src/suite.ts`) fills in the built-in suite's.
   */
  suiteModules?: string[];
  /** Worlds evaluated while shrinking a trained counterexample (0: no re-run or shrink). */
  shrinkBudget?: number;
  /** Replications of each trained property's test with its oracle controls (0: no calibration; default 0). */
  calibration?: number;
  /** A learner replacing each property's own (in-process only). */
  learner?: CheckContext['learner'];
  /** Run every task on a BullMQ queue over Redis (workers: `latentcheck worker`) instead of here; `workers` is then ignored. */
  queue?: Omit<QueueExecutorOptions, 'timeoutMs' | 'backend'>;
  /** Called once the queue executor is connected (progress displays read its status). */
  onQueue?: (q: QueueExecutor) => void;
  /** Trials of every trained property (its rule restated at the same claimed rate); default: each rule's own. */
  numRuns?: number;
}

/** Default run seed of the suite (the same report every time unless a seed is given). */
export const DEFAULT_SEED = 20221;

export function citationString(t: TheoremSpec): string {
  const c = t.citation;
  return `${c.authors} (${c.year}). ${c.title}${c.venue ? `. ${c.venue}` : ''}${c.where ? `, ${c.where}` : ''}.`;
}

/**
 * Run every property of `theorems` under one run seed (module doc) and return the `results.json` record.
 * Exact properties run their fast-check worlds; trained properties run their trials (curtailed when
 * `sequential`), and their binomial p-values are adjusted across the suite (`correction` at level `alpha`),
 * which sets their verdicts; the first failing trial of each failing trained property is re-run with fresh
 * optimiser seeds and shrunk when the failure is confirmed. A failing property is a verdict, not a throw.
 * Throws `InputError` naming `seed`, `alpha` (not in (0, 1)) or `workers` (not a non-negative integer, or > 0
 * with a `learner` object, which cannot travel to worker threads).
 */
export async function runSuite(theorems: TheoremSpec[], opts: SuiteOptions): Promise<SuiteResult> {
  const seed = normaliseSeed(opts.seed);
  const alpha = opts.alpha ?? RULE_ALPHA;
  if (!(alpha > 0 && alpha < 1)) throw new InputError('alpha', alpha, 'a level in (0, 1)');
  const method = opts.correction ?? 'holm';
  const sequential = opts.sequential ?? true;
  const workers = opts.workers ?? 0;
  if (!Number.isInteger(workers) || workers < 0) throw new InputError('workers', workers, 'a non-negative integer');
  if (opts.learner && (workers > 0 || opts.queue)) throw new InputError('workers', workers, '0 and no queue when a learner object is plugged in (objects cannot travel to workers)');
  if (opts.numRuns !== undefined && !(Number.isInteger(opts.numRuns) && opts.numRuns >= 1)) throw new InputError('numRuns', opts.numRuns, 'a positive integer');
  const startedAt = new Date();
  const t0 = performance.now();
  const backend = await initBackend(opts.backend);

  const pairs = theorems.flatMap((t) => t.properties.map((p) => ({ theorem: t, prop: p })));
  const family = pairs.filter((x) => x.prop.kind === 'trained').length || 1;
  const header: RunHeader = {
    schema: RUN_STORE_SCHEMA,
    seed,
    profile: opts.profile,
    alpha,
    correction: method,
    sequential,
    properties: pairs.map((x) => `${x.theorem.id}/${x.prop.id}`),
    modules: opts.modules ?? [],
    ...(opts.numRuns !== undefined ? { numRuns: opts.numRuns } : {}),
  };
  const ctx: CheckContext = opts.learner ? { learner: opts.learner } : {};
  // The executor first: an unreachable queue stops the run before the store is touched.
  let executor: Executor;
  if (opts.queue) {
    const q = await queueExecutor({ ...opts.queue, timeoutMs: opts.trialTimeoutMs, backend: opts.backend });
    opts.onQueue?.(q);
    executor = q;
  } else executor = workers > 0 ? poolExecutor({ workers, suiteModules: opts.suiteModules, modules: opts.modules, backend: opts.backend, timeoutMs: opts.trialTimeoutMs }) : inProcessExecutor(theorems, ctx);
  let store: RunStore;
  try {
    store = opts.storePath ? RunStore.open(opts.storePath, header, opts.resume ?? false) : RunStore.memory();
  } catch (e) {
    await executor.close();
    throw e;
  }

  let done = 0;
  let unitsDone = 0;
  let unitsPlanned = pairs.reduce((s, x) => s + (x.prop.kind === 'trained' ? (opts.numRuns ?? trialsFor(x.prop, opts.profile)) : 1), 0);
  let passed = 0;
  let failed = 0;
  const emit = (phase: SuiteProgress['phase'], theoremId: string, propertyId: string, extra: Partial<SuiteProgress> = {}) =>
    opts.onProgress?.({ phase, theoremId, propertyId, done, total: pairs.length, unitsDone, unitsPlanned, passed, failed, ...extra });

  // Trained properties' trials as recorded (resumed ones included): count and summed wall time, for the theorem timings.
  const trialTimes = new Map<string, Map<string, TrialTime>>();
  const countTrial = (theoremId: string, propertyId: string, rec: TrialRecord) => {
    const byProp = trialTimes.get(theoremId) ?? new Map<string, TrialTime>();
    trialTimes.set(theoremId, byProp);
    const t = byProp.get(propertyId) ?? { trials: 0, wallMs: 0 };
    byProp.set(propertyId, { trials: t.trials + 1, wallMs: t.wallMs + rec.wallMs });
  };

  const runOne = async (theorem: TheoremSpec, prop: PropertySpec): Promise<PropertyResult> => {
    emit('start', theorem.id, prop.id);
    let r: PropertyResult;
    if (prop.kind === 'exact' || !prop.rule) {
      const stored = store.exactOf(theorem.id, prop.id);
      r = stored ?? (await executor.exact({ type: 'exact', theoremId: theorem.id, propertyId: prop.id, profile: opts.profile, runSeed: seed }));
      if (!stored) store.append({ type: 'exact', theoremId: theorem.id, propertyId: prop.id, result: r });
      unitsDone++;
    } else {
      const pSeed = propertySeed(seed, theorem.id, prop.id);
      const plan = planFor(prop, opts.profile, { alpha, family, sequential, numRuns: opts.numRuns });
      const existing = store.trialsOf(theorem.id, prop.id);
      unitsDone += [...existing.keys()].filter((i) => i < plan.trials).length;
      for (const [i, rec] of existing) if (i < plan.trials) countTrial(theorem.id, prop.id, rec);
      r = await runTrainedAsync(
        theorem,
        prop,
        opts.profile,
        pSeed,
        plan,
        (index, signal) => executor.trial({ type: 'trial', theoremId: theorem.id, propertyId: prop.id, profile: opts.profile, seed: pSeed, index, attempt: 0 }, signal),
        executor.concurrency,
        existing,
        (rec) => {
          store.append({ type: 'trial', theoremId: theorem.id, propertyId: prop.id, record: rec });
          countTrial(theorem.id, prop.id, rec);
          unitsDone++;
          emit('trial', theorem.id, prop.id, { trial: rec });
        },
      );
      // Trials the curtailed test did not need leave the plan.
      unitsPlanned -= plan.trials - Math.max(r.trials, [...existing.keys()].filter((i) => i < plan.trials).length);
    }
    done++;
    if (r.verdict === 'pass') passed++;
    else failed++;
    emit('done', theorem.id, prop.id, { result: r });
    return r;
  };

  let results: PropertyResult[];
  try {
    results = await Promise.all(pairs.map((x) => runOne(x.theorem, x.prop)));
    adjust(results, alpha, method, family);
    const reps = opts.calibration ?? 0;
    if (reps > 0) await calibrate(pairs, results, executor, opts.profile, seed, reps, alpha);
    const shrinkBudget = opts.shrinkBudget ?? DEFAULT_SHRINK_BUDGET;
    if (shrinkBudget > 0) await confirmFailures(results, executor, store, opts.profile, shrinkBudget);
  } finally {
    await executor.close();
  }

  const byTheorem: TheoremResult[] = theorems.map((theorem) => {
    const props = results.filter((r) => r.theoremId === theorem.id);
    return {
      id: theorem.id,
      title: theorem.title,
      citation: citationString(theorem),
      claim: theorem.claim,
      predictedClass: theorem.predictedClass.name,
      assumptions: theorem.assumptions.map((a) => ({ ...a })),
      verdict: props.every((p) => p.verdict === 'pass') ? 'pass' : 'fail',
      properties: props,
      timing: theoremTiming(props, trialTimes.get(theorem.id) ?? new Map()),
    };
  });
  const nPassed = results.filter((p) => p.verdict === 'pass').length;
  return {
    schema: 'latentcheck/results@1',
    seed,
    profile: opts.profile,
    provenance: collectProvenance({ ...backend }),
    multipleTesting: { method, alpha, family, sequential },
    summary: { theorems: byTheorem.length, properties: results.length, passed: nPassed, failed: results.length - nPassed },
    theorems: byTheorem,
    timing: {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      wallMs: Math.round(performance.now() - t0),
      workers: executor.concurrency,
      executor: executor.kind,
      resumedEntries: store.resumed,
    },
  };
}

/** Apply the suite's multiple-testing procedure to the trained properties' p-values; set their verdicts. */
export function adjust(results: PropertyResult[], alpha: number, method: MultipleTestingMethod, family: number): void {
  const tested = results.filter((r) => r.test);
  const ps = tested.map((r) => r.test!.pValue);
  const rej = rejections(ps, alpha, method);
  const adj = adjustedPValues(ps, method);
  tested.forEach((r, i) => {
    r.test = { ...r.test!, method, alpha, rejected: rej[i], adjustedPValue: adj[i], family };
    r.verdict = rej[i] ? 'fail' : 'pass';
    if (!rej[i]) delete r.counterexample;
  });
}

/** Replications of one oracle handed to the executor as one task (small enough to spread over the workers). */
export const CALIBRATION_CHUNK = 25;

/**
 * Oracle calibration of every trained property with oracle controls, in chunks of `CALIBRATION_CHUNK` replications run by
 * the executor (all workers at once); the counts do not depend on the split (`calibrationChunk`).
 */
async function calibrate(
  pairs: { theorem: TheoremSpec; prop: PropertySpec }[],
  results: PropertyResult[],
  executor: Executor,
  profile: ProfileName,
  runSeed: number,
  replications: number,
  alpha: number,
): Promise<void> {
  await Promise.all(
    pairs.map(async ({ theorem, prop }) => {
      if (!prop.rule || !prop.oracle) return;
      const t0 = performance.now();
      const seed = calibrationSeed(runSeed, theorem.id, prop.id);
      const oracle = (role: OracleRole) =>
        Promise.all(
          calibrationRanges(replications, CALIBRATION_CHUNK).map(
            ([from, to]) =>
              executor.raw({ type: 'calibrate', theoremId: theorem.id, propertyId: prop.id, profile, seed, oracle: role, from, to, alpha }) as Promise<CalibrationCounts>,
          ),
        ).then(combineCalibrationCounts);
      const [positive, negative] = await Promise.all([oracle('positive'), oracle('negative')]);
      results.find((r) => r.theoremId === theorem.id && r.propertyId === prop.id)!.calibration = propertyCalibration(
        theorem,
        prop,
        profile,
        alpha,
        positive,
        negative,
        Math.round(performance.now() - t0),
      );
    }),
  );
}

/** Re-run the first failing trial of each failing trained property and shrink it when the failure is confirmed. */
async function confirmFailures(
  results: PropertyResult[],
  executor: Executor,
  store: RunStore,
  profile: ProfileName,
  budget: number,
): Promise<void> {
  await Promise.all(
    results.map(async (r) => {
      if (r.kind !== 'trained' || r.verdict !== 'fail' || !r.failedTrials || r.failedTrials.length === 0) return;
      const stored = store.shrinkOf(r.theoremId, r.propertyId);
      const index = r.failedTrials[0].index;
      const first = store.trialsOf(r.theoremId, r.propertyId).get(index);
      const c =
        stored ??
        (await executor.shrink({ type: 'shrink', theoremId: r.theoremId, propertyId: r.propertyId, profile, seed: r.seed, index, budget, ...(first ? { first } : {}) }));
      if (!stored) store.append({ type: 'shrink', theoremId: r.theoremId, propertyId: r.propertyId, counterexample: c });
      r.counterexample = c;
      r.shrinks = c.shrinks ?? 0;
    }),
  );
}
