import { describe, expect, it } from 'vitest';
import { calibrateProperty, calibrationChunk, calibrationRanges, calibrationSeed, combineCalibrationCounts } from '../../src/runner/calibration.ts';
import { runSuite } from '../../src/runner/runSuite.ts';
import { poolTheorem } from '../fixtures/pool-theorems.ts';
import { getProperty } from '../../src/theorem/registry.ts';

const MODULE = 'tests/fixtures/pool-theorems.ts';

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

  it('chunks of replications sum to the one-pass counts, whatever the split', () => {
    const prop = getProperty(poolTheorem, 'miscalibrated-coin');
    const seed = calibrationSeed(3, poolTheorem.id, prop.id);
    const whole = calibrationChunk(prop, 'quick', seed, 'positive', 0, 90, 0.05);
    for (const size of [1, 7, 25, 90, 200]) {
      const parts = calibrationRanges(90, size).map(([a, b]) => calibrationChunk(prop, 'quick', seed, 'positive', a, b, 0.05));
      const c = combineCalibrationCounts(parts);
      expect([c.trials, c.trialPasses, c.replications, c.rejected]).toEqual([whole.trials, whole.trialPasses, whole.replications, whole.rejected]);
    }
    // A shifted range is other worlds: its counts differ from the first range's (the split is not a relabelling).
    const a = calibrationChunk(prop, 'quick', seed, 'positive', 0, 45, 0.05);
    const b = calibrationChunk(prop, 'quick', seed, 'positive', 45, 90, 0.05);
    expect(a.trialPasses + b.trialPasses).toBe(whole.trialPasses);
    expect(calibrationRanges(0, 25)).toEqual([]);
    expect(calibrationRanges(51, 25)).toEqual([[0, 25], [25, 50], [50, 51]]);
  });

  it('a bad range or a property without oracles is a named error', () => {
    expect(() => calibrationChunk(getProperty(poolTheorem, 'good-coin'), 'quick', 1, 'positive', 5, 2, 0.05)).toThrow(/calibration\.range/);
    expect(() => calibrationChunk(getProperty(poolTheorem, 'exact-ok'), 'quick', 1, 'positive', 0, 2, 0.05)).toThrow(/property/);
  });

  it('the suite calibrates on its worker pool to the same counts as one pass on this thread', async () => {
    const pooled = await runSuite([poolTheorem], { seed: 5, profile: 'quick', workers: 2, modules: [MODULE], calibration: 60, shrinkBudget: 0 });
    const calibrated = pooled.theorems[0].properties.filter((p) => p.calibration);
    expect(calibrated.length).toBeGreaterThan(0);
    for (const p of calibrated) {
      const one = calibrateProperty(poolTheorem, getProperty(poolTheorem, p.propertyId), 'quick', 5, 60)!;
      const strip = (c: typeof one) => ({ ...c, timing: null });
      expect(strip(p.calibration!)).toEqual(strip(one));
    }
  });
});
