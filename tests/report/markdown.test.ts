import { describe, expect, it } from 'vitest';
import { markdownSummary } from '../../src/report/markdown.ts';
import type { FigureIndex } from '../../src/report/markdown.ts';
import { fixtureSuite } from './fixture.ts';

const INDEX: FigureIndex = {
  figures: [
    { name: 'T1--statistic', kind: 'statistic', theoremId: 'fixture2024.known_linear.exact', caption: 'stat one', svg: 'figures/T1--statistic.svg', png: 'figures/T1--statistic.png' },
    {
      name: 'T2--p--latents',
      kind: 'latents',
      theoremId: 'fixture2024.trained',
      propertyId: 'permutation-scaling-recovered',
      caption: 'latents',
      svg: 'figures/T2--p--latents.svg',
      png: 'figures/T2--p--latents.png',
    },
  ],
  notes: ['No font was found.'],
  renderers: { vega: '6.4.0', 'vega-lite': '6.4.3', '@resvg/resvg-js': '2.6.2' },
};

describe('Markdown report', () => {
  const r = fixtureSuite();
  const md = markdownSummary(r, INDEX);

  it('the summary table has one row per property, with median [IQR] and the success interval', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| fixture2024.'));
    expect(rows.length).toBe(r.summary.properties);
    expect(rows[0]).toContain('4.04e-15 [1.44e-15, 5.67e-15]');
    expect(rows[1]).toContain('6/7 of 20 (stopped at the first failure)');
    expect(rows[3]).toContain('6/8 (95% CI 0.45–0.95; need ≥ 5)');
    expect(rows[4]).toContain('**FAIL**');
    // A `|` in a statistic name is escaped, so the row keeps its 8 cells.
    expect(rows[2].split(/(?<!\\)\|/).length).toBe(10);
  });

  it('per theorem: claim, assumptions (with the to-confirm mark), predicted class, verdict and statistic figure', () => {
    expect(md).toContain('**Claim.** If ‖m_k(z) − z‖² ≤ ε');
    expect(md).toContain('- **A1_linear.** Mechanisms mₖ(z) = Mₖz are linear and known');
    expect(md).toContain('- **A2.** The mixing g: ℝⁿ → ℝⁿ is injective (50% of runs use a leaky-ReLU MLP). *(reconstructed; to confirm against the paper)*');
    expect(md).toContain('**Predicted class.** linear centralizer of the mechanisms (A ⊕ B, σ ≥ 0)');
    expect(md).toContain('**Verdict.** **FAIL**: 2 of 3 properties passed.');
    expect(md).toContain('![stat one](figures/T1--statistic.svg)');
  });

  it('per property: statistic with IQR, success rate with interval, binomial test, seeds, replay and figure links', () => {
    expect(md).toContain('median 0.027, IQR [0.023, 0.0325], range [0.018, 0.15] over 7 values (1 trial without a value); threshold ≤ 0.1.');
    expect(md).toContain('- **Success rate**: 6 of 8 trials (0.75), 95% Clopper–Pearson interval [0.45, 0.95]');
    expect(md).toContain('p = 0.0021 (range 9.00e-4–0.0021 over the possible completions); Holm adjustment across the suite at α = 0.05: **rejected**; stopped early');
    expect(md).toContain('- **Seeds**: property seed 987654321 (fast-check; derived from run seed 20221');
    expect(md).toContain('replay with `latentcheck replay fixture2024.known_linear.exact non-member-loss-positive --seed 1234567 --path 6:0:1 --profile quick`');
    expect(md).toContain('- **Figures**: [true vs recovered latents](figures/T2--p--latents.svg) ([PNG](figures/T2--p--latents.png)).');
    expect(md).toContain('6 of 7 evaluated worlds passed (of 20 requested; the run stops at the first failure, then shrinks it in 3 steps)');
  });

  it('a figure index, the notes, and a provenance block', () => {
    expect(md).toContain('| T2--p--latents | latents | [SVG](figures/T2--p--latents.svg) · [PNG](figures/T2--p--latents.png) |');
    expect(md).toContain('> No font was found.');
    expect(md).toContain('| git commit | `0123456789abcdef0123456789abcdef01234567` |');
    expect(md).toContain('| backend | wasm (@tensorflow/tfjs-backend-wasm 4.22.0; SIMD on; tfjs 4.22.0; requested: auto) |');
    expect(md).toContain('| machine | linux x64, 2 CPUs (Intel(R) Xeon(R) CPU @ 2.20GHz) |');
    expect(md).toContain('| run seed | 20221');
    expect(md).toContain('| profile | quick |');
    expect(md).toContain('| figures rendered with | vega 6.4.0, vega-lite 6.4.3, @resvg/resvg-js 2.6.2 |');
  });

  it('works without figures, assumptions, quartiles, tests or values (older results)', () => {
    const old = fixtureSuite();
    for (const t of old.theorems) {
      delete t.assumptions;
      for (const p of t.properties) {
        delete p.statistic.q1;
        delete p.statistic.q3;
        delete p.test;
        delete p.values;
        delete p.outcomes;
      }
    }
    const text = markdownSummary(old);
    expect(text).toContain('| theorem | property |');
    expect(text).toContain('[range 0.62, 0.99]');
    expect(text).not.toContain('**Assumptions.**');
    expect(text).not.toContain('## Figures');
    expect(text).not.toContain('Binomial test');
  });
});
