/**
 * The Funke et al. (2022) family (theory.md §4): correlated-attribute processes and the correlation-shift
 * evaluator, the closed-form linear-Gaussian theory, the Base / Base+MI / Base+CMI learners (MMD and adversarial
 * penalties) on the shared training core, oracle encoders, the trial judge and the shift study.
 */
export type { AttributeData, FunkeDataset, FunkeProcess } from './types.ts';
export {
  FUNKE_PROCESS_KINDS,
  IMAGE_SHAPE,
  OCCLUSION_GREY,
  OCCLUSION_GRID,
  attributeCount,
  attributeType,
  columnCorrelation,
  describeProcess as describeFunkeProcess,
  observationDim,
  processMixing,
  renderImage,
  sampleBinaryAttributes,
  sampleGaussianAttributes,
  sampleProcess,
  shiftCorrelation,
  validateProcess as validateFunkeProcess,
} from './process.ts';
export {
  assertNoiseVariance,
  assertRho,
  baseSolution,
  cmiSolution,
  correlationMatrix,
  correlationSigns,
  linearCMI,
  linearGaussianTable,
  linearMI,
  miSolution,
  miSolutionAtLambda,
  mmdPenaltyOfCorrelation,
  optimalReadout,
  readoutVE,
  validateLinearGaussian,
  worstCaseVE,
} from './theory.ts';
export type { LinearGaussianSpec, LinearSolution } from './theory.ts';
export { FUNKE_OBJECTIVES, funkeLearner, mmdTensor, stopGradient, validateAttributeData } from './learner.ts';
export type { FunkeLearnerConfig, FunkeObjective } from './learner.ts';
export { diagonalEncoder, factorsOfX, halfScore, miEncoder, mixingEncoder, wienerEncoder } from './oracle.ts';
export { BLOCK_CHECK_ROWS, FUNKE_LEARNER_SLOT, evaluateEncoder, evaluationArtifacts, evaluationDetails, factorsOf, gaussianPenalty, runFunkeTrial } from './trial.ts';
export type { EvaluateOptions, FunkeEvaluation, FunkeTrial, ShiftScore } from './trial.ts';
export { defaultShiftCases, shiftFigureSpec, shiftLatex, shiftStudy, shiftTableMarkdown } from './shift.ts';
export type { ShiftCase, ShiftPoint, ShiftRow, ShiftStudy } from './shift.ts';
