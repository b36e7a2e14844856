/**
 * The learners of the family, on the shared training core (`createMlp` dense layers, `train`'s seeded
 * batching, plateau stopping and divergence errors):
 *
 * - `routed` (Feige 2019): encoder x → [logits of q(y|x) | μ_v | log σ_v²]; the class reaches the decoder
 *   only through the categorical bottleneck and learned class embeddings r_y (E: K × rDim, gathered by a
 *   one-hot matMul); decoder D(r_y, v); the unlabelled ELBO sums over y exactly (losses.ts).
 * - `no-routing` (baseline): the same encoder, but the decoder sees v only (x → v → x̂, a plain VAE), so
 *   whatever distinguishes the classes must pass through v; q(y|x) is trained by the labelled
 *   cross-entropy alone.
 * - `m2` (Kingma, Mohamed, Rezende & Welling 2014, M2): q(y | x) a separate classifier, q(v | x, y) an
 *   encoder of [x, onehot y], decoder D(r_y, v); unlabelled ELBO summed over y exactly.
 *
 * Loss of one step (all variants): −ELBO / D averaged over a minibatch of all rows (labelled rows use their
 * label), plus α · cross-entropy of q(y | x) on a minibatch of labelled rows (Kingma et al.'s eq. 9 term;
 * drawn every step from the labelled rows with the batching stream, so a 1 % budget still trains the
 * classifier). Inputs are standardised per column; σ of p(x | y, v) is fixed (`decoderSd`, in standardised
 * units). The reparametrisation noise comes from `tf.randomNormal` with a seed drawn from the batching stream
 * each step: same seeds → same run.
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix } from '../core/validate.ts';
import type { LearnerSeeds } from '../learners/types.ts';
import { createMlp } from '../train/mlp.ts';
import { resolveTrainConfig, train } from '../train/train.ts';
import type { Mlp, TrainConfig, TrainResult } from '../train/types.ts';
import { blockIndicator, blocksToColumns, gaussianKl, gaussianRecon, negativeElbo, repeatBlocks } from './losses.ts';
import type { FeigeData } from './types.ts';

/** The learner variants: the routed model (categorical bottleneck + class embeddings), the no-routing baseline, and M2 (Kingma et al. 2014). */
export type FeigeVariant = 'routed' | 'no-routing' | 'm2';
export const FEIGE_VARIANTS: readonly FeigeVariant[] = ['routed', 'no-routing', 'm2'];

/** Configuration of `feigeLearner`: variant, latent sizes, network widths, loss weights and training settings. */
export interface FeigeLearnerConfig {
  variant: FeigeVariant;
  /** Dimension of v. */
  vDim: number;
  /** Dimension of the class embeddings r_y (default 8). */
  rDim?: number;
  /** Hidden widths of the encoder(s) and of the decoder. */
  hidden: number[];
  /** σ of p(x | y, v) in standardised units (default 0.1). */
  decoderSd?: number;
  /** Weight α of the labelled cross-entropy (default 1). */
  classWeight?: number;
  /** Labelled rows per step for the cross-entropy term (default 64). */
  labelledBatch?: number;
  train: TrainConfig;
}

/** A trained model of the family. */
export interface FeigeModel {
  variant: FeigeVariant;
  /** v = μ_v(x) (M2: at the predicted class), q(y | x), and r = Σ_k q(k | x) r_k (null for no-routing). */
  encode(x: Mat): { v: Mat; qy: Mat; r: Mat | null };
  /** Decoder means D(r_y, v) in data units (no-routing ignores y). */
  decode(y: number[], v: Mat): Mat;
  /** The class embeddings r_k (K × rDim; null for no-routing). */
  embeddings: Mat | null;
  /** The training run (curve, steps, stop reason). */
  train: TrainResult;
  /** Free the networks' tensors. */
  dispose(): void;
}

/** A learner of the family: trains on observations with a label budget. */
export interface FeigeLearner {
  readonly name: string;
  readonly objective: string;
  readonly variant: FeigeVariant;
  /** Train on observations with their label budget, drawing initialisation and batches from `seeds`. */
  fit(data: FeigeData, seeds: LearnerSeeds): FeigeModel;
}

function validateConfig(c: FeigeLearnerConfig): Required<Omit<FeigeLearnerConfig, 'train'>> & { train: TrainConfig } {
  if (c === null || typeof c !== 'object') throw new InputError('config', c, 'a FeigeLearnerConfig');
  if (!FEIGE_VARIANTS.includes(c.variant)) throw new InputError('config.variant', c.variant, `one of: ${FEIGE_VARIANTS.join(', ')}`);
  const posInt = (f: string, v: unknown) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(f, v, 'a positive integer');
    return v;
  };
  posInt('config.vDim', c.vDim);
  const rDim = posInt('config.rDim', c.rDim ?? 8);
  if (!Array.isArray(c.hidden)) throw new InputError('config.hidden', c.hidden, 'a list of hidden widths');
  c.hidden.forEach((h, i) => posInt(`config.hidden[${i}]`, h));
  const decoderSd = c.decoderSd ?? 0.1;
  if (typeof decoderSd !== 'number' || !Number.isFinite(decoderSd) || !(decoderSd > 0)) throw new InputError('config.decoderSd', decoderSd, 'a finite σ > 0');
  const classWeight = c.classWeight ?? 1;
  if (typeof classWeight !== 'number' || !Number.isFinite(classWeight) || classWeight < 0) throw new InputError('config.classWeight', classWeight, 'a finite α ≥ 0');
  const labelledBatch = posInt('config.labelledBatch', c.labelledBatch ?? 64);
  resolveTrainConfig(c.train);
  return { variant: c.variant, vDim: c.vDim, rDim, hidden: [...c.hidden], decoderSd, classWeight, labelledBatch, train: c.train };
}

function validateData(d: FeigeData): void {
  if (d === null || typeof d !== 'object') throw new InputError('data', d, 'FeigeData { x, labels, classes }');
  assertMatrix('data.x', d.x);
  if (typeof d.classes !== 'number' || !Number.isInteger(d.classes) || d.classes < 2) throw new InputError('data.classes', d.classes, 'an integer K ≥ 2');
  if (!Array.isArray(d.labels) || d.labels.length !== d.x.length) throw new InputError('data.labels', d.labels, `${d.x.length} labels (−1 = unlabelled)`);
  d.labels.forEach((l, i) => {
    if (!Number.isInteger(l) || l < -1 || l >= d.classes) throw new InputError(`data.labels[${i}]`, l, `a class in [0, ${d.classes}) or −1`);
  });
}

/** Per-column mean and sd (sd floored at 1e-6). */
function scaler(x: Mat): { mean: number[]; sd: number[] } {
  const n = x.length;
  const d = x[0].length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of x) for (let j = 0; j < d; j++) mean[j] += r[j] / n;
  for (const r of x) for (let j = 0; j < d; j++) sd[j] += (r[j] - mean[j]) ** 2 / n;
  return { mean, sd: sd.map((v) => Math.max(Math.sqrt(v), 1e-6)) };
}

/** Build a learner of the family (module doc). */
export function feigeLearner(config: FeigeLearnerConfig): FeigeLearner {
  const c = validateConfig(config);
  const names: Record<FeigeVariant, string> = {
    routed: 'invariant–equivariant VAE (categorical bottleneck + class embeddings, Gaussian v)',
    'no-routing': 'no-routing VAE (decoder sees v only) + classifier head',
    m2: 'M2 (Kingma et al. 2014): q(y|x), q(v|x,y), decoder D(r_y, v)',
  };
  return {
    name: names[c.variant],
    objective: '−ELBO / D (exact sum over y for unlabelled rows) + α · cross-entropy of q(y|x) on labelled rows',
    variant: c.variant,
    fit(data: FeigeData, seeds: LearnerSeeds): FeigeModel {
      validateData(data);
      const K = data.classes;
      const N = data.x.length;
      const D = data.x[0].length;
      const V = c.vDim;
      const { mean, sd } = scaler(data.x);
      const std = (x: Mat): Mat => x.map((r) => r.map((v, j) => (v - mean[j]) / sd[j]));
      const routed = c.variant !== 'no-routing';
      const m2 = c.variant === 'm2';
      const nets: Mlp[] = [];
      const extra: tf.Variable[] = [];
      const consts: tf.Tensor[] = [];
      try {
        // Encoders: ours and no-routing share one MLP x → [logits | μ | log σ²]; M2 has a classifier and q(v | x, y).
        const enc = m2 ? null : createMlp({ sizes: [D, ...c.hidden, K + 2 * V], activation: 'leaky-relu' }, seeds.init);
        const cls = m2 ? createMlp({ sizes: [D, ...c.hidden, K], activation: 'leaky-relu' }, seeds.init) : null;
        const encV = m2 ? createMlp({ sizes: [D + K, ...c.hidden, 2 * V], activation: 'leaky-relu' }, seeds.init) : null;
        for (const n of [enc, cls, encV]) if (n) nets.push(n);
        const dec = createMlp({ sizes: [(routed ? c.rDim : 0) + V, ...[...c.hidden].reverse(), D], activation: 'leaky-relu' }, seeds.init);
        nets.push(dec);
        const E = routed ? tf.tidy(() => tf.variable(tf.tensor2d(Array.from({ length: K }, () => Array.from({ length: c.rDim }, () => seeds.init.normal())), [K, c.rDim]), true, `feige/E${Math.floor(seeds.init.uniform() * 1e9)}`)) : null;
        if (E) extra.push(E);

        const xT = tf.tensor2d(std(data.x));
        const onehotAll = tf.tensor2d(data.labels.map((l) => Array.from({ length: K }, (_, k) => (l === k ? 1 : 0))));
        const labAll = tf.tensor2d(data.labels.map((l) => [l >= 0 ? 1 : 0]));
        consts.push(xT, onehotAll, labAll);
        const labelledRows = data.labels.map((l, i) => (l >= 0 ? i : -1)).filter((i) => i >= 0);
        const cfg = resolveTrainConfig(c.train);
        const B = Math.min(cfg.batchSize, N);
        const blocks = blockIndicator(B, K);
        consts.push(blocks);
        const L = Math.min(c.labelledBatch, labelledRows.length);
        const useCe = c.classWeight > 0 && L > 0;

        /** [rows, K] logits of q(y|x), μ, log σ² of q(v|x) (not M2). */
        const heads = (x: tf.Tensor2D) => {
          const h = enc!.apply(x);
          const logits = tf.slice(h, [0, 0], [-1, K]) as tf.Tensor2D;
          const mu = tf.slice(h, [0, K], [-1, V]) as tf.Tensor2D;
          const logvar = tf.clipByValue(tf.slice(h, [0, K + V], [-1, V]), -12, 6) as tf.Tensor2D;
          return { logits, mu, logvar };
        };
        const m2V = (x: tf.Tensor2D, onehot: tf.Tensor2D) => {
          const h = encV!.apply(tf.concat([x, onehot], 1) as tf.Tensor2D);
          return { mu: tf.slice(h, [0, 0], [-1, V]) as tf.Tensor2D, logvar: tf.clipByValue(tf.slice(h, [0, V], [-1, V]), -12, 6) as tf.Tensor2D };
        };
        const decodeT = (onehot: tf.Tensor2D | null, v: tf.Tensor2D): tf.Tensor2D =>
          dec.apply(routed ? (tf.concat([tf.matMul(onehot!, E!), v], 1) as tf.Tensor2D) : v);
        const noiseRng = seeds.batching.child('reparametrisation');
        const labelRng = seeds.batching.child('labelled-batch');

        const lossFn = (idx: tf.Tensor1D): tf.Scalar => {
          const xb = tf.gather(xT, idx) as tf.Tensor2D;
          const ob = tf.gather(onehotAll, idx) as tf.Tensor2D;
          const mb = tf.gather(labAll, idx) as tf.Tensor2D;
          const eps = tf.randomNormal([m2 ? B * K : B, V], 0, 1, 'float32', noiseRng.int(2147483647)) as tf.Tensor2D;
          let lIdx: tf.Tensor1D | null = null;
          if (useCe) lIdx = tf.tensor1d(Array.from({ length: L }, () => labelledRows[labelRng.int(labelledRows.length)]), 'int32');
          const xl = lIdx ? (tf.gather(xT, lIdx) as tf.Tensor2D) : null;
          const ol = lIdx ? (tf.gather(onehotAll, lIdx) as tf.Tensor2D) : null;
          let logitsB: tf.Tensor2D;
          let logitsL: tf.Tensor2D | null = null;
          let recon: tf.Tensor2D;
          let klV: tf.Tensor2D;
          const xt = repeatBlocks(xb, K);
          if (!m2) {
            const hx = xl ? (tf.concat([xb, xl], 0) as tf.Tensor2D) : xb;
            const h = heads(hx);
            logitsB = tf.slice(h.logits, [0, 0], [B, K]) as tf.Tensor2D;
            if (xl) logitsL = tf.slice(h.logits, [B, 0], [L, K]) as tf.Tensor2D;
            const mu = tf.slice(h.mu, [0, 0], [B, V]) as tf.Tensor2D;
            const logvar = tf.slice(h.logvar, [0, 0], [B, V]) as tf.Tensor2D;
            const v = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps)) as tf.Tensor2D;
            klV = gaussianKl(mu, logvar);
            if (routed) recon = blocksToColumns(gaussianRecon(xt, decodeT(blocks, repeatBlocks(v, K)), c.decoderSd), B, K);
            else recon = gaussianRecon(xb, decodeT(null, v), c.decoderSd);
          } else {
            const hx = xl ? (tf.concat([xb, xl], 0) as tf.Tensor2D) : xb;
            const lg = cls!.apply(hx);
            logitsB = tf.slice(lg, [0, 0], [B, K]) as tf.Tensor2D;
            if (xl) logitsL = tf.slice(lg, [B, 0], [L, K]) as tf.Tensor2D;
            const q = m2V(xt, blocks);
            const v = tf.add(q.mu, tf.mul(tf.exp(tf.mul(q.logvar, 0.5)), eps)) as tf.Tensor2D;
            klV = blocksToColumns(gaussianKl(q.mu, q.logvar), B, K);
            recon = blocksToColumns(gaussianRecon(xt, decodeT(blocks, v), c.decoderSd), B, K);
          }
          const qy = tf.softmax(logitsB) as tf.Tensor2D;
          let loss = tf.div(negativeElbo({ recon, klV, qy, onehot: ob, labelled: mb, classes: K, routed }), D) as tf.Scalar;
          if (logitsL && ol) {
            const ce = tf.neg(tf.mean(tf.sum(tf.mul(ol, tf.logSoftmax(logitsL)), 1)));
            loss = tf.add(loss, tf.mul(ce, c.classWeight)) as tf.Scalar;
          }
          return loss;
        };
        const variables = [...nets.flatMap((n) => n.variables), ...extra];
        const result = train({ variables, loss: lossFn, numSamples: N, config: c.train, rng: seeds.batching });
        tf.dispose(consts);
        consts.length = 0;

        const chunked = (x: Mat, f: (t: tf.Tensor2D) => tf.Tensor2D[]): Mat[] => {
          const outs: Mat[] = [];
          for (let s = 0; s < x.length; s += 4096) {
            const parts = tf.tidy(() => f(tf.tensor2d(std(x.slice(s, s + 4096)))));
            parts.forEach((p, i) => {
              const rows = p.arraySync() as Mat;
              outs[i] = (outs[i] ?? []).concat(rows);
              p.dispose();
            });
          }
          return outs;
        };
        const embeddings = E ? (E.arraySync() as Mat) : null;
        const encode = (x: Mat): { v: Mat; qy: Mat; r: Mat | null } => {
          assertMatrix('x', x, { cols: D });
          const [v, qy] = chunked(x, (t) => {
            if (!m2) {
              const h = heads(t);
              return [h.mu, tf.softmax(h.logits) as tf.Tensor2D];
            }
            const q = tf.softmax(cls!.apply(t)) as tf.Tensor2D;
            const oh = tf.oneHot(tf.argMax(q, 1), K).toFloat() as tf.Tensor2D;
            return [m2V(t, oh).mu, q];
          });
          const r = embeddings ? qy.map((q) => embeddings[0].map((_, j) => q.reduce((s, p, k) => s + p * embeddings[k][j], 0))) : null;
          return { v, qy, r };
        };
        const decode = (y: number[], v: Mat): Mat => {
          assertMatrix('v', v, { cols: V });
          if (!Array.isArray(y) || y.length !== v.length) throw new InputError('y', y, `${v.length} classes`);
          y.forEach((k, i) => {
            if (!Number.isInteger(k) || k < 0 || k >= K) throw new InputError(`y[${i}]`, k, `a class in [0, ${K})`);
          });
          const out = tf.tidy(() => decodeT(tf.oneHot(tf.tensor1d(y, 'int32'), K).toFloat() as tf.Tensor2D, tf.tensor2d(v)));
          const rows = out.arraySync() as Mat;
          out.dispose();
          return rows.map((r) => r.map((val, j) => val * sd[j] + mean[j]));
        };
        return {
          variant: c.variant,
          encode,
          decode,
          embeddings,
          train: result,
          dispose: () => {
            nets.forEach((n) => n.dispose());
            tf.dispose(extra);
          },
        };
      } catch (e) {
        nets.forEach((n) => n.dispose());
        tf.dispose(extra);
        tf.dispose(consts);
        throw e;
      }
    },
  };
}
