import { describe, expect, it } from 'vitest';
import wrongClass from '../fixtures/wrong-class-theorem.ts';
import { replayProperty, runProperty } from '../../src/runner/runProperty.ts';
import { initBackend } from '../../src/tfjs/backend.ts';

describe('a deliberately wrong predicted class', () => {
  it('asserting permutation + scaling for Gaussian transitions fails, and the failing trial replays exactly', async () => {
    await initBackend('wasm');
    const prop = wrongClass.properties[0];
    const r = runProperty(wrongClass, prop, { seed: 20221, profile: 'quick' });
    expect(r.verdict).toBe('fail');
    expect(r.rule!.successes).toBeLessThan(3);
    const c = r.counterexample!;
    expect(c.replay).toBe(`latentcheck replay fixture.wrong-class gaussian-permutation-scaling --seed ${r.seed} --path ${c.path} --profile quick`);
    const rep = replayProperty(wrongClass, prop, c.seed, c.path, 'quick');
    expect(rep.reproduced).toBe(true);
    expect(rep.outcome.statistic).toBe(c.outcome.statistic);
  }, 240_000);
});
