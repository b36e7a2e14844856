/** The shift study's outputs (src/funke/shift.ts) on a synthetic study: table, LaTeX fragment, figure renders. */
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/report/plots.ts';
import { shiftFigureSpec, shiftLatex, shiftTableMarkdown } from '../../src/funke/shift.ts';
import type { ShiftStudy } from '../../src/funke/shift.ts';

const study: ShiftStudy = {
  points: ['Base', 'Base+CMI', 'Base trained at ρ = 0'].flatMap((objective, o) =>
    [0, 1].flatMap((seed) => [-1, -0.8, 0, 0.8, 1].map((rho) => ({ process: 'linear-Gaussian d = 2', objective, seed, rho, score: 0.9 - (o === 0 ? 0.05 * (0.8 - rho) : 0) + 0.01 * seed }))),
  ),
  rows: [
    { process: 'linear-Gaussian d = 2', objective: 'Base', metric: 'VE', seeds: 2, train: 0.92, atMinus: 0.83, atZero: 0.876, atPlus: 0.92, worst: 0.83, cmi: 0.2 },
    { process: 'linear-Gaussian d = 2', objective: 'Base+CMI', metric: 'VE', seeds: 2, train: 0.909, atMinus: 0.905, atZero: 0.907, atPlus: 0.909, worst: 0.905, cmi: 0.01 },
  ],
};

describe('shift study outputs', () => {
  it('Markdown table: one row per objective, scores in %', () => {
    const md = shiftTableMarkdown(study);
    expect(md.split('\n')).toHaveLength(4);
    expect(md).toContain('| linear-Gaussian d = 2 | Base+CMI | VE % | 90.9 | 90.5 | 90.7 | 90.9 | 90.5 | 0.010 | 2 |');
  });
  it('LaTeX fragment is ASCII with a booktabs table and one figure per process', () => {
    const t = shiftLatex(study, [{ label: 'linear-Gaussian d = 2', file: 'figures/x.png' }]);
    expect(/^[\x00-\x7f]*$/.test(t)).toBe(true);
    expect(t).toContain('\\toprule');
    expect(t).toContain('\\includegraphics[width=0.8\\linewidth]{figures/x.png}');
  });
  it('the figure renders to SVG with the dashed reference line', async () => {
    const svg = await renderSvg(shiftFigureSpec(study, 'linear-Gaussian d = 2'));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('stroke-dasharray');
  });
});

describe('shift study runs', () => {
  it('a case that throws is recorded and the others are kept', async () => {
    const { initBackend } = await import('../../src/tfjs/backend.ts');
    const { shiftStudy } = await import('../../src/funke/shift.ts');
    await initBackend();
    const study = shiftStudy(
      [
        { label: 'bad', process: { kind: 'binary', d: 2, rho: 0.8, sigma2: -1 }, encoder: 'linear', count: 200, steps: 5 },
        { label: 'good', process: { kind: 'binary', d: 2, rho: 0.8, sigma2: 0.5 }, encoder: 'linear', count: 200, steps: 5 },
      ],
      { objectives: ['base'], seeds: 1, rhoGrid: [0], testCount: 200, lambda: 1, seed: 1 },
    );
    expect(study.errors?.length).toBe(2); // Base and the ρ = 0 reference of the bad case
    expect(study.errors?.[0].message).toMatch(/^process\.sigma2: /);
    expect(study.rows.map((r) => r.process)).toEqual(['good', 'good']);
  });
});
