/**
 * Acceptance: a learner known to fail a theorem gives a failing verdict with a confirmed, shrunk,
 * replayable counterexample, and `replay --from` reproduces it exactly. The good learner is the
 * negative control of the failure path.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite } from '../../src/runner/runSuite.ts';
import { replayProperty } from '../../src/runner/runProperty.ts';
import { worldAt } from '../../src/runner/trials.ts';
import badTheorem, { unmixingLearner, worldData } from '../fixtures/bad-learner-theorem.ts';
import { cli } from '../cli/helpers.ts';

describe('counterexamples of trained properties', () => {
  it('the failing learner: confirmed on a re-run, shrunk to the smallest dimension, replayable', async () => {
    // Seed 9: the first trial's world has n = 6, so there is structure to shrink.
    const r = await runSuite([badTheorem], { seed: 9, profile: 'quick' });
    const p = r.theorems[0].properties[0];
    expect(p.verdict).toBe('fail');
    const c = p.counterexample!;
    expect((worldAt(badTheorem.properties[0], 'quick', c.seed, String(p.failedTrials![0].index)) as { n: number }).n).toBe(6);
    expect(c.status).toBe('confirmed');
    expect(c.rerun!.pass).toBe(false);
    expect((c.world as { n: number }).n).toBe(2);
    expect(c.path.split(':').length).toBeGreaterThan(1);
    const rep = replayProperty(badTheorem, badTheorem.properties[0], c.seed, c.path, 'quick');
    expect(rep.reproduced).toBe(true);
    expect(rep.world).toEqual(c.world);
    expect(rep.outcome.statistic).toBe(c.outcome.statistic);
  });

  it('a learner in the class passes the same theorem (negative control of the failure path)', async () => {
    // The unmixing learner x ↦ A⁻¹x of each world is in the class.
    const theorem = {
      ...badTheorem,
      properties: [{ ...badTheorem.properties[0], check: (w: { n: number; seed: number }, profile: 'quick' | 'full') => badTheorem.properties[0].check(w, profile, { learner: unmixingLearner(worldData(w).a) }) }],
    };
    const r = await runSuite([theorem], { seed: 4, profile: 'quick' });
    expect(r.theorems[0].properties[0].verdict).toBe('pass');
    expect(r.theorems[0].properties[0].statistic.max!).toBeLessThan(1e-12);
  });

  it('the CLI writes the counterexample store and `replay --from` reproduces every entry exactly', () => {
    const out = mkdtempSync(join(tmpdir(), 'lc-cx-'));
    const run = cli(['run', '--module', 'tests/fixtures/bad-learner-theorem.ts', '--theorem', 'fixture.bad-learner', '--seed', '9', '--out', out, '--workers', '1', '--no-progress']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/counterexample \(confirmed\) — replay with: latentcheck replay fixture\.bad-learner/);
    const store = JSON.parse(readFileSync(join(out, 'counterexamples.json'), 'utf8'));
    expect(store.counterexamples).toHaveLength(1);
    expect(store.counterexamples[0].world.n).toBe(2);
    const rep = cli(['replay', '--from', join(out, 'counterexamples.json')]);
    expect(rep.code).toBe(1);
    expect(rep.stdout).toMatch(/"identicalToStored": true/);
    expect(rep.stdout).toMatch(/1 of 1 counterexample\(s\) reproduced/);
  }, 120_000);
});
