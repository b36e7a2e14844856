/**
 * Write a run's report folder:
 *   results.json   the suite result without plot data (stable key order, non-finite numbers as null);
 *   artifacts.json the plot data, keyed by theorem id then property id;
 *   summary.md     the Markdown report (see markdown.ts), linking the figures;
 *   summary.tex    the LaTeX fragment (see latex.ts);
 *   figures/       one SVG and one PNG per figure (see plots.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PropertyArtifacts, SuiteResult } from '../runner/types.ts';
import { packageVersion } from '../core/versions.ts';
import { latexSummary } from './latex.ts';
import type { FigureIndex, FigureRef } from './markdown.ts';
import { markdownSummary } from './markdown.ts';
import { findFonts, planFigures, renderSvg, svgToPng } from './plots.ts';

/** Paths of the files written (absolute). */
export interface ReportPaths {
  results: string;
  artifacts: string;
  summary: string;
  latex: string;
  /** Every figure file, SVG and PNG, in report order. */
  figures: string[];
  /** Notes on the figures (e.g. no font found for the PNGs). */
  notes: string[];
}

function finiteOrNull(_k: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

/** JSON with a stable key order (insertion order of the result builders), non-finite numbers as null, and no plot data. */
export function resultsJson(r: SuiteResult): string {
  const stripped: SuiteResult = {
    ...r,
    theorems: r.theorems.map((t) => ({ ...t, properties: t.properties.map(({ artifacts: _artifacts, ...p }) => p) })),
  };
  return JSON.stringify(stripped, finiteOrNull, 2) + '\n';
}

/** The plot data of a run: `{ schema, seed, profile, theorems: { [theoremId]: { [propertyId]: PropertyArtifacts } } }`. */
export function artifactsJson(r: SuiteResult): string {
  const theorems: Record<string, Record<string, PropertyArtifacts>> = {};
  for (const t of r.theorems)
    for (const p of t.properties) {
      if (!p.artifacts) continue;
      (theorems[t.id] ??= {})[p.propertyId] = p.artifacts;
    }
  return JSON.stringify({ schema: 'latentcheck/artifacts@1', seed: r.seed, profile: r.profile, theorems }, finiteOrNull) + '\n';
}

/** Render every figure of `r` into `<dir>/figures` (SVG and PNG); returns the index for the Markdown report. */
export async function writeFigures(r: SuiteResult, dir: string): Promise<FigureIndex> {
  const plans = planFigures(r);
  const fonts = findFonts();
  const figures: FigureRef[] = [];
  const notes = fonts.note ? [fonts.note] : [];
  if (plans.length > 0) mkdirSync(join(dir, 'figures'), { recursive: true });
  for (const plan of plans) {
    // A figure that cannot be drawn is reported, not fatal: the text reports still get written.
    let svg: string;
    let png: Buffer;
    try {
      svg = await renderSvg(plan.spec);
      png = svgToPng(svg, fonts);
    } catch (e) {
      notes.push(`Figure ${plan.name} could not be rendered: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const ref: FigureRef = {
      name: plan.name,
      kind: plan.kind,
      theoremId: plan.theoremId,
      ...(plan.propertyId !== undefined ? { propertyId: plan.propertyId } : {}),
      caption: plan.caption,
      svg: `figures/${plan.name}.svg`,
      png: `figures/${plan.name}.png`,
    };
    writeFileSync(join(dir, ref.svg), svg);
    writeFileSync(join(dir, ref.png), png);
    figures.push(ref);
  }
  return {
    figures,
    notes,
    renderers: { vega: packageVersion('vega'), 'vega-lite': packageVersion('vega-lite'), '@resvg/resvg-js': packageVersion('@resvg/resvg-js') },
  };
}

/** Write the report files into `outDir` (created if needed); returns the paths written. */
export async function writeReport(r: SuiteResult, outDir: string): Promise<ReportPaths> {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const paths = {
    results: join(dir, 'results.json'),
    artifacts: join(dir, 'artifacts.json'),
    summary: join(dir, 'summary.md'),
    latex: join(dir, 'summary.tex'),
  };
  writeFileSync(paths.results, resultsJson(r));
  writeFileSync(paths.artifacts, artifactsJson(r));
  const index = await writeFigures(r, dir);
  writeFileSync(paths.summary, markdownSummary(r, index) + '\n');
  writeFileSync(paths.latex, latexSummary(r));
  return { ...paths, figures: index.figures.flatMap((f) => [join(dir, f.svg), join(dir, f.png)]), notes: index.notes };
}
