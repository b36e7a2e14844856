/**
 * Linear assignment (weighted bipartite matching):
 *   minimise (or maximise) Σ_i cost[i][σ(i)] over injective σ from rows to columns,
 * for an r × c cost matrix. With r ≤ c every row is assigned; with r > c only c rows are
 * (the others get −1), as `scipy.optimize.linear_sum_assignment`.
 *
 * Solved with the Hungarian (Kuhn–Munkres) algorithm, O(r²c), via the `munkres` package.
 *
 * Reference: Kuhn (1955), "The Hungarian method for the assignment problem";
 * Munkres (1957), "Algorithms for the assignment and transportation problems".
 */
import { munkres } from 'munkres';
import type { Mat } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertMatrix } from '../core/validate.ts';

/** Options of `linearAssignment`. */
export interface AssignmentOptions {
  /** Maximise the total instead of minimising it (default false). */
  maximize?: boolean;
}

/** Result of `linearAssignment`: the column assigned to each row and the total cost (or profit) of the assignment. */
export interface AssignmentResult {
  /** assignment[i] = column assigned to row i, or −1 when row i is unassigned (only when rows > cols). */
  assignment: number[];
  /** Σ cost[i][assignment[i]] over assigned rows (in the original, un-negated costs). */
  total: number;
}

/** Assignment of a validated cost matrix (no checks). */
export function linearAssignmentUnchecked(cost: Mat, maximize = false): AssignmentResult {
  const rows = cost.length;
  // munkres does not reject NaN and minimises only: negate for maximisation.
  const work = maximize ? cost.map((row) => row.map((v) => -v)) : cost;
  const pairs = munkres(work);
  const assignment = new Array<number>(rows).fill(-1);
  for (const [i, j] of pairs) assignment[i] = j;
  let total = 0;
  for (let i = 0; i < rows; i++) if (assignment[i] >= 0) total += cost[i][assignment[i]];
  return { assignment, total };
}

/**
 * Optimal linear assignment of rows to columns of `cost` (square or rectangular).
 * Returns `assignment[i]` (column of row i, −1 if unassigned) and the `total` cost (or profit with `maximize`).
 * Throws `InputError` naming `cost[i][j]` for a NaN or infinite entry, and `opts.maximize` for a non-boolean.
 */
export function linearAssignment(cost: Mat, opts: AssignmentOptions = {}): AssignmentResult {
  const c = assertMatrix('cost', cost);
  if (opts === null || typeof opts !== 'object') throw new InputError('opts', opts, 'an options object { maximize?: boolean }');
  const maximize = opts.maximize ?? false;
  if (typeof maximize !== 'boolean') throw new InputError('opts.maximize', maximize, 'a boolean');
  return linearAssignmentUnchecked(c, maximize);
}
