/**
 * The contrastive family (theory.md §3; Matthes, Han & Shen 2023; Zimmermann et al. 2021): data processes
 * with positive pairs, the four δ-losses on the shared training core, and the contrastive learner.
 */
export type { Conditional, ContrastiveData, ContrastiveDataset, ContrastiveLatents, ContrastiveProcess, LatentSpace, Marginal, MatchedDelta } from './types.ts';
export {
  CONDITIONAL_KINDS,
  MARGINAL_KINDS,
  SPACE_KINDS,
  contrastiveLatents,
  describeProcess,
  logConditionalNormaliser,
  logDensityRatio,
  logMarginalDensity,
  lpDelta,
  matchedDelta,
  observeContrastive,
  sampleConditional,
  sampleMarginal,
  validateProcess,
} from './process.ts';
export {
  CONTRASTIVE_LOSSES,
  contrastiveLoss,
  contrastiveLossReference,
  criticValues,
  pairwiseDelta,
  rowDelta,
  thinMatMul,
} from './losses.ts';
export type { ContrastiveLossKind, CriticInputs, NegativeLayout } from './losses.ts';
export { contrastiveLearner, SKIP_MLP_SCALE } from './learner.ts';
export type { ContrastiveLearnerConfig } from './learner.ts';
export { logBesselI, normalCdf, normalQuantile, regularizedGammaP, regularizedGammaQ } from './special.ts';
export { oracleBatch, oracleBias, oracleLoss } from './oracle.ts';
export type { OracleBatch } from './oracle.ts';
export { CONTRASTIVE_LEARNER_SLOT, criticScaleR2, runContrastiveTrial, subsampleCurve, trialArtifacts, withEstimationNoise } from './trial.ts';
export type { ContrastiveTrial } from './trial.ts';
