import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latexSummary, SUMMARY_COLUMNS } from '../../src/report/latex.ts';
import { fixtureSuite } from './fixture.ts';

/** The first TeX engine on PATH, or null. */
function texEngine(): string | null {
  for (const e of ['pdflatex', 'lualatex']) if (spawnSync(e, ['--version'], { stdio: 'ignore' }).status === 0) return e;
  return null;
}

/** The fragment without comment lines. */
function body(tex: string): string {
  return tex
    .split('\n')
    .filter((l) => !l.startsWith('%'))
    .join('\n');
}

/** Unescaped braces balance, never going negative. */
function bracesBalanced(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Text with every `\ensuremath{…}` group and every command or escaped character removed. */
function plainText(tex: string): string {
  let out = '';
  for (let i = 0; i < tex.length; ) {
    if (tex.startsWith('\\ensuremath{', i)) {
      let depth = 0;
      let j = i + '\\ensuremath'.length;
      for (; j < tex.length; j++) {
        if (tex[j] === '\\') j++;
        else if (tex[j] === '{') depth++;
        else if (tex[j] === '}' && --depth === 0) break;
      }
      i = j + 1;
    } else if (tex[i] === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i))!;
      i += m[0].length;
    } else out += tex[i++];
  }
  return out;
}

/** The rows (`… \\`) of each tabular environment. */
function tabulars(tex: string): string[][] {
  const out: string[][] = [];
  const re = /\\begin\{tabular\}\{[^\n]*?\}\n([\s\S]*?)\\end\{tabular\}/g;
  for (let m = re.exec(tex); m; m = re.exec(tex)) out.push(m[1].split('\n').filter((l) => l.trim() !== ''));
  return out;
}

describe('LaTeX fragment: structure', () => {
  const r = fixtureSuite();
  const tex = latexSummary(r);
  const b = body(tex);

  it('is ASCII, states its packages, and balances braces and environments', () => {
    expect(tex).toMatch(/^[\n\x20-\x7e]*$/);
    expect(tex).toContain('\\usepackage{booktabs,amsmath,amssymb}');
    expect(bracesBalanced(b)).toBe(true);
    const stack: string[] = [];
    for (const m of b.matchAll(/\\(begin|end)\{([a-z*]+)\}/g)) {
      if (m[1] === 'begin') stack.push(m[2]);
      else expect(stack.pop()).toBe(m[2]);
    }
    expect(stack).toEqual([]);
  });

  it('every tabular has \\toprule, \\midrule and \\bottomrule, in that order', () => {
    const tables = tabulars(b);
    // Overview, one per theorem, provenance.
    expect(tables.length).toBe(2 + r.theorems.length);
    for (const rows of tables) {
      const top = rows.indexOf('\\toprule');
      const mid = rows.indexOf('\\midrule');
      const bottom = rows.indexOf('\\bottomrule');
      expect(top).toBe(0);
      expect(mid).toBeGreaterThan(top);
      expect(bottom).toBe(rows.length - 1);
    }
  });

  it('an overview row per theorem, and per theorem a table with one row per property, with every column', () => {
    const tables = tabulars(b);
    const inner = (rows: string[]) => rows.slice(rows.indexOf('\\midrule') + 1, rows.indexOf('\\bottomrule'));
    expect(inner(tables[0]).length).toBe(r.theorems.length);
    expect(inner(tables[0])[0]).toContain('2/3 & \\textbf{fail} & \\ref{tab:latentcheck-fixture2024.known-linear.exact}');
    const propertyRows = r.theorems.flatMap((t, k) => {
      const rows = inner(tables[1 + k]);
      expect(rows.length).toBe(t.properties.length);
      return rows;
    });
    const properties = r.theorems.flatMap((t) => t.properties);
    for (const [i, row] of propertyRows.entries()) {
      expect(row.split(/(?<!\\)&/).length).toBe(SUMMARY_COLUMNS);
      expect(row).toContain(properties[i].propertyId.split('-')[0]);
      expect(row).toContain(properties[i].verdict === 'pass' ? 'pass' : '\\textbf{fail}');
    }
    // The failing trained property: 1 of 4 successes with its interval, rounded outward.
    expect(propertyRows[4]).toContain('1/4\\newline [0.00, 0.45]');
    // Medians in exponent form become powers of ten.
    expect(propertyRows[0]).toContain('\\times 10^{-15}');
    // Every \\ref has its \\label.
    for (const m of b.matchAll(/\\ref\{([^}]+)\}/g)) expect(b).toContain(`\\label{${m[1]}}`);
  });

  it('no raw special character is left in the text', () => {
    // The one macro definition (its `#1`) aside.
    const text = plainText(b.replace('\\providecommand{\\lcsection}[1]{\\subsection*{#1}}', ''));
    for (const ch of ['_', '^', '#', '%', '$']) expect(text.includes(ch), `raw ${ch} in the text`).toBe(false);
    // `&` only as the column separators of tables.
    expect(plainText(b.replace(/\\begin\{tabular\}[\s\S]*?\\end\{tabular\}/g, '')).includes('&')).toBe(false);
  });

  it('lists per theorem the claim, predicted class and assumptions, per property the seed and the test', () => {
    expect(b).toContain('\\textbf{Claim.}');
    expect(b).toContain('\\textbf{Predicted class.} linear centralizer');
    expect(b).toContain('\\item \\textsf{A1\\_linear}: Mechanisms');
    expect(b).toContain('(reconstructed; to confirm against the paper)');
    expect(b).toContain('Seed 987654321 (from run seed 20221)');
    expect(b).toContain('Holm adjustment at \\ensuremath{\\alpha = 0.05}: rejected (stopped early)');
    expect(b).toContain('Git commit & \\texttt{0123456789abcdef0123456789abcdef01234567}');
    expect(b.match(/\\lcsection\{/g)!.length).toBe(r.theorems.length);
  });
});

const engine = texEngine();

describe('LaTeX fragment: compiles', () => {
  it.skipIf(engine === null)(`inside a minimal article with ${engine ?? 'a TeX engine'} (skipped when neither pdflatex nor lualatex is on PATH)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentcheck-tex-'));
    writeFileSync(join(dir, 'summary.tex'), latexSummary(fixtureSuite()));
    writeFileSync(
      join(dir, 'doc.tex'),
      ['\\documentclass{article}', '\\usepackage{booktabs,amsmath,amssymb}', '\\begin{document}', '\\section{Checks}', '\\input{summary.tex}', '\\end{document}', ''].join('\n'),
    );
    const run = spawnSync(engine!, ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    const log = existsSync(join(dir, 'doc.log')) ? readFileSync(join(dir, 'doc.log'), 'latin1') : run.stdout;
    expect(run.status, log.slice(-3000)).toBe(0);
    expect(existsSync(join(dir, 'doc.pdf'))).toBe(true);
    // The table fits the text width of a default article.
    expect(log).not.toMatch(/Overfull \\hbox \((\d{2,}|[5-9])\.\d+pt too wide\)/);
  });
});
