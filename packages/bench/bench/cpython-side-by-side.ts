/**
 * A benchmark, not a test: the `cpython` group's headline figures on this machine's default
 * python3, through the driver with interleaved slices (each round runs one slice of every
 * cell, in turn, so drift hits them alike). Prints speedup at 2 threads over 1 per round for
 * cpu-bound, io-bound and native (median and 95% distribution-free interval over rounds), the
 * counter's lost updates and the convoy's I/O latency beside a CPU thread.
 *
 *   node --conditions=@rclab/source --import tsx packages/bench/bench/cpython-side-by-side.ts [rounds] [sliceMs]
 */
import { openPythonCell, type PythonCell } from '../src/cpython/cell.ts';
import { describePython } from '../src/cpython/describe.ts';
import { medianInterval, pairedRatios } from '@rclab/core';

const rounds = Number(process.argv[2] ?? 12);
const sliceMs = Number(process.argv[3] ?? 150);
const python = process.env.RCLAB_PYTHON ?? 'python3';

const d = await describePython(python);
console.log(`${d.label} (${d.build}, switch interval ${d.switchIntervalMs} ms) at ${d.executable}`);

const scenarios = ['cpu-bound', 'io-bound', 'native'] as const;
const cells: { name: string; threads: number; cell: PythonCell; rates: number[]; cores: number[] }[] = [];
for (const name of scenarios) {
  for (const threads of [1, 2]) {
    const cell = await openPythonCell({ python, scenario: name, threads });
    await cell.warmup({ minMs: 300, maxMs: 1500, sliceMs: 100 });
    cells.push({ name, threads, cell, rates: [], cores: [] });
  }
}
for (let r = 0; r < rounds; r++) {
  for (const c of cells) {
    const s = await c.cell.slice(sliceMs);
    c.rates.push(s.ops / s.elapsedMs);
    c.cores.push(s.cpuMs / s.elapsedMs);
  }
}
const fmt = (x: number): string => x.toFixed(2);
for (const name of scenarios) {
  const one = cells.find((c) => c.name === name && c.threads === 1);
  const two = cells.find((c) => c.name === name && c.threads === 2);
  if (one === undefined || two === undefined) continue;
  const ratio = medianInterval(pairedRatios(two.rates, one.rates));
  const r1 = medianInterval(one.rates);
  const cores = (c: { cores: number[] }): string => fmt(medianInterval(c.cores).median);
  console.log(
    `${name}: 2 threads / 1 = ${fmt(ratio.median)}× [${fmt(ratio.low)}, ${fmt(ratio.high)}] (n=${ratio.n}); 1 thread ${fmt(r1.median)} ops/ms; cores busy (CPU/wall) ${cores(one)} at 1 thread, ${cores(two)} at 2`,
  );
}
for (const c of cells) await c.cell.close();

const counter = await openPythonCell({ python, scenario: 'counter', threads: 2 });
await counter.warmup({ minMs: 300, maxMs: 1000, sliceMs: 100 });
for (let r = 0; r < rounds; r++) await counter.slice(sliceMs);
const co = await counter.close();
console.log(`counter at 2 threads: lost ${co.lostUpdates} of ${co.checks[0]?.expected} (observed ${co.checks[0]?.observed})`);

for (const cpuThreads of [0, 1]) {
  const convoy = await openPythonCell({ python, scenario: 'convoy', threads: 2, params: { cpuThreads } });
  await convoy.warmup({ minMs: 200, maxMs: 600, sliceMs: 100 });
  for (let r = 0; r < rounds; r++) await convoy.slice(sliceMs);
  const out = await convoy.close();
  const m = Object.fromEntries(out.measurements.map((x) => [x.name, x.value]));
  console.log(
    `convoy ${cpuThreads === 1 ? 'beside a CPU thread' : 'alone (both threads I/O)'}: p50 ${fmt(m.ioLatencyP50Ms ?? Number.NaN)} ms, p99 ${fmt(m.ioLatencyP99Ms ?? Number.NaN)} ms, ${m.ioWaits} waits`,
  );
}

// ---- The model: rclab's `gil` on the same scenarios, runs interleaved round by round ----------
if (process.argv.includes('--no-model')) process.exit(0);
const { run } = await import('@rclab/core');
const { strategyCatalog } = await import('@rclab/strategies');
const { workloadCatalog } = await import('../src/workloads/catalog.ts');
const { harnessWorkloads } = await import('../src/harness/catalog.ts');
const modelRounds = Math.max(3, Math.round(rounds / 2));
const modelRates = new Map<string, number[]>();
for (let r = 0; r < modelRounds; r++) {
  for (const name of scenarios) {
    for (const threads of [1, 2]) {
      const res = await run({ strategy: 'gil', strategies: strategyCatalog, workload: name, workloads: workloadCatalog, threads, durationMs: 300, heapMB: 64 });
      const key = `${name}/${threads}`;
      modelRates.set(key, [...(modelRates.get(key) ?? []), res.opsPerSec]);
    }
  }
}
for (const name of scenarios) {
  const ratio = medianInterval(pairedRatios(modelRates.get(`${name}/2`) ?? [], modelRates.get(`${name}/1`) ?? []));
  console.log(`model gil ${name}: 2 threads / 1 = ${fmt(ratio.median)}× [${fmt(ratio.low)}, ${fmt(ratio.high)}] (n=${ratio.n})`);
}
const mc = await run({ strategy: 'gil', strategies: strategyCatalog, workload: 'counter', workloads: workloadCatalog, threads: 2, durationMs: 1000, heapMB: 64 });
console.log(`model gil counter at 2 threads (backedges): lost ${mc.correctness.lostUpdates} of ${mc.ops}`);
const mv = await run({
  strategy: 'gil',
  strategies: strategyCatalog,
  workload: 'convoy',
  workloads: harnessWorkloads,
  threads: 2,
  durationMs: 1000,
  params: { cpuThreads: 1 },
  heapMB: 64,
});
const p50 = mv.measurements.find((m) => m.name === 'ioLatencyP50Ms')?.value;
const p99 = mv.measurements.find((m) => m.name === 'ioLatencyP99Ms')?.value;
console.log(`model gil convoy beside a CPU thread: p50 ${fmt(p50 ?? Number.NaN)} ms, p99 ${fmt(p99 ?? Number.NaN)} ms`);
