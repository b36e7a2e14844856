/**
 * Errors raised by latentcheck. Every input error names the offending field and shows its value,
 * so that a malformed spec or a bad array is reported where it enters, not deep inside tfjs.
 */

/** Render a value for an error message: short, never throws, arrays and matrices summarised. */
export function describeValue(value: unknown): string {
  try {
    if (value === undefined) return 'undefined';
    if (value === null) return 'null';
    if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
    if (typeof value === 'string') return JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value);
    if (Array.isArray(value)) {
      if (value.length > 0 && Array.isArray(value[0])) {
        return `matrix ${value.length}x${(value[0] as unknown[]).length}`;
      }
      const head = value.slice(0, 6).map((v) => describeValue(v)).join(', ');
      return `[${head}${value.length > 6 ? `, ... (${value.length} items)` : ''}]`;
    }
    if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
    const s = JSON.stringify(value);
    return s.length > 120 ? s.slice(0, 117) + '...' : s;
  } catch {
    return String(value);
  }
}

/** Base class of every error latentcheck raises on purpose. */
export class LatentcheckError extends Error {
  override name = 'LatentcheckError';
}

/** Bad input: names the field (argument, spec key, array) and the value that was rejected. */
export class InputError extends LatentcheckError {
  override name = 'InputError';
  constructor(
    /** Dotted path of the offending field, e.g. `mixing.weights[1]` or `zhat`. */
    readonly field: string,
    /** The rejected value (kept for programmatic inspection). */
    readonly value: unknown,
    /** What was expected. */
    readonly expected: string,
  ) {
    super(`${field}: expected ${expected}, got ${describeValue(value)}`);
  }
}

/** A numerical failure (singular matrix, diverging run, ill-conditioned draw) with the quantity that failed. */
export class NumericalError extends LatentcheckError {
  override name = 'NumericalError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    message: string,
  ) {
    super(`${field}: ${message} (value: ${describeValue(value)})`);
  }
}
