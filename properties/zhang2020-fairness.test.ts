import theorem from '../theorems/zhang2020-fairness.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
