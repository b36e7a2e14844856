/**
 * Stochastic-mechanism learners (theory.md §2, stochastic mechanisms; cf. SlowVAE, Klindt et al. 2021)
 * for z′ = z + ε with a known prior N(0, I) and noise kernel. Two objectives:
 *
 * `whitened` (slowness): min_f E δ(f(x′) − f(x)) / s + ‖Cov f(x) − I‖²_F / n, δ = ‖·‖² or ‖·‖₁.
 *   For a Gaussian kernel and prior this is exact in the small-noise limit: E‖Δf‖² ≈ σ² E‖J_f‖², and
 *   by the Gaussian Poincaré inequality the whitened functions of least Dirichlet energy are the linear
 *   ones, so the optimum is an orthogonal map of z. For an L1 kernel it is degenerate (below).
 *
 * `flow` (exact likelihood): maximise the likelihood of the pairs with f as a normalising flow (z = f(x)):
 *
 *   log p(x, x′) = log p_z(f(x)) + log p_ε(f(x′) − f(x)) + log|det J_f(x)| + log|det J_f(x′)|.
 *
 * Prior N(0, I); kernel Gaussian (−‖d‖²/2σ²) or Laplace (−‖d‖₁/b), constants dropped. The Jacobian terms
 * are what a whitening constraint alone lacks: without them, non-invertible step features such as
 * sign(z₁) are "slower" under an L1 kernel than linear ones. The likelihood is invariant exactly under
 * the maps that preserve both prior and kernel: orthogonal (Gaussian kernel), signed permutation (Laplace).
 * Supports n ≤ 3 (closed-form determinant, see jacobian.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix, assertNumber } from '../core/validate.ts';
import { createMlp } from '../train/mlp.ts';
import { train } from '../train/train.ts';
import type { TrainConfig } from '../train/types.ts';
import { linearWithLogDet, mlpWithLogDet } from './jacobian.ts';
import { covariancePenalty, encodeRows, inputWhitening, matrixTensor } from './tensors.ts';
import type { FittedEncoder, Learner, LearnerSeeds, PairData } from '../learners/types.ts';

/** Configuration of `transitionLearner` (module doc): noise kernel and its scale, objective, encoder widths and training settings. */
export interface TransitionLearnerConfig {
  kernel: 'gaussian' | 'laplace';
  /** 'whitened' (slowness + covariance penalty) or 'flow' (exact pair likelihood; use square hidden layers so f is invertible). */
  objective: 'whitened' | 'flow';
  /** Kernel scale in latent units: σ (Gaussian) or b (Laplace). */
  kernelScale: number;
  hidden: number[];
  /**
   * Whiten the inputs (x ↦ Cov(x)^{−1/2}(x − mean), estimated on the training rows, applied at encoding too)
   * before the encoder (default false). A fixed invertible affine preprocessing: it does not change the
   * encoder class, only the conditioning of the optimisation (see `inputWhitening`).
   */
  whitenInputs?: boolean;
  /** Leaky-ReLU slope of the encoder (default 0.2). */
  negativeSlope?: number;
  train: TrainConfig;
}

/**
 * Build a stochastic-mechanism learner (module doc) for pairs z′ = z + ε, prior N(0, I): an MLP encoder
 * n → hidden → n trained with the `whitened` objective E δ(f(x′) − f(x)) / s + ‖Cov f(x) − I‖²_F / n
 * (δ = ‖·‖² for the Gaussian kernel, ‖·‖₁ for Laplace; s = `kernelScale`) or the `flow` objective, the exact
 * pair likelihood of f as a normalising flow (n ≤ 3). Throws `InputError` naming `kernel`, `kernelScale`
 * (not a number > 0) or `objective`; `fit` throws `InputError` naming `data.x` (fewer than 2 rows),
 * `data.xNext` (not of x's shape) or `n` (flow with n > 3), and `TrainingDivergedError` when training diverges.
 */
export function transitionLearner(config: TransitionLearnerConfig): Learner {
  if (config.kernel !== 'gaussian' && config.kernel !== 'laplace') throw new InputError('kernel', config.kernel, "'gaussian' or 'laplace'");
  const scale = assertNumber('kernelScale', config.kernelScale, { min: Number.MIN_VALUE });
  if (config.objective !== 'whitened' && config.objective !== 'flow') throw new InputError('objective', config.objective, "'whitened' or 'flow'");
  const flow = config.objective === 'flow';
  return {
    name: `transition-${config.objective}/${config.kernel}`,
    objective: !flow
      ? `min E ${config.kernel === 'gaussian' ? '‖f(x′) − f(x)‖²' : '‖f(x′) − f(x)‖₁'} / s + ‖Cov f(x) − I‖²_F / n`
      : config.kernel === 'gaussian'
        ? 'max log N(f(x); 0, I) + log N(f(x′) − f(x); 0, σ²I) + log|det J_f(x)| + log|det J_f(x′)|'
        : 'max log N(f(x); 0, I) + log Laplace(f(x′) − f(x); b) + log|det J_f(x)| + log|det J_f(x′)|',
    fit(data: PairData, seeds: LearnerSeeds): FittedEncoder {
      const x = assertMatrix('data.x', data.x, { minRows: 2 });
      const n = x[0].length;
      assertMatrix('data.xNext', data.xNext, { rows: x.length, cols: n });
      const pre = config.whitenInputs ? inputWhitening(x).apply : (rows: Mat) => rows;
      const mlp = createMlp({ sizes: [n, ...config.hidden, n], activation: 'leaky-relu', negativeSlope: config.negativeSlope }, seeds.init);
      const xs = matrixTensor('data.x', pre(x));
      const xsNext = matrixTensor('data.xNext', pre(data.xNext));
      const whitened = (batch: tf.Tensor1D): tf.Scalar =>
        tf.tidy(() => {
          const f = mlp.apply(tf.gather(xs, batch) as tf.Tensor2D);
          const d = tf.sub(mlp.apply(tf.gather(xsNext, batch) as tf.Tensor2D), f);
          const delta = config.kernel === 'gaussian' ? tf.sum(tf.square(d), 1) : tf.sum(tf.abs(d), 1);
          return tf.add(tf.div(tf.mean(delta), scale), covariancePenalty(f)) as tf.Scalar;
        });
      // A linear encoder (no hidden layer) has one Jacobian, W, for every sample: its log|det| is computed
      // once per batch instead of per row (same value, far fewer ops).
      const linear = config.hidden.length === 0;
      const likelihood = (batch: tf.Tensor1D): tf.Scalar =>
        tf.tidy(() => {
          const a = linear ? linearWithLogDet(mlp, tf.gather(xs, batch) as tf.Tensor2D) : mlpWithLogDet(mlp, tf.gather(xs, batch) as tf.Tensor2D);
          const c = linear ? linearWithLogDet(mlp, tf.gather(xsNext, batch) as tf.Tensor2D) : mlpWithLogDet(mlp, tf.gather(xsNext, batch) as tf.Tensor2D);
          const d = tf.sub(c.y, a.y);
          const logKernel =
            config.kernel === 'gaussian' ? tf.div(tf.sum(tf.square(d), 1), -2 * scale * scale) : tf.div(tf.sum(tf.abs(d), 1), -scale);
          const logPrior = tf.mul(tf.sum(tf.square(a.y), 1), -0.5);
          return tf.neg(tf.mean(tf.add(tf.add(logPrior, logKernel), tf.add(a.logAbsDet, c.logAbsDet)))) as tf.Scalar;
        });
      let result;
      try {
        result = train({ variables: mlp.variables, loss: flow ? likelihood : whitened, numSamples: x.length, config: config.train, rng: seeds.batching });
      } catch (e) {
        mlp.dispose();
        throw e;
      } finally {
        xs.dispose();
        xsNext.dispose();
      }
      return { encode: (obs: Mat) => encodeRows(mlp, pre(assertMatrix('x', obs, { cols: n }))), train: result, learned: {}, dispose: () => mlp.dispose() };
    },
  };
}
