/** `rclab compare A.json B.json` — B against A, cell by cell, with bootstrap intervals of the ratio. */
import { readResultsFile, UsageError } from '@rclab/core';
import { resolve } from 'node:path';
import { type OptionSpec, parseInteger } from '../args.ts';
import { compareResults } from '../compare.ts';
import { comparisonCsvTable, comparisonParts } from '../compare-format.ts';
import { FORMAT_OPTION, outputFormat } from '../format/option.ts';
import { formatSummary } from '@rclab/report';
import { DEFAULT_RESAMPLES } from '@rclab/core';
import type { Command } from './types.ts';

const options: OptionSpec[] = [
  FORMAT_OPTION,
  { name: 'json', kind: 'flag', help: 'print the comparison as JSON' },
  { name: 'resamples', kind: 'value', value: 'N', help: `bootstrap resamples, 100..100000 (default ${DEFAULT_RESAMPLES})` },
  { name: 'seed', kind: 'value', value: 'N', help: 'seed of the bootstrap (default 1; the same seed gives the same intervals)' },
  { name: 'help', kind: 'flag', help: 'show this help' },
];

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare two results files cell by cell (B over A, bootstrap intervals, geometric mean)',
  usage: 'rclab compare A.json B.json [--format text|md|csv | --json] [--resamples N] [--seed N]',
  options,
  async run(args, io) {
    if (args.positionals.length !== 2) {
      throw new UsageError(`rclab compare needs exactly two results files (A.json B.json), got ${args.positionals.length}`);
    }
    const format = outputFormat(args, 'compare');
    const resamplesRaw = args.values.get('resamples');
    const seedRaw = args.values.get('seed');
    const resamples = resamplesRaw === undefined ? DEFAULT_RESAMPLES : parseInteger(resamplesRaw, 'resamples', 100, 100_000);
    const seed = seedRaw === undefined ? 1 : parseInteger(seedRaw, 'seed', 0, 2 ** 32 - 1);
    const [pa, pb] = args.positionals as [string, string];
    const a = readResultsFile(resolve(io.cwd, pa));
    const b = readResultsFile(resolve(io.cwd, pb));
    const cmp = compareResults(a, b, { resamples, seed });
    if (args.flags.has('json')) {
      io.stdout.write(`${JSON.stringify({ a: { path: pa, env: a.env }, b: { path: pb, env: b.env }, ...cmp }, null, 2)}\n`);
      return 0;
    }
    const text = format === 'csv' ? formatSummary([comparisonCsvTable(cmp)], 'csv') : formatSummary(comparisonParts(cmp, a, b, pa, pb), format);
    io.stdout.write(`${text}\n`);
    return 0;
  },
};
