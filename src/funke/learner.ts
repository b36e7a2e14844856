/**
 * The learners of Funke, Vicol et al. (2022) on the shared training core: an encoder z = f(x) split into one
 * subspace zᵢ (of `subspaceDim` coordinates) per attribute, a linear head per subspace, and
 *
 *   L = Σᵢ ℓ(headᵢ(zᵢ), aᵢ) + λ · Σᵢ P(zᵢ, z₋ᵢ; aᵢ),
 *
 * ℓ the squared error for continuous attributes and the logistic cross-entropy log(1 + e^{−aᵢ·headᵢ}) for ±1
 * attributes. Objectives:
 * - `base`: λ = 0;
 * - `mi`: P = MMD²(z, z̃ᵢ), z̃ᵢ = z with block i permuted among the batch (unconditional independence);
 * - `cmi`: P = MMD²(z, z̃ᵢ), block i permuted only among the batch's samples sharing aᵢ (binary: equal labels;
 *   continuous: consecutive windows of `groupWindow` samples sorted by aᵢ) — the paper's MMD estimator of
 *   I(zᵢ; z₋ᵢ | aᵢ), see src/metrics/mmd.ts;
 * - `cmi-adversarial`: the same shuffled z̃ᵢ, but the penalty is a conditional discriminator per attribute value
 *   (one logistic MLP per (i, value) on [z], telling z from z̃ᵢ; continuous attributes use 4 quantile bins of
 *   the batch as values), trained to tell them apart, while the encoder minimises the flipped-label
 *   cross-entropy (real labelled as shuffled). Both run in one optimiser step: the discriminators see z through a
 *   stop-gradient, the encoder sees the discriminators through a stop-gradient (`stopGradient`), so one `train`
 *   call updates each player on its own loss. Its λ is on another scale than MMD's (the flipped-label loss is O(1)):
 *   the trained theorem uses λ = 0.5 at Adam 3e-3 (λ = 1 at 1e-2 diverged: the encoder term swamps the heads).
 *
 * MMD details: RBF kernel on the batch-standardised z (each column divided by its batch sd, so the penalty is
 * scale-free and cannot be lowered by shrinking z), biased V-statistic, bandwidth h = √dim(z) (the typical
 * distance of standardised rows; `bandwidthScales` sums several multiples of it, e.g. [0.5, 1, 2], at a cost of
 * three B × B exponentials per scale — the dominant cost of a step on wasm). The shuffle is a one-hot B × B permutation
 * matrix applied by matMul (wasm has no gradient for gather into parameters).
 *
 * Initialisation (from a random start, unlike the authors' CMI run that starts at W = I): the encoder is a
 * linear map (`encoder: 'linear'`, Glorot-uniform W) or an MLP (He-normal hidden layers, Glorot output), heads
 * Glorot-uniform, all from the `init` stream; inputs standardised per column on the training data.
 *
 * `encode(x)` returns z; `learned.heads` the per-subspace head weights (for reports).
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix, assertNumber, assertPositiveInt } from '../core/validate.ts';
import type { FittedEncoder, Learner, LearnerSeeds } from '../learners/types.ts';
import type { Rng } from '../rng/rng.ts';
import { createMlp } from '../train/mlp.ts';
import { resolveTrainConfig } from '../train/train.ts';
import { trainWithRestarts, type RestartResult } from '../train/restarts.ts';
import type { Mlp, TrainConfig } from '../train/types.ts';
import type { AttributeData } from './types.ts';

export const FUNKE_OBJECTIVES = ['base', 'mi', 'cmi', 'cmi-adversarial'] as const;
/** The objectives: Base (per-subspace heads only), Base+MI, Base+CMI with the conditional RBF-MMD penalty, and Base+CMI with conditional discriminators. */
export type FunkeObjective = (typeof FUNKE_OBJECTIVES)[number];

/** Configuration of the family's learner: objective, penalty weight, linear or MLP encoder, subspace sizes and training settings. */
export interface FunkeLearnerConfig {
  objective: FunkeObjective;
  /** Penalty weight λ (ignored by `base`). */
  lambda?: number;
  /** `linear` or an MLP with these hidden widths. */
  encoder: 'linear' | { hidden: number[] };
  /** Coordinates per subspace (default 1). */
  subspaceDim?: number;
  /** Continuous attributes: window of the within-group shuffle (default 8 samples of the batch). */
  groupWindow?: number;
  /** Adversarial: hidden width of each discriminator (default 16). */
  discriminatorHidden?: number;
  /** Continuous attributes, adversarial: quantile bins per attribute (default 4). */
  discriminatorBins?: number;
  /**
   * Optimiser steps with the penalty off (Base only) before it is switched on (default 0). Meant to put subspace i
   * on attribute i before the penalty acts; measured: 200 warm-up steps of 800 did NOT keep the seed-20221
   * linear-Gaussian world out of the failing solution (drop 1.50 vs 1.61 without), so the theorems do not use it.
   */
  penaltyWarmup?: number;
  /** MMD bandwidths as multiples of √dim(z) (default [1]). */
  bandwidthScales?: number[];
  /**
   * Random restarts R (default 1): R candidates train for `restartSteps` each and the one with the lowest
   * objective (its probe's final running loss) continues for the rest of `train.steps` (src/train/restarts.ts).
   * From a random start the CMI objective falls about half the time into the swapped basin (subspace i carrying
   * attribute j: penalty ≈ 0 too, but the heads read the correlated attribute, running loss ≈ 0.9 against ≈ 0.44).
   */
  restarts?: number;
  /** Probe length of each restart (default 300 steps; the basins separate by then). */
  restartSteps?: number;
  train: TrainConfig;
}

/** Identity forward, zero gradient (tfjs has no public stop-gradient). */
export const stopGradient = tf.customGrad(((x: tf.Tensor) => ({ value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) })) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

function validateConfig(c: FunkeLearnerConfig): Required<Omit<FunkeLearnerConfig, 'train'>> & { train: TrainConfig } {
  if (c === null || typeof c !== 'object') throw new InputError('config', c, 'a FunkeLearnerConfig');
  if (!FUNKE_OBJECTIVES.includes(c.objective)) throw new InputError('config.objective', c.objective, `one of ${FUNKE_OBJECTIVES.join(', ')}`);
  const lambda = c.objective === 'base' ? 0 : assertNumber('config.lambda', c.lambda ?? 1, { min: 0 });
  if (c.encoder !== 'linear' && !(c.encoder && Array.isArray(c.encoder.hidden) && c.encoder.hidden.every((h) => Number.isInteger(h) && h > 0)))
    throw new InputError('config.encoder', c.encoder, "'linear' or { hidden: positive integer widths }");
  resolveTrainConfig(c.train);
  return {
    objective: c.objective,
    lambda,
    encoder: c.encoder,
    subspaceDim: assertPositiveInt('config.subspaceDim', c.subspaceDim ?? 1),
    groupWindow: assertNumber('config.groupWindow', c.groupWindow ?? 8, { min: 2, integer: true }),
    discriminatorHidden: assertPositiveInt('config.discriminatorHidden', c.discriminatorHidden ?? 16),
    discriminatorBins: assertNumber('config.discriminatorBins', c.discriminatorBins ?? 4, { min: 2, integer: true }),
    penaltyWarmup: assertNumber('config.penaltyWarmup', c.penaltyWarmup ?? 0, { min: 0, integer: true }),
    restarts: assertPositiveInt('config.restarts', c.restarts ?? 1),
    restartSteps: assertPositiveInt('config.restartSteps', c.restartSteps ?? 300),
    bandwidthScales: (c.bandwidthScales ?? [1]).map((v, i) => {
      const s = assertNumber(`config.bandwidthScales[${i}]`, v);
      if (!(s > 0)) throw new InputError(`config.bandwidthScales[${i}]`, v, 'a bandwidth multiple > 0');
      return s;
    }),
    train: c.train,
  };
}

/** Check the training data: finite x, attributes of the right type, no constant attribute. */
export function validateAttributeData(data: AttributeData): AttributeData {
  if (data === null || typeof data !== 'object') throw new InputError('data', data, 'AttributeData { x, attributes, attributeType }');
  const x = assertMatrix('data.x', data.x);
  const a = assertMatrix('data.attributes', data.attributes, { rows: x.length });
  if (data.attributeType !== 'continuous' && data.attributeType !== 'binary') throw new InputError('data.attributeType', data.attributeType, "'continuous' or 'binary'");
  for (let j = 0; j < a[0].length; j++) {
    const first = a[0][j];
    if (a.every((r) => r[j] === first)) throw new InputError(`data.attributes[:, ${j}]`, first, 'an attribute that varies (a constant attribute has no head to train and no groups to condition on)');
    if (data.attributeType === 'binary') {
      const bad = a.find((r) => r[j] !== 1 && r[j] !== -1);
      if (bad) throw new InputError(`data.attributes[:, ${j}]`, bad[j], 'binary attributes in {−1, +1}');
    }
  }
  return data;
}

/** Per-column standardisation (sd floored at 1e-6: constant image pixels stay 0). */
function scaler(x: Mat): { mean: number[]; sd: number[]; apply: (m: Mat) => Mat } {
  const n = x.length;
  const d = x[0].length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of x) for (let j = 0; j < d; j++) mean[j] += r[j] / n;
  for (const r of x) for (let j = 0; j < d; j++) sd[j] += (r[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = Math.max(Math.sqrt(sd[j]), 1e-6);
  return { mean, sd, apply: (m: Mat) => m.map((r) => r.map((v, j) => (v - mean[j]) / sd[j])) };
}

/** Pairwise squared distances of the rows of u [B, D] and v [B, D] (explicit transpose: wasm's fast matMul path). */
function sqDist(u: tf.Tensor2D, v: tf.Tensor2D): tf.Tensor2D {
  const uu = tf.sum(tf.square(u), 1, true);
  const vv = tf.reshape(tf.sum(tf.square(v), 1), [1, -1]);
  return tf.relu(tf.sub(tf.add(uu, vv), tf.mul(2, tf.matMul(u, tf.transpose(v))))) as tf.Tensor2D;
}

/** Biased multi-bandwidth RBF MMD² between the rows of u and v (module doc). */
export function mmdTensor(u: tf.Tensor2D, v: tf.Tensor2D, scales: number[] = [1]): tf.Scalar {
  const dim = u.shape[1];
  const duu = sqDist(u, u);
  const dvv = sqDist(v, v);
  const duv = sqDist(u, v);
  let total: tf.Tensor = tf.scalar(0);
  for (const s of scales) {
    const g = 1 / (2 * s * s * dim);
    const k = (dm: tf.Tensor2D) => tf.mean(tf.exp(tf.mul(-g, dm)));
    total = tf.add(total, tf.sub(tf.add(k(duu), k(dvv)), tf.mul(2, k(duv))));
  }
  return total as tf.Scalar;
}

/** Within-batch group labels for attribute column values (binary: the value; continuous: sorted windows). */
function batchGroups(values: number[], type: 'continuous' | 'binary', window: number): number[] {
  if (type === 'binary') return values.map((v) => (v > 0 ? 1 : 0));
  const order = values.map((_, i) => i).sort((p, q) => values[p] - values[q]);
  const out = new Array<number>(values.length);
  const nWin = Math.max(1, Math.floor(values.length / window));
  order.forEach((i, r) => (out[i] = Math.min(Math.floor(r / window), nWin - 1)));
  return out;
}

/** One-hot permutation matrix P (P z permutes rows): rows move only within equal group labels. */
function permutationMatrix(groups: number[], rng: Rng): tf.Tensor2D {
  const b = groups.length;
  const by = new Map<number, number[]>();
  groups.forEach((g, i) => {
    const l = by.get(g);
    if (l) l.push(i);
    else by.set(g, [i]);
  });
  const data = new Float32Array(b * b);
  for (const g of [...by.keys()].sort((p, q) => p - q)) {
    const idx = by.get(g)!;
    const sh = rng.shuffle(idx.slice());
    idx.forEach((i, t) => (data[i * b + sh[t]] = 1));
  }
  return tf.tensor2d(data, [b, b]);
}

/** Seeded Glorot-uniform variable. */
function glorotVar(shape: [number, number], rng: Rng, name: string): tf.Variable {
  const lim = Math.sqrt(6 / (shape[0] + shape[1]));
  const vals = Float32Array.from({ length: shape[0] * shape[1] }, () => (2 * rng.uniform() - 1) * lim);
  return tf.tidy(() => tf.variable(tf.tensor2d(vals, shape), true, name));
}

let counter = 0;

/** The Funke learner for one objective (module doc). */
export function funkeLearner(config: FunkeLearnerConfig): Learner<AttributeData> {
  const c = validateConfig(config);
  const encName = c.encoder === 'linear' ? 'linear' : `MLP [${c.encoder.hidden.join(', ')}]`;
  const objText: Record<FunkeObjective, string> = {
    base: 'Σᵢ ℓ(headᵢ(zᵢ), aᵢ)',
    mi: `Σᵢ ℓ(headᵢ(zᵢ), aᵢ) + ${c.lambda}·Σᵢ MMD²(z, z with block i shuffled)`,
    cmi: `Σᵢ ℓ(headᵢ(zᵢ), aᵢ) + ${c.lambda}·Σᵢ MMD²(z, z with block i shuffled within aᵢ)`,
    'cmi-adversarial': `Σᵢ ℓ(headᵢ(zᵢ), aᵢ) + ${c.lambda}·Σᵢ,ᵥ flipped-label CE of the conditional discriminator Dᵢ,ᵥ`,
  };
  return {
    name: `funke-${c.objective} (${encName})`,
    objective: objText[c.objective],
    fit(data: AttributeData, seeds: LearnerSeeds): FittedEncoder {
      validateAttributeData(data);
      const n = data.x.length;
      const dIn = data.x[0].length;
      const nAttr = data.attributes[0].length;
      const k = c.subspaceDim;
      const dz = nAttr * k;
      const sc = scaler(data.x);
      const sizes = c.encoder === 'linear' ? [dIn, dz] : [dIn, ...c.encoder.hidden, dz];
      // Tensors shared by every candidate: the head mask, the data, the block masks.
      const tensors: tf.Tensor[] = [];
      const maskVals = new Float32Array(dz * nAttr);
      for (let i = 0; i < nAttr; i++) for (let t = 0; t < k; t++) maskVals[(i * k + t) * nAttr + i] = 1;
      const mask = tf.tensor2d(maskVals, [dz, nAttr]);
      const xT = tf.tensor2d(sc.apply(data.x));
      const aT = tf.tensor2d(data.attributes);
      tensors.push(mask, xT, aT);
      const blockMasks = Array.from({ length: nAttr }, (_, i) => {
        const m = new Float32Array(dz);
        for (let t = 0; t < k; t++) m[i * k + t] = 1;
        return tf.tensor2d(m, [1, dz]);
      });
      tensors.push(...blockMasks);
      const values = c.objective === 'cmi-adversarial' ? (data.attributeType === 'binary' ? 2 : c.discriminatorBins) : 0;
      const attrCols = data.penaltyAttributes ? assertMatrix('data.penaltyAttributes', data.penaltyAttributes, { rows: n, cols: nAttr }) : data.attributes;

      /** One candidate: encoder, heads and (adversarial) discriminators from `init`, penalty shuffles from `batching`. */
      const makeCandidate = (init: Rng, batching: Rng) => {
        const id = counter++;
        const vars: tf.Variable[] = [];
        const discs: Mlp[] = [];
        let mlp: Mlp | null = null;
        try {
          mlp = createMlp({ sizes, activation: 'leaky-relu' }, init.child('encoder'));
          // Heads: block-diagonal [dz, nAttr] through a constant mask, plus a bias per attribute.
          const headW = glorotVar([dz, nAttr], init.child('heads'), `funke${id}/heads`);
          const headB = tf.tidy(() => tf.variable(tf.zeros([nAttr]), true, `funke${id}/headsBias`));
          vars.push(...mlp.variables, headW, headB);
          // Adversarial discriminators: one [dz → h → 1] MLP per (attribute, value).
          for (let i = 0; i < nAttr; i++)
            for (let v = 0; v < values; v++) discs.push(createMlp({ sizes: [dz, c.discriminatorHidden, 1], activation: 'leaky-relu' }, init.child('disc', i, v)));
          for (const dm of discs) vars.push(...dm.variables);
          const net = mlp;
          const shuffleRng = batching.child('shuffle');
          const forward = (x: tf.Tensor2D) => net.apply(x);
          const headLoss = (z: tf.Tensor2D, a: tf.Tensor2D): tf.Scalar => {
            const pred = tf.add(tf.matMul(z, tf.mul(headW, mask) as tf.Tensor2D), headB);
            return (data.attributeType === 'continuous' ? tf.mean(tf.sum(tf.square(tf.sub(pred, a)), 1)) : tf.mean(tf.sum(tf.softplus(tf.neg(tf.mul(pred, a))), 1))) as tf.Scalar;
          };
          const standardise = (z: tf.Tensor2D): tf.Tensor2D => {
            const m = tf.moments(z, 0);
            return tf.div(tf.sub(z, m.mean), tf.sqrt(tf.add(m.variance, 1e-6))) as tf.Tensor2D;
          };
          let calls = 0; // train calls the loss once per optimiser step
          const loss = (batch: tf.Tensor1D): tf.Scalar => {
            const xb = tf.gather(xT, batch);
            const ab = tf.gather(aT, batch);
            const z = forward(xb);
            let total: tf.Tensor = headLoss(z, ab);
            if (c.objective === 'base' || c.lambda === 0 || calls++ < c.penaltyWarmup) return total as tf.Scalar;
            const idx = Array.from(batch.dataSync());
            const zs = standardise(z);
            let di = 0;
            for (let i = 0; i < nAttr; i++) {
              const col = idx.map((r) => attrCols[r][i]);
              const groups = c.objective === 'mi' ? col.map(() => 0) : batchGroups(col, data.attributeType, c.groupWindow);
              const p = permutationMatrix(groups, shuffleRng);
              const zt = tf.add(tf.mul(zs, tf.sub(1, blockMasks[i])), tf.mul(tf.matMul(p, zs), blockMasks[i])) as tf.Tensor2D;
              if (c.objective !== 'cmi-adversarial') {
                total = tf.add(total, tf.mul(c.lambda, mmdTensor(zs, zt, c.bandwidthScales)));
                continue;
              }
              // Conditional discriminators: value v of attribute i sees only its group's rows (row weights).
              const valueOf = data.attributeType === 'binary' ? col.map((v) => (v > 0 ? 1 : 0)) : batchGroups(col, 'continuous', Math.ceil(col.length / c.discriminatorBins)).map((g) => Math.min(g, c.discriminatorBins - 1));
              for (let v = 0; v < values; v++, di++) {
                const w = tf.tensor2d(valueOf.map((g) => (g === v ? 1 : 0)), [col.length, 1]);
                const cnt = tf.add(tf.sum(w), 1e-6);
                const dm = discs[di];
                const realD = dm.apply(stopGradient(zs) as tf.Tensor2D);
                const fakeD = dm.apply(stopGradient(zt) as tf.Tensor2D);
                // Discriminator: real → 1, shuffled → 0 (logistic loss on logits), within the group.
                const dLoss = tf.div(tf.sum(tf.mul(w, tf.add(tf.softplus(tf.neg(realD)), tf.softplus(fakeD)))), cnt);
                // Encoder: flipped labels (real → 0, shuffled → 1) through frozen discriminator weights.
                const frozen = (u: tf.Tensor2D) => {
                  const [w1, b1, w2, b2] = dm.variables.map((t) => stopGradient(t));
                  return tf.add(tf.matMul(tf.leakyRelu(tf.add(tf.matMul(u, w1 as tf.Tensor2D), b1), 0.2), w2 as tf.Tensor2D), b2);
                };
                const eLoss = tf.div(tf.sum(tf.mul(w, tf.add(tf.softplus(frozen(zs)), tf.softplus(tf.neg(frozen(zt)))))), cnt);
                total = tf.add(total, tf.add(dLoss, tf.mul(c.lambda, eLoss)));
              }
            }
            return total as tf.Scalar;
          };
          const dispose = () => {
            net.dispose();
            for (const dm of discs) dm.dispose();
            tf.dispose([headW, headB]);
          };
          return { variables: vars, loss, dispose, forward, headW };
        } catch (e) {
          mlp?.dispose();
          for (const dm of discs) dm.dispose();
          tf.dispose(vars.filter((v) => !v.isDisposed));
          throw e;
        }
      };

      let run: RestartResult<ReturnType<typeof makeCandidate>>;
      try {
        run = trainWithRestarts({
          restarts: c.restarts,
          probeSteps: c.restartSteps,
          config: c.train,
          numSamples: n,
          seeds,
          make: makeCandidate,
          // The penalty's shuffles make a full-data evaluation an n × n permutation: the probe's own final
          // (running) loss is the objective value that chooses.
          score: (_, probe) => probe.finalLoss,
        });
      } catch (e) {
        tf.dispose(tensors);
        throw e;
      }
      const { chosen, result, info } = run;
      const headsOut = tf.tidy(() => tf.mul(chosen.headW, mask).arraySync() as number[][]);
      const encode = (x: Mat): Mat => {
        const xs = sc.apply(assertMatrix('x', x, { cols: dIn }));
        const out: Mat = [];
        for (let s = 0; s < xs.length; s += 4096) {
          const y = tf.tidy(() => chosen.forward(tf.tensor2d(xs.slice(s, s + 4096))));
          out.push(...(y.arraySync() as number[][]));
          y.dispose();
        }
        return out;
      };
      let disposed = false;
      const disposeAll = () => {
        if (disposed) return;
        disposed = true;
        chosen.dispose();
        tf.dispose(tensors);
      };
      return {
        encode,
        train: result,
        learned: { heads: headsOut, subspaceDim: k, attributes: nAttr, objective: c.objective, ...(info ? { restarts: info } : {}) },
        dispose: disposeAll,
      };
    },
  };
}
