/** Run profiles: `quick` (CI, small settings) and `full` (more trials, larger settings). */
import { InputError } from '../core/errors.ts';

export const PROFILES = ['quick', 'full'] as const;
/** Name of a run profile. */
export type ProfileName = (typeof PROFILES)[number];

/** Validate a profile name (from a flag or the LATENTCHECK_PROFILE variable). */
export function resolveProfile(value: unknown, field = 'profile'): ProfileName {
  if (value === undefined || value === null || value === '') return 'quick';
  if (typeof value === 'string' && (PROFILES as readonly string[]).includes(value)) return value as ProfileName;
  throw new InputError(field, value, `one of: ${PROFILES.join(', ')}`);
}
