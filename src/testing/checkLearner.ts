/**
 * Plug your own learner into a theorem: `checkLearner(theorem, learner)` runs every trained property of the
 * theorem that accepts a learner (its `learnerSlot` says what data the learner is fitted on) with the user's
 * learner in place of the theorem's own, through the same runner as `latentcheck run`, and returns a
 * `LearnerRun` for the vitest matchers (`toBeIdentifiedUpTo`, `toPassProperty`, `toNotRegressFrom`).
 *
 * A learner is any object of the learner shape (see `src/learners/types.ts`):
 *   { name, objective, fit(data: PairData, seeds: { init: Rng, batching: Rng }) → { encode(x), train, learned, dispose() } }
 */
import fc from 'fast-check';
import { InputError, LatentcheckError } from '../core/errors.ts';
import { normaliseSeed } from '../rng/rng.ts';
import { resolveProfile } from '../theorem/profile.ts';
import type { ProfileName } from '../theorem/profile.ts';
import { defineTheorem } from '../theorem/define.ts';
import type { PropertySpec, TheoremSpec } from '../theorem/types.ts';
import type { FittedEncoder, Learner, LearnerSeeds, PairData } from '../learners/types.ts';
import { evaluateWorld, runProperty } from '../runner/runProperty.ts';
import type { Counterexample, PropertyResult } from '../runner/types.ts';
import type { LearnerRun } from './types.ts';

/** The suite's default run seed (`DEFAULT_SEED` of runSuite.ts, restated to keep tfjs out of this module's imports). */
export const DEFAULT_LEARNER_SEED = 20221;

/** Options of `checkLearner`: run seed, profile, which properties, early stopping, trials per property, backend and a per-property callback. */
export interface CheckLearnerOptions {
  /** Run seed (default 20221, the suite's). */
  seed?: number;
  /** 'quick' or 'full' (default: LATENTCHECK_PROFILE, else 'quick'). */
  profile?: ProfileName;
  /** Only these properties (ids of trained properties with a `learnerSlot`). */
  properties?: string[];
  /**
   * Stop each property once its verdict is certain (default true). Use false for a baseline you will
   * compare against: regression tests need every trial.
   */
  sequential?: boolean;
  /** Override the number of trials per property (the success rule's threshold is capped at it). */
  trials?: number;
  /**
   * TensorFlow.js backend to initialise first (auto, wasm, cpu, node, node-gpu), as `latentcheck run --backend`.
   * Default: the backend already active, else `LATENTCHECK_BACKEND` or auto.
   */
  backend?: string;
  /** Called after each property. */
  onProperty?: (result: PropertyResult) => void;
}

/** Trained properties of a theorem that accept a plugged-in learner. */
export function learnerProperties(theorem: TheoremSpec): PropertySpec[] {
  return theorem.properties.filter((p) => p.kind === 'trained' && typeof p.learnerSlot === 'string');
}

function validateLearner(learner: unknown): Learner<PairData> {
  const shape = "an object with the learner shape { name, objective, fit(data, seeds) → { encode, train, learned, dispose } }";
  if (typeof learner !== 'object' || learner === null) throw new InputError('learner', learner, shape);
  const l = learner as Partial<Learner>;
  if (typeof l.name !== 'string' || l.name === '') throw new InputError('learner.name', l.name, 'a non-empty name');
  if (typeof l.fit !== 'function') throw new InputError('learner.fit', l.fit, 'a function fit(data, seeds) returning an encoder');
  return learner as Learner<PairData>;
}

/**
 * The learner, with what its `fit` returns checked: a malformed encoder fails its trial with a message naming
 * the missing member, instead of a TypeError deep inside the check.
 */
function guardLearner(learner: Learner<PairData>): Learner<PairData> {
  return {
    name: learner.name,
    objective: learner.objective,
    fit(data: PairData, seeds: LearnerSeeds): FittedEncoder {
      const enc = learner.fit(data, seeds) as Partial<FittedEncoder> | undefined;
      const field = `learner[${learner.name}].fit(…)`;
      if (typeof enc !== 'object' || enc === null) throw new InputError(field, enc, 'an encoder { encode, train, learned, dispose }');
      for (const m of ['encode', 'dispose'] as const)
        if (typeof enc[m] !== 'function') throw new InputError(`${field}.${m}`, enc[m], 'a function');
      if (typeof enc.train !== 'object' || enc.train === null) throw new InputError(`${field}.train`, enc.train, 'a training record { steps, curve, finalLoss, stoppedBy, wallMs }');
      return enc as FittedEncoder;
    },
  };
}

async function resolveTheorem(theorem: TheoremSpec | string): Promise<TheoremSpec> {
  if (typeof theorem === 'string') {
    // Loaded lazily: the registry imports the built-in theorems and their tfjs learners.
    const { getTheorem } = await import('../suite.ts');
    return getTheorem(theorem);
  }
  return defineTheorem(theorem);
}

/** Run a theorem's learner-accepting trained properties with `learner` plugged in. */
export async function checkLearner(theorem: TheoremSpec | string, learner: Learner<any>, opts: CheckLearnerOptions = {}): Promise<LearnerRun> {
  const spec = await resolveTheorem(theorem);
  const user = validateLearner(learner);
  const seed = normaliseSeed(opts.seed ?? DEFAULT_LEARNER_SEED, 'seed');
  const profile = resolveProfile(opts.profile ?? process.env.LATENTCHECK_PROFILE, 'profile');
  if (opts.trials !== undefined && (!Number.isInteger(opts.trials) || opts.trials < 1)) throw new InputError('trials', opts.trials, 'a positive integer');
  const accepting = learnerProperties(spec);
  if (accepting.length === 0)
    throw new InputError('theorem', spec.id, 'a theorem with at least one trained property that accepts a learner (a property with learnerSlot)');
  let selected = accepting;
  if (opts.properties !== undefined) {
    if (!Array.isArray(opts.properties) || opts.properties.length === 0) throw new InputError('properties', opts.properties, 'a non-empty array of property ids');
    selected = opts.properties.map((id, i) => {
      const p = accepting.find((x) => x.id === id);
      if (!p) throw new InputError(`properties[${i}]`, id, `a property of ${spec.id} that accepts a learner (one of: ${accepting.map((x) => x.id).join(', ')})`);
      return p;
    });
  }
  // Initialise the backend unless one is active (default: auto, or LATENTCHECK_BACKEND): a tfjs learner used
  // before any initialisation would make tfjs pick wasm synchronously, before it is ready.
  const { activeBackendInfo, initBackend } = await import('../tfjs/backend.ts');
  if (opts.backend !== undefined || activeBackendInfo() === null) await initBackend(opts.backend);
  const guarded = guardLearner(user);
  const properties: PropertyResult[] = [];
  for (const prop of selected) {
    const r = runProperty(spec, prop, { seed, profile, learner: guarded, sequential: opts.sequential ?? true, ...(opts.trials !== undefined ? { numRuns: opts.trials } : {}) });
    // The runner's replay commands would use the theorem's own learner: point them at the plugged-in one.
    const replay = (path: string) => replayCall({ id: spec.id, byId: typeof theorem === 'string' }, profile, prop.id, r.seed, path);
    for (const f of r.failedTrials ?? []) f.replay = replay(String(f.index));
    if (r.counterexample) r.counterexample.replay = replay(r.counterexample.path);
    properties.push(r);
    opts.onProperty?.(r);
  }
  return {
    schema: 'latentcheck/learner-run@1',
    theoremId: spec.id,
    theoremTitle: spec.title,
    predictedClass: { ...spec.predictedClass },
    learner: { name: user.name, objective: typeof user.objective === 'string' ? user.objective : '' },
    seed,
    profile,
    verdict: properties.every((p) => p.verdict === 'pass') ? 'pass' : 'fail',
    properties,
  };
}

/**
 * The call that replays one trial of a learner run (in failing trials and matcher messages): the theorem by id
 * when it was given by id (a registered theorem), else a placeholder for the spec object.
 */
export function replayCall(theorem: { id: string; byId: boolean }, profile: ProfileName, propertyId: string, seed: number, path: string): string {
  const t = theorem.byId ? `'${theorem.id}'` : `theorem /* ${theorem.id} */`;
  return `replayLearnerTrial(${t}, '${propertyId}', learner, { seed: ${seed}, path: '${path}', profile: '${profile}' })`;
}

/**
 * What `replayLearnerTrial` returns: where the trial is (theorem, property, fast-check seed and path), its world
 * as the property describes it, and what the check measured on it with the learner plugged in.
 */
export interface LearnerTrialReplay {
  theoremId: string;
  propertyId: string;
  seed: number;
  path: string;
  world: unknown;
  outcome: Counterexample['outcome'];
}

/**
 * Re-run one trial of a learner run: the world at fast-check `seed` and `path` (a trial index, as listed in a
 * failing run), with `learner` plugged in. The property's seed is `result.seed` of its PropertyResult.
 */
export async function replayLearnerTrial(
  theorem: TheoremSpec | string,
  propertyId: string,
  learner: Learner<any>,
  at: { seed: number; path: string; profile?: ProfileName },
): Promise<LearnerTrialReplay> {
  const spec = await resolveTheorem(theorem);
  const prop = learnerProperties(spec).find((p) => p.id === propertyId);
  if (!prop) throw new InputError('propertyId', propertyId, `a property of ${spec.id} that accepts a learner (one of: ${learnerProperties(spec).map((p) => p.id).join(', ')})`);
  const user = guardLearner(validateLearner(learner));
  if (!Number.isInteger(at.seed)) throw new InputError('seed', at.seed, 'the integer fast-check seed of the property');
  if (typeof at.path !== 'string' || !/^\d+$/.test(at.path)) throw new InputError('path', at.path, "a trial index such as '3'");
  const profile = resolveProfile(at.profile, 'profile');
  let world: { value: unknown } | null = null;
  fc.check(
    fc.property(prop.arbitrary(profile), (w) => {
      world = { value: w };
      return true;
    }),
    { seed: at.seed, path: at.path, numRuns: 1 },
  );
  const found = world as { value: unknown } | null;
  if (found === null) throw new LatentcheckError(`replay: no world at seed ${at.seed}, path ${at.path}`);
  const outcome = evaluateWorld(prop, found.value, profile, { learner: user });
  let described: unknown;
  try {
    described = prop.describeWorld(found.value);
  } catch (e) {
    described = { error: `describeWorld threw: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { theoremId: spec.id, propertyId, seed: at.seed, path: at.path, world: described, outcome };
}
