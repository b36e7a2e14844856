/**
 * A family's full-profile results table from a run store (the append-only runstore.jsonl of `latentcheck run
 * --out DIR`): per trained property, successes / trials and, for each named detail, the median [min, max] over
 * its trials. Prints Markdown. Used for the family READMEs' full-profile tables:
 *
 *   node --import tsx scripts/trial-table.ts report-funke/runstore.jsonl funke2022.shift.trained statistic train test@-0.8 test@0 test@0.8 worst cmi knnCmi
 *
 * `statistic` is the property's own statistic; any other name is a key of the trials' `details`.
 */
import { readFileSync } from 'node:fs';

const [store, theoremId, ...fields] = process.argv.slice(2);
if (!store || !theoremId || fields.length === 0) {
  console.error('usage: trial-table.ts RUNSTORE THEOREM_ID FIELD...');
  process.exit(2);
}
type Rec = { index: number; pass: boolean | null; statistic: number; status: string; details?: Record<string, unknown> };
const byProp = new Map<string, Map<number, Rec>>();
for (const line of readFileSync(store, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const e = JSON.parse(line) as { type: string; theoremId?: string; propertyId?: string; record?: Rec & { attempt?: number } };
  if (e.type !== 'trial' || e.theoremId !== theoremId || !e.record || (e.record.attempt ?? 0) !== 0) continue;
  if (!byProp.has(e.propertyId!)) byProp.set(e.propertyId!, new Map());
  byProp.get(e.propertyId!)!.set(e.record.index, e.record);
}
const fmt = (v: number) => (Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(3) : v.toExponential(1));
const cell = (xs: number[]) => {
  if (xs.length === 0) return '–';
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return `${fmt(m)} [${fmt(s[0])}, ${fmt(s[s.length - 1])}]`;
};
console.log(`| property | successes / trials | ${fields.join(' | ')} |`);
console.log(`|---|---|${fields.map(() => '---|').join('')}`);
for (const [prop, recs] of byProp) {
  const rs = [...recs.values()].sort((a, b) => a.index - b.index);
  const ok = rs.filter((r) => r.pass === true).length;
  const cols = fields.map((f) => cell(rs.map((r) => (f === 'statistic' ? r.statistic : Number(r.details?.[f]))).filter((v) => Number.isFinite(v))));
  console.log(`| ${prop} | ${ok} / ${rs.length} | ${cols.join(' | ')} |`);
}
