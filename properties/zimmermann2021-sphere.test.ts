import theorem from '../theorems/zimmermann2021-sphere.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
