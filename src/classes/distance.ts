/**
 * The distance shared by all classes (see types.ts):
 *   distance = Σ_t ‖ẑ_t − h(z_t)‖² / Σ_t ‖ẑ_t − mean(ẑ)‖²  clamped to [0, 1],
 * evaluated for the fitted map h, so that `distance` and `map` of a fit always agree.
 *
 * Convention: a constant ẑ (every column constant, see `isConstant`) has no variance to explain; its
 * distance is 0 (the constant map z ↦ mean ẑ is the limit of members with scales → 0, and the fits
 * return it).
 */
import type { Mat } from '../core/matrix.ts';
import { colMeans } from '../core/matrix.ts';
import type { ClassFit, LatentMap } from './types.ts';
import { isConstant } from './samples.ts';

/** Fraction of ẑ's centred variance left unexplained by the prediction ẑ_pred = h(z), in [0, 1]. */
export function unexplainedVariance(zhat: Mat, prediction: Mat): number {
  if (isConstant(zhat)) return 0;
  const m = colMeans(zhat);
  let res = 0;
  let tot = 0;
  for (let t = 0; t < zhat.length; t++) {
    const row = zhat[t];
    const pred = prediction[t];
    for (let j = 0; j < row.length; j++) {
      const r = row[j] - pred[j];
      const c = row[j] - m[j];
      res += r * r;
      tot += c * c;
    }
  }
  if (!(tot > 0)) return 0;
  return Math.min(1, Math.max(0, res / tot));
}

/** Assemble a `ClassFit` whose distance is that of `map` on the samples. */
export function classFit(classId: string, z: Mat, zhat: Mat, map: LatentMap, stats: Record<string, number>): ClassFit {
  return { classId, distance: unexplainedVariance(zhat, map.apply(z)), map, stats };
}
