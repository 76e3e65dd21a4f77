/**
 * `rclab check <strategy>` — runs the conformance kit on a strategy (a built-in name or a path
 * to a user's module) and prints what it explored and, per property, ok or the shrunk failing
 * program with its shrunk schedule, the interleaving, the seed and a one-command replay
 * (`rclab check FILE --seed S --path P`). Exit code 0 only if every property passed, 1 if one
 * failed, 2 for bad input, 130 if stopped with Ctrl-C (the kit's workers are terminated; a second
 * Ctrl-C exits at once).
 */
import { resolve } from 'node:path';
import { ModuleLoader, ModuleShapeError, UsageError } from '@rclab/core';
import { looksLikePath, nearest, resolveModuleRef } from '@rclab/core/internal';
import { strategyCatalog } from '@rclab/strategies';
import { checkStrategy, formatReport, ReplayPathError } from '@rclab/strategies/conformance';
import type { OptionSpec } from '../args.ts';
import type { Command } from './types.ts';

const options: OptionSpec[] = [
  { name: 'runs', kind: 'value', value: 'N', help: 'random (program, schedule) pairs per property, on top of the systematic ones (default 40)' },
  { name: 'threads', kind: 'value', value: 'N', help: 'most worker threads a program uses, 1..8 (default 4)' },
  { name: 'schedules', kind: 'value', value: 'N', help: 'most systematic schedules per program and granularity, sampled evenly past it (default 120)' },
  { name: 'free', kind: 'value', value: 'N', help: 'programs run free on real parallel threads after the controlled layers (default 4; 0 for none)' },
  { name: 'rounds', kind: 'value', value: 'N', help: 'passes of each free-running thread body (default 2000)' },
  { name: 'seed', kind: 'value', value: 'N', help: 'fast-check seed (default: random, printed)' },
  { name: 'path', kind: 'value', value: 'PATH', help: 'replay path of a counterexample, as printed (with --seed)' },
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
  usage: 'rclab check <strategy> [--runs N] [--threads N] [--schedules N] [--free N] [--rounds N] [--seed N [--path PATH]] [--json]',
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
      throw new UsageError(
        `unknown strategy '${given}': ${near !== undefined ? `did you mean ${near}? ` : ''}use one of ${Object.keys(strategyCatalog).join(', ')}, or a path to a module (./my-strategy.ts)`,
      );
    }
    const specifier = looksLikePath(given) && !given.startsWith('file:') ? resolve(io.cwd, given) : given;
    const runs = integer('runs', args.values.get('runs'), 0, 10_000);
    const threads = integer('threads', args.values.get('threads'), 1, 8);
    const schedules = integer('schedules', args.values.get('schedules'), 1, 100_000);
    const free = integer('free', args.values.get('free'), 0, 1000);
    const rounds = integer('rounds', args.values.get('rounds'), 1, 10_000_000);
    const seed = integer('seed', args.values.get('seed'), -(2 ** 31), 2 ** 31 - 1);
    const path = args.values.get('path');
    if (path !== undefined && seed === undefined) throw new UsageError('--path replays a counterexample and needs the --seed it came with');
    if (path !== undefined && !/^\d+(:\d+)*$/.test(path)) {
      throw new UsageError(`--path must be the replay path a report printed: numbers separated by ':' (e.g. 12:0:3), got '${path}'`);
    }
    const json = args.flags.has('json');

    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = (): void => {
      interrupts++;
      if (interrupts === 1) {
        io.stderr.write('interrupted: stopping the check (Ctrl-C again to quit at once)\n');
        controller.abort();
      } else {
        process.exit(130);
      }
    };
    process.on('SIGINT', onSigint);
    let report;
    const loader = new ModuleLoader();
    try {
      // Load it once first, so a missing file or a bad module is one line before any work starts.
      const factory = await loader.loadStrategy(resolveModuleRef(specifier, strategyCatalog, 'strategy'), strategyCatalog[specifier] !== undefined);
      if (!json) io.stderr.write(`checking '${factory.name}' (${given}) under controlled schedules on up to ${threads ?? 4} threads…\n`);
      report = await checkStrategy(specifier, {
        log: null,
        signal: controller.signal,
        loader,
        ...(json ? {} : { onProgress: (text: string) => io.stderr.write(`  ${text}\n`) }),
        ...(runs !== undefined ? { runs } : {}),
        ...(threads !== undefined ? { threads } : {}),
        ...(schedules !== undefined ? { schedulesPerProgram: schedules } : {}),
        ...(free !== undefined ? { freeRuns: free } : {}),
        ...(rounds !== undefined ? { rounds } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(path !== undefined ? { path } : {}),
      });
    } catch (error) {
      // A module that cannot be loaded or has the wrong shape, or a path that replays nothing, is bad input: one line, exit 2.
      if (error instanceof ModuleShapeError || error instanceof ReplayPathError) throw new UsageError(error.message);
      throw error;
    } finally {
      process.off('SIGINT', onSigint);
      await loader.dispose();
    }
    io.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    if (report.stopped) return 130;
    return report.passed ? 0 : 1;
  },
};
