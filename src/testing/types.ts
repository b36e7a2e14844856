/** The result of checking a user's learner against a theorem (`checkLearner`); defined in the runner layer, which `compare` also reads. */
export type { LearnerRun } from '../runner/learnerRun.ts';
