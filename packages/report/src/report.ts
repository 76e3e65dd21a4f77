/**
 * `renderReport`: one or more results files → one self-contained HTML file. Charts are Vega-Lite
 * specs rendered to SVG here, at build time; the page has no external reference of any kind and,
 * by default, no script at all (a Content-Security-Policy says so to the browser).
 */
import { headline } from './headline.ts';
import type { ResultsFile } from '@rclab/core';
import { version as vegaVersion } from 'vega';
import { version as vegaLiteVersion } from 'vega-lite';
import {
  brcPaperChart,
  brcSweepChart,
  CHARTS,
  convoyChart,
  correctnessChart,
  gilTimelineChart,
  microCostChart,
  overheadChart,
  publishedCostChart,
  scalingChart,
  switchIntervalChart,
  timeGoesChart,
  tradeOffChart,
} from './charts/index.ts';
import type { ChartBuild, ChartModule } from './charts/types.ts';
import { duration, plural } from './format.ts';
import { interactiveScripts } from './html/interactive.ts';
import { html, joinHtml, SafeHtml, trustedSvg } from './html/safe.ts';
import { STYLE } from './html/style.ts';
import { buildModel, type ReportModel } from './model.ts';
import { accessibleSvg, compileSpec, vegaToSvg } from './render/svg.ts';
import { atomicityTable } from './tables/atomicity.ts';
import { cpythonTable } from './tables/cpython.ts';
import { countersTable } from './tables/counters.ts';
import { overheadMatrixTable } from './tables/overheadMatrix.ts';
import { environmentHtml } from './tables/environment.ts';
import { summaryTable } from './tables/summary.ts';
import type { TableBuild, TableModule } from './tables/types.ts';

/** Options of {@link renderReport} and `writeReport`. */
export interface ReportOptions {
  /** Inline the Vega runtime so charts are live (tooltips); the static SVGs stay as fallback. @defaultValue false */
  readonly interactive?: boolean;
  /** Page title. @defaultValue "rclab report" */
  readonly title?: string;
  /** A name per results file (e.g. its file name), used to label sources; otherwise labels come from each environment. */
  readonly sourceNames?: readonly (string | undefined)[];
}

type Item = ChartModule | TableModule | readonly ChartModule[];

interface Section {
  readonly id: string;
  readonly title: string;
  readonly intro: string;
  readonly items: readonly Item[];
}

/** The page, in reading order. */
const SECTIONS: readonly Section[] = [
  {
    id: 'at-a-glance',
    title: 'At a glance',
    intro: "The article's summary table, with this run's numbers in every cell. The sections below show where each number comes from.",
    items: [summaryTable],
  },
  {
    id: 'one-thread',
    title: 'What one thread pays',
    intro: 'Before any parallelism: what each strategy costs on a single thread, against plain unsynchronised counts.',
    items: [overheadMatrixTable, [overheadChart, publishedCostChart], microCostChart],
  },
  {
    id: 'more-threads',
    title: 'What more threads buy',
    intro: "Throughput as threads are added, and the strategy's own counters that explain it.",
    items: [scalingChart, timeGoesChart, countersTable],
  },
  {
    id: 'correct',
    title: 'What stays correct',
    intro: "Speed means nothing if counts go wrong: every run ends with checks, and the atomicity scenario tests the article's claims about single expressions.",
    items: [correctnessChart, atomicityTable],
  },
  {
    id: 'gil',
    title: 'The GIL up close',
    intro: 'How the global interpreter lock hands itself between threads, and what that costs an I/O-bound thread.',
    items: [gilTimelineChart, [convoyChart, switchIntervalChart]],
  },
  {
    id: 'brc',
    title: 'Biased reference counting',
    intro: 'The trick that makes free-threaded Python affordable, and where it stops paying.',
    items: [brcPaperChart, brcSweepChart],
  },
  {
    id: 'cpython',
    title: 'Side by side with a real CPython',
    intro: 'The model checked against the interpreter it models: the same scenarios on a real Python, measured in the same run.',
    items: [cpythonTable],
  },
];

/** A built chart, rendered: its id, SVG (or why not) and compiled Vega spec for interactive mode. */
interface Rendered {
  readonly module: ChartModule;
  readonly build: ChartBuild;
  readonly svg?: SafeHtml;
  readonly vega?: unknown;
}

async function renderChart(module: ChartModule, model: ReportModel): Promise<Rendered> {
  const build = module.build(model);
  if (build.kind === 'empty') return { module, build };
  // The description also reaches the live view of interactive mode (Vega labels its root with it).
  const compiled = compileSpec({ ...build.spec, description: `${module.title}. ${module.howToRead}` });
  const svg = trustedSvg(
    accessibleSvg(await vegaToSvg(compiled.vega), `chart-${module.id}`, module.title, `${module.howToRead}${build.notes.length > 0 ? ` ${build.notes.join(' ')}` : ''}`),
  );
  return { module, build, svg, vega: compiled.vega };
}

function emptyNote(reason: string): SafeHtml {
  return html`<div class="empty" data-empty="true"><strong>Not measured in this run.</strong> ${reason}</div>`;
}

function notesList(notes: readonly string[]): SafeHtml | string {
  return notes.length === 0 ? '' : html`<ul class="notes">${joinHtml(notes.map((n) => html`<li>${n}</li>`))}</ul>`;
}

function chartHtml(r: Rendered, interactive: boolean): SafeHtml {
  const body =
    r.build.kind === 'empty' || r.svg === undefined
      ? emptyNote(r.build.kind === 'empty' ? r.build.reason : '')
      : html`<figure class="chart" data-chart="${r.module.id}"${interactive ? html` data-spec="${r.module.id}"` : ''}><div class="chart-svg">${r.svg}</div></figure>${notesList(r.build.notes)}`;
  return html`<section class="item" id="${r.module.id}">
<h3>${r.module.title}</h3>
<p class="how"><strong>How to read it.</strong> ${r.module.howToRead}</p>
${body}
</section>`;
}

function tableHtml(module: TableModule, build: TableBuild): SafeHtml {
  const body = build.kind === 'empty' ? emptyNote(build.reason) : html`<div data-table="${module.id}">${build.html}</div>${notesList(build.notes)}`;
  const legend =
    module.id === 'summary' && build.kind === 'table'
      ? html`<div class="legend-swatches"><span style="--sw: var(--good)">scales (≥ 90% of linear)</span><span style="--sw: var(--partial)">some gain</span><span style="--sw: var(--bad)">no real gain (under 1.1×) / racy</span></div>`
      : '';
  return html`<section class="item" id="${module.id}">
<h3>${module.title}</h3>
<p class="how"><strong>How to read it.</strong> ${module.howToRead}</p>
${legend}${body}
</section>`;
}

function glossary(model: ReportModel): SafeHtml {
  const entry = (name: string, text: string): SafeHtml => html`<div><dt>${name}</dt><dd>${text}</dd></div>`;
  // Every description comes from the files' catalogs: the factories' own words.
  const strategyText = (s: string): string => {
    const e = model.catalog.strategies.get(s);
    if (e === undefined) return 'Not described in the results file.';
    return `${e.description}${e.family !== e.name ? ` (family: ${e.family})` : ''}${e.threadSafe ? '' : ' Not thread-safe by its own account: its checks may fail on several threads.'}`;
  };
  const strategies = model.strategies.map((s) => entry(s, strategyText(s)));
  const workloads = model.workloads.flatMap((w) => {
    const e = model.catalog.workloads.get(w);
    return e === undefined ? [] : [entry(w, `${e.description}${e.op !== undefined ? ` One operation: ${e.op.replace(/\.$/, '')}.` : ''}`)];
  });
  if (strategies.length === 0 && workloads.length === 0) return html``;
  return html`<details class="glossary-wrap"><summary>What the names mean</summary><div class="glossary">
<dl><div class="gl-head">Strategies: how counts are kept right</div>${joinHtml(strategies)}</dl>
<dl><div class="gl-head">Workloads: what the threads do</div>${joinHtml(workloads)}</dl>
</div></details>`;
}

function subtitle(model: ReportModel): string {
  if (model.sources.length === 0) return 'No results files.';
  if (model.multiSource) return `${plural(model.sources.length, 'results file')} combined: ${model.sources.map((s) => s.label).join('; ')}`;
  const s = model.sources[0];
  if (s === undefined) return '';
  return `${s.env.cpuModel} · ${plural(s.env.cores, 'core')} · Node ${s.env.node} · ${s.env.date.slice(0, 16).replace('T', ' ')} UTC · ${s.config.suite} suite, ${plural(s.config.rounds, 'round')} of interleaved ${duration(s.config.sliceMs)} slices`;
}

/** The answer first: the computed headline and how steady the machine was, per results file. */
function headlineHtml(results: readonly ResultsFile[], model: ReportModel): SafeHtml {
  const blocks = results.map((r, i) => {
    const lines = headline(r);
    const st = r.steadiness;
    const banner =
      st === undefined
        ? ''
        : st.steady
          ? html`<p class="banner ok" role="status">Machine steady: a fixed kernel's time spread ${(st.spread * 100).toFixed(1)}% over ${st.rounds} rounds.</p>`
          : html`<p class="banner warn" role="alert"><strong>Noisy machine.</strong> ${st.advice ?? 'the machine was not steady'}. Ratios are paired slice by slice and their intervals say what is resolved.</p>`;
    const label = model.multiSource ? html`<h3>${model.sources[i]?.label ?? ''}</h3>` : '';
    // The article's question first: against the GIL build, then the crossovers, then one thread.
    const rank = { 'against-gil': 0, brc: 1, crossover: 2, 'single-thread': 3 } as const;
    const ordered = [...lines].sort((a, b) => rank[a.topic] - rank[b.topic]);
    const list =
      lines.length === 0
        ? html`<p class="muted">No comparison in this run to draw a verdict from.</p>`
        : html`<ul class="headline">${joinHtml(ordered.map((l) => html`<li>${l.text}</li>`))}</ul>`;
    return html`${label}${banner}${list}`;
  });
  return html`<section class="item" id="headline"><h2>Who wins where</h2>
<p class="how">Computed from the results: each ratio with its 95% interval, a winner only where the intervals do not overlap, "≈ not resolved" where they do.</p>
${joinHtml(blocks)}</section>`;
}

function failedHtml(model: ReportModel): SafeHtml | string {
  if (model.failed.length === 0) return '';
  const rows = model.failed.map(
    (f) => html`<tr><td><code>${f.cell.id}</code>${model.multiSource ? html`<div class="sub">${f.source.label}</div>` : ''}</td><td>${f.cell.error}</td></tr>`,
  );
  return html`<h2 id="not-measured">Cells that could not be measured</h2>
<p>These cells failed (a strategy crashed, a run stalled, …); every chart leaves them out.</p>
<div class="table-wrap"><table class="failed"><thead><tr><th>Cell</th><th>Error</th></tr></thead><tbody>${joinHtml(rows)}</tbody></table></div>`;
}

/**
 * Renders the report for one or more results files as one self-contained HTML document.
 * Each file is validated first (a `UsageError` names the file and the first problems).
 */
export async function renderReport(results: readonly ResultsFile[], options: ReportOptions = {}): Promise<string> {
  const model = buildModel(results, options.sourceNames !== undefined ? { sourceNames: options.sourceNames } : {});
  const interactive = options.interactive === true;
  const title = options.title ?? 'rclab report';
  const rendered = new Map<ChartModule, Rendered>();
  for (const module of CHARTS) rendered.set(module, await renderChart(module, model));
  const itemHtml = (item: Item): SafeHtml => {
    if (Array.isArray(item)) {
      return html`<div class="side-by-side">${joinHtml((item as readonly ChartModule[]).map((m) => itemHtml(m)))}</div>`;
    }
    const module = item as ChartModule | TableModule;
    const r = rendered.get(module as ChartModule);
    if (r !== undefined) return chartHtml(r, interactive);
    return tableHtml(module as TableModule, (module as TableModule).build(model));
  };
  const sections = SECTIONS.map(
    (s) => html`<h2 id="${s.id}">${s.title}</h2>
<p>${s.intro}</p>
${joinHtml(s.items.map(itemHtml))}`,
  );
  const specs: Record<string, unknown> = {};
  for (const r of rendered.values()) if (r.vega !== undefined) specs[r.module.id] = r.vega;
  const scripts = interactive ? interactiveScripts(specs) : undefined;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scripts?.scriptSrc ?? "'none'"}; base-uri 'none'; form-action 'none'`;
  const toc = [
    html`<a href="#environment">Environment</a>`,
    ...SECTIONS.map((s) => html`<a href="#${s.id}">${s.title}</a>`),
    model.failed.length > 0 ? html`<a href="#not-measured">Not measured</a>` : '',
  ];
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@rclab/report · Vega ${vegaVersion} · Vega-Lite ${vegaLiteVersion}">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<main>
<header class="top">
<h1>${title}</h1>
<p class="meta">${subtitle(model)}</p>
<p class="lede">rclab runs real threads over one shared heap and compares ways to keep reference counts right: CPython's global interpreter lock, atomic counts, a lock per object, and biased reference counting (free-threaded Python, PEP 703), against plain unsafe counts. Every chart below says how to read it; every number comes from the results file${model.multiSource ? 's' : ''} described under Environment.</p>
<nav class="toc">${joinHtml(toc)}</nav>
</header>
<div class="first-screen">
${headlineHtml(results, model)}
${itemHtml(tradeOffChart)}
</div>
${glossary(model)}
<h2 id="environment">Environment</h2>
<p>No chart should be read without the machine it was measured on.</p>
${environmentHtml(model)}
${joinHtml(sections)}
${failedHtml(model)}
<footer>Made by <code>@rclab/report</code> from ${plural(model.sources.length, 'results file')}. Charts are Vega-Lite ${vegaLiteVersion} specs rendered to SVG with Vega ${vegaVersion} when this file was written; ${interactive ? 'interactive mode: the Vega runtime is inlined and makes the charts live (hover for values).' : 'the file contains no script and loads nothing.'}</footer>
</main>
${scripts !== undefined ? new SafeHtml(scripts.html) : ''}
</body>
</html>
`;
  return page.value;
}
