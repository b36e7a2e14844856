/**
 * Structured worlds (Zhang, Koyama & Ishiguro 2020, theory.md §6): latent blocks z_1, …, z_K with sizes d_b, a
 * bipartite mask A (groups × blocks, see mask.ts), and observed groups
 *     x_g = g_g(z_{S_g}),   S_g = { b : A[g][b] = 1 },
 * each through its own invertible mixing from `src/generators/mixing.ts` (linear or leaky-ReLU MLP on
 * R^{|S_g|}, |S_g| = Σ_{b ∈ S_g} d_b), optionally raised to more dimensions by a fixed random linear map of full
 * column rank appended to the output (x_g = [h, R h], h = g_g(z_{S_g}): injective, so z_{S_g} is still a function of x_g).
 *
 * Priors: 'independent' (every coordinate N(0, 1), blocks independent) or 'correlated' (coordinate 0 of every block
 * shares a common factor: z_{b,0} = √(1−ρ)·u_b + √ρ·c, so corr(z_{b,0}, z_{b',0}) = ρ for b ≠ b').
 *
 * Pure: `buildStructuredWorld(params)` draws every number from `params.seed` (child streams per group).
 */
import type { Mat } from '../core/matrix.ts';
import { InputError, LatentcheckError } from '../core/errors.ts';
import { assertNumber } from '../core/validate.ts';
import { Rng, deriveSeed, normaliseSeed } from '../rng/rng.ts';
import { buildMixing, linearMixingFrom } from '../generators/mixing.ts';
import type { Mixing } from '../generators/types.ts';
import { assertBlocks } from '../classes/block.ts';
import type { Mask } from './mask.ts';
import { parentsOf, validateMask } from './mask.ts';

/** How one observed group is generated from its parent blocks. */
export interface GroupSpec {
  /** Mixing kind (default 'leaky-relu-mlp'). */
  kind?: 'linear' | 'leaky-relu-mlp';
  /** Hidden layers of the MLP (default 1). */
  layers?: number;
  /** Leaky-ReLU slope (default 0.3). */
  negativeSlope?: number;
  /** Extra observed dimensions appended by a random linear map (default 0). */
  extraDims?: number;
  /** A user-given square linear mixing (kind 'linear'); must be invertible. */
  weights?: Mat;
}

export type LatentPrior = { kind: 'independent' } | { kind: 'correlated'; rho: number };

export interface StructuredWorldParams {
  /** Latent block sizes d_b. */
  blocks: number[];
  /** True mask, groups × blocks. */
  mask: Mask;
  /** One spec per observed group (rows of the mask). */
  groups: GroupSpec[];
  prior: LatentPrior;
  /** Per-block weight of the generating blocks in the mixing condition (default 20). */
  maxCondition?: number;
  seed: number;
}

export interface StructuredWorld {
  params: StructuredWorldParams;
  blocks: number[];
  /** Start column of each block in z. */
  starts: number[];
  /** Latent dimension Σ d_b. */
  dim: number;
  mask: Mask;
  /** Observed dimension of each group. */
  groupDims: number[];
  /** Parent blocks of each group. */
  parents: number[][];
  mixings: Mixing[];
  /** n latent rows from `rng`. */
  sampleLatents(n: number, rng: Rng): Mat;
  /** The observed groups of latent rows z (one n × groupDims[g] matrix per group). */
  observe(z: Mat): Mat[];
  description: string;
}

/** Columns of the blocks `bs` of z, concatenated in block order. */
export function blockColumns(z: Mat, starts: number[], blocks: number[], bs: number[]): Mat {
  return z.map((row) => bs.flatMap((b) => row.slice(starts[b], starts[b] + blocks[b])));
}

/**
 * Validate the parameters and build the world. Errors: `InputError` naming `blocks…`, `mask…` (see validateMask),
 * `groups`, `groups[g].…`, `prior…`, `seed`; a singular user-given mixing → `InputError('groups[g].weights', …)`.
 */
export function buildStructuredWorld(params: StructuredWorldParams): StructuredWorld {
  if (params === null || typeof params !== 'object') throw new InputError('world', params, 'StructuredWorldParams { blocks, mask, groups, prior, seed }');
  const starts = assertBlocks('blocks', params.blocks);
  const blocks = params.blocks.slice();
  const k = blocks.length;
  if (!Array.isArray(params.mask)) throw new InputError('mask', params.mask, 'a groups × blocks 0/1 matrix');
  if (!Array.isArray(params.groups) || params.groups.length === 0) throw new InputError('groups', params.groups, 'a non-empty list of group specs, one per mask row');
  const mask = validateMask('mask', params.mask, params.groups.length, k);
  const seed = normaliseSeed(params.seed);
  const prior = params.prior as LatentPrior | undefined;
  const priorKind = (prior as { kind?: unknown } | undefined)?.kind;
  if (priorKind !== 'independent' && priorKind !== 'correlated') throw new InputError('prior.kind', priorKind, "'independent' or 'correlated'");
  if (prior!.kind === 'correlated') assertNumber('prior.rho', prior!.rho, { min: 0, max: 0.95 });
  const maxCondition = params.maxCondition ?? 20;
  const dim = blocks.reduce((s, v) => s + v, 0);
  const parents = mask.map((_, g) => parentsOf(mask, g));
  const raise: (Mat | null)[] = [];
  const mixings = params.groups.map((spec, g) => {
    const f = `groups[${g}]`;
    if (spec === null || typeof spec !== 'object') throw new InputError(f, spec, 'a group spec { kind?, layers?, negativeSlope?, extraDims?, weights? }');
    const n = parents[g].reduce((s, b) => s + blocks[b], 0);
    const extra = spec.extraDims ?? 0;
    if (!Number.isInteger(extra) || extra < 0) throw new InputError(`${f}.extraDims`, extra, 'an integer ≥ 0');
    const r = new Rng(deriveSeed(seed, 'group', g, 'raise'));
    raise.push(extra > 0 ? r.normalMatrix(extra, n).map((row) => row.map((v) => v / Math.sqrt(n))) : null);
    if (spec.weights !== undefined) {
      try {
        const m = linearMixingFrom(spec.weights);
        if (m.n !== n) throw new InputError(`${f}.weights`, spec.weights, `a ${n} × ${n} matrix (group ${g} has ${n} parent coordinates)`);
        return m;
      } catch (e) {
        if (e instanceof InputError && e.field === `${f}.weights`) throw e;
        if (e instanceof LatentcheckError) throw new InputError(`${f}.weights`, spec.weights, `an invertible, well-conditioned square matrix (${e.message})`);
        throw e;
      }
    }
    const kind = spec.kind ?? 'leaky-relu-mlp';
    if (kind !== 'linear' && kind !== 'leaky-relu-mlp') throw new InputError(`${f}.kind`, kind, "'linear' or 'leaky-relu-mlp'");
    try {
      return buildMixing({
        kind,
        n,
        layers: kind === 'linear' ? 0 : (spec.layers ?? 1),
        negativeSlope: spec.negativeSlope ?? 0.3,
        maxCondition,
        seed: deriveSeed(seed, 'group', g, 'mixing'),
      });
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`${f}.${e.field.replace(/^mixing\./, '')}`, e.value, e.message);
      throw e;
    }
  });
  const groupDims = mixings.map((m, g) => m.n + (raise[g]?.length ?? 0));
  const sampleLatents = (n: number, rng: Rng): Mat => {
    const z = rng.normalMatrix(n, dim);
    if (prior!.kind === 'correlated' && prior!.rho > 0) {
      const c = rng.child('common').normals(n);
      const a = Math.sqrt(1 - prior!.rho);
      const b = Math.sqrt(prior!.rho);
      for (let t = 0; t < n; t++) for (const s of starts) z[t][s] = a * z[t][s] + b * c[t];
    }
    return z;
  };
  const observe = (z: Mat): Mat[] =>
    mixings.map((m, g) => {
      const h = m.apply(blockColumns(z, starts, blocks, parents[g]));
      const r = raise[g];
      return r ? h.map((row) => [...row, ...r.map((rr) => rr.reduce((s, v, j) => s + v * row[j], 0))]) : h;
    });
  const description =
    `blocks [${blocks.join(', ')}], mask ${JSON.stringify(mask)}, prior ${prior!.kind === 'correlated' ? `correlated ρ = ${prior!.rho}` : 'independent'}; ` +
    mixings.map((m, g) => `x${g} (${groupDims[g]} dims) = ${m.description}`).join('; ');
  return { params: { ...params, blocks, mask }, blocks, starts, dim, mask, groupDims, parents, mixings, sampleLatents, observe, description };
}

/**
 * Edge strengths of a world's mask: S[g][b] = Σ_j E[Var(x_gj | z_{−b})] / Var(x_gj) for each edge b → g (0 where
 * A[g][b] = 0), the share of group g's standardised variance that only block b explains, by nested Monte Carlo
 * (`outer` latent rows, block b redrawn `inner` times from its prior with the other blocks held; independent priors
 * only, else `InputError('prior.kind')`). S[g][b] / (2σ²) is the reconstruction cost, in nats per sample, of a decoder
 * of x_g (σ on standardised observations) that drops the edge and cannot move z_b's information into another block
 * it reads: the size of the structure-learning signal of that edge (faithfulness: a needed edge with S ≈ 0 cannot be
 * told from a missing one).
 */
export function edgeStrengths(world: StructuredWorld, rng: Rng, opts: { outer?: number; inner?: number } = {}): number[][] {
  if (world.params.prior.kind !== 'independent') throw new InputError('prior.kind', world.params.prior.kind, "'independent' (edge strengths redraw one block from its prior)");
  const outer = opts.outer ?? 400;
  const inner = opts.inner ?? 16;
  const z = world.sampleLatents(outer, rng.child('outer'));
  const xs = world.observe(z);
  const variance = xs.map((m) => m[0].map((_, j) => {
    const mean = m.reduce((s, r) => s + r[j], 0) / m.length;
    return m.reduce((s, r) => s + (r[j] - mean) ** 2, 0) / m.length || 1;
  }));
  return world.mask.map((row, g) =>
    row.map((a, b) => {
      if (a === 0) return 0;
      const fresh = rng.child('inner', g, b).normalMatrix(outer * inner, world.blocks[b]);
      const zz = z.flatMap((r, t) => Array.from({ length: inner }, (_, i) => {
        const copy = r.slice();
        for (let k = 0; k < world.blocks[b]; k++) copy[world.starts[b] + k] = fresh[t * inner + i][k];
        return copy;
      }));
      const x = world.observe(zz)[g];
      let total = 0;
      for (let j = 0; j < x[0].length; j++) {
        let within = 0;
        for (let t = 0; t < outer; t++) {
          let m = 0;
          for (let i = 0; i < inner; i++) m += x[t * inner + i][j];
          m /= inner;
          for (let i = 0; i < inner; i++) within += (x[t * inner + i][j] - m) ** 2;
        }
        total += within / (outer * (inner - 1)) / variance[g][j];
      }
      return total;
    }),
  );
}
