/**
 * The built-in theorem suite, bound to the registry: the composition root of the entry points (the CLI, the
 * testing helpers, the public API). Nothing below this module imports `theorems/`; pool and queue workers load the
 * suite by its module URL (`BUILTIN_SUITE_MODULE`), the same way they load a user's `--module`.
 */
import { builtinTheorems } from '../theorems/index.ts';
import { combineTheorems, findTheorem } from './theorem/registry.ts';
import type { TheoremSpec } from './theorem/types.ts';
import { runSuite as runSuiteWith } from './runner/runSuite.ts';
import type { SuiteOptions } from './runner/runSuite.ts';
import type { SuiteResult } from './runner/types.ts';
import { startWorker as startWorkerWith } from './runner/queue/worker.ts';
import type { WorkerHandle, WorkerOptions } from './runner/queue/worker.ts';

/** File URL of the built-in suite's module (`theorems/index`; `.ts` in a source checkout, `.js` when compiled). */
export const BUILTIN_SUITE_MODULE: string = new URL(`../theorems/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

/** The built-in theorem suite, in run order, then `extra` (a repeated id is an error). */
export function listTheorems(extra: TheoremSpec[] = []): TheoremSpec[] {
  return combineTheorems(builtinTheorems, extra);
}

/** Look a theorem up by id among the built-in suite and `extra`; an unknown id is an error that lists the known ones. */
export function getTheorem(id: unknown, extra: TheoremSpec[] = []): TheoremSpec {
  return findTheorem(listTheorems(extra), id);
}

/** `runSuite` whose pool workers know the built-in suite (unless `suiteModules` says otherwise). */
export function runSuite(theorems: TheoremSpec[], opts: SuiteOptions): Promise<SuiteResult> {
  return runSuiteWith(theorems, { ...opts, suiteModules: opts.suiteModules ?? [BUILTIN_SUITE_MODULE] });
}

/** `startWorker` that runs jobs of the built-in suite too (unless `suiteModules` says otherwise). */
export function startWorker(o: WorkerOptions): Promise<WorkerHandle> {
  return startWorkerWith({ ...o, suiteModules: o.suiteModules ?? [BUILTIN_SUITE_MODULE] });
}
