/**
 * Identity + offset: h(z) = z + b.
 * Exact fit: b = mean(ẑ) − mean(z); distance = ‖ẑ_c − z_c‖² / ‖ẑ_c‖².
 * Near-miss: the member composed with the global scaling (1 + size)·I, distance (size / (1 + size))²
 * (0.053 for size 0.3) whatever the data.
 * Threshold: `EXACT_THRESHOLD` (1e-8, see threshold.ts); an exact member fits to round-off (~1e-30).
 */
import { colMeans, identity, scale } from '../core/matrix.ts';
import type { Vec } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';
import type { EquivalenceClass, LatentMap } from './types.ts';
import { defineClass } from './define.ts';
import { classFit } from './distance.ts';
import { affineMap, composeAffine, fmt, linearMap } from './maps.ts';
import { offsetFor } from './moments.ts';
import { randomOffset } from './random.ts';
import { EXACT_THRESHOLD } from './threshold.ts';

export const IDENTITY_OFFSET_ID = 'identity-offset';

function translation(b: Vec): LatentMap {
  return affineMap(identity(b.length), b, `identity + [${b.map(fmt).join(', ')}]`);
}

/**
 * The class of translations h(z) = z + b on R^dim (module doc): fitted by b = mean(ẑ) − mean(z); near-miss
 * a member composed with the global scaling (1 + size)·I. Throws `InputError` naming `dim` (not a positive integer).
 */
export function identityOffsetClass(dim: number): EquivalenceClass {
  const sampleMember = (rng: Rng): LatentMap => translation(randomOffset(rng, dim));
  return defineClass({
    id: IDENTITY_OFFSET_ID,
    name: 'identity + offset',
    dim,
    threshold: EXACT_THRESHOLD,
    fit(z, zhat) {
      const b = offsetFor(identity(dim), colMeans(z), colMeans(zhat));
      return classFit(IDENTITY_OFFSET_ID, z, zhat, translation(b), { offsetNorm: Math.hypot(...b) });
    },
    sampleMember,
    sampleNonMember(rng, size) {
      return composeAffine(sampleMember(rng), linearMap(scale(identity(dim), 1 + size), `${fmt(1 + size)}·I`));
    },
  });
}
