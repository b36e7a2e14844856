/** TensorFlow.js plumbing: backend selection and versions, seeded initialisers, leak checks. */
export {
  BACKEND_CHOICES,
  BACKEND_PACKAGES,
  BackendUnavailableError,
  activeBackendInfo,
  initBackend,
  resolveBackendRequest,
  wasmBinaryDir,
} from './backend.ts';
export type { BackendChoice, BackendInfo, BackendName, BackendRequest } from './backend.ts';
export {
  assertShape,
  glorotLimit,
  glorotUniform,
  glorotUniformValues,
  heNormal,
  heNormalValues,
  heStd,
  normalValues,
  randomNormalTensor,
  randomUniformTensor,
  shuffledIndices,
  uniformValues,
  zerosInit,
} from './init.ts';
export { TensorLeakError, tensorCount, withTensorCheck } from './memory.ts';
export { isPackageInstalled, packageVersion } from '../core/versions.ts';
