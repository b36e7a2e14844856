/**
 * The Funke et al. (2022) correlation-shift picture and table: per process and objective, VE / accuracy against
 * the test correlation (SVG + PNG in OUT/figures/), the table in OUT/funke2022-shift.md and a LaTeX appendix
 * fragment OUT/funke2022-shift.tex (booktabs table + figures), and the raw points in OUT/funke2022-shift.json.
 *
 *   node --import tsx scripts/funke-shift.ts [--profile quick|full] [--seeds N] [--out DIR] [--seed S] [--only LABEL]
 *   node --import tsx scripts/funke-shift.ts --from OUT/funke2022-shift.json [--out DIR]   (re-draw, no training)
 *
 * Everything is seeded (default seed 20221); the same arguments give the same numbers on the same backend.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../src/tfjs/backend.ts';
import { renderSvg, safeName, svgToPng } from '../src/report/plots.ts';
import { defaultShiftCases, shiftFigureSpec, shiftLatex, shiftStudy, shiftTableMarkdown } from '../src/funke/shift.ts';
import { LAMBDA, RHO_TRAIN } from '../theorems/funke2022-trained.ts';
import { InputError } from '../src/core/errors.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const profile = arg('profile', 'quick');
if (profile !== 'quick' && profile !== 'full') throw new InputError('--profile', profile, 'quick or full');
const seeds = Number(arg('seeds', profile === 'full' ? '5' : '3'));
if (!Number.isInteger(seeds) || seeds < 1) throw new InputError('--seeds', seeds, 'a positive integer');
const out = arg('out', 'report');
const seed = Number(arg('seed', '20221'));
const only = arg('only', '');

const from = arg('from', '');
await initBackend();
const t0 = performance.now();
const saved = from ? (JSON.parse(readFileSync(from, 'utf8')) as ReturnType<typeof shiftStudy>) : null;
const cases = defaultShiftCases(profile).filter((c) => (only === '' || c.label.includes(only)) && (!saved || saved.rows.some((r) => r.process === c.label)));
const study = saved ?? shiftStudy(cases, {
  objectives: ['base', 'mi', 'cmi'],
  seeds,
  rhoGrid: [-1, -0.8, -0.4, 0, 0.4, 0.8, 1],
  testCount: profile === 'full' ? 4000 : 2000,
  lambda: LAMBDA,
  seed,
  onProgress: (m) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0)} s] ${m}`),
});
mkdirSync(join(out, 'figures'), { recursive: true });
const figures: { label: string; file: string }[] = [];
for (const c of cases) {
  const name = `funke2022-shift--${safeName(c.label)}`;
  const svg = await renderSvg(shiftFigureSpec(study, c.label));
  writeFileSync(join(out, 'figures', `${name}.svg`), svg);
  writeFileSync(join(out, 'figures', `${name}.png`), svgToPng(svg));
  figures.push({ label: c.label, file: `figures/${name}.png` });
}
const header = `Funke et al. (2022), trained at ρ = ${RHO_TRAIN}, λ = ${LAMBDA}, profile ${profile}, ${seeds} seed(s), run seed ${seed}; medians over seeds.\n\n`;
writeFileSync(join(out, 'funke2022-shift.md'), header + shiftTableMarkdown(study) + '\n');
writeFileSync(join(out, 'funke2022-shift.tex'), shiftLatex(study, figures));
writeFileSync(join(out, 'funke2022-shift.json'), JSON.stringify({ profile, seeds, seed, ...study }, null, 1));
console.log(shiftTableMarkdown(study));
console.log(`wrote ${out}/funke2022-shift.{md,tex,json} and ${figures.length} figure(s) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
