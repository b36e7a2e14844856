/** Number formatting shared by the reports. */

/** Compact number: 4 significant digits, exponent form for very small or large magnitudes. */
export function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

/** `≤ t`, `≥ t` or `= t` for a threshold and its direction. */
export function fmtThreshold(direction: string, t: number): string {
  const sym = direction === 'at-most' ? '≤' : direction === 'at-least' ? '≥' : '=';
  return `${sym} ${fmt(t)}`;
}

/** A role in words. */
export function roleLabel(role: string): string {
  return role === 'negative-control' ? 'negative control' : role === 'worked-example' ? 'worked example' : role;
}

/** Multiple-testing method in words. */
export function methodLabel(method: string): string {
  return method === 'holm' ? 'Holm' : method === 'bh' ? 'Benjamini–Hochberg' : 'no adjustment';
}

/**
 * Successes over trials. Trained: the success rule's counts and its 95% Clopper–Pearson interval.
 * Exact: worlds that passed of those evaluated (a failure stops the run at the first failing world,
 * which is counted), out of the worlds requested.
 */
export function successCounts(p: {
  kind: string;
  verdict: string;
  trials: number;
  numRuns: number;
  rule?: { successes: number; trials: number; interval95: [number, number] };
}): { successes: number; trials: number; requested: number; interval95?: [number, number] } {
  if (p.rule) return { successes: p.rule.successes, trials: p.rule.trials, requested: p.numRuns, interval95: p.rule.interval95 };
  const successes = p.verdict === 'pass' ? p.trials : Math.max(0, p.trials - 1);
  return { successes, trials: p.trials, requested: p.numRuns };
}
