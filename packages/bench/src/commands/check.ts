/**
 * `rclab check <strategy>` — runs the conformance kit on a strategy (a built-in name or a path
 * to a user's module) and prints, per property, passed or the shrunk failing program with the
 * seed that replays it. Exit code 0 only if every property passed.
 */
import { resolve } from 'node:path';
import { loadStrategyFactory, looksLikePath, ModuleShapeError, nearest, resolveModuleRef, UsageError } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import { checkStrategy, formatReport } from '@rclab/strategies/conformance';
import type { OptionSpec } from '../args.ts';
import type { Command } from './types.ts';

const options: OptionSpec[] = [
  { name: 'runs', kind: 'value', value: 'N', help: 'random programs per property, on top of the canaries (default 25)' },
  { name: 'threads', kind: 'value', value: 'N', help: 'most worker threads a program uses (default 2)' },
  { name: 'rounds', kind: 'value', value: 'N', help: 'times each thread runs its body (default 2000)' },
  { name: 'seed', kind: 'value', value: 'N', help: 'fast-check seed (default: random, printed)' },
  { name: 'path', kind: 'value', value: 'PATH', help: 'replay path of a counterexample (with --seed)' },
  { name: 'json', kind: 'flag', help: 'print the report as JSON' },
  { name: 'help', kind: 'flag', help: 'show this help' },
];

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer ${min}..${max}, got '${text}'`);
  return n;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'run the conformance kit on a strategy (built-in name or ./my-strategy.ts); exit 0 only if all pass',
  usage: 'rclab check <strategy> [--runs N] [--threads N] [--rounds N] [--seed N [--path PATH]] [--json]',
  options,
  async run(args, io) {
    if (args.positionals.length !== 1) {
      throw new UsageError(
        `rclab check needs exactly one strategy (a built-in name: ${Object.keys(strategyCatalog).join(', ')}; or a path such as ./my-strategy.ts), got ${args.positionals.length}`,
      );
    }
    const given = args.positionals[0] as string;
    if (!looksLikePath(given) && strategyCatalog[given] === undefined) {
      const near = nearest(given, Object.keys(strategyCatalog));
      throw new UsageError(`unknown strategy '${given}': ${near !== undefined ? `did you mean ${near}? ` : ''}use one of ${Object.keys(strategyCatalog).join(', ')}, or a path to a module (./my-strategy.ts)`);
    }
    const specifier = looksLikePath(given) && !given.startsWith('file:') ? resolve(io.cwd, given) : given;
    const runs = integer('runs', args.values.get('runs'), 0, 10_000) ?? 25;
    const threads = integer('threads', args.values.get('threads'), 1, 8) ?? 2;
    const rounds = integer('rounds', args.values.get('rounds'), 1, 10_000_000);
    const seed = integer('seed', args.values.get('seed'), -(2 ** 31), 2 ** 31 - 1);
    const path = args.values.get('path');
    if (path !== undefined && seed === undefined) throw new UsageError('--path replays a counterexample and needs the --seed it came with');
    let report;
    try {
      // Load it once first, so a missing file or a bad module is one line before any work starts.
      const factory = await loadStrategyFactory(resolveModuleRef(specifier, strategyCatalog, 'strategy'), strategyCatalog[specifier] !== undefined);
      if (!args.flags.has('json')) {
        io.stderr.write(`checking '${factory.name}' (${given}): ${runs} random programs plus the canaries, on up to ${threads} threads…\n`);
      }
      report = await checkStrategy(specifier, {
        runs,
        threads,
        log: null,
        ...(rounds !== undefined ? { rounds } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(path !== undefined ? { path } : {}),
      });
    } catch (error) {
      // A module that cannot be loaded or has the wrong shape is bad input: one line, exit 2.
      if (error instanceof ModuleShapeError) throw new UsageError(error.message);
      throw error;
    }
    io.stdout.write(args.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    return report.passed ? 0 : 1;
  },
};
