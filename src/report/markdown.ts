/** Markdown summary of a suite run: one table row per property, then counterexamples with their replay commands. */
import type { PropertyResult, SuiteResult } from '../runner/types.ts';
import { fmt, fmtThreshold } from './format.ts';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Exact: worlds evaluated / requested. Trained: successes / trials with the 95% interval and the rule's minimum. */
function worlds(p: PropertyResult): string {
  if (!p.rule) return `${p.trials}/${p.numRuns}`;
  const r = p.rule;
  return `${r.successes}/${r.trials} (95% CI ${fmt(r.interval95[0])}–${fmt(r.interval95[1])}; need ≥ ${r.rule.minSuccesses})`;
}

export function markdownSummary(r: SuiteResult): string {
  const b = r.provenance.backend as { name?: string; backendVersion?: string };
  const lines: string[] = [];
  lines.push('# latentcheck results', '');
  lines.push(
    `Seed **${r.seed}**, profile **${r.profile}**, backend **${b.name ?? 'unknown'}**${b.backendVersion ? ` ${b.backendVersion}` : ''}, ` +
      `latentcheck ${r.provenance.latentcheck}, Node ${r.provenance.node}${r.provenance.gitCommit ? `, commit \`${r.provenance.gitCommit.slice(0, 10)}\`` : ''}.`,
    '',
  );
  lines.push(`**${r.summary.passed} of ${r.summary.properties} properties passed** across ${r.summary.theorems} theorem(s).`, '');
  lines.push('| theorem | property | kind | role | statistic: median [min, max] | threshold | worlds / successes | verdict |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const t of r.theorems)
    for (const p of t.properties) {
      const s = p.statistic;
      lines.push(
        `| ${cell(t.id)} | ${cell(p.propertyId)} | ${p.kind} | ${p.role} | ${cell(s.name)}: ${fmt(s.median)} [${fmt(s.min)}, ${fmt(s.max)}] | ${fmtThreshold(p.direction, p.threshold)} | ${worlds(p)} | ${p.verdict === 'pass' ? 'pass' : '**FAIL**'} |`,
      );
    }
  lines.push('');
  for (const t of r.theorems) {
    lines.push(`## ${t.title}`, '', `*${t.citation}*`, '', `**Claim.** ${t.claim}`, '', `**Predicted class.** ${t.predictedClass}`, '');
    for (const p of t.properties) {
      lines.push(`- \`${p.propertyId}\` (${p.kind}, ${p.role}): ${p.statement}`);
      if (p.rule) lines.push(`  - Rule: ${p.rule.statement}.`);
    }
    lines.push('');
  }
  const failures = r.theorems.flatMap((t) => t.properties.filter((p) => p.counterexample));
  if (failures.length > 0) {
    lines.push('## Counterexamples', '');
    for (const p of failures) {
      const c = p.counterexample!;
      lines.push(`### ${p.theoremId} / ${p.propertyId}`, '');
      lines.push('Replay:', '', '```', c.replay, '```', '');
      lines.push('World:', '', '```json', JSON.stringify(c.world, null, 2), '```', '');
      lines.push('Outcome:', '', '```json', JSON.stringify(c.outcome, null, 2), '```', '');
    }
  }
  return lines.join('\n');
}
