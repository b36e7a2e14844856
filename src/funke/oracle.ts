/**
 * Training-free encoders of the Funke family, for the oracle controls of the trained properties and for
 * tests: each maps observations x to latents without training.
 * - `diagonalEncoder`: zᵢ = cᵢ·uᵢ (+ estimation noise), u the per-attribute generative factors (x itself, g⁻¹(x)
 *   for the mixed process, per-half template scores for images) — in the block class, CMI-optimal.
 * - `mixingEncoder`: z = M u with M = I + m (J − I)/(d − 1)·(d − 1)… i.e. every off-diagonal entry m — out of the
 *   block class; like Base it leans on the other attributes.
 * - `wienerEncoder` / `miEncoder`: the closed-form Base and Base+MI solutions of theory.ts (linear-Gaussian).
 * Estimation noise: independent Gaussian noise with `noise` × each column's variance (default 2 %, the size a
 * short training leaves; see src/theorem/trial.ts ORACLE_NOISE_SHARE).
 */
import type { Mat } from '../core/matrix.ts';
import { Rng } from '../rng/rng.ts';
import { IMAGE_SHAPE } from './process.ts';
import { processMixing } from './process.ts';
import { baseSolution, miSolution } from './theory.ts';
import type { FunkeProcess } from './types.ts';

/** Per-attribute factors of observations x (module doc). */
export function factorsOfX(p: FunkeProcess, x: Mat): Mat {
  if (p.kind === 'binary-mixed') return processMixing(p)!.invert(x);
  if (p.kind === 'images') return x.map((row) => [halfScore(row, 0), halfScore(row, IMAGE_SHAPE[0])]);
  return x;
}

/**
 * Template score of one 16 × 16 half: mean intensity on the ring (radius 3.5–5.5 around the centre, ±2 px shifts
 * included) minus mean intensity on the cross diagonals; > 0 for rings, < 0 for crosses.
 */
export function halfScore(row: number[], col0: number): number {
  const { ring, cross } = templatePixels();
  const [half, cols] = IMAGE_SHAPE;
  let rs = 0;
  let cs = 0;
  // Pixel offsets r·half + q in ascending order: the same sums, in the same order, as scanning every pixel.
  for (let k = 0; k < ring.length; k++) rs += row[Math.floor(ring[k] / half) * cols + col0 + (ring[k] % half)];
  for (let k = 0; k < cross.length; k++) cs += row[Math.floor(cross[k] / half) * cols + col0 + (cross[k] % half)];
  return rs / ring.length - cs / cross.length;
}

let TEMPLATE: { ring: Int32Array; cross: Int32Array } | null = null;

/** The template's ring and cross pixels of a half (offsets r·16 + q, ascending); fixed, so computed once. */
function templatePixels(): { ring: Int32Array; cross: Int32Array } {
  if (TEMPLATE) return TEMPLATE;
  const rows = IMAGE_SHAPE[0];
  const ring: number[] = [];
  const cross: number[] = [];
  for (let r = 0; r < rows; r++)
    for (let q = 0; q < rows; q++) {
      const dy = r - 7.5;
      const dx = q - 7.5;
      const rad = Math.hypot(dx, dy);
      if (Math.abs(dx - dy) <= 1 || Math.abs(dx + dy) <= 1) {
        if (rad <= 3) cross.push(r * rows + q);
      } else if (rad >= 3.5 && rad <= 6.5) ring.push(r * rows + q);
    }
  return (TEMPLATE = { ring: Int32Array.from(ring), cross: Int32Array.from(cross) });
}

function withNoise(z: Mat, rng: Rng, share: number): Mat {
  if (share <= 0) return z;
  const d = z[0].length;
  const sd = Array.from({ length: d }, (_, j) => {
    const m = z.reduce((s, r) => s + r[j], 0) / z.length;
    return Math.sqrt((share * z.reduce((s, r) => s + (r[j] - m) ** 2, 0)) / z.length);
  });
  return z.map((r) => r.map((v, j) => v + sd[j] * rng.normal()));
}

/** A deterministic-per-call noise stream: each encode call draws from a child of (seed, call index). */
function noisy(encodeClean: (x: Mat) => Mat, seed: number, share: number): (x: Mat) => Mat {
  let call = 0;
  return (x: Mat) => withNoise(encodeClean(x), new Rng(seed).child('oracle-noise', call++), share);
}

/** zᵢ = cᵢ uᵢ with cᵢ = ±e^{U(−1, 1)} from `seed` (+ noise). */
export function diagonalEncoder(p: FunkeProcess, seed: number, noise = 0.02): (x: Mat) => Mat {
  const rng = new Rng(seed).child('diag');
  const d = p.kind === 'images' ? 2 : p.d;
  const c = Array.from({ length: d }, () => rng.sign() * Math.exp(rng.range(-1, 1)));
  return noisy((x) => factorsOfX(p, x).map((r) => r.map((v, i) => c[i] * v)), seed, noise);
}

/** z = M u, M with unit diagonal and every off-diagonal entry m (default 0.6) (+ noise). */
export function mixingEncoder(p: FunkeProcess, seed: number, m = 0.6, noise = 0.02): (x: Mat) => Mat {
  return noisy((x) => factorsOfX(p, x).map((r) => r.map((_, i) => r.reduce((s, v, j) => s + (i === j ? 1 : m) * v, 0))), seed, noise);
}

/** The closed-form Base (Wiener) encoder of a linear-Gaussian process (+ noise). */
export function wienerEncoder(p: FunkeProcess & { kind: 'linear-gaussian' }, seed: number, noise = 0.02): (x: Mat) => Mat {
  const w = baseSolution(p).w;
  return noisy((x) => x.map((r) => w.map((wi) => wi.reduce((s, v, j) => s + v * r[j], 0))), seed, noise);
}

/** The closed-form Base+MI encoder of a 2-D linear-Gaussian process (+ noise). */
export function miEncoder(p: FunkeProcess & { kind: 'linear-gaussian' }, seed: number, noise = 0.02): (x: Mat) => Mat {
  const w = miSolution(p).w;
  return noisy((x) => x.map((r) => w.map((wi) => wi.reduce((s, v, j) => s + v * r[j], 0))), seed, noise);
}
