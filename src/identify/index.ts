/** `identify`: the finest class a learner identifies on a theorem's worlds, with evidence both ways (see identify.ts). */
export {
  identifyProperty,
  identifyWorld,
  decideIdentify,
  measureLatents,
  trialInside,
  trainedProperties,
  identifyReplayCommand,
  DEFAULT_TOLERANCE,
  DEFAULT_SHARE,
  DEFAULT_TRIALS,
  DEFAULT_SEEDS,
  DEFAULT_IDENTIFY_SHRINK_BUDGET,
} from './identify.ts';
export type { IdentifyOptions } from './identify.ts';
export { buildLattice, coveringPairs, latticeContains, strictlyFiner, assertLatticeId, NONE_ID, LATTICE_IDS, GENERIC_CLASS_IDS } from './lattice.ts';
export type { LatticeNode } from './lattice.ts';
export { identifyMarkdown, identifyOverviewMarkdown, identifyLatex, identifyJson, verdictLabel } from './format.ts';
export { latticeSpec, renderLattice } from './figure.ts';
export { writeIdentifyReport, identifyDocument } from './write.ts';
export { loadLearnerModule } from './learnerModule.ts';
export { oracleLearner, oracleProperty, oracleTheorem, oracleMechanisms, ORACLE_SAMPLES } from './oracle.ts';
export type { OracleKind, OracleWorld, OraclePropertyOptions } from './oracle.ts';
export type * from './types.ts';
