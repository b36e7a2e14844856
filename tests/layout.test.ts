/**
 * The layer rules of src/README.md: no shared layer imports a family, no family imports another, and nothing in
 * src/ imports theorems/ except the composition root src/suite.ts. A violation names the importing file and the
 * import.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
export const FAMILIES = ['mechanisms', 'contrastive', 'funke', 'feige', 'structured'];
const SHELLS = ['cli', 'testing', 'suite.ts', 'index.ts'];
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import in src/: [importing file, imported file], both relative to the repository root. */
function edges(): [string, string][] {
  return sourceFiles(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m): [string, string] => [relative(ROOT, file), relative(ROOT, resolve(dirname(file), m[1]))]),
  );
}

/** The top-level unit of a path under src/ ('structured', 'suite.ts', …), or null outside src/. */
const unitOf = (p: string): string | null => (p.startsWith('src/') ? p.split('/')[1] : null);

/** The rule an import breaks, or null. */
export function layerViolation(from: string, to: string): string | null {
  const a = unitOf(from);
  const b = unitOf(to);
  if (b === null) return from === 'src/suite.ts' && to.startsWith('theorems/') ? null : 'imports outside src/';
  if (a === null) return null;
  if (FAMILIES.includes(a) && FAMILIES.includes(b) && a !== b) return 'a family imports another family';
  if (!FAMILIES.includes(a) && !SHELLS.includes(a) && FAMILIES.includes(b)) return 'a shared layer imports a family';
  if (!SHELLS.includes(a) && SHELLS.includes(b)) return 'a layer imports a shell';
  return null;
}

describe('layout: imports run down the layers', () => {
  it('the rules catch what they forbid (negative controls)', () => {
    expect(layerViolation('src/runner/x.ts', 'src/structured/mvae.ts')).toBe('a shared layer imports a family');
    expect(layerViolation('src/funke/x.ts', 'src/structured/mvae.ts')).toBe('a family imports another family');
    expect(layerViolation('src/theorem/registry.ts', 'theorems/index.ts')).toBe('imports outside src/');
    expect(layerViolation('src/compare/load.ts', 'src/testing/types.ts')).toBe('a layer imports a shell');
    expect(layerViolation('src/structured/mvae.ts', 'src/train/train.ts')).toBeNull();
    expect(layerViolation('src/suite.ts', 'theorems/index.ts')).toBeNull();
  });
  it('every import in src/ obeys them', () => {
    const bad = edges()
      .map(([from, to]) => ({ from, to, rule: layerViolation(from, to) }))
      .filter((e) => e.rule !== null);
    expect(bad).toEqual([]);
  });
  it('every family folder has an index and a README', () => {
    for (const f of FAMILIES) {
      expect(statSync(join(SRC, f, 'index.ts')).isFile(), `src/${f}/index.ts`).toBe(true);
      expect(statSync(join(SRC, f, 'README.md')).isFile(), `src/${f}/README.md`).toBe(true);
    }
  });
});
