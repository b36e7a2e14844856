import theorem from '../theorems/feige2019-trained.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
