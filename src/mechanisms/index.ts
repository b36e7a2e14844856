/**
 * The mechanisms family (theory.md §2; Ahuja, Hartford & Bengio 2022, with Klindt et al. 2021 for stochastic
 * transitions): latent priors, transition noise, mechanisms and transition pairs, the known-mechanism and
 * hypothesis-class objectives, the mechanism-based and transition learners, and the isometry class of the noise.
 */
export * from './data.ts';
export * from './learners.ts';
export { knownMechanismLoss } from './knownMechanism.ts';
export { NOISE_ISOMETRY_ASSUMPTION, SIGMA_EQUAL_RTOL, isometryClassOfNoise } from './noiseClass.ts';
export type { NoiseIsometryClass } from './noiseClass.ts';
