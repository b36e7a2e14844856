import { describe, expect, it } from 'vitest';
import { knownMechanismLoss } from '../../src/mechanisms/knownMechanism.ts';
import { applyLinear } from '../../src/core/matrix.ts';
import { Rng } from '../../src/rng/rng.ts';

describe('knownMechanismLoss', () => {
  const d = [[2, 0], [0, 0.5]];
  const z = new Rng(1).normalMatrix(100, 2);
  const zNext = applyLinear(z, d);
  const index = z.map(() => 0);

  it('is 0 for the identity encoder and invariant to global scale', () => {
    expect(knownMechanismLoss(z, zNext, index, [d])).toBe(0);
    const a = [[3, 0], [0, -1]]; // diagonal: commutes with d
    expect(knownMechanismLoss(applyLinear(z, a), applyLinear(zNext, a), index, [d])).toBeLessThan(1e-28);
  });

  it('matches a hand computation on a tiny batch', () => {
    // f(x) = (1, 0), f(x') = (1, 1), M = I: residual (0, 1) → numerator 1 per pair.
    // fx rows (1,0), (−1,0): mean 0, variance sum 2. Residuals: (1,1)−(1,0) = (0,1), (0,0)−(−1,0) = (1,0) → 2. L = 2/2 = 1.
    const m = [[1, 0], [0, 1]];
    expect(knownMechanismLoss([[1, 0], [-1, 0]], [[1, 1], [0, 0]], [0, 0], [m])).toBe(1);
  });

  it('is positive for a rotation (does not commute with distinct scalings)', () => {
    const r = [[Math.cos(0.4), -Math.sin(0.4)], [Math.sin(0.4), Math.cos(0.4)]];
    expect(knownMechanismLoss(applyLinear(z, r), applyLinear(zNext, r), index, [d])).toBeGreaterThan(0.01);
  });

  it('bad input names the field and value', () => {
    expect(() => knownMechanismLoss(z, zNext.slice(1), index, [d])).toThrow(/fxNext\.rows: expected 100 rows, got 99/);
    expect(() => knownMechanismLoss(z, zNext, index.map(() => 3), [d])).toThrow(/index\[0\]: expected a mechanism index in \[0, 1\), got 3/);
    expect(() => knownMechanismLoss(z.map(() => [1, 1]), zNext, index, [d])).toThrow(/fx: expected encodings with non-zero variance/);
    expect(() => knownMechanismLoss(z, zNext, index, [[[1, 0, 0], [0, 1, 0], [0, 0, 1]]])).toThrow(/mechanisms\[0\]\.rows: expected 2 rows, got 3/);
  });
});
