/**
 * A user's own TypeScript strategy, written to a folder outside the repository: it imports
 * `@rclab/core` by name, counts its increfs in a counter named `counter`, and is otherwise a
 * plain atomic strategy. For tests of loading and bundling a user's module.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `my-strategy.ts` (strategy `mine`) into `dir` and returns its path. */
export function writeUserStrategy(dir: string, counter = 'mine'): string {
  const file = join(dir, 'my-strategy.ts');
  writeFileSync(
    file,
    `import { defineStrategy, OBJ_HEADER, type Ref, type StrategyContext } from '@rclab/core';
const RC: number = OBJ_HEADER;
class Mine {
  readonly name = 'mine';
  n = 0;
  constructor(private readonly ctx: StrategyContext) {}
  initHeader(ref: Ref): void { this.ctx.heap.i32[ref + RC] = 1; }
  incref(ref: Ref): void { this.n++; Atomics.add(this.ctx.heap.i32, ref + RC, 1); }
  decref(ref: Ref): void { if (Atomics.sub(this.ctx.heap.i32, ref + RC, 1) === 1) this.ctx.heap.dealloc(ref); }
  refcount(ref: Ref): number { return Atomics.load(this.ctx.heap.i32, ref + RC); }
  immortalize(): boolean { return false; }
  attach(): void {} detach(): void {} checkpoint(): void {} beginBlocking(): void {} endBlocking(): void {}
  lockObject(): void {} unlockObject(): void {}
  report() { return { counters: { ${counter}: this.n } }; }
}
export default defineStrategy({ name: 'mine', description: 'a user strategy', headerWords: 1, threadSafe: true, create: (c) => new Mine(c) });
`,
  );
  return file;
}
