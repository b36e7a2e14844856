/** Errors of the training core. */
import { NumericalError } from '../core/errors.ts';
import type { TrainResult } from './types.ts';

/**
 * Training diverged: the evaluated loss became NaN/±Infinity, or exceeded `divergenceFactor` × the
 * first evaluated loss. `field` is `'loss'`, `value` the offending loss, `step` the optimiser step at
 * which it was evaluated; `partial` is what the run did up to and including that evaluation (its
 * `curve` ends with the offending point; `finalLoss` is that loss), so callers can keep or report it.
 * The variables hold the (diverged) values at that step. (`partial.stoppedBy` reads 'steps': the
 * `TrainResult` union has no 'diverged'; this error is the signal.)
 */
export class TrainingDivergedError extends NumericalError {
  override name = 'TrainingDivergedError';
  constructor(
    value: number,
    readonly step: number,
    readonly partial: TrainResult,
    reason: string,
  ) {
    super('loss', value, `training diverged at step ${step}: ${reason}`);
  }
}
