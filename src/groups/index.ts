/**
 * Group actions as mechanism sets (theory.md §2): builders of linear (and homogeneous affine) actions,
 * their predicted class (the commutant, by Schur's lemma), closure of finite matrix groups, and fast-check arbitraries.
 */
export type { AbstractGroup, ContinuousOptions, GroupAction, GroupActionParams, GroupKind, PredictedLinearClass } from './types.ts';
export {
  DEFAULT_CONTINUOUS_SAMPLES,
  DEFAULT_SCALING_SIGMA,
  DEFAULT_TRANSLATION_SCALE,
  GROUP_KINDS,
  MAX_CONTINUOUS_SAMPLES,
  MAX_GROUP_N,
  buildGroupAction,
  cyclicGroup,
  directSum,
  finiteGroup,
  haarOrthogonal,
  haarSpecialOrthogonal,
  helmertBasis,
  homogeneousTranslation,
  orthogonalGroup,
  permutationGroup,
  permutationSign,
  scalings,
  signRepresentation,
  signedPermutationGroup,
  specialOrthogonal,
  standardIrrep,
  translations,
  trivialRepresentation,
} from './actions.ts';
export type { Summand } from './actions.ts';
export { CLOSURE_KEY_DIGITS, DET_TOLERANCE, MAX_GROUP_ORDER, groupClosure, matrixKey, validateGenerators } from './closure.ts';
export { mechanismsOf, predictedLinearClass } from './predict.ts';
export { expectedCommutantDim } from './expected.ts';
export { ARBITRARY_GROUP_KINDS, FINITE_GENERATOR_SETS, groupActionArb, groupActionParamsArb, groupSeedArb } from './arbitraries.ts';
export type { GroupArbOptions } from './arbitraries.ts';
