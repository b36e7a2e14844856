/**
 * `latentcheck/testing`: regression-test your own learner in your own (vitest) test suite.
 * Plug a learner into a theorem with `checkLearner`, then assert with the matchers after
 * `expect.extend(latentcheckMatchers)` (or import `latentcheck/testing/setup` as a vitest setup file).
 */
export { checkLearner, learnerProperties, replayLearnerTrial, replayCall, DEFAULT_LEARNER_SEED } from './checkLearner.ts';
export type { CheckLearnerOptions, LearnerTrialReplay } from './checkLearner.ts';
export type { LearnerRun } from './types.ts';
export { latentcheckMatchers, describePropertyResult } from './matchers.ts';
export type { LatentcheckMatchers } from './matchers.ts';
export { classContains, coarserClasses, CLASS_INCLUSIONS } from './classOrder.ts';
export { compareRuns, loadComparable, validateComparable, formatComparison } from '../compare/index.ts';
export type { Comparison, CompareOptions } from '../compare/index.ts';
export type { Learner, FittedEncoder, LearnerSeeds, PairData } from '../learners/types.ts';
