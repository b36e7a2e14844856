/** The worker pool: crash isolation, timeouts, and the same results as running on this thread. */
import { describe, expect, it } from 'vitest';
import { runSuite } from '../../src/runner/runSuite.ts';
import { poolTheorem, unrulyTheorem } from '../fixtures/pool-theorems.ts';
import { withoutTiming } from '../cli/helpers.ts';

const MODULE = 'tests/fixtures/pool-theorems.ts';

describe('worker pool', () => {
  it('a trial that kills its worker or hangs is recorded as crashed / timeout and the run goes on', async () => {
    const r = await runSuite([unrulyTheorem], { seed: 1, profile: 'quick', workers: 2, modules: [MODULE], trialTimeoutMs: 6000, sequential: false, shrinkBudget: 0 });
    const p = r.theorems[0].properties[0];
    const statuses = p.outcomes!.map((o) => o.status);
    expect(p.trials).toBe(6);
    expect(statuses).toContain('crashed');
    expect(statuses).toContain('timeout');
    expect(statuses).toContain('done');
    for (const f of p.failedTrials!) expect(f.error).toMatch(/worker exited|timed out/);
  }, 60_000);

  it('pooled and in-process runs give the same results (the decided prefix does not depend on scheduling)', async () => {
    const pooled = await runSuite([poolTheorem], { seed: 9, profile: 'quick', workers: 2, modules: [MODULE] });
    const local = await runSuite([poolTheorem], { seed: 9, profile: 'quick', workers: 0 });
    expect(withoutTiming(pooled.theorems)).toEqual(withoutTiming(local.theorems));
    expect(pooled.timing.executor).toBe('pool');
  }, 60_000);

  it('suite adjustment: each trained verdict follows its adjusted p-value (Holm ≥ unadjusted)', async () => {
    const none = await runSuite([poolTheorem], { seed: 9, profile: 'quick', correction: 'none', sequential: false, shrinkBudget: 0 });
    const holm = await runSuite([poolTheorem], { seed: 9, profile: 'quick', correction: 'holm', sequential: false, shrinkBudget: 0 });
    for (const r of [none, holm])
      for (const p of r.theorems[0].properties.filter((x) => x.test)) {
        expect(p.verdict === 'fail').toBe(p.test!.rejected);
        expect(p.test!.adjustedPValue! <= r.multipleTesting!.alpha).toBe(p.test!.rejected);
      }
    const bad = holm.theorems[0].properties.find((p) => p.propertyId === 'bad-coin')!;
    expect(bad.test!.adjustedPValue).toBeGreaterThanOrEqual(bad.test!.pValue);
    expect(holm.multipleTesting).toEqual({ method: 'holm', alpha: 0.05, family: 3, sequential: false });
  }, 60_000);
});
