import theorem from '../theorems/matthes2023-exact.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
