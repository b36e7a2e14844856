/** The result of checking a user's learner against a theorem (`checkLearner`). */
import type { PropertyResult } from './types.ts';
import type { ProfileName } from '../theorem/profile.ts';

/**
 * What `checkLearner` returns: a learner's results on a theorem's learner-accepting trained properties. The
 * value the vitest matchers receive; saved as JSON, a baseline for `compare` and `toNotRegressFrom`.
 */
export interface LearnerRun {
  /** Lets a saved run (JSON.stringify) serve as a baseline for `compare` and `toNotRegressFrom`. */
  schema: 'latentcheck/learner-run@1';
  theoremId: string;
  theoremTitle: string;
  /** What the theorem predicts the learner recovers the latents up to (class id where one exists). */
  predictedClass: { name: string; classId?: string };
  /** The plugged-in learner. */
  learner: { name: string; objective: string };
  seed: number;
  profile: ProfileName;
  /** 'pass' when every property passed. */
  verdict: 'pass' | 'fail';
  /** One result per trained property that accepts a learner (`learnerSlot`), in the theorem's order. */
  properties: PropertyResult[];
}
