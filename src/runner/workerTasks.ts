/** What a pool worker does: load the backend and the theorems once, then execute tasks. */
import { workerData } from 'node:worker_threads';
import { initBackend } from '../tfjs/backend.ts';
import { combineTheorems, loadTheoremModules } from '../theorem/registry.ts';
import type { TheoremSpec } from '../theorem/types.ts';
import { executeTask, type Task } from './tasks.ts';

let ready: Promise<TheoremSpec[]> | null = null;

async function setup(): Promise<TheoremSpec[]> {
  const { suiteModules, modules, backend } = (workerData ?? {}) as { suiteModules?: string[]; modules?: string[]; backend?: string };
  await initBackend(backend);
  return combineTheorems(await loadTheoremModules(suiteModules ?? []), await loadTheoremModules(modules ?? []));
}

export async function handleTask(task: Task): Promise<unknown> {
  const theorems = await (ready ??= setup());
  return executeTask(task, theorems);
}
