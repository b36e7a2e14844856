import theorem from '../theorems/ahuja2022-hypothesis-exact.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
