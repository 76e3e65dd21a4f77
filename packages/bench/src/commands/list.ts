/** `rclab list` — the strategies and workloads there are, one line each. */
import { UsageError } from '@rclab/core';
import type { OptionSpec } from '../args.ts';
import { describeStrategy, describeWorkload, loadCatalogs } from '../suite/catalogs.ts';
import { MICRO_WORKLOADS, SPECIAL_WORKLOADS } from '../suite/presets.ts';
import { table } from '../summary.ts';
import type { Command } from './types.ts';

const options: OptionSpec[] = [
  { name: 'json', kind: 'flag', help: 'print the lists as JSON' },
  { name: 'help', kind: 'flag', help: 'show this help' },
];

export const listCommand: Command = {
  name: 'list',
  summary: 'list the strategies and workloads with one-line descriptions',
  usage: 'rclab list [--json]',
  options,
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`rclab list takes no arguments (got '${args.positionals[0]}')`);
    const catalogs = await loadCatalogs();
    const strategies = [];
    for (const name of Object.keys(catalogs.strategies)) strategies.push(await describeStrategy(name, catalogs.strategies));
    const workloads = [];
    for (const name of Object.keys(catalogs.workloads)) {
      const w = await describeWorkload(name, catalogs.workloads);
      const kind = !catalogs.builtinWorkloads.includes(name) ? 'harness' : MICRO_WORKLOADS.has(name) ? 'micro' : SPECIAL_WORKLOADS.has(name) ? 'special' : 'workload';
      workloads.push({ ...w, kind });
    }
    if (args.flags.has('json')) {
      io.stdout.write(
        `${JSON.stringify(
          {
            strategies: strategies.map((s) => ({ name: s.name, threadSafe: s.threadSafe ?? false, description: s.description })),
            workloads: workloads.map((w) => ({ name: w.name, kind: w.kind, description: w.description })),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const lines = [
      'Strategies (--strategies NAME,… or a path to your own module):',
      table(strategies.map((s) => [`  ${s.name}`, s.threadSafe === true ? 'thread-safe' : 'NOT thread-safe', s.description]), 3),
      '',
      'Workloads (--workloads NAME,… or a path to your own module):',
      table(workloads.map((w) => [`  ${w.name}`, w.kind, w.description]), 3),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
