/** Correlated-attribute processes (src/funke/process.ts): correlations, determinism, shift evaluator, images, bad input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { Rng } from '../../src/rng/rng.ts';
import { IMAGE_SHAPE, OCCLUSION_GREY, OCCLUSION_GRID, columnCorrelation, renderImage, sampleProcess, shiftCorrelation, validateProcess } from '../../src/funke/process.ts';
import { halfScore } from '../../src/funke/oracle.ts';
import type { FunkeProcess } from '../../src/funke/types.ts';

const mixing = { kind: 'leaky-relu-mlp' as const, n: 2, layers: 1, negativeSlope: 0.5, maxCondition: 10, seed: 3 };

describe('attribute correlations', () => {
  it.each([
    [{ kind: 'linear-gaussian', d: 2, rho: 0.8, sigma2: 0.1 }],
    [{ kind: 'linear-gaussian', d: 4, rho: -0.6, sigma2: 0.1 }],
    [{ kind: 'binary', d: 2, rho: -0.8, sigma2: 0.5 }],
    [{ kind: 'binary', d: 10, rho: 0.6, sigma2: 0.5 }],
  ] as [FunkeProcess][])('%j: corr(aᵢ, aⱼ) = |ρ| cᵢcⱼ within 0.03 (20 000 samples)', (p) => {
    const data = sampleProcess(p, 20000, new Rng(1));
    const d = data.attributes[0].length;
    for (let i = 0; i < d; i++)
      for (let j = i + 1; j < Math.min(d, 4); j++) {
        const sign = p.rho >= 0 ? 1 : (i % 2 === 0 ? 1 : -1) * (j % 2 === 0 ? 1 : -1);
        expect(Math.abs(columnCorrelation(data.attributes, i, j) - Math.abs(p.rho) * sign)).toBeLessThan(0.03);
      }
  });
  it('binary d = 2: P(a₁ = a₂) = (1 + ρ)/2, the paper’s 2 × 2 table', () => {
    const data = sampleProcess({ kind: 'binary', d: 2, rho: 0.6, sigma2: 0.1 }, 20000, new Rng(2));
    const same = data.attributes.filter((r) => r[0] === r[1]).length / 20000;
    expect(Math.abs(same - 0.8)).toBeLessThan(0.01);
  });
  it('same seed → same samples; different seed → different', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const p: FunkeProcess = { kind: 'binary-mixed', d: 2, rho: 0.5, sigma2: 0.2, mixing };
        expect(sampleProcess(p, 5, new Rng(seed)).x).toEqual(sampleProcess(p, 5, new Rng(seed)).x);
      }),
      { numRuns: 10 },
    );
    const p: FunkeProcess = { kind: 'linear-gaussian', d: 2, rho: 0.5, sigma2: 0.2 };
    expect(sampleProcess(p, 5, new Rng(1)).x).not.toEqual(sampleProcess(p, 5, new Rng(2)).x);
  });
  it('the shift evaluator accepts ρ = ±1 (copies / anti-copies)', () => {
    const p = shiftCorrelation({ kind: 'binary', d: 2, rho: 0.8, sigma2: 0.1 }, -1);
    const data = sampleProcess(p, 200, new Rng(3), { closedRho: true });
    expect(data.attributes.every((r) => r[0] === -r[1])).toBe(true);
  });
});

describe('images', () => {
  it('16 × 32 in [0, 1]; the occlusion hides ≈ t of the pixels in grey', () => {
    const data = sampleProcess({ kind: 'images', rho: 0.8, occlusion: 0.3 }, 300, new Rng(4));
    expect(data.x[0].length).toBe(IMAGE_SHAPE[0] * IMAGE_SHAPE[1]);
    expect(data.x.every((r) => r.every((v) => v >= 0 && v <= 1))).toBe(true);
    const grey = data.x.reduce((s, r) => s + r.filter((v) => v === OCCLUSION_GREY).length, 0) / (300 * 512);
    expect(Math.abs(grey - 0.3)).toBeLessThan(0.04);
    const clean = sampleProcess({ kind: 'images', rho: 0.8, occlusion: 0 }, 50, new Rng(4));
    expect(clean.x.every((r) => !r.includes(OCCLUSION_GREY))).toBe(true);
  });
  it('left half depends on a₁ only: flipping a₂ leaves the left half unchanged for the same draw stream', () => {
    const a = sampleProcess({ kind: 'images', rho: 0, occlusion: 0 }, 200, new Rng(5));
    const ring = a.x.filter((_, t) => a.attributes[t][0] === 1);
    const cross = a.x.filter((_, t) => a.attributes[t][0] === -1);
    // Rings have mass at the glyph rim, crosses at the centre: mean centre pixel differs.
    const centre = (rows: number[][]) => rows.reduce((s, r) => s + r[7 * 32 + 7] + r[8 * 32 + 8], 0) / rows.length;
    expect(centre(cross)).toBeGreaterThan(centre(ring) + 0.3);
  });
});

describe('bad input → InputError naming the field', () => {
  const cases: [unknown, string][] = [
    [{ kind: 'linear-gaussian', d: 2, rho: 1, sigma2: 0.1 }, 'process.rho'],
    [{ kind: 'linear-gaussian', d: 2, rho: 0.5, sigma2: 0 }, 'process.sigma2'],
    [{ kind: 'binary', d: 1, rho: 0.5, sigma2: 0.1 }, 'process.d'],
    [{ kind: 'images', rho: 0.5, occlusion: 1 }, 'process.occlusion'],
    [{ kind: 'nope', rho: 0.5 }, 'process.kind'],
    [{ kind: 'binary-mixed', d: 3, rho: 0.5, sigma2: 0.1, mixing }, 'process.mixing.n'],
  ];
  it.each(cases)('%j → %s', (p, field) => {
    try {
      validateProcess(p);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe(field);
    }
  });
  it('test ρ outside [−1, 1]', () => {
    expect(() => shiftCorrelation({ kind: 'binary', d: 2, rho: 0.5, sigma2: 0.1 }, 1.01)).toThrow(/^rhoTest: /);
  });
});

describe('image rendering and template score (cached pixel sets)', () => {
  /** The per-pixel definitions (module docs), rendered without caches: what the cached renderer must equal. */
  function referenceImage(a1: number, a2: number, occlusion: number, rng: Rng): number[] {
    const [rows, cols] = IMAGE_SHAPE;
    const img = new Array<number>(rows * cols).fill(0);
    const glyph = (col0: number, label: number) => {
      const cy = 7.5 + (rng.int(5) - 2);
      const cx = 7.5 + (rng.int(5) - 2);
      const width = 1 + rng.int(2);
      const intensity = rng.range(0.7, 1);
      for (let r = 0; r < rows; r++)
        for (let q = 0; q < rows; q++) {
          const dy = r - cy;
          const dx = q - cx;
          const on =
            label > 0
              ? Math.abs(Math.hypot(dx, dy) - 4.5) <= width / 2 + 0.25
              : Math.max(Math.abs(dx), Math.abs(dy)) <= 5 && (Math.abs(dx - dy) <= width / 2 + 0.25 || Math.abs(dx + dy) <= width / 2 + 0.25);
          if (on) img[r * cols + col0 + q] = intensity;
        }
    };
    glyph(0, a1);
    glyph(rows, a2);
    if (occlusion > 0) {
      const [gr, gc] = OCCLUSION_GRID;
      const grid = Array.from({ length: gr * gc }, () => rng.uniform());
      for (let r = 0; r < rows; r++)
        for (let q = 0; q < cols; q++) if (grid[Math.floor(r / (rows / gr)) * gc + Math.floor(q / (cols / gc))] <= occlusion) img[r * cols + q] = OCCLUSION_GREY;
    }
    return img;
  }
  function referenceScore(row: number[], col0: number): number {
    const [rows, cols] = IMAGE_SHAPE;
    let ring = 0;
    let nr = 0;
    let cross = 0;
    let nc = 0;
    for (let r = 0; r < rows; r++)
      for (let q = 0; q < rows; q++) {
        const dx = q - 7.5;
        const dy = r - 7.5;
        const rad = Math.hypot(dx, dy);
        if (Math.abs(dx - dy) <= 1 || Math.abs(dx + dy) <= 1) {
          if (rad <= 3) (cross += row[r * cols + col0 + q]), nc++;
        } else if (rad >= 3.5 && rad <= 6.5) (ring += row[r * cols + col0 + q]), nr++;
      }
    return ring / nr - cross / nc;
  }

  it('renderImage and halfScore equal the per-pixel definitions bit for bit (every glyph shape, with and without occlusion)', () => {
    for (let seed = 0; seed < 60; seed++) {
      const a1 = seed % 2 ? 1 : -1;
      const a2 = seed % 3 ? 1 : -1;
      const t = [0, 0.3, 0.7][seed % 3];
      const got = renderImage(a1, a2, t, new Rng(seed));
      expect(got).toEqual(referenceImage(a1, a2, t, new Rng(seed)));
      expect(halfScore(got, 0)).toBe(referenceScore(got, 0));
      expect(halfScore(got, IMAGE_SHAPE[0])).toBe(referenceScore(got, IMAGE_SHAPE[0]));
    }
    // Negative control: another seed draws another image (the comparison can fail).
    expect(renderImage(1, 1, 0.3, new Rng(1))).not.toEqual(referenceImage(1, 1, 0.3, new Rng(2)));
  });
});
