/** `rclab report results.json [more.json …] --out report.html` — one HTML report from results files. */
import { basename, dirname, resolve } from 'node:path';
import { readResultsFile, UsageError } from '@rclab/core';
import type { OptionSpec } from '../args.ts';
import { loadReportModule } from './report-module.ts';
import type { Command } from './types.ts';

const options: OptionSpec[] = [
  { name: 'out', kind: 'value', value: 'FILE', help: 'where to write the report (default: report.html beside the first results file)' },
  { name: 'interactive', kind: 'flag', help: 'inline the Vega runtime so charts are live (tooltips); the static SVGs stay' },
  { name: 'title', kind: 'value', value: 'TEXT', help: 'page title (default "rclab report")' },
  { name: 'help', kind: 'flag', help: 'show this help' },
];

export const reportCommand: Command = {
  name: 'report',
  summary: 'write one self-contained HTML report from one or more results files',
  usage: 'rclab report RESULTS.json [MORE.json …] [--out report.html] [--interactive] [--title TEXT]',
  options,
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError('rclab report needs at least one results file (e.g. rclab-results/results.json)');
    const files = args.positionals.map((p) => resolve(io.cwd, p));
    const results = files.map((f) => readResultsFile(f));
    const out = resolve(io.cwd, args.values.get('out') ?? resolve(dirname(files[0] as string), 'report.html'));
    const report = await loadReportModule();
    if (typeof report === 'string') {
      io.stderr.write(`rclab report: cannot write the report: ${report}\n`);
      return 1;
    }
    const title = args.values.get('title');
    await report.writeReport(results, out, {
      interactive: args.flags.has('interactive'),
      // Several files: label each by its file name (or its directory, for rclab-results/results.json).
      ...(files.length > 1 ? { sourceNames: files.map((f) => (basename(f) === 'results.json' ? basename(dirname(f)) : basename(f))) } : {}),
      ...(title !== undefined ? { title } : {}),
    });
    io.stdout.write(`report: ${out}\n`);
    return 0;
  },
};
