import theorem from '../theorems/matthes2023-trained.ts';
import { checkTheorem } from './harness.ts';

checkTheorem(theorem);
