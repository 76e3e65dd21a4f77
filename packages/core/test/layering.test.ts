import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The packages import each other one way only:
//   core ← strategies ← bench,  core ← report ← bench.
const allowed: Record<string, readonly string[]> = {
  core: [],
  strategies: ['core'],
  report: ['core'],
  bench: ['core', 'strategies', 'report'],
};

const packagesDir = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.(?:ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

describe('package layering', () => {
  for (const [pkg, deps] of Object.entries(allowed)) {
    it(`${pkg} imports only ${deps.length > 0 ? deps.join(', ') : 'none of our packages'}`, () => {
      const violations: string[] = [];
      for (const dir of ['src', 'test']) {
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
          for (const m of text.matchAll(/from\s+['"](\.\.\/)+(?:\.\.\/)*(core|strategies|bench|report)\//g)) {
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
