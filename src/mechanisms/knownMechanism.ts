/**
 * The known-mechanism objective of Ahuja, Hartford & Bengio (2022), with a variance normalisation
 * as the anti-collapse term (for linear mechanisms the zero map is otherwise an optimum):
 *
 *   L(f) = Σ_i ‖f(x'_i) − M_{k_i} f(x_i)‖²  /  Σ_i ‖f(x_i) − mean_j f(x_j)‖²,
 *
 * over observed pairs (x_i, x'_i = g(M_{k_i} z_i)) with known mechanism index k_i.
 * L is invariant to a global rescaling of f, and zero exactly when f∘g commutes with every M_k used.
 * Computed in float64 on plain arrays, so exact checks are not limited by float32 round-off.
 */
import type { Mat } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertMatrix } from '../core/validate.ts';

/** Variance of f(x) at or below this fraction of Σ‖f(x)‖² counts as a collapsed (constant) encoder. */
export const COLLAPSE_RTOL = 1e-24;

/** Normalised known-mechanism loss; `fx`, `fxNext`: n × d encodings of x and x'; `index[i]` = k_i. */
export function knownMechanismLoss(fx: Mat, fxNext: Mat, index: number[], mechanisms: Mat[]): number {
  assertMatrix('fx', fx);
  const d = fx[0].length;
  assertMatrix('fxNext', fxNext, { rows: fx.length, cols: d });
  if (!Array.isArray(index) || index.length !== fx.length) throw new InputError('index.length', index?.length, `${fx.length}, one mechanism index per pair`);
  mechanisms.forEach((m, k) => assertMatrix(`mechanisms[${k}]`, m, { rows: d, cols: d }));
  const n = fx.length;
  const mean = new Array<number>(d).fill(0);
  for (const row of fx) for (let j = 0; j < d; j++) mean[j] += row[j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  let num = 0;
  let den = 0;
  let raw = 0;
  for (let i = 0; i < n; i++) {
    const k = index[i];
    const m = mechanisms[k];
    if (m === undefined) throw new InputError(`index[${i}]`, k, `a mechanism index in [0, ${mechanisms.length})`);
    const a = fx[i];
    const b = fxNext[i];
    for (let r = 0; r < d; r++) {
      let pred = 0;
      const mr = m[r];
      for (let c = 0; c < d; c++) pred += mr[c] * a[c];
      const e = b[r] - pred;
      num += e * e;
      const dc = a[r] - mean[r];
      den += dc * dc;
      raw += a[r] * a[r];
    }
  }
  // Collapsed: the variance is round-off relative to the raw second moment (float64 ε² ≈ 5e-32).
  if (!(den > COLLAPSE_RTOL * raw)) throw new InputError('fx', fx, 'encodings with non-zero variance (the encoder collapsed to a constant)');
  return num / den;
}

/**
 * Known-translation objective: m_k(z) = z + δ_k, normalised by the offsets' size so it is scale-free,
 *
 *   L(f) = Σ_i ‖f(x'_i) − f(x_i) − δ_{k_i}‖²  /  Σ_i ‖δ_{k_i}‖².
 *
 * Translations fix the scale themselves (a constant f has L = 1), so no anti-collapse term is needed.
 */
export function knownTranslationLoss(fx: Mat, fxNext: Mat, index: number[], offsets: number[][]): number {
  assertMatrix('fx', fx);
  const d = fx[0].length;
  assertMatrix('fxNext', fxNext, { rows: fx.length, cols: d });
  assertMatrix('offsets', offsets, { cols: d });
  if (!Array.isArray(index) || index.length !== fx.length) throw new InputError('index.length', index?.length, `${fx.length}, one mechanism index per pair`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < fx.length; i++) {
    const delta = offsets[index[i]];
    if (delta === undefined) throw new InputError(`index[${i}]`, index[i], `a mechanism index in [0, ${offsets.length})`);
    for (let r = 0; r < d; r++) {
      const e = fxNext[i][r] - fx[i][r] - delta[r];
      num += e * e;
      den += delta[r] * delta[r];
    }
  }
  if (!(den > 0)) throw new InputError('offsets', offsets, 'non-zero translation offsets');
  return num / den;
}
