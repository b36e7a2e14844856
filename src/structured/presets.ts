/**
 * Preset structured worlds (theory.md §6) and the fast-check arbitrary of random ones.
 *
 * - `twoViewParams`: blocks (shared z_s, private z₁, private z₂), true mask [[1, 1, 0], [1, 0, 1]]:
 *   x₁ = g₁(z_s, z₁), x₂ = g₂(z_s, z₂).
 * - `fairnessParams`: blocks (task z_t, sensitive z_a); groups x = g(z_t, z_a) and the observed attribute a = z_a
 *   (a group of its own, identity mixing): mask [[1, 1], [0, 1]]. The fair representation is ẑ_t: it should predict
 *   the task label y = 1[z_t,0 > 0] and carry nothing of the sensitive s = 1[z_a > 0].
 * - `irmWorld`: environments e ∈ {0, 1, …}; label y = 1[z_c > 0] from the causal factor z_c, flipped with probability η
 *   (`labelNoise`, default 0; as in Coloured MNIST, Arjovsky et al. 2019, so that z_c predicts y with accuracy 1 − η
 *   while the spurious feature may predict it better in training); the spurious feature z_sp = ρ_e (2y − 1) +
 *   √(1 − ρ_e²)·ξ (from the final, noisy y) correlates with y with an environment-dependent sign/strength ρ_e;
 *   x = g(z_c, z_sp). A predictor of y from z_c keeps its accuracy when ρ flips; one from z_sp does not.
 * - `structuredWorldArb`: random bipartite masks (every block generates ≥ 1 group, every group has ≥ 1 parent), 2–4
 *   blocks of size 1–2, 1–3 groups; shrinks towards fewer blocks, fewer groups, smaller blocks, linear mixings;
 *   seeds never shrink.
 */
import fc from 'fast-check';
import type { Mat } from '../core/matrix.ts';
import { InputError } from '../core/errors.ts';
import { assertNumber } from '../core/validate.ts';
import { Rng, deriveSeed } from '../rng/rng.ts';
import { buildMixing } from '../generators/mixing.ts';
import type { Mixing } from '../generators/types.ts';
import type { Mask } from './mask.ts';
import { TWO_VIEW_MASK } from './mask.ts';
import type { GroupSpec, LatentPrior, StructuredWorldParams } from './world.ts';

export interface TwoViewOptions {
  shared: number;
  private1: number;
  private2: number;
  /** Group spec of both views (default one-hidden-layer leaky-ReLU MLP, slope 0.3). */
  view?: GroupSpec;
  prior?: LatentPrior;
  seed: number;
}

/** Two views with shared + private blocks (true mask [[1, 1, 0], [1, 0, 1]]). */
export function twoViewParams(o: TwoViewOptions): StructuredWorldParams {
  const view = o.view ?? { kind: 'leaky-relu-mlp', layers: 1, negativeSlope: 0.3 };
  return { blocks: [o.shared, o.private1, o.private2], mask: TWO_VIEW_MASK.map((r) => r.slice()), groups: [{ ...view }, { ...view }], prior: o.prior ?? { kind: 'independent' }, seed: o.seed };
}

/** Fairness world: blocks (task, sensitive), groups (x, observed attribute a = z_a). */
export function fairnessParams(o: { task: number; view?: GroupSpec; seed: number }): StructuredWorldParams {
  return {
    blocks: [o.task, 1],
    mask: [
      [1, 1],
      [0, 1],
    ],
    groups: [o.view ?? { kind: 'leaky-relu-mlp', layers: 1, negativeSlope: 0.3 }, { kind: 'linear', weights: [[1]] }],
    prior: { kind: 'independent' },
    seed: o.seed,
  };
}

/** An IRM world: causal factor, spurious factor with environment-dependent correlation ρ_e to the label. */
export interface IrmWorld {
  /** ρ_e per training environment (|ρ| < 1). */
  rhos: number[];
  /** Label-flip probability η. */
  labelNoise: number;
  mixing: Mixing;
  /** n samples of environment with correlation `rho`: latents (z_c, z_sp), label y, observation x. */
  sample(n: number, rho: number, rng: Rng): { z: Mat; y: number[]; x: Mat };
}

/** Build an IRM world (2-dimensional latent (z_c, z_sp), invertible mixing of `kind`); bad `rhos` / `labelNoise` → InputError. */
export function irmWorld(o: { rhos: number[]; kind?: 'linear' | 'leaky-relu-mlp'; labelNoise?: number; seed: number }): IrmWorld {
  if (!Array.isArray(o.rhos) || o.rhos.length === 0) throw new InputError('rhos', o.rhos, 'a non-empty list of correlations in (−1, 1)');
  o.rhos.forEach((r, i) => {
    assertNumber(`rhos[${i}]`, r, { min: -0.99, max: 0.99 });
  });
  const eta = o.labelNoise === undefined ? 0 : assertNumber('labelNoise', o.labelNoise, { min: 0, max: 0.49 });
  const kind = o.kind ?? 'leaky-relu-mlp';
  const mixing = buildMixing({ kind, n: 2, layers: kind === 'linear' ? 0 : 1, negativeSlope: 0.3, maxCondition: 20, seed: deriveSeed(o.seed, 'irm-mixing') });
  return {
    rhos: o.rhos.slice(),
    labelNoise: eta,
    mixing,
    sample(n, rho, rng) {
      const z: Mat = [];
      const y: number[] = [];
      for (let t = 0; t < n; t++) {
        const zc = rng.normal();
        const clean = zc > 0 ? 1 : 0;
        const label = eta > 0 && rng.uniform() < eta ? 1 - clean : clean;
        const zsp = rho * (2 * label - 1) + Math.sqrt(1 - rho * rho) * rng.normal();
        z.push([zc, zsp]);
        y.push(label);
      }
      return { z, y, x: mixing.apply(z) };
    },
  };
}

/** A random valid mask (groups × blocks): redraw each empty row / column edge from the seeded stream. */
export function randomMask(groups: number, blocks: number, rng: Rng, density = 0.5): Mask {
  const m: Mask = Array.from({ length: groups }, () => Array.from({ length: blocks }, (): number => (rng.uniform() < density ? 1 : 0)));
  for (let b = 0; b < blocks; b++) if (m.every((r) => r[b] === 0)) m[rng.int(groups)][b] = 1;
  m.forEach((r) => {
    if (!r.some((v) => v !== 0)) r[rng.int(blocks)] = 1;
  });
  return m;
}

/** Random structured worlds (module doc). */
export function structuredWorldArb(opts: { maxBlocks?: number; maxGroups?: number; maxBlockSize?: number; kinds?: ('linear' | 'leaky-relu-mlp')[]; prior?: LatentPrior } = {}): fc.Arbitrary<StructuredWorldParams> {
  const maxBlocks = opts.maxBlocks ?? 4;
  const maxGroups = opts.maxGroups ?? 3;
  const kinds = opts.kinds ?? ['linear', 'leaky-relu-mlp'];
  return fc
    .record({
      blocks: fc.array(fc.integer({ min: 1, max: opts.maxBlockSize ?? 2 }), { minLength: 1, maxLength: maxBlocks }),
      groups: fc.integer({ min: 1, max: maxGroups }),
      kind: fc.constantFrom(...kinds),
      extraDims: fc.integer({ min: 0, max: 1 }),
      maskSeed: fc.noShrink(fc.integer()),
      seed: fc.noShrink(fc.integer()),
    })
    .map((r) => ({
      blocks: r.blocks,
      mask: randomMask(r.groups, r.blocks.length, new Rng(deriveSeed(r.maskSeed, 'mask'))),
      groups: Array.from({ length: r.groups }, () => ({ kind: r.kind, layers: 1, negativeSlope: 0.3, extraDims: r.extraDims })),
      prior: opts.prior ?? { kind: 'independent' },
      seed: r.seed,
    }));
}
