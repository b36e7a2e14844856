/**
 * Training-free evaluation of the contrastive losses with the oracle encoder f* = g⁻¹ composed with a latent
 * map a (theory.md §1, exact properties): on one fixed batch of anchors, positives and negatives observed
 * through the mixing, the loss of a∘f* with the critic
 *
 *   ψ(x, x̃) = −δ(a(f*(x)), a(f*(x̃)))/τ + c₁*(x) + c₂*(x̃) + b*,
 *
 * where δ, τ match the conditional (`matchedDelta`) and the correction terms are the true ones,
 * c₁*(x) = −log C(g⁻¹(x)), c₂*(x̃) = −log p(g⁻¹(x̃)), b* = 0 (NWJ: 1). For a = id the critic is then exactly
 * the population minimiser of each loss (the log density ratio; NWJ: 1 + it), so the loss depends on a only
 * through δ(a(s), a(s̃)): an isometry of δ leaves it unchanged up to float32 round-off, any other map changes
 * the critic and raises the population loss.
 */
import * as tf from '@tensorflow/tfjs';
import type { Mat } from '../core/matrix.ts';
import { assertPositiveInt } from '../core/validate.ts';
import type { Mixing } from '../generators/types.ts';
import type { Rng } from '../rng/rng.ts';
import { contrastiveLoss, criticValues } from './losses.ts';
import type { ContrastiveLossKind } from './losses.ts';
import { contrastiveLatents, logConditionalNormaliser, logMarginalDensity, matchedDelta, observeContrastive, validateProcess } from './process.ts';
import type { ContrastiveProcess } from './types.ts';

/** A fixed batch with the oracle correction terms. */
export interface OracleBatch {
  process: ContrastiveProcess;
  /** Observations: anchors, positives, negatives (rows aligned with the latents). */
  x: Mat;
  xPos: Mat;
  xNeg: Mat;
  /** True correction terms at the anchors, positives and negatives. */
  c1: number[];
  c2Pos: number[];
  c2Neg: number[];
  alpha: number;
  tau: number;
  /** Encodings normalised to the unit sphere before the critic (the Zimmermann encoder). */
  sphere: boolean;
  mixing: Mixing;
}

/**
 * Draw `count` anchors, positives and negatives of `process`, observe them through `mixing`, and attach the
 * true correction terms (module doc). `sphere`: the encoder is normalised (then a∘f* is projected to the unit
 * sphere, and the oracle's corrections are constants, as on any sphere process).
 */
export function oracleBatch(process: ContrastiveProcess, mixing: Mixing, count: number, rng: Rng, opts: { sphere?: boolean } = {}): OracleBatch {
  const p = validateProcess(process);
  assertPositiveInt('count', count);
  const data = observeContrastive(contrastiveLatents(p, count, rng), mixing);
  const { alpha, tau } = matchedDelta(p.conditional);
  const negLogC = (z: Mat) => logConditionalNormaliser(p, z).map((v) => -v);
  const negLogP = (z: Mat) => logMarginalDensity(p, z).map((v) => -v);
  return {
    process: p,
    x: data.x,
    xPos: data.xNext,
    xNeg: data.xNeg,
    c1: negLogC(data.latents.z),
    c2Pos: negLogP(data.latents.zPos),
    c2Neg: negLogP(data.latents.zNeg),
    alpha,
    tau,
    sphere: opts.sphere ?? false,
    mixing,
  };
}

/** The offset b* that makes the oracle critic the loss's population minimiser (NWJ's is 1 + log ratio). */
export function oracleBias(kind: ContrastiveLossKind): number {
  return kind === 'nwj' ? 1 : 0;
}

function unitRows(m: Mat): Mat {
  return m.map((r) => {
    const l = Math.hypot(...r);
    return r.map((v) => v / l);
  });
}

/**
 * The loss `kind` of the encoder a∘f* (f* = g⁻¹ through the batch's mixing) on the batch, in float32 on the
 * training core's loss (`contrastiveLoss`, layout 'separate': every anchor against every negative).
 */
export function oracleLoss(batch: OracleBatch, kind: ContrastiveLossKind, map: (z: Mat) => Mat = (z) => z): number {
  const encode = (x: Mat) => {
    const f = map(batch.mixing.invert(x));
    return batch.sphere ? unitRows(f) : f;
  };
  const [a, p, n] = [encode(batch.x), encode(batch.xPos), encode(batch.xNeg)];
  return tf.tidy(() => {
    const c = criticValues(
      {
        anchors: tf.tensor2d(a),
        positives: tf.tensor2d(p),
        negatives: tf.tensor2d(n),
        c1: tf.tensor1d(batch.c1),
        c2Pos: tf.tensor1d(batch.c2Pos),
        c2Neg: tf.tensor1d(batch.c2Neg),
        bias: oracleBias(kind),
      },
      batch.alpha,
      batch.tau,
    );
    return contrastiveLoss(kind, c.psiPos, c.psiNeg, c.layout).dataSync()[0];
  });
}
