/**
 * The paper's picture, computed: per process and objective, VE / accuracy against the test correlation
 * (a line per objective, a band over seeds, a dashed reference = Base trained at ρ = 0), plus the results table
 * (train score, test at −ρ, 0, +ρ, worst case, Gaussian CMI estimate). Used by `scripts/funke-shift.ts`, which
 * writes SVG + PNG figures, a Markdown table and a LaTeX appendix fragment.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Learner } from '../learners/types.ts';
import { funkeLearner } from './learner.ts';
import type { FunkeLearnerConfig, FunkeObjective } from './learner.ts';
import { runFunkeTrial } from './trial.ts';
import type { FunkeProcess, AttributeData } from './types.ts';
import { describeProcess } from './process.ts';

/** One curve point: objective, seed, test correlation, score. */
export interface ShiftPoint {
  process: string;
  objective: string;
  seed: number;
  rho: number;
  score: number;
}

/** One table row (median over seeds). */
export interface ShiftRow {
  process: string;
  objective: string;
  metric: 'VE' | 'accuracy';
  seeds: number;
  train: number;
  atMinus: number;
  atZero: number;
  atPlus: number;
  worst: number;
  cmi: number;
}

/** The correlation-shift study: every (process, objective, seed, test ρ) point, the summary rows, and the runs that threw. */
export interface ShiftStudy {
  points: ShiftPoint[];
  rows: ShiftRow[];
  /** Runs that threw (bad input, divergence): recorded, and the study goes on without them. */
  errors?: { process: string; objective: string; seed: number; message: string }[];
}

/** One process of the shift study: its data process, the encoder used, the sample count and the training steps. */
export interface ShiftCase {
  /** Short label, e.g. 'linear-Gaussian d = 2'. */
  label: string;
  process: FunkeProcess;
  encoder: FunkeLearnerConfig['encoder'];
  count: number;
  steps: number;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Train each objective (and Base at ρ = 0 as the reference) on each case with `seeds` seeds, and score it on a grid
 * of test correlations. `onProgress` is called after every trained model.
 */
export function shiftStudy(
  cases: ShiftCase[],
  opts: { objectives: FunkeObjective[]; seeds: number; rhoGrid: number[]; testCount: number; lambda: number; seed: number; onProgress?: (msg: string) => void },
): ShiftStudy {
  const points: ShiftPoint[] = [];
  const rows: ShiftRow[] = [];
  const errors: NonNullable<ShiftStudy['errors']> = [];
  for (const c of cases) {
    const rho = c.process.rho;
    const runs: { name: string; objective: FunkeObjective; process: FunkeProcess }[] = [
      ...opts.objectives.map((o) => ({ name: o === 'base' ? 'Base' : o === 'mi' ? 'Base+MI' : o === 'cmi' ? 'Base+CMI' : 'Base+CMI (adversarial)', objective: o, process: c.process })),
      { name: 'Base trained at ρ = 0', objective: 'base', process: { ...c.process, rho: 0 } },
    ];
    for (const r of runs) {
      const learner: Learner<AttributeData> = funkeLearner({ objective: r.objective, lambda: opts.lambda, encoder: c.encoder, train: { steps: c.steps, batchSize: 128, learningRate: 1e-2, evalEvery: 100 } });
      const per: { train: number; at: number[]; worst: number; cmi: number; metric: 'VE' | 'accuracy' }[] = [];
      for (let s = 0; s < opts.seeds; s++) {
        const grid = [...new Set([...opts.rhoGrid, -rho, 0, rho])].sort((a, b) => a - b);
        let t: ReturnType<typeof runFunkeTrial>;
        try {
          t = runFunkeTrial(r.process, learner, { count: c.count, testCount: opts.testCount, testRhos: grid, seed: opts.seed + 1000 * s, blockCheck: false });
        } catch (e) {
          // Nothing computed so far is lost: the run is recorded as an error and the study continues.
          const message = e instanceof Error ? e.message : String(e);
          errors.push({ process: c.label, objective: r.name, seed: s, message });
          opts.onProgress?.(`${c.label} / ${r.name} / seed ${s}: FAILED (${message})`);
          continue;
        }
        for (const x of t.tests) points.push({ process: c.label, objective: r.name, seed: s, rho: x.rho, score: x.score });
        const at = [-rho, 0, rho].map((q) => t.tests.find((x) => x.rho === q)!.score);
        per.push({ train: t.train, at, worst: Math.min(...at), cmi: t.cmi, metric: t.metric });
        opts.onProgress?.(`${c.label} / ${r.name} / seed ${s}: train ${t.train.toFixed(3)}, worst ${Math.min(...at).toFixed(3)}`);
      }
      if (per.length === 0) continue;
      rows.push({
        process: c.label,
        objective: r.name,
        metric: per[0].metric,
        seeds: per.length,
        train: median(per.map((p) => p.train)),
        atMinus: median(per.map((p) => p.at[0])),
        atZero: median(per.map((p) => p.at[1])),
        atPlus: median(per.map((p) => p.at[2])),
        worst: median(per.map((p) => p.worst)),
        cmi: median(per.map((p) => p.cmi)),
      });
    }
  }
  return { points, rows, ...(errors.length ? { errors } : {}) };
}

/** Vega-lite spec of one process: score against ρ_test, one line per objective (median), band = min–max over seeds, dashed reference. */
export function shiftFigureSpec(study: ShiftStudy, processLabel: string): TopLevelSpec {
  const data = study.points.filter((p) => p.process === processLabel);
  const metric = study.rows.find((r) => r.process === processLabel)?.metric ?? 'VE';
  const isRef = { field: 'objective', equal: 'Base trained at ρ = 0' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `${processLabel}: ${metric} under correlation shift`, subtitle: 'trained at ρ = 0.8; line = median, band = range over seeds; dashed = Base trained at ρ = 0' },
    width: 360,
    height: 220,
    data: { values: data },
    encoding: {
      x: { field: 'rho', type: 'quantitative', title: 'test correlation ρ_test', scale: { domain: [-1, 1] } },
      color: { field: 'objective', type: 'nominal', title: 'objective' },
    },
    layer: [
      { mark: { type: 'area', opacity: 0.18 }, transform: [{ filter: { not: isRef } }], encoding: { y: { aggregate: 'min', field: 'score', type: 'quantitative' }, y2: { aggregate: 'max', field: 'score' } } },
      { mark: { type: 'line', point: true }, transform: [{ filter: { not: isRef } }], encoding: { y: { aggregate: 'median', field: 'score', type: 'quantitative', title: metric, scale: { zero: false } } } },
      { mark: { type: 'line', strokeDash: [5, 4] }, transform: [{ filter: isRef }], encoding: { y: { aggregate: 'median', field: 'score', type: 'quantitative' } } },
    ],
    config: { font: 'DejaVu Sans', background: 'white', view: { stroke: '#cccccc' } },
  } as unknown as TopLevelSpec;
}

const pct = (v: number) => (Number.isFinite(v) ? (100 * v).toFixed(1) : '–');

/** The results table in Markdown (scores in %, CMI in nats). */
export function shiftTableMarkdown(study: ShiftStudy): string {
  const lines = ['| process | objective | metric | train | test ρ = −0.8 | test ρ = 0 | test ρ = +0.8 | worst | Gaussian CMI (nats) | seeds |', '|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of study.rows)
    lines.push(`| ${r.process} | ${r.objective} | ${r.metric} % | ${pct(r.train)} | ${pct(r.atMinus)} | ${pct(r.atZero)} | ${pct(r.atPlus)} | ${pct(r.worst)} | ${Number.isFinite(r.cmi) ? r.cmi.toFixed(3) : '–'} | ${r.seeds} |`);
  return lines.join('\n');
}

const tex = (s: string) => s.replace(/ρ/g, '$\\rho$').replace(/%/g, '\\%').replace(/−/g, '$-$').replace(/×/g, '$\\times$').replace(/σ²/g, '$\\sigma^2$').replace(/[^\x00-\x7f]/g, '');

/** LaTeX appendix fragment: the table (booktabs) and one figure per process (PNG, `figures/…`). */
export function shiftLatex(study: ShiftStudy, figures: { label: string; file: string }[]): string {
  const out = [
    '% Funke et al. (2022): VE / accuracy under correlation shift (generated by scripts/funke-shift.ts)',
    '\\begin{table}[ht]\\centering\\small',
    '\\begin{tabular}{llrrrrrr}\\toprule',
    'process & objective & train & $\\rho_{test}=-0.8$ & $0$ & $+0.8$ & worst & CMI \\\\ \\midrule',
    ...study.rows.map((r) => `${tex(r.process)} & ${tex(r.objective)} & ${pct(r.train)} & ${pct(r.atMinus)} & ${pct(r.atZero)} & ${pct(r.atPlus)} & ${pct(r.worst)} & ${Number.isFinite(r.cmi) ? r.cmi.toFixed(3) : '--'} \\\\`),
    '\\bottomrule\\end{tabular}',
    '\\caption{Trained at $\\rho = 0.8$; VE or accuracy in \\%, median over seeds; CMI: Gaussian estimate in nats.}',
    '\\end{table}',
  ];
  for (const f of figures)
    out.push('\\begin{figure}[ht]\\centering', `\\includegraphics[width=0.8\\linewidth]{${f.file}}`, `\\caption{${tex(f.label)}: score against the test correlation.}`, '\\end{figure}');
  return out.join('\n') + '\n';
}

/** The default cases per profile (same settings as theorems/funke2022-trained.ts). */
export function defaultShiftCases(profile: 'quick' | 'full'): ShiftCase[] {
  const full = profile === 'full';
  const mixing = { kind: 'leaky-relu-mlp' as const, n: 2, layers: 1, negativeSlope: 0.5, maxCondition: 10, seed: 20221 };
  const cases: ShiftCase[] = [
    { label: 'linear-Gaussian d = 2', process: { kind: 'linear-gaussian', d: 2, rho: 0.8, sigma2: 0.1 }, encoder: 'linear', count: full ? 8000 : 4000, steps: full ? 2000 : 800 },
    { label: 'binary d = 2', process: { kind: 'binary', d: 2, rho: 0.8, sigma2: 0.5 }, encoder: full ? { hidden: [32] } : 'linear', count: full ? 8000 : 4000, steps: full ? 2000 : 800 },
    { label: 'binary d = 2, mixed', process: { kind: 'binary-mixed', d: 2, rho: 0.8, sigma2: 0.5, mixing }, encoder: { hidden: full ? [64, 64] : [32] }, count: full ? 8000 : 4000, steps: full ? 2000 : 800 },
    { label: 'images 16 × 32', process: { kind: 'images', rho: 0.8, occlusion: 0.2 }, encoder: { hidden: full ? [64] : [32] }, count: full ? 10000 : 4000, steps: full ? 2000 : 600 },
  ];
  return cases.map((c) => ({ ...c, label: c.label || describeProcess(c.process) }));
}
