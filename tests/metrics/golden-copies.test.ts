/**
 * tests/golden/ carries copies of the shared references so the repository is self-contained.
 * When the originals exist beside the repository root (`../shared/golden/`), the copies must be byte-identical.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenDir, goldenFiles, loadGolden, sharedGoldenDir } from '../golden/load.ts';

describe('golden copies', () => {
  it.each(goldenFiles.map((f) => [f]))('%s is present and parses', (file) => {
    expect(existsSync(path.join(goldenDir, file))).toBe(true);
    expect(loadGolden(file)).toBeTruthy();
  });

  it('are byte-identical to ../shared/golden/ beside the repository root', (ctx) => {
    if (!existsSync(sharedGoldenDir)) ctx.skip(`${sharedGoldenDir} does not exist: nothing to compare the copies with`);
    for (const file of goldenFiles) {
      const original = readFileSync(path.join(sharedGoldenDir, file));
      const copy = readFileSync(path.join(goldenDir, file));
      expect(copy.equals(original), `${file} differs from ${path.join(sharedGoldenDir, file)}`).toBe(true);
    }
  });
});
