import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng/rng.ts';
import { signedPermutationClass } from '../../src/classes/index.ts';
import { ARTIFACT_ROWS, classArtifacts, farRotation, monotoneMapBack, oracleLatents, subsampleCurve } from '../../src/theorem/trial.ts';

describe('trial helpers (artifacts and oracles)', () => {
  const z = new Rng(1).normalMatrix(500, 3);

  it('subsampleCurve keeps at most the limit, first and last points', () => {
    const curve = Array.from({ length: 1000 }, (_, i) => [i, 1 / (i + 1)] as [number, number]);
    const s = subsampleCurve(curve, 200);
    expect(s).toHaveLength(200);
    expect(s[0]).toEqual(curve[0]);
    expect(s.at(-1)).toEqual(curve.at(-1));
    expect(subsampleCurve(curve.slice(0, 5))).toEqual(curve.slice(0, 5));
  });

  it('classArtifacts maps an exact class member back onto z', () => {
    const h = signedPermutationClass(3).sampleMember(new Rng(2));
    const a = classArtifacts(z, h.apply(z), signedPermutationClass(3));
    expect(a.z).toHaveLength(ARTIFACT_ROWS);
    a.mapped.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(z[i][j], 8)));
  });

  it('monotoneMapBack inverts a permutation + monotone element-wise map exactly', () => {
    const zhat = z.map((r) => [-Math.exp(r[2]), r[0] ** 3, 2 * r[1] + 1]);
    const back = monotoneMapBack(z, zhat);
    back.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(z[i][j])));
  });

  it('oracleLatents adds the stated share of noise; farRotation is orthogonal and far from the axes', () => {
    const cls = signedPermutationClass(3);
    const h = cls.sampleMember(new Rng(3));
    expect(cls.fit(z, oracleLatents(z, h.apply, new Rng(4), 0.02)).distance).toBeCloseTo(0.02 / 1.02, 2);
    const q = farRotation(3, new Rng(5));
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(q[i].reduce((s, v, k) => s + v * q[j][k], 0)).toBeCloseTo(i === j ? 1 : 0, 12);
    expect(cls.fit(z, z.map((r) => q.map((row) => row.reduce((s, v, k) => s + v * r[k], 0)))).distance).toBeGreaterThan(0.1);
  });
});
