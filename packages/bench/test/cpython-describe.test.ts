/**
 * Finding the Pythons for the `cpython` group: the real `python3` on PATH (a GIL build in CI),
 * the free-threaded description from a fixture in the format `rclab_describe.py` prints, and
 * each way a Python can be unusable — each one line naming what was tried.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describePython, parseDescription, PythonUnavailableError, resolvePythons } from '../src/cpython/describe.ts';

const dir = mkdtempSync(join(tmpdir(), 'rclab-python-'));
/** A fake "python": a shell script that prints `out` whatever it is given. */
function fake(name: string, out: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\ncat <<'RCLAB_EOF'\n${out}\nRCLAB_EOF\n`);
  chmodSync(path, 0o755);
  return path;
}
const freeThreadedFixture = readFileSync(new URL('./fixtures/python/python3.13t-describe.json', import.meta.url), 'utf8');

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PythonUnavailableError);
    return (e as Error).message;
  }
  throw new Error('expected the Python to be refused');
}

describe('describePython', () => {
  it('describes the python3 on PATH: version, implementation, build, switch interval', async () => {
    const d = await describePython('python3');
    const [major, minor] = d.version.split('.').map(Number) as [number, number];
    expect(major * 100 + minor).toBeGreaterThanOrEqual(308);
    expect(d.implementation).toBe('CPython');
    expect(['gil', 'free-threaded']).toContain(d.build);
    expect(d.switchIntervalMs).toBe(5);
    expect(d.executable).toMatch(/python/);
    expect(d.label).toBe(`CPython ${d.version}${d.build === 'free-threaded' ? 't' : ''}`);
  });

  it('reads a free-threaded build (python3.13t) from Py_GIL_DISABLED and sys._is_gil_enabled()', async () => {
    const d = await describePython(fake('python3.13t', freeThreadedFixture.trim()));
    expect(d).toMatchObject({ version: '3.13.1', build: 'free-threaded', gilEnabled: false, label: 'CPython 3.13.1t', switchIntervalMs: 5 });
    // The same build with the GIL switched back on (PYTHON_GIL=1) is still free-threaded, GIL enabled.
    const reenabled = parseDescription('python3.13t', freeThreadedFixture.replace('"gilEnabled": false', '"gilEnabled": true'));
    expect(reenabled).toMatchObject({ build: 'free-threaded', gilEnabled: true });
    // A GIL build of 3.13 says Py_GIL_DISABLED = 0.
    const gil = parseDescription('python3.13', freeThreadedFixture.replace('"pyGilDisabled": true', '"pyGilDisabled": false').replace('"gilEnabled": false', '"gilEnabled": true'));
    expect(gil).toMatchObject({ build: 'gil', label: 'CPython 3.13.1' });
  });

  it('a path that does not exist is one line naming it', async () => {
    const m = await reason(describePython('/nonexistent/bin/python3'));
    expect(m).toBe("tried '/nonexistent/bin/python3': no such file");
  });

  it('a program that is not a Python is one line naming it', async () => {
    const notPython = fake('not-python', 'hello');
    expect(await reason(describePython(notPython))).toBe(`tried '${notPython}': it is not a Python interpreter (it did not run rclab_describe.py)`);
    const fails = join(dir, 'fails');
    writeFileSync(fails, '#!/bin/sh\nexit 3\n');
    chmodSync(fails, 0o755);
    expect(await reason(describePython(fails))).toBe(`tried '${fails}': it is not a Python interpreter (running rclab_describe.py exited with code 3)`);
    const text = join(dir, 'text-file');
    writeFileSync(text, 'just text\n');
    expect(await reason(describePython(text))).toBe(`tried '${text}': it is not executable`);
  });

  it('a Python below 3.8 is one line naming its version', async () => {
    const old = fake('python2', freeThreadedFixture.replace('"version": "3.13.1"', '"version": "2.7.18"').replace('[3, 13, 1]', '[2, 7, 18]'));
    expect(await reason(describePython(old))).toBe(`tried '${old}': it is Python 2.7.18, below the 3.8 the cpython group needs`);
    const p37 = fake('python3.7', freeThreadedFixture.replace('"version": "3.13.1"', '"version": "3.7.16"').replace('[3, 13, 1]', '[3, 7, 16]'));
    expect(await reason(describePython(p37))).toMatch(/it is Python 3\.7\.16, below the 3\.8/);
  });
});

describe('resolvePythons', () => {
  it('defaults to python3; with none on PATH the group has no Python and one line says why', async () => {
    const r = await resolvePythons([], { env: { PATH: join(dir, 'empty') } });
    expect(r.pythons).toEqual([]);
    expect(r.skipped).toEqual([{ python: 'python3', reason: "tried 'python3': not found on PATH" }]);
    expect(r.skipped[0]?.reason.includes('\n')).toBe(false);
  });

  it('keeps the usable ones and names each unusable one', async () => {
    const r = await resolvePythons(['python3', '/bogus/python', 'python3']);
    expect(r.pythons.map((p) => p.python)).toEqual(['python3']);
    expect(r.skipped).toEqual([{ python: '/bogus/python', reason: "tried '/bogus/python': no such file" }]);
  });
});

describe('parseDescription (property)', () => {
  it('accepts exactly the versions from 3.8 on, and the build follows Py_GIL_DISABLED alone', () => {
    fc.assert(
      fc.property(fc.nat(4), fc.nat(20), fc.nat(30), fc.option(fc.boolean(), { nil: null }), fc.option(fc.boolean(), { nil: null }), (major, minor, micro, disabled, enabled) => {
        const raw = JSON.stringify({
          rclab: 'describe',
          version: `${major}.${minor}.${micro}`,
          versionInfo: [major, minor, micro],
          implementation: 'CPython',
          pyGilDisabled: disabled,
          gilEnabled: enabled,
          switchIntervalMs: 5,
        });
        const usable = major > 3 || (major === 3 && minor >= 8);
        if (!usable) {
          expect(() => parseDescription('p', raw)).toThrow(PythonUnavailableError);
          return;
        }
        const d = parseDescription('p', raw);
        expect(d.build).toBe(disabled === true ? 'free-threaded' : 'gil');
        expect(d.gilEnabled).toBe(enabled);
        expect(d.label.endsWith('t')).toBe(disabled === true);
      }),
    );
  });
});
