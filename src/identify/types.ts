/** Records of `identify`: what a learner identifies on a theorem's worlds, JSON-safe (written to identify.json). */
import type { ProfileName } from '../theorem/profile.ts';

/** Median and range of a distance over trials (null when no trial measured it). */
export interface DistanceSummary {
  median: number | null;
  min: number | null;
  max: number | null;
}

/** One world: the class distances of every seed's map h_s (z → ẑ_s) and of the seed-to-seed maps. */
export interface IdentifyTrial {
  index: number;
  /** fast-check path of the world ('3'; a shrunk world '3:0:1'). */
  path: string;
  world: unknown;
  /** Latent dimension d. */
  dim: number;
  /** The property's own check on this world (the learner's first seed), as the runner would record it. */
  check: { pass: boolean; statistic: number | null } | null;
  /** distance[classId][s]: unexplained variance of ẑ_s by the best map of the class from z. */
  distance: Record<string, number[]>;
  /** seedDistance[classId][s − 1]: unexplained variance of ẑ_s by the best map of the class from ẑ_0. */
  seedDistance: Record<string, number[]>;
  /** The check threw or the latents could not be fitted. */
  error?: string;
  wallMs: number;
}

/** Evidence on one class of the lattice, over the trials. */
export interface ClassEvidence {
  id: string;
  name: string;
  /** Trials in which every seed's h is inside the class (distance ≤ tolerance), of `trials` measured. */
  inside: number;
  trials: number;
  /** inside / trials, with its two-sided 95% Clopper–Pearson interval. */
  share: number;
  interval95: [number, number];
  /** Per trial the largest distance over seeds: median [min, max] over trials (upper evidence: how far inside). */
  distance: DistanceSummary;
  /**
   * Trials in which two seeds on the same world differ by a map outside the class (seed-to-seed distance
   * > tolerance): the learner leaves that freedom (tightness), it is not only an optimiser failure.
   */
  seedsDisagree: number;
  seedsDisagreeShare: number;
  seedsDisagreeInterval95: [number, number];
  seedDistance: DistanceSummary;
  /** Where the class stands: one of the finest classes containing h, a coarser one, or excluded (finer, or not comparable). */
  status: 'finest' | 'contains' | 'excluded';
}

/** The verdict against the theorem's predicted class. */
export type IdentifyVerdict = 'agrees' | 'narrower' | 'wider' | 'no-prediction';

/** A world on which h leaves the predicted class, replayable (and shrunk when confirmed on a re-run). */
export interface IdentifyCounterexample {
  /** Run seed and fast-check path: `latentcheck identify … --seed S --path P` replays the world. */
  seed: number;
  propertySeed: number;
  path: string;
  world: unknown;
  /** Largest distance to the predicted class over the seeds. */
  distance: number;
  /** Re-run with fresh optimiser seeds: `confirmed` if h is outside again, else `optimiser-noise`; absent without a re-run. */
  status?: 'confirmed' | 'optimiser-noise';
  rerunDistance?: number;
  shrinks: number;
  evaluations: number;
  replay: string;
}

/** What `identify` found for one trained property: per-class evidence over worlds and seeds, the finest class, and the verdict against the prediction. */
export interface IdentifyResult {
  schema: 'latentcheck/identify@1';
  theoremId: string;
  propertyId: string;
  statement: string;
  profile: ProfileName;
  /** Run seed; the worlds are the property's trials under `latentcheck run --seed` (trial i = path i). */
  seed: number;
  propertySeed: number;
  /** Learner trained: the property's own, or the plugged-in one's name. */
  learner: string;
  /** Worlds (N) and training seeds per world. */
  trials: number;
  seeds: number;
  /** A map is inside a class when its distance is ≤ tolerance; a class contains h when it does so in ≥ share of trials. */
  tolerance: number;
  share: number;
  /** Lattice in order (finest first, `none` last) with the covering pairs [finer, coarser] the figure draws. */
  classes: ClassEvidence[];
  edges: [string, string][];
  /** Inclusions [finer, coarser] of world-specific classes measured by sampling members (`measureInclusions`). */
  inclusions?: [string, string][];
  /** The minimal classes containing h in ≥ share of trials (one id when the finest class is unique). */
  finest: string[];
  predicted: string | null;
  verdict: IdentifyVerdict;
  /** One sentence explaining the verdict. */
  explanation: string;
  counterexample?: IdentifyCounterexample;
  trialRecords: IdentifyTrial[];
  timing: { wallMs: number };
}
