/** Summaries of a statistic over trials: min, quartiles, median, max (NumPy's linear interpolation). */
import type { StatisticSummary } from './types.ts';

/** Quantile q ∈ [0, 1] of a sorted, non-empty array (linear interpolation, NumPy's default). */
export function quantileSorted(sorted: number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function summarise(name: string, values: (number | null)[]): StatisticSummary {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return { name, min: null, q1: null, median: null, q3: null, max: null, count: 0 };
  return {
    name,
    min: finite[0],
    q1: quantileSorted(finite, 0.25),
    median: quantileSorted(finite, 0.5),
    q3: quantileSorted(finite, 0.75),
    max: finite[finite.length - 1],
    count: finite.length,
  };
}
