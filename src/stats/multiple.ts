/**
 * Multiple-testing control across the properties of a suite: Holm (family-wise error) or
 * Benjamini–Hochberg (false discovery rate), on the properties' p-values.
 */
import { InputError } from '../core/errors.ts';

export type MultipleTestingMethod = 'holm' | 'bh' | 'none';

export const MULTIPLE_TESTING_METHODS: readonly MultipleTestingMethod[] = ['holm', 'bh', 'none'];

/** Validate a method name from user input. */
export function resolveMethod(v: unknown, field = 'correction'): MultipleTestingMethod {
  if (v === undefined) return 'holm';
  if (typeof v === 'string' && (MULTIPLE_TESTING_METHODS as readonly string[]).includes(v)) return v as MultipleTestingMethod;
  throw new InputError(field, v, "'holm', 'bh' or 'none'");
}

/**
 * Which hypotheses are rejected at level α. Holm: step-down, reject p₍ᵢ₎ ≤ α/(m−i+1) until the first
 * that is not. BH: reject the k smallest, k the largest with p₍ₖ₎ ≤ kα/m. None: p ≤ α.
 */
export function rejections(pValues: number[], alpha: number, method: MultipleTestingMethod): boolean[] {
  if (!(alpha > 0 && alpha < 1)) throw new InputError('alpha', alpha, 'a level in (0, 1)');
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new InputError(`pValues[${i}]`, p, 'a probability in [0, 1]');
  });
  const m = pValues.length;
  const out = new Array<boolean>(m).fill(false);
  if (method === 'none') return pValues.map((p) => p <= alpha);
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (method === 'holm') {
    for (let r = 0; r < m; r++) {
      if (order[r][0] > alpha / (m - r)) break;
      out[order[r][1]] = true;
    }
    return out;
  }
  let k = 0;
  for (let r = 0; r < m; r++) if (order[r][0] <= ((r + 1) * alpha) / m) k = r + 1;
  for (let r = 0; r < k; r++) out[order[r][1]] = true;
  return out;
}

/**
 * Adjusted p-values (Holm: p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1) p₍ⱼ₎), as R's p.adjust(p, "holm");
 * BH: step-up minima of m p₍ᵢ₎ / i), in input order; hypothesis i is rejected when p̃ᵢ ≤ α.
 */
export function adjustedPValues(pValues: readonly number[], method: MultipleTestingMethod): number[] {
  pValues.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new InputError(`pValues[${i}]`, p, 'a p-value in [0, 1]');
  });
  const m = pValues.length;
  if (method === 'none') return [...pValues];
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Array<number>(m);
  if (method === 'holm') {
    let running = 0;
    order.forEach(([p, i], r) => {
      running = Math.max(running, Math.min(1, (m - r) * p));
      out[i] = running;
    });
    return out;
  }
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const [p, i] = order[r];
    running = Math.min(running, Math.min(1, (m * p) / (r + 1)));
    out[i] = running;
  }
  return out;
}

/** Holm-adjusted p-values, in input order (Holm 1979; family-wise error under any dependence). */
export function holmAdjust(pValues: readonly number[]): number[] {
  return adjustedPValues(pValues, 'holm');
}
