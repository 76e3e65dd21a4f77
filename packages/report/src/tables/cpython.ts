/**
 * The model beside the machine: for every real interpreter the `cpython` group ran (a results
 * file's `systems`), its figures next to the model strategy it is compared with — a GIL build
 * next to `gil`, a free-threaded build next to `biased` — one table per kind of figure, each row
 * with a verdict by the rules in `cpython-verdict.ts` (printed under the tables).
 */
import type { Interval, MeasuredCell, SystemRecord } from '@rclab/core';
import { notMeasured } from '../charts/types.ts';
import { groupThousands, sig } from '../format.ts';
import { html, joinHtml, type SafeHtml } from '../html/safe.ts';
import { familyLead, strategyFamily, type ReportModel, type Source } from '../model.ts';
import { CONVOY_RULE, convoyVerdict, LOST_RULE, lostVerdict, pairedRatio, RATIO_RULE, ratioVerdict, type Verdict } from './cpython-verdict.ts';
import type { TableBuild, TableModule } from './types.ts';

const GROUP = 'cpython';
/** The thread count the speedup rows compare (over one thread). */
const PAIR = 2;
/** What a GIL build is expected to do at 2 threads (issue #12's directions), and a free-threaded one. */
const EXPECTED: Readonly<Record<'gil' | 'free-threaded', Readonly<Record<string, string>>>> = {
  gil: { 'cpu-bound': '≤ 1.0×', 'io-bound': '≥ 1.8×', native: '≥ 1.8×', 'shared-read': '≤ 1.0×', counter: '≤ 1.0×' },
  'free-threaded': { 'cpu-bound': '≈ 2× (2 free cores)', 'io-bound': '≥ 1.8×', native: '≥ 1.8×', 'shared-read': '≈ 2×' },
};

function ratioText(i: Interval | undefined): string {
  if (i === undefined) return '—';
  const bound = (x: number): string => (Number.isFinite(x) ? sig(x, 3) : '?');
  return `${sig(i.median, 3)}× [${bound(i.low)}, ${bound(i.high)}]`;
}

function verdictCell(v: Verdict): SafeHtml {
  const cls = v === 'agrees' ? 'agree' : v === 'disagrees' ? 'differ' : 'muted';
  return html`<td class="verdict ${cls}" data-verdict="${v}">${v}</td>`;
}

function table(kind: string, head: readonly string[], rows: readonly SafeHtml[]): SafeHtml {
  return html`<div class="table-wrap"><table class="summary cpython" data-cpython-table="${kind}">
<thead><tr>${joinHtml(head.map((h) => html`<th scope="col">${h}</th>`))}</tr></thead>
<tbody>${joinHtml(rows)}</tbody>
</table></div>`;
}

const noParams = (c: MeasuredCell): boolean => Object.keys(c.params).length === 0;
const measurement = (c: MeasuredCell | undefined, name: string): number | undefined => c?.measurements?.[name]?.value;

/** The tables for one system of one source. */
function systemTables(model: ReportModel, source: Source, sys: SystemRecord, notes: string[]): SafeHtml {
  const cells = model.cells.filter((c) => c.source === source && c.cell.group === GROUP).map((c) => c.cell);
  const real = cells.filter((c) => c.strategy === sys.name);
  const mod = cells.filter((c) => c.strategy === sys.model);
  const m = sys.model;
  const find = (list: readonly MeasuredCell[], workload: string, threads: number, params: Readonly<Record<string, unknown>> = {}): MeasuredCell | undefined =>
    list.find(
      (c) =>
        c.workload === workload &&
        c.threads === threads &&
        Object.keys(params).every((k) => c.params[k] === params[k]) &&
        Object.keys(c.params).length === Object.keys(params).length,
    );
  const parts: SafeHtml[] = [];

  // 1. Speedup at 2 threads, per scenario.
  // In the file's order, which is the plan's: the bench's scenario list is not copied here.
  const workloads = [...new Set(real.filter((c) => c.threads === PAIR && noParams(c) && c.speedup !== undefined).map((c) => c.workload))];
  if (workloads.length > 0) {
    const rows = workloads.map((w) => {
      const r = find(real, w, PAIR);
      const g = find(mod, w, PAIR);
      const cores1 = measurement(find(real, w, 1), 'coresBusy');
      const cores2 = measurement(r, 'coresBusy');
      const busy = cores1 !== undefined && cores2 !== undefined ? html`<div class="sub">cores busy ${sig(cores1, 2)} → ${sig(cores2, 2)}</div>` : '';
      return html`<tr><th scope="row"><code>${w}</code></th><td>${EXPECTED[sys.build][w] ?? '—'}</td><td data-side="real">${ratioText(r?.speedup)}${busy}</td><td data-side="model">${ratioText(g?.speedup)}</td>${verdictCell(ratioVerdict(r?.speedup, g?.speedup))}</tr>`;
    });
    parts.push(html`<h4>Speedup at ${PAIR} threads over 1</h4>`, table('speedup', ['Scenario', `Expected (${sys.build} build)`, sys.name, m, 'Verdict'], rows));
  }

  // 2. Lost updates: counter += 1 at each thread count, and the six-expression quiz.
  const lostRows: SafeHtml[] = [];
  const counterThreads = [...new Set(real.filter((c) => c.workload === 'counter' && c.threads > 1).map((c) => c.threads))].sort((a, b) => a - b);
  const lostText = (c: MeasuredCell | undefined, check?: string): string => {
    if (c === undefined) return '—';
    const k = c.correctness.checks.find((x) => (check === undefined ? x.name.startsWith('counter += 1') : x.name === check));
    const lost = check === undefined ? c.correctness.lostUpdates : k !== undefined ? Math.max(0, k.expected - k.observed) : undefined;
    if (lost === undefined) return '—';
    if (k !== undefined && k.expected === 0) return `${groupThousands(k.observed)} seen`;
    return k !== undefined ? `${groupThousands(lost)} lost of ${groupThousands(k.expected)}` : `${groupThousands(lost)} lost`;
  };
  const lostOf = (c: MeasuredCell | undefined, check?: string): number | undefined => {
    if (c === undefined) return undefined;
    if (check === undefined) return c.correctness.lostUpdates;
    const k = c.correctness.checks.find((x) => x.name === check);
    return k === undefined ? undefined : Math.abs(k.expected - k.observed);
  };
  for (const t of counterThreads) {
    const r = find(real, 'counter', t);
    const g = find(mod, 'counter', t);
    lostRows.push(
      html`<tr><th scope="row"><code>counter += 1</code> <span class="sub">(counter, ${t} threads)</span></th><td data-side="real">${lostText(r)}</td><td data-side="model">${lostText(g)}</td>${verdictCell(lostVerdict(lostOf(r), lostOf(g)))}</tr>`,
    );
  }
  const quizReal = real.find((c) => c.workload === 'atomicity');
  const quizModel = mod.find((c) => c.workload === 'atomicity');
  for (const k of quizReal?.correctness.checks ?? []) {
    if (/^interpreter faults/.test(k.name)) continue;
    const modelHas = quizModel?.correctness.checks.some((x) => x.name === k.name) === true;
    const r = lostOf(quizReal, k.name);
    const g = modelHas ? lostOf(quizModel, k.name) : undefined;
    lostRows.push(
      html`<tr><th scope="row"><code>${k.name}</code> <span class="sub">(quiz, ${quizReal?.threads ?? PAIR} threads)</span></th><td data-side="real">${lostText(quizReal, k.name)}</td><td data-side="model">${modelHas ? lostText(quizModel, k.name) : '—'}</td>${verdictCell(lostVerdict(r, g))}</tr>`,
    );
  }
  if (lostRows.length > 0) {
    parts.push(html`<h4>Lost updates</h4>`, table('lost', ['What', sys.name, m, 'Verdict'], lostRows));
    // Where the seed article and CPython part ways: counter += 1 on 3.10+.
    const r = find(real, 'counter', PAIR);
    const g = find(mod, 'counter', PAIR);
    if (r !== undefined && sys.build === 'gil') {
      const checkpoints = source.config.suiteOptions.checkpoints;
      const follows =
        checkpoints === 'backedges'
          ? 'CPython 3.10+ (checkpoints only at back-edges and calls, the default)'
          : 'the article (a switch may happen between any two instructions, as in CPython ≤ 3.9)';
      notes.push(
        `The article says counter += 1 loses updates under the GIL; CPython 3.10+ drops the GIL only at back-edges and calls, never between the load and the store of this loop. ` +
          `Measured here: ${sys.name} ${lostText(r)}${g !== undefined ? `, ${m} ${lostText(g)}` : ''}. rclab's ${m} follows ${follows} in this run; --checkpoints every runs the article's model.`,
      );
    }
  }

  // 3. The convoy: an I/O thread's wake-up latency alone and beside a CPU-bound thread.
  const alone = (list: readonly MeasuredCell[]): MeasuredCell | undefined => find(list, 'convoy', 1, { cpuThreads: 0 });
  const beside = (list: readonly MeasuredCell[]): MeasuredCell | undefined => find(list, 'convoy', PAIR, { cpuThreads: 1 });
  if (alone(real) !== undefined || beside(real) !== undefined) {
    const lat = (c: MeasuredCell | undefined): string => {
      const p50 = measurement(c, 'ioLatencyP50Ms');
      const p99 = measurement(c, 'ioLatencyP99Ms');
      return p50 === undefined ? '—' : `p50 ${sig(p50, 3)} ms · p99 ${p99 === undefined ? '—' : sig(p99, 3)} ms`;
    };
    // The model's switch interval: the suite's own knob (the GIL's default when the run does not say).
    const configured = source.config.suiteOptions.switchIntervalMs;
    const switchMs = typeof configured === 'number' ? configured : 5;
    const v = convoyVerdict(
      { p50Ms: measurement(beside(real), 'ioLatencyP50Ms'), switchIntervalMs: sys.switchIntervalMs },
      { p50Ms: measurement(beside(mod), 'ioLatencyP50Ms'), switchIntervalMs: switchMs },
    );
    const rows = [
      html`<tr><th scope="row">I/O thread alone</th><td data-side="real">${lat(alone(real))}</td><td data-side="model">${lat(alone(mod))}</td><td class="muted">baseline</td></tr>`,
      html`<tr><th scope="row">I/O thread beside a CPU-bound one</th><td data-side="real">${lat(beside(real))}</td><td data-side="model">${lat(beside(mod))}</td>${verdictCell(v)}</tr>`,
    ];
    parts.push(
      html`<h4>Convoy: how late an I/O thread runs again (switch interval ${sig(sys.switchIntervalMs, 3)} ms real, ${sig(switchMs, 3)} ms model)</h4>`,
      table('convoy', ['', sys.name, m, 'Verdict'], rows),
    );
  }

  // 4. The switch-interval sweep: cpu-bound on 2 threads, throughput over the default interval's.
  const sweep = (list: readonly MeasuredCell[]): MeasuredCell[] => list.filter((c) => c.workload === 'cpu-bound' && c.params.switchIntervalMs !== undefined);
  const realSweep = sweep(real);
  // The sweep turns the GIL's switch interval, so its model side is of the `gil` family: the
  // system's own model when it is one, else the family's lead that ran the sweep.
  const swept = (s: string): MeasuredCell[] => sweep(cells.filter((c) => c.strategy === s));
  const gilModel = strategyFamily(model, m) === 'gil' ? m : familyLead(model, 'gil', (s) => swept(s).length > 0);
  const gilSweep = gilModel === undefined ? [] : swept(gilModel);
  if (realSweep.length > 1) {
    const ref = (list: readonly MeasuredCell[]): MeasuredCell | undefined => list.find((c) => Number(c.params.switchIntervalMs) === 5) ?? list[0];
    const rel = (list: readonly MeasuredCell[], c: MeasuredCell | undefined): Interval | undefined => {
      const base = ref(list);
      return c === undefined || base === undefined ? undefined : pairedRatio(c.samples.opsPerSec, base.samples.opsPerSec);
    };
    const base = Number(ref(realSweep)?.params.switchIntervalMs);
    const intervals = [...new Set(realSweep.map((c) => Number(c.params.switchIntervalMs)))].sort((a, b) => a - b);
    const rows = intervals.map((ms) => {
      const r = realSweep.find((c) => Number(c.params.switchIntervalMs) === ms);
      const g = gilSweep.find((c) => Number(c.params.switchIntervalMs) === ms);
      const isBase = ms === base;
      return html`<tr><th scope="row">${sig(ms, 3)} ms</th><td data-side="real">${isBase ? 'reference' : ratioText(rel(realSweep, r))}</td><td data-side="model">${isBase ? 'reference' : ratioText(rel(gilSweep, g))}</td>${isBase ? html`<td class="muted">—</td>` : verdictCell(ratioVerdict(rel(realSweep, r), rel(gilSweep, g)))}</tr>`;
    });
    parts.push(
      html`<h4>Switch interval: cpu-bound on ${PAIR} threads, throughput over the ${sig(base, 3)} ms interval's</h4>`,
      table('switch-interval', ['Switch interval', sys.name, gilModel ?? 'gil', 'Verdict'], rows),
    );
  }
  const build = sys.build === 'free-threaded' ? `free-threaded build${sys.gilEnabled === true ? ', run with the GIL enabled' : ''}` : 'GIL build';
  const label = model.multiSource ? html`<div class="sub">${source.label}</div>` : '';
  return html`<div class="cpython-system" data-system="${sys.name}">${label}<h4 class="system">${sys.name} (${build}, ${sys.executable || sys.python}) beside <code>${m}</code></h4>${joinHtml(parts)}</div>`;
}

export const cpythonTable: TableModule = {
  id: 'cpython',
  title: 'The model beside a real CPython',
  howToRead:
    "The same scenarios on a real Python (rclab bench --groups cpython, --python PATH), interleaved slice by slice with the model's cells. A GIL build stands beside gil, a free-threaded build beside biased. " +
    'Every figure carries its 95% interval; the Verdict column applies the rules written under the tables.',
  build(model: ReportModel): TableBuild {
    const notes: string[] = [];
    const blocks: SafeHtml[] = [];
    for (const source of model.sources) for (const sys of source.systems) blocks.push(systemTables(model, source, sys, notes));
    if (blocks.length === 0) {
      const skipped = model.sources.flatMap((s) => s.skipped.filter((k) => k.group === GROUP));
      return notMeasured(
        skipped.length > 0 ? `The cpython group was skipped: ${skipped.map((k) => k.reason).join('; ')}.` : 'No real Python was run (rclab bench --groups cpython).',
      );
    }
    notes.push(`Speedups and switch-interval throughput: ${RATIO_RULE}`, `Lost updates: ${LOST_RULE}`, `Convoy: ${CONVOY_RULE}`);
    return { kind: 'table', html: joinHtml(blocks), notes };
  },
};
