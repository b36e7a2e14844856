/**
 * Linear R²: how well an affine map of the recovered latents ẑ (n × d_ẑ) predicts each true latent z_i.
 *
 *   (B, c) = argmin ‖z − (ẑ B + 1 cᵀ)‖²        (OLS with intercept)
 *   R²_i   = 1 − Σ_t (z_ti − ŷ_ti)² / Σ_t (z_ti − z̄_i)²
 *   linearR2 = (1/d_z) Σ_i R²_i                (uniform average)
 *
 * R² = 1 iff z is an affine function of ẑ (linear identifiability). Matches scikit-learn's
 * `LinearRegression().fit(zhat, z)` + `r2_score(z, pred, multioutput='uniform_average')`,
 * including its convention for a constant z_i: R²_i = 1 if fitted exactly, else 0.
 *
 * Reference: Khemakhem et al. (2020), Roeder et al. (2021) "On linear identifiability of learned representations".
 */
import type { Mat } from '../core/matrix.ts';
import { assertSamplePair } from '../core/validate.ts';
import { olsWithIntercept } from '../linalg/ols.ts';

/** R² of the OLS-with-intercept prediction of each true dimension z[:, i] from ẑ (length d_z). */
export function linearR2PerDim(z: Mat, zhat: Mat): number[] {
  const [a, b] = assertSamplePair('z', z, 'zhat', zhat);
  return olsWithIntercept(b, a).r2;
}

/** Uniform average over true dimensions of the linear R² (see `linearR2PerDim`). */
export function linearR2(z: Mat, zhat: Mat): number {
  const r2 = linearR2PerDim(z, zhat);
  return r2.reduce((s, v) => s + v, 0) / r2.length;
}
