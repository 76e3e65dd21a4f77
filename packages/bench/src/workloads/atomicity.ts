/**
 * `atomicity` — the article's six expressions (§6), each run from N threads on shared data with
 * an exact expected outcome, so a lost update is counted, not guessed:
 *
 * | key       | the article's expression | here                         | a correct run ends with        |
 * |-----------|--------------------------|------------------------------|--------------------------------|
 * | `append`  | `L.append(item)`         | `L.append(i)`                | `len(L)` = operations          |
 * | `counter` | `counter += 1`           | `counter += 1`               | `counter` = operations         |
 * | `setitem` | `d[k] = v`               | `d[i] = i` (a new key each)  | `len(d)` = operations          |
 * | `incr`    | `d[k] = d[k] + 1`        | `hits['k'] = hits['k'] + 1`  | `hits['k']` = operations       |
 * | `put`     | `q.put(x)`               | `q.put(i)`                   | `q.qsize()` = operations       |
 * | `attr`    | `x = obj.field`          | `obj.a = i; obj.b = i; x = obj.a; y = obj.b` | no torn pair (`x != y`) |
 *
 * One operation is one loop iteration running every selected expression once. For `attr` the
 * load itself is always safe (the reference audit would catch a freed read); what a thread can
 * see is a *torn* pair — `a` and `b` from different writers — the article's "stale in context".
 * Torn pairs are reported as a check but not counted as lost updates.
 *
 * Each thread does at most `iterations` operations (default 20 000) and then idles, so the
 * containers stay bounded however long the run; keys and items are `i`, unique per thread
 * (`i` runs from `thread × 2^22`).
 *
 * Parameters: `checkpoints`, `iterations`, `expressions` (comma-separated keys, default all).
 */
import type { EnumParam, IntParam } from '@rclab/core';
import { assemble, type Program } from '@rclab/interpreter';
import { defineInterpretedWorkload, type InterpretedParams, totalCheck } from './_support/interpreted.ts';
import { ROLE } from '../experiments/roles.ts';

/** The expressions, in the article's order. */
export const EXPRESSIONS = ['append', 'counter', 'setitem', 'incr', 'put', 'attr'] as const;
export type ExpressionKey = (typeof EXPRESSIONS)[number];

/** The article's text of each expression. */
export const ARTICLE_TEXT: Readonly<Record<ExpressionKey, string>> = {
  append: 'L.append(item)',
  counter: 'counter += 1',
  setitem: 'd[k] = v',
  incr: 'd[k] = d[k] + 1',
  put: 'q.put(x)',
  attr: 'x = obj.field',
};

const SNIPPETS: Readonly<Record<ExpressionKey, string>> = {
  append: `
  #         L.append(i)                   # L.append(item)
  LOAD_GLOBAL L
  LOAD_ATTR append + NULL|self
  LOAD_FAST i
  CALL 1
  POP_TOP`,
  counter: `
  #         counter += 1
  LOAD_GLOBAL counter
  LOAD_CONST 1
  BINARY_OP +=
  STORE_GLOBAL counter`,
  setitem: `
  #         d[i] = i                      # d[k] = v, a new key each time
  LOAD_FAST i
  LOAD_GLOBAL d
  LOAD_FAST i
  STORE_SUBSCR`,
  incr: `
  #         hits['k'] = hits['k'] + 1     # d[k] = d[k] + 1, one shared key
  LOAD_GLOBAL hits
  LOAD_CONST 'k'
  BINARY_SUBSCR
  LOAD_CONST 1
  BINARY_OP +
  LOAD_GLOBAL hits
  LOAD_CONST 'k'
  STORE_SUBSCR`,
  put: `
  #         q.put(i)                      # q.put(x)
  LOAD_GLOBAL q
  LOAD_ATTR put + NULL|self
  LOAD_FAST i
  CALL 1
  POP_TOP`,
  attr: `
  #         obj.a = i                     # x = obj.field: a writer sets two fields...
  LOAD_FAST i
  LOAD_GLOBAL obj
  STORE_ATTR a
  #         obj.b = i
  LOAD_FAST i
  LOAD_GLOBAL obj
  STORE_ATTR b
  #         x = obj.a                     # ...a reader loads them back
  LOAD_GLOBAL obj
  LOAD_ATTR a
  STORE_FAST x
  #         y = obj.b
  LOAD_GLOBAL obj
  LOAD_ATTR b
  STORE_FAST y
  #         if x != y: torn += 1
  LOAD_FAST x
  LOAD_FAST y
  COMPARE_OP !=
  POP_JUMP_IF_FALSE next
  LOAD_FAST torn
  LOAD_CONST 1
  BINARY_OP +=
  STORE_FAST torn`,
};

/** The program for a selection of expressions (all six by default). */
export function atomicitySource(expressions: readonly ExpressionKey[] = EXPRESSIONS): string {
  return `
Disassembly of work(n, base):
  # def work(n, base):
  RESUME 0
  #     torn = 0
  LOAD_CONST 0
  STORE_FAST torn
  #     for i in range(base, base + n):
  LOAD_GLOBAL range + NULL
  LOAD_FAST base
  LOAD_FAST base
  LOAD_FAST n
  BINARY_OP +
  CALL 2
  GET_ITER
loop:
  FOR_ITER done
  STORE_FAST i${expressions.map((e) => SNIPPETS[e]).join('')}
next:
  JUMP_BACKWARD loop
  #     return torn
done:
  LOAD_FAST torn
  RETURN_VALUE
`;
}

const programs = new Map<string, Program>();
/** The assembled program for a selection (cached). */
export function atomicityProgram(expressions: readonly ExpressionKey[] = EXPRESSIONS): Program {
  const key = expressions.join(',');
  let p = programs.get(key);
  if (p === undefined) {
    p = assemble(atomicitySource(expressions));
    programs.set(key, p);
  }
  return p;
}

/** Where thread `t`'s keys start: thread index × 2^22, so threads never share a key. */
const KEY_STRIDE = 1 << 22;

const ITERATIONS = {
  name: 'iterations',
  kind: 'int',
  default: 20_000,
  min: 1,
  max: KEY_STRIDE - 1,
  description: 'operations per thread, after which it idles (keeps the containers bounded)',
} as const satisfies IntParam;
const EXPRESSIONS_PARAM = {
  name: 'expressions',
  kind: 'enum',
  multiple: true,
  values: EXPRESSIONS,
  default: EXPRESSIONS.join(','),
  description: 'which of the six expressions each iteration runs (comma-separated)',
} as const satisfies EnumParam<ExpressionKey>;

interface Params extends InterpretedParams {
  readonly iterations: number;
  readonly expressions: readonly ExpressionKey[];
}

export default defineInterpretedWorkload<Params>({
  name: 'atomicity',
  description: "the article's six expressions from N threads, each against its exact expected outcome: which lose updates, per strategy and checkpoint placement",
  roles: [ROLE.standalone, ROLE.atomicity],
  op: 'one loop iteration running every selected expression once',
  declared: [ITERATIONS, EXPRESSIONS_PARAM],
  params: (read) => ({
    checkpoints: read.checkpoints(),
    iterations: read.get(ITERATIONS),
    expressions: read.get(EXPRESSIONS_PARAM),
  }),
  programs: (p) => [atomicityProgram(p.expressions)],
  globals: () => ({
    L: { list: [] },
    counter: 0,
    d: { dict: [] },
    hits: { dict: [['k', 0]] },
    q: { queue: [] },
    obj: { object: { a: 0, b: 0 } },
  }),
  quota: (p) => p.iterations,
  args: (_p, { threadIndex, done }) => [threadIndex * KEY_STRIDE + done],
  verify(view, p, ops) {
    const total = ops.reduce((a, b) => a + b, 0);
    const results = {
      append: () => totalCheck(`${ARTICLE_TEXT.append}: len(L)`, total, view.len(view.global('L'))),
      counter: () => totalCheck(`${ARTICLE_TEXT.counter}: counter`, total, view.int(view.global('counter'))),
      setitem: () => totalCheck(`${ARTICLE_TEXT.setitem}: len(d)`, total, view.len(view.global('d'))),
      incr: () => totalCheck(`${ARTICLE_TEXT.incr}: hits['k']`, total, view.int(view.item(view.global('hits'), 'k'))),
      put: () => totalCheck(`${ARTICLE_TEXT.put}: q.qsize()`, total, view.len(view.global('q'))),
    } as const;
    let lostUpdates = 0;
    const checks = [];
    for (const e of p.expressions) {
      if (e === 'attr') {
        const torn = view.results.reduce((a, b) => a + b, 0);
        checks.push({ name: `${ARTICLE_TEXT.attr}: torn (a, b) pairs read (stale in context; not a lost update)`, expected: 0, observed: torn });
        continue;
      }
      const { check, lost } = results[e]();
      checks.push(check);
      lostUpdates += lost;
    }
    return { lostUpdates, checks };
  },
});
