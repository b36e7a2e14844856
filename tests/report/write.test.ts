import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultsJson, writeReport } from '../../src/report/write.ts';
import { fixtureSuite, largeSuite } from './fixture.ts';

describe('writeReport', () => {
  it('writes results.json (no plot data), artifacts.json, summary.md, summary.tex and an SVG and a PNG per figure', async () => {
    const r = fixtureSuite();
    const dir = mkdtempSync(join(tmpdir(), 'latentcheck-report-'));
    const paths = await writeReport(r, dir);
    for (const p of [paths.results, paths.artifacts, paths.summary, paths.latex, ...paths.figures]) expect(existsSync(p), p).toBe(true);
    const figures = readdirSync(join(dir, 'figures')).sort();
    expect(figures.filter((f) => f.endsWith('.svg')).length).toBe(5);
    expect(figures.filter((f) => f.endsWith('.png')).length).toBe(5);
    expect(paths.figures.length).toBe(10);

    const text = readFileSync(paths.results, 'utf8');
    expect(text).not.toContain('"artifacts"');
    const results = JSON.parse(text);
    expect(results.theorems[1].properties[0].values).toEqual([0.021, 0.034, 0.018, 0.15, 0.027, null, 0.031, 0.025]);
    // The input is not modified.
    expect(r.theorems[1].properties[0].artifacts?.latents).toBeDefined();

    const artifacts = JSON.parse(readFileSync(paths.artifacts, 'utf8'));
    expect(artifacts.schema).toBe('latentcheck/artifacts@1');
    expect(Object.keys(artifacts.theorems)).toEqual(['fixture2024.trained']);
    expect(artifacts.theorems['fixture2024.trained']['permutation-scaling-recovered'].latents.z.length).toBe(300);
    expect(artifacts.theorems['fixture2024.trained']['identity-and-point-reflection-identify-nothing'].curves.length).toBe(4);

    const md = readFileSync(paths.summary, 'utf8');
    for (const f of figures) expect(md, f).toContain(`figures/${f}`);
    expect(readFileSync(paths.latex, 'utf8')).toContain('\\begin{tabular}');
  });

  it('non-finite numbers become null in results.json', () => {
    const r = fixtureSuite();
    r.theorems[0].properties[0].threshold = Number.POSITIVE_INFINITY;
    expect(JSON.parse(resultsJson(r)).theorems[0].properties[0].threshold).toBeNull();
  });

  it('a suite the size of the default one (25 properties, 30 figures) renders in seconds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentcheck-report-large-'));
    const started = performance.now();
    const paths = await writeReport(largeSuite(), dir);
    const seconds = (performance.now() - started) / 1000;
    expect(paths.figures.length).toBe(60);
    // ≈ 2–4 s on a shared 2-core VM; the bound only catches a pathological slowdown.
    expect(seconds).toBeLessThan(40);
  }, 120_000);
});
