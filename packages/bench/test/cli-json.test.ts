import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli-helpers.ts';

/** Runs `pnpm …args` from the repository root, as a user scripting rclab would. */
function pnpm(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('scripting rclab through pnpm', () => {
  it('pnpm -s rclab list --json > f.json gives a file that is JSON and nothing else', async () => {
    const r = await pnpm(['-s', 'rclab', 'list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const parsed = JSON.parse(r.stdout) as { strategies: { name: string }[]; workloads: { name: string }[] };
    expect(parsed.strategies.map((s) => s.name)).toContain('gil');
    expect(parsed.workloads.map((w) => w.name)).toContain('rc-private');
  }, 60_000);

  it('a usage error through pnpm -s is still one line on stderr and exit code 2', async () => {
    const r = await pnpm(['-s', 'rclab', 'list', '--jsno']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("rclab: unknown option '--jsno' for rclab list: did you mean --json? (rclab help list lists every option)\n");
  }, 60_000);
});
