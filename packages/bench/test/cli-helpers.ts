/** Spawning the rclab CLI from source, as `pnpm rclab` does, for the CLI tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (the tests spawn the CLI from there, like `pnpm rclab`). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = ['--conditions=@rclab/source', '--import', 'tsx', 'packages/bench/src/cli.ts'];

/** What a finished CLI process left. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `rclab …args` and returns the child plus a promise of its result. */
export function startCli(args: readonly string[], timeoutMs = 60_000): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0', RCLAB_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rclab ${args.join(' ')} did not finish within ${timeoutMs} ms (a hang); stderr: ${stderr}`));
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs `rclab …args` to completion. */
export function runCli(args: readonly string[], timeoutMs?: number): Promise<CliResult> {
  return startCli(args, timeoutMs).done;
}

/** Runs `tasks` with at most `limit` at a time (the machine has two cores). */
export async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

/**
 * True when `rclab bench` finished cleanly: exit 0, or exit 1 whose only unexpected problems are
 * trials that did zero operations — which the per-trial engine can leave on a machine too loaded
 * to schedule a worker inside a 5–40 ms window. A crash or a failed check still counts.
 */
export function benchFinishedCleanly(r: CliResult): boolean {
  if (r.code === 0) return true;
  if (r.code !== 1) return false;
  const block = r.stderr.split(/^Unexpected problems \(\d+; rclab bench exits 1\):\n/m)[1];
  if (block === undefined) return false;
  const problems = block.split('\n').filter((l) => l.startsWith('  '));
  return problems.length > 0 && problems.every((l) => /: \d+ trials? did zero operations$/.test(l));
}
