/**
 * Metrics comparing true latents z (n × d_z) with recovered latents ẑ (n × d_ẑ), rows = samples:
 * correlation matrices, linear assignment, MCC, linear R², orthogonal residual, Gaussian (C)MI,
 * and the commutation residual of a linear map against mechanisms.
 */
export { pearsonMatrix, spearmanMatrix, averageRanks } from './correlation.ts';
export { linearAssignment } from './assignment.ts';
export type { AssignmentOptions, AssignmentResult } from './assignment.ts';
export { mcc, mccPearson, mccSpearman } from './mcc.ts';
export type { CorrelationMethod, MccOptions, MccResult } from './mcc.ts';
export { linearR2, linearR2PerDim } from './r2.ts';
export { orthogonalResidual } from './orthogonal.ts';
export { gaussianCMI, gaussianMI } from './cmi.ts';
export { nonAffineShare } from './nonAffine.ts';
export { affineKernelRidge, kernelRidge, kernelR2, kernelCrossFit, medianGamma, rbfKernel } from './kernelRidge.ts';
export type { KernelRidgeFit, KernelRidgeOptions, KernelR2Options, KernelCrossFit } from './kernelRidge.ts';
export { commutationResidual } from '../linalg/centralizer.ts';
