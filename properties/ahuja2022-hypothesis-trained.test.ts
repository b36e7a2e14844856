import theorem from '../theorems/ahuja2022-hypothesis-trained.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
