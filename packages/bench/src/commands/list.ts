/** `rclab list` — the strategies and workloads there are, one line each. */
import { ModuleLoader, UsageError, type WorkloadFactory } from '@rclab/core';
import type { OptionSpec } from '../args.ts';
import { describeStrategy, describeWorkload, loadCatalogs } from '../suite/catalogs.ts';
import { workloadDescriptions } from '../workloads/catalog.ts';
import { loadWorkloads, paramsLine } from '../preflight/params.ts';
import { ROLE } from '../experiments/roles.ts';
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
    const loader = new ModuleLoader();
    const strategies = [];
    for (const name of Object.keys(catalogs.strategies)) strategies.push(await describeStrategy(name, catalogs.strategies, loader));
    const workloads: { name: string; kind: string; description: string; factory: WorkloadFactory }[] = [];
    for (const name of Object.keys(catalogs.workloads)) {
      const w = await describeWorkload(name, catalogs.workloads, loader);
      const [loaded] = await loadWorkloads([name], catalogs.workloads, loader);
      const info = workloadDescriptions.find((d) => d.name === name);
      const kind = !catalogs.builtinWorkloads.includes(name)
        ? 'harness'
        : (info?.kind ?? (w.roles?.includes(ROLE.perOp) === true ? 'micro' : w.roles?.includes(ROLE.standalone) === true ? 'special' : 'workload'));
      workloads.push({ ...w, kind, factory: (loaded as { factory: WorkloadFactory }).factory });
    }
    await loader.dispose();
    if (args.flags.has('json')) {
      io.stdout.write(
        `${JSON.stringify(
          {
            strategies: strategies.map((s) => ({ name: s.name, threadSafe: s.threadSafe ?? false, description: s.description })),
            workloads: workloads.map((w) => ({ name: w.name, kind: w.kind, description: w.description, op: w.factory.op ?? null, params: w.factory.params ?? null })),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const indent = Math.max(...workloads.map((w) => w.name.length)) + 4;
    const lines = [
      'Strategies (--strategies NAME,… or a path to your own module):',
      table(
        strategies.map((s) => [`  ${s.name}`, s.threadSafe === true ? 'thread-safe' : 'NOT thread-safe', s.description]),
        3,
      ),
      '',
      'Workloads (--workloads NAME,… or a path to your own module; parameters with --param KEY=VALUE):',
      ...table(
        workloads.map((w) => [`  ${w.name}`, w.kind, w.description]),
        3,
      )
        .split('\n')
        .flatMap((line, i) => {
          const w = workloads[i] as (typeof workloads)[number];
          const pad = ' '.repeat(indent);
          const params = paramsLine(w.factory);
          return [line, ...(w.factory.op !== undefined ? [`${pad}one op: ${w.factory.op}`] : []), ...(params !== undefined ? [`${pad}params: ${params}`] : [])];
        }),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
