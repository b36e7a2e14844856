#!/usr/bin/env node
// latentcheck command-line entry. In a source checkout (src/ present) it runs the TypeScript sources through
// tsx, so development needs no build step; in the installed package it runs the compiled dist/ directly.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// A closed pipe (`latentcheck list | head`) ends the command quietly instead of with an EPIPE stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const source = new URL('../src/cli/main.ts', import.meta.url);
let cli;
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import(new URL('../dist/src/cli/main.js', import.meta.url).href);
}
process.exitCode = await cli.main(process.argv);
