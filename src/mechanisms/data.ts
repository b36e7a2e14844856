/**
 * Data processes (theory.md §2): latent priors, transition noise, mechanisms, transition pairs and
 * sequences, stochastic transitions, observation through a mixing, and fast-check arbitraries.
 * Pure: an `Rng` in (only named child streams are drawn from), the same data out.
 */
export type {
  Dataset,
  Mechanism,
  MechanismInput,
  NoiseSpec,
  ObservedSequences,
  PriorSpec,
  Sequences,
  TransitionPairs,
} from './types.ts';
export { gammaFunction, logGamma, sampleGamma, sampleGammas } from '../stats/gamma.ts';
export {
  COV_PIVOT_RTOL,
  COV_SYMMETRY_RTOL,
  PRIOR_KINDS,
  UNIFORM_DEFAULT_HIGH,
  UNIFORM_DEFAULT_LOW,
  choleskyPsd,
  describePrior,
  priorCovariance,
  priorMean,
  samplePrior,
  validatePrior,
} from './prior.ts';
export { NOISE_KINDS, describeNoise, noiseExcessKurtosis, noiseScales, noiseVariance, sampleNoise, validateNoise } from './noise.ts';
export { MECHANISM_KINDS, applyMechanism, describeMechanism, mechanismFromMatrix, validateMechanism, validateMechanisms } from './mechanisms.ts';
export {
  MAX_SAMPLE_COUNT,
  mechanismPairs,
  mechanismSequences,
  observe,
  observeSequences,
  sequencePairs,
  stochasticPairs,
} from './processes.ts';
export type { MechanismPairsOptions, MechanismSequencesOptions, StochasticPairsOptions } from './processes.ts';
export { dataSeedArb, mechanismArb, noiseSpecArb, priorSpecArb, randomCorrelation, sized } from './dataArbitraries.ts';
export type { NoiseArbOptions, PriorArbOptions } from './dataArbitraries.ts';
