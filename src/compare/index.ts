/** Regression mode: compare two runs property by property (Fisher exact, Mann–Whitney, Holm). */
export { compareRuns, badness, hodgesLehmann, fmtP, sideSummary, COMPARISON_SCHEMA, MIN_RANK_VALUES } from './compare.ts';
export type { ChangeStatus, ChangeTest, Comparison, CompareOptions, PropertyChange, PropertySide, RunInfo } from './compare.ts';
export { loadComparable, validateComparable, RESULTS_SCHEMA, LEARNER_RUN_SCHEMA } from './load.ts';
export type { ComparableRun } from './load.ts';
export { formatComparison, formatComparisonMarkdown, formatComparisonText } from './format.ts';
export { diffRuns, formatRunDiff } from './identical.ts';
export type { DiffOptions, RunDiff, RunDifference } from './identical.ts';
