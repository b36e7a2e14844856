/**
 * The models that the masked VAE / MIB objective unifies (Zhang, Koyama & Ishiguro 2020, §4), as configs of
 * `maskedVaeLearner`:
 *   VAE      = one observed group, one latent block, all-ones mask, β = 1   (Kingma & Welling 2014)
 *   β-VAE    = the same with β > 1                                          (Higgins et al. 2017)
 *   multimodal shared/private VAE = two groups, blocks (shared, private₁, private₂), mask [[1, 1, 0], [1, 0, 1]],
 *              encoder mask = maskᵀ (shared inferred from both views, each private from its own view)
 *   conditional / fair representation = groups (x, a), blocks (task, sensitive), mask [[1, 1], [0, 1]]: the
 *              sensitive block explains a, the task block explains only what x has beyond it (VFAE-style, Louizos et al. 2016).
 */
import { InputError } from '../core/errors.ts';
import type { TrainConfig } from '../train/types.ts';
import type { MaskedVaeConfig } from './mvae.ts';
import { TWO_VIEW_MASK, allOnesMask } from './mask.ts';

type Common = { hidden?: number[]; decoderStd?: number; train: TrainConfig };

/** The plain VAE on x ∈ R^dx with a d-dimensional latent (β = 1). */
export function vaeConfig(dx: number, d: number, o: Common): MaskedVaeConfig {
  return { blocks: [d], groupDims: [dx], decoderMask: allOnesMask(1, 1), beta: 1, ...o };
}

/** The β-VAE (β > 1; β = 1 is the VAE). Throws `InputError('beta', …)` for β < 0. */
export function betaVaeConfig(dx: number, d: number, beta: number, o: Common): MaskedVaeConfig {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0) throw new InputError('beta', beta, 'a KL weight β ≥ 0');
  return { ...vaeConfig(dx, d, o), beta };
}

/** The multimodal shared/private VAE on two views (blocks: shared, private₁, private₂). */
export function multimodalConfig(dims: [number, number], blocks: [number, number, number], beta: number | number[], o: Common): MaskedVaeConfig {
  return { blocks: [...blocks], groupDims: [...dims], decoderMask: TWO_VIEW_MASK.map((r) => r.slice()), beta, ...o };
}

/** The same two views with the all-ones mask (every block generates and reads both views): the negative control. */
export function allOnesTwoViewConfig(dims: [number, number], blocks: [number, number, number], beta: number | number[], o: Common): MaskedVaeConfig {
  return { blocks: [...blocks], groupDims: [...dims], decoderMask: allOnesMask(2, 3), beta, ...o };
}
