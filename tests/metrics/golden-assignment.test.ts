/** Every case of tests/golden/assignment.json (scipy.optimize.linear_sum_assignment) matched to 1e-6. */
import { describe, expect, it } from 'vitest';
import { linearAssignment } from '../../src/metrics/index.ts';
import type { AssignmentGoldenCase } from '../golden/load.ts';
import { loadGolden } from '../golden/load.ts';

const TOL = 1e-6;
const cases = loadGolden<AssignmentGoldenCase[]>('assignment');

describe('golden assignment.json', () => {
  it('holds the 9 reference cases', () => {
    expect(cases).toHaveLength(9);
  });

  it.each(cases.map((c, i) => [`#${i} ${c.cost.length}x${c.cost[0].length}`, c] as const))('minCost %s', (_name, c) => {
    const { assignment, total } = linearAssignment(c.cost);
    expect(Math.abs(total - c.minCost)).toBeLessThanOrEqual(TOL);
    // A permutation of the columns, and `total` is its cost.
    expect([...assignment].sort((x, y) => x - y)).toEqual(c.cost.map((_, i) => i));
    const recomputed = assignment.reduce((s, j, i) => s + c.cost[i][j], 0);
    expect(Math.abs(recomputed - total)).toBeLessThanOrEqual(1e-12);
  });
});
