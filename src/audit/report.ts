/**
 * Audit reports: Markdown (`audit.md`), LaTeX (`audit.tex`, a booktabs table), JSON (`audit.json`) and
 * a figure (`figures/audit.svg` / `.png`: observed rate with its Clopper–Pearson interval per
 * property, the claimed rate p₀ marked), drawn through the report's vega-lite → SVG → PNG path.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { findFonts, renderSvg, svgToPng } from '../report/plots.ts';
import { texEscape, texId } from '../report/tex.ts';
import type { AuditEntry, AuditFlag, AuditResult } from './audit.ts';

const FLAG_TEXT: Record<AuditFlag, string> = {
  below: 'BELOW p₀: claim too strong (or learner too weak)',
  consistent: 'consistent with p₀',
  above: 'above p₀: rule could be tightened',
};
const FLAG_COLOUR: Record<AuditFlag, string> = { below: '#e45756', consistent: '#4c78a8', above: '#54a24b' };

const pct = (v: number) => v.toFixed(3);
const id = (e: AuditEntry) => `${e.theoremId} / ${e.propertyId}`;

/** The audit as a Markdown report. */
export function auditMarkdown(a: AuditResult): string {
  const lines = [
    `# latentcheck audit: observed success rates of trained properties`,
    '',
    `Seed ${a.seed}, profile ${a.profile}, ${a.trialsPerProperty} trials per property on fresh worlds (no sequential stopping), two-sided ${Math.round((1 - a.alpha) * 100)} % Clopper–Pearson intervals; latentcheck ${a.provenance.latentcheck}.`,
    '',
    '| property | successes | observed rate | 95 % interval | claimed p₀ | rule | verdict |',
    '|---|---|---|---|---|---|---|',
    ...a.entries.map(
      (e) =>
        `| ${id(e)} | ${e.successes}/${e.trials}${e.lost ? ` (${e.lost} lost)` : ''} | ${pct(e.rate)} | [${pct(e.interval[0])}, ${pct(e.interval[1])}] | ${e.claimedRate} | ≥ ${e.rule.minSuccesses} of ${e.rule.trials} | ${e.flag === 'consistent' ? FLAG_TEXT[e.flag] : `**${FLAG_TEXT[e.flag]}**`} |`,
    ),
    '',
  ];
  const below = a.entries.filter((e) => e.flag === 'below');
  const above = a.entries.filter((e) => e.flag === 'above');
  lines.push(
    below.length === 0 ? '**No claim is contradicted**: no interval lies below its p₀.' : `**Contradicted claims (interval below p₀)**: ${below.map(id).join('; ')}.`,
    '',
    above.length === 0 ? 'No property succeeds clearly more often than claimed.' : `**Rules that could be tightened (interval above p₀)**: ${above.map(id).join('; ')}.`,
    '',
    '![Observed success rate per property with its 95 % Clopper–Pearson interval; the claimed rate p₀ as a black tick](figures/audit.svg)',
    '',
  );
  return lines.join('\n');
}

/** The audit as a LaTeX table (booktabs). */
export function auditLatex(a: AuditResult): string {
  const rows = a.entries.map(
    (e) =>
      `${texId(`${e.theoremId}/${e.propertyId}`)} & ${e.successes}/${e.trials} & ${pct(e.rate)} & [${pct(e.interval[0])}, ${pct(e.interval[1])}] & ${e.claimedRate} & ${e.flag === 'below' ? '\\textbf{below}' : e.flag === 'above' ? '\\textbf{above}' : 'consistent'} \\\\`,
  );
  return [
    '% latentcheck audit table (requires booktabs)',
    '\\begin{table}[t]',
    '\\centering',
    '\\small',
    '\\begin{tabular}{p{0.38\\linewidth}rrcrl}',
    '\\toprule',
    'Property & $k/N$ & $\\hat p$ & 95\\,\\% CP interval & $p_0$ & vs.\\ $p_0$ \\\\',
    '\\midrule',
    ...rows,
    '\\bottomrule',
    '\\end{tabular}',
    `\\caption{${texEscape(`Observed success rates of trained properties over ${a.trialsPerProperty} fresh worlds each (seed ${a.seed}, profile ${a.profile}), with two-sided 95 % Clopper–Pearson intervals against the claimed rate p₀. "below": the interval lies below p₀ (the claim is contradicted); "above": it lies above p₀ (the rule could be tightened).`)}}`,
    '\\label{tab:latentcheck-audit}',
    '\\end{table}',
    '',
  ].join('\n');
}

/** The figure's vega-lite spec: one row per property, interval as a rule, rate as a point, p₀ as a tick. */
export function auditFigureSpec(a: AuditResult): TopLevelSpec {
  const values = a.entries.map((e) => ({ property: id(e), rate: e.rate, lo: e.interval[0], hi: e.interval[1], p0: e.claimedRate, flag: e.flag }));
  const y = { field: 'property', type: 'nominal' as const, sort: null, title: null, axis: { labelLimit: 420 } };
  const colour = {
    field: 'flag',
    type: 'nominal' as const,
    title: 'interval vs p₀',
    scale: { domain: ['below', 'consistent', 'above'], range: [FLAG_COLOUR.below, FLAG_COLOUR.consistent, FLAG_COLOUR.above] },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Observed success rate, 95 % Clopper–Pearson interval, claimed p₀ (${a.trialsPerProperty} trials each)`,
    width: 360,
    height: { step: 22 },
    data: { values },
    config: { font: 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif' },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'lo', type: 'quantitative', scale: { domain: [0, 1] }, title: 'success rate' }, x2: { field: 'hi' }, color: colour } },
      { mark: { type: 'point', filled: true, size: 50 }, encoding: { y, x: { field: 'rate', type: 'quantitative' }, color: colour } },
      { mark: { type: 'tick', color: 'black', thickness: 2, size: 16 }, encoding: { y, x: { field: 'p0', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

export interface AuditPaths {
  markdown: string;
  latex: string;
  json: string;
  svg: string;
  png: string;
}

/** Write audit.md, audit.tex, audit.json and figures/audit.{svg,png} into `outDir`. */
export async function writeAudit(a: AuditResult, outDir: string): Promise<AuditPaths> {
  mkdirSync(join(outDir, 'figures'), { recursive: true });
  const paths: AuditPaths = {
    markdown: join(outDir, 'audit.md'),
    latex: join(outDir, 'audit.tex'),
    json: join(outDir, 'audit.json'),
    svg: join(outDir, 'figures', 'audit.svg'),
    png: join(outDir, 'figures', 'audit.png'),
  };
  writeFileSync(paths.json, JSON.stringify(a, null, 2) + '\n');
  writeFileSync(paths.markdown, auditMarkdown(a));
  writeFileSync(paths.latex, auditLatex(a));
  const svg = await renderSvg(auditFigureSpec(a));
  writeFileSync(paths.svg, svg);
  writeFileSync(paths.png, svgToPng(svg, findFonts()));
  return paths;
}
