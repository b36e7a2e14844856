import theorem from '../theorems/ahuja2022-stochastic-trained.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
