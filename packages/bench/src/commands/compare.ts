/** `rclab compare A.json B.json` — B against A, cell by cell, with intervals. */
import { readResultsFile, UsageError } from '@rclab/core';
import { resolve } from 'node:path';
import type { OptionSpec } from '../args.ts';
import { compareResults } from '../compare.ts';
import { describeEnv } from '../env.ts';
import { formatRate } from '../progress.ts';
import { table } from '../summary.ts';
import type { Command } from './types.ts';

const options: OptionSpec[] = [
  { name: 'json', kind: 'flag', help: 'print the comparison as JSON' },
  { name: 'help', kind: 'flag', help: 'show this help' },
];

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare two results files cell by cell (B over A, with intervals)',
  usage: 'rclab compare A.json B.json [--json]',
  options,
  async run(args, io) {
    if (args.positionals.length !== 2) {
      throw new UsageError(`rclab compare needs exactly two results files (A.json B.json), got ${args.positionals.length}`);
    }
    const [pa, pb] = args.positionals as [string, string];
    const a = readResultsFile(resolve(io.cwd, pa));
    const b = readResultsFile(resolve(io.cwd, pb));
    const cmp = compareResults(a, b);
    if (args.flags.has('json')) {
      io.stdout.write(`${JSON.stringify({ a: { path: pa, env: a.env }, b: { path: pb, env: b.env }, ...cmp }, null, 2)}\n`);
      return 0;
    }
    const lines = [`A: ${pa} — ${describeEnv(a.env)}, ${a.env.date}`, `B: ${pb} — ${describeEnv(b.env)}, ${b.env.date}`];
    if (cmp.rows.length === 0) lines.push('', 'no cell is in both files with figures to compare');
    else {
      const rows: string[][] = [['cell', 'A ops/s [interval]', 'B ops/s [interval]', 'B/A', '[interval]', '']];
      for (const r of cmp.rows) {
        rows.push([
          r.id,
          `${formatRate(r.a.median)} [${formatRate(r.a.low)}–${formatRate(r.a.high)}]`,
          `${formatRate(r.b.median)} [${formatRate(r.b.low)}–${formatRate(r.b.high)}]`,
          `×${r.ratio.median.toFixed(3)}`,
          `[${r.ratio.low.toFixed(3)}–${r.ratio.high.toFixed(3)}]`,
          `${r.separated ? (r.ratio.median > 1 ? 'faster' : 'slower') : ''}${r.aOk && r.bOk ? '' : ' !correctness'}`.trim(),
        ]);
      }
      lines.push('', table(rows));
      lines.push('', 'faster/slower: the two cells\' intervals do not overlap; otherwise the difference is within the trials\' spread');
    }
    if (cmp.onlyA.length > 0) lines.push(`only in A: ${cmp.onlyA.length} cell${cmp.onlyA.length === 1 ? '' : 's'}`);
    if (cmp.onlyB.length > 0) lines.push(`only in B: ${cmp.onlyB.length} cell${cmp.onlyB.length === 1 ? '' : 's'}`);
    if (cmp.errors.length > 0) lines.push(`not compared (an error on one side): ${cmp.errors.join(', ')}`);
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
