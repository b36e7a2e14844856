import { describe, expect, it } from 'vitest';
import wrong from '../fixtures/wrong-theorem.ts';
import { replayProperty, runProperty, propertySeed } from '../../src/runner/runProperty.ts';
import { getProperty } from '../../src/theorem/registry.ts';

const falseProp = getProperty(wrong, 'random-map-commutes');
const trueProp = getProperty(wrong, 'identity-commutes');

describe('runProperty', () => {
  it('reports a failing property with seed, shrunk world and replay command', () => {
    const r = runProperty(wrong, falseProp, { seed: 7, profile: 'quick' });
    expect(r.verdict).toBe('fail');
    expect(r.trials).toBe(1); // the first world already fails
    const c = r.counterexample!;
    expect(c).toBeDefined();
    expect(c.seed).toBe(propertySeed(7, wrong.id, falseProp.id));
    expect(c.path).toMatch(/^\d+(:\d+)*$/);
    // Structure shrinks to the smallest dimension; the numeric seed does not shrink.
    expect((c.world as { n: number }).n).toBe(2);
    expect(c.outcome.pass).toBe(false);
    expect(c.outcome.statistic!).toBeGreaterThan(1e-3);
    expect(c.replay).toContain(`--seed ${c.seed} --path ${c.path}`);
  });

  it('replays the counterexample exactly from its seed and path', () => {
    const r = runProperty(wrong, falseProp, { seed: 7, profile: 'quick' });
    const c = r.counterexample!;
    const rep = replayProperty(wrong, falseProp, c.seed, c.path, 'quick');
    expect(rep.reproduced).toBe(true);
    expect(rep.world).toEqual(c.world);
    expect(rep.outcome.statistic).toBe(c.outcome.statistic);
  });

  it('passes a true property over every world and summarises the statistic', () => {
    const r = runProperty(wrong, trueProp, { seed: 7, profile: 'quick' });
    expect(r.verdict).toBe('pass');
    expect(r.trials).toBe(trueProp.numRuns!.quick);
    expect(r.statistic.count).toBe(trueProp.numRuns!.quick);
    expect(r.statistic.max!).toBeLessThanOrEqual(1e-9);
    expect(r.counterexample).toBeUndefined();
  });

  it('is deterministic: same seed, same result (timing aside)', () => {
    const strip = (x: ReturnType<typeof runProperty>) => ({ ...x, timing: undefined });
    expect(strip(runProperty(wrong, falseProp, { seed: 11, profile: 'quick' }))).toEqual(
      strip(runProperty(wrong, falseProp, { seed: 11, profile: 'quick' })),
    );
    expect(runProperty(wrong, falseProp, { seed: 11, profile: 'quick' }).seed).not.toBe(
      runProperty(wrong, falseProp, { seed: 12, profile: 'quick' }).seed,
    );
  });

  it('rejects a malformed replay path and a bad seed, naming them', () => {
    expect(() => replayProperty(wrong, falseProp, 1, 'abc', 'quick')).toThrow(/path: .*"abc"/);
    expect(() => runProperty(wrong, falseProp, { seed: 1.5, profile: 'quick' })).toThrow(/seed: .*1\.5/);
  });
});
