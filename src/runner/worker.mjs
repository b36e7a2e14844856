// Worker-pool entry (piscina). In the installed package this file sits beside the compiled workerTasks.js
// and imports it directly; in a source checkout it sits beside workerTasks.ts and registers tsx first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('./workerTasks.ts', import.meta.url);
let tasks;
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  register();
  tasks = await import(source.href);
} else {
  tasks = await import(new URL('./workerTasks.js', import.meta.url).href);
}
export default tasks.handleTask;
