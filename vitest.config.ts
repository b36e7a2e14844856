import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `latentcheck`, `latentcheck/testing` and `latentcheck/testing/setup` resolve to the sources here (the package's
 * exports point at the compiled dist/, which a fresh clone does not have; tsconfig.json's `paths` say the same).
 */
const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const resolve = {
  alias: [
    { find: /^latentcheck\/testing\/setup$/, replacement: source('./src/testing/setup.ts') },
    { find: /^latentcheck\/testing$/, replacement: source('./src/testing/index.ts') },
    { find: /^latentcheck$/, replacement: source('./src/index.ts') },
  ],
};

/**
 * Two projects:
 * - `unit`: fast unit tests of the engine (`tests/`); fast-check draws from a fixed seed (FC_SEED, default
 *   20221; FC_SEED=random explores: tests/setup/fast-check-seed.ts).
 * - `theory`: the theorem suite in its quick profile (`properties/`), driven by the same runner as the CLI.
 */
export default defineConfig({
  test: {
    // One test file per core (vitest's default leaves one core free: on CI's 2 cores that ran every file in turn).
    // The files are independent (each its own process, own temp dirs and Redis port), so they can share the machine.
    maxWorkers: Math.max(1, Number(process.env.VITEST_MAX_WORKERS ?? availableParallelism())),
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          setupFiles: ['tests/setup/fast-check-seed.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        test: {
          name: 'theory',
          include: ['properties/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
          env: { LATENTCHECK_PROFILE: process.env.LATENTCHECK_PROFILE ?? 'quick' },
        },
      },
    ],
  },
});
