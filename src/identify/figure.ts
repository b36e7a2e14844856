/**
 * The lattice figure of an identify result: classes as nodes (finest at the bottom, `none` on top), the
 * covering pairs as edges, each node shaded by the share of worlds with h inside; the finest classes are
 * outlined in black, the predicted class dashed in red. A vega-lite spec rendered by `src/report/plots.ts`
 * (SVG, then PNG with resvg), so the same result gives the same bytes.
 */
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg, safeName, svgToPng } from '../report/plots.ts';
import type { IdentifyResult } from './types.ts';

/** Level of each class: the longest chain of covering pairs below it (0 for the finest classes). */
export function levels(ids: readonly string[], edges: readonly [string, string][]): Map<string, number> {
  const level = new Map(ids.map((id) => [id, 0]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, b] of edges)
      if (level.get(b)! < level.get(a)! + 1) {
        level.set(b, level.get(a)! + 1);
        changed = true;
      }
  }
  return level;
}

/** vega-lite spec of the lattice figure. */
export function latticeSpec(r: IdentifyResult): TopLevelSpec {
  const ids = r.classes.map((c) => c.id);
  const level = levels(ids, r.edges);
  const top = Math.max(...level.values());
  const pos = new Map<string, { x: number; y: number }>();
  for (let l = 0; l <= top; l++) {
    const row = ids.filter((id) => level.get(id) === l);
    row.forEach((id, k) => pos.set(id, { x: (k + 1) / (row.length + 1), y: l }));
  }
  const nodes = r.classes.map((c) => ({
    id: c.id,
    x: pos.get(c.id)!.x,
    y: pos.get(c.id)!.y,
    share: c.share,
    label: `${c.id}`,
    sub: `${c.inside}/${c.trials} inside · seeds differ ${c.seedsDisagree}/${c.trials}`,
    role: r.finest.includes(c.id) ? 'finest' : 'other',
    predicted: c.id === r.predicted ? 'predicted' : 'not',
  }));
  const edges = r.edges.map(([a, b]) => ({ x: pos.get(a)!.x, y: pos.get(a)!.y, x2: pos.get(b)!.x, y2: pos.get(b)!.y }));
  const x = { field: 'x', type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: null };
  const y = { field: 'y', type: 'quantitative' as const, scale: { domain: [-0.5, top + 0.5] }, axis: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `${r.theoremId} / ${r.propertyId}`,
      subtitle: [
        `shade: share of ${r.trials} worlds with h inside (distance ≤ ${r.tolerance}, every one of ${r.seeds} seeds); black outline: finest, dashed red: predicted`,
        `finest: ${r.finest.join(', ')}; predicted: ${r.predicted ?? '–'} → ${r.verdict}`,
      ],
      fontSize: 13,
      subtitleFontSize: 10,
    },
    width: 720,
    height: 100 * (top + 1),
    background: 'white',
    config: { font: 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif', view: { stroke: null }, title: { anchor: 'start', subtitleColor: '#555555' } },
    layer: [
      { data: { values: edges }, mark: { type: 'rule', color: '#999999', strokeWidth: 1.2 }, encoding: { x, y, x2: { field: 'x2' }, y2: { field: 'y2' } } },
      {
        data: { values: nodes },
        mark: { type: 'point', shape: 'square', size: 1600, filled: true, opacity: 1, stroke: '#888888', strokeWidth: 0.5 },
        encoding: {
          x,
          y,
          color: { field: 'share', type: 'quantitative', scale: { domain: [0, 1], scheme: 'blues' }, legend: { title: 'share inside', orient: 'right' } },
        },
      },
      {
        data: { values: nodes.filter((n) => n.role === 'finest') },
        mark: { type: 'point', shape: 'square', size: 1600, filled: false, stroke: '#000000', strokeWidth: 3 },
        encoding: { x, y },
      },
      {
        data: { values: nodes.filter((n) => n.predicted === 'predicted') },
        mark: { type: 'point', shape: 'square', size: 2900, filled: false, stroke: '#e45756', strokeWidth: 2, strokeDash: [4, 3] },
        encoding: { x, y },
      },
      {
        data: { values: nodes },
        mark: { type: 'text', dy: -32, fontSize: 11, fontWeight: 'bold', color: '#222222' },
        encoding: { x, y, text: { field: 'label' } },
      },
      {
        data: { values: nodes },
        mark: { type: 'text', dy: 34, fontSize: 9, color: '#444444' },
        encoding: { x, y, text: { field: 'sub' } },
      },
    ],
  } as TopLevelSpec;
}

/** File stem of a result's figure. */
export function figureStem(r: IdentifyResult): string {
  return `identify-${safeName(r.theoremId)}-${safeName(r.propertyId)}`;
}

/** SVG and PNG of the lattice figure. */
export async function renderLattice(r: IdentifyResult): Promise<{ svg: string; png: Buffer }> {
  const svg = await renderSvg(latticeSpec(r));
  return { svg, png: svgToPng(svg) };
}
