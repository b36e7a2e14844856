/**
 * The Feige family (theory.md §5; Feige 2019): class-manifold data (templates × a plane group × a fixed
 * renderer, with a label budget), the semi-supervised ELBO with the exact sum over classes, the routed
 * learner and its no-routing and M2 baselines, oracle ELBO evaluation, trial runner and judges, report pieces.
 */
export type { ClassManifoldDataset, ClassManifoldProcess, ClassManifoldWorld, FeigeData, GroupElement, RendererSpec, TemplateSpec } from './types.ts';
export {
  MAX_CLASSES,
  MAX_TEMPLATE_POINTS,
  PLANE_GROUP_KINDS,
  buildRenderer,
  buildWorld,
  classManifoldData,
  learnerView,
  normaliseTemplate,
  orbitClassifier,
  planeGroup,
  sampleTemplates,
  transformPoints,
  transformTargets,
  translationScale,
  validateProcess,
} from './process.ts';
export { planeGroupParams, processArb, rendererArb, templateArb } from './arbitraries.ts';
export type { PlaneGroupKind, ProcessArbOptions } from './arbitraries.ts';
export { blockIndicator, blocksToColumns, gaussianKl, gaussianRecon, negativeElbo, negativeElboRows, repeatBlocks } from './losses.ts';
export type { ElboTerms } from './losses.ts';
export { FEIGE_VARIANTS, feigeLearner } from './learner.ts';
export type { FeigeLearner, FeigeLearnerConfig, FeigeModel, FeigeVariant } from './learner.ts';
export { IDENTITY_2, applyPlane, bestSharedDecoder, invertPlane, oracleBatch, oracleCoordinates, oracleDecode, oracleElbo } from './oracle.ts';
export type { BlockOrthogonal, OracleBatch, PlaneOrthogonal } from './oracle.ts';
export { FEIGE_LEARNER_SLOT, classifierAccuracy, harmonicTargets, perClassR2, pooledR2, rWithinShare, rWithinShareCorrect, runFeigeTrial, vClassAccuracy, wrapAngle } from './trial.ts';
export type { FeigeEval, FeigeTrial, SwapResult } from './trial.ts';
export { medianRange, rByClassSpec, sslAccuracyTable, sslMarkdown, traversalSvg, vByAngleSpec } from './report.ts';
export type { SslCell } from './report.ts';
