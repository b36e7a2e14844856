/**
 * Equivalence classes of maps h = f∘g from true latents z to recovered latents ẑ (see types.ts for the contract
 * and the distance convention). One factory per class, plus a registry by id.
 */
export type { ClassFit, EquivalenceClass, LatentMap } from './types.ts';
export { identityOffsetClass, IDENTITY_OFFSET_ID } from './identity-offset.ts';
export { elementwiseScalingClass, diagonalMap, ELEMENTWISE_SCALING_ID } from './elementwise-scaling.ts';
export { permutationScalingClass, scaledPermutationMap, scaledPermutationMatrix, PERMUTATION_SCALING_ID } from './permutation-scaling.ts';
export { signedPermutationClass, signedPermutationMap, signedPermutationMatrix, SIGNED_PERMUTATION_ID } from './signed-permutation.ts';
export { orthogonalClass, scaledOrthogonalMap, ORTHOGONAL_ID } from './orthogonal.ts';
export { affineClass, generalAffineMap, randomInvertible, AFFINE_ID } from './affine.ts';
export { centralizerClass, centralizerCoefficients, CENTRALIZER_ID, MEMBER_MAX_CONDITION } from './centralizer.ts';
export { classById, CLASS_IDS, EXTRA_CLASS_IDS } from './registry.ts';
export { blockClass, blockR2Matrix, blockFitDetail, assertBlocks, monotoneWarp, BLOCK_ID, KERNEL_BLOCK_THRESHOLD } from './block.ts';
export type { BlockClassOptions, BlockFitDetail } from './block.ts';
export type { ClassId, ClassOptions } from './registry.ts';
export { EXACT_THRESHOLD, DEFAULT_NEAR_MISS_SIZE } from './threshold.ts';
export { unexplainedVariance } from './distance.ts';
export { affineMap, composeAffine, composeMaps, linearMap, sineWarp } from './maps.ts';
export { planeRotation, shear, axisScaling } from './perturbations.ts';
