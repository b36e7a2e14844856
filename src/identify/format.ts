/** `identify` results as Markdown and LaTeX tables: one evidence table per property, and an overview over properties. */
import { fmt } from '../report/format.ts';
import { texEscape, texId, texNumber } from '../report/tex.ts';
import { strictlyFiner } from './lattice.ts';
import type { ClassEvidence, DistanceSummary, IdentifyResult } from './types.ts';

const pct = (v: number) => `${Math.round(100 * v)}%`;
const interval = (i: [number, number]) => `[${pct(i[0])}, ${pct(i[1])}]`;
const dist = (d: DistanceSummary) => (d.median === null ? '–' : `${fmt(d.median)} [${fmt(d.min)}, ${fmt(d.max)}]`);
const STATUS: Record<ClassEvidence['status'], string> = { finest: '**finest**', contains: 'contains h', excluded: 'excluded' };

/** The verdict in words. */
export function verdictLabel(v: IdentifyResult['verdict']): string {
  return v === 'agrees' ? 'agrees' : v === 'narrower' ? 'narrower than predicted' : v === 'wider' ? 'WIDER than predicted' : 'no prediction';
}

/** Classes strictly finer than a finest class and not containing h: where the evidence against matters. */
export function finerClasses(r: IdentifyResult): ClassEvidence[] {
  return r.classes.filter((c) => c.status === 'excluded' && r.finest.some((f) => strictlyFiner(c.id, f, r.inclusions ?? [])));
}

/** The classes just below the finest ones (covered by one of them): the evidence against "identified more finely". */
export function nextFinerClasses(r: IdentifyResult): ClassEvidence[] {
  return finerClasses(r).filter((c) => r.edges.some(([a, b]) => a === c.id && r.finest.includes(b)));
}

/** Settings line shared by the Markdown and the JSON readers. */
export function settingsLine(r: IdentifyResult): string {
  return `N = ${r.trials} worlds × ${r.seeds} training seeds, profile ${r.profile}, run seed ${r.seed}; inside a class: distance ≤ ${r.tolerance}; a class contains h when inside in ≥ ${pct(r.share)} of worlds (every seed); learner: ${r.learner}.`;
}

/** Markdown evidence table of one property. */
export function identifyMarkdown(r: IdentifyResult): string {
  const lines = [
    `### ${r.theoremId} / ${r.propertyId}`,
    '',
    r.statement,
    '',
    settingsLine(r),
    '',
    '| class | h inside (worlds) | share [95% CI] | distance of h: median [min, max] | seeds differ by a map outside | seed-to-seed distance: median [min, max] | status |',
    '|---|---|---|---|---|---|---|',
    ...r.classes.map(
      (c) =>
        `| ${c.id}${c.id === r.predicted ? ' (predicted)' : ''} | ${c.inside}/${c.trials} | ${pct(c.share)} ${interval(c.interval95)} | ${dist(c.distance)} | ${c.seedsDisagree}/${c.trials} | ${dist(c.seedDistance)} | ${STATUS[c.status]} |`,
    ),
    '',
    `Finest class containing h: ${r.finest.join(', ')}. Verdict against the predicted class (${r.predicted ?? 'none stated'}): **${verdictLabel(r.verdict)}**. ${r.explanation}`,
  ];
  const errors = r.trialRecords.filter((t) => t.error);
  if (errors.length > 0) lines.push('', `Worlds that could not be measured (counted outside every class): ${errors.map((t) => `${t.path} (${t.error})`).join('; ')}.`);
  const cx = r.counterexample;
  if (cx)
    lines.push(
      '',
      `Counterexample: world ${cx.path} (${JSON.stringify(cx.world)}), distance to ${r.predicted} ${fmt(cx.distance)}${cx.status ? `; re-run with fresh optimiser seeds: ${fmt(cx.rerunDistance)} (${cx.status})` : ''}${cx.shrinks > 0 ? `; shrunk in ${cx.shrinks} steps (${cx.evaluations} worlds evaluated)` : ''}. Replay: \`${cx.replay}\``,
    );
  return lines.join('\n');
}

/** One overview row: property, predicted, observed finest, verdict, and the evidence against the next finer classes. */
function overviewCells(r: IdentifyResult): string[] {
  const byId = new Map(r.classes.map((c) => [c.id, c]));
  const finest = r.finest.map((id) => `${id} (${byId.get(id)!.inside}/${r.trials}; ${fmt(byId.get(id)!.distance.median)})`).join(', ');
  const predicted = r.predicted === null ? '–' : `${r.predicted} (${byId.get(r.predicted)?.inside ?? '–'}/${r.trials})`;
  const against = nextFinerClasses(r)
    .map((c) => `${c.id}: out ${c.trials - c.inside}/${c.trials}, seeds ${c.seedsDisagree}/${c.trials}`)
    .join('; ');
  return [`${r.theoremId} / ${r.propertyId}`, predicted, finest, verdictLabel(r.verdict), against || '–'];
}

/** Markdown overview over several properties (the README table). */
export function identifyOverviewMarkdown(results: readonly IdentifyResult[]): string {
  const rows = results.map((r) => `| ${overviewCells(r).join(' | ')} |`);
  return [
    '| property | predicted class (h inside) | observed finest class (h inside; median distance) | verdict | against the next finer classes (h outside; seeds differ outside) |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** LaTeX (booktabs) evidence table of one property; needs `booktabs`, `amsmath`, `amssymb`. */
export function identifyLatex(r: IdentifyResult): string {
  const tp = (v: number) => `${Math.round(100 * v)}\\%`;
  const d = (s: DistanceSummary) => (s.median === null ? '--' : `${texNumber(s.median, true)} [${texNumber(s.min, true)}, ${texNumber(s.max, true)}]`);
  const rows = r.classes.map(
    (c) =>
      `${texId(c.id)}${c.id === r.predicted ? ' (pred.)' : ''} & ${c.inside}/${c.trials} & ${tp(c.share)} [${tp(c.interval95[0])}, ${tp(c.interval95[1])}] & ${d(c.distance)} & ${c.seedsDisagree}/${c.trials} & ${d(c.seedDistance)} & ${c.status === 'finest' ? '\\textbf{finest}' : c.status === 'contains' ? 'contains' : 'excluded'} \\\\`,
  );
  return [
    `% latentcheck identify: ${r.theoremId} / ${r.propertyId}`,
    '\\begin{table}[ht]',
    '\\centering\\small',
    '\\begin{tabular}{lllllll}',
    '\\toprule',
    'class & inside & share [95\\% CI] & distance & seeds differ & seed-to-seed & status \\\\',
    '\\midrule',
    ...rows,
    '\\bottomrule',
    '\\end{tabular}',
    `\\caption{${texEscape(`${r.theoremId} / ${r.propertyId}: ${settingsLine(r)} Finest: ${r.finest.join(', ')}; verdict: ${verdictLabel(r.verdict)}.`)}}`,
    '\\end{table}',
    '',
  ].join('\n');
}

/** JSON of several results (identify.json). */
export function identifyJson(results: readonly IdentifyResult[]): string {
  return JSON.stringify({ schema: 'latentcheck/identify-run@1', results }, null, 2) + '\n';
}
