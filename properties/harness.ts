/**
 * The theorem suite under vitest: one test per property, driven by the same runner as the CLI.
 * Seed: LATENTCHECK_SEED (default: the CLI's default seed); profile: LATENTCHECK_PROFILE (quick in CI).
 * A failure prints the counterexample and the command that replays it. Each trained property is
 * decided by its own rule, unadjusted (stricter than the CLI suite's Holm adjustment across properties).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runProperty } from '../src/runner/runProperty.ts';
import { DEFAULT_SEED } from '../src/runner/runSuite.ts';
import { resolveProfile } from '../src/theorem/profile.ts';
import { normaliseSeed } from '../src/rng/rng.ts';
import type { TheoremSpec } from '../src/theorem/types.ts';
import { initBackend } from '../src/tfjs/backend.ts';

export const SUITE_SEED = normaliseSeed(process.env.LATENTCHECK_SEED ? Number(process.env.LATENTCHECK_SEED) : DEFAULT_SEED, 'LATENTCHECK_SEED');
export const SUITE_PROFILE = resolveProfile(process.env.LATENTCHECK_PROFILE, 'LATENTCHECK_PROFILE');

/** Register one vitest test per property of `theorem`. */
export function checkTheorem(theorem: TheoremSpec): void {
  describe(`${theorem.id} (${theorem.citation.authors.split(',')[0]} ${theorem.citation.year})`, () => {
    // Same backend selection as the CLI (LATENTCHECK_BACKEND, default auto → wasm here).
    beforeAll(async () => {
      await initBackend();
    });
    for (const prop of theorem.properties) {
      it(`${prop.id} [${prop.kind}, ${prop.role}]`, () => {
        const r = runProperty(theorem, prop, { seed: SUITE_SEED, profile: SUITE_PROFILE });
        const message = r.counterexample
          ? `${prop.statement}\ncounterexample: ${JSON.stringify(r.counterexample.world)}\noutcome: ${JSON.stringify(r.counterexample.outcome)}\nreplay: ${r.counterexample.replay}`
          : prop.statement;
        expect(r.verdict, message).toBe('pass');
        // Exact: every world; trained: the curtailed test may stop once the pass is certain.
        if (prop.kind === 'exact') expect(r.trials).toBe(r.numRuns);
        else expect(r.trials).toBeLessThanOrEqual(r.numRuns);
      });
    }
  });
}
