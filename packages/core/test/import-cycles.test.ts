import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// No package's sources import each other in a circle, type-only imports included: a circle
// means two files that can only be read (and changed) together. The package arrows themselves
// are guarded by layering.test.ts; this guards the files inside each package.

const packagesDir = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.(?:ts|mts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports of a file (static, dynamic, type-only), resolved to paths. */
export function localImports(file: string, text: string): string[] {
  const out: string[] = [];
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const m of text.matchAll(pattern)) {
    const target = resolve(dirname(file), m[1] as string);
    const candidates = [target, target.replace(/\.js$/, '.ts'), `${target}.ts`, join(target, 'index.ts')];
    const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    if (hit !== undefined) out.push(hit);
  }
  return out;
}

/** Every cycle's files, one per strongly connected component of more than one file (or a self-import). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components, iteratively deep enough for any source tree here.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
        onStack.delete(w);
        component.push(w);
      }
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('import cycles', () => {
  it('finds a planted circle (the check can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(
      importCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('reads static, dynamic, type-only and re-export imports', () => {
    const here = new URL('./import-cycles.test.ts', import.meta.url).pathname;
    const text = ["import type { X } from './layering.test.ts';", "export { y } from './fixtures/barrier.ts';", "await import('./fixtures/hog.ts');", "import '@rclab/core';"].join(
      '\n',
    );
    expect(localImports(here, text).map((p) => p.slice(dirname(here).length + 1))).toEqual(['layering.test.ts', 'fixtures/barrier.ts', 'fixtures/hog.ts']);
  });

  const packages = readdirSync(packagesDir).filter((p) => existsSync(join(packagesDir, p, 'package.json')));
  for (const pkg of packages) {
    it(`${pkg}/src has no import cycle`, () => {
      const root = join(packagesDir, pkg, 'src');
      if (!existsSync(root)) return;
      const graph = new Map<string, string[]>();
      for (const file of sourceFiles(root)) graph.set(file, localImports(file, readFileSync(file, 'utf8')));
      const cycles = importCycles(graph).map((c) => c.map((f) => f.slice(root.length + 1)).join(' ↔ '));
      expect(cycles).toEqual([]);
    });
  }
});
