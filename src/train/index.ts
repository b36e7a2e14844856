/** The shared training core: fast dense layers, seeded MLPs, the training loop and data helpers. */
export { DEFAULT_NEGATIVE_SLOPE, dense } from './dense.ts';
export type { DenseActivation } from './dense.ts';
export { createMlp, validateMlpSpec } from './mlp.ts';
export { flatAdam } from './adam.ts';
export type { FlatAdam, StepOptimizer } from './adam.ts';
export { TRAIN_DEFAULTS, resolveTrainConfig, train } from './train.ts';
export { trainWithRestarts } from './restarts.ts';
export type { RestartCandidate, RestartOptions, RestartResult } from './restarts.ts';
export type { ResolvedTrainConfig, TrainOptions } from './train.ts';
export { TrainingDivergedError } from './errors.ts';
export { fromTensor2D, gatherRows, toTensor2D } from './data.ts';
export type { Mlp, MlpSpec, TrainConfig, TrainProgress, TrainResult } from './types.ts';
