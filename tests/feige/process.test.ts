import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { Rng } from '../../src/rng/rng.ts';
import { planeGroupParams } from '../../src/feige/arbitraries.ts';
import { buildWorld, classManifoldData, orbitClassifier, validateProcess } from '../../src/feige/process.ts';
import type { ClassManifoldProcess } from '../../src/feige/types.ts';

const base: ClassManifoldProcess = {
  classes: 3,
  template: { kind: 'random', points: 5 },
  group: planeGroupParams('rotation'),
  renderer: { kind: 'point-mlp', features: 16, hidden: 16 },
  labelFraction: 0.1,
  seed: 7,
};

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('class-manifold process: bad input names field and value', () => {
  it('K < 2', () => {
    const e = inputError(() => validateProcess({ ...base, classes: 1 }));
    expect(e.field).toBe('classes');
    expect(e.value).toBe(1);
  });
  it('a template that is not finite', () => {
    const pts = [
      [[0, 0], [1, 0], [0, 1]],
      [[0, 0], [1, NaN], [0, 1]],
      [[0, 0], [2, 0], [0, 1]],
    ];
    const e = inputError(() => validateProcess({ ...base, template: { kind: 'given', points: pts } }));
    expect(e.field).toBe('template.points[1][1][1]');
    expect(Number.isNaN(e.value)).toBe(true);
    expect(inputError(() => validateProcess({ ...base, template: { kind: 'given', points: [[[0, 0], [Infinity, 1]], pts[0], pts[2]] } })).field).toBe('template.points[0][1][0]');
  });
  it('a label budget outside [0, 1]', () => {
    for (const v of [-0.1, 1.5, NaN]) {
      const e = inputError(() => validateProcess({ ...base, labelFraction: v }));
      expect(e.field).toBe('labelFraction');
      expect(e.message).toContain('[0, 1]');
    }
  });
  it('a group whose action is not defined on the template plane', () => {
    const so3 = inputError(() => validateProcess({ ...base, group: [{ kind: 'special-orthogonal', n: 3, seed: 0, samples: 2 }] }));
    expect(so3.field).toBe('group[0].n');
    expect(so3.value).toBe(3);
    const perm = inputError(() => validateProcess({ ...base, group: [{ kind: 'permutation', n: 2 }] }));
    expect(perm.field).toBe('group[0].kind');
    expect(perm.value).toBe('permutation');
    expect(inputError(() => validateProcess({ ...base, group: [{ kind: 'cyclic', n: 2, k: 3, representation: 'shift', power: 1 }] })).field).toBe('group[0].representation');
    expect(inputError(() => validateProcess({ ...base, group: [] })).field).toBe('group');
  });
  it('other fields', () => {
    expect(inputError(() => validateProcess({ ...base, maxAngle: 4 })).field).toBe('maxAngle');
    expect(inputError(() => validateProcess({ ...base, renderer: { kind: 'image', size: 2 } })).field).toBe('renderer.size');
    expect(inputError(() => validateProcess({ ...base, template: { kind: 'cyclic', n: 1, orbits: 1 } })).field).toBe('template.n');
    expect(inputError(() => validateProcess({ ...base, template: { kind: 'given', points: [[[1, 1], [1, 1]], [[0, 0], [1, 0]], [[0, 0], [1, 0]]] } })).field).toBe('template.points[0]');
  });
});

describe('class-manifold process: data', () => {
  it('is deterministic in its seeds', () => {
    const w = buildWorld(base);
    const a = classManifoldData(w, 60, new Rng(3));
    const b = classManifoldData(buildWorld(base), 60, new Rng(3));
    expect(a).toEqual(b);
    expect(classManifoldData(w, 60, new Rng(4)).x).not.toEqual(a.x);
  });
  it('balances classes and keeps a stratified label budget', () => {
    const d = classManifoldData(buildWorld(base), 300, new Rng(1), 0.1);
    for (let k = 0; k < 3; k++) {
      expect(d.y.filter((y) => y === k).length).toBe(100);
      expect(d.y.filter((y, i) => y === k && d.labelled[i]).length).toBe(10);
    }
  });
  it('renders images, products of rotations and translations, and C_n stabilisers', () => {
    const img = buildWorld({ ...base, renderer: { kind: 'image', size: 16 }, group: planeGroupParams('rotation-translation') });
    expect(img.dim).toBe(256);
    const d = classManifoldData(img, 9, new Rng(2));
    expect(d.transform[0]).toHaveLength(4);
    const cyc = buildWorld({ ...base, template: { kind: 'cyclic', n: 4, orbits: 2 } });
    expect(cyc.stabiliserOrder).toBe(4);
    const x = cyc.observe(1, 0.3);
    const y = cyc.observe(1, 0.3 + Math.PI / 2);
    expect(Math.max(...x.map((v, i) => Math.abs(v - y[i])))).toBeLessThan(1e-12);
  });
  it('the orbit classifier recovers class and angle of clean renders', () => {
    const w = buildWorld({ ...base, maxAngle: 2 });
    const d = classManifoldData(w, 30, new Rng(5));
    const j = orbitClassifier(w)(d.x);
    j.forEach((r, i) => {
      expect(r.y).toBe(d.y[i]);
      expect(Math.abs(r.theta - d.theta[i])).toBeLessThan(0.03);
    });
  });
});
