import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@rclab/core';
import { describe, expect, it } from 'vitest';

const workloads = { 'shared-traffic': new URL('./fixtures/shared-traffic.ts', import.meta.url).href };

describe("a user's strategy file outside the repository", () => {
  it('loads from a path, in TypeScript, importing @rclab/core, on the main thread and in workers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-user-'));
    const file = join(dir, 'my-strategy.ts');
    writeFileSync(
      file,
      `import { defineStrategy, OBJ_HEADER, type Ref, type StrategyContext } from '@rclab/core';
const RC: number = OBJ_HEADER;
class Mine {
  readonly name = 'mine';
  increfs = 0;
  constructor(private readonly ctx: StrategyContext) {}
  initHeader(ref: Ref): void { this.ctx.heap.i32[ref + RC] = 1; }
  incref(ref: Ref): void { this.increfs++; Atomics.add(this.ctx.heap.i32, ref + RC, 1); }
  decref(ref: Ref): void { if (Atomics.sub(this.ctx.heap.i32, ref + RC, 1) === 1) this.ctx.heap.dealloc(ref); }
  refcount(ref: Ref): number { return Atomics.load(this.ctx.heap.i32, ref + RC); }
  immortalize(): boolean { return false; }
  attach(): void {} detach(): void {} checkpoint(): void {} beginBlocking(): void {} endBlocking(): void {}
  lockObject(): void {} unlockObject(): void {}
  report() { return { counters: { mine: this.increfs } }; }
}
export default defineStrategy({ name: 'mine', description: 'a user strategy', headerWords: 1, threadSafe: true, create: (c) => new Mine(c) });
`,
    );
    const result = await run({ strategy: file, workload: 'shared-traffic', workloads, threads: 2, opsPerThread: 5000 });
    expect(result.strategy).toBe('mine');
    // Its own counter reaches the results, summed over both worker threads.
    expect(result.threadCounters).toHaveLength(2);
    expect(result.counters.mine).toBe((result.threadCounters[0]?.mine ?? 0) + (result.threadCounters[1]?.mine ?? 0));
    expect(result.counters.mine).toBeGreaterThan(0);
    expect(result.correctness.ok).toBe(true);
  });
});
