import theorem from '../theorems/funke2022-trained.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
