/**
 * Mean correlation coefficient (MCC) between true latents z (n × d_z) and recovered latents ẑ (n × d_ẑ):
 *
 *   C = corr(z, ẑ)                          (d_z × d_ẑ, Pearson or Spearman)
 *   σ* = argmax_σ Σ_i |C[i][σ(i)]|          (σ injective: true dim → recovered dim; linear assignment)
 *   MCC = (1/m) Σ_i |C[i][σ*(i)]|           (m = min(d_z, d_ẑ) matched pairs)
 *
 * MCC = 1 iff ẑ is a permutation of z up to element-wise affine maps (Pearson), or up to
 * element-wise strictly monotone maps (Spearman) — the usual identifiability class of nonlinear ICA.
 *
 * Convention for d_z ≠ d_ẑ: the mean runs over the min(d_z, d_ẑ) matched pairs (as
 * `np.mean(abs(C[linear_sum_assignment(-abs(C))]))`); when d_z > d_ẑ the unmatched true dims get
 * `matching[i] = −1` and do not enter the mean.
 *
 * Reference: Hyvärinen & Morioka (2016), "Unsupervised feature extraction by time-contrastive learning and
 * nonlinear ICA"; Khemakhem et al. (2020), "Variational autoencoders and nonlinear ICA: a unifying framework".
 */
import type { Mat } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertSamplePair } from '../core/validate.ts';
import { linearAssignmentUnchecked } from './assignment.ts';
import { pearsonMatrixUnchecked, spearmanMatrixUnchecked } from './correlation.ts';

/**
 * Correlation behind MCC: 'pearson' (MCC = 1 iff ẑ is a permutation of z up to element-wise affine maps) or
 * 'spearman' (rank correlation: up to element-wise strictly monotone maps).
 */
export type CorrelationMethod = 'pearson' | 'spearman';

/** Options of `mcc`. */
export interface MccOptions {
  /** Correlation used (default 'pearson'). */
  method?: CorrelationMethod;
}

/** Result of `mcc`: the MCC value, the optimal matching of true to recovered dimensions, and the signed correlation matrix. */
export interface MccResult {
  /** Mean |correlation| over the optimal matching, in [0, 1]. */
  value: number;
  /** matching[i] = recovered dim matched to true dim i (−1 if unmatched, only when d_z > d_ẑ). */
  matching: number[];
  /** Signed correlation matrix C (d_z × d_ẑ), C[i][j] = corr(z[:, i], ẑ[:, j]). */
  correlations: Mat;
}

/**
 * MCC of ẑ against z with its matching and correlation matrix.
 * Throws `InputError` on bad samples (see `assertSamplePair`) or an unknown `opts.method`.
 */
export function mcc(z: Mat, zhat: Mat, opts: MccOptions = {}): MccResult {
  const [a, b] = assertSamplePair('z', z, 'zhat', zhat);
  if (opts === null || typeof opts !== 'object') throw new InputError('opts', opts, "an options object { method?: 'pearson' | 'spearman' }");
  const method = opts.method ?? 'pearson';
  if (method !== 'pearson' && method !== 'spearman') throw new InputError('opts.method', method, "'pearson' or 'spearman'");
  const correlations = method === 'pearson' ? pearsonMatrixUnchecked(a, b) : spearmanMatrixUnchecked(a, b);
  const absC = correlations.map((row) => row.map(Math.abs));
  const { assignment: matching, total } = linearAssignmentUnchecked(absC, true);
  const matched = Math.min(a[0].length, b[0].length);
  return { value: total / matched, matching, correlations };
}

/** MCC with Pearson correlation (value only). */
export function mccPearson(z: Mat, zhat: Mat): number {
  return mcc(z, zhat, { method: 'pearson' }).value;
}

/** MCC with Spearman rank correlation (value only); invariant under strictly monotone element-wise maps. */
export function mccSpearman(z: Mat, zhat: Mat): number {
  return mcc(z, zhat, { method: 'spearman' }).value;
}
