/**
 * The harness's own cost — a benchmark, not a unit test (timing is never asserted in tests).
 *
 *   node --conditions=@rclab/source --import tsx packages/bench/bench/harness.bench.ts [trials] [durationMs]
 *   (or: pnpm --filter @rclab/bench bench:harness)
 *
 * It shows that what rclab measures is the strategy, not the harness:
 * 1. the `empty` workload under `unsafe` in a real worker: the batch loop's cost per operation,
 *    and the fixed cost of one `run()` outside its measured window;
 * 2. `rc-private`'s operations as a bare typed-array loop (plain, and with Atomics) against the
 *    same operations through the strategy and workload interfaces (`unsafe`, `atomic`), timed
 *    in-process with tinybench: the interface factor must stay small (≲ 2×);
 * 3. every built-in strategy on `rc-private` in a real worker, per operation, against the bare
 *    loop — the figures `rclab bench` reports, with the harness's share made visible.
 */
import { run } from '@rclab/core';
import { emptyRunFigures, microFigures } from '../src/harness/figures.ts';
import { loadCatalogs } from '../src/suite/catalogs.ts';
import { medianInterval } from '../src/stats/order.ts';
import { table } from '../src/summary.ts';

const trials = Number(process.argv[2] ?? 7);
const durationMs = Number(process.argv[3] ?? 200);
const warmupMs = 50;
const catalogs = await loadCatalogs();
const say = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

say(`rclab harness benchmark: ${trials} trials × ${durationMs} ms (+${warmupMs} ms warm-up) per worker figure\n`);

// 1. The empty workload under unsafe, in a worker.
const empty: { opsPerSec: number; elapsedMs: number; wallMs: number }[] = [];
for (let t = 0; t < trials; t++) {
  const t0 = performance.now();
  const r = await run({ strategy: 'unsafe', workload: 'empty', threads: 1, ...catalogs, durationMs, warmupMs, heapMB: 16 });
  empty.push({ opsPerSec: r.opsPerSec, elapsedMs: r.elapsedMs, wallMs: performance.now() - t0 });
}
const e = emptyRunFigures(empty, warmupMs);

// 2. Bare loops against the interfaces, in-process.
const f = await microFigures(catalogs, 1000);

say(
  table([
    ['figure', 'value'],
    ['empty workload, harness cost per operation (worker)', `${(e.emptyNsPerOp ?? Number.NaN).toFixed(3)} ns`],
    ['fixed cost of one run() beyond warm-up and window', `${(e.runOverheadMs ?? Number.NaN).toFixed(1)} ms`],
    ['bare typed-array loop, rc-private ops (plain)', `${(f.bareLoopNsPerOp ?? Number.NaN).toFixed(2)} ns/op`],
    ['unsafe on rc-private through the interfaces', `${(f.unsafeMicroNsPerOp ?? Number.NaN).toFixed(2)} ns/op  (×${(f.interfaceFactor ?? Number.NaN).toFixed(2)} bare)`],
    ['bare typed-array loop, rc-private ops (Atomics)', `${(f.bareAtomicLoopNsPerOp ?? Number.NaN).toFixed(2)} ns/op`],
    ['atomic on rc-private through the interfaces', `${(f.atomicMicroNsPerOp ?? Number.NaN).toFixed(2)} ns/op  (×${(f.atomicInterfaceFactor ?? Number.NaN).toFixed(2)} bare)`],
  ]),
);

// 3. Every strategy on rc-private in a worker, per operation, against the bare loop.
say('\nrc-private, one worker thread, per operation (median [95% interval] of the trials):');
const rows: string[][] = [['strategy', 'ns/op', 'interval', '× bare plain loop', '× bare Atomics loop']];
const names = Object.keys(catalogs.strategies);
const perOp = new Map<string, number[]>(names.map((n) => [n, []]));
for (let t = 0; t < trials; t++) {
  // Interleaved, as the suite does: drift hits every strategy alike.
  for (const strategy of names) {
    const r = await run({ strategy, workload: 'rc-private', threads: 1, ...catalogs, durationMs, warmupMs, heapMB: 16 });
    perOp.get(strategy)?.push(1e9 / r.opsPerSec);
  }
}
for (const strategy of names) {
  const m = medianInterval(perOp.get(strategy) ?? []);
  rows.push([
    strategy,
    m.median.toFixed(2),
    `[${m.low.toFixed(2)}–${m.high.toFixed(2)}]`,
    (m.median / (f.bareLoopNsPerOp ?? Number.NaN)).toFixed(2),
    (m.median / (f.bareAtomicLoopNsPerOp ?? Number.NaN)).toFixed(2),
  ]);
}
say(table(rows));
say(
  `\nHarness share: ${(e.emptyNsPerOp ?? 0).toFixed(3)} ns of every operation is the batch loop itself; ` +
    `the interfaces cost ×${(f.interfaceFactor ?? Number.NaN).toFixed(2)} (plain) and ×${(f.atomicInterfaceFactor ?? Number.NaN).toFixed(2)} (atomic) over bare loops.`,
);
