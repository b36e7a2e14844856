import { describe, expect, it } from 'vitest';
import { coinTheorem } from '../fixtures/wrong-theorem.ts';
import { replayProperty, runProperty } from '../../src/runner/runProperty.ts';

describe('trained properties: success rules over trials', () => {
  it('runs every trial, counts successes and decides with the rule and its binomial statistics', () => {
    const t = coinTheorem(0.9, 20, 30);
    const r = runProperty(t, t.properties[0], { seed: 3, profile: 'quick' });
    expect(r.trials).toBe(30);
    expect(r.rule).toBeDefined();
    const v = r.rule!;
    expect(v.trials).toBe(30);
    expect(v.successes + r.failedTrials!.length).toBe(30);
    expect(v.pass).toBe(v.successes >= 20);
    expect(r.verdict).toBe(v.pass ? 'pass' : 'fail');
    expect(v.interval95[0]).toBeLessThanOrEqual(v.rate);
    expect(v.interval95[1]).toBeGreaterThanOrEqual(v.rate);
    expect(v.statement).toContain('≥ 20 of 30');
  });

  it('a rate too low for the rule fails, and each unsuccessful trial replays exactly', () => {
    const t = coinTheorem(0.3, 25, 30);
    const r = runProperty(t, t.properties[0], { seed: 3, profile: 'quick' });
    expect(r.verdict).toBe('fail');
    expect(r.counterexample?.replay).toMatch(/--path \d+ /);
    for (const f of r.failedTrials!.slice(0, 5)) {
      const rep = replayProperty(t, t.properties[0], r.seed, String(f.index), 'quick');
      expect(rep.reproduced).toBe(true);
      expect(rep.outcome.statistic).toBe(f.statistic);
    }
  });

  it('the observed false-failure rate of a correct rule stays near the stated one', () => {
    // Rate 0.9, rule ≥ 22 of 30: stated false-failure = P(Bin(30, .9) < 22) ≈ 0.0078.
    const t = coinTheorem(0.9, 22, 30);
    let failures = 0;
    const runs = 200;
    let stated = 0;
    for (let s = 0; s < runs; s++) {
      const r = runProperty(t, t.properties[0], { seed: 1000 + s, profile: 'quick' });
      stated = r.rule!.falseFailureRate;
      if (r.verdict === 'fail') failures++;
    }
    // The coin also "diverges" (throws) with probability 0.005, so the true rate is 0.895: still within a loose bound.
    expect(stated).toBeGreaterThan(0.001);
    expect(stated).toBeLessThan(0.02);
    expect(failures / runs).toBeLessThan(0.05);
  });

  it('a throwing trial is an unsuccessful trial with its error kept; the run goes on', () => {
    const t = coinTheorem(0.999, 1, 300);
    const r = runProperty(t, t.properties[0], { seed: 5, profile: 'quick' });
    expect(r.trials).toBe(300);
    const thrown = r.failedTrials!.filter((f) => f.error);
    expect(thrown.length).toBeGreaterThan(0);
    expect(thrown[0].error).toContain('simulated divergence');
  });
});
