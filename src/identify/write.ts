/** Write identify results to a folder: identify.md, identify.tex, identify.json and figures/identify-*.svg|png. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { figureStem, renderLattice } from './figure.ts';
import { identifyJson, identifyLatex, identifyMarkdown, identifyOverviewMarkdown } from './format.ts';
import type { IdentifyResult } from './types.ts';

export interface IdentifyPaths {
  markdown: string;
  latex: string;
  json: string;
  figures: string[];
}

/** The Markdown document: the overview table, then each property's evidence table. */
export function identifyDocument(results: readonly IdentifyResult[], command?: string): string {
  const head = ['# latentcheck identify', ''];
  if (command) head.push('```sh', command, '```', '');
  return [...head, identifyOverviewMarkdown(results), '', ...results.flatMap((r) => [identifyMarkdown(r), ''])].join('\n');
}

/** Write identify results to `outDir`: identify.md, identify.tex, identify.json and the lattice figures (SVG + PNG); returns the paths. */
export async function writeIdentifyReport(results: readonly IdentifyResult[], outDir: string, command?: string): Promise<IdentifyPaths> {
  const figDir = join(outDir, 'figures');
  mkdirSync(figDir, { recursive: true });
  const paths: IdentifyPaths = { markdown: join(outDir, 'identify.md'), latex: join(outDir, 'identify.tex'), json: join(outDir, 'identify.json'), figures: [] };
  writeFileSync(paths.markdown, identifyDocument(results, command));
  writeFileSync(paths.latex, results.map(identifyLatex).join('\n'));
  writeFileSync(paths.json, identifyJson(results));
  for (const r of results) {
    const { svg, png } = await renderLattice(r);
    const stem = join(figDir, figureStem(r));
    writeFileSync(`${stem}.svg`, svg);
    writeFileSync(`${stem}.png`, png);
    paths.figures.push(`${stem}.svg`, `${stem}.png`);
  }
  return paths;
}
