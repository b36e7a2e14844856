/**
 * Structure masks of Zhang, Koyama & Ishiguro (2020): a binary matrix A (groups × blocks), A[g][b] = 1 when latent
 * block b is a parent of observed group g (the decoder reads b to generate x_g; the true world generates x_g from
 * exactly these blocks). The encoder mask E (blocks × groups), E[b][g] = 1 when q(z_b | ·) reads x_g, defaults to Aᵀ
 * (each block is inferred from the groups it generates).
 *
 * Validity (`validateMask`): a rectangular 0/1 matrix of the stated shape, every block generates at least one group
 * (a latent that generates nothing is unidentifiable and carries no information: column of zeros), every group has
 * at least one parent (row of zeros: nothing could generate it). Each violation is an `InputError` naming the field
 * and the value, e.g. `mask[:, 2]` (block 2) or `mask[1]` (group 1).
 */
import { InputError } from '../core/errors.ts';

/** groups × blocks 0/1 matrix. */
export type Mask = number[][];

/**
 * Check a groups × blocks mask. `field` names it in errors ('mask', 'decoderMask', …).
 * Returns a copy with numbers 0/1.
 */
export function validateMask(field: string, mask: unknown, groups: number, blocks: number, opts: { allowEmptyColumns?: boolean; allowEmptyRows?: boolean } = {}): Mask {
  if (!Array.isArray(mask)) throw new InputError(field, mask, `a ${groups} × ${blocks} 0/1 matrix (groups × latent blocks)`);
  if (mask.length !== groups) throw new InputError(`${field}.rows`, mask.length, `${groups} rows, one per observed group`);
  const out: Mask = mask.map((row, g) => {
    if (!Array.isArray(row) || row.length !== blocks) throw new InputError(`${field}[${g}]`, row, `a row of ${blocks} entries, one per latent block`);
    return row.map((v, b) => {
      if (v !== 0 && v !== 1 && v !== true && v !== false) throw new InputError(`${field}[${g}][${b}]`, v, '0 or 1');
      return v === 1 || v === true ? 1 : 0;
    });
  });
  if (!opts.allowEmptyColumns)
    for (let b = 0; b < blocks; b++)
      if (out.every((row) => row[b] === 0))
        throw new InputError(`${field}[:, ${b}]`, out.map((row) => row[b]), `latent block ${b} to generate at least one observed group (a latent that generates nothing)`);
  if (!opts.allowEmptyRows)
    out.forEach((row, g) => {
      if (row.every((v) => v === 0)) throw new InputError(`${field}[${g}]`, row, `observed group ${g} to have at least one parent block (a group with no parent)`);
    });
  return out;
}

/** Transpose of a mask (groups × blocks → blocks × groups). */
export function transposeMask(m: Mask): Mask {
  return m[0].map((_, b) => m.map((row) => row[b]));
}

/** Blocks that are parents of group g. */
export function parentsOf(mask: Mask, g: number): number[] {
  return mask[g].flatMap((v, b) => (v ? [b] : []));
}

/** The all-ones mask (every block generates every group): the plain (β-)VAE. */
export function allOnesMask(groups: number, blocks: number): Mask {
  return Array.from({ length: groups }, () => new Array<number>(blocks).fill(1));
}

/** The two-view shared/private mask [[1, 1, 0], [1, 0, 1]] (blocks: shared, private 1, private 2). */
export const TWO_VIEW_MASK: Mask = [
  [1, 1, 0],
  [1, 0, 1],
];

/** Whether two masks are equal up to a permutation of latent blocks (columns); brute force over K! ≤ 720 permutations. */
export function equalUpToBlockPermutation(a: Mask, b: Mask): boolean {
  if (a.length !== b.length || a[0].length !== b[0].length) return false;
  const k = a[0].length;
  const col = (m: Mask, j: number) => m.map((r) => r[j]).join('');
  const ca = Array.from({ length: k }, (_, j) => col(a, j)).sort();
  const cb = Array.from({ length: k }, (_, j) => col(b, j)).sort();
  return ca.every((c, i) => c === cb[i]);
}
