/** The comparison as a table: plain text for terminals, or Markdown (e.g. for a pull-request comment). */
import type { ChangeStatus, Comparison, PropertyChange, RunInfo } from './compare.ts';
import { fmtP, sideSummary } from './compare.ts';

const STATUS_LABEL: Record<ChangeStatus, string> = {
  regressed: 'REGRESSED',
  improved: 'improved',
  unchanged: 'unchanged',
  added: 'added',
  removed: 'removed',
};

const TEST_LABEL = { verdict: 'verdict flip', fisher: 'Fisher exact', 'mann-whitney': 'Mann–Whitney' } as const;

const COLUMNS = ['status', 'property', 'kind', 'base', 'new', 'test', 'p (Holm)'];

function describeRun(r: RunInfo): string {
  const parts = [r.seed !== null ? `seed ${r.seed}` : null, r.profile, r.latentcheck ? `latentcheck ${r.latentcheck}` : null, r.gitCommit ? `commit ${r.gitCommit.slice(0, 10)}` : null];
  return `${r.source} (${parts.filter((x) => x !== null).join(', ')})`;
}

/** Rows of one property: one per test, the property's own cells on the first row only. */
function rows(c: PropertyChange): string[][] {
  const head = [STATUS_LABEL[c.status], `${c.theoremId} / ${c.propertyId}`, c.kind];
  const blank = ['', '', ''];
  if (c.tests.length === 0) return [[...head, c.base ? sideSummary(c.base) : '–', c.new ? sideSummary(c.new) : '–', '–', '–']];
  return c.tests.map((t, i) => {
    // The p-value of the direction the row is about: improvement on improved properties, regression otherwise.
    const p = c.status === 'improved' ? t.pBetterAdjusted : t.pWorseAdjusted;
    const flag = t.worse ? ' *' : t.better ? ' +' : '';
    return [...(i === 0 ? head : blank), t.baseSummary, t.newSummary, TEST_LABEL[t.test], fmtP(p) + flag];
  });
}

function verdictLine(c: Comparison): string {
  const s = c.summary;
  const counts = `${s.regressed} regressed, ${s.improved} improved, ${s.unchanged} unchanged, ${s.added} added, ${s.removed} removed`;
  if (c.regression) {
    const names = c.properties.filter((p) => p.status === 'regressed').map((p) => `${p.theoremId} / ${p.propertyId}`);
    return `significant regression in ${names.join(', ')} (${counts})`;
  }
  if (s.improved > 0) return `no significant regression (${counts})`;
  return `no significant change (${counts})`;
}

function legend(c: Comparison): string {
  return (
    `One-sided tests of NEW against BASE, Holm-adjusted over ${c.tests} statistical test${c.tests === 1 ? '' : 's'} at α = ${c.alpha}.\n` +
    `p is for a regression (for an improvement on improved rows); * significant regression, + significant improvement; ` +
    `verdict flips of exact properties are deterministic (p = 0).`
  );
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((s, i) => s.padEnd(widths[i])).join('  ').trimEnd();
}

/** Plain-text table with a header and the verdict line. */
export function formatComparisonText(c: Comparison): string {
  const body = c.properties.flatMap((p) => rows(p));
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const lines = [
    `latentcheck compare`,
    `  base: ${describeRun(c.base)}`,
    `  new:  ${describeRun(c.new)}`,
    legend(c),
    '',
    pad(COLUMNS, widths),
    pad(
      widths.map((w) => '-'.repeat(w)),
      widths,
    ),
  ];
  for (const p of c.properties) {
    for (const r of rows(p)) lines.push(pad(r, widths));
    for (const n of p.notes) lines.push(`${' '.repeat(widths[0] + 2)}note: ${n}`);
  }
  lines.push('', verdictLine(c));
  return lines.join('\n');
}

const md = (s: string) => s.replace(/\|/g, '\\|');

/** Markdown table with the same content (warnings as a quote, notes under the table). */
export function formatComparisonMarkdown(c: Comparison): string {
  const lines = [
    `### latentcheck compare`,
    '',
    `- base: \`${describeRun(c.base)}\``,
    `- new: \`${describeRun(c.new)}\``,
    '',
    ...c.warnings.map((w) => `> **warning:** ${md(w)}`),
    ...(c.warnings.length > 0 ? [''] : []),
    `**${md(verdictLine(c))}**`,
    '',
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => ' --- ').join('|')}|`,
  ];
  for (const p of c.properties) for (const r of rows(p)) lines.push(`| ${r.map((x) => md(x)).join(' | ')} |`);
  lines.push('', legend(c).replace('\n', ' '));
  const notes = c.properties.flatMap((p) => p.notes.map((n) => `- ${p.theoremId} / ${p.propertyId}: ${md(n)}`));
  if (notes.length > 0) lines.push('', 'Notes:', '', ...notes);
  return lines.join('\n');
}

/** Plain text or Markdown. */
export function formatComparison(c: Comparison, opts: { markdown?: boolean } = {}): string {
  return opts.markdown ? formatComparisonMarkdown(c) : formatComparisonText(c);
}
