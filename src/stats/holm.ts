/**
 * Holm's step-down adjustment (Holm 1979, "A simple sequentially rejective multiple test procedure"):
 * controls the family-wise error rate at α under any dependence between the tests.
 * With p₍₁₎ ≤ … ≤ p₍ₘ₎ the ordered p-values, the adjusted values are
 *   p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1) · p₍ⱼ₎),
 * and hypothesis (i) is rejected when p̃₍ᵢ₎ ≤ α (as R's `p.adjust(p, "holm")`).
 */
import { InputError } from '../core/errors.ts';

/** Holm-adjusted p-values, in the order of the input. */
export function holmAdjust(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new InputError(`pValues[${i}]`, p, 'a p-value in [0, 1]');
  });
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i] - pValues[j]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[idx]));
    adjusted[idx] = running;
  });
  return adjusted;
}
