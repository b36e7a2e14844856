/**
 * Report pieces of the Feige family: the semi-supervised accuracy table (learner × label budget), latent
 * traversals along v for every class (a grid of decoded images, SVG → PNG), v coloured by the true angle per
 * class and r per class (vega-lite scatter plots). Used by scripts/feige-report.ts.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Mat } from '../core/matrix.ts';
import { deriveSeed, Rng } from '../rng/rng.ts';
import { renderSvg, svgToPng } from '../report/plots.ts';
import type { FeigeLearner, FeigeModel } from './learner.ts';
import { buildWorld, classManifoldData, learnerView } from './process.ts';
import type { ClassManifoldProcess, ClassManifoldWorld } from './types.ts';
import { classifierAccuracy } from './trial.ts';

/** One cell of the accuracy table. */
export interface SslCell {
  learner: string;
  labelFraction: number;
  seeds: number[];
  accuracies: number[];
}

/**
 * Test accuracy of argmax q(y | x) for every learner and label budget, over `seeds` (world and data seeds
 * derive from each; the same worlds for every learner and budget, so cells are paired).
 */
export function sslAccuracyTable(
  processOf: (seed: number) => ClassManifoldProcess,
  learners: { label: string; learner: FeigeLearner }[],
  budgets: number[],
  seeds: number[],
  opts: { count: number; testCount: number; onCell?: (c: SslCell) => void },
): SslCell[] {
  const cells: SslCell[] = [];
  for (const { label, learner } of learners)
    for (const f of budgets) {
      const cell: SslCell = { learner: label, labelFraction: f, seeds, accuracies: [] };
      for (const s of seeds) {
        const world = buildWorld({ ...processOf(s), labelFraction: f });
        const rng = new Rng(s);
        const data = classManifoldData(world, opts.count, rng.child('data'));
        const test = classManifoldData(world, opts.testCount, rng.child('test'), 0);
        const m = learner.fit(learnerView(data), { init: new Rng(deriveSeed(s, 'init')), batching: new Rng(deriveSeed(s, 'batching')) });
        try {
          const e = m.encode(test.x);
          cell.accuracies.push(classifierAccuracy({ ...e, y: test.y, theta: test.theta, transform: test.transform, classes: test.classes }));
        } finally {
          m.dispose();
        }
      }
      opts.onCell?.(cell);
      cells.push(cell);
    }
  return cells;
}

/** median [min, max] of numbers, 3 decimals. */
export function medianRange(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const med = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return `${med.toFixed(3)} [${s[0].toFixed(3)}, ${s[s.length - 1].toFixed(3)}]`;
}

/** Markdown table: rows = learners, columns = label budgets, cells median [min, max] accuracy. */
export function sslMarkdown(cells: SslCell[]): string {
  const budgets = [...new Set(cells.map((c) => c.labelFraction))];
  const learners = [...new Set(cells.map((c) => c.learner))];
  const head = `| learner | ${budgets.map((b) => `${+(b * 100).toFixed(1)} % labels`).join(' | ')} |\n|---|${budgets.map(() => '---').join('|')}|`;
  const rows = learners.map((l) => `| ${l} | ${budgets.map((b) => medianRange(cells.find((c) => c.learner === l && c.labelFraction === b)!.accuracies)).join(' | ')} |`);
  return [head, ...rows].join('\n');
}

/**
 * Latent traversal grid: one row per class k, one column per point of a shared path in v-space — the circle
 * of radius median ‖v‖ around v's mean, at `columns` angles — showing decode(r_k, v_j) as an image
 * (image renderers) or as the nearest-orbit reconstruction is not attempted for non-image renderers
 * (then the decoded vector is drawn as a 1-pixel-high strip). The same v in every row: a class-consistent v
 * shows every class turning the same way along the row. Returns an SVG string.
 */
export function traversalSvg(model: FeigeModel, world: ClassManifoldWorld, vSample: Mat, columns = 9): string {
  const K = world.process.classes;
  const mean = [0, 1].map((j) => vSample.reduce((s, r) => s + r[j], 0) / vSample.length);
  const radii = vSample.map((r) => Math.hypot(r[0] - mean[0], r[1] - mean[1])).sort((a, b) => a - b);
  const rho = radii[Math.floor(radii.length / 2)];
  const path = Array.from({ length: columns }, (_, j) => {
    const a = -Math.PI + (2 * Math.PI * j) / columns;
    return [mean[0] + rho * Math.cos(a), mean[1] + rho * Math.sin(a)];
  });
  const image = world.process.renderer.kind === 'image';
  const side = image ? (world.process.renderer as { size: number }).size : world.dim;
  const rowsPx = image ? side : 1;
  const cell = 4;
  const pad = 6;
  const w = columns * (side * cell + pad) + pad;
  const h = K * (rowsPx * cell * (image ? 1 : 8) + pad) + pad;
  let body = '';
  for (let k = 0; k < K; k++) {
    const dec = model.decode(path.map(() => k), path);
    dec.forEach((x, j) => {
      const lo = Math.min(...x);
      const hi = Math.max(...x);
      const x0 = pad + j * (side * cell + pad);
      const y0 = pad + k * (rowsPx * cell * (image ? 1 : 8) + pad);
      for (let r = 0; r < rowsPx; r++)
        for (let c = 0; c < side; c++) {
          const v = x[r * side + c];
          const g = Math.round(255 * Math.min(1, Math.max(0, (v - lo) / (hi - lo || 1))));
          body += `<rect x="${x0 + c * cell}" y="${y0 + r * cell * (image ? 1 : 8)}" width="${cell}" height="${cell * (image ? 1 : 8)}" fill="rgb(${g},${g},${g})"/>`;
        }
    });
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="${w}" height="${h}" fill="white"/>${body}</svg>`;
}

/** Vega-lite: v (first two coordinates), one panel per class, coloured by the true angle. */
export function vByAngleSpec(v: Mat, y: number[], theta: number[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values: v.map((r, i) => ({ v1: r[0], v2: r[1], cls: `class ${y[i]}`, theta: theta[i] })) },
    facet: { column: { field: 'cls', type: 'nominal', title: null } },
    spec: {
      width: 180,
      height: 180,
      mark: { type: 'circle', size: 14, opacity: 0.8 },
      encoding: {
        x: { field: 'v1', type: 'quantitative', title: 'v₁' },
        y: { field: 'v2', type: 'quantitative', title: 'v₂' },
        color: { field: 'theta', type: 'quantitative', title: 'θ (rad)', scale: { scheme: 'rainbow' } },
      },
    },
  } as TopLevelSpec;
}

/** Vega-lite: r (first two coordinates) coloured by class. */
export function rByClassSpec(r: Mat, y: number[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 240,
    height: 240,
    data: { values: r.map((row, i) => ({ r1: row[0], r2: row[1], cls: `class ${y[i]}` })) },
    mark: { type: 'circle', size: 20, opacity: 0.6 },
    encoding: {
      x: { field: 'r1', type: 'quantitative', title: 'r₁' },
      y: { field: 'r2', type: 'quantitative', title: 'r₂' },
      color: { field: 'cls', type: 'nominal', title: null },
    },
  } as TopLevelSpec;
}

/** Render a vega-lite spec to SVG and PNG. */
export async function specToFiles(spec: TopLevelSpec): Promise<{ svg: string; png: Buffer }> {
  const svg = await renderSvg(spec);
  return { svg, png: svgToPng(svg) };
}

export { svgToPng };
