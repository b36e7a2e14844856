/** Learners: one shape (fit on pair data with seeds → encoder). */
export type { FittedEncoder, Learner, LearnerSeeds, PairData } from '../learners/types.ts';
export { mechanismLearner } from './mechanismLearner.ts';
export type { MechanismKnowledge, MechanismLearnerConfig } from './mechanismLearner.ts';
export { transitionLearner } from './transitionLearner.ts';
export type { TransitionLearnerConfig } from './transitionLearner.ts';
export { covariancePenalty, encodeRows, selectLinear } from './tensors.ts';
