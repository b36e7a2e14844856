import theorem from '../theorems/ahuja2022-known-linear.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
