import theorem from '../theorems/funke2022-exact.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
