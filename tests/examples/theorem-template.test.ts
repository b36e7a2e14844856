/**
 * The shipped theorem template (examples/theorem-template.ts) loads as a user module, passes as it stands, and its
 * checks can fail: the exact property's raise and the trained property's oracle controls reject what is outside
 * the class. The consumer test (scripts/consumer-test.mjs) runs the same file from the installed package.
 */
import { describe, expect, it } from 'vitest';
import { getProperty, initBackend, loadTheoremModule, runProperty } from 'latentcheck';

const TEMPLATE = 'examples/theorem-template.ts';

describe('theorem template', () => {
  it('loads through loadTheoremModule with a validated spec', async () => {
    const [theorem] = await loadTheoremModule(TEMPLATE);
    expect(theorem.id).toBe('template.gaussian-transitions');
    expect(theorem.properties.map((p) => p.kind)).toEqual(['exact', 'trained']);
    for (const tol of Object.values(theorem.tolerances)) expect(tol.why.length).toBeGreaterThan(20);
  });

  it('its exact property holds on every sampled world', async () => {
    const [theorem] = await loadTheoremModule(TEMPLATE);
    const r = runProperty(theorem, getProperty(theorem, 'orthogonal-maps-leave-objective-unchanged'), { seed: 3, profile: 'quick' });
    expect(r.verdict).toBe('pass');
    expect(r.statistic.max).toBeLessThan(1e-12);
  });

  it('its trained property passes, and its oracles separate in-class from out-of-class encoders', async () => {
    await initBackend();
    const [theorem] = await loadTheoremModule(TEMPLATE);
    const prop = getProperty(theorem, 'trained-encoder-is-orthogonal');
    const r = runProperty(theorem, prop, { seed: 3, profile: 'quick' });
    expect(r.verdict).toBe('pass');
    const world = { n: 3, mixingSeed: 11, seed: 12 };
    expect(prop.oracle!.positive(world, 'quick').pass).toBe(true);
    const negative = prop.oracle!.negative(world, 'quick');
    expect(negative.pass).toBe(false);
    expect(negative.statistic).toBeGreaterThan(0.1);
  }, 120_000);
});
