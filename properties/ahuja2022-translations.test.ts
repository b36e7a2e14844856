import theorem from '../theorems/ahuja2022-translations.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
