import theorem from '../theorems/feige2019-exact.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
