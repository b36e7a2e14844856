/** The built-in theorem suite, in run order. Add a theorem by writing its file here and listing it below. */
import type { TheoremSpec } from '../src/theorem/types.ts';
import ahuja2022KnownLinear from './ahuja2022-known-linear.ts';
import ahuja2022Translations from './ahuja2022-translations.ts';

export const builtinTheorems: TheoremSpec[] = [ahuja2022KnownLinear, ahuja2022Translations];
