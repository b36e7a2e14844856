/**
 * The README's "Regression mode and your own learner" examples, kept here so they type-check (tsc covers tests/)
 * and run. `README` holds the verbatim example (a built-in theorem, skipped at run time: its trained properties
 * train for minutes); `fixture` runs the same code on the tiny fixture theorem.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLearner, latentcheckMatchers } from 'latentcheck/testing';
import type { Learner, LearnerRun } from 'latentcheck/testing';
import { linearTheorem } from './fixtures.ts';

// ---- README: my-learner.ts ----
export const myLearner: Learner = {
  name: 'my-learner',
  objective: 'E‖f(x′) − m_k(f(x))‖² + ‖Cov f(x) − I‖²',
  fit(data, seeds) {
    // Train on data.x, data.xNext (and data.index when the theorem gives mechanism labels),
    // drawing initialisation and batches from seeds.init and seeds.batching. Here: a random linear map.
    const d = data.x[0].length;
    const w = seeds.init.normalMatrix(d, d);
    return {
      encode: (x) => x.map((row) => w.map((wi) => wi.reduce((s, v, j) => s + v * row[j], 0))),
      train: { steps: 0, curve: [], finalLoss: 0, stoppedBy: 'steps', wallMs: 0 },
      learned: {},
      dispose() {},
    };
  },
};

// ---- README: my-learner.test.ts ----
expect.extend(latentcheckMatchers);

const BASELINE = 'baselines/my-learner.json';

describe.skip('README: my learner', () => {
  it('recovers the latents up to the linear centralizer, and does not regress', async () => {
    const run = await checkLearner('ahuja2022.known.trained', myLearner, { seed: 1, profile: 'quick' });
    expect(run).toBeIdentifiedUpTo('centralizer');
    if (!existsSync(BASELINE)) writeFileSync(BASELINE, JSON.stringify(run, null, 2)); // first run: record the baseline
    else expect(run).toNotRegressFrom(BASELINE);
  }, 600_000);
});
// ---- end of README ----

describe('the README example, on the fixture theorem', () => {
  it('runs: identified up to affine, a baseline recorded, then no regression from it', async () => {
    const baseline = join(mkdtempSync(join(tmpdir(), 'latentcheck-readme-')), 'my-learner.json');
    for (let round = 0; round < 2; round++) {
      const run: LearnerRun = await checkLearner(linearTheorem, myLearner, { seed: 1, profile: 'quick' });
      expect(run).toBeIdentifiedUpTo('affine');
      if (!existsSync(baseline)) writeFileSync(baseline, JSON.stringify(run, null, 2));
      else expect(run).toNotRegressFrom(baseline);
    }
  });
});
