/**
 * What biased counting's owner path costs on one thread, piece by piece — a benchmark, not a
 * unit test (no time is asserted in tests). docs/strategies.md, "What the single-thread figures
 * cost", has the figures and what they mean.
 *
 *   node --conditions=@rclab/source --import tsx packages/bench/bench/owner-path.bench.ts [comparison …] [--seconds S] [--processes P]
 *   (or: pnpm --filter @rclab/bench bench:owner-path -- owner-check rc-private)
 *
 * Method (/work/shared/research/noise/): the two kernels of a comparison each run in their own
 * persistent worker; after a warm-up the main thread lets them run alternately, one ~1 ms slice
 * at a time (A B, then B A, …), so both see the same phase of the machine. Each round gives one
 * paired ratio, B's time per operation over A's in the adjacent slices; a process reports their
 * median with a distribution-free 95% interval. Each comparison runs in `--processes` separate
 * processes (default 3) to show the figure is reproducible, not a property of one process.
 *
 * Comparisons (B over A): run without arguments for the list.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ModuleLoader } from '@rclab/core';
import { type KernelName, kernelNames } from './owner-path/kernels.ts';
import { GO, STOP, type SliceWorkerInit } from './owner-path/worker.ts';

/** A comparison: B's cost per operation over A's. */
interface Comparison {
  readonly a: KernelName;
  readonly b: KernelName;
  readonly what: string;
}

const comparisons: Readonly<Record<string, Comparison>> = {
  'owner-check': { a: 'plain', b: 'owner', what: "biased's owner test (TID === me) before the plain count (bare JS: the floor)" },
  'immortal-check-biased': { a: 'owner', b: 'owner+immortal', what: "the immortal test on biased's owner path (LOCAL === -1)" },
  'immortal-check-unsafe': { a: 'plain', b: 'plain+immortal', what: "unsafe's immortal test (rc < 0)" },
  'op-counter': { a: 'owner+immortal', b: 'owner+immortal+counter', what: 'a counter field bumped on every incref/decref' },
  'checkpoint-load': { a: 'owner+immortal', b: 'owner+immortal+checkpoint', what: "the checkpoint's eval-breaker load and branch per operation" },
  model: { a: 'plain+immortal', b: 'owner+immortal+checkpoint', what: "biased's whole owner path over unsafe's, bare JS (the model's own cost)" },
  'call-unsafe': { a: 'plain+immortal', b: 'class:unsafe-shape', what: "calling unsafe's fast paths through a strategy object" },
  'call-biased': { a: 'owner+immortal+checkpoint', b: 'class:biased-shape', what: "calling biased's fast paths through a strategy object" },
  'class-shapes': { a: 'class:unsafe-shape', b: 'class:biased-shape', what: 'biased over unsafe, both through a strategy object, no heap' },
  'real-unsafe': { a: 'class:unsafe-shape', b: 'real:unsafe', what: 'unsafe on the real heap and workload over its shape in a plain class' },
  'real-biased': { a: 'class:biased-shape', b: 'real:biased', what: 'biased on the real heap and workload over its shape in a plain class' },
  'rc-private': { a: 'real:unsafe', b: 'real:biased', what: 'the real thing: biased (timed) over unsafe on rc-private, real heap and workload' },
  'checkpoint-real': { a: 'real:biased-nocheckpoint', b: 'real:biased', what: "biased's eval-breaker load in the real code (biased over biased with an empty checkpoint)" },
  'rc-private-both-checkpoint': {
    a: 'real:unsafe-checkpoint',
    b: 'real:biased',
    what: 'biased over unsafe when unsafe checks an eval breaker too, as both CPython builds do',
  },
  'rc-private-vs-gil': { a: 'real:gil', b: 'real:biased', what: "biased over gil on one thread: CPython's comparison of its two builds" },
  counting: { a: 'real:biased', b: 'real:biased-counting', what: "biased's counting class over its timed class on rc-private" },
};

interface ProcessResult {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  readonly rounds: number;
  readonly opsA: number;
  readonly opsB: number;
  readonly nsA: number;
  readonly nsB: number;
}

const here = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v) || v <= 0) usage(`${name} must be a positive number, got '${args[i + 1] ?? ''}'`);
  args.splice(i, 2);
  return v;
};

function usage(problem: string): never {
  process.stderr.write(`owner-path: ${problem}; comparisons: ${Object.keys(comparisons).join(', ')}, or all\n`);
  process.exit(2);
}

if (args[0] === '--child') {
  // One process: one comparison, alternated for `seconds`; prints one JSON line.
  const [, bundle, a, b, seconds] = args as [string, string, KernelName, KernelName, string];
  process.stdout.write(`${JSON.stringify(await alternate(bundle, a, b, Number(seconds)))}\n`);
} else {
  const seconds = flag('--seconds', 3);
  const processes = flag('--processes', 3);
  const names = args.length === 0 || args[0] === 'all' ? Object.keys(comparisons) : args;
  for (const name of names) if (comparisons[name] === undefined) usage(`unknown comparison '${name}'`);
  const loader = new ModuleLoader();
  const bundle = await loader.moduleBundle(new URL('./owner-path/worker.ts', import.meta.url).href);
  process.stdout.write(`owner-path: ${processes} processes × ${seconds} s of ~1 ms alternating slices per comparison; B/A = time per operation\n\n`);
  for (const name of names) {
    const c = comparisons[name] as Comparison;
    const results: ProcessResult[] = [];
    for (let p = 0; p < processes; p++) {
      const child = spawnSync(process.execPath, [...process.execArgv, here, '--child', bundle, c.a, c.b, String(seconds)], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`comparison ${name} failed: ${child.stderr}`);
      results.push(JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as ProcessResult);
    }
    const medians = results.map((r) => r.median);
    const lo = Math.min(...medians);
    const hi = Math.max(...medians);
    process.stdout.write(`${name}: ${c.what}\n  ${c.b} / ${c.a}\n`);
    for (const r of results) {
      process.stdout.write(
        `    ${r.median.toFixed(3)} [${r.low.toFixed(3)}–${r.high.toFixed(3)}]  (${r.rounds} rounds; A ${r.nsA.toFixed(2)} ns/op, B ${r.nsB.toFixed(2)} ns/op)\n`,
      );
    }
    process.stdout.write(`  across processes: ${lo.toFixed(3)}–${hi.toFixed(3)} (±${((100 * (hi - lo)) / (hi + lo)).toFixed(1)}%)\n\n`);
  }
  await loader.dispose();
}

/** Runs kernels a and b in two persistent workers, alternating ~1 ms slices for `seconds`. */
async function alternate(bundle: string, a: KernelName, b: KernelName, seconds: number): Promise<ProcessResult> {
  for (const k of [a, b]) if (!kernelNames.includes(k)) usage(`unknown kernel '${k}'`);
  const maxRounds = Math.ceil(seconds * 1000) + 100;
  const control = new SharedArrayBuffer(8);
  const times = new SharedArrayBuffer(8 * 2 * maxRounds);
  const c = new Int32Array(control);
  const t = new Float64Array(times);
  const workers = [a, b].map(
    (kernel, slot) => new Worker(bundle, { workerData: { tag: 'owner-path-slice', kernel, control, slot, times, warmupMs: 300, sliceMs: 1 } satisfies SliceWorkerInit }),
  );
  const ready = await Promise.all(workers.map((w) => new Promise<{ ops: number }>((resolve, reject) => (w.once('message', resolve), w.once('error', reject)))));
  const run = (slot: number): void => {
    Atomics.store(c, slot, GO);
    Atomics.notify(c, slot);
    while (Atomics.load(c, slot) === GO) Atomics.wait(c, slot, GO, 50);
  };
  let rounds = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000 && rounds < maxRounds) {
    // A B, then B A: neither kernel always runs right after the main thread's wake-up.
    const first = rounds % 2;
    run(first);
    run(1 - first);
    rounds++;
  }
  const done = workers.map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve())));
  for (const slot of [0, 1]) {
    Atomics.store(c, slot, STOP);
    Atomics.notify(c, slot);
  }
  await Promise.all(done);
  const [opsA, opsB] = ready.map((r) => r.ops) as [number, number];
  const ratios: number[] = [];
  let sumA = 0;
  let sumB = 0;
  for (let r = 0; r < rounds; r++) {
    const ta = t[r * 2] as number;
    const tb = t[r * 2 + 1] as number;
    sumA += ta;
    sumB += tb;
    ratios.push(tb / opsB / (ta / opsA));
  }
  ratios.sort((x, y) => x - y);
  // Distribution-free 95% interval of the median: order statistics n/2 ∓ 0.98·√n.
  const n = ratios.length;
  const lowRank = Math.max(0, Math.floor(n / 2 - 0.98 * Math.sqrt(n)));
  const highRank = Math.min(n - 1, Math.ceil(n / 2 + 0.98 * Math.sqrt(n)));
  return {
    median: ratios[n >> 1] as number,
    low: ratios[lowRank] as number,
    high: ratios[highRank] as number,
    rounds: n,
    opsA,
    opsB,
    nsA: (sumA * 1e6) / (rounds * opsA),
    nsB: (sumB * 1e6) / (rounds * opsB),
  };
}
