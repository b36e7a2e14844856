/** CLI commands printed with results (so a reader can replay what they see). */
import type { ProfileName } from '../theorem/profile.ts';

/** The CLI command that replays world `path` of a property under its fast-check seed. */
export function replayCommand(theoremId: string, propertyId: string, seed: number, path: string, profile: ProfileName): string {
  return `latentcheck replay ${theoremId} ${propertyId} --seed ${seed} --path ${path} --profile ${profile}`;
}
