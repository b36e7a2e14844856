/** Linear algebra on ml-matrix: SVD-based null space, rank and condition number; inverses; OLS; Procrustes; centralizers. */
export { svd, singularValues, defaultTolerance, rank, nullSpace, conditionNumber } from './svd.ts';
export type { ToleranceOptions } from './svd.ts';
export { invert, pinv, lstsq, MAX_INVERTIBLE_CONDITION } from './inverse.ts';
export { olsWithIntercept } from './ols.ts';
export type { OlsFit } from './ols.ts';
export { orthogonalProcrustes } from './procrustes.ts';
export type { ProcrustesFit } from './procrustes.ts';
export {
  CENTRALIZER_RTOL,
  centralizerBasis,
  centralizerDim,
  centralizerTolerance,
  commutationResidual,
  commutatorOperator,
  distanceToCentralizer,
  frobeniusInner,
  projectOntoSpan,
} from './centralizer.ts';
