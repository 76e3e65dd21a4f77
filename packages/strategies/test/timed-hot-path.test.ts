// A timed strategy instance does no more work than the system it models: its incref, decref and
// checkpoint, and every private method they reach that is not a named slow path, write no
// field of the instance — no `this.#ops++`, no `this.#x += 1`. Counting belongs to the counting
// class (counting.test.ts checks that it counts exactly). Checked on the source, because a
// field increment changes no result, only the time, and no unit test may assert a time.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtins, heapFor } from './_support/instances.ts';

const srcDir = new URL('../src/', import.meta.url);

/**
 * The rare private paths a hot method may call, where counters are allowed (merging,
 * deallocating, handling a merge request). Queueing and lock hand-offs are module functions in
 * biased/brc.ts and gil/handoff.ts, called with the thread's state: the walk below follows only
 * `this.#method(` calls, so they are slow paths by where they live.
 */
const slowPaths = new Set(['#dealloc', '#mergeZeroLocal', '#handlePending']);

/** The source text of class `name` in `packages/strategies/src`. */
function classSource(name: string): string {
  for (const file of readdirSync(srcDir)) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(new URL(file, srcDir), 'utf8');
    const start = text.search(new RegExp(`\\nexport class ${name}\\b`));
    if (start >= 0) return text.slice(start, blockEnd(text, text.indexOf('{', start)));
  }
  throw new Error(`class ${name} not found in packages/strategies/src`);
}

/** Index just past the `}` that closes the `{` at `open` (the strategies' sources have no braces in strings). */
function blockEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  throw new Error('unbalanced braces');
}

/** The body of method `name` (e.g. `incref`, `#decrefShared`) declared in a class's source. */
function methodBody(cls: string, name: string): string | undefined {
  const escaped = name.replace('#', '\\#');
  const m = new RegExp(`\\n  (?:override )?${escaped}\\([^)]*\\)(?:: [\\w<>\\[\\] |]+)? \\{`).exec(cls);
  if (m === null) return undefined;
  const open = m.index + m[0].length - 1;
  return cls.slice(open, blockEnd(cls, open));
}

/** Statements in `body` that write a field of `this`: assignments, compound assignments, ++ and --. */
function fieldWrites(body: string): string[] {
  const writes = [
    ...body.matchAll(/this\.#?[\w$]+(?:\.[\w$]+|\[[^\]]*\])*\s*(?:\+\+|--|(?:\*\*|<<|>>>?|&&|\|\||\?\?|[-+*/%&|^])?=(?![=>]))/g),
    ...body.matchAll(/(?:\+\+|--)\s*this\./g),
  ];
  return writes.map((m) => m[0]);
}

/** incref, decref, checkpoint and every non-slow private method they call, transitively. */
function hotMethods(cls: string): Map<string, string> {
  const found = new Map<string, string>();
  const pending = ['incref', 'decref', 'checkpoint'];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (found.has(name)) continue;
    const body = methodBody(cls, name);
    if (body === undefined) {
      if (name.startsWith('#')) throw new Error(`private method ${name} not found`);
      continue; // inherited or a one-line no-op declared differently: checked where it is defined
    }
    found.set(name, body);
    for (const call of body.matchAll(/this\.(#[\w$]+)\(/g)) if (!slowPaths.has(call[1] as string)) pending.push(call[1] as string);
  }
  return found;
}

describe('the source check itself', () => {
  it('names only slow paths that exist, so a renamed one cannot leave a hot method unchecked', () => {
    const sources = readdirSync(srcDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(new URL(f, srcDir), 'utf8'))
      .join('\n');
    expect([...slowPaths].filter((name) => !sources.includes(`${name}(`))).toEqual([]);
  });

  it('finds the increments a counter would add, and nothing in plain heap writes', () => {
    expect(fieldWrites('{ this.#fastOps++; i32[ref + LOCAL] = local + 1; }')).toEqual(['this.#fastOps++']);
    expect(fieldWrites('{ ++this.#ops; this.#n += 2; this.stats.ops = this.stats.ops + 1; }')).toHaveLength(3);
    expect(fieldWrites('{ if (this.#i32[this.#breaker] !== 0) this.#handlePending(); const x = this.#a === 1; }')).toEqual([]);
  });

  it('extracts every hot method of the biased class, including the non-owner path', () => {
    expect([...hotMethods(classSource('BiasedStrategy')).keys()].sort()).toEqual(['#decrefShared', '#increfShared', 'checkpoint', 'decref', 'incref']);
  });
});

describe.each(Object.keys(builtins))('%s: the timed class', (name) => {
  const sf = builtins[name];
  if (sf === undefined) throw new Error(name);
  const timedClass = heapFor(sf, 1).instance(1, false).strategy.constructor.name;

  it(`(${timedClass}) writes no field of its own in incref, decref, checkpoint or the hot paths they reach`, () => {
    const hot = hotMethods(classSource(timedClass));
    expect([...hot.keys()]).toEqual(expect.arrayContaining(['incref', 'decref']));
    for (const [method, body] of hot) expect(fieldWrites(body), `${timedClass}.${method}`).toEqual([]);
  });
});
