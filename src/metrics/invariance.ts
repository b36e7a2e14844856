/**
 * Invariance of a representation to within-group variation: the within-group share of its total variance,
 *
 *   W / T = Σ_g Σ_{i ∈ g} ‖r_i − r̄_g‖² / Σ_i ‖r_i − r̄‖²
 *
 * (the complement of the multivariate η² / the between-group share of the one-way ANOVA decomposition
 * T = W + B; Fisher 1925). 0 when r is constant within every group (invariant), 1 − (G−1)/(n−1) in
 * expectation for r independent of the groups. Returns 0 when T = 0 (r constant everywhere).
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertMatrix } from '../core/validate.ts';

/**
 * Within-group share W / T of r's total variance for the given group labels (module doc: formula and expectations).
 * Throws `InputError` (`r`, `groups`) on a malformed matrix or a label count that differs from the rows.
 */
export function withinGroupVarianceShare(r: Mat, groups: number[]): number {
  assertMatrix('r', r);
  if (!Array.isArray(groups) || groups.length !== r.length) throw new InputError('groups', groups, `${r.length} group labels`);
  const d = r[0].length;
  const mean = new Array<number>(d).fill(0);
  for (const row of r) for (let j = 0; j < d; j++) mean[j] += row[j] / r.length;
  const sums = new Map<number, { n: number; s: number[] }>();
  r.forEach((row, i) => {
    const g = groups[i];
    if (!sums.has(g)) sums.set(g, { n: 0, s: new Array<number>(d).fill(0) });
    const e = sums.get(g)!;
    e.n++;
    for (let j = 0; j < d; j++) e.s[j] += row[j];
  });
  let within = 0;
  let total = 0;
  r.forEach((row, i) => {
    const e = sums.get(groups[i])!;
    for (let j = 0; j < d; j++) {
      within += (row[j] - e.s[j] / e.n) ** 2;
      total += (row[j] - mean[j]) ** 2;
    }
  });
  return total > 0 ? within / total : 0;
}
