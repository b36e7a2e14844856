/** Vitest setup file: registers the latentcheck matchers (`setupFiles: ['latentcheck/testing/setup']`). */
import { expect } from 'vitest';
import { latentcheckMatchers } from './matchers.ts';

expect.extend(latentcheckMatchers);
