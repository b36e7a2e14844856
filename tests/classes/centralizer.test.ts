/**
 * The centralizer class: exact fit against the naive n·d × K design, the golden mechanism sets, the
 * null near-miss of a full centralizer ({I}, {−I}), and accept/reject of concrete maps.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Mat } from '../../src/core/matrix.ts';
import { center } from '../../src/core/matrix.ts';
import { lstsq } from '../../src/linalg/inverse.ts';
import { centralizerBasis } from '../../src/linalg/centralizer.ts';
import { Rng } from '../../src/rng/rng.ts';
import {
  affineMap,
  centralizerClass,
  centralizerCoefficients,
  elementwiseScalingClass,
  linearMap,
  planeRotation,
} from '../../src/classes/index.ts';
import { N, arbDim, arbSeed, latents, mechanisms } from './helpers.ts';

interface GoldenCentralizer {
  name: string;
  mechanisms: Mat[];
  centralizerDim: number;
}
const golden = JSON.parse(readFileSync(new URL('../golden/centralizer.json', import.meta.url), 'utf8')) as GoldenCentralizer[];

describe('centralizer class', () => {
  it('has no linear non-member for {I} or {−I} in any dimension (null near-miss: health check)', () => {
    for (let d = 1; d <= 6; d++) {
      const rng = new Rng(d);
      const eye = mechanisms(rng, d, 'identity');
      const cls = centralizerClass(eye);
      expect(cls.sampleNonMember(rng)).toBeNull();
      expect(centralizerClass([eye[0].map((row) => row.map((v) => -v))]).sampleNonMember(rng)).toBeNull();
      // ... and accepts every affine map, e.g. a rotation.
      const z = latents(rng, N, d);
      if (d >= 2) expect(cls.contains(z, linearMap(planeRotation(d, 0, 1, 0.7), 'rotation').apply(z))).toBe(true);
    }
  });

  it('distinct-diagonal mechanisms: accepts every diagonal map, rejects a rotation', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, fc.double({ min: 0.05, max: Math.PI / 2, noNaN: true }), (seed, d, angle) => {
        const rng = new Rng(seed);
        const cls = centralizerClass(mechanisms(rng, d, 'distinct-diagonal'));
        const z = latents(rng, N, d);
        const diagonal = elementwiseScalingClass(d).sampleMember(rng);
        const diagonalFit = cls.fit(z, diagonal.apply(z));
        expect(diagonalFit.stats.centralizerDim).toBe(d);
        expect(diagonalFit.distance).toBeLessThanOrEqual(cls.threshold);
        const [i, j] = rng.permutation(d);
        const rotation = affineMap(planeRotation(d, i, j, angle), rng.normals(d), 'rotation');
        const fit = cls.fit(z, rotation.apply(z));
        expect(fit.distance).toBeGreaterThan(100 * cls.threshold);
        expect(fit.stats.commutationResidual).toBeGreaterThan(1e-3);
        expect(fit.stats.distanceToCentralizer).toBeGreaterThan(1e-3);
      }),
      { numRuns: 30 },
    );
  });

  it('block-rotation mechanisms: accepts a rotation within a block, rejects unequal scaling within it', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, (seed, d) => {
        const rng = new Rng(seed);
        const cls = centralizerClass(mechanisms(rng, d, 'block-rotation'));
        const z = latents(rng, N, d);
        const inBlock = linearMap(planeRotation(d, 0, 1, rng.range(0.1, 3)), 'rotation in block (0, 1)');
        expect(cls.contains(z, inBlock.apply(z))).toBe(true);
        const s = Array.from({ length: d }, (_, i) => (i === 0 ? 2 : 1));
        const unequal = linearMap(s.map((v, i) => s.map((_, j) => (i === j ? v : 0))), 'diag(2, 1, …)');
        expect(cls.fit(z, unequal.apply(z)).distance).toBeGreaterThan(100 * cls.threshold);
      }),
      { numRuns: 20 },
    );
  });

  it('fit coefficients equal the naive least squares on the n·d × K design (z_c B_kᵀ flattened)', () => {
    fc.assert(
      fc.property(arbSeed, arbDim, fc.constantFrom('distinct-diagonal', 'block-rotation', 'random-dense', 'identity' as const), (seed, d, kind) => {
        const rng = new Rng(seed);
        const mech = mechanisms(rng, d, kind);
        const basis = centralizerBasis(mech);
        const n = 60;
        const z = latents(rng, n, d, 'laplace');
        const zhat = latents(rng, n, d).map((row, t) => row.map((v, j) => v + z[t][(j + 1) % d])); // anything
        const zc = center(z);
        const zhc = center(zhat);
        const design: Mat = [];
        const target: Mat = [];
        for (let t = 0; t < n; t++)
          for (let i = 0; i < d; i++) {
            design.push(basis.map((b) => b[i].reduce((s, bil, l) => s + bil * zc[t][l], 0)));
            target.push([zhc[t][i]]);
          }
        const naive = lstsq(design, target).map((r) => r[0]);
        const fast = centralizerCoefficients(z, zhat, basis);
        fast.forEach((c, k) => expect(Math.abs(c - naive[k])).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(naive[k]))));
      }),
      { numRuns: 20 },
    );
  });

  describe.each(golden.map((g) => [g.name, g] as const))('golden mechanism set %s', (_name, g) => {
    it('reports its dimension, fits its members, and has a near-miss iff the centralizer is not everything', () => {
      const cls = centralizerClass(g.mechanisms);
      const d = g.mechanisms[0].length;
      const rng = new Rng(d * 101 + g.centralizerDim);
      const z = latents(rng, N, d);
      const member = cls.sampleMember(rng);
      const fit = cls.fit(z, member.apply(z));
      expect(fit.stats.centralizerDim).toBe(g.centralizerDim);
      expect(fit.distance).toBeLessThanOrEqual(cls.threshold);
      expect(fit.stats.commutationResidual).toBeLessThan(1e-9);
      expect(fit.stats.distanceToCentralizer).toBeLessThan(1e-9);
      const near = cls.sampleNonMember(rng);
      if (g.centralizerDim === d * d) expect(near).toBeNull();
      else expect(cls.fit(z, near!.apply(z)).distance).toBeGreaterThan(100 * cls.threshold);
    });
  });
});
