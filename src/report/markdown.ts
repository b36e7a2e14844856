/**
 * Markdown report of a suite run (`summary.md`), written to serve as a paper's appendix: a table with
 * one row per property, the time to verdict per theorem, then per theorem its claim, assumptions, predicted class, statistic figure and,
 * per property, the statistic (median, IQR), the success rate with its interval, the binomial test,
 * the seeds and links to the figures; then counterexamples with their replay commands, the figure
 * index and the provenance of the run.
 */
import type { PropertyResult, SuiteResult, TheoremResult } from '../runner/types.ts';
import { fmt, fmtThreshold, methodLabel, roleLabel, successCounts } from './format.ts';

/** A figure written next to the report (paths relative to the report folder). */
export interface FigureRef {
  name: string;
  kind: 'latents' | 'statistic' | 'curves' | 'matrices';
  theoremId: string;
  propertyId?: string;
  caption: string;
  svg: string;
  png: string;
}

/** The figures of a report, notes on how they were made, and the versions of the renderers. */
export interface FigureIndex {
  figures: FigureRef[];
  notes: string[];
  renderers: Record<string, string | null>;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** `median [q1, q3]`, or `median [min, max]` (marked) when the quartiles are missing. */
export function medianIqr(s: PropertyResult['statistic']): string {
  if (s.q1 !== undefined && s.q3 !== undefined) return `${fmt(s.median)} [${fmt(s.q1)}, ${fmt(s.q3)}]`;
  return `${fmt(s.median)} [range ${fmt(s.min)}, ${fmt(s.max)}]`;
}

/** Exact: worlds passed / evaluated. Trained: successes / trials with the 95% interval and the rule's minimum. */
function worlds(p: PropertyResult): string {
  const c = successCounts(p);
  if (!p.rule) return `${c.successes}/${c.trials}${c.trials < c.requested ? ` of ${c.requested} (stopped at the first failure)` : ''}`;
  const r = p.rule;
  return `${r.successes}/${r.trials} (95% CI ${fmt(r.interval95[0])}–${fmt(r.interval95[1])}; need ≥ ${r.rule.minSuccesses})`;
}

function backendLine(r: SuiteResult): string {
  const b = r.provenance.backend as { name?: string; backendPackage?: string; backendVersion?: string; tfjsVersion?: string; requested?: string; wasmSimd?: boolean; gpuDevice?: boolean; fallbackReason?: string };
  const parts = [`${b.name ?? 'unknown'}`];
  const details: string[] = [];
  if (b.backendPackage) details.push(`${b.backendPackage}${b.backendVersion ? ` ${b.backendVersion}` : ''}`);
  else if (b.backendVersion) details.push(b.backendVersion);
  if (b.wasmSimd !== undefined) details.push(`SIMD ${b.wasmSimd ? 'on' : 'off'}`);
  if (b.gpuDevice !== undefined) details.push(b.gpuDevice ? 'GPU device' : 'CPU device');
  if (b.tfjsVersion) details.push(`tfjs ${b.tfjsVersion}`);
  if (b.requested) details.push(`requested: ${b.requested}`);
  if (details.length > 0) parts.push(`(${details.join('; ')})`);
  if (b.fallbackReason) parts.push(`— ${b.fallbackReason}`);
  return parts.join(' ');
}

function figureLinks(figs: FigureRef[]): string {
  const label = { latents: 'true vs recovered latents', statistic: 'statistic per trial', curves: 'training curves', matrices: 'heat maps per trial' } as const;
  return figs.map((f) => `[${label[f.kind]}](${f.svg}) ([PNG](${f.png}))`).join(', ');
}

function propertySection(r: SuiteResult, p: PropertyResult, figures: FigureRef[]): string[] {
  const s = p.statistic;
  const lines = [`### \`${p.propertyId}\` (${p.kind}, ${roleLabel(p.role)}) — ${p.verdict === 'pass' ? 'pass' : '**FAIL**'}`, '', p.statement, ''];
  const values = p.values ?? p.outcomes?.map((o) => o.statistic);
  const missing = values ? values.filter((v) => v === null || !Number.isFinite(v)).length : 0;
  const iqr = s.q1 !== undefined && s.q3 !== undefined ? `, IQR [${fmt(s.q1)}, ${fmt(s.q3)}]` : '';
  lines.push(
    `- **Statistic** (${s.name}): median ${fmt(s.median)}${iqr}, range [${fmt(s.min)}, ${fmt(s.max)}] over ${s.count} value${s.count === 1 ? '' : 's'}${missing > 0 ? ` (${missing} trial${missing === 1 ? '' : 's'} without a value)` : ''}; threshold ${fmtThreshold(p.direction, p.threshold)}.`,
  );
  const c = successCounts(p);
  if (p.rule) {
    const v = p.rule;
    lines.push(
      `- **Success rate**: ${v.successes} of ${v.trials} trials (${fmt(v.rate)}), 95% Clopper–Pearson interval [${fmt(v.interval95[0])}, ${fmt(v.interval95[1])}]; one-sided 95% lower bound ${fmt(v.lower95)}.`,
      `- **Rule**: ${v.statement}.`,
    );
  } else {
    lines.push(
      `- **Worlds**: ${c.successes} of ${c.trials} evaluated worlds passed${c.trials < c.requested ? ` (of ${c.requested} requested; the run stops at the first failure, then shrinks it in ${p.shrinks} step${p.shrinks === 1 ? '' : 's'})` : ''}; every world must pass.`,
    );
  }
  if (p.test) {
    const t = p.test;
    const range = t.pValueRange[0] !== t.pValueRange[1] ? ` (range ${fmt(t.pValueRange[0])}–${fmt(t.pValueRange[1])} over the possible completions)` : '';
    lines.push(
      `- **Binomial test** of the claimed rate: p = ${fmt(t.pValue)}${range}; ${methodLabel(t.method)} adjustment across the suite at α = ${fmt(t.alpha)}: ${t.rejected ? '**rejected**' : 'not rejected'}${t.stoppedEarly ? '; stopped early (verdict already certain)' : ''}.`,
    );
  }
  if (p.calibration) {
    const k = p.calibration;
    lines.push(
      `- **Oracle calibration** (${k.positive.replications} replications of the ${k.trialsPerTest}-trial test at α = ${fmt(k.alpha)}, no training): in-class oracle rejected ${k.positive.rejected}/${k.positive.replications} (false-failure rate ${fmt(k.positive.rate)}, 95% CI [${fmt(k.positive.interval95[0])}, ${fmt(k.positive.interval95[1])}]${k.withinAlpha ? ', within α' : ', **above α**'}; ${k.positive.trialPasses}/${k.positive.trials} oracle trials passed); out-of-class encoder rejected ${k.negative.rejected}/${k.negative.replications} (power ${fmt(k.negative.rate)}).`,
    );
  }
  lines.push(`- **Seeds**: property seed ${p.seed} (fast-check; derived from run seed ${r.seed}, the theorem id and the property id).`);
  if (p.counterexample) lines.push(`- **Counterexample**: replay with \`${p.counterexample.replay}\` (see [Counterexamples](#counterexamples)).`);
  const own = figures.filter((f) => f.theoremId === p.theoremId && f.propertyId === p.propertyId);
  if (own.length > 0) lines.push(`- **Figures**: ${figureLinks(own)}.`);
  lines.push('');
  return lines;
}

function theoremSection(r: SuiteResult, t: TheoremResult, figures: FigureRef[]): string[] {
  const passed = t.properties.filter((p) => p.verdict === 'pass').length;
  const lines = [`## ${t.title}`, '', `\`${t.id}\` — *${t.citation}*`, '', `**Claim.** ${t.claim}`, ''];
  if (t.assumptions && t.assumptions.length > 0) {
    lines.push('**Assumptions.**', '');
    for (const a of t.assumptions) lines.push(`- **${a.id}.** ${a.statement}${a.toConfirm ? ' *(reconstructed; to confirm against the paper)*' : ''}`);
    lines.push('');
  }
  lines.push(`**Predicted class.** ${t.predictedClass}`, '');
  lines.push(`**Verdict.** ${t.verdict === 'pass' ? 'pass' : '**FAIL**'}: ${passed} of ${t.properties.length} propert${t.properties.length === 1 ? 'y' : 'ies'} passed.`, '');
  for (const f of figures.filter((f) => f.theoremId === t.id && f.kind === 'statistic')) lines.push(`![${f.caption}](${f.svg})`, '');
  for (const p of t.properties) lines.push(...propertySection(r, p, figures));
  return lines;
}

const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const rate = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(2));

/**
 * Time to verdict: one row per theorem that carries `timing` (time of its properties' tasks, share of
 * the run's task time, trained trials and trials/s, exact worlds and worlds/s); empty when none does.
 */
export function timingSection(r: SuiteResult): string[] {
  const timed = r.theorems.filter((t) => t.timing);
  if (timed.length === 0) return [];
  const total = timed.reduce((s, t) => s + t.timing!.wallMs, 0);
  const lines = [
    '## Time to verdict',
    '',
    'Per theorem: the recorded time of its tasks (trained trials; exact properties\' runs, shrinking included) and their rates. ' +
      'With several workers the tasks overlap, so the times add up to more than the run\'s wall time ' +
      `(${seconds(r.timing.wallMs)} s); failure confirmation of trained properties and calibration are not counted.`,
    '',
    '| theorem | time (s) | share | trained trials | trials/s | exact worlds | worlds/s |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const t of timed) {
    const m = t.timing!;
    const share = total > 0 ? `${((100 * m.wallMs) / total).toFixed(0)} %` : '–';
    lines.push(
      `| ${cell(t.id)} | ${seconds(m.wallMs)} | ${share} | ${m.trained ? m.trained.trials : '–'} | ${m.trained ? rate(m.trained.trialsPerSecond) : '–'} | ` +
        `${m.exact ? m.exact.runs : '–'} | ${m.exact ? rate(m.exact.runsPerSecond) : '–'} |`,
    );
  }
  lines.push('');
  return lines;
}

function provenanceSection(r: SuiteResult, index?: FigureIndex): string[] {
  const pv = r.provenance;
  const deps = Object.entries(pv.versions)
    .map(([k, v]) => `${k} ${v ?? 'not installed'}`)
    .join(', ');
  const lines = [
    '## Provenance',
    '',
    '| | |',
    '|---|---|',
    `| latentcheck | ${pv.latentcheck} |`,
    `| git commit | ${pv.gitCommit ? `\`${pv.gitCommit}\`` : 'not a git checkout'} |`,
    `| backend | ${cell(backendLine(r))} |`,
    `| run seed | ${r.seed} (each property's fast-check seed derives from it; listed per property) |`,
    `| profile | ${r.profile} |`,
    `| machine | ${pv.platform} ${pv.arch}, ${pv.cpus} CPU${pv.cpus === 1 ? '' : 's'} (${cell(pv.cpuModel)}) |`,
    `| Node | ${pv.node} |`,
    `| dependencies | ${cell(deps)} |`,
  ];
  if (index) {
    const renderers = Object.entries(index.renderers)
      .map(([k, v]) => `${k} ${v ?? 'unknown'}`)
      .join(', ');
    lines.push(`| figures rendered with | ${cell(renderers)} |`);
  }
  lines.push('', 'Wall-clock times and timestamps are in `results.json` (`timing` fields).', '');
  return lines;
}

/** The Markdown report; `index` lists the figures written beside it (none when omitted). */
export function markdownSummary(r: SuiteResult, index?: FigureIndex): string {
  const figures = index?.figures ?? [];
  const lines: string[] = [];
  lines.push('# latentcheck results', '');
  const b = r.provenance.backend as { name?: string; backendVersion?: string };
  lines.push(
    `Seed **${r.seed}**, profile **${r.profile}**, backend **${b.name ?? 'unknown'}**${b.backendVersion ? ` ${b.backendVersion}` : ''}, ` +
      `latentcheck ${r.provenance.latentcheck}, Node ${r.provenance.node}${r.provenance.gitCommit ? `, commit \`${r.provenance.gitCommit.slice(0, 10)}\`` : ''}.`,
    '',
  );
  lines.push(`**${r.summary.passed} of ${r.summary.properties} properties passed** across ${r.summary.theorems} theorem(s).`, '');
  lines.push('| theorem | property | kind | role | statistic: median [IQR] | threshold | worlds / successes | verdict |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const t of r.theorems)
    for (const p of t.properties)
      lines.push(
        `| ${cell(t.id)} | ${cell(p.propertyId)} | ${p.kind} | ${roleLabel(p.role)} | ${cell(p.statistic.name)}: ${medianIqr(p.statistic)} | ${fmtThreshold(p.direction, p.threshold)} | ${worlds(p)} | ${p.verdict === 'pass' ? 'pass' : '**FAIL**'} |`,
      );
  lines.push('');
  lines.push(...timingSection(r));
  for (const t of r.theorems) lines.push(...theoremSection(r, t, figures));
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
  if (index) {
    lines.push('## Figures', '');
    if (figures.length === 0) lines.push('No figure: no property recorded per-trial values or artifacts.', '');
    else {
      lines.push('| figure | shows | files |', '|---|---|---|');
      for (const f of figures) lines.push(`| ${cell(f.name)} | ${cell(f.caption)} | [SVG](${f.svg}) · [PNG](${f.png}) |`);
      lines.push('');
    }
    for (const n of index.notes) lines.push(`> ${n}`, '');
  }
  lines.push(...provenanceSection(r, index));
  return lines.join('\n');
}
