/** Load a plugged-in learner from a module (`--learner-module FILE`). */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { Learner } from '../learners/types.ts';

/**
 * Import a TypeScript or JavaScript module exporting a learner (an object with `name`, `objective` and
 * `fit(data, seeds)`) as `default` or `learner`. Throws `InputError('learner-module', path, …)` otherwise.
 */
export async function loadLearnerModule(path: string): Promise<Learner<any>> {
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(resolve(path)).href);
  } catch (e) {
    throw new InputError('learner-module', path, `an importable learner module (${e instanceof Error ? e.message : String(e)})`);
  }
  const l = (mod.learner ?? mod.default) as Partial<Learner> | undefined;
  if (!l || typeof l !== 'object' || typeof l.fit !== 'function' || typeof l.name !== 'string')
    throw new InputError('learner-module', path, "a module exporting a learner { name, objective, fit(data, seeds) } as 'default' or 'learner'");
  return l as Learner<any>;
}
