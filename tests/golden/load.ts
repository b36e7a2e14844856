/**
 * Loader of the golden reference files in `tests/golden/` (copies of the NumPy/SciPy/scikit-learn
 * references of `../shared/golden/`, kept in the repository so that it is self-contained).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `tests/golden/` in this repository. */
export const goldenDir = path.dirname(fileURLToPath(import.meta.url));

/** Repository root. */
export const repoRoot = path.resolve(goldenDir, '..', '..');

/** The shared originals beside the repository root (may not exist). */
export const sharedGoldenDir = path.resolve(repoRoot, '..', 'shared', 'golden');

/** The golden files this repository carries. */
export const goldenFiles = ['metrics.json', 'assignment.json', 'cmi.json', 'centralizer.json'] as const;

/** Parse `tests/golden/<name>` (the `.json` extension may be omitted). The caller states the shape. */
export function loadGolden<T = unknown>(name: string): T {
  const file = name.endsWith('.json') ? name : `${name}.json`;
  return JSON.parse(readFileSync(path.join(goldenDir, file), 'utf8')) as T;
}

export interface MetricsGoldenCase {
  name: string;
  z: number[][];
  zhat: number[][];
  mccPearson: number;
  mccSpearman: number;
  matchingPearson: number[];
  linearR2: number;
  orthogonalResidual: number;
}

export interface MetricsGolden {
  definitions: string;
  cases: MetricsGoldenCase[];
}

export interface AssignmentGoldenCase {
  cost: number[][];
  minCost: number;
}

export interface CmiGoldenCase {
  z1: number[][];
  z2: number[][];
  a: number[];
  mixing_b: number;
  gaussianCMI: number;
}

export interface CentralizerGoldenCase {
  name: string;
  mechanisms: number[][][];
  centralizerDim: number;
}
