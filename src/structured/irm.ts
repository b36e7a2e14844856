/**
 * The IRM instance of the masked MIB (Zhang, Koyama & Ishiguro 2020; invariance as in Arjovsky et al. 2019): data,
 * one trained trial and the transfer judge.
 *
 * Groups seen by the learner: x = g(z_c, z_sp) (2 columns), the label y (1 column) and the environment index e
 * (1 column). Blocks: the invariant block (slot 0) and the rest (slot 1). Decoder mask [[1, 1], [1, 0], [0, 1]]: x from
 * both blocks, y from the invariant block, e from the other; encoder mask: both blocks read x only, so an encoder
 * needs neither y nor e at test time (`encode` is handed zeros in those columns). The invariance term penalises
 * dependence between the invariant block and e within each label class (`InvarianceConfig.given`).
 *
 * Judge: a logistic classifier of y fitted on ẑ_0 of fresh training-environment rows; its accuracy on other fresh
 * training-environment rows (in distribution) and on rows of a held-out environment with ρ flipped. Statistic: the
 * drop, in-distribution − held-out accuracy.
 */
import type { Mat } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertNumber } from '../core/validate.ts';
import type { Learner } from '../learners/types.ts';
import { Rng, deriveSeed } from '../rng/rng.ts';
import { accuracyOf, fitLogistic } from '../metrics/logistic.ts';
import { r4, recordLatents } from '../theorem/trial.ts';
import type { TrialOutcome } from '../theorem/types.ts';
import type { TrainResult } from '../train/types.ts';
import type { Mask } from './mask.ts';
import type { StructuredData } from './mvae.ts';
import type { IrmWorld } from './presets.ts';

/** Decoder mask of the IRM learner (groups x, y, e × blocks invariant, rest). */
export const IRM_DECODER_MASK: Mask = [
  [1, 1],
  [1, 0],
  [0, 1],
];
/** Encoder mask (blocks × groups): both blocks read x only. */
export const IRM_ENCODER_MASK: Mask = [
  [1, 0, 0],
  [1, 0, 0],
];
/** Observed group dimensions with two training environments: x (2), y (1), e (1: the environment index). */
export const IRM_GROUP_DIMS = [2, 1, 1];

/** Width of the environment group: 1 (the index 0/1) for ≤ 2 environments, else one-hot (one column per environment). */
export function envWidth(environments: number): number {
  if (!Number.isInteger(environments) || environments < 1) throw new InputError('environments', environments, 'a positive integer');
  return environments <= 2 ? 1 : environments;
}

/** Observed group dimensions for `environments` training environments: x (2), y (1), e (`envWidth`). */
export function irmGroupDims(environments: number): number[] {
  return [2, 1, envWidth(environments)];
}

/** What a plugged-in learner is fed by the IRM property. */
export const IRM_LEARNER_SLOT =
  'StructuredData { groups: [x (n × 2, x = g(z_c, z_sp)), y (n × 1, label 0/1), e (n × 1, training environment index)], x: groups[0], xNext: groups[1] }; encode(rows) receives [x, 0, 0] (the label and environment columns zeroed) and must return 2 columns, column 0 the invariant latent';

/** Rows of several environments: latents, labels, environment indices and the learner's groups. */
export interface IrmRows {
  z: Mat;
  y: number[];
  env: number[];
  groups: Mat[];
}

/**
 * `perEnv` rows of each environment correlation in `rhos` (environment index = position), from `rng`; the e group has
 * `width` columns (`envWidth` of the training environments; 1: the index, else one-hot).
 */
export function irmRows(world: IrmWorld, rhos: number[], perEnv: number, rng: Rng, width = envWidth(rhos.length)): IrmRows {
  if (!Number.isInteger(perEnv) || perEnv < 2) throw new InputError('perEnv', perEnv, 'an integer ≥ 2');
  const out: IrmRows = { z: [], y: [], env: [], groups: [[], [], []] };
  rhos.forEach((rho, e) => {
    assertNumber(`rhos[${e}]`, rho, { min: -0.99, max: 0.99 });
    const s = world.sample(perEnv, rho, rng.child(`env-${e}`));
    s.z.forEach((r, t) => {
      out.z.push(r);
      out.y.push(s.y[t]);
      out.env.push(e);
      out.groups[0].push(s.x[t]);
      out.groups[1].push([s.y[t]]);
      out.groups[2].push(width === 1 ? [e] : Array.from({ length: width }, (_, j) => (j === e ? 1 : 0)));
    });
  });
  return out;
}

/** The learner's input rows for `encode`: x with the label and environment columns zeroed. */
export function encoderInput(rows: IrmRows): Mat {
  const zeros = 1 + rows.groups[2][0].length;
  return rows.groups[0].map((r) => [...r, ...new Array<number>(zeros).fill(0)]);
}

/** One trained IRM trial: encodings of fresh training-environment rows and of held-out-environment rows. */
export interface IrmTrial {
  /** Fresh rows of the training environments and their encodings. */
  inDist: IrmRows;
  zhatIn: Mat;
  /** Rows of the held-out environment (ρ = heldOutRho) and their encodings. */
  heldOut: IrmRows;
  zhatOut: Mat;
  train: TrainResult;
  learnerName: string;
  /** Hand the invariant slot (z_c → ẑ_0 on the in-distribution rows) to `identify` (a no-op outside it). */
  recordInvariant(): void;
}

/**
 * Train `learner` (or `override`) on `perEnv` rows of each training environment and encode `test` fresh rows per
 * training environment and `test` rows of the held-out one. Data derive from `seed`; optimiser seeds from
 * (seed, 'train', attempt).
 */
export function runIrmTrial(
  world: IrmWorld,
  heldOutRho: number,
  learner: Learner<StructuredData>,
  opts: { perEnv: number; test: number; seed: number; attempt?: number; override?: Learner<any> },
): IrmTrial {
  assertNumber('heldOutRho', heldOutRho, { min: -0.99, max: 0.99 });
  const rng = new Rng(opts.seed);
  const data = irmRows(world, world.rhos, opts.perEnv, rng.child('data'));
  const inDist = irmRows(world, world.rhos, opts.test, rng.child('test'));
  const heldOut = irmRows(world, [heldOutRho], opts.test, rng.child('held-out'), envWidth(world.rhos.length));
  const used = opts.override ?? learner;
  const base = deriveSeed(opts.seed, 'train', opts.attempt ?? 0);
  const sd: StructuredData = { groups: data.groups, x: data.groups[0], xNext: data.groups[1] };
  const enc = used.fit(sd, { init: new Rng(deriveSeed(base, 'init')), batching: new Rng(deriveSeed(base, 'batching')) });
  let zhatIn: Mat;
  let zhatOut: Mat;
  try {
    zhatIn = enc.encode(encoderInput(inDist));
    zhatOut = enc.encode(encoderInput(heldOut));
  } finally {
    enc.dispose();
  }
  const slot0 = (m: Mat) => m.map((r) => [r[0]]);
  const recordInvariant = () =>
    recordLatents(opts.seed, opts.attempt ?? 0, inDist.z.map((r) => [r[0]]), slot0(zhatIn), enc.train, (_s, streams) => {
      const more = used.fit(sd, streams);
      try {
        return { zhat: slot0(more.encode(encoderInput(inDist))), train: more.train };
      } finally {
        more.dispose();
      }
    });
  return { inDist, zhatIn, heldOut, zhatOut, train: enc.train, learnerName: used.name, recordInvariant };
}

/** Thresholds of the transfer judge. */
export interface IrmThresholds {
  /** Largest allowed drop (in-distribution − held-out accuracy). */
  drop: number;
  /** Smallest allowed held-out accuracy. */
  heldOut: number;
}

/**
 * Transfer judge on encodings: a logistic classifier of y fitted on the columns `cols` of the even in-distribution
 * rows, scored on the odd in-distribution rows and on all held-out rows. Statistic: the drop; pass when the drop is
 * ≤ `drop` and the held-out accuracy ≥ `heldOut`.
 */
export function judgeIrm(zhatIn: Mat, yIn: number[], zhatOut: Mat, yOut: number[], cols: number[], t: IrmThresholds): TrialOutcome {
  const pick = (m: Mat) => m.map((r) => cols.map((c) => r[c]));
  const fitRows = zhatIn.flatMap((_, i) => (i % 2 === 0 ? [i] : []));
  const evalRows = zhatIn.flatMap((_, i) => (i % 2 === 1 ? [i] : []));
  const a = pick(zhatIn);
  const clf = fitLogistic(fitRows.map((i) => a[i]), fitRows.map((i) => yIn[i]));
  const accIn = accuracyOf(clf(evalRows.map((i) => a[i])), evalRows.map((i) => yIn[i]));
  const accOut = accuracyOf(clf(pick(zhatOut)), yOut);
  const drop = accIn - accOut;
  return { pass: drop <= t.drop && accOut >= t.heldOut, statistic: drop, details: { inDistributionAccuracy: r4(accIn), heldOutAccuracy: r4(accOut), drop: r4(drop) } };
}
