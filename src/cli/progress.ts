/**
 * Progress display for `run`: a bar on a terminal, periodic lines otherwise (CI logs). Units are
 * trials (one per exact property); the plan shrinks as trained properties stop early, so the ETA is
 * an upper bound that tightens.
 */
import cliProgress from 'cli-progress';
import type { SuiteProgress } from '../runner/runSuite.ts';

export interface ProgressDisplay {
  update(p: SuiteProgress): void;
  stop(): void;
}

export function createProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (!enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: 'latentcheck [{bar}] {value}/{total} trials | ETA {eta_formatted} | {props} properties: {passed} pass, {failed} fail | {current}',
      stream,
      noTTYOutput: !stream.isTTY,
      notTTYSchedule: 10_000,
      hideCursor: stream.isTTY,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = { passed: p.passed, failed: p.failed, props: `${p.done}/${p.total}`, current: `${p.theoremId} / ${p.propertyId}` };
      if (!started) {
        bar.start(p.unitsPlanned, p.unitsDone, payload);
        started = true;
      }
      bar.setTotal(p.unitsPlanned);
      bar.update(p.unitsDone, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
