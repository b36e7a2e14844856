/**
 * Time to verdict per theorem: results.json and the Markdown summary carry, per theorem, the recorded
 * time of its tasks and the trials (trained) and worlds (exact) per second. Only existence and
 * finiteness are asserted (no timed assertions).
 */
import { describe, expect, it } from 'vitest';
import { runSuite } from '../../src/runner/runSuite.ts';
import { theoremTiming } from '../../src/runner/theoremTiming.ts';
import { resultsJson } from '../../src/report/write.ts';
import { markdownSummary } from '../../src/report/markdown.ts';
import { poolTheorem } from '../fixtures/pool-theorems.ts';
import { fixtureSuite } from '../report/fixture.ts';

describe('per-theorem time to verdict', () => {
  it('results.json and summary.md report wall time and trials / worlds per second, finite', async () => {
    const r = await runSuite([poolTheorem], { seed: 9, profile: 'quick', workers: 0, shrinkBudget: 0 });
    const json = JSON.parse(resultsJson(r));
    const t = json.theorems[0];
    // Every earlier field is still there, in its place; timing comes last.
    expect(Object.keys(t)).toEqual(['id', 'title', 'citation', 'claim', 'predictedClass', 'assumptions', 'verdict', 'properties', 'timing']);
    const m = t.timing;
    for (const v of [m.wallMs, m.trained.wallMs, m.trained.trialsPerSecond, m.exact.wallMs, m.exact.runsPerSecond]) {
      expect(typeof v).toBe('number');
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(m.trained.properties).toBe(3);
    expect(m.exact.properties).toBe(1);
    const trained = r.theorems[0].properties.filter((p) => p.kind === 'trained');
    // Every trial the verdicts rest on was counted (sequential stopping may leave the rest unrun).
    expect(m.trained.trials).toBeGreaterThanOrEqual(trained.reduce((s, p) => s + p.trials, 0));
    expect(m.trained.trialsPerSecond).toBeGreaterThan(0);
    expect(m.exact.runs).toBe(r.theorems[0].properties.find((p) => p.kind === 'exact')!.trials);
    expect(m.wallMs).toBe(m.trained.wallMs + m.exact.wallMs);

    const md = markdownSummary(r);
    expect(md).toContain('## Time to verdict');
    expect(md).toMatch(new RegExp(`\\| fixture\\.pool \\| [0-9.]+ \\| 100 % \\| ${m.trained.trials} \\| [0-9.]+ \\| ${m.exact.runs} \\| [0-9.]+ \\|`));
  });

  it('rates stay finite for tasks recorded as 0 ms, and a kind without properties is absent', () => {
    const p = { ...fixtureSuite().theorems[0].properties[0], trials: 20, timing: { wallMs: 0 } };
    const t = theoremTiming([p], new Map());
    expect(t.trained).toBeUndefined();
    expect(t.exact!.runs).toBe(20);
    expect(Number.isFinite(t.exact!.runsPerSecond)).toBe(true);
    const q = { ...p, propertyId: 'trained-one' };
    const u = theoremTiming([q], new Map([['trained-one', { trials: 5, wallMs: 2500 }]]));
    expect(u.exact).toBeUndefined();
    expect(u.trained).toEqual({ properties: 1, trials: 5, wallMs: 2500, trialsPerSecond: 2 });
    expect(u.wallMs).toBe(2500);
  });

  it('a result without theorem timings (older results.json) has no time-to-verdict section', () => {
    expect(markdownSummary(fixtureSuite())).not.toContain('## Time to verdict');
  });
});
