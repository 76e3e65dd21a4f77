/**
 * The `rclab` command: dispatches to a subcommand and turns every usage error into one line on
 * stderr and exit code 2. Any other failure is one line too (exit 1); set RCLAB_DEBUG=1 for the
 * stack.
 */
import { UsageError } from '@rclab/core';
import { nearest } from '@rclab/core/internal';
import { optionsHelp, parseArgs } from './args.ts';
import { benchCommand } from './commands/bench.ts';
import { checkCommand } from './commands/check.ts';
import { compareCommand } from './commands/compare.ts';
import { listCommand } from './commands/list.ts';
import { reportCommand } from './commands/report.ts';
import { traceCommand } from './commands/trace.ts';
import type { Command, CommandIO } from './commands/types.ts';
import { rclabVersion } from './env.ts';
import { forTerminal } from '@rclab/report';

/** Every subcommand, in the order `rclab help` lists them. */
export const commands: readonly Command[] = [benchCommand, listCommand, compareCommand, reportCommand, traceCommand, checkCommand];

/** Exit code of a usage error. */
export const USAGE_EXIT = 2;

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `rclab ${rclabVersion} — reference counting and locking strategies on real threads over one shared heap`,
    '',
    'Usage: rclab <command> [options]     (from the repository: pnpm rclab <command> …)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${'help'.padEnd(width)}show help for a command (rclab help bench)`,
    '',
    'Exit codes: 0 ok; 1 a thread-safe strategy failed a correctness check, a check failed, or the command failed; 2 bad usage.',
    'Scripting: --json prints JSON on stdout (progress goes to stderr); run it as pnpm -s rclab … --json > out.json',
    '           so pnpm adds no lines of its own. --format md|csv gives tables to paste (bench, compare).',
    '',
    'Docs: docs/cli.md',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`Usage: ${c.usage}`, '', c.summary, '', 'Options:', optionsHelp(c.options)].join('\n');
}

/** Runs `rclab` with `argv` (the arguments after `rclab`); resolves to the exit code. */
export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const target = rest[0];
      if (target === undefined) {
        io.stdout.write(`${help()}\n`);
        return 0;
      }
      const c = commands.find((x) => x.name === target);
      if (c === undefined) throw new UsageError(unknownCommand(target));
      io.stdout.write(`${commandHelp(c)}\n`);
      return 0;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${rclabVersion}\n`);
      return 0;
    }
    const command = commands.find((c) => c.name === name);
    if (command === undefined) throw new UsageError(unknownCommand(name));
    const args = parseArgs(rest, command.options, command.name);
    if (args.flags.has('help')) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    return await command.run(args, io, argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`rclab: ${oneLine(error.message)}\n`);
      return USAGE_EXIT;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`rclab: ${oneLine(message)}\n`);
    if (process.env.RCLAB_DEBUG === '1' && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

function unknownCommand(name: string): string {
  const names = [...commands.map((c) => c.name), 'help'];
  const near = name.startsWith('-') ? undefined : nearest(name, names);
  const hint = name.startsWith('-') ? ' (options come after the command, e.g. rclab bench --full)' : '';
  return `unknown command '${name}': ${near !== undefined ? `did you mean ${near}? ` : ''}use one of ${names.join(', ')}${hint}`;
}

/** One line, without control characters: a message may quote a file's contents or a module's error. */
function oneLine(text: string): string {
  return forTerminal(text.replace(/\s*\n\s*/g, ' ')).trim();
}
