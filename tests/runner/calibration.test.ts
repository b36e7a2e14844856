import { describe, expect, it } from 'vitest';
import { calibrateProperty } from '../../src/runner/calibration.ts';
import { poolTheorem } from '../fixtures/pool-theorems.ts';
import { getProperty } from '../../src/theorem/registry.ts';

describe('oracle calibration', () => {
  it('in-class oracle: false-failure rate within α; out-of-class oracle: power reported', () => {
    const c = calibrateProperty(poolTheorem, getProperty(poolTheorem, 'good-coin'), 'quick', 3, 300)!;
    expect(c.positive.replications).toBe(300);
    expect(c.positive.trials).toBe(300 * 12);
    expect(c.positive.trialPasses / c.positive.trials).toBeGreaterThan(0.97);
    expect(c.positive.rate).toBeLessThanOrEqual(0.05);
    expect(c.withinAlpha).toBe(true);
    // Coins at 0.2 against a claim of 0.8 over 12 trials are rejected essentially always.
    expect(c.negative.rate).toBeGreaterThan(0.99);
  });

  it('a check whose in-class oracle passes below the claimed rate is flagged (negative control)', () => {
    const c = calibrateProperty(poolTheorem, getProperty(poolTheorem, 'miscalibrated-coin'), 'quick', 3, 300)!;
    // P(Bin(12, 0.6) ≤ 6) ≈ 0.44: far above α.
    expect(c.positive.rate).toBeGreaterThan(0.3);
    expect(c.withinAlpha).toBe(false);
  });

  it('exact properties and properties without oracles are not calibrated', () => {
    expect(calibrateProperty(poolTheorem, getProperty(poolTheorem, 'exact-ok'), 'quick', 3, 10)).toBeNull();
  });
});
