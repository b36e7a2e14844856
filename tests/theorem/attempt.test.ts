/**
 * A re-run of a failing trial (CheckContext.attempt > 0) keeps the world and draws fresh optimiser seeds, so the
 * runner can tell optimiser noise from a counterexample. Before this was threaded through, the built-in theorems
 * ignored `attempt` and a re-run repeated the same training bit for bit.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { getProperty } from '../../src/theorem/registry.ts';
import { getTheorem } from '../../src/suite.ts';
import { initBackend } from '../../src/tfjs/backend.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('re-runs draw fresh optimiser seeds', () => {
  it('ahuja2022.stochastic.trained / laplace-signed-permutation: attempt 1 trains differently from attempt 0, attempt 0 twice identically', () => {
    const theorem = getTheorem('ahuja2022.stochastic.trained');
    const prop = getProperty(theorem, 'laplace-signed-permutation');
    const [world] = fc.sample(prop.arbitrary('quick'), { seed: 5, numRuns: 1 });
    const first = prop.check(world, 'quick', { attempt: 0 });
    const again = prop.check(world, 'quick', { attempt: 0 });
    const rerun = prop.check(world, 'quick', { attempt: 1 });
    expect(again.statistic).toBe(first.statistic);
    expect(rerun.statistic).not.toBe(first.statistic);
    expect(Number.isFinite(rerun.statistic)).toBe(true);
  }, 120_000);
});
