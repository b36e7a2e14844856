/**
 * fast-check arbitraries of class-manifold processes: structure (K, template, group, renderer) shrinks,
 * seeds do not (noShrink).
 */
import fc from 'fast-check';
import type { GroupActionParams } from '../groups/types.ts';
import type { ClassManifoldProcess, RendererSpec, TemplateSpec } from './types.ts';

/** The plane groups a class-manifold world can use: SO(2), translations of R², their product, a cyclic group C_k, or the trivial action. */
export type PlaneGroupKind = 'rotation' | 'translation' | 'rotation-translation' | 'cyclic' | 'trivial';

/** The src/groups params of a plane group: SO(2), translations of R² (t ~ N(0, scale² I)), their product, C_k, or the trivial action. */
export function planeGroupParams(kind: PlaneGroupKind, opts: { scale?: number; k?: number } = {}): GroupActionParams[] {
  const so2: GroupActionParams = { kind: 'special-orthogonal', n: 2, seed: 0, samples: 1 };
  const tr: GroupActionParams = { kind: 'translations', n: 2, scale: opts.scale ?? 0.3, seed: 0, samples: 2 };
  switch (kind) {
    case 'rotation':
      return [so2];
    case 'translation':
      return [tr];
    case 'rotation-translation':
      return [so2, tr];
    case 'cyclic':
      return [{ kind: 'cyclic', n: 2, k: opts.k ?? 4, representation: 'rotation', power: 1 }];
    case 'trivial':
      return [{ kind: 'trivial', n: 2 }];
  }
}

/** Ranges for `processArb`: number of classes and the other structural choices a drawn world may take. */
export interface ProcessArbOptions {
  classes?: { min: number; max: number };
  groups?: PlaneGroupKind[];
  templates?: ('random' | 'cyclic')[];
  renderers?: ('point-mlp' | 'image')[];
  /** Arc half-widths to draw from (π = full circle). */
  maxAngles?: number[];
  labelFractions?: number[];
}

/** Template specs of the given kinds (random point sets, or C_n-symmetric ones); structure shrinks, seeds do not. */
export const templateArb = (kinds: ('random' | 'cyclic')[]): fc.Arbitrary<TemplateSpec> =>
  fc.constantFrom(...kinds).chain((k): fc.Arbitrary<TemplateSpec> =>
    k === 'random'
      ? fc.record({ kind: fc.constant('random' as const), points: fc.integer({ min: 4, max: 8 }) })
      : fc.record({ kind: fc.constant('cyclic' as const), n: fc.integer({ min: 2, max: 5 }), orbits: fc.integer({ min: 1, max: 2 }) }),
  );

/** Renderer specs of the given kinds (a fixed random point-MLP, or Gaussian-splat images); seeds do not shrink. */
export const rendererArb = (kinds: ('point-mlp' | 'image')[]): fc.Arbitrary<RendererSpec> =>
  fc.constantFrom(...kinds).chain((k): fc.Arbitrary<RendererSpec> =>
    k === 'point-mlp'
      ? fc.record({ kind: fc.constant('point-mlp' as const), features: fc.integer({ min: 16, max: 32 }), hidden: fc.constant(32) })
      : fc.record({ kind: fc.constant('image' as const), size: fc.constant(16) }),
  );

/** Class-manifold processes. */
export function processArb(o: ProcessArbOptions = {}): fc.Arbitrary<ClassManifoldProcess> {
  const cl = o.classes ?? { min: 2, max: 4 };
  return fc.record({
    classes: fc.integer(cl),
    template: templateArb(o.templates ?? ['random']),
    group: fc.constantFrom(...(o.groups ?? ['rotation', 'translation'])).map((g) => planeGroupParams(g)),
    maxAngle: fc.constantFrom(...(o.maxAngles ?? [Math.PI, (3 * Math.PI) / 4])),
    renderer: rendererArb(o.renderers ?? ['point-mlp', 'image']),
    labelFraction: fc.constantFrom(...(o.labelFractions ?? [1])),
    seed: fc.noShrink(fc.integer()),
  });
}
