import { defineConfig } from 'vitest/config';

/**
 * Two projects:
 * - `unit`: fast unit tests of the engine (`tests/`); fast-check draws from a fixed seed (FC_SEED, default
 *   20221; FC_SEED=random explores: tests/setup/fast-check-seed.ts).
 * - `theory`: the theorem suite in its quick profile (`properties/`), driven by the same runner as the CLI.
 */
export default defineConfig({
  test: {
    projects: [
      {
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
