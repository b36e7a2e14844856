/**
 * Data processes with correlated attributes (Funke, Vicol et al. 2022; theory.md §4). Pure: a process, a count
 * and a seeded `Rng` in, samples out (only named child streams are drawn from).
 *
 * Attributes a ∈ R^d with the signed equicorrelation of `theory.ts` (corr(aᵢ, aⱼ) = |ρ| cᵢcⱼ, c = 1 for ρ ≥ 0 and
 * alternating signs for ρ < 0, so d = 2 has exactly corr ρ and any ρ ∈ [−1, 1] is valid in every dimension):
 * - `linear-gaussian`: s = c ⊙ (√|ρ| v 1 + √(1 − |ρ|) u), v ~ N(0, 1), u ~ N(0, I) — Cov s = Σ_ρ; x = s + ε,
 *   ε ~ N(0, σ² I).
 * - `binary`: a = c ⊙ b, bᵢ = m with probability (1 + √|ρ|)/2 and −m otherwise, independently given a shared
 *   sign m = ±1: E[bᵢbⱼ] = (√|ρ|)² = |ρ|, so corr(aᵢ, aⱼ) = |ρ|cᵢcⱼ. For d = 2 the joint of (a₁, a₂) is
 *   ∝ [[1 + ρ, 1 − ρ], [1 − ρ, 1 + ρ]] (P(a₁ = a₂) = (1 + ρ)/2), the paper's table. x = a + ε.
 * - `binary-mixed`: the same a, observed as x = g(a + ε) through an invertible leaky-ReLU mixing g of
 *   `src/generators/` (exact inverse, conditioned weights).
 * - `images`: d = 2 attributes rendered into a 16 × 32 grey image (flattened row-major, 512 values in [0, 1]): the
 *   left 16 × 16 half shows a glyph for a₁, the right half one for a₂ (a = +1: a ring, a = −1: a cross), each
 *   with a random shift of ±2 px, stroke width 1 or 2 and intensity in [0.7, 1]; (a₁, a₂) from the 2 × 2 joint
 *   above. Occlusion noise t ∈ [0, 1): a uniform 4 × 8 grid, upsampled ×4 (nearest), sets the pixels where it
 *   is ≤ t to grey 0.5 (so a share ≈ t of the image is hidden in 4 × 4 patches). Everything is generated here.
 *
 * The correlation-shift evaluator `shiftCorrelation(process, ρ_test)` is the same process with the attribute
 * correlation replaced by any ρ_test ∈ [−1, 1] (training processes need ρ ∈ (−1, 1)).
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { assertNumber, assertPositiveInt } from '../core/validate.ts';
import { buildMixing, validateMixingParams } from '../generators/mixing.ts';
import type { Mixing, MixingParams } from '../generators/types.ts';
import type { Rng } from '../rng/rng.ts';
import { assertNoiseVariance, assertRho, correlationSigns } from './theory.ts';
import type { FunkeDataset, FunkeProcess } from './types.ts';

/** Process kinds. */
export const FUNKE_PROCESS_KINDS: readonly FunkeProcess['kind'][] = ['linear-gaussian', 'binary', 'binary-mixed', 'images'];
/** Largest attribute dimension accepted. */
export const MAX_ATTRIBUTES = 64;
/** Image size (rows × columns) of the `images` process. */
export const IMAGE_SHAPE: readonly [number, number] = [16, 32];
/** Coarse occlusion grid (rows × columns), upsampled ×4 to the image. */
export const OCCLUSION_GRID: readonly [number, number] = [4, 8];
/** Grey value of occluded pixels. */
export const OCCLUSION_GREY = 0.5;

/** Validate a process (InputError naming `process.kind`, `process.d`, `process.rho`, `process.sigma2`, …). `closedRho` allows ρ = ±1 (test processes). */
export function validateProcess(process: unknown, opts: { closedRho?: boolean } = {}): FunkeProcess {
  if (process === null || typeof process !== 'object') throw new InputError('process', process, `a process { kind: ${FUNKE_PROCESS_KINDS.join(' | ')} }`);
  const p = process as Record<string, unknown>;
  const kind = p.kind as FunkeProcess['kind'];
  if (!FUNKE_PROCESS_KINDS.includes(kind)) throw new InputError('process.kind', p.kind, `one of ${FUNKE_PROCESS_KINDS.join(', ')}`);
  const rho = assertRho('process.rho', p.rho, { closed: opts.closedRho });
  if (kind === 'images') {
    const t = p.occlusion;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t >= 1) throw new InputError('process.occlusion', t, 'an occlusion level t in [0, 1)');
    return { kind, rho, occlusion: t };
  }
  const d = assertPositiveInt('process.d', p.d);
  if (d < 2 || d > MAX_ATTRIBUTES) throw new InputError('process.d', d, `between 2 and ${MAX_ATTRIBUTES} attributes`);
  const sigma2 = assertNoiseVariance('process.sigma2', p.sigma2);
  if (kind === 'binary-mixed') {
    const mixing = validateMixingParams(p.mixing);
    if (mixing.n !== d) throw new InputError('process.mixing.n', mixing.n, `the attribute dimension d = ${d}`);
    return { kind, d, rho, sigma2, mixing };
  }
  return { kind, d, rho, sigma2 };
}

/** Number of attributes of a process (2 for images). */
export function attributeCount(p: FunkeProcess): number {
  return p.kind === 'images' ? 2 : p.d;
}

/** Dimension of the observations x. */
export function observationDim(p: FunkeProcess): number {
  return p.kind === 'images' ? IMAGE_SHAPE[0] * IMAGE_SHAPE[1] : p.d;
}

/** Whether the attributes are continuous (MSE heads, VE) or binary ±1 (cross-entropy heads, accuracy). */
export function attributeType(p: FunkeProcess): 'continuous' | 'binary' {
  return p.kind === 'linear-gaussian' ? 'continuous' : 'binary';
}

/** The same process at test correlation ρ_test ∈ [−1, 1] (the correlation-shift evaluator). */
export function shiftCorrelation(process: FunkeProcess, rhoTest: number): FunkeProcess {
  const r = assertRho('rhoTest', rhoTest, { closed: true });
  return validateProcess({ ...validateProcess(process, { closedRho: true }), rho: r }, { closedRho: true });
}

/** Signed-equicorrelated Gaussian attributes (module doc): n × d. */
export function sampleGaussianAttributes(d: number, rho: number, n: number, rng: Rng): Mat {
  const c = correlationSigns(d, rho);
  const a = Math.sqrt(Math.abs(rho));
  const b = Math.sqrt(1 - Math.abs(rho));
  const shared = rng.child('shared');
  const own = rng.child('own');
  return Array.from({ length: n }, () => {
    const v = shared.normal();
    return c.map((ci) => ci * (a * v + b * own.normal()));
  });
}

/** Signed-equicorrelated ±1 attributes (module doc): n × d. */
export function sampleBinaryAttributes(d: number, rho: number, n: number, rng: Rng): Mat {
  const c = correlationSigns(d, rho);
  const keep = (1 + Math.sqrt(Math.abs(rho))) / 2;
  const shared = rng.child('shared');
  const own = rng.child('own');
  return Array.from({ length: n }, () => {
    const m = shared.uniform() < 0.5 ? -1 : 1;
    return c.map((ci) => ci * (own.uniform() < keep ? m : -m));
  });
}

function addNoise(a: Mat, sigma2: number, rng: Rng): Mat {
  const sd = Math.sqrt(sigma2);
  return a.map((row) => row.map((v) => v + sd * rng.normal()));
}

/** Draw a ring (a = +1) or a cross (a = −1) into the 16 × 16 half starting at column `col0`. */
/**
 * Pixels of one glyph (offsets in its 16 × 16 half, row-major) for centre (cy, cx), stroke width and kind. A glyph has
 * 5 × 5 centres × 2 widths × 2 kinds = 100 shapes, so each is computed once and cached; the rendered image is the same
 * as testing every pixel per image.
 */
function glyphPixels(cy: number, cx: number, width: number, ring: boolean): Int32Array {
  const key = `${cy},${cx},${width},${ring ? 1 : 0}`;
  let px = GLYPHS.get(key);
  if (px) return px;
  const size = IMAGE_SHAPE[0];
  const on: number[] = [];
  for (let r = 0; r < size; r++)
    for (let q = 0; q < size; q++) {
      const dy = r - cy;
      const dx = q - cx;
      const hit = ring
        ? Math.abs(Math.hypot(dx, dy) - 4.5) <= width / 2 + 0.25
        : Math.max(Math.abs(dx), Math.abs(dy)) <= 5 && (Math.abs(dx - dy) <= width / 2 + 0.25 || Math.abs(dx + dy) <= width / 2 + 0.25);
      if (hit) on.push(r * size + q);
    }
  px = Int32Array.from(on);
  GLYPHS.set(key, px);
  return px;
}
const GLYPHS = new Map<string, Int32Array>();

function drawGlyph(img: number[], cols: number, col0: number, label: number, rng: Rng): void {
  const size = IMAGE_SHAPE[0];
  const cy = 7.5 + (rng.int(5) - 2);
  const cx = 7.5 + (rng.int(5) - 2);
  const width = 1 + rng.int(2);
  const intensity = rng.range(0.7, 1);
  const px = glyphPixels(cy, cx, width, label > 0);
  for (let k = 0; k < px.length; k++) {
    const r = (px[k] / size) | 0;
    img[r * cols + col0 + (px[k] - r * size)] = intensity;
  }
}

/** Render one image for attributes (a₁, a₂) with occlusion t (module doc); rows flattened row-major. */
export function renderImage(a1: number, a2: number, occlusion: number, rng: Rng): number[] {
  const [rows, cols] = IMAGE_SHAPE;
  const img = new Array<number>(rows * cols).fill(0);
  drawGlyph(img, cols, 0, a1, rng);
  drawGlyph(img, cols, rows, a2, rng);
  if (occlusion > 0) {
    const [gr, gc] = OCCLUSION_GRID;
    const grid = Array.from({ length: gr * gc }, () => rng.uniform());
    const cell = occlusionCells();
    for (let k = 0; k < cell.length; k++) if (grid[cell[k]] <= occlusion) img[k] = OCCLUSION_GREY;
  }
  return img;
}

let CELLS: Int32Array | null = null;

/** The occlusion-grid cell of every pixel (row-major), fixed by the image and grid shapes, so computed once. */
function occlusionCells(): Int32Array {
  if (CELLS) return CELLS;
  const [rows, cols] = IMAGE_SHAPE;
  const [gr, gc] = OCCLUSION_GRID;
  const fy = rows / gr;
  const fx = cols / gc;
  const cell = new Int32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) cell[r * cols + q] = Math.floor(r / fy) * gc + Math.floor(q / fx);
  return (CELLS = cell);
}

/**
 * `count` samples of `process`: attributes `a` (n × d), observations `x`. Streams: 'attributes', 'noise',
 * 'render' children of `rng`. Mixed processes build their mixing from its params (pure); pass `mixing` to
 * reuse one already built.
 */
export function sampleProcess(process: FunkeProcess, count: number, rng: Rng, opts: { mixing?: Mixing; closedRho?: boolean } = {}): FunkeDataset {
  const p = validateProcess(process, { closedRho: opts.closedRho });
  const n = assertPositiveInt('count', count);
  const d = attributeCount(p);
  const type = attributeType(p);
  const a = type === 'continuous' ? sampleGaussianAttributes(d, p.rho, n, rng.child('attributes')) : sampleBinaryAttributes(d, p.rho, n, rng.child('attributes'));
  let x: Mat;
  if (p.kind === 'images') {
    const r = rng.child('render');
    x = a.map((row) => renderImage(row[0], row[1], p.occlusion, r));
  } else {
    x = addNoise(a, p.sigma2, rng.child('noise'));
    if (p.kind === 'binary-mixed') x = (opts.mixing ?? buildMixing(p.mixing as MixingParams)).apply(x);
  }
  return { x, xNext: x, attributes: a, attributeType: type, process: p };
}

/** The mixing of a `binary-mixed` process (null otherwise). */
export function processMixing(p: FunkeProcess): Mixing | null {
  return p.kind === 'binary-mixed' ? buildMixing(p.mixing) : null;
}

/** Short description, e.g. "binary d = 4, ρ = 0.8, σ² = 0.1". */
export function describeProcess(process: FunkeProcess): string {
  const p = validateProcess(process, { closedRho: true });
  if (p.kind === 'images') return `two-part images 16×32, ρ = ${p.rho}, occlusion t = ${p.occlusion}`;
  const base = `${p.kind} d = ${p.d}, ρ = ${p.rho}, σ² = ${p.sigma2}`;
  return p.kind === 'binary-mixed' ? `${base}, leaky-ReLU mixing (${p.mixing.layers} layer${p.mixing.layers === 1 ? '' : 's'})` : base;
}

/** Empirical correlation of two columns (for tests and reports). */
export function columnCorrelation(a: Mat, i: number, j: number): number {
  assertNumber('i', i, { integer: true, min: 0 });
  assertNumber('j', j, { integer: true, min: 0 });
  const n = a.length;
  let mi = 0;
  let mj = 0;
  for (const r of a) {
    mi += r[i];
    mj += r[j];
  }
  mi /= n;
  mj /= n;
  let sij = 0;
  let sii = 0;
  let sjj = 0;
  for (const r of a) {
    sij += (r[i] - mi) * (r[j] - mj);
    sii += (r[i] - mi) ** 2;
    sjj += (r[j] - mj) ** 2;
  }
  return sij / Math.sqrt(sii * sjj);
}
