/**
 * Training-free evaluation of the family's ELBO (losses.ts) with an oracle encoder and an oracle decoder
 * (theory.md §1, exact properties; Feige 2019's structural assumption made explicit):
 *
 *   encoder: q(y | x) = one-hot(true class), q(v | x) = N(μ(g), σ_q² I) with μ(g) the group coordinates of x's
 *            element g: ρ(cos θ, sin θ) for a rotation, t / scale for a translation (both for the product);
 *   decoder: D_C(k, v) = render(read(C_k v) · T_k), `read` the inverse of μ (angle of the rotation block,
 *            scale × the translation block), C_k orthogonal on v's blocks. A *class-agnostic* decoder has one
 *            C for every class (it reads the group element from v the same way whatever r is).
 *
 * A reparametrisation φ_y of v (v′ = φ_y(v), applied to the reparametrised samples, which for orthogonal φ
 * and isotropic q are samples of N(φ_y μ, σ_q² I)) keeps KL(q(v|x) ‖ N(0, I)) (‖φμ‖ = ‖μ‖) and keeps every
 * reconstruction iff the decoder undoes it: C_k = φ_k⁻¹. A class-consistent φ (= Q for all y) is undone by
 * the class-agnostic C = Qᵀ, so the ELBO is unchanged; a class-dependent one (Q_y differing by more than the
 * templates' stabiliser) is not undone by any single C, so −ELBO rises — unless the decoder may read r to
 * pick C_k per class (then it is unchanged too: the objective alone does not prefer class consistency).
 *
 * Monte Carlo: `samples` fixed draws ε per row (same ε for every map compared), so differences are exact.
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import type { Rng } from '../rng/rng.ts';
import { negativeElboRows } from './losses.ts';
import { transformPoints, translationScale } from './process.ts';
import type { ClassManifoldWorld } from './types.ts';

/** A 2 × 2 orthogonal map: rotation by `angle`, preceded by the reflection diag(1, −1) when `reflect`. */
export interface PlaneOrthogonal {
  angle: number;
  reflect: boolean;
}

/** An orthogonal map of v: one PlaneOrthogonal per 2-D block of v (rotation block first, then translation). */
export type BlockOrthogonal = PlaneOrthogonal[];

export const IDENTITY_2: PlaneOrthogonal = { angle: 0, reflect: false };

/** Apply a PlaneOrthogonal to a 2-vector. */
export function applyPlane(q: PlaneOrthogonal, u: readonly number[]): [number, number] {
  const y = q.reflect ? -u[1] : u[1];
  const c = Math.cos(q.angle);
  const s = Math.sin(q.angle);
  return [c * u[0] - s * y, s * u[0] + c * y];
}

/** The inverse of a PlaneOrthogonal (R(a)F)⁻¹ = F R(−a) = R(a)F when reflecting, R(−a) otherwise. */
export function invertPlane(q: PlaneOrthogonal): PlaneOrthogonal {
  return q.reflect ? { angle: q.angle, reflect: true } : { angle: -q.angle, reflect: false };
}

function applyBlocks(q: BlockOrthogonal, v: readonly number[]): number[] {
  const out: number[] = [];
  for (let b = 0; b < v.length / 2; b++) out.push(...applyPlane(q[b] ?? IDENTITY_2, [v[2 * b], v[2 * b + 1]]));
  return out;
}

/** A fixed oracle batch: rows (class, element, x) and the reparametrisation noise. */
export interface OracleBatch {
  world: ClassManifoldWorld;
  x: Mat;
  y: number[];
  /** μ(g) per row. */
  mu: Mat;
  /** samples × rows noise vectors ε (vDim each). */
  eps: Mat[];
  sigmaQ: number;
  sigmaX: number;
  radius: number;
}

/** μ(g): ρ(cos θ, sin θ) for the rotation block, t / scale for the translation block. */
export function oracleCoordinates(world: ClassManifoldWorld, theta: number, t: readonly number[], radius: number): number[] {
  const out: number[] = [];
  if (world.hasRotation || world.trivial) out.push(radius * Math.cos(theta), radius * Math.sin(theta));
  if (world.hasTranslation) {
    const s = translationScale(world);
    out.push(t[0] / s, t[1] / s);
  }
  return out;
}

/**
 * Draw `count` rows of the world with their oracle coordinates, and `samples` noise draws per row.
 * σ_q (default 0.05) is the oracle posterior's sd, σ_x (default 0.05) the decoder's, ρ (default 1) the
 * radius of the rotation coordinates.
 */
export function oracleBatch(world: ClassManifoldWorld, count: number, rng: Rng, opts: { samples?: number; sigmaQ?: number; sigmaX?: number; radius?: number } = {}): OracleBatch {
  if (!Number.isInteger(count) || count < 1) throw new InputError('count', count, 'a positive integer');
  const samples = opts.samples ?? 2;
  const sigmaQ = opts.sigmaQ ?? 0.05;
  const sigmaX = opts.sigmaX ?? 0.05;
  const radius = opts.radius ?? 1;
  const y: number[] = [];
  const x: Mat = [];
  const mu: Mat = [];
  for (let i = 0; i < count; i++) {
    const k = i % world.process.classes;
    const g = world.sampleElement(rng);
    y.push(k);
    x.push(world.render(transformPoints(world.templates[k], g.matrix)));
    mu.push(oracleCoordinates(world, g.theta, g.t, radius));
  }
  const dim = mu[0].length;
  const eps = Array.from({ length: samples }, () => Array.from({ length: count }, () => Array.from({ length: dim }, () => rng.normal())));
  return { world, x, y, mu, eps, sigmaQ, sigmaX, radius };
}

/** D_C(k, v): read the element from C v and render class k. */
export function oracleDecode(b: OracleBatch, k: number, v: readonly number[], c: BlockOrthogonal): number[] {
  const w = b.world;
  const u = applyBlocks(c, v);
  let theta = 0;
  let t: [number, number] = [0, 0];
  let o = 0;
  if (w.hasRotation || w.trivial) {
    theta = Math.atan2(u[1], u[0]);
    o = 2;
  }
  if (w.hasTranslation) {
    const s = translationScale(w);
    t = [s * u[o], s * u[o + 1]];
  }
  return w.observe(k, theta, t);
}

/**
 * Mean −ELBO (nats per row, float32 through `negativeElboRows`) of the oracle encoder reparametrised by
 * φ_y = `encoderMap(y)` and the decoder C_k = `decoderMap(k)`; `labelled`: the labelled ELBO (else the
 * unlabelled one, with the oracle's one-hot q(y | x)).
 */
export function oracleElbo(b: OracleBatch, encoderMap: (y: number) => BlockOrthogonal, decoderMap: (k: number) => BlockOrthogonal, labelled = true): number {
  const K = b.world.process.classes;
  const B = b.x.length;
  const D = b.x[0].length;
  // Reconstruction of the true class (the one-hot weights give the other classes weight 0).
  const recon: Mat = b.y.map(() => new Array<number>(K).fill(0));
  const kl: Mat = [];
  b.y.forEach((k, i) => {
    const phi = encoderMap(k);
    const muP = applyBlocks(phi, b.mu[i]);
    let sq = 0;
    for (const eps of b.eps) {
      const v = applyBlocks(phi, b.mu[i].map((m, j) => m + b.sigmaQ * eps[i][j]));
      const xh = oracleDecode(b, k, v, decoderMap(k));
      for (let d = 0; d < D; d++) sq += (b.x[i][d] - xh[d]) ** 2;
    }
    sq /= b.eps.length;
    recon[i][k] = sq / (2 * b.sigmaX * b.sigmaX) + 0.5 * D * Math.log(2 * Math.PI * b.sigmaX * b.sigmaX);
    kl.push([0.5 * muP.reduce((s, m) => s + m * m + b.sigmaQ * b.sigmaQ - 1 - Math.log(b.sigmaQ * b.sigmaQ), 0)]);
  });
  const onehot = b.y.map((k) => Array.from({ length: K }, (_, j) => (j === k ? 1 : 0)));
  return tf.tidy(() => {
    const rows = negativeElboRows({
      recon: tf.tensor2d(recon),
      klV: tf.tensor2d(kl),
      qy: tf.tensor2d(onehot),
      onehot: tf.tensor2d(onehot),
      labelled: tf.tensor2d(b.y.map(() => [labelled ? 1 : 0])),
      classes: K,
      routed: true,
    });
    return tf.mean(rows).dataSync()[0];
  });
}

/**
 * The best class-agnostic decoder for a reparametrised encoder: minimise `oracleElbo` over one C (the same
 * for every class) acting on the first 2-D block of v (the rotation block, or the translation block when
 * there is no rotation), the other blocks left as they are: a grid of `grid` angles × {no reflection,
 * reflection}, then a golden-section refinement around the best grid point (to 1e-6 rad). Returns the
 * minimum and its C. The grid step (2π / grid) is far below the width of the loss's basin at the optimum.
 */
export function bestSharedDecoder(b: OracleBatch, encoderMap: (y: number) => BlockOrthogonal, grid = 96, labelled = true): { loss: number; c: PlaneOrthogonal } {
  const f = (q: PlaneOrthogonal) => oracleElbo(b, encoderMap, () => [q], labelled);
  let best = { loss: Infinity, c: IDENTITY_2 };
  for (const reflect of [false, true])
    for (let i = 0; i < grid; i++) {
      const q = { angle: (2 * Math.PI * i) / grid, reflect };
      const l = f(q);
      if (l < best.loss) best = { loss: l, c: q };
    }
  // Golden section on [a − h, a + h].
  const h = (2 * Math.PI) / grid;
  let lo = best.c.angle - h;
  let hi = best.c.angle + h;
  const g = (Math.sqrt(5) - 1) / 2;
  const reflect = best.c.reflect;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = f({ angle: x1, reflect });
  let f2 = f({ angle: x2, reflect });
  while (hi - lo > 1e-6) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = f({ angle: x1, reflect });
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = f({ angle: x2, reflect });
    }
  }
  const a = (lo + hi) / 2;
  const la = f({ angle: a, reflect });
  return la < best.loss ? { loss: la, c: { angle: a, reflect } } : best;
}
