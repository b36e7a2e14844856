/**
 * `compare --identical` (reproducibility mode): two results that differ only in timing and provenance are
 * identical; one changed trial value, a changed verdict, a missing property or −0 for 0 is a difference named by
 * its path (the negative controls); bad input exits 2 naming the side and the file.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { diffRuns, formatRunDiff } from '../../src/compare/identical.ts';
import { baseSuite, writeTemp } from './helpers.ts';
import type { SuiteResult } from '../../src/runner/types.ts';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'latentcheck', 'compare', '--identical', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** BASE with every timing field and the provenance changed: what identical runs may differ in. */
function retimed(): SuiteResult {
  const s = baseSuite();
  s.timing = { ...s.timing, wallMs: s.timing.wallMs + 12345, startedAt: '2030-01-01T00:00:00.000Z' };
  s.provenance = { ...s.provenance, gitCommit: 'ffffffffffffffffffffffffffffffffffffffff' };
  for (const t of s.theorems) for (const p of t.properties) p.timing = { wallMs: 999 };
  return s;
}

describe('diffRuns', () => {
  it('finds nothing between runs that differ only in timing and provenance', () => {
    const d = diffRuns(baseSuite(), retimed());
    expect(d.identical).toBe(true);
    expect(d.differences).toEqual([]);
    expect(d.comparedValues).toBeGreaterThan(20);
    expect(formatRunDiff(d)).toMatch(/^identical: \d+ values compared/);
  });

  it('names a changed trial value, a flipped verdict and a removed property by path (negative controls)', () => {
    const next = retimed();
    const p = next.theorems[0].properties[0];
    p.verdict = p.verdict === 'pass' ? 'fail' : 'pass';
    p.statistic.median = (p.statistic.median ?? 0) + 1e-15;
    next.theorems[0].properties.pop();
    const d = diffRuns(baseSuite(), next);
    expect(d.identical).toBe(false);
    const paths = d.differences.map((x) => x.path);
    expect(paths).toContain('theorems[0].properties[0].verdict');
    expect(paths).toContain('theorems[0].properties[0].statistic.median');
    expect(paths).toContain('theorems[0].properties.length');
    expect(formatRunDiff(d)).toMatch(/^different: \d+ difference/);
  });

  it('tells −0 from 0 and stops at the limit', () => {
    expect(diffRuns({ a: 0 }, { a: -0 }).identical).toBe(false);
    expect(diffRuns({ a: Number.NaN }, { a: Number.NaN }).identical).toBe(true);
    const d = diffRuns({ v: [1, 2, 3, 4] }, { v: [5, 6, 7, 8] }, { limit: 2 });
    expect(d.differences).toHaveLength(2);
    expect(d.truncated).toBe(true);
    expect(d.identical).toBe(false);
  });

  it('ignores timing keys at any depth but provenance only at the top level', () => {
    expect(diffRuns({ x: { timing: 1 } }, { x: { timing: 2 } }).identical).toBe(true);
    expect(diffRuns({ x: { provenance: 1 } }, { x: { provenance: 2 } }).identical).toBe(false);
  });
});

describe('latentcheck compare --identical', () => {
  it('exits 0 on a retimed copy and 1 on a changed value, printing the path', async () => {
    const a = writeTemp('base.json', baseSuite());
    const ok = await run([a, writeTemp('same.json', retimed())]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('identical:');
    const changed = retimed();
    changed.theorems[0].properties[0].trials += 1;
    const bad = await run([a, writeTemp('changed.json', changed)]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('theorems[0].properties[0].trials');
  });

  it('bad input: a missing file names the side and the path, a non-JSON file the path (exit 2)', async () => {
    const a = writeTemp('base.json', baseSuite());
    const missing = await run([a, '/nonexistent/results.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('new');
    expect(missing.err).toContain('/nonexistent/results.json');
    const garbage = writeTemp('garbage.json', '{not json');
    const notJson = await run([garbage, a]);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain('garbage.json');
    expect(notJson.err).toContain('valid JSON');
  });
});
