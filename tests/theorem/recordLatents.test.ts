/**
 * recordLatents: how families that train outside fitTrial (Funke, Feige, structured) hand their latents to
 * identify. Without a recorder it trains nothing more; under one it trains exactly the missing seeds, on the
 * streams fitTrial would use, honours the recorder's attempt, and only the first record gets extra seeds.
 */
import { describe, expect, it } from 'vitest';
import { recordLatents, recordTrialFits, trainStreams } from '../../src/theorem/trial.ts';
import type { TrainResult } from '../../src/train/types.ts';

const run: TrainResult = { steps: 0, curve: [], finalLoss: 0, stoppedBy: 'steps', wallMs: 0 };
const z = [[1, 2], [3, 4]];

describe('recordLatents', () => {
  it('is a no-op without a recorder: no extra seed is trained', () => {
    let calls = 0;
    recordLatents(7, 0, z, z, run, () => {
      calls++;
      return { zhat: z, train: run };
    });
    expect(calls).toBe(0);
  });

  it('under a recorder trains seeds 1 … S−1 on the streams of fitTrial, and records z and every ẑ', () => {
    const seen: { s: number; init: number; batching: number }[] = [];
    const { fits } = recordTrialFits(3, () =>
      recordLatents(7, 0, z, [[0, 0], [0, 1]], run, (s, streams) => {
        seen.push({ s, init: streams.init.uniform(), batching: streams.batching.uniform() });
        return { zhat: [[s, 0], [0, s]], train: run };
      }),
    );
    expect(seen.map((x) => x.s)).toEqual([1, 2]);
    for (const x of seen) {
      const ref = trainStreams(7, x.s, 0);
      expect(x.init).toBe(ref.init.uniform());
      expect(x.batching).toBe(ref.batching.uniform());
    }
    expect(fits).toHaveLength(1);
    expect(fits[0].z).toBe(z);
    expect(fits[0].zhat).toEqual([[[0, 0], [0, 1]], [[1, 0], [0, 1]], [[2, 0], [0, 2]]]);
  });

  it("takes the recorder's attempt (a re-run draws fresh streams) and gives extra seeds to the first record only", () => {
    const firsts: number[] = [];
    let later = 0;
    const { fits } = recordTrialFits(
      2,
      () => {
        recordLatents(7, 0, z, z, run, (_s, streams) => {
          firsts.push(streams.init.uniform());
          return { zhat: z, train: run };
        });
        recordLatents(7, 0, z, z, run, () => {
          later++;
          return { zhat: z, train: run };
        });
      },
      2,
    );
    expect(firsts[0]).toBe(trainStreams(7, 1, 2).init.uniform());
    expect(firsts[0]).not.toBe(trainStreams(7, 1, 0).init.uniform());
    expect(later).toBe(0);
    expect(fits.map((f) => f.zhat.length)).toEqual([2, 1]);
  });
});
