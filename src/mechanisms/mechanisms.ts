/**
 * Mechanisms z' = m(z) as plain data (`Mechanism`), applied row-wise, with validation that names the
 * offending entry (`mechanisms[k]`). A bare matrix is shorthand for a linear mechanism, a bare function
 * `(z: Mat) => Mat` for a `map` mechanism.
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { applyLinear } from '../core/matrix.ts';
import { assertMatrix, assertVector } from '../core/validate.ts';
import type { Mechanism, MechanismInput } from './types.ts';

export const MECHANISM_KINDS: readonly Mechanism['kind'][] = ['linear', 'translation', 'affine', 'map'];

/** The dimension a mechanism fixes (null for a `map`, which fixes none). Does not validate. */
function mechanismDim(m: Mechanism): number | null {
  switch (m.kind) {
    case 'linear':
    case 'affine':
      return m.m.length;
    case 'translation':
      return m.delta.length;
    case 'map':
      return null;
  }
}

/**
 * Check one mechanism (matrix or `Mechanism`) against dimension n (or infer n when `n` is undefined);
 * returns the normalised `Mechanism`. Throws `InputError` naming `field` (e.g. `mechanisms[2]`) and the value.
 */
export function validateMechanism(value: unknown, n: number | undefined, field = 'mechanism'): Mechanism {
  if (Array.isArray(value)) return validateMechanism({ kind: 'linear', m: value }, n, field);
  if (typeof value === 'function') return { kind: 'map', apply: value as (z: Mat) => Mat };
  if (typeof value !== 'object' || value === null)
    throw new InputError(field, value, `a square matrix or a mechanism { kind: ${MECHANISM_KINDS.join(' | ')} }`);
  const v = value as Record<string, unknown>;
  const dimErr = (got: number): InputError =>
    new InputError(field, value, `a mechanism on R^${n} (the prior's and the other mechanisms' dimension), not on R^${got}`);
  switch (v.kind) {
    case 'linear': {
      const m = assertMatrix(`${field}.m`, v.m, { square: true });
      if (n !== undefined && m.length !== n) throw dimErr(m.length);
      return { kind: 'linear', m };
    }
    case 'translation': {
      const delta = assertVector(`${field}.delta`, v.delta);
      if (delta.length === 0) throw new InputError(`${field}.delta`, delta, 'a non-empty vector');
      if (n !== undefined && delta.length !== n) throw dimErr(delta.length);
      return { kind: 'translation', delta };
    }
    case 'affine': {
      const m = assertMatrix(`${field}.m`, v.m, { square: true });
      if (n !== undefined && m.length !== n) throw dimErr(m.length);
      const b = assertVector(`${field}.b`, v.b, m.length);
      return { kind: 'affine', m, b };
    }
    case 'map': {
      if (typeof v.apply !== 'function') throw new InputError(`${field}.apply`, v.apply, 'a function (z: Mat) => Mat');
      return { kind: 'map', apply: v.apply as (z: Mat) => Mat, ...(typeof v.name === 'string' ? { name: v.name } : {}) };
    }
    default:
      throw new InputError(`${field}.kind`, v.kind, `one of ${MECHANISM_KINDS.join(', ')}`);
  }
}

/**
 * Check a non-empty list of mechanisms of one dimension. n is taken from `n` when given (e.g. from a
 * prior covariance), else from the first mechanism that fixes one; a mechanism of another dimension
 * raises `InputError` naming `mechanisms[k]`. Returns the normalised list and n.
 */
export function validateMechanisms(value: unknown, n?: number, field = 'mechanisms'): { mechanisms: Mechanism[]; n: number } {
  if (!Array.isArray(value) || value.length === 0) throw new InputError(field, value, 'a non-empty list of mechanisms (matrices or { kind, ... })');
  let dim = n;
  const out: Mechanism[] = [];
  value.forEach((v, k) => {
    const m = validateMechanism(v, dim, `${field}[${k}]`);
    if (dim === undefined) dim = mechanismDim(m) ?? undefined;
    out.push(m);
  });
  if (dim === undefined) throw new InputError('n', n, 'the latent dimension (no mechanism or prior fixes it: every mechanism is a map)');
  return { mechanisms: out, n: dim };
}

/**
 * m(z) row-wise for an n-column z (validated; a `map` gets a copy of z, and its output is checked to be a
 * finite matrix of z's shape, InputError naming `<name>(z)`).
 */
export function applyMechanism(mech: MechanismInput, z: Mat): Mat {
  const zz = assertMatrix('z', z);
  const m = validateMechanism(mech, zz[0].length);
  switch (m.kind) {
    case 'linear':
      return applyLinear(zz, m.m);
    case 'affine':
      return applyLinear(zz, m.m, m.b);
    case 'translation':
      return zz.map((row) => row.map((v, j) => v + m.delta[j]));
    case 'map':
      return assertMatrix(`${m.name ?? 'mechanism'}(z)`, m.apply(zz.map((r) => r.slice())), { rows: zz.length, cols: zz[0].length });
  }
}

/**
 * A mechanism from a group-element matrix: an n × n matrix is linear; with `homogeneous`, an
 * (n+1) × (n+1) matrix [[A, t], [0, 1]] is affine (a translation when A = I exactly).
 */
export function mechanismFromMatrix(m: Mat, homogeneous = false, field = 'mechanism'): Mechanism {
  const a = assertMatrix(field, m, { square: true });
  if (!homogeneous) return { kind: 'linear', m: a.map((r) => r.slice()) };
  const n = a.length - 1;
  if (n < 1) throw new InputError(field, m, 'an (n+1) × (n+1) homogeneous matrix with n ≥ 1');
  const last = a[n];
  if (!last.every((v, j) => v === (j === n ? 1 : 0))) throw new InputError(`${field}[${n}]`, last, 'the homogeneous last row [0, …, 0, 1]');
  const lin = a.slice(0, n).map((r) => r.slice(0, n));
  const t = a.slice(0, n).map((r) => r[n]);
  const isIdentity = lin.every((r, i) => r.every((v, j) => v === (i === j ? 1 : 0)));
  return isIdentity ? { kind: 'translation', delta: t } : { kind: 'affine', m: lin, b: t };
}

/** A short description of a mechanism. */
export function describeMechanism(m: Mechanism): string {
  const f = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(3));
  switch (m.kind) {
    case 'linear':
      return `z ↦ M z (${m.m.length}×${m.m.length})`;
    case 'translation':
      return `z ↦ z + [${m.delta.map(f).join(', ')}]`;
    case 'affine':
      return `z ↦ M z + b (${m.m.length}×${m.m.length})`;
    case 'map':
      return m.name ?? 'z ↦ m(z)';
  }
}
