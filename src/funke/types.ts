/**
 * Types of the Funke et al. (2022) family: processes with correlated attributes, their datasets, and what a
 * learner is fed (a `PairData`, so the learner slot of every trained property accepts any learner shape).
 */
import type { Mat } from '../core/matrix.ts';
import type { MixingParams } from '../generators/types.ts';
import type { PairData } from '../learners/types.ts';

/** A data process with correlated attributes (process.ts). ρ: attribute correlation; σ²: observation noise. */
export type FunkeProcess =
  | { kind: 'linear-gaussian'; d: number; rho: number; sigma2: number }
  | { kind: 'binary'; d: number; rho: number; sigma2: number }
  | { kind: 'binary-mixed'; d: number; rho: number; sigma2: number; mixing: MixingParams }
  | { kind: 'images'; rho: number; occlusion: number };

/**
 * What the Funke learners train on: observations `x` and their attributes (n × d, continuous or ±1).
 * `xNext` is `x` itself (there are no pairs; the field keeps the common `PairData` learner shape).
 */
export interface AttributeData extends PairData {
  attributes: Mat;
  attributeType: 'continuous' | 'binary';
  /**
   * Labels the (conditional) penalty conditions on, when they differ from `attributes` (default: the attributes).
   * The shuffled-label control sets a row-permuted copy: heads still learn the true attributes.
   */
  penaltyAttributes?: Mat;
}

/** Samples of a process. */
export interface FunkeDataset extends AttributeData {
  process: FunkeProcess;
}
