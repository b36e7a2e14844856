/**
 * Report figures: vega-lite specs built from a suite result, compiled with vega-lite, rendered headless
 * to SVG with vega (no browser, no canvas) and to PNG with resvg.
 *
 * - latents: per trained property with `artifacts.latents`, one panel per latent dimension, true z_i
 *   against the recovered latent after the best map of the predicted class, with the diagonal;
 * - statistic: per theorem, every trial's statistic per property against its threshold, coloured by
 *   whether the trial passed;
 * - curves: per trained property with `artifacts.curves`, training loss against step (log scale when
 *   every loss is positive), one line per trial and run;
 * - matrices: per trained property with `artifacts.matrices`, one heat map per trial and matrix (e.g. the block R²
 *   matrix, true blocks × learned blocks, or the learned vs true mask), values printed in the cells.
 *
 * The specs are pure functions of the result, and vega's SVG output is a pure function of the spec, so
 * the same result gives byte-identical SVG files.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { PropertyResult, SuiteResult, TheoremResult } from '../runner/types.ts';
import { fmt, roleLabel } from './format.ts';

/** Font family named in the SVG files; resvg is given the matching font file when one is found. */
const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';
const PASS_COLOUR = '#4c78a8';
const FAIL_COLOUR = '#e45756';
/** Most latent rows and panels in a scatter plot, and points per training curve (kept by even strides). */
const MAX_LATENT_ROWS = 500;
const MAX_PANELS = 16;
const MAX_CURVE_POINTS = 200;

export type FigureKind = 'latents' | 'statistic' | 'curves' | 'matrices';

/** One figure to draw: its file stem under `figures/`, what it shows, and its vega-lite spec. */
export interface FigurePlan {
  name: string;
  kind: FigureKind;
  theoremId: string;
  propertyId?: string;
  /** One sentence for the index and the alt text. */
  caption: string;
  spec: TopLevelSpec;
}

/** A file-name-safe form of an id: letters, digits, `.`, `_` and `-` only. */
export function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'x';
}

const BASE_CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: '#cccccc' },
  axis: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal', gridColor: '#eeeeee' },
  header: { labelFontSize: 11, titleFontSize: 11 },
  legend: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal' },
  title: { fontSize: 13, subtitleFontSize: 11, subtitleColor: '#555555', anchor: 'start', offset: 8 },
} as const;

/**
 * Advance widths of DejaVu Sans (regular, bold) for ASCII 32–126, in thousandths of an em, read from
 * the font files. vega has no canvas here and would estimate 0.8 em per character (far too wide:
 * figures get wide empty margins); with these widths the layout fits the text as resvg draws it, and
 * the SVG does not depend on the fonts installed. Narrower fallback fonts (Liberation Sans, Arial) only
 * leave a little slack.
 */
const ASCII_WIDTHS = {
  regular: '318 401 460 838 636 950 780 275 390 390 500 838 318 361 318 337 636 636 636 636 636 636 636 636 636 636 337 337 838 838 838 531 1000 684 686 698 770 632 575 775 752 295 295 656 557 863 748 787 603 787 695 635 611 732 684 989 685 611 685 390 337 390 838 500 500 613 635 550 635 615 352 635 634 278 278 579 278 974 634 612 635 635 411 521 392 634 592 818 592 592 525 636 337 636 838'.split(' ').map(Number),
  bold: '348 456 521 838 696 1002 872 306 457 457 523 838 380 415 380 365 696 696 696 696 696 696 696 696 696 696 400 400 838 838 838 580 1000 774 762 734 830 683 683 821 837 372 372 775 637 995 837 850 733 850 770 720 682 812 774 1103 771 724 725 457 365 457 838 500 500 675 716 593 716 678 435 716 712 343 343 665 343 1042 712 687 716 716 493 595 478 712 652 924 645 652 582 712 365 712 838'.split(' ').map(Number),
};
/** Non-ASCII characters of our texts (same in both weights to within a few per cent), and the default. */
const OTHER_WIDTHS: Record<string, number> = { '–': 500, '—': 1000, '’': 318, '“': 518, '”': 518, '…': 1000, '·': 318, '²': 401, '³': 401, '¹': 401, 'ⁿ': 398, 'ᵀ': 385, 'ẑ': 525, 'ᵢ': 179, '₁': 401, '₂': 401, 'ₙ': 398, '‖': 500 };
const DEFAULT_WIDTH = { regular: 640, bold: 700 };

/** Width in pixels of `text` in DejaVu Sans at `size`; bold for weights ≥ 600 or 'bold'. */
export function textWidth(text: string, size: number, weight: unknown = 'normal'): number {
  const bold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
  const table = bold ? ASCII_WIDTHS.bold : ASCII_WIDTHS.regular;
  let units = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 32 && cp < 127) units += table[cp - 32];
    else if (cp >= 0x300 && cp <= 0x36f) continue;
    else units += OTHER_WIDTHS[ch] ?? (cp >= 0x2190 && cp < 0x2300 ? 838 : bold ? DEFAULT_WIDTH.bold : DEFAULT_WIDTH.regular);
  }
  return (units / 1000) * size;
}

/** vega's text measure (see ASCII_WIDTHS); installed before every render. Clamped to the item's limit, if any. */
function vegaTextWidth(item: { fontSize?: number; fontWeight?: unknown; limit?: number }, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const s = text == null ? '' : String(text).trim();
  const w = textWidth(s, size, item.fontWeight);
  return item.limit && item.limit > 0 ? Math.min(w, item.limit) : w;
}

/** Every k-th index of 0..n-1 so that at most `max` remain (the last one always kept). */
function strideIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = Math.ceil(n / max);
  const idx: number[] = [];
  for (let i = 0; i < n; i += step) idx.push(i);
  if (idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  return idx;
}

/** Coefficient of determination of `y` as a prediction of `x` (1 on the diagonal). */
function r2(x: number[], y: number[]): number {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  let ss = 0;
  let res = 0;
  for (let i = 0; i < x.length; i++) {
    ss += (x[i] - mean) ** 2;
    res += (x[i] - y[i]) ** 2;
  }
  return ss > 0 ? 1 - res / ss : NaN;
}

/** True vs recovered latents, one panel per dimension. */
function latentsPlan(t: TheoremResult, p: PropertyResult): FigurePlan | null {
  const a = p.artifacts?.latents;
  if (!a || a.z.length === 0) return null;
  const dims = Math.min(a.z[0]?.length ?? 0, a.mapped[0]?.length ?? 0, MAX_PANELS);
  if (dims === 0) return null;
  const rows = strideIndices(Math.min(a.z.length, a.mapped.length), MAX_LATENT_ROWS);
  const values: { panel: string; layer: 'point' | 'diagonal'; t: number; r: number }[] = [];
  const panels: string[] = [];
  for (let i = 0; i < dims; i++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const k of rows) {
      const x = a.z[k][i];
      const y = a.mapped[k][i];
      if (Number.isFinite(x) && Number.isFinite(y)) {
        xs.push(x);
        ys.push(y);
      }
    }
    if (xs.length === 0) continue;
    const fit = r2(xs, ys);
    const panel = `latent ${i + 1}${Number.isFinite(fit) ? `  (R² = ${fit.toFixed(3)})` : ''}`;
    panels.push(panel);
    for (let k = 0; k < xs.length; k++) values.push({ panel, layer: 'point', t: xs[k], r: ys[k] });
    // The diagonal spans the panel: its ends, 4 % beyond the data, set both axes' domains.
    const min = Math.min(...xs, ...ys);
    const max = Math.max(...xs, ...ys);
    const pad = (max - min) * 0.04 || 1;
    const lo = min - pad;
    const hi = max + pad;
    values.push({ panel, layer: 'diagonal', t: lo, r: lo }, { panel, layer: 'diagonal', t: hi, r: hi });
  }
  if (panels.length === 0) return null;
  const total = a.z[0].length;
  const caption =
    `${t.id} / ${p.propertyId}: true latents against recovered latents after the best ${a.className} map ` +
    `(trial ${a.trial}, ${rows.length} samples${total > dims ? `, first ${dims} of ${total} dimensions` : ''}); dashed: the diagonal.`;
  const x = { field: 't', type: 'quantitative', title: 'true zᵢ', scale: { zero: false, nice: false } } as const;
  const y = { field: 'r', type: 'quantitative', title: 'recovered ẑᵢ after the map', scale: { zero: false, nice: false } } as const;
  const spec: TopLevelSpec = {
    title: { text: `${t.id} / ${p.propertyId}`, subtitle: `true vs recovered latents after the best ${a.className} map (trial ${a.trial}, ${rows.length} samples)` },
    data: { values },
    // At most 4 panels a row, rows as even as possible (5 → 3 + 2).
    columns: Math.ceil(panels.length / Math.ceil(panels.length / 4)),
    facet: { field: 'panel', type: 'nominal', sort: panels, title: null, header: { labelFontSize: 11 } },
    spec: {
      width: 170,
      height: 170,
      layer: [
        {
          transform: [{ filter: "datum.layer === 'diagonal'" }],
          mark: { type: 'line', color: '#888888', strokeDash: [4, 3], strokeWidth: 1 },
          encoding: { x, y },
        },
        {
          name: 'latent_points',
          transform: [{ filter: "datum.layer === 'point'" }],
          mark: { type: 'circle', aria: false, size: 9, fillOpacity: 0.55, color: PASS_COLOUR },
          encoding: { x, y },
        },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    config: BASE_CONFIG,
  };
  return { name: `${safeName(t.id)}--${safeName(p.propertyId)}--latents`, kind: 'latents', theoremId: t.id, propertyId: p.propertyId, caption, spec };
}

/** Per recorded trial: its statistic (finite only) and whether it passed. */
export function trialPoints(p: PropertyResult): { index: number; value: number; pass: boolean }[] {
  const passes = (v: number): boolean =>
    p.direction === 'at-most' ? v <= p.threshold : p.direction === 'at-least' ? v >= p.threshold : v === p.threshold;
  if (p.outcomes && p.outcomes.length > 0)
    return p.outcomes.filter((o) => o.statistic !== null && Number.isFinite(o.statistic)).map((o) => ({ index: o.index, value: o.statistic as number, pass: o.pass }));
  const values = p.values ?? [];
  const out: { index: number; value: number; pass: boolean }[] = [];
  values.forEach((v, index) => {
    if (v === null || !Number.isFinite(v)) return;
    // Exact properties stop recording at the first failing world: with `equal`, that last value is the failure.
    const pass = p.direction === 'equal' && p.kind === 'exact' ? !(p.verdict === 'fail' && index === values.length - 1) : passes(v);
    out.push({ index, value: v, pass });
  });
  return out;
}

/** x scale of a statistic row: log for non-negative values crushed against zero on a linear axis (zeros drawn at a floor), else linear. */
function statisticScale(values: number[], threshold: number): { type: 'log' | 'linear'; domain: [number, number]; floor?: number } {
  const all = [...values, threshold].filter(Number.isFinite);
  const positives = all.filter((v) => v > 0);
  // Log when a linear axis would crush most points against zero: the median below 2 % of the largest value.
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const median = sorted.length > 0 ? sorted[sorted.length >> 1] : 0;
  if (all.every((v) => v >= 0) && positives.length > 0) {
    const lo = Math.min(...positives);
    const hi = Math.max(...positives);
    if (median < 0.02 * hi && hi / lo >= 100) {
      const floor = all.some((v) => v === 0) ? lo / 10 : undefined;
      return { type: 'log', domain: [(floor ?? lo) / 3, hi * 3], floor };
    }
  }
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.abs(hi) * 0.1 || 1;
  return { type: 'linear', domain: [lo - pad, hi + pad] };
}

/** A number for a figure: `fmt` without trailing zeros in the mantissa (1.00e-6 → 1e-6). */
export function shortNumber(v: number): string {
  return fmt(v).replace(/\.?0+e/, 'e');
}

function thresholdLabel(p: PropertyResult): string {
  return `${p.direction === 'at-most' ? '≤' : p.direction === 'at-least' ? '≥' : '='} ${shortNumber(p.threshold)}`;
}

/** Deterministic vertical jitter in [0.08, 0.92] (golden-ratio sequence); the band above 1 holds the threshold's label. */
function jitter(i: number): number {
  return 0.08 + 0.84 * ((i * 0.6180339887498949) % 1);
}

/** The statistic of every trial of each property of a theorem, with its threshold. */
function statisticPlan(t: TheoremResult): FigurePlan | null {
  const rows: TopLevelSpec[] = [];
  let plotted = 0;
  for (const p of t.properties) {
    const points = trialPoints(p);
    if (points.length === 0) continue;
    const scale = statisticScale(
      points.map((q) => q.value),
      p.threshold,
    );
    const missing = (p.values?.length ?? p.outcomes?.length ?? points.length) - points.length;
    const notes = [`${p.kind}, ${roleLabel(p.role)}`, `${points.length} trial${points.length === 1 ? '' : 's'}`];
    if (missing > 0) notes.push(`${missing} without a value`);
    if (scale.floor !== undefined) notes.push(`0 drawn at ${shortNumber(scale.floor)}`);
    notes.push(p.verdict === 'pass' ? 'pass' : 'FAIL');
    const data = points.map((q, k) => ({
      v: scale.floor !== undefined && q.value === 0 ? scale.floor : q.value,
      j: jitter(k),
      outcome: q.pass ? 'trial passed' : 'trial failed',
      trial: q.index,
    }));
    const xScale = { type: scale.type, domain: scale.domain, nice: false, zero: false };
    // The threshold's label goes on the side of the rule with more room.
    const at = (v: number) => (scale.type === 'log' ? Math.log(v) : v);
    const right = (at(p.threshold) - at(scale.domain[0])) / (at(scale.domain[1]) - at(scale.domain[0])) > 0.6;
    rows.push({
      title: { text: p.propertyId, subtitle: `${p.statistic.name} (${notes.join('; ')})`, fontSize: 12, subtitleFontSize: 10 },
      width: 460,
      height: 60,
      layer: [
        {
          name: `trial_values_${plotted}`,
          data: { values: data },
          mark: { type: 'point', filled: true, size: 42, fillOpacity: 0.8, clip: true },
          encoding: {
            x: {
              field: 'v',
              type: 'quantitative',
              scale: xScale,
              title: null,
              axis: scale.type === 'log' ? { format: '.0e', grid: true } : { grid: true, tickCount: 6 },
            },
            y: { field: 'j', type: 'quantitative', scale: { domain: [0, 1.3] }, axis: null },
            color: {
              field: 'outcome',
              type: 'nominal',
              scale: { domain: ['trial passed', 'trial failed'], range: [PASS_COLOUR, FAIL_COLOUR] },
              legend: { title: null, orient: 'top', direction: 'horizontal' },
            },
          },
        },
        {
          name: `threshold_${plotted}`,
          data: { values: [{ v: p.threshold }] },
          mark: { type: 'rule', color: '#222222', strokeDash: [5, 3], strokeWidth: 1.5 },
          encoding: { x: { field: 'v', type: 'quantitative', scale: xScale } },
        },
        {
          data: { values: [{ v: p.threshold, label: thresholdLabel(p) }] },
          mark: { type: 'text', align: right ? 'right' : 'left', baseline: 'top', dx: right ? -4 : 4, dy: 1, fontSize: 10, color: '#222222' },
          encoding: { x: { field: 'v', type: 'quantitative', scale: xScale }, y: { value: 0 }, text: { field: 'label' } },
        },
      ],
    } as TopLevelSpec);
    plotted++;
  }
  if (plotted === 0) return null;
  const caption = `${t.id}: each trial's statistic per property (dots; red: the trial failed) against the property's threshold (dashed line).`;
  const spec = {
    title: { text: t.id, subtitle: 'statistic of every trial against its threshold' },
    vconcat: rows,
    spacing: 22,
    resolve: { scale: { x: 'independent', color: 'shared' }, legend: { color: 'shared' } },
    config: BASE_CONFIG,
  } as TopLevelSpec;
  return { name: `${safeName(t.id)}--statistic`, kind: 'statistic', theoremId: t.id, caption, spec };
}

/** Training loss curves, one line per trial and run. */
function curvesPlan(t: TheoremResult, p: PropertyResult): FigurePlan | null {
  const curves = (p.artifacts?.curves ?? []).filter((c) => c.points.length > 0);
  if (curves.length === 0) return null;
  const finite = curves.flatMap((c) => c.points.filter(([s, l]) => Number.isFinite(s) && Number.isFinite(l)).map(([, l]) => l));
  if (finite.length === 0) return null;
  const log = finite.every((l) => l > 0);
  const trials = [...new Set(curves.map((c) => c.trial))].sort((a, b) => a - b);
  const runs = [...new Set(curves.map((c) => c.label))];
  const values: { step: number; loss: number; trial: string; run: string; series: string }[] = [];
  for (const c of curves) {
    const pts = c.points.filter(([s, l]) => Number.isFinite(s) && Number.isFinite(l) && (!log || l > 0));
    for (const k of strideIndices(pts.length, MAX_CURVE_POINTS))
      values.push({ step: pts[k][0], loss: pts[k][1], trial: `trial ${c.trial}`, run: c.label, series: `${c.trial}/${c.label}` });
  }
  const encoding: Record<string, unknown> = {
    x: { field: 'step', type: 'quantitative', title: 'training step' },
    y: { field: 'loss', type: 'quantitative', title: log ? 'training loss (log scale)' : 'training loss', scale: log ? { type: 'log' } : { zero: false } },
    color: {
      field: 'trial',
      type: 'nominal',
      sort: trials.map((k) => `trial ${k}`),
      scale: { scheme: trials.length <= 10 ? 'tableau10' : 'tableau20' },
      legend: { title: 'trial' },
    },
    detail: { field: 'series', type: 'nominal' },
  };
  if (runs.length > 1) encoding.strokeDash = { field: 'run', type: 'nominal', sort: runs, legend: { title: 'run' } };
  const spec = {
    title: { text: `${t.id} / ${p.propertyId}`, subtitle: `training loss per trial${runs.length > 1 ? ' and run' : ''}` },
    width: 460,
    height: 260,
    data: { values },
    name: 'loss_curves',
    mark: { type: 'line', aria: false, strokeWidth: 1.3, strokeOpacity: 0.85 },
    encoding,
    config: BASE_CONFIG,
  } as TopLevelSpec;
  const caption = `${t.id} / ${p.propertyId}: training loss against step${log ? ' (log scale)' : ''}, ${trials.length} trial${trials.length === 1 ? '' : 's'}${runs.length > 1 ? `, runs: ${runs.join(', ')}` : ''}.`;
  return { name: `${safeName(t.id)}--${safeName(p.propertyId)}--curves`, kind: 'curves', theoremId: t.id, propertyId: p.propertyId, caption, spec };
}

/** Heat maps of the trials' matrices: one panel per (trial, matrix), rows × columns, values in the cells. */
function matricesPlan(t: TheoremResult, p: PropertyResult): FigurePlan | null {
  const ms = p.artifacts?.matrices ?? [];
  if (ms.length === 0) return null;
  const values: { panel: string; row: string; col: string; value: number; label: string }[] = [];
  const panels: string[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of ms) {
    const panel = `trial ${m.trial}: ${m.title}`;
    if (!panels.includes(panel)) panels.push(panel);
    const [a, b] = m.range ?? [0, 1];
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
    m.values.forEach((row, i) =>
      row.forEach((v, j) => values.push({ panel, row: m.rowLabels[i] ?? String(i), col: m.colLabels[j] ?? String(j), value: Number.isFinite(v) ? v : 0, label: Number.isFinite(v) ? fmt(v) : '—' })),
    );
  }
  const spec = {
    title: { text: `${t.id} / ${p.propertyId}`, subtitle: 'per trial: rows × columns as titled' },
    data: { values },
    facet: { field: 'panel', type: 'nominal', sort: panels, title: null, header: { labelFontSize: 10 } },
    columns: 3,
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 150,
      height: 120,
      layer: [
        {
          mark: { type: 'rect', aria: false },
          encoding: {
            x: { field: 'col', type: 'nominal', sort: null, title: null },
            y: { field: 'row', type: 'nominal', sort: null, title: null },
            color: { field: 'value', type: 'quantitative', scale: { scheme: 'blues', domain: [lo, hi], clamp: true }, legend: { title: 'value' } },
          },
        },
        {
          mark: { type: 'text', aria: false, fontSize: 10 },
          encoding: {
            x: { field: 'col', type: 'nominal', sort: null },
            y: { field: 'row', type: 'nominal', sort: null },
            text: { field: 'label' },
            color: { condition: { test: `datum.value > ${(lo + hi) / 2}`, value: 'white' }, value: 'black' },
          },
        },
      ],
    },
    config: BASE_CONFIG,
  } as unknown as TopLevelSpec;
  const caption = `${t.id} / ${p.propertyId}: heat maps (${[...new Set(ms.map((m) => m.title))].join('; ')}) for ${new Set(ms.map((m) => m.trial)).size} trial(s).`;
  return { name: `${safeName(t.id)}--${safeName(p.propertyId)}--matrices`, kind: 'matrices', theoremId: t.id, propertyId: p.propertyId, caption, spec };
}

/** Every figure of a suite result, in report order (per theorem: statistic, then per property latents and curves); names unique. */
export function planFigures(r: SuiteResult): FigurePlan[] {
  const plans: FigurePlan[] = [];
  for (const t of r.theorems) {
    const s = statisticPlan(t);
    if (s) plans.push(s);
    for (const p of t.properties) {
      const l = latentsPlan(t, p);
      if (l) plans.push(l);
      const c = curvesPlan(t, p);
      if (c) plans.push(c);
      const m = matricesPlan(t, p);
      if (m) plans.push(m);
    }
  }
  const used = new Map<string, number>();
  for (const f of plans) {
    const n = used.get(f.name) ?? 0;
    used.set(f.name, n + 1);
    if (n > 0) f.name = `${f.name}-${n + 1}`;
  }
  return plans;
}

const quiet = vega.logger(vega.Error);
/** vega-scenegraph's text measure and SVG id counter (exported by vega, missing from its typings). */
const scenegraph = vega as unknown as { textMetrics: { width: (item: object, text: unknown) => number }; resetSVGDefIds: () => void };

/**
 * Compile a vega-lite spec and render it to an SVG string (headless, no canvas). Sets vega's text
 * measure to DejaVu Sans widths and restarts its clip-path ids, so equal specs give equal bytes.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  scenegraph.textMetrics.width = vegaTextWidth;
  scenegraph.resetSVGDefIds();
  const vg = compile(spec, { logger: quiet }).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Font files for the PNGs, and a note when none was found. */
export interface FontSetup {
  files: string[];
  family: string | null;
  note?: string;
}

const FONT_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/share/fonts/truetype/liberation',
  '/usr/share/fonts/liberation',
  '/usr/share/fonts/truetype/msttcorefonts',
  '/usr/local/share/fonts',
  join(homedir(), '.fonts'),
  join(homedir(), '.local/share/fonts'),
  '/Library/Fonts',
  '/System/Library/Fonts/Supplemental',
  'C:\\Windows\\Fonts',
];
const FONT_CANDIDATES: { family: string; files: string[] }[] = [
  { family: 'DejaVu Sans', files: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] },
  { family: 'Liberation Sans', files: ['LiberationSans-Regular.ttf', 'LiberationSans-Bold.ttf'] },
  { family: 'Arial', files: ['Arial.ttf', 'Arial Bold.ttf'] },
  { family: 'Arial', files: ['arial.ttf', 'arialbd.ttf'] },
];

let fontCache: FontSetup | undefined;

/**
 * Find a sans-serif font for resvg: `LATENTCHECK_FONT` (a .ttf/.otf file), else DejaVu Sans,
 * Liberation Sans or Arial in the usual folders. Without one, resvg scans the system fonts, and the
 * note says that text may be missing from the PNGs.
 */
export function findFonts(): FontSetup {
  if (fontCache) return fontCache;
  const env = process.env.LATENTCHECK_FONT;
  if (env && existsSync(env)) return (fontCache = { files: [env], family: null });
  for (const c of FONT_CANDIDATES)
    for (const dir of FONT_DIRS) {
      const regular = join(dir, c.files[0]);
      if (!existsSync(regular)) continue;
      const files = c.files.map((f) => join(dir, f)).filter((f) => existsSync(f));
      return (fontCache = { files, family: c.family });
    }
  return (fontCache = {
    files: [],
    family: null,
    note: 'No DejaVu Sans, Liberation Sans or Arial font file was found (set LATENTCHECK_FONT to a .ttf file): the PNGs use whatever system fonts resvg finds, and their text may be missing. The SVGs are unaffected.',
  });
}

function resvgOptions(fonts: FontSetup, scale: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      loadSystemFonts: fonts.files.length === 0,
      fontFiles: fonts.files,
      ...(fonts.family ? { defaultFontFamily: fonts.family, sansSerifFamily: fonts.family } : {}),
    },
    logLevel: 'off',
  };
}

/** Render an SVG string to PNG at `scale`× its size. */
export function svgToPng(svg: string, fonts: FontSetup = findFonts(), scale = 2): Buffer {
  return new Resvg(svg, resvgOptions(fonts, scale)).render().asPng();
}

