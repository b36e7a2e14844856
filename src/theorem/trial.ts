/**
 * One trained trial: build a dataset from a world, fit a learner with the trial's seeds, and return
 * true and recovered latents on fresh test samples. Shared by every trained theorem so each file only
 * states its world, learner and success criterion.
 */
import type { Mat } from '../core/matrix.ts';
import type { Mixing } from '../generators/types.ts';
import type { Learner, PairData } from '../learners/types.ts';
import { deriveSeed, Rng } from '../rng/rng.ts';
import type { TrainResult } from '../train/types.ts';

export interface TrialFit {
  /** True test latents. */
  z: Mat;
  /** Recovered test latents, one matrix per training seed. */
  zhat: Mat[];
  /** Training runs, one per seed. */
  train: TrainResult[];
  /** Learned auxiliary parameters, one per seed. */
  learned: Record<string, unknown>[];
}

/**
 * Fit `learner` on `data` once per training seed (`seeds` distinct integers), and encode `testZ`
 * observed through `mixing`. Init and batching streams derive from (trialSeed, 'train', s) and, for a
 * re-run (`attempt` > 0, see CheckContext), from the attempt number too.
 */
export function fitTrial(learner: Learner, data: PairData, mixing: Mixing, testZ: Mat, trialSeed: number, seeds = 1, attempt = 0): TrialFit {
  const xTest = mixing.apply(testZ);
  const out: TrialFit = { z: testZ, zhat: [], train: [], learned: [] };
  for (let s = 0; s < seeds; s++) {
    // Attempt 0 keeps the historical seed path; a re-run (attempt > 0) draws fresh optimiser seeds.
    const base = attempt === 0 ? deriveSeed(trialSeed, 'train', s) : deriveSeed(trialSeed, 'train', s, 'attempt', attempt);
    const enc = learner.fit(data, { init: new Rng(deriveSeed(base, 'init')), batching: new Rng(deriveSeed(base, 'batching')) });
    try {
      out.zhat.push(enc.encode(xTest));
      out.train.push(enc.train);
      out.learned.push(enc.learned);
    } finally {
      enc.dispose();
    }
  }
  return out;
}

/**
 * Optimiser settings shared by the trained theorems (the number of steps is per profile): Adam 3e-3,
 * batch 256, loss evaluated every 100 steps, stop after 8 evaluations without a 0.1 % improvement.
 */
export const TRIAL_OPTIMISER = { batchSize: 256, learningRate: 3e-3, evalEvery: 100, patience: 8, minDelta: 1e-3 } as const;

/** Round a statistic for trial details (keeps results.json readable and stable). */
export function r4(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
}
