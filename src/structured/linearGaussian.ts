/**
 * Linear-Gaussian structured worlds, in closed form (float64, ml-matrix): the covariance of the observations, the
 * Gaussian negative log-likelihood, the mutual information between views, and the best structured factor-analysis
 * fit under a decoder mask (EM).
 *
 * World: z ~ N(0, I_d) (independent blocks), x = A z + e, e ~ N(0, ψ I), A block-sparse by the mask (rows of group g
 * read only the columns of its parent blocks). Then Σ = A Aᵀ + ψ I.
 *
 * Optimal objective under a decoder mask M: with an encoder that can represent the exact posterior (reads every
 * group), the optimum of the MIB/ELBO over linear-Gaussian encoders and decoders equals the maximum likelihood of the
 * structured factor model x = D z + e, D_{rows(g), cols(b)} = 0 where M[g][b] = 0, Ψ diagonal:
 *   NLL(D, Ψ) = ½ [log det(DDᵀ + Ψ) + tr((DDᵀ + Ψ)⁻¹ Σ) + p log 2π]     (per sample, population)
 * At the truth (true mask, D = A, Ψ = ψ I) it is NLL* = ½ [log det Σ + p + p log 2π], the global minimum over all
 * Gaussians. A mask without any block shared between views 1 and 2 forces a block-diagonal model covariance, whose
 * NLL is at least NLL* + I(x₁; x₂) with I(x₁; x₂) = ½ log(det Σ₁₁ det Σ₂₂ / det Σ) (Gaussian MI; the bound is the KL
 * from Σ to the best block-diagonal Gaussian, which keeps the marginal blocks).
 *
 * EM for factor analysis with a zero pattern (Rubin & Thayer 1982; constrained M-step row by row):
 *   β = Dᵀ(DDᵀ + Ψ)⁻¹,  E[zzᵀ] = I − βD + βΣβᵀ,
 *   D_{r,S_r} = (Σβᵀ)_{r,S_r} (E[zzᵀ]_{S_r S_r})⁻¹,   Ψ_rr = Σ_rr − 2 D_r (βΣ)_{:,r} + D_r E[zzᵀ] D_rᵀ,
 * each iteration does not increase the NLL; several seeded restarts, the best kept.
 */
import { CholeskyDecomposition, Matrix, inverse } from 'ml-matrix';
import type { Mat } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import type { Rng } from '../rng/rng.ts';
import type { Mask } from './mask.ts';
import type { StructuredWorld } from './world.ts';

/** log det of a symmetric positive-definite matrix (Cholesky). */
export function logDetSpd(a: Matrix): number {
  const ch = new CholeskyDecomposition(a);
  if (!ch.isPositiveDefinite()) throw new InputError('covariance', a.to2DArray(), 'a positive-definite matrix');
  const l = ch.lowerTriangularMatrix;
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += 2 * Math.log(l.get(i, i));
  return s;
}

/**
 * The loading matrix A (p × d) of a world whose group mixings are all linear: column k is the observation of e_k
 * (the mixings have no bias). Throws `InputError('groups', …)` when a group mixing is not linear.
 */
export function linearLoadings(world: StructuredWorld): Mat {
  world.mixings.forEach((m, g) => {
    if (m.kind !== 'linear') throw new InputError(`groups[${g}].kind`, m.kind, "'linear' (a linear-Gaussian world)");
  });
  const basis: Mat = Array.from({ length: world.dim + 1 }, (_, k) => Array.from({ length: world.dim }, (_, j) => (k === j ? 1 : 0)));
  const obs = world.observe(basis);
  const cols = obs[0].map((_, k) => obs.flatMap((grp) => grp[k]));
  return cols[0].map((_, r) => cols.slice(0, world.dim).map((c) => c[r]));
}

/** Σ = A Aᵀ + ψ I. */
export function observedCovariance(a: Mat, psi: number): Mat {
  const m = new Matrix(a);
  return m.mmul(m.transpose()).add(Matrix.eye(a.length).mul(psi)).to2DArray();
}

/** Population Gaussian NLL per sample of data with covariance Σ under the zero-mean model covariance C. */
export function gaussianNll(model: Mat, sigma: Mat): number {
  const c = new Matrix(model);
  const p = model.length;
  const tr = inverse(c).mmul(new Matrix(sigma)).trace();
  return 0.5 * (logDetSpd(c) + tr + p * Math.log(2 * Math.PI));
}

/** NLL* = ½ [log det Σ + p + p log 2π], the minimum over all zero-mean Gaussians. */
export function optimalNll(sigma: Mat): number {
  const p = sigma.length;
  return 0.5 * (logDetSpd(new Matrix(sigma)) + p + p * Math.log(2 * Math.PI));
}

/** I(x₁; x₂) = ½ log(det Σ₁₁ det Σ₂₂ / det Σ) for the first two groups (sizes d₁, d₂; Σ over both). */
export function viewMutualInformation(sigma: Mat, d1: number, d2: number): number {
  const s = new Matrix(sigma);
  const s11 = s.subMatrix(0, d1 - 1, 0, d1 - 1);
  const s22 = s.subMatrix(d1, d1 + d2 - 1, d1, d1 + d2 - 1);
  const both = s.subMatrix(0, d1 + d2 - 1, 0, d1 + d2 - 1);
  return 0.5 * (logDetSpd(s11) + logDetSpd(s22) - logDetSpd(both));
}

/** Allowed latent columns of each observed row under a decoder mask. */
function allowedColumns(mask: Mask, blocks: number[], groupDims: number[]): number[][] {
  const starts: number[] = [];
  blocks.reduce((s, v) => (starts.push(s), s + v), 0);
  const rows: number[][] = [];
  groupDims.forEach((dg, g) => {
    const cols = mask[g].flatMap((v, b) => (v ? Array.from({ length: blocks[b] }, (_, i) => starts[b] + i) : []));
    for (let r = 0; r < dg; r++) rows.push(cols);
  });
  return rows;
}

export interface StructuredFaFit {
  loadings: Mat;
  psi: number[];
  nll: number;
  iterations: number;
}

/**
 * Best structured factor-analysis fit to Σ under `mask` (groups × blocks): EM from `restarts` seeded random starts,
 * `iterations` each (stopping early when the NLL improves by < `tol`), the lowest NLL kept. An upper bound on the
 * optimal NLL under the mask (EM finds a stationary point).
 */
export function structuredFactorAnalysis(
  sigma: Mat,
  blocks: number[],
  groupDims: number[],
  mask: Mask,
  rng: Rng,
  opts: { iterations?: number; restarts?: number; tol?: number } = {},
): StructuredFaFit {
  const p = sigma.length;
  const d = blocks.reduce((s, v) => s + v, 0);
  if (groupDims.reduce((s, v) => s + v, 0) !== p) throw new InputError('groupDims', groupDims, `dimensions summing to ${p} (the size of Σ)`);
  const allowed = allowedColumns(mask, blocks, groupDims);
  const S = new Matrix(sigma);
  const iters = opts.iterations ?? 3000;
  const tol = opts.tol ?? 1e-12;
  let best: StructuredFaFit | null = null;
  for (let r = 0; r < (opts.restarts ?? 3); r++) {
    const rr = rng.child('restart', r);
    let D = new Matrix(p, d);
    for (let i = 0; i < p; i++) for (const c of allowed[i]) D.set(i, c, rr.normal() * 0.5);
    let psi = Array.from({ length: p }, (_, i) => 0.5 * sigma[i][i]);
    let prev = Infinity;
    let it = 0;
    let nll = Infinity;
    for (; it < iters; it++) {
      const C = D.mmul(D.transpose()).add(Matrix.diag(psi));
      const Cinv = inverse(C);
      nll = 0.5 * (logDetSpd(C) + Cinv.mmul(S).trace() + p * Math.log(2 * Math.PI));
      if (prev - nll < tol && it > 10) break;
      prev = nll;
      const beta = D.transpose().mmul(Cinv); // d × p
      const Ezz = Matrix.eye(d).sub(beta.mmul(D)).add(beta.mmul(S).mmul(beta.transpose()));
      const SB = S.mmul(beta.transpose()); // p × d
      const Dn = new Matrix(p, d);
      for (let i = 0; i < p; i++) {
        const cols = allowed[i];
        if (cols.length === 0) continue;
        const E = new Matrix(cols.map((a) => cols.map((b) => Ezz.get(a, b))));
        const rhs = new Matrix([cols.map((c) => SB.get(i, c))]);
        const row = rhs.mmul(inverse(E));
        cols.forEach((c, k) => Dn.set(i, c, row.get(0, k)));
      }
      D = Dn;
      const DE = D.mmul(Ezz);
      psi = psi.map((_, i) => {
        let v = S.get(i, i);
        for (let k = 0; k < d; k++) v += -2 * D.get(i, k) * SB.get(i, k) + DE.get(i, k) * D.get(i, k);
        return Math.max(v, 1e-9);
      });
    }
    if (!best || nll < best.nll) best = { loadings: D.to2DArray(), psi, nll, iterations: it };
  }
  return best!;
}
