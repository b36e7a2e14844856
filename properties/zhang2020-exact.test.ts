import theorem from '../theorems/zhang2020-exact.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
