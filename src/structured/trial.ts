/**
 * One trained structured trial: world → observed groups → learner → recovered latent blocks on fresh test samples;
 * and the judges that decide a trial from (z, ẑ) alone, shared with the oracle controls.
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import type { Learner } from '../learners/types.ts';
import { Rng, deriveSeed } from '../rng/rng.ts';
import { blockR2Matrix } from '../classes/block.ts';
import { r4, recordLatents, trialCurves } from '../theorem/trial.ts';
import type { TrialArtifacts, TrialMatrix, TrialOutcome } from '../theorem/types.ts';
import type { TrainResult } from '../train/types.ts';
import type { StructuredData } from './mvae.ts';
import type { StructuredWorldParams } from './world.ts';
import type { Mask } from './mask.ts';
import { buildStructuredWorld } from './world.ts';

export interface StructuredTrial {
  z: Mat;
  zhat: Mat;
  blocks: number[];
  train: TrainResult;
  learned: Record<string, unknown>;
  learnerName: string;
  /** Learned-vs-true mask heat maps (`maskMatrices`) when the learner learned a mask (`learned.mask`), else []. */
  maskMatrices: TrialMatrix[];
  /**
   * Hand this trial's latents of one block to `identify` (`recordLatents`): z_b (true block `block` of the test
   * rows) and ẑ_b (the same slot of the encoder's output; the mask fixes which slot reads which block). Extra
   * seeds, when identify asks for them, train the same learner on the same data with `trainStreams(seed, s,
   * attempt)`; with `restarts` r > 1 each extra seed is, like a check that keeps the best of r restarts, the run
   * with the lowest final objective of r (restart i > 0 on the streams' children ('restart', i)), so identify
   * compares seeds of the learner the check judged, not single runs of its local optima. (Seed s ≥ 1 may coincide
   * with the check's own restart or re-run attempt s, still a different optimiser seed from the one judged.) A
   * no-op outside identify. Called by the theorem on the trial its check keeps (e.g. the best of
   * several restarts), so identify reads the encoder the check judged.
   */
  recordBlock(block: number, opts?: { restarts?: number }): void;
}

/**
 * Train `learner` (or the plugged-in `override`) on `count` samples of the world and encode `testCount` fresh ones.
 * Data and test latents derive from `seed`; the optimiser seeds from (seed, 'train', attempt).
 */
export function runStructuredTrial(
  params: StructuredWorldParams,
  learner: Learner<StructuredData>,
  opts: { count: number; testCount: number; seed: number; attempt?: number; override?: Learner<any> },
): StructuredTrial {
  const world = buildStructuredWorld(params);
  const rng = new Rng(opts.seed);
  const z = world.sampleLatents(opts.count, rng.child('data'));
  const groups = world.observe(z);
  const zTest = world.sampleLatents(opts.testCount, rng.child('test'));
  const gTest = world.observe(zTest);
  const used = opts.override ?? learner;
  const base = deriveSeed(opts.seed, 'train', opts.attempt ?? 0);
  const data = { groups, x: groups[0], xNext: groups[1] ?? groups[0] } as StructuredData;
  const enc = used.fit(data, {
    init: new Rng(deriveSeed(base, 'init')),
    batching: new Rng(deriveSeed(base, 'batching')),
  });
  const xTest = gTest[0].map((_, t) => gTest.flatMap((m) => m[t]));
  let zhat: Mat;
  try {
    zhat = enc.encode(xTest);
  } finally {
    enc.dispose();
  }
  const blocks = world.blocks;
  const slot = (rows: Mat, b: number) => {
    const start = blocks.slice(0, b).reduce((a, v) => a + v, 0);
    return rows.map((r) => r.slice(start, start + blocks[b]));
  };
  const recordBlock = (b: number, o: { restarts?: number } = {}) =>
    recordLatents(opts.seed, opts.attempt ?? 0, slot(zTest, b), slot(zhat, b), enc.train, (_s, streams) => {
      let best: { zhat: Mat; train: TrainResult } | null = null;
      for (let i = 0; i < (o.restarts ?? 1); i++) {
        const more = used.fit(data, i === 0 ? streams : { init: streams.init.child('restart', i), batching: streams.batching.child('restart', i) });
        try {
          if (best === null || more.train.finalLoss < best.train.finalLoss) best = { zhat: slot(more.encode(xTest), b), train: more.train };
        } finally {
          more.dispose();
        }
      }
      return best!;
    });
  const mm = learnedMask(enc.learned, params.mask.length, blocks.length);
  const maskMats = mm ? maskMatrices(params.mask, mm.mask, mm.logits) : [];
  return { z: zTest, zhat, blocks, train: enc.train, learned: enc.learned, learnerName: used.name, maskMatrices: maskMats, recordBlock };
}

/** `learned.mask` (and `learned.maskLogits`, if any) when they are groups × blocks matrices, else null. */
export function learnedMask(learned: Record<string, unknown>, groups: number, blocks: number): { mask: Mask; logits?: number[][] } | null {
  const ok = (m: unknown): m is number[][] => Array.isArray(m) && m.length === groups && m.every((r) => Array.isArray(r) && r.length === blocks && r.every((v) => typeof v === 'number'));
  if (!ok(learned.mask)) return null;
  return { mask: learned.mask, logits: ok(learned.maskLogits) ? learned.maskLogits : undefined };
}

/**
 * The block permutation π that best aligns a learned mask with the true one: maximises the number of equal entries
 * Σ_g Σ_b 1[learned[g][π(b)] = true[g][b]] (brute force over K! ≤ 720); ties → the first in lexicographic order.
 * Column b of the aligned mask is learned column π(b).
 */
export function alignMask(trueMask: Mask, learned: Mask): number[] {
  const k = trueMask[0].length;
  let best: number[] = [];
  let bestScore = -1;
  const perm: number[] = [];
  const used = new Array<boolean>(k).fill(false);
  const rec = () => {
    if (perm.length === k) {
      const score = trueMask.reduce((s, row, g) => s + row.reduce((a, v, b) => a + (learned[g][perm[b]] === v ? 1 : 0), 0), 0);
      if (score > bestScore) {
        bestScore = score;
        best = perm.slice();
      }
      return;
    }
    for (let j = 0; j < k; j++)
      if (!used[j]) {
        used[j] = true;
        perm.push(j);
        rec();
        perm.pop();
        used[j] = false;
      }
  };
  rec();
  return best;
}

/**
 * Entries where a learned mask differs from the true one after the best block permutation (`alignMask`): 0 exactly
 * when they are equal up to a permutation of latent blocks. Shapes must match (`InputError('learned', …)`).
 */
export function maskMismatch(trueMask: Mask, learned: Mask): number {
  if (!Array.isArray(learned) || learned.length !== trueMask.length || learned.some((r) => !Array.isArray(r) || r.length !== trueMask[0].length))
    throw new InputError('learned', learned, `a ${trueMask.length} × ${trueMask[0].length} mask`);
  const pi = alignMask(trueMask, learned);
  return trueMask.reduce((s, row, g) => s + row.reduce((a, v, b) => a + (learned[g][pi[b]] === v ? 0 : 1), 0), 0);
}

/**
 * Heat maps of a learned mask against the true one (groups × blocks): the true mask A, the learned mask 1[α > 0]
 * and, with logits, the gate probabilities σ(α); learned columns aligned to the true blocks by `alignMask`, their
 * labels naming the learned slot (e.g. 'ẑ slot 2 → z_1').
 */
export function maskMatrices(trueMask: Mask, learned: Mask, logits?: number[][]): TrialMatrix[] {
  const k = trueMask[0].length;
  const pi = alignMask(trueMask, learned);
  const rows = trueMask.map((_, g) => `x_${g + 1}`);
  const names = blockLabels(new Array<number>(k).fill(1), 'z');
  const cols = names;
  const aligned = (m: number[][]) => m.map((r) => pi.map((j) => r[j]));
  const out: TrialMatrix[] = [
    { title: 'true mask A', rowLabels: rows, colLabels: cols, values: trueMask.map((r) => r.slice()) },
    { title: 'learned mask 1[α > 0]', rowLabels: rows, colLabels: pi.map((j, b) => `slot ${j} → ${names[b]}`), values: aligned(learned) },
  ];
  if (logits) out.push({ title: 'gate probability σ(α)', rowLabels: rows, colLabels: pi.map((j, b) => `slot ${j} → ${names[b]}`), values: round(aligned(logits).map((r) => r.map((v) => 1 / (1 + Math.exp(-v))))) });
  return out;
}

/** Both block R² matrices: fwd[i][j] = R²(ẑ_j ← z_i) (ẑ_j a function of z_i), inv[j][i] = R²(z_i ← ẑ_j) (z_i recoverable from ẑ_j). */
export function blockR2Both(z: Mat, zhat: Mat, blocks: number[]): { fwd: number[][]; inv: number[][] } {
  return { fwd: blockR2Matrix(z, zhat, blocks), inv: blockR2Matrix(zhat, z, blocks) };
}

const round = (m: number[][]) => m.map((r) => r.map(r4));

/** Two-view thresholds (see the theorem file for why). */
export interface TwoViewThresholds {
  /** Shared block identified: min(R²(ẑ_s ← z_s), R²(z_s ← ẑ_s)) ≥ this. */
  shared: number;
  /** Shared block carries nothing of the private factors: max_p R²(z_p ← ẑ_s) ≤ this. */
  sharedLeak: number;
  /** Private blocks carry nothing of the other view's private factor: max R²(z_{p'} ← ẑ_p) ≤ this. */
  crossPrivate: number;
}

/**
 * Judge a two-view trial (blocks 0 = shared, 1, 2 = private): statistic = min(R²(ẑ_s ← z_s), R²(z_s ← ẑ_s)) (kernel
 * block R², out of sample); pass when that is ≥ `shared`, the shared block leaks ≤ `sharedLeak` of each private
 * factor and each private block ≤ `crossPrivate` of the other view's private factor.
 */
export function judgeTwoView(z: Mat, zhat: Mat, blocks: number[], t: TwoViewThresholds): TrialOutcome {
  const { fwd, inv } = blockR2Both(z, zhat, blocks);
  const shared = Math.min(fwd[0][0], inv[0][0]);
  const sharedLeak = Math.max(inv[0][1], inv[0][2]);
  const crossPrivate = Math.max(inv[1][2], inv[2][1]);
  const privateCopiesShared = Math.max(inv[1][0], inv[2][0]);
  const pass = shared >= t.shared && sharedLeak <= t.sharedLeak && crossPrivate <= t.crossPrivate;
  return {
    pass,
    statistic: shared,
    artifacts: { matrices: blockR2Matrices(fwd, inv, blocks) },
    details: {
      sharedR2: r4(shared),
      sharedLeakR2: r4(sharedLeak),
      crossPrivateR2: r4(crossPrivate),
      privateCopiesSharedR2: r4(privateCopiesShared),
      blockR2Fwd: JSON.stringify(round(fwd)),
      blockR2Inv: JSON.stringify(round(inv)),
    },
  };
}

/** Block labels for the heat maps: 'z_s', 'z_1', 'z_2' for the two-view layout, else 'block b'. */
export function blockLabels(blocks: number[], prefix: string): string[] {
  return blocks.length === 3 ? [`${prefix}_s`, `${prefix}_1`, `${prefix}_2`] : blocks.map((_, b) => `${prefix} block ${b}`);
}

/** Heat maps of both block R² matrices, true blocks (rows) × learned blocks (columns). */
export function blockR2Matrices(fwd: number[][], inv: number[][], blocks: number[]): TrialMatrix[] {
  const rows = blockLabels(blocks, 'z');
  const cols = blockLabels(blocks, 'ẑ');
  return [
    { title: 'R²(ẑ_j ← z_i)', rowLabels: rows, colLabels: cols, values: round(fwd) },
    { title: 'R²(z_i ← ẑ_j)', rowLabels: rows, colLabels: cols, values: round(inv[0].map((_, i) => inv.map((r) => r[i]))) },
  ];
}

/** Report artifacts: the training curve(s), plus any matrices the judge produced and `extra` ones (e.g. `maskMatrices`). */
export function structuredArtifacts(train: TrainResult[], judged?: TrialArtifacts, extra: TrialMatrix[] = []): TrialArtifacts {
  const matrices = [...(judged?.matrices ?? []), ...extra];
  return { ...(judged ?? {}), ...(matrices.length > 0 ? { matrices } : {}), curves: trialCurves(train) };
}
