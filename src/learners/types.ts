/**
 * One shape for every learner (scikit-learn style): `fit(data, seeds)` trains on observed pairs and returns
 * an encoder; theorems combine any learner with any equivalence class.
 */
import type { Mat } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';
import type { TrainResult } from '../train/types.ts';

/** Observed pairs (x, x′) and, where known, the mechanism index of each pair. */
export interface PairData {
  x: Mat;
  xNext: Mat;
  index?: number[];
}

/** A trained encoder f: observations → recovered latents. */
export interface FittedEncoder {
  /** Encode rows of observations. */
  encode(x: Mat): Mat;
  /** The training run (curve, steps, stop reason). */
  train: TrainResult;
  /** Learned auxiliary parameters (e.g. hypothesis-class mechanisms), for reports. */
  learned: Record<string, unknown>;
  /** Free the tensors. */
  dispose(): void;
}

/** Seeds of one training run: initialisation and batching streams. */
export interface LearnerSeeds {
  init: Rng;
  batching: Rng;
}

/** A learner: anything that trains an encoder on pair data. */
export interface Learner<D extends PairData = PairData> {
  readonly name: string;
  /** The objective, in words, for reports. */
  readonly objective: string;
  /**
   * Train an encoder on `data`, drawing its initialisation from `seeds.init` and its batch order from
   * `seeds.batching`. The caller owns the returned encoder and frees it with `dispose()`.
   */
  fit(data: D, seeds: LearnerSeeds): FittedEncoder;
}
