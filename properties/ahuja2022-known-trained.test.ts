import theorem from '../theorems/ahuja2022-known-trained.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
