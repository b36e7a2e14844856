/**
 * Stochastic-mechanism learner (theory.md §2, stochastic mechanisms; SlowVAE-like, Klindt et al. 2021):
 * for z′ = z + ε with a known noise kernel, match the transition density in latent space,
 *
 *   min_f  E[ −log p_ε(f(x′) − f(x)) ]  + λ‖Cov f(x) − I‖²_F / d,
 *
 * i.e. E‖f(x′) − f(x)‖²  for a Gaussian kernel and E‖f(x′) − f(x)‖₁ for a Laplace kernel (constants dropped).
 * The covariance term fixes the scale that the kernel's normaliser would fix in a full likelihood and rules
 * out collapse. The kernel's isometries are the predicted class: orthogonal (Gaussian), signed permutation (Laplace).
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix } from '../core/validate.ts';
import { createMlp } from '../train/mlp.ts';
import { train } from '../train/train.ts';
import type { MlpSpec, TrainConfig } from '../train/types.ts';
import { covariancePenalty, encodeRows, matrixTensor } from './tensors.ts';
import type { FittedEncoder, Learner, LearnerSeeds, PairData } from './types.ts';

export interface TransitionLearnerConfig {
  kernel: 'gaussian' | 'laplace';
  hidden: number[];
  activation?: MlpSpec['activation'];
  train: TrainConfig;
  /** Weight λ of the covariance term (default 1). */
  antiCollapseWeight?: number;
  /** Scale of the kernel in whitened units (default 1): the loss is δ(f(x′) − f(x)) / scale. */
  kernelScale?: number;
}

export function transitionLearner(config: TransitionLearnerConfig): Learner {
  if (config.kernel !== 'gaussian' && config.kernel !== 'laplace') throw new InputError('kernel', config.kernel, "'gaussian' or 'laplace'");
  const lambda = config.antiCollapseWeight ?? 1;
  const scale = config.kernelScale ?? 1;
  return {
    name: `transition-learner/${config.kernel}`,
    objective:
      config.kernel === 'gaussian'
        ? 'min_f E‖f(x′) − f(x)‖² / s + λ‖Cov f − I‖² (Gaussian transition kernel)'
        : 'min_f E‖f(x′) − f(x)‖₁ / s + λ‖Cov f − I‖² (Laplace transition kernel)',
    fit(data: PairData, seeds: LearnerSeeds): FittedEncoder {
      const x = assertMatrix('data.x', data.x, { minRows: 2 });
      const n = x[0].length;
      assertMatrix('data.xNext', data.xNext, { rows: x.length, cols: n });
      const mlp = createMlp({ sizes: [n, ...config.hidden, n], activation: config.activation ?? 'leaky-relu' }, seeds.init);
      const xs = matrixTensor('data.x', x);
      const xsNext = matrixTensor('data.xNext', data.xNext);
      const loss = (batch: tf.Tensor1D): tf.Scalar =>
        tf.tidy(() => {
          const f = mlp.apply(tf.gather(xs, batch) as tf.Tensor2D);
          const d = tf.sub(mlp.apply(tf.gather(xsNext, batch) as tf.Tensor2D), f);
          const delta = config.kernel === 'gaussian' ? tf.sum(tf.square(d), 1) : tf.sum(tf.abs(d), 1);
          return tf.add(tf.div(tf.mean(delta), scale), tf.mul(lambda, covariancePenalty(f))) as tf.Scalar;
        });
      let result;
      try {
        result = train({ variables: mlp.variables, loss, numSamples: x.length, config: config.train, rng: seeds.batching });
      } catch (e) {
        mlp.dispose();
        throw e;
      } finally {
        xs.dispose();
        xsNext.dispose();
      }
      return { encode: (obs: Mat) => encodeRows(mlp, assertMatrix('x', obs, { cols: n })), train: result, learned: {}, dispose: () => mlp.dispose() };
    },
  };
}
