/** Concrete `LatentMap`s: affine maps ẑ = A z + b, their composition, and a non-affine warp. */
import type { Mat, Vec } from '../core/matrix.ts';
import { applyLinear, matmul } from '../core/matrix.ts';
import { assertMatrix } from '../core/validate.ts';
import type { LatentMap } from './types.ts';

/** Short number for descriptions (3 significant digits). */
export function fmt(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** A vector for descriptions: "[1.2, -0.5]". */
export function fmtVec(v: readonly number[]): string {
  return `[${v.map(fmt).join(', ')}]`;
}

/** A matrix for descriptions, row by row: "[[1, 0], [0, 1]]". */
export function fmtMat(a: Mat): string {
  return `[${a.map(fmtVec).join(', ')}]`;
}

/** The affine map z ↦ A z + b (A: m × d), row-wise on n × d samples; `apply` checks its input. */
export function affineMap(a: Mat, b: Vec, describe: string): LatentMap {
  const d = a[0].length;
  return {
    apply: (z: Mat) => applyLinear(assertMatrix('z', z, { cols: d }), a, b),
    affine: { a, b },
    describe,
  };
}

/** outer ∘ inner for affine maps: z ↦ A_o (A_i z + b_i) + b_o = (A_o A_i) z + (A_o b_i + b_o). */
export function composeAffine(outer: LatentMap, inner: LatentMap, describe?: string): LatentMap {
  if (!outer.affine || !inner.affine) return composeMaps(outer, inner, describe);
  const { a: ao, b: bo } = outer.affine;
  const { a: ai, b: bi } = inner.affine;
  const a = matmul(ao, ai);
  const b = bo.map((v, j) => v + ao[j].reduce((s, x, k) => s + x * bi[k], 0));
  return affineMap(a, b, describe ?? `${outer.describe} ∘ ${inner.describe}`);
}

/** outer ∘ inner for any maps (no `affine` field). */
export function composeMaps(outer: LatentMap, inner: LatentMap, describe?: string): LatentMap {
  return { apply: (z: Mat) => outer.apply(inner.apply(z)), describe: describe ?? `${outer.describe} ∘ ${inner.describe}` };
}

/** The linear map z ↦ P z (no offset). */
export function linearMap(p: Mat, describe: string): LatentMap {
  return affineMap(p, new Array<number>(p.length).fill(0), describe);
}

/**
 * The non-affine warp w(z) = z + size·sin(freq·z_j)·e_i on R^d; invertible (triangular) for i ≠ j.
 * On a standard normal z_j with freq = 2, sin(2 z_j) has variance ≈ 0.5, of which ≈ 0.43 is not linear
 * in z_j, so no affine map absorbs the warp (for latents of unit scale; frequency matters, not units).
 */
export function sineWarp(d: number, i: number, j: number, size: number, freq = 2): LatentMap {
  return {
    apply: (z: Mat) =>
      assertMatrix('z', z, { cols: d }).map((row) => {
        const out = row.slice();
        out[i] += size * Math.sin(freq * row[j]);
        return out;
      }),
    describe: `warp z${i} += ${fmt(size)}·sin(${fmt(freq)}·z${j})`,
  };
}
