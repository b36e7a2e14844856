/**
 * Time to verdict per theorem: how long its properties took and at what rate they ran, so a report
 * shows where a run's time goes. Computed from the task times the runner records (each exact
 * property's own wall time, shrinking included; each trained trial's wall time), not from the
 * properties' start-to-end spans, which overlap when properties interleave or run on several workers.
 */
import type { PropertyResult, TheoremTiming } from './types.ts';

/** Recorded time is in whole milliseconds; rates divide by at least this much. */
const MIN_MS = 1;

/** Trained trials of one property: how many ran and their summed wall time (ms). */
export interface TrialTime {
  trials: number;
  wallMs: number;
}

/**
 * The timing of one theorem from its property results and, for its trained properties, the trials
 * that ran (`trialTimes`, keyed by property id; a trained property with a rule but no entry ran no
 * trial; any other property without an entry ran as a single task and counts with the exact ones). Rates are per second of recorded time, floored at 1 ms.
 */
export function theoremTiming(properties: PropertyResult[], trialTimes: ReadonlyMap<string, TrialTime>): TheoremTiming {
  let exactProps = 0;
  let runs = 0;
  let exactMs = 0;
  let trainedProps = 0;
  let trials = 0;
  let trainedMs = 0;
  for (const p of properties) {
    // A trained property decided by its rule ran as trials (possibly none recorded); anything else ran as one task.
    const t = trialTimes.get(p.propertyId) ?? (p.kind === 'trained' && p.rule ? { trials: 0, wallMs: 0 } : undefined);
    if (t) {
      trainedProps++;
      trials += t.trials;
      trainedMs += t.wallMs;
    } else {
      exactProps++;
      runs += p.trials;
      exactMs += p.timing.wallMs;
    }
  }
  const rate = (count: number, ms: number) => count / (Math.max(ms, MIN_MS) / 1000);
  const out: TheoremTiming = { wallMs: Math.round(exactMs + trainedMs) };
  if (exactProps > 0) out.exact = { properties: exactProps, runs, wallMs: Math.round(exactMs), runsPerSecond: rate(runs, exactMs) };
  if (trainedProps > 0) out.trained = { properties: trainedProps, trials, wallMs: Math.round(trainedMs), trialsPerSecond: rate(trials, trainedMs) };
  return out;
}
