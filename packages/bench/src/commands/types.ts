import type { OptionSpec, ParsedArgs } from '../args.ts';

/** Where a command writes. Tests and the CLI pass the process's streams. */
export interface CommandIO {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
}

/** One `rclab` subcommand. */
export interface Command {
  readonly name: string;
  /** One line for `rclab help`. */
  readonly summary: string;
  /** The usage line, e.g. `rclab compare A.json B.json [--json]`. */
  readonly usage: string;
  readonly options: readonly OptionSpec[];
  /** Runs the command; returns the exit code. Usage errors are thrown as `UsageError`. */
  run(args: ParsedArgs, io: CommandIO, argv: readonly string[]): Promise<number>;
}
