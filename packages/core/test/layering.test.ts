import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The packages import each other one way only:
//   core ← strategies ← bench,  core ← interpreter ← bench,  core ← report ← bench.
// The interpreter runs over any strategy through core's contract, so it imports no strategy;
// the report draws results, so it imports no workload and no interpreter.
// Every directory under packages/ must have a row here (a test below fails otherwise), so a new
// package gets its arrows when it is added.
const allowed: Record<string, readonly string[]> = {
  core: [],
  strategies: ['core'],
  interpreter: ['core'],
  report: ['core'],
  bench: ['core', 'strategies', 'interpreter', 'report'],
};
const packageNames = Object.keys(allowed);

const packagesDir = new URL('../../', import.meta.url).pathname;
/** An import of another package's files by relative path (up one or more levels, then its name). */
const relativeReach = new RegExp(`from\\s+['"](\\.\\.\\/)+(${packageNames.join('|')})\\/`, 'g');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.(?:ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

describe('package layering', () => {
  it('has a row for every package', () => {
    const dirs = readdirSync(packagesDir).filter((name) => statSync(join(packagesDir, name, 'package.json'), { throwIfNoEntry: false })?.isFile() === true);
    expect(dirs.filter((d) => !packageNames.includes(d)).map((d) => `packages/${d} has no row in the layering table`)).toEqual([]);
  });

  for (const [pkg, deps] of Object.entries(allowed)) {
    it(`${pkg} imports only ${deps.length > 0 ? deps.join(', ') : 'none of our packages'}`, () => {
      const violations: string[] = [];
      for (const dir of ['src', 'test', 'bench']) {
        const root = join(packagesDir, pkg, dir);
        let files: string[];
        try {
          files = sourceFiles(root);
        } catch {
          continue;
        }
        for (const file of files) {
          const text = readFileSync(file, 'utf8');
          for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]@rclab\/([a-z-]+)/g)) {
            const target = m[1] as string;
            if (target !== pkg && !deps.includes(target)) violations.push(`${file.slice(packagesDir.length)} imports @rclab/${target}`);
          }
          for (const m of text.matchAll(relativeReach)) {
            violations.push(`${file.slice(packagesDir.length)} reaches into ../${m[2]} by relative path`);
          }
        }
      }
      const manifest = JSON.parse(readFileSync(join(packagesDir, pkg, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
        for (const name of Object.keys(manifest[field] ?? {})) {
          const m = /^@rclab\/([a-z-]+)$/.exec(name);
          if (m && !deps.includes(m[1] as string)) violations.push(`package.json ${field} lists ${name}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }
});
