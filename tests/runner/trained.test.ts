import { describe, expect, it } from 'vitest';
import { coinTheorem } from '../fixtures/wrong-theorem.ts';
import { replayProperty, runProperty } from '../../src/runner/runProperty.ts';
import { criticalCount } from '../../src/stats/sequential.ts';

describe('trained properties: the binomial test over trials', () => {
  it('without early stopping: runs every trial, counts successes and decides with the rule', () => {
    const t = coinTheorem(0.9, 0.8, 30);
    const k = criticalCount(30, 0.8, 0.05);
    const r = runProperty(t, t.properties[0], { seed: 3, profile: 'quick', sequential: false });
    expect(r.trials).toBe(30);
    const v = r.rule!;
    expect(v.trials).toBe(30);
    expect(v.successes + r.failedTrials!.length).toBe(30);
    expect(v.pass).toBe(v.successes >= k);
    expect(r.verdict).toBe(v.pass ? 'pass' : 'fail');
    expect(r.test!.stoppedEarly).toBe(false);
    expect(r.test!.rejected).toBe(r.test!.pValue <= 0.05);
    expect(v.interval95[0]).toBeLessThanOrEqual(v.rate);
    expect(v.interval95[1]).toBeGreaterThanOrEqual(v.rate);
    expect(v.statement).toContain(`≥ ${k} of 30`);
    expect(r.values).toHaveLength(30);
    expect(r.outcomes!.map((o) => o.index)).toEqual([...Array(30).keys()]);
  });

  it('with early stopping: stops as soon as the verdict is certain, with the same verdict as the full run', () => {
    const t = coinTheorem(0.9, 0.8, 30);
    for (const seed of [1, 2, 3, 4, 5]) {
      const early = runProperty(t, t.properties[0], { seed, profile: 'quick' });
      const full = runProperty(t, t.properties[0], { seed, profile: 'quick', sequential: false });
      expect(early.verdict).toBe(full.verdict);
      expect(early.trials).toBeLessThan(30);
      expect(early.test!.stoppedEarly).toBe(true);
      // The trials it ran are the first trials of the full run.
      expect(early.values).toEqual(full.values!.slice(0, early.trials));
      // A certain pass: ≥ k successes already.
      if (early.verdict === 'pass') expect(early.rule!.successes).toBe(criticalCount(30, 0.8, 0.05));
    }
  });

  it('a rate too low for the rule fails, and each unsuccessful trial replays exactly', () => {
    const t = coinTheorem(0.3, 0.9, 30);
    const r = runProperty(t, t.properties[0], { seed: 3, profile: 'quick' });
    expect(r.verdict).toBe('fail');
    expect(r.test!.stoppedEarly).toBe(true);
    expect(r.counterexample?.replay).toMatch(/--path \d+ /);
    for (const f of r.failedTrials!.slice(0, 5)) {
      const rep = replayProperty(t, t.properties[0], r.seed, String(f.index), 'quick');
      expect(rep.reproduced).toBe(true);
      expect(rep.outcome.statistic).toBe(f.statistic);
    }
  });

  it('the observed false-failure rate of a correct claim stays within the stated level', () => {
    // Coins at rate 0.9 claimed at 0.85 over 30 trials: false failure ≤ 0.05 by construction (plus 0.005 "divergences").
    const t = coinTheorem(0.9, 0.85, 30);
    let failures = 0;
    const runs = 200;
    for (let s = 0; s < runs; s++) if (runProperty(t, t.properties[0], { seed: 1000 + s, profile: 'quick' }).verdict === 'fail') failures++;
    expect(failures / runs).toBeLessThan(0.05);
  });

  it('a throwing trial is an unsuccessful trial with its error kept; the run goes on', () => {
    const t = coinTheorem(0.999, 0.5, 300);
    const r = runProperty(t, t.properties[0], { seed: 5, profile: 'quick', sequential: false });
    expect(r.trials).toBe(300);
    const thrown = r.failedTrials!.filter((f) => f.error);
    expect(thrown.length).toBeGreaterThan(0);
    expect(thrown[0].error).toContain('simulated divergence');
    expect(r.outcomes!.find((o) => o.index === thrown[0].index)!.status).toBe('error');
  });
});
