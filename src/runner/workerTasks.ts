/** What a pool worker does: load the backend and the theorems once, then execute tasks. */
import { workerData } from 'node:worker_threads';
import { initBackend } from '../tfjs/backend.ts';
import { listTheorems, loadTheoremModule } from '../theorem/registry.ts';
import type { TheoremSpec } from '../theorem/types.ts';
import { executeTask, type Task } from './tasks.ts';

let ready: Promise<TheoremSpec[]> | null = null;

async function setup(): Promise<TheoremSpec[]> {
  const { modules, backend } = (workerData ?? {}) as { modules?: string[]; backend?: string };
  await initBackend(backend);
  const extra: TheoremSpec[] = [];
  for (const m of modules ?? []) extra.push(...(await loadTheoremModule(m)));
  return listTheorems(extra);
}

export async function handleTask(task: Task): Promise<unknown> {
  const theorems = await (ready ??= setup());
  return executeTask(task, theorems);
}
