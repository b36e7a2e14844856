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
