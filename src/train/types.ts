/**
 * The shared training core's contract. Every learner trains through `train` so that seeding, batching,
 * early stopping, divergence detection and tensor hygiene are the same everywhere.
 */
import type * as tf from '@tensorflow/tfjs';

/** A multilayer perceptron of custom-gradient dense layers (see `dense`). */
export interface MlpSpec {
  /** Layer widths including input and output, e.g. [10, 64, 64, 10]. */
  sizes: number[];
  /** Hidden activation; the output layer is linear. */
  activation: 'leaky-relu' | 'tanh' | 'relu';
  /** Negative slope of the leaky ReLU (default 0.2). */
  negativeSlope?: number;
}

export interface Mlp {
  spec: MlpSpec;
  /** Trainable variables (weights and biases, in layer order). */
  variables: tf.Variable[];
  /** Forward pass on a batch (rows = samples). Call inside tf.tidy. */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  /** Dispose every variable. */
  dispose(): void;
}

/** Optimiser and stopping settings. */
export interface TrainConfig {
  /** Maximum number of optimiser steps. */
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Evaluate the full-data or running loss every this many steps (default 50). */
  evalEvery?: number;
  /** Early stopping: stop when the evaluated loss has not improved by `minDelta` (relative) for `patience` evaluations. Off when undefined. */
  patience?: number;
  /** Relative improvement that counts (default 1e-3). */
  minDelta?: number;
  /** Divergence: stop with an error when the loss is non-finite, or exceeds `divergenceFactor` × the first evaluated loss (default 1e6). */
  divergenceFactor?: number;
  /** Stop (stoppedBy 'target') as soon as an evaluated loss is ≤ this value. Off when undefined. */
  targetLoss?: number;
}

/** Progress after an evaluation. */
export interface TrainProgress {
  step: number;
  loss: number;
}

/** What a training run did. */
export interface TrainResult {
  /** Optimiser steps taken. */
  steps: number;
  /** Evaluated loss curve: [step, loss] pairs. */
  curve: [number, number][];
  finalLoss: number;
  stoppedBy: 'steps' | 'plateau' | 'target';
  wallMs: number;
  /** Batch size actually used (`config.batchSize` clamped to the number of samples). */
  batchSize?: number;
}
