/**
 * LaTeX report fragment (`summary.tex`), ready to `\input` into a paper's appendix. It needs only
 * `\usepackage{booktabs,amsmath,amssymb}` in the preamble; all text is escaped to ASCII (see tex.ts),
 * and nothing needs the T1/TS1 fonts, so a minimal TeX installation compiles it.
 *
 * Contents: an overview table (per theorem: properties passed, verdict), then per theorem a section
 * with a table of its properties (id with kind and role, the statistic's median [IQR], the threshold,
 * successes with the 95% interval, the verdict; one table per theorem so that each fits a page), its
 * claim, predicted class, assumptions and properties (statistic, rule, binomial test, seed), then a
 * provenance table. Sections use `\lcsection`, `\subsection*` unless the document defines
 * it first.
 */
import type { PropertyResult, SuiteResult, TheoremResult } from '../runner/types.ts';
import { methodLabel, roleLabel, successCounts } from './format.ts';
import { texEscape, texId, texNumber } from './tex.ts';

/**
 * Columns of a theorem's property table: property (with kind and role below it), median [IQR], threshold,
 * successes [95% CI], verdict. Sized for a single-column page (≈ 0.9 of \linewidth at \footnotesize);
 * in a two-column paper, change `table` to `table*`.
 */
export const SUMMARY_COLUMNS = 5;

function thresholdTex(p: PropertyResult, short = false): string {
  const rel = p.direction === 'at-most' ? '\\leq' : p.direction === 'at-least' ? '\\geq' : '=';
  return `\\ensuremath{${rel}}~${texNumber(p.threshold, short)}`;
}

/** Median on the first line, [q1, q3] on the second (a p column). */
function medianIqrTex(p: PropertyResult): string {
  const s = p.statistic;
  if (s.median === null) return '--';
  const iqr = s.q1 !== undefined && s.q3 !== undefined ? `\\newline [${texNumber(s.q1, true)}, ${texNumber(s.q3, true)}]` : '';
  return `\\raggedright ${texNumber(s.median, true)}${iqr}`;
}

/** A rate rounded outward to two decimals (a lower bound down, an upper bound up). */
function bound(x: number, up: boolean): string {
  const v = up ? Math.ceil(x * 100 - 1e-9) / 100 : Math.floor(x * 100 + 1e-9) / 100;
  return v.toFixed(2);
}

function successesTex(p: PropertyResult): string {
  const c = successCounts(p);
  const count = `${c.successes}/${c.trials}`;
  if (c.interval95) return `\\raggedright ${count}\\newline [${bound(c.interval95[0], false)}, ${bound(c.interval95[1], true)}]`;
  return `\\raggedright ${count}${c.trials < c.requested ? `\\newline (of ${c.requested})` : ''}`;
}

/** One row of the summary table. */
function summaryRow(p: PropertyResult): string {
  const cells = [
    `\\raggedright ${texId(p.propertyId)}\\newline \\emph{${p.kind}, ${roleLabel(p.role)}}`,
    medianIqrTex(p),
    thresholdTex(p, true),
    successesTex(p),
    p.verdict === 'pass' ? 'pass' : '\\textbf{fail}',
  ];
  return `${cells.join(' & ')} \\\\`;
}

/** A LaTeX label for a theorem: `<prefix>:latentcheck-<id>` with only safe characters. */
function labelOf(prefix: string, id: string): string {
  return `${prefix}:latentcheck-${id.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
}

/** What the columns of the property tables mean (in the overview's caption). */
const COLUMNS_NOTE =
  'Median [IQR]: the statistic over the trials (exact properties: over the sampled worlds). Successes: ' +
  'trials that met the threshold, with the two-sided 95\\% Clopper--Pearson interval of the rate (rounded outward); ' +
  'exact properties: worlds that passed, all of which must (a run stops at the first failure).';

/** One row per theorem: properties passed and the verdict, pointing at the theorem's table. */
function overviewTable(r: SuiteResult): string[] {
  const lines = ['\\begin{table}[htbp]', '\\centering', '\\footnotesize', '\\begin{tabular}{@{}lccc@{}}', '\\toprule', 'Theorem & Properties passed & Verdict & Table \\\\', '\\midrule'];
  for (const t of r.theorems) {
    const passed = t.properties.filter((p) => p.verdict === 'pass').length;
    lines.push(`${texId(t.id)} & ${passed}/${t.properties.length} & ${t.verdict === 'pass' ? 'pass' : '\\textbf{fail}'} & \\ref{${labelOf('tab', t.id)}} \\\\`);
  }
  lines.push(
    '\\bottomrule',
    '\\end{tabular}',
    `\\caption{latentcheck results (seed ${r.seed}, profile ${texEscape(r.profile)}): ${r.summary.passed} of ${r.summary.properties} properties passed ` +
      `across ${r.summary.theorems} theorem${r.summary.theorems === 1 ? '' : 's'}. In the tables of the theorems, ${COLUMNS_NOTE}}`,
    '\\label{tab:latentcheck-summary}',
    '\\end{table}',
  );
  return lines;
}

/** The properties of one theorem: one row each. */
function propertyTable(t: TheoremResult): string[] {
  const passed = t.properties.filter((p) => p.verdict === 'pass').length;
  return [
    '\\begin{table}[htbp]',
    '\\centering',
    '\\footnotesize',
    '\\setlength{\\tabcolsep}{5pt}',
    '\\begin{tabular}{@{}p{0.30\\linewidth}p{0.24\\linewidth}lp{0.13\\linewidth}c@{}}',
    '\\toprule',
    '\\raggedright Property & \\raggedright Median [IQR] & Threshold & \\raggedright Successes [95\\% CI] & Verdict \\\\',
    '\\midrule',
    ...t.properties.map(summaryRow),
    '\\bottomrule',
    '\\end{tabular}',
    `\\caption{Properties of ${texId(t.id)}: ${passed} of ${t.properties.length} passed (columns as in Table~\\ref{tab:latentcheck-summary}).}`,
    `\\label{${labelOf('tab', t.id)}}`,
    '\\end{table}',
  ];
}

function propertyItem(r: SuiteResult, p: PropertyResult): string {
  const s = p.statistic;
  const parts = [`\\item ${texId(p.propertyId)} (${p.kind}, ${texEscape(roleLabel(p.role))}; ${p.verdict === 'pass' ? 'pass' : '\\textbf{fail}'}). ${texEscape(p.statement)}`];
  const iqr = s.q1 !== undefined && s.q3 !== undefined ? `, IQR [${texNumber(s.q1)}, ${texNumber(s.q3)}]` : '';
  parts.push(`Statistic: ${texEscape(s.name)}, median ${texNumber(s.median)}${iqr} over ${s.count} value${s.count === 1 ? '' : 's'}; threshold ${thresholdTex(p)}.`);
  const c = successCounts(p);
  if (p.rule) {
    parts.push(
      `Successes: ${c.successes} of ${c.trials} (95\\% CI [${bound(p.rule.interval95[0], false)}, ${bound(p.rule.interval95[1], true)}]); rule: ${texEscape(p.rule.statement)}.`,
    );
  } else parts.push(`Worlds: ${c.successes} of ${c.trials} passed${c.trials < c.requested ? ` (of ${c.requested} requested; stopped at the first failure)` : ''}.`);
  if (p.test) {
    const t = p.test;
    parts.push(
      `Binomial test of the claimed rate: \\ensuremath{p = ${texNumber(t.pValue).replace(/^\\ensuremath\{(.*)\}$/, '$1')}}, ${texEscape(methodLabel(t.method))} adjustment at \\ensuremath{\\alpha = ${t.alpha}}: ${t.rejected ? 'rejected' : 'not rejected'}${t.stoppedEarly ? ' (stopped early)' : ''}.`,
    );
  }
  if (p.calibration) {
    const k = p.calibration;
    parts.push(
      `Oracle calibration over ${k.positive.replications} replications: false failures ${k.positive.rejected}/${k.positive.replications}${k.withinAlpha ? ' (within \\ensuremath{\\alpha})' : ' (above \\ensuremath{\\alpha})'}, power ${k.negative.rejected}/${k.negative.replications}.`,
    );
  }
  parts.push(`Seed ${p.seed} (from run seed ${r.seed}).`);
  return parts.join(' ');
}

function theoremSection(r: SuiteResult, t: TheoremResult): string[] {
  const lines = [`\\lcsection{${texEscape(t.title)}}`, `\\label{${labelOf('sec', t.id)}}`, '', ...propertyTable(t), ''];
  lines.push(`${texId(t.id)}; \\emph{${texEscape(t.citation)}}`, '');
  lines.push(`\\textbf{Claim.} ${texEscape(t.claim)}`, '');
  lines.push(`\\textbf{Predicted class.} ${texEscape(t.predictedClass)}`, '');
  if (t.assumptions && t.assumptions.length > 0) {
    lines.push('\\textbf{Assumptions.}', '\\begin{itemize}');
    for (const a of t.assumptions) lines.push(`\\item \\textsf{${texEscape(a.id)}}: ${texEscape(a.statement)}${a.toConfirm ? ' \\emph{(reconstructed; to confirm against the paper)}' : ''}`);
    lines.push('\\end{itemize}', '');
  }
  lines.push('\\textbf{Properties.}', '\\begin{itemize}');
  for (const p of t.properties) lines.push(propertyItem(r, p));
  lines.push('\\end{itemize}', '');
  return lines;
}

function provenanceTable(r: SuiteResult): string[] {
  const pv = r.provenance;
  const b = pv.backend as { name?: string; backendPackage?: string; backendVersion?: string; tfjsVersion?: string; wasmSimd?: boolean; gpuDevice?: boolean };
  const flags = [b.wasmSimd !== undefined ? `SIMD ${b.wasmSimd ? 'on' : 'off'}` : '', b.gpuDevice !== undefined ? (b.gpuDevice ? 'GPU device' : 'CPU device') : ''].filter(Boolean);
  const rows: [string, string][] = [
    ['latentcheck', texEscape(pv.latentcheck)],
    ['Git commit', pv.gitCommit ? `\\texttt{${texEscape(pv.gitCommit)}}` : 'not a git checkout'],
    ['Backend', texEscape(`${b.name ?? 'unknown'}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`)],
  ];
  if (b.backendPackage) rows.push(['Backend package', `\\texttt{${texEscape(b.backendPackage)}} ${texEscape(b.backendVersion ?? '')}`.trim()]);
  if (b.tfjsVersion) rows.push(['TensorFlow.js', texEscape(b.tfjsVersion)]);
  rows.push(
    ['Run seed', `${r.seed} (property seeds derive from it)`],
    ['Profile', texEscape(r.profile)],
    ['Machine', texEscape(`${pv.platform} ${pv.arch}, ${pv.cpus} CPU${pv.cpus === 1 ? '' : 's'}`)],
    ['CPU', texEscape(pv.cpuModel)],
    ['Node.js', texEscape(pv.node)],
  );
  for (const [k, v] of Object.entries(pv.versions)) rows.push([`\\texttt{${texEscape(k)}}`, v === null ? 'not installed' : texEscape(v)]);
  return [
    '\\begin{table}[htbp]',
    '\\centering',
    '\\footnotesize',
    '\\begin{tabular}{@{}ll@{}}',
    '\\toprule',
    'Item & Value \\\\',
    '\\midrule',
    ...rows.map(([k, v]) => `${k} & ${v} \\\\`),
    '\\bottomrule',
    '\\end{tabular}',
    '\\caption{Provenance of the latentcheck results in Table~\\ref{tab:latentcheck-summary}.}',
    '\\label{tab:latentcheck-provenance}',
    '\\end{table}',
  ];
}

/** The LaTeX fragment. */
export function latexSummary(r: SuiteResult): string {
  const lines = [
    '% latentcheck report fragment: \\input{summary.tex} in a document whose preamble has',
    '%   \\usepackage{booktabs,amsmath,amssymb}',
    '% Sections use \\lcsection (default \\subsection*); define it before \\input to change the level.',
    `% latentcheck ${r.provenance.latentcheck}, seed ${r.seed}, profile ${r.profile}${r.provenance.gitCommit ? `, commit ${r.provenance.gitCommit}` : ''}.`,
    '\\providecommand{\\lcsection}[1]{\\subsection*{#1}}',
    '',
    ...overviewTable(r),
    '',
    // Long ids and formulas in running text: let lines stretch rather than overflow.
    '\\begingroup',
    '\\sloppy',
  ];
  for (const t of r.theorems) lines.push(...theoremSection(r, t));
  lines.push('\\par', '\\endgroup', '', ...provenanceTable(r));
  return lines.join('\n') + '\n';
}
