/**
 * The class-manifold generator (types.ts): templates, the group acting on them (factors from src/groups),
 * the fixed renderers, datasets with a stratified label budget, and an analysis-by-synthesis classifier
 * (nearest rendered orbit point) that serves as the learner-independent judge of decoded images.
 *
 * Every draw derives from explicit seeds: the world (templates, renderer) from `process.seed`, the data
 * from the `rng` handed to `classManifoldData`. Bad input raises `InputError` naming the field and value.
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { identity, matmul } from '../core/matrix.ts';
import { buildGroupAction } from '../groups/actions.ts';
import type { GroupAction, GroupActionParams } from '../groups/types.ts';
import { Rng } from '../rng/rng.ts';
import type { ClassManifoldDataset, ClassManifoldProcess, ClassManifoldWorld, GroupElement, RendererSpec, TemplateSpec } from './types.ts';

/** Most classes (the learners sum over y exactly). */
export const MAX_CLASSES = 32;
/** Most points per template. */
export const MAX_TEMPLATE_POINTS = 256;
/** Group kinds that act on the templates' plane. */
export const PLANE_GROUP_KINDS = ['special-orthogonal', 'cyclic', 'translations', 'trivial'] as const;

function int(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new InputError(field, v, `an integer in [${min}, ${max}]`);
  return v;
}

function finitePositive(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new InputError(field, v, 'a finite number > 0');
  return v;
}

/** Centre a point set at its centroid and scale it to RMS radius 1. */
export function normaliseTemplate(points: Mat, field = 'template'): Mat {
  const m = points.length;
  const cx = points.reduce((s, p) => s + p[0], 0) / m;
  const cy = points.reduce((s, p) => s + p[1], 0) / m;
  const c = points.map((p) => [p[0] - cx, p[1] - cy]);
  const rms = Math.sqrt(c.reduce((s, p) => s + p[0] * p[0] + p[1] * p[1], 0) / m);
  if (!(rms > 1e-9)) throw new InputError(field, points, 'a point set that is not a single point (RMS radius > 0 after centring)');
  return c.map((p) => [p[0] / rms, p[1] / rms]);
}

function validateTemplate(t: unknown, classes: number): TemplateSpec {
  if (t === null || typeof t !== 'object') throw new InputError('template', t, "a template spec { kind: 'random' | 'cyclic' | 'given', … }");
  const s = t as Record<string, unknown>;
  switch (s.kind) {
    case 'random':
      return { kind: 'random', points: int('template.points', s.points, 3, MAX_TEMPLATE_POINTS) };
    case 'cyclic': {
      const n = int('template.n', s.n, 2, 64);
      const orbits = int('template.orbits', s.orbits, 1, Math.floor(MAX_TEMPLATE_POINTS / n));
      return { kind: 'cyclic', n, orbits };
    }
    case 'given': {
      const pts = s.points;
      if (!Array.isArray(pts) || pts.length !== classes) throw new InputError('template.points', pts, `${classes} point sets (one per class)`);
      pts.forEach((set, k) => {
        if (!Array.isArray(set) || set.length < 2 || set.length > MAX_TEMPLATE_POINTS)
          throw new InputError(`template.points[${k}]`, set, `a list of 2 … ${MAX_TEMPLATE_POINTS} points in R²`);
        (set as unknown[]).forEach((p, i) => {
          if (!Array.isArray(p) || p.length !== 2) throw new InputError(`template.points[${k}][${i}]`, p, 'a point [x, y] in R²');
          p.forEach((v, j) => {
            if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`template.points[${k}][${i}][${j}]`, v, 'a finite number');
          });
        });
        normaliseTemplate(set as Mat, `template.points[${k}]`);
      });
      return { kind: 'given', points: (pts as Mat[]).map((set) => set.map((p) => [p[0], p[1]])) };
    }
    default:
      throw new InputError('template.kind', s.kind, "one of: 'random', 'cyclic', 'given'");
  }
}

function validateRenderer(r: unknown): RendererSpec {
  if (r === null || typeof r !== 'object') throw new InputError('renderer', r, "a renderer spec { kind: 'point-mlp' | 'image', … }");
  const s = r as Record<string, unknown>;
  if (s.kind === 'point-mlp') return { kind: 'point-mlp', features: int('renderer.features', s.features, 2, 4096), hidden: int('renderer.hidden', s.hidden, 1, 4096) };
  if (s.kind === 'image') {
    const out: RendererSpec = { kind: 'image', size: int('renderer.size', s.size, 4, 64) };
    if (s.width !== undefined) out.width = finitePositive('renderer.width', s.width);
    if (s.extent !== undefined) out.extent = finitePositive('renderer.extent', s.extent);
    return out;
  }
  throw new InputError('renderer.kind', s.kind, "one of: 'point-mlp', 'image'");
}

/** Build and check the group factors: each must act on the plane R² the templates live in. */
export function planeGroup(params: unknown): { factors: GroupAction[]; params: GroupActionParams[] } {
  if (!Array.isArray(params) || params.length === 0) throw new InputError('group', params, 'a non-empty list of group actions on R² (src/groups params)');
  const factors = params.map((p, i) => {
    const rec = p as Record<string, unknown> | null;
    if (rec === null || typeof rec !== 'object') throw new InputError(`group[${i}]`, p, 'group action params (src/groups)');
    if (!(PLANE_GROUP_KINDS as readonly unknown[]).includes(rec.kind))
      throw new InputError(`group[${i}].kind`, rec.kind, `a group whose action on the templates' plane is defined: ${PLANE_GROUP_KINDS.join(', ')}`);
    if (rec.n !== 2) throw new InputError(`group[${i}].n`, rec.n, "2: the action must be on the plane R² of the templates' points");
    if (rec.kind === 'cyclic' && rec.representation !== 'rotation')
      throw new InputError(`group[${i}].representation`, rec.representation, "'rotation' (a cyclic shift of coordinates does not act on point positions)");
    return buildGroupAction(p as GroupActionParams);
  });
  const rotations = factors.filter((f) => f.kind === 'special-orthogonal' || f.kind === 'cyclic').length;
  const trans = factors.filter((f) => f.kind === 'translations').length;
  if (rotations > 1) throw new InputError('group', params.map((p) => (p as { kind: string }).kind), 'at most one rotation factor');
  if (trans > 1) throw new InputError('group', params.map((p) => (p as { kind: string }).kind), 'at most one translation factor');
  return { factors, params: factors.map((f) => f.params) };
}

/** Check a process (InputError naming the field); returns a normalised copy. */
export function validateProcess(p: unknown): ClassManifoldProcess {
  if (p === null || typeof p !== 'object') throw new InputError('process', p, 'a ClassManifoldProcess');
  const s = p as Record<string, unknown>;
  if (typeof s.classes !== 'number' || !Number.isInteger(s.classes) || s.classes < 2 || s.classes > MAX_CLASSES)
    throw new InputError('classes', s.classes, `an integer K in [2, ${MAX_CLASSES}] (one class identifies nothing)`);
  const classes = s.classes;
  const template = validateTemplate(s.template, classes);
  const renderer = validateRenderer(s.renderer);
  const { params } = planeGroup(s.group);
  const lf = s.labelFraction;
  if (typeof lf !== 'number' || !Number.isFinite(lf) || lf < 0 || lf > 1) throw new InputError('labelFraction', lf, 'a label budget in [0, 1]');
  const out: ClassManifoldProcess = { classes, template, group: params, renderer, labelFraction: lf, seed: 0 };
  if (s.maxAngle !== undefined) {
    const a = s.maxAngle;
    if (typeof a !== 'number' || !(a > 0 && a <= Math.PI)) throw new InputError('maxAngle', a, 'an angle in (0, π]');
    out.maxAngle = a;
  }
  if (s.noise !== undefined) {
    const n = s.noise;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new InputError('noise', n, 'a finite standard deviation ≥ 0');
    out.noise = n;
  }
  if (typeof s.seed !== 'number' || !Number.isInteger(s.seed)) throw new InputError('seed', s.seed, 'an integer seed');
  out.seed = s.seed;
  return out;
}

/** The K templates of a process (deterministic in `process.seed`). */
export function sampleTemplates(p: ClassManifoldProcess): Mat[] {
  const rng = new Rng(p.seed).child('templates');
  const t = p.template;
  if (t.kind === 'given') return t.points.map((set, k) => normaliseTemplate(set, `template.points[${k}]`));
  return Array.from({ length: p.classes }, () => {
    if (t.kind === 'random') return normaliseTemplate(Array.from({ length: t.points }, () => [rng.normal(), rng.normal()]));
    const pts: Mat = [];
    for (let o = 0; o < t.orbits; o++) {
      // Base points at radius 0.4–1 (keeps the orbit's points apart), random phase.
      const r = 0.4 + 0.6 * rng.uniform();
      const phi = 2 * Math.PI * rng.uniform();
      for (let j = 0; j < t.n; j++) pts.push([r * Math.cos(phi + (2 * Math.PI * j) / t.n), r * Math.sin(phi + (2 * Math.PI * j) / t.n)]);
    }
    return normaliseTemplate(pts);
  });
}

/**
 * The fixed renderer of a process (deterministic in `process.seed`).
 * point-mlp: φ(p) = W₂ᵀ tanh(W₁ᵀ p + b₁), W₁ ~ N(0, 1) (2 × hidden), b₁ ~ N(0, 1), W₂ ~ N(0, 1/hidden); x = mean_i φ(pᵢ).
 * image: x_pixel = Σᵢ exp(−‖c_pixel − pᵢ‖²/(2w²)), pixel centres on a size × size grid over [−e, e]²
 * (defaults w = 2.2e/size, e = 2.5: RMS-radius-1 templates translated by ≈ ±0.5 stay inside).
 * Both are sums over points, hence invariant under permuting the template's points (the stabiliser
 * control relies on it) and exact up to float64 round-off in the summation order.
 */
export function buildRenderer(
  spec: RendererSpec,
  seed: number,
): {
  /** Render a transformed template (its points) to one observation vector. */
  render: (points: Mat) => number[];
  /** Length of an observation vector. */
  dim: number;
} {
  if (spec.kind === 'point-mlp') {
    const rng = new Rng(seed).child('renderer');
    const h = spec.hidden;
    const f = spec.features;
    const w1 = Array.from({ length: 2 }, () => Array.from({ length: h }, () => rng.normal()));
    const b1 = Array.from({ length: h }, () => rng.normal());
    const w2 = Array.from({ length: h }, () => Array.from({ length: f }, () => rng.normal() / Math.sqrt(h)));
    const render = (points: Mat): number[] => {
      const out = new Array<number>(f).fill(0);
      const hid = new Array<number>(h);
      for (const p of points) {
        for (let j = 0; j < h; j++) hid[j] = Math.tanh(w1[0][j] * p[0] + w1[1][j] * p[1] + b1[j]);
        for (let j = 0; j < h; j++) {
          const a = hid[j];
          const row = w2[j];
          for (let k = 0; k < f; k++) out[k] += a * row[k];
        }
      }
      return out.map((v) => v / points.length);
    };
    return { render, dim: f };
  }
  const size = spec.size;
  const extent = spec.extent ?? 2.5;
  const width = spec.width ?? (2.2 * extent) / size;
  const centres = Array.from({ length: size }, (_, i) => -extent + ((i + 0.5) * 2 * extent) / size);
  const render = (points: Mat): number[] => {
    const out = new Array<number>(size * size).fill(0);
    const inv = 1 / (2 * width * width);
    for (const p of points) {
      // Row r ↔ y (top = +extent), column c ↔ x; separable Gaussian.
      const gx = centres.map((c) => Math.exp(-(c - p[0]) * (c - p[0]) * inv));
      const gy = centres.map((c) => Math.exp(-(c + p[1]) * (c + p[1]) * inv));
      for (let r = 0; r < size; r++) {
        const a = gy[r];
        if (a < 1e-12) continue;
        for (let c = 0; c < size; c++) out[r * size + c] += a * gx[c];
      }
    }
    return out;
  };
  return { render, dim: size * size };
}

/** Apply a homogeneous 3 × 3 plane transformation to points. */
export function transformPoints(points: Mat, m: Mat): Mat {
  return points.map((p) => [m[0][0] * p[0] + m[0][1] * p[1] + m[0][2], m[1][0] * p[0] + m[1][1] * p[1] + m[1][2]]);
}

function homogeneous(rot: Mat | null, t: readonly number[] | null): Mat {
  const m = identity(3);
  if (rot) {
    m[0][0] = rot[0][0];
    m[0][1] = rot[0][1];
    m[1][0] = rot[1][0];
    m[1][1] = rot[1][1];
  }
  if (t) {
    m[0][2] = t[0];
    m[1][2] = t[1];
  }
  return m;
}

function rotation(theta: number): Mat {
  return [
    [Math.cos(theta), -Math.sin(theta)],
    [Math.sin(theta), Math.cos(theta)],
  ];
}

/** Build the world of a process: templates, renderer, group (all validated). */
export function buildWorld(process: ClassManifoldProcess): ClassManifoldWorld {
  const p = validateProcess(process);
  const { factors } = planeGroup(p.group);
  const templates = sampleTemplates(p);
  const { render, dim } = buildRenderer(p.renderer, p.seed);
  const maxAngle = p.maxAngle ?? Math.PI;
  const hasRotation = factors.some((f) => f.kind === 'special-orthogonal' || f.kind === 'cyclic');
  const hasTranslation = factors.some((f) => f.kind === 'translations');
  const trivial = factors.every((f) => f.kind === 'trivial');
  const stabiliserOrder = p.template.kind === 'cyclic' ? p.template.n : 1;
  const sampleElement = (rng: Rng): GroupElement => {
    let m = identity(3);
    let theta = 0;
    let t: [number, number] = [0, 0];
    for (const f of factors) {
      let step: Mat;
      if (f.kind === 'special-orthogonal') {
        // Haar (uniform angle) through src/groups when the full circle is asked for, else uniform on the arc.
        const r = maxAngle >= Math.PI ? f.sample(rng, 1)[0] : f.represent(rotation(maxAngle * (2 * rng.uniform() - 1)));
        theta = Math.atan2(r[1][0], r[0][0]);
        step = homogeneous(r, null);
      } else if (f.kind === 'cyclic') {
        const r = f.sample(rng, 1)[0];
        theta = Math.atan2(r[1][0], r[0][0]);
        step = homogeneous(r, null);
      } else if (f.kind === 'translations') {
        const h = f.sample(rng, 1)[0];
        t = [h[0][2], h[1][2]];
        step = homogeneous(null, t);
      } else {
        // trivial: a nominal angle is drawn (the "transformation"), the action is the identity.
        theta = maxAngle * (2 * rng.uniform() - 1);
        step = homogeneous(f.sample(rng, 1)[0], null);
      }
      m = matmul(step, m);
    }
    return { theta, t, matrix: m };
  };
  const elementMatrix = (theta: number, t: readonly [number, number] = [0, 0]): Mat => {
    let m = identity(3);
    for (const f of factors) {
      const step = f.kind === 'translations' ? homogeneous(null, t) : f.kind === 'trivial' ? identity(3) : homogeneous(rotation(theta), null);
      m = matmul(step, m);
    }
    return m;
  };
  const observe = (y: number, theta: number, t?: readonly [number, number]): number[] => {
    if (!Number.isInteger(y) || y < 0 || y >= p.classes) throw new InputError('y', y, `a class in [0, ${p.classes})`);
    return render(transformPoints(templates[y], elementMatrix(theta, t)));
  };
  const tdesc =
    p.template.kind === 'random'
      ? `random ${p.template.points}-point templates`
      : p.template.kind === 'cyclic'
        ? `C_${p.template.n}-symmetric templates (${p.template.orbits} orbit${p.template.orbits > 1 ? 's' : ''})`
        : 'given templates';
  const rdesc = p.renderer.kind === 'point-mlp' ? `random point-MLP renderer → R^${dim}` : `${p.renderer.size}×${p.renderer.size} image renderer`;
  return {
    process: p,
    templates,
    render,
    dim,
    hasRotation,
    hasTranslation,
    trivial,
    stabiliserOrder,
    sampleElement,
    observe,
    description: `K = ${p.classes}, ${tdesc}, group ${factors.map((f) => f.description).join(' then ')}${hasRotation && maxAngle < Math.PI ? `, θ ∈ [−${maxAngle.toFixed(2)}, ${maxAngle.toFixed(2)}]` : ''}, ${rdesc}, ${Math.round(p.labelFraction * 100)}% labelled`,
  };
}

/** Translation scale of the world's translation factor (1 if none). */
export function translationScale(world: ClassManifoldWorld): number {
  const f = world.process.group.find((g) => g.kind === 'translations') as { scale: number } | undefined;
  return f?.scale ?? 1;
}

/** Regression targets of the transformation: (cos θ, sin θ) for rotations (and trivial), t / scale for translations. */
export function transformTargets(world: ClassManifoldWorld, theta: number[], t: Mat): Mat {
  const s = translationScale(world);
  return theta.map((a, i) => {
    const row: number[] = [];
    if (world.hasRotation || world.trivial) row.push(Math.cos(a), Math.sin(a));
    if (world.hasTranslation) row.push(t[i][0] / s, t[i][1] / s);
    return row;
  });
}

/**
 * `count` rows of the world: balanced classes (i mod K, shuffled), one group element each, x = render(g · T_y)
 * plus optional noise; the label mask keeps round(labelFraction · n_k) labels in every class k (stratified).
 */
export function classManifoldData(world: ClassManifoldWorld, count: number, rng: Rng, labelFraction = world.process.labelFraction): ClassManifoldDataset {
  int('count', count, world.process.classes, 1_000_000);
  if (typeof labelFraction !== 'number' || !(labelFraction >= 0 && labelFraction <= 1)) throw new InputError('labelFraction', labelFraction, 'a label budget in [0, 1]');
  const K = world.process.classes;
  const y = rng.child('classes').shuffle(Array.from({ length: count }, (_, i) => i % K));
  const er = rng.child('elements');
  const nr = rng.child('noise');
  const noise = world.process.noise ?? 0;
  const theta: number[] = [];
  const t: Mat = [];
  const x: Mat = y.map((k) => {
    const g = world.sampleElement(er);
    theta.push(g.theta);
    t.push([g.t[0], g.t[1]]);
    const obs = world.render(transformPoints(world.templates[k], g.matrix));
    return noise > 0 ? obs.map((v) => v + noise * nr.normal()) : obs;
  });
  const labelled = new Array<boolean>(count).fill(false);
  const lr = rng.child('labels');
  for (let k = 0; k < K; k++) {
    const rows = y.map((c, i) => (c === k ? i : -1)).filter((i) => i >= 0);
    const keep = Math.round(labelFraction * rows.length);
    lr.shuffle(rows)
      .slice(0, keep)
      .forEach((i) => (labelled[i] = true));
  }
  return { x, y, labelled, theta, t, transform: transformTargets(world, theta, t), classes: K };
}

/** The learner's view of a dataset: labels where labelled, −1 elsewhere. */
export function learnerView(d: ClassManifoldDataset): import('./types.ts').FeigeData {
  return { x: d.x, labels: d.y.map((c, i) => (d.labelled[i] ? c : -1)), classes: d.classes };
}

/**
 * An analysis-by-synthesis classifier, independent of any learner: a library of noise-free renders of every
 * class on a grid of group elements (rotation: `angles` angles over the sampled range; translation: a
 * `grid` × `grid` lattice over ±2.5 scale), and each query is assigned the class and element of its nearest
 * library render (Euclidean). Returns per query the class, angle and translation of the match.
 */
export function orbitClassifier(world: ClassManifoldWorld, opts: { angles?: number; grid?: number } = {}) {
  const maxAngle = world.process.maxAngle ?? Math.PI;
  const nA = world.hasRotation ? opts.angles ?? 180 : 1;
  const nG = world.hasTranslation ? opts.grid ?? 11 : 1;
  const s = translationScale(world);
  const lib: { y: number; theta: number; t: [number, number]; x: number[] }[] = [];
  for (let k = 0; k < world.process.classes; k++)
    for (let a = 0; a < nA; a++)
      for (let i = 0; i < nG; i++)
        for (let j = 0; j < nG; j++) {
          const theta = world.hasRotation ? -maxAngle + ((a + 0.5) * 2 * maxAngle) / nA : 0;
          const t: [number, number] = world.hasTranslation ? [s * (-2.5 + (5 * i) / (nG - 1)), s * (-2.5 + (5 * j) / (nG - 1))] : [0, 0];
          lib.push({ y: k, theta, t, x: world.observe(k, theta, t) });
        }
  return (xs: Mat): { y: number; theta: number; t: [number, number] }[] =>
    xs.map((q) => {
      let best = 0;
      let bestD = Infinity;
      lib.forEach((e, idx) => {
        let d = 0;
        for (let c = 0; c < q.length && d < bestD; c++) d += (q[c] - e.x[c]) ** 2;
        if (d < bestD) {
          bestD = d;
          best = idx;
        }
      });
      const e = lib[best];
      return { y: e.y, theta: e.theta, t: e.t };
    });
}
