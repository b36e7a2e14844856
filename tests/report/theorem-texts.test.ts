import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latexSummary } from '../../src/report/latex.ts';
import { texEscape } from '../../src/report/tex.ts';
import { listTheorems } from '../../src/suite.ts';
import { citationString } from '../../src/runner/runSuite.ts';
import type { SuiteResult, TheoremResult } from '../../src/runner/types.ts';
import { exactProperty, fixtureSuite } from './fixture.ts';

/** The built-in theorems' texts in a suite result (statistics are stand-ins). */
function builtinSuite(): SuiteResult {
  const base = fixtureSuite();
  const theorems: TheoremResult[] = listTheorems().map((t) => ({
    id: t.id,
    title: t.title,
    citation: citationString(t),
    claim: t.claim,
    predictedClass: t.predictedClass.name,
    assumptions: t.assumptions,
    verdict: 'pass',
    properties: t.properties.map((p) =>
      exactProperty({ theoremId: t.id, propertyId: p.id, role: p.role, statement: p.statement, threshold: p.threshold, direction: p.direction, statisticName: p.statisticName }, [0.01, 0.02]),
    ),
  }));
  const n = theorems.reduce((s, t) => s + t.properties.length, 0);
  return { ...base, theorems, summary: { theorems: theorems.length, properties: n, passed: n, failed: 0 } };
}

describe('the built-in theorems’ texts in LaTeX', () => {
  const suite = builtinSuite();

  it('every character they use has a LaTeX mapping (no [U+…] fallback)', () => {
    const texts = suite.theorems.flatMap((t) => [t.title, t.citation, t.claim, t.predictedClass, ...(t.assumptions ?? []).map((a) => a.statement), ...t.properties.flatMap((p) => [p.statement, p.statistic.name])]);
    const unmapped = new Set<string>();
    for (const s of texts) for (const m of texEscape(s).matchAll(/\[U\+([0-9A-F]+)\]/g)) unmapped.add(String.fromCodePoint(parseInt(m[1], 16)));
    expect([...unmapped], 'add these characters to src/report/tex.ts').toEqual([]);
  });

  const engine = ['pdflatex', 'lualatex'].find((e) => spawnSync(e, ['--version'], { stdio: 'ignore' }).status === 0) ?? null;
  it.skipIf(engine === null)(`compile with ${engine ?? 'a TeX engine'} (skipped when neither pdflatex nor lualatex is on PATH)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentcheck-tex-builtin-'));
    writeFileSync(join(dir, 'summary.tex'), latexSummary(suite));
    writeFileSync(join(dir, 'doc.tex'), '\\documentclass{article}\n\\usepackage{booktabs,amsmath,amssymb}\n\\begin{document}\n\\input{summary.tex}\n\\end{document}\n');
    const run = spawnSync(engine!, ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stdout.slice(-3000)).toBe(0);
  });
});
