/**
 * Replaying a counterexample: a fast-check replay path is checked before any work, and every
 * failure carries the one `rclab check` command that replays it (with the options it needs).
 */
import { DEFAULT_RUNS, DEFAULT_SCHEDULES_PER_PROGRAM, DEFAULT_THREADS } from './options.ts';

/** A replay path that cannot be replayed (bad syntax, or past the runs of this seed). */
export class ReplayPathError extends RangeError {
  override readonly name = 'ReplayPathError';
}

/** Throws unless `path` looks like a replay path a report printed. */
export function checkReplayPath(path: string): void {
  if (!/^\d+(:\d+)*$/.test(path)) {
    throw new ReplayPathError(`replay path must be numbers separated by ':' as printed by a report (e.g. 12:0:3), got '${path}'`);
  }
}

/** Throws if `path` starts past the `total` runs of this check (another seed's or options' path). */
export function checkReplayStart(path: string, total: number): void {
  if (Number(path.split(':')[0]) >= total) {
    throw new ReplayPathError(`replay path '${path}' starts past the ${total} runs of this check (it needs the same --seed, --threads and --runs as the report it came from)`);
  }
}

/** What a replay command must repeat: the strategy, the seed and the options that changed what ran. */
export interface ReplayContext {
  readonly strategy: string;
  readonly seed: number;
  readonly threads: number;
  readonly runs: number;
  readonly cap: number;
}

/** The command that replays a counterexample (`path`: fast-check's, for the controlled layer). */
export function replayCommand({ strategy, seed, threads, runs, cap }: ReplayContext, path: string | undefined): string {
  const extra =
    `${threads !== DEFAULT_THREADS ? ` --threads ${threads}` : ''}${runs !== DEFAULT_RUNS ? ` --runs ${runs}` : ''}` +
    (cap !== DEFAULT_SCHEDULES_PER_PROGRAM ? ` --schedules ${cap}` : '');
  return `rclab check ${shellArg(strategy)} --seed ${seed}${path !== undefined ? ` --path ${path}` : ''}${extra}`;
}

/** Quotes a command-line argument for a POSIX shell when it needs it. */
function shellArg(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}
