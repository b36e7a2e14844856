// Worker-pool entry (piscina): registers tsx so the TypeScript sources load, then hands tasks to workerTasks.ts.
import { register } from 'tsx/esm/api';

register();
const { handleTask } = await import('./workerTasks.ts');
export default handleTask;
