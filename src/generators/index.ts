/** World generators: linear mechanism sets, invertible mixings, and their fast-check arbitraries. */
export type { MechanismFamily, MechanismParams, MechanismSet, Mixing, MixingParams } from './types.ts';
export {
  MAX_MECHANISM_COUNT,
  MAX_MECHANISM_N,
  MECHANISM_FAMILIES,
  MECHANISM_FAMILY_RULES,
  buildMechanismSet,
  cyclePermutation,
  cyclicShift,
  diagonal,
  expectedCentralizerDim,
  mechanismMultiplicities,
  permutationMatrix,
  reflection2,
  rotation2,
  validateMechanismParams,
} from './mechanisms.ts';
export type { MechanismFamilyRule } from './mechanisms.ts';
export {
  MIXING_BIAS_STD,
  MIXING_KINDS,
  MIXING_MAX_REDRAWS,
  MIXING_MAX_NETWORK_REDRAWS,
  NONLINEARITY_PROBE_SAMPLES,
  buildMixing,
  drawConditionedWeights,
  linearMixingFrom,
  validateMixingParams,
} from './mixing.ts';
export {
  DEFAULT_MAX_COUNT,
  DEFAULT_MAX_N,
  DEFAULT_MIN_N,
  mechanismParamsArb,
  mechanismSetArb,
  mixingArb,
  mixingParamsArb,
  seedArb,
} from './arbitraries.ts';
export type { MechanismArbOptions, MixingArbOptions } from './arbitraries.ts';
