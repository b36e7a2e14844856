/** Progress display for `run`: a bar on a terminal, periodic lines otherwise (CI logs). */
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
      format: 'latentcheck [{bar}] {value}/{total} properties | {failed} failed | {current}',
      stream,
      noTTYOutput: !stream.isTTY,
      notTTYSchedule: 5000,
      hideCursor: stream.isTTY,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let failed = 0;
  return {
    update(p) {
      if (!started) {
        bar.start(p.total, 0, { failed, current: '' });
        started = true;
      }
      if (p.phase === 'start') bar.update(p.done, { failed, current: `${p.theoremId} / ${p.propertyId}` });
      else {
        if (p.result?.verdict === 'fail') failed++;
        bar.update(p.done, { failed, current: `${p.theoremId} / ${p.propertyId}` });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
