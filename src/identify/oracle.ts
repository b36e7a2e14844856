/**
 * Oracle learners and properties of known class, to calibrate `identify` itself without training: the
 * "learner" of seed s returns ẑ = h_s(z) + e, h_s a random member of a chosen class (drawn from the seed's init
 * stream) and e Gaussian estimation noise of `noiseShare` of each coordinate's variance (default 2 %, the suite's
 * ORACLE_NOISE_SHARE). Observations are the latents themselves (identity mixing), so the map the learner
 * identifies is exactly h_s. `identify` on such a property should report that class as the finest.
 *
 * Kinds: a class id of the lattice (a random member per seed: the seeds differ by a class member; `block` acts on
 * the blocks `oracleBlocks(w)` = [2, n − 2] with kernel within-block maps), `none` (a
 * random affine map after a coordinate-mixing sine warp: no class of the lattice holds it), and
 * `rotated-seeds` (seed 0 a random signed permutation, every further seed a rotation ≥ 30° away from it: two
 * seeds differing by a rotation, so nothing finer than orthogonal is identified).
 */
import fc from 'fast-check';
import type { Mat } from '../core/matrix.ts';
import { applyLinear, blockDiag } from '../core/matrix.ts';
import { Rng } from '../rng/rng.ts';
import { affineClass } from '../classes/affine.ts';
import { centralizerClass } from '../classes/centralizer.ts';
import { BLOCK_ID, blockClass } from '../classes/block.ts';
import { classById } from '../classes/registry.ts';
import { signedPermutationClass } from '../classes/signed-permutation.ts';
import type { EquivalenceClass, LatentMap } from '../classes/types.ts';
import type { Mixing } from '../generators/types.ts';
import type { Learner } from '../learners/types.ts';
import { farRotation, fitTrial, oracleLatents, ORACLE_NOISE_SHARE } from '../theorem/trial.ts';
import type { PropertySpec, TheoremSpec } from '../theorem/types.ts';
import { defineTheorem } from '../theorem/define.ts';
import { ruleByProfile } from '../stats/rule.ts';
import { NONE_ID } from './lattice.ts';

/** Kinds of oracle: a lattice class id, `none`, or `rotated-seeds`. */
export type OracleKind = string;

/** A world of the oracle properties: the latent dimension and the seed everything random derives from. */
export interface OracleWorld {
  n: number;
  seed: number;
}

/** Samples of the oracle worlds' latents (standard normal). */
export const ORACLE_SAMPLES = 500;

/** Mechanisms of an oracle world's centralizer class: rotations by distinct angles in planes (0,1), (2,3), and 2.5 on a last odd axis. */
export function oracleMechanisms(w: OracleWorld): Mat[] {
  const rng = new Rng(w.seed).child('mechanisms');
  const blocks: Mat[] = [];
  for (let p = 0; 2 * p + 1 < w.n; p++) {
    const t = 0.4 + 0.9 * p + rng.range(0, 0.3);
    blocks.push([
      [Math.cos(t), -Math.sin(t)],
      [Math.sin(t), Math.cos(t)],
    ]);
  }
  if (w.n % 2 === 1) blocks.push([[2.5]]);
  return [blocks.reduce((a, b) => blockDiag(a, b))];
}

/** Block sizes of an oracle world's block class: [2, n − 2] (n ≥ 3): one block mixes two coordinates nonlinearly. */
export function oracleBlocks(w: OracleWorld): number[] {
  return [2, w.n - 2];
}

function classOf(kind: string, w: OracleWorld): EquivalenceClass {
  if (kind === 'centralizer') return centralizerClass(oracleMechanisms(w));
  if (kind === BLOCK_ID) return blockClass({ blocks: oracleBlocks(w) });
  return classById(kind, w.n);
}

/** The world-specific classes an oracle property hands to identify: the centralizer and/or the block class when the oracle or the prediction is one. */
function worldClasses(kind: string, predicted: string, w: OracleWorld): EquivalenceClass[] {
  const out: EquivalenceClass[] = [];
  if (kind === 'centralizer' || predicted === 'centralizer') out.push(centralizerClass(oracleMechanisms(w)));
  if (kind === BLOCK_ID || predicted === BLOCK_ID) out.push(blockClass({ blocks: oracleBlocks(w) }));
  return out;
}

/** h_s for an oracle kind on a world, drawn from `rng`. */
function memberFor(kind: OracleKind, w: OracleWorld, seedIndex: number, rng: Rng, base: () => LatentMap): LatentMap {
  if (kind === 'rotated-seeds') {
    const first = base();
    if (seedIndex === 0) return first;
    const q = farRotation(w.n, rng);
    return { apply: (z: Mat) => applyLinear(first.apply(z), q, new Array<number>(w.n).fill(0)), describe: `rotation ∘ ${first.describe}` };
  }
  if (kind === NONE_ID) {
    const a = affineClass(w.n).sampleMember(rng);
    const n = w.n;
    return { apply: (z: Mat) => a.apply(z.map((r) => r.map((v, i) => v + 0.8 * Math.sin(2 * r[(i + 1) % n])))), describe: `${a.describe} ∘ sine warp` };
  }
  if (kind === BLOCK_ID) {
    // The block class's own members warp each block by v + 0.6·tanh(1.5v) between two linear maps: within 0.1 of an
    // affine map on normal latents, so at identify's tolerance they would read as affine. A within-block sine warp
    // first (coordinate i of the 2-block moved by 0.8·sin(2·z_other)) keeps the block structure and leaves no
    // finer class: the oracle's h is block-wise but clearly not affine.
    const m = classOf(kind, w).sampleMember(rng);
    const warp = (z: Mat): Mat => z.map((r) => r.map((v, i) => (i < 2 ? v + 0.8 * Math.sin(2 * r[1 - i]) : v)));
    return { apply: (z: Mat) => m.apply(warp(z)), describe: `${m.describe} ∘ within-block sine warp` };
  }
  return classOf(kind, w).sampleMember(rng);
}

/**
 * The oracle learner of a kind on a world: fit(data, seeds) ignores the data and returns the encoder
 * x ↦ h_s(x) + e (identity mixing: x = z). Seed s is read from the init stream's first draw order: each call of
 * `fit` is one seed; h_0 of `rotated-seeds` is shared through the world's own stream.
 */
export function oracleLearner(kind: OracleKind, w: OracleWorld, noiseShare = ORACLE_NOISE_SHARE): Learner {
  let calls = 0;
  const base = () => signedPermutationClass(w.n).sampleMember(new Rng(w.seed).child('oracle-base'));
  return {
    name: `oracle (${kind})`,
    objective: 'none: a known map plus estimation noise',
    fit(_data, seeds) {
      const s = calls++;
      const h = memberFor(kind, w, s, seeds.init, base);
      return {
        encode: (x: Mat) => oracleLatents(x, h.apply, seeds.batching, noiseShare),
        train: { steps: 0, curve: [], finalLoss: 0, stoppedBy: 'steps', wallMs: 0 },
        learned: { map: h.describe },
        dispose() {},
      };
    },
  } as Learner;
}

const identityMixing = (n: number): Mixing => ({
  kind: 'linear',
  n,
  apply: (z) => z.map((r) => r.slice()),
  invert: (x) => x.map((r) => r.slice()),
  conditionNumbers: [1],
  redraws: 0,
  description: 'identity',
  params: { kind: 'linear', n, layers: 0, negativeSlope: 0.5, maxCondition: 1, seed: 0 },
});

/** Options of the oracle properties of known class (used to calibrate identify). */
export interface OraclePropertyOptions {
  /** Latent dimensions the worlds draw from (default [3, 4]; shrinking moves towards the first). */
  dims?: number[];
  /** Estimation noise added to the oracle latents, as a share of their variance (default ORACLE_NOISE_SHARE). */
  noiseShare?: number;
  /** Predicted class stated for identify (default: the oracle's own class; another one makes a wrong prediction). */
  predicted?: string;
}

/** A trained-shaped property whose "learner" is the oracle of `kind` (see module doc); predicted class: the kind's unless given. */
export function oracleProperty(kind: OracleKind, o: OraclePropertyOptions = {}): PropertySpec<OracleWorld> {
  const dims = o.dims ?? [3, 4];
  const noiseShare = o.noiseShare ?? ORACLE_NOISE_SHARE;
  const own = kind === 'rotated-seeds' ? 'orthogonal' : kind;
  const predicted = o.predicted ?? own;
  return {
    id: o.predicted === undefined ? `oracle-${kind}` : `oracle-${kind}-predicted-${o.predicted}`,
    kind: 'trained',
    role: 'positive',
    statement: `An oracle encoder of known class (${kind}) with ${Math.round(100 * noiseShare)} % estimation noise.`,
    statisticName: `${predicted} distance of (z, ẑ)`,
    threshold: 0.1,
    direction: 'at-most',
    rule: ruleByProfile([4, 2], [12, 9], 0.9),
    arbitrary: () => fc.record({ n: fc.constantFrom(...dims), seed: fc.noShrink(fc.integer()) }),
    check: (w, _profile, ctx) => {
      const z = new Rng(w.seed).child('z').normalMatrix(ORACLE_SAMPLES, w.n);
      const learner = ctx?.learner ?? oracleLearner(kind, w, noiseShare);
      const t = fitTrial(learner, { x: z, xNext: z }, identityMixing(w.n), z, w.seed, 1, ctx?.attempt ?? 0);
      const d = own === NONE_ID ? 1 : classOf(own, w).fit(t.z, t.zhat[0]).distance;
      return { pass: own === NONE_ID || d <= 0.1, statistic: d };
    },
    identify: { predicted, classes: (w) => worldClasses(kind, predicted, w) },
    describeWorld: (w) => w,
  };
}

/** A theorem holding one oracle property per kind (for tests and for calibrating `identify` from the CLI with --module). */
export function oracleTheorem(kinds: (OracleKind | { kind: OracleKind; options: OraclePropertyOptions })[], dims: number[] = [3, 4]): TheoremSpec {
  return defineTheorem({
    id: 'latentcheck.identify-oracles',
    title: 'Oracle encoders of known class (calibration of identify)',
    citation: { authors: 'latentcheck', year: 2026, title: 'identify calibration' },
    claim: 'identify reports the class an oracle encoder was drawn from.',
    assumptions: [{ id: 'oracle', statement: 'ẑ = h_s(z) + 2 % Gaussian noise, h_s a random member per seed; x = z.' }],
    learner: { name: 'oracle', objective: 'none' },
    predictedClass: { name: 'the class of the oracle' },
    controls: ['none: a sine-warped affine map, in no class of the lattice', 'rotated-seeds: two seeds differing by a rotation'],
    tolerances: {},
    properties: kinds.map((k) => (typeof k === 'string' ? oracleProperty(k, { dims }) : oracleProperty(k.kind, { dims, ...k.options }))),
  });
}
