import theorem from '../theorems/zhang2020-trained.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
