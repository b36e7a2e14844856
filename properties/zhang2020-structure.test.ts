import theorem from '../theorems/zhang2020-structure.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
