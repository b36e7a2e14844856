/**
 * Gaussian (conditional) mutual information, estimated from sample covariances:
 *
 *   I(z1; z2 | a) = Σ_a p(a) · ½ log( det S₁₁|a · det S₂₂|a / det S|a ),
 *
 * where S|a is the sample covariance of the concatenation [z1, z2] within the group of samples with label a,
 * S₁₁|a and S₂₂|a its diagonal blocks, and p(a) = n_a / n the group's frequency. This is the exact
 * conditional MI when (z1, z2) | a is Gaussian, and a test statistic for conditional independence otherwise.
 * The unconditional MI is the same formula with a single group.
 *
 * Covariance normalisation: S uses 1/(n_a − 1) (NumPy's `np.cov` default), but the ratio is invariant under
 * any common rescaling c·S (det(cS₁₁)·det(cS₂₂)/det(cS) = c^{d₁+d₂}/c^{d₁+d₂} = 1), so 1/n gives the same value.
 * Log-determinants come from Cholesky factors (log det S = 2 Σ log L_ii), which stays finite where det would
 * underflow. By Fischer's inequality each group term is ≥ 0; rounding-level negatives are clamped to 0.
 *
 * Reference: Cover & Thomas (2006), "Elements of Information Theory", §8.5 and §9.4 (Gaussian entropy).
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { Mat } from '../core/matrix.ts';
import { InputError, NumericalError } from '../core/errors.ts';
import { assertMatrix, assertVector } from '../core/validate.ts';

/** Sample covariance (1/(n−1)) of the rows `idx` of [z1, z2], as one (d1+d2) × (d1+d2) matrix. */
function groupCovariance(z1: Mat, z2: Mat, idx: number[]): Mat {
  const d1 = z1[0].length;
  const d = d1 + z2[0].length;
  const n = idx.length;
  const row = (t: number): number[] => z1[t].concat(z2[t]);
  const mean = new Array<number>(d).fill(0);
  for (const t of idx) {
    const r = row(t);
    for (let k = 0; k < d; k++) mean[k] += r[k];
  }
  for (let k = 0; k < d; k++) mean[k] /= n;
  const s: Mat = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const t of idx) {
    const r = row(t).map((v, k) => v - mean[k]);
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) s[i][j] += r[i] * r[j];
  }
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      s[i][j] /= n - 1;
      s[j][i] = s[i][j];
    }
  return s;
}

/** log det of the leading/trailing block S[from:to, from:to] via Cholesky; null if not positive definite. */
function logDetBlock(s: Mat, from: number, to: number): number | null {
  const block = s.slice(from, to).map((r) => r.slice(from, to));
  const chol = new CholeskyDecomposition(new Matrix(block));
  if (!chol.isPositiveDefinite()) return null;
  const l = chol.lowerTriangularMatrix;
  let sum = 0;
  for (let i = 0; i < to - from; i++) {
    const v = l.get(i, i);
    if (!(v > 0)) return null;
    sum += Math.log(v);
  }
  return 2 * sum;
}

/** Validate z1, z2 (same row count) and return their dimensions. */
function assertPair(z1: unknown, z2: unknown): [Mat, Mat] {
  const a = assertMatrix('z1', z1);
  const b = assertMatrix('z2', z2);
  if (b.length !== a.length) throw new InputError('z2.rows', b.length, `${a.length} rows, as many samples as z1`);
  return [a, b];
}

/**
 * ½ log(det S₁₁ det S₂₂ / det S) of one validated group. `field`/`label` name the group in errors.
 */
function groupMI(z1: Mat, z2: Mat, idx: number[], field: string, label: unknown, groupName: string): number {
  const d1 = z1[0].length;
  const d = d1 + z2[0].length;
  const s = groupCovariance(z1, z2, idx);
  const ld = logDetBlock(s, 0, d);
  const ld1 = logDetBlock(s, 0, d1);
  const ld2 = logDetBlock(s, d1, d);
  if (ld === null || ld1 === null || ld2 === null)
    throw new NumericalError(
      field,
      label,
      `the ${d}x${d} sample covariance of [z1, z2] ${groupName} is singular (collinear or constant columns among its ${idx.length} samples)`,
    );
  return Math.max(0, 0.5 * (ld1 + ld2 - ld));
}

/**
 * Gaussian conditional mutual information I(z1; z2 | a) in nats (see module doc).
 * `z1`: n × d₁, `z2`: n × d₂, `a`: n finite group labels (compared with ===).
 * Throws `InputError` on bad shapes or non-finite values, and `InputError('a', label, …)` when the group
 * a = label has n_a ≤ d₁ + d₂ samples (its covariance is necessarily singular); `NumericalError` when a
 * group's covariance is singular anyway (collinear data).
 */
export function gaussianCMI(z1: Mat, z2: Mat, a: number[]): number {
  const [x, y] = assertPair(z1, z2);
  const labels = assertVector('a', a, x.length);
  const d = x[0].length + y[0].length;
  const groups = new Map<number, number[]>();
  labels.forEach((g, t) => {
    const key = g === 0 ? 0 : g; // -0 and 0 are one group
    const list = groups.get(key);
    if (list) list.push(t);
    else groups.set(key, [t]);
  });
  for (const [g, idx] of groups)
    if (idx.length <= d)
      throw new InputError(
        'a',
        g,
        `every group to have at least ${d + 1} samples for a non-singular ${d}x${d} covariance of [z1, z2], but group a = ${g} has ${idx.length}`,
      );
  const n = x.length;
  let total = 0;
  for (const [g, idx] of groups) total += (idx.length / n) * groupMI(x, y, idx, 'a', g, `within group a = ${g}`);
  return total;
}

/**
 * Gaussian mutual information I(z1; z2) = ½ log(det S₁₁ det S₂₂ / det S) in nats (one group, see module doc).
 * Throws `InputError` naming `z1.rows` when n ≤ d₁ + d₂.
 */
export function gaussianMI(z1: Mat, z2: Mat): number {
  const [x, y] = assertPair(z1, z2);
  const d = x[0].length + y[0].length;
  if (x.length <= d)
    throw new InputError('z1.rows', x.length, `at least ${d + 1} samples for a non-singular ${d}x${d} covariance of [z1, z2]`);
  const idx = Array.from({ length: x.length }, (_, t) => t);
  return groupMI(x, y, idx, 'z1', x, 'of all samples');
}
