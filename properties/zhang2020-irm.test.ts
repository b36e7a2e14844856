import theorem from '../theorems/zhang2020-irm.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
