/**
 * `identify`: up to which class does a learner identify the latents on a theorem's worlds?
 *
 * For a trained property, train its learner (or a plugged-in one) on N sampled worlds — the property's own
 * trials: world i is fast-check path i under the property seed, exactly the worlds `latentcheck run` uses —
 * with S training seeds per world, and fit every class of the lattice (`buildLattice`) to
 *   - h_s: z → ẑ_s for every seed s (upper evidence: distance ≤ tolerance means h_s is inside the class);
 *   - ẑ_0 → ẑ_s, the map between two seeds on the same world (tightness: a seed-to-seed map outside a class
 *     shows the learner leaves that freedom, rather than only failing to optimise).
 * A trial is inside a class when every seed's h is; the class contains h when it is inside in ≥ `share` of
 * the trials. The finest classes are the minimal ones containing h (the order is partial). Against the
 * theorem's predicted class P: `wider` when P does not contain h (with a counterexample: the first world with
 * h outside P, re-run with fresh optimiser seeds and, if it is outside again, shrunk as the runner shrinks
 * trained counterexamples), `narrower` when some class strictly finer than P contains h, else `agrees`.
 *
 * The latents are read through `recordTrialFits` (every trained check trains through `fitTrial`), so no
 * theorem needs a second code path; each property states its prediction in `identify` (PropertySpec).
 */
import fc from 'fast-check';
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import type { ProfileName } from '../theorem/profile.ts';
import { recordTrialFits } from '../theorem/trial.ts';
import type { TrialFit } from '../theorem/trial.ts';
import type { CheckContext, PropertySpec, TheoremSpec } from '../theorem/types.ts';
import type { Learner } from '../learners/types.ts';
import { clopperPearson } from '../stats/binomial.ts';
import { propertySeed } from '../runner/runProperty.ts';
import { worldAt } from '../runner/trials.ts';
import { quantileSorted } from '../runner/summary.ts';
import { DEFAULT_SEED } from '../runner/runSuite.ts';
import { isConstant } from '../classes/samples.ts';
import { assertLatticeId, buildLattice, coveringPairs, latticeContains, measureInclusions, NONE_ID, strictlyFiner, type LatticeNode } from './lattice.ts';
import { deriveSeed, normaliseSeed, Rng } from '../rng/rng.ts';
import type { ClassEvidence, DistanceSummary, IdentifyCounterexample, IdentifyResult, IdentifyTrial, IdentifyVerdict } from './types.ts';

/**
 * Default tolerance on the class distance (fraction of ẑ's variance the best map of the class leaves
 * unexplained): 0.1, the in-class tolerance of the trained theorems (TOL.classDistance / centralizerDistance in
 * theorems/ahuja2022-*-trained.ts: "a few per cent after short training, ≥ 10 % means outside the class"); an
 * oracle encoder with the suite's 2 % estimation noise (ORACLE_NOISE_SHARE) sits at ≈ 0.02.
 */
export const DEFAULT_TOLERANCE = 0.1;
/** Default share of trials in which a class must contain h: 3 of 4 trials at the default N = 4. */
export const DEFAULT_SHARE = 0.75;
export const DEFAULT_TRIALS = 4;
export const DEFAULT_SEEDS = 2;
/** Worlds evaluated while shrinking an identify counterexample (each costs up to two trainings of S seeds). */
export const DEFAULT_IDENTIFY_SHRINK_BUDGET = 4;

/** Options of `identifyProperty`: profile, seed, worlds N and seeds S, the class-fit tolerance and the share of trials that must be inside, an optional plugged-in learner and predicted class. */
export interface IdentifyOptions {
  profile?: ProfileName;
  /** Run seed (default 20221, as `run`). */
  seed?: number;
  /** Worlds N ≥ 2 (default 4). */
  trials?: number;
  /** Training seeds per world S ≥ 2 (default 2): two seeds are needed for the tightness evidence. */
  seeds?: number;
  /** Class-fit distance at or below which h is inside a class (default as the CLI). */
  tolerance?: number;
  share?: number;
  /** A learner replacing the property's own (see CheckContext.learner). */
  learner?: Learner<any>;
  /** Predicted class id overriding the property's `identify.predicted`. */
  predicted?: string;
  /** Restrict the lattice to these class ids (`none` is always kept). */
  classes?: string[];
  /** Worlds evaluated while shrinking a counterexample (0: no re-run and no shrinking). */
  shrinkBudget?: number;
  /** The learner module path, for the replay command. */
  learnerModule?: string;
  /** Called after each world with its recorded fits and the progress (done of total). */
  onTrial?: (t: IdentifyTrial, done: number, total: number) => void;
}

interface Resolved {
  profile: ProfileName;
  seed: number;
  trials: number;
  seeds: number;
  tolerance: number;
  share: number;
  predicted: string | null;
  classes?: string[];
  shrinkBudget: number;
}

function resolve(prop: PropertySpec, theorem: TheoremSpec, o: IdentifyOptions): Resolved {
  if (prop.kind !== 'trained')
    throw new InputError('property', prop.id, `a trained property of ${theorem.id} (one whose check trains a learner; ${prop.id} is ${prop.kind}: no learner)`);
  const trials = o.trials ?? DEFAULT_TRIALS;
  if (!Number.isInteger(trials) || trials < 2) throw new InputError('trials', trials, 'an integer N ≥ 2 (worlds; a share over one world says nothing)');
  const seeds = o.seeds ?? DEFAULT_SEEDS;
  if (!Number.isInteger(seeds) || seeds < 2) throw new InputError('seeds', seeds, 'an integer ≥ 2 (training seeds per world; two are needed to see the freedom the learner leaves)');
  const tolerance = o.tolerance ?? DEFAULT_TOLERANCE;
  if (typeof tolerance !== 'number' || !(tolerance > 0 && tolerance < 1)) throw new InputError('tolerance', tolerance, 'a distance in (0, 1)');
  const share = o.share ?? DEFAULT_SHARE;
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) throw new InputError('share', share, 'a share in (0, 1]');
  const shrinkBudget = o.shrinkBudget ?? DEFAULT_IDENTIFY_SHRINK_BUDGET;
  if (!Number.isInteger(shrinkBudget) || shrinkBudget < 0) throw new InputError('shrinkBudget', shrinkBudget, 'a non-negative integer');
  const classes = o.classes?.map((c, i) => assertLatticeId(`classes[${i}]`, c));
  const declared = o.predicted ?? prop.identify?.predicted ?? null;
  const predicted = declared === null ? null : assertLatticeId(o.predicted !== undefined ? 'predicted' : `property[${prop.id}].identify.predicted`, declared);
  if (predicted !== null && classes && predicted !== NONE_ID && !classes.includes(predicted))
    throw new InputError('classes', o.classes, `a list that includes the predicted class ${predicted}`);
  return { profile: o.profile ?? 'quick', seed: normaliseSeed(o.seed ?? DEFAULT_SEED), trials, seeds, tolerance, share, predicted, classes, shrinkBudget };
}

/** Train on one world with S seeds and return the first recorded fit (or the error that stopped it). */
function trainWorld(prop: PropertySpec, world: unknown, r: Resolved, ctx: CheckContext, attempt: number): { fit: TrialFit | null; check: IdentifyTrial['check']; error?: string } {
  try {
    const { result, fits } = recordTrialFits(r.seeds, () => prop.check(world, r.profile, { ...ctx, attempt }), attempt);
    if (fits.length === 0)
      throw new InputError('property', prop.id, 'a trained property whose check trains through fitTrial (this one recorded no training: it has no learner identify can read)');
    return { fit: fits[0], check: { pass: result.pass === true, statistic: Number.isFinite(result.statistic) ? result.statistic : null } };
  } catch (e) {
    if (e instanceof InputError && e.field === 'property') throw e;
    return { fit: null, check: null, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Class distances of every seed's h and of the seed-to-seed maps. */
export function measureLatents(nodes: readonly LatticeNode[], z: Mat, zhat: readonly Mat[]): { distance: Record<string, number[]>; seedDistance: Record<string, number[]> } {
  const distance: Record<string, number[]> = {};
  const seedDistance: Record<string, number[]> = {};
  // A seed whose ẑ has a constant coordinate is not an invertible map of z (a collapsed encoder): it is outside
  // every class but `none`, although the distance convention gives a constant ẑ distance 0.
  const collapsed = zhat.map((zh) => zh[0].some((_, j) => isConstant(zh.map((r) => [r[j]]))));
  for (const n of nodes) {
    if (n.cls === null) {
      distance[n.id] = zhat.map(() => 0);
      seedDistance[n.id] = zhat.slice(1).map(() => 0);
      continue;
    }
    const cls = n.cls;
    distance[n.id] = zhat.map((zh, s) => (collapsed[s] ? 1 : cls.fit(z, zh).distance));
    seedDistance[n.id] = zhat.slice(1).map((zh, s) => (collapsed[0] || collapsed[s + 1] ? 1 : cls.fit(zhat[0], zh).distance));
  }
  return { distance, seedDistance };
}

function worldLattice(prop: PropertySpec, world: unknown, r: Resolved, dim: number): LatticeNode[] {
  return buildLattice(dim, prop.identify?.classes?.(world, r.profile) ?? [], r.classes);
}

/** Evaluate one world (path) into a trial record. */
function evaluateWorld(prop: PropertySpec, world: unknown, path: string, index: number, r: Resolved, ctx: CheckContext, attempt = 0): IdentifyTrial {
  const t0 = performance.now();
  const base = { index, path, world: describe(prop, world) };
  const run = trainWorld(prop, world, r, ctx, attempt);
  if (run.fit === null) return { ...base, dim: 0, check: null, distance: {}, seedDistance: {}, error: run.error, wallMs: Math.round(performance.now() - t0) };
  const { z, zhat } = run.fit;
  const dim = z[0]?.length ?? 0;
  try {
    if (zhat.some((m) => m[0]?.length !== dim)) throw new InputError('zhat.cols', zhat.map((m) => m[0]?.length), `${dim} columns, the dimension of z (identify compares maps on R^d)`);
    const nodes = worldLattice(prop, world, r, dim);
    return { ...base, dim, check: run.check, ...measureLatents(nodes, z, zhat), wallMs: Math.round(performance.now() - t0) };
  } catch (e) {
    if (e instanceof InputError && e.field.startsWith('identify.classes')) throw e;
    return { ...base, dim, check: run.check, distance: {}, seedDistance: {}, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), wallMs: Math.round(performance.now() - t0) };
  }
}

function describe(prop: PropertySpec, world: unknown): unknown {
  try {
    return prop.describeWorld(world);
  } catch (e) {
    return { error: `describeWorld threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function summary(values: number[]): DistanceSummary {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return v.length === 0 ? { median: null, min: null, max: null } : { median: quantileSorted(v, 0.5), min: v[0], max: v[v.length - 1] };
}

const worst = (v: number[] | undefined): number => (v && v.length > 0 ? Math.max(...v) : Number.NaN);

/** Whether every seed's h of a trial is inside class `id` (false for a trial that did not measure it). */
export function trialInside(t: IdentifyTrial, id: string, tolerance: number): boolean {
  const d = t.distance[id];
  return d !== undefined && d.length > 0 && d.every((x) => x <= tolerance);
}

/** The evidence table and verdict from the trial records (pure: the same records give the same result). */
export function decideIdentify(
  records: readonly IdentifyTrial[],
  nodes: readonly { id: string; name: string }[],
  tolerance: number,
  share: number,
  predicted: string | null,
  measured: readonly (readonly [string, string])[] = [],
): Pick<IdentifyResult, 'classes' | 'edges' | 'finest' | 'verdict' | 'explanation'> {
  // A trial that errored counts against every class but `none`: its h is not known to be anywhere.
  const n = records.length;
  const evidence = nodes.map((node) => {
    const inside = records.filter((t) => trialInside(t, node.id, tolerance) || node.id === NONE_ID).length;
    const disagree = records.filter((t) => (t.seedDistance[node.id] ?? []).some((x) => x > tolerance)).length;
    return {
      id: node.id,
      name: node.name,
      inside,
      trials: n,
      share: inside / n,
      interval95: clopperPearson(inside, n),
      distance: summary(records.map((t) => worst(t.distance[node.id]))),
      seedsDisagree: disagree,
      seedsDisagreeShare: disagree / n,
      seedsDisagreeInterval95: clopperPearson(disagree, n),
      seedDistance: summary(records.map((t) => worst(t.seedDistance[node.id]))),
      status: 'excluded' as ClassEvidence['status'],
    };
  });
  // Tolerate float round-off in share × n (e.g. 0.75 × 4).
  const holds = (e: { inside: number; trials: number }) => e.inside >= share * e.trials - 1e-9;
  const containing = evidence.filter(holds).map((e) => e.id);
  const finest = containing.filter((a) => !containing.some((b) => strictlyFiner(b, a, measured)));
  for (const e of evidence) e.status = finest.includes(e.id) ? 'finest' : containing.includes(e.id) ? 'contains' : 'excluded';
  const ids = nodes.map((x) => x.id);
  const edges = coveringPairs(ids, measured);
  const pct = (e: { inside: number; trials: number }) => `${e.inside}/${e.trials}`;
  let verdict: IdentifyVerdict;
  let explanation: string;
  if (predicted === null) {
    verdict = 'no-prediction';
    explanation = `The property states no predicted class; observed finest: ${finest.join(', ')}.`;
  } else {
    const p = evidence.find((e) => e.id === predicted);
    if (!p) throw new InputError('predicted', predicted, `a class of the lattice (${ids.join(', ')})`);
    // Narrower: h lies in a class Q that does not contain the predicted class P, so h ∈ P ∩ Q ⊊ P (Q strictly
    // finer than P, or not comparable with it: e.g. signed permutation ∩ diagonal centralizer = signed diagonals).
    const narrower = finest.filter((id) => !latticeContains(id, predicted, measured));
    if (!holds(p)) {
      verdict = 'wider';
      explanation = `h is inside the predicted class ${predicted} in only ${pct(p)} trials (< ${share} of them): the learner identifies less than predicted; observed finest: ${finest.join(', ')}.`;
    } else if (narrower.length > 0) {
      verdict = 'narrower';
      explanation = `h is inside ${narrower.join(' and ')}, which ${narrower.length > 1 ? 'do' : 'does'} not contain the predicted ${predicted}, in ≥ ${share} of the trials (${narrower.map((id) => pct(evidence.find((e) => e.id === id)!)).join(', ')}): h lies in a strictly smaller set than predicted.`;
    } else {
      verdict = 'agrees';
      explanation = `h is inside the predicted class ${predicted} in ${pct(p)} trials and no strictly finer class contains it in ≥ ${share} of them.`;
    }
  }
  if (finest.length > 1) explanation += ` The finest classes are not comparable in the lattice: h lies in their intersection (${finest.join(' ∩ ')}).`;
  return { classes: evidence, edges, finest, verdict, explanation };
}

/** The CLI command that replays world `path` of an identify run. */
export function identifyReplayCommand(theoremId: string, propertyId: string, seed: number, path: string, r: { profile: ProfileName; seeds: number; tolerance: number }, learnerModule?: string): string {
  const extra = `${r.seeds !== DEFAULT_SEEDS ? ` --seeds ${r.seeds}` : ''}${r.tolerance !== DEFAULT_TOLERANCE ? ` --tolerance ${r.tolerance}` : ''}${learnerModule ? ` --learner-module ${learnerModule}` : ''}`;
  return `latentcheck identify --theorem ${theoremId} --property ${propertyId} --seed ${seed} --path ${path} --profile ${r.profile}${extra}`;
}

/** Re-run the first world with h outside the predicted class and, if it is outside again, shrink it. */
function counterexample(theorem: TheoremSpec, prop: PropertySpec, r: Resolved, pSeed: number, first: IdentifyTrial, ctx: CheckContext, learnerModule?: string): IdentifyCounterexample {
  const predicted = r.predicted!;
  const outside = (t: IdentifyTrial) => !trialInside(t, predicted, r.tolerance);
  const base: IdentifyCounterexample = {
    seed: r.seed,
    propertySeed: pSeed,
    path: first.path,
    world: first.world,
    distance: worst(first.distance[predicted]),
    shrinks: 0,
    evaluations: 0,
    replay: identifyReplayCommand(theorem.id, prop.id, r.seed, first.path, r, learnerModule),
  };
  if (r.shrinkBudget === 0) return base;
  const world0 = worldAt(prop, r.profile, pSeed, first.path);
  const rerun = evaluateWorld(prop, world0, first.path, first.index, r, ctx, 1);
  base.rerunDistance = worst(rerun.distance[predicted]);
  base.status = outside(rerun) ? 'confirmed' : 'optimiser-noise';
  if (base.status !== 'confirmed') return base;
  let evaluations = 0;
  let atStart = true;
  let last: IdentifyTrial | null = null;
  const key0 = JSON.stringify(first.world);
  const property = fc.property(prop.arbitrary(r.profile), (world) => {
    if (atStart) {
      atStart = false;
      return false;
    }
    if (evaluations >= r.shrinkBudget || JSON.stringify(describe(prop, world)) === key0) return true;
    evaluations++;
    const t0 = evaluateWorld(prop, world, first.path, first.index, r, ctx, 0);
    if (!outside(t0)) return true;
    const t1 = evaluateWorld(prop, world, first.path, first.index, r, ctx, 1);
    if (!outside(t1)) return true;
    last = t0;
    return false;
  });
  const d = fc.check(property, { seed: pSeed, path: first.path, numRuns: 1 });
  base.evaluations = evaluations;
  if (!d.failed || d.counterexamplePath === null || last === null) return base;
  const shrunk = last as IdentifyTrial;
  return {
    ...base,
    path: d.counterexamplePath,
    world: shrunk.world,
    distance: worst(shrunk.distance[predicted]),
    shrinks: d.numShrinks,
    replay: identifyReplayCommand(theorem.id, prop.id, r.seed, d.counterexamplePath, r, learnerModule),
  };
}

/**
 * Find the classes a trained property's learner identifies (see the module doc). Throws `InputError` for an
 * exact property or one that records no training ('property'), N < 2 ('trials'), fewer than two seeds
 * ('seeds'), an unknown class name ('predicted', 'classes[i]'), a bad tolerance or share.
 */
export function identifyProperty(theorem: TheoremSpec, prop: PropertySpec, opts: IdentifyOptions = {}): IdentifyResult {
  const r = resolve(prop, theorem, opts);
  const t0 = performance.now();
  const pSeed = propertySeed(r.seed, theorem.id, prop.id);
  const ctx: CheckContext = opts.learner ? { learner: opts.learner } : {};
  const records: IdentifyTrial[] = [];
  let nodes: LatticeNode[] | null = null;
  for (let i = 0; i < r.trials; i++) {
    const world = worldAt(prop, r.profile, pSeed, String(i));
    const t = evaluateWorld(prop, world, String(i), i, r, ctx);
    if (nodes === null && t.error === undefined) nodes = worldLattice(prop, world, r, t.dim);
    records.push(t);
    opts.onTrial?.(t, i + 1, r.trials);
  }
  if (nodes === null) nodes = buildLattice(1, [], r.classes).filter((n) => n.id !== 'centralizer');
  const inclusions = measureInclusions(nodes, new Rng(deriveSeed(pSeed, 'inclusions')));
  const decided = decideIdentify(records, nodes, r.tolerance, r.share, r.predicted, inclusions);
  const result: IdentifyResult = {
    schema: 'latentcheck/identify@1',
    theoremId: theorem.id,
    propertyId: prop.id,
    statement: prop.statement,
    profile: r.profile,
    seed: r.seed,
    propertySeed: pSeed,
    learner: opts.learner ? opts.learner.name : 'the property’s own',
    trials: r.trials,
    seeds: r.seeds,
    tolerance: r.tolerance,
    share: r.share,
    ...decided,
    inclusions,
    predicted: r.predicted,
    trialRecords: records,
    timing: { wallMs: 0 },
  };
  if (decided.verdict === 'wider') {
    const first = records.find((t) => !trialInside(t, r.predicted!, r.tolerance))!;
    result.counterexample = counterexample(theorem, prop, r, pSeed, first, ctx, opts.learnerModule);
  }
  result.timing.wallMs = Math.round(performance.now() - t0);
  return result;
}

/** Replay one world of an identify run (`--path`): its trial record and whether h is outside the predicted class. */
export function identifyWorld(theorem: TheoremSpec, prop: PropertySpec, path: string, opts: IdentifyOptions = {}): { trial: IdentifyTrial; predicted: string | null; outsidePredicted: boolean | null } {
  const r = resolve(prop, theorem, { ...opts, trials: opts.trials ?? DEFAULT_TRIALS });
  const pSeed = propertySeed(r.seed, theorem.id, prop.id);
  const ctx: CheckContext = opts.learner ? { learner: opts.learner } : {};
  const world = worldAt(prop, r.profile, pSeed, path);
  const index = Number(path.split(':')[0]);
  const trial = evaluateWorld(prop, world, path, index, r, ctx);
  return { trial, predicted: r.predicted, outsidePredicted: r.predicted === null ? null : !trialInside(trial, r.predicted, r.tolerance) };
}

/**
 * The measured inclusions of a stored result's lattice (results written before they were stored): rebuilt from
 * the first measured world's classes, with the same draws as `identifyProperty`.
 */
export function storedInclusions(prop: PropertySpec, r: Pick<IdentifyResult, 'profile' | 'propertySeed' | 'trialRecords' | 'classes'>): [string, string][] {
  const first = r.trialRecords.find((t) => t.error === undefined);
  if (!first) return [];
  const world = worldAt(prop, r.profile, r.propertySeed, first.path);
  const nodes = buildLattice(first.dim, prop.identify?.classes?.(world, r.profile) ?? [], r.classes.map((c) => c.id));
  return measureInclusions(nodes, new Rng(deriveSeed(r.propertySeed, 'inclusions')));
}

/** Every trained property of the given theorems, in suite order. */
export function trainedProperties(theorems: readonly TheoremSpec[]): { theorem: TheoremSpec; prop: PropertySpec }[] {
  return theorems.flatMap((theorem) => theorem.properties.filter((p) => p.kind === 'trained').map((prop) => ({ theorem, prop })));
}
