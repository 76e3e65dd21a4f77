#!/usr/bin/env node
/**
 * The `rclab` executable. From the repository: `pnpm rclab <command>` (runs this file from
 * source); installed: the `rclab` bin of `@rclab/bench` (dist/cli.js).
 */
import { existsSync } from 'node:fs';
import { main } from './main.ts';

// `pnpm rclab …` runs scripts from the repository root; resolve paths (--out, ./my-strategy.ts)
// against the directory the command was typed in, as a user expects.
const typedIn = process.env.INIT_CWD;
if (process.env.npm_lifecycle_event === 'rclab' && typedIn !== undefined && typedIn !== process.cwd() && existsSync(typedIn)) {
  process.chdir(typedIn);
}

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });

// Exit once stdout and stderr are flushed, so nothing (a stray timer, a worker) can keep the
// process alive after the command is done.
let pending = 2;
const done = (): void => {
  if (--pending === 0) process.exit(code);
};
process.stdout.write('', done);
process.stderr.write('', done);
