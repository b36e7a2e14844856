// Builds the installable package: compiles src/ and theorems/ with tsc (tsconfig.build.json) to dist/ as ESM
// .js + .d.ts + source maps (sources inlined), then copies the plain .mjs files tsc does not emit (the
// worker-pool entry). Plain Node, run by `npm run build` and by `prepack`.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });

function copyMjs(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyMjs(path);
    else if (entry.name.endsWith('.mjs')) cpSync(path, join(dist, relative(root, path)));
  }
}
copyMjs(join(root, 'src'));
console.error(`latentcheck: built ${relative(process.cwd(), dist) || '.'}`);
