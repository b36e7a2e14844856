/**
 * latentcheck: identifiability theorems of representation learning as executable, property-based checks.
 *
 * Data flow: world (generators) → dataset → learner/encoder → latents → class fit (classes, metrics)
 * → verdict (runner) → report. Each stage is a module below; the CLI and the vitest suite are thin
 * shells over `runSuite` / `runProperty`.
 */
export * from './core/errors.ts';
export type { Mat, Vec } from './core/matrix.ts';
export { Rng, deriveSeed, normaliseSeed, seedStreams } from './rng/rng.ts';
export type { SeedStreams } from './rng/rng.ts';
export * from './linalg/index.ts';
export * from './metrics/index.ts';
export * from './classes/index.ts';
export * from './generators/index.ts';
export { knownMechanismLoss } from './mechanisms/knownMechanism.ts';
export { defineTheorem } from './theorem/define.ts';
export type * from './theorem/types.ts';
export { PROFILES, resolveProfile } from './theorem/profile.ts';
// Theorem authoring kit: what a built-in theorem file uses, so a user theorem module is written the same way.
export { RULE_ALPHA, decideRule, describeRule, ruleByProfile, ruleFor, validateRule } from './stats/rule.ts';
export type { RuleVerdict, SuccessRule } from './stats/rule.ts';
export {
  ARTIFACT_CURVE_POINTS,
  ARTIFACT_ROWS,
  ORACLE_NOISE_SHARE,
  TRIAL_OPTIMISER,
  classArtifacts,
  farRotation,
  fitTrial,
  latentArtifacts,
  monotoneMapBack,
  oracleLatents,
  r4,
  recordLatents,
  subsampleCurve,
  trainStreams,
  trialCurves,
} from './theorem/trial.ts';
export type { ExtraSeedFit, TrialFit } from './theorem/trial.ts';
export { mechanismLearner, transitionLearner } from './mechanisms/learners.ts';
export type { MechanismKnowledge, MechanismLearnerConfig, TransitionLearnerConfig } from './mechanisms/learners.ts';
export type { ProfileName } from './theorem/profile.ts';
export { getProperty, loadTheoremModule } from './theorem/registry.ts';
export { listTheorems, getTheorem } from './suite.ts';
export { runProperty, replayProperty, propertySeed } from './runner/runProperty.ts';
export type { PropertyRunOptions, ReplayResult } from './runner/runProperty.ts';
export { DEFAULT_SEED } from './runner/runSuite.ts';
export { runSuite, startWorker } from './suite.ts';
export type { SuiteOptions, SuiteProgress } from './runner/runSuite.ts';
export { queueExecutor } from './runner/queue/executor.ts';
export type { QueueExecutor, QueueExecutorOptions, QueueStatus } from './runner/queue/executor.ts';
export type { WorkerOptions, WorkerHandle, WorkerStats } from './runner/queue/worker.ts';
export { parseRedisUrl } from './runner/queue/url.ts';
export type { RedisAddress } from './runner/queue/url.ts';
export { QueueUnreachableError, VersionMismatchError, JobRefusedError } from './runner/queue/errors.ts';
export { runAudit, auditFlag, DEFAULT_AUDIT_TRIALS, DEFAULT_AUDIT_SEED } from './audit/audit.ts';
export type { AuditResult, AuditEntry, AuditFlag, AuditOptions } from './audit/audit.ts';
export { writeAudit, auditMarkdown, auditLatex, auditFigureSpec } from './audit/report.ts';
export type * from './runner/types.ts';
export { writeReport, resultsJson } from './report/write.ts';
export { markdownSummary } from './report/markdown.ts';
export { initBackend, activeBackendInfo, resolveBackendRequest } from './tfjs/backend.ts';
export type { BackendInfo } from './tfjs/backend.ts';
export * from './groups/index.ts';
export * from './mechanisms/data.ts';
export { NOISE_ISOMETRY_ASSUMPTION, SIGMA_EQUAL_RTOL, isometryClassOfNoise } from './mechanisms/noiseClass.ts';
export type { NoiseIsometryClass } from './mechanisms/noiseClass.ts';
export { fisherExact } from './stats/fisher.ts';
export type { Alternative as TestAlternative, FisherResult, Table2x2 } from './stats/fisher.ts';
export { mannWhitneyU, midRanks } from './stats/rankTest.ts';
export type { MannWhitneyOptions, MannWhitneyResult } from './stats/rankTest.ts';
export { holmAdjust, adjustedPValues, rejections } from './stats/multiple.ts';
export { binomialPValue, criticalCount, sequentialState } from './stats/sequential.ts';
export { calibrateProperty } from './runner/calibration.ts';
export { latexSummary } from './report/latex.ts';
export { compareRuns, loadComparable, validateComparable, formatComparison, diffRuns, formatRunDiff } from './compare/index.ts';
export type { ChangeStatus, ChangeTest, Comparison, CompareOptions, ComparableRun, PropertyChange, DiffOptions, RunDiff, RunDifference } from './compare/index.ts';
export { checkLearner, replayLearnerTrial } from './testing/checkLearner.ts';
export type { CheckLearnerOptions } from './testing/checkLearner.ts';
export type { LearnerRun } from './testing/types.ts';
export type { Learner, FittedEncoder, LearnerSeeds, PairData } from './learners/types.ts';
export * from './contrastive/index.ts';
export * as feige from './feige/index.ts';
export * from './identify/index.ts';
export * from './funke/index.ts';
