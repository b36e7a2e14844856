/**
 * Theorem specifications. A theorem file in `theorems/` reads like the paper: citation, assumptions,
 * learner objective, predicted class, controls, tolerances (each with why), and the properties that
 * make the claim executable. The runner and CLI only ever see these types.
 */
import type fc from 'fast-check';
import type { ProfileName } from './profile.ts';
import type { SuccessRule } from '../stats/rule.ts';
import type { Learner } from '../learners/types.ts';
import type { EquivalenceClass } from '../classes/types.ts';

/**
 * What the runner hands a check besides the world. `learner` replaces the property's own learner
 * (a user's learner plugged into the theorem); properties that train must use `ctx.learner ?? theirs`
 * when the learner's data shape fits, and say in `learnerSlot` what they feed it.
 */
export interface CheckContext {
  learner?: Learner<any>;
  /**
   * Re-run number of this world (0 first). A re-run keeps the world (data, mixing) and draws fresh
   * optimiser seeds, to tell a real counterexample from optimiser noise; pass it to `fitTrial`.
   */
  attempt?: number;
}

/** Bibliographic reference of the result being checked. */
export interface Citation {
  authors: string;
  year: number;
  title: string;
  venue?: string;
  /** Where in the paper (theorem number, section). */
  where?: string;
}

/** A named assumption. `toConfirm` marks a reconstruction that could not be checked against the paper. */
export interface Assumption {
  id: string;
  statement: string;
  toConfirm?: boolean;
}

/** A numerical tolerance with the reason for its value. */
export interface Tolerance {
  value: number;
  why: string;
}

/** Data a trial hands to the report's plots (kept small: a few hundred rows, a few hundred curve points). */
export interface TrialArtifacts {
  /**
   * True latents and recovered latents after the best map of the predicted class (same rows, same
   * columns), for the "true vs recovered" scatter plot.
   */
  latents?: { z: number[][]; mapped: number[][]; className: string };
  /** Training loss curves: [step, loss] points, one curve per training run of the trial. */
  curves?: { label: string; points: [number, number][] }[];
  /**
   * Small labelled matrices drawn as heat maps (e.g. the block R² matrix, true blocks × learned blocks, or a learned
   * vs true mask): values[i][j] for row i, column j; `range` fixes the colour scale (default [0, 1]).
   */
  matrices?: TrialMatrix[];
}

/** One heat-map matrix of a trial (see TrialArtifacts.matrices). */
export interface TrialMatrix {
  title: string;
  rowLabels: string[];
  colLabels: string[];
  values: number[][];
  range?: [number, number];
}

/** What one trial (one sampled world) measured. */
export interface TrialOutcome {
  /** Whether the trial satisfies the property. */
  pass: boolean;
  /** The property's statistic (e.g. the normalised loss). */
  statistic: number;
  /** Other numbers worth reporting for this trial. */
  details?: Record<string, number | string | boolean>;
  /** Plot data (optional; trained properties should provide it). */
  artifacts?: TrialArtifacts;
}

/**
 * Training-free stand-ins for a trained property's learner, used to calibrate its check: the same
 * success criterion applied to latents from an encoder known to be in the predicted class (with
 * estimation noise of the size training leaves) and from one known to be outside it.
 */
export interface OracleControls<World = any> {
  /** The check on an in-class oracle encoder: should pass (its failures measure the false-failure rate). */
  positive(world: World, profile: ProfileName): TrialOutcome;
  /** The check on an out-of-class encoder: should fail (its failures measure the power). */
  negative(world: World, profile: ProfileName): TrialOutcome;
}

/** How the statistic is compared with its threshold. */
export type Direction = 'at-most' | 'at-least' | 'equal';

/** Role of a property within its theorem. */
export type PropertyRole = 'positive' | 'negative-control' | 'worked-example';

/**
 * What `latentcheck identify` needs from a trained property besides its check: the class the theorem predicts
 * for this property's learner, and the theorem's own classes on a world (e.g. the linear centralizer of the
 * world's mechanisms), which join the lattice of generic classes.
 */
export interface IdentifySpec<World = any> {
  /** Predicted class: a class id of the registry (`CLASS_IDS`), 'none' (the theory predicts nothing is identified), or null (the theory states no class: identify reports what it observes, with no verdict; the world-specific classes still join the lattice). */
  predicted: string | null;
  /** Classes that depend on the world (a centralizer of its mechanisms, a block class with its block sizes); each id must be a registry id (`CLASS_IDS` or `block`); their inclusions beyond `CLASS_INCLUSIONS` are measured per world. */
  classes?(world: World, profile: ProfileName): EquivalenceClass[];
}

/** One executable property of a theorem: an arbitrary of worlds and a check of one world. */
export interface PropertySpec<World = any> {
  id: string;
  /** `exact`: training-free; `trained`: involves stochastic optimisation. */
  kind: 'exact' | 'trained';
  role: PropertyRole;
  /** One sentence: what must hold for every sampled world. */
  statement: string;
  /** Name of the statistic, e.g. 'normalised known-mechanism loss'. */
  statisticName: string;
  /** Threshold the statistic is compared with, and in which direction. */
  threshold: number;
  direction: Direction;
  /**
   * Exact properties: number of sampled worlds per profile; every one must pass (a failure is shrunk).
   * Give either `numRuns` (exact) or `rule` (trained).
   */
  numRuns?: Record<ProfileName, number>;
  /**
   * Trained properties: the success rule per profile ("at least k of n trials", with the rate the theory
   * claims). Each trial is one sampled world (its seeds included); all trials run, then the rule decides.
   */
  rule?: Record<ProfileName, SuccessRule>;
  /** Trained properties: oracle positive / negative controls of the check (see OracleControls). */
  oracle?: OracleControls<World>;
  /** Worlds to sample (pure: everything random derives from values fast-check draws). */
  arbitrary(profile: ProfileName): fc.Arbitrary<World>;
  /** Evaluate one world. May throw; a throw counts as a failure and is reported. */
  check(world: World, profile: ProfileName, ctx?: CheckContext): TrialOutcome;
  /** Trained properties that accept a plugged-in learner: what it is trained on, in words (e.g. 'PairData from mechanismPairs'). */
  learnerSlot?: string;
  /** Short JSON-safe description of a world, for counterexamples and replay. */
  describeWorld(world: World): unknown;
  /** Trained properties: the predicted class and world-specific classes for `identify`. */
  identify?: IdentifySpec<World>;
}

/** A theorem: the paper's claim and the properties that check it. */
export interface TheoremSpec {
  /** Stable id, e.g. `ahuja2022.known-linear.exact`. */
  id: string;
  title: string;
  citation: Citation;
  /** The claim in one or two sentences, as the paper states it. */
  claim: string;
  assumptions: Assumption[];
  learner: { name: string; objective: string };
  /** The predicted equivalence class, in words (and class id when one exists). */
  predictedClass: { name: string; classId?: string };
  /** Negative controls, in words. */
  controls: string[];
  tolerances: Record<string, Tolerance>;
  properties: PropertySpec[];
}
