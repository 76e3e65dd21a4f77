/** The environment of every results file: machine, runtime, command line and configuration. */
import { groupThousands, plural, sig } from '../format.ts';
import { html, joinHtml, type SafeHtml } from '../html/safe.ts';
import type { ReportModel, Source } from '../model.ts';

function row(name: string, value: SafeHtml | string): SafeHtml {
  return html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`;
}

function list(values: readonly (string | number)[]): string {
  return values.length === 0 ? '—' : values.join(', ');
}

function card(model: ReportModel, source: Source): SafeHtml {
  const { env, config } = source;
  const cells = model.cells.filter((c) => c.source === source).length;
  const failed = model.failed.filter((c) => c.source === source).length;
  const timelines = model.timelines.filter((t) => t.source === source).length;
  const harness = Object.entries(source.harness);
  const findings = Object.entries(source.findings);
  return html`<div class="env-card">
${model.multiSource ? html`<h3>${source.label}</h3>` : ''}
<table class="kv">
${row('Machine', `${env.cpuModel} · ${plural(env.cores, 'core')} available · ${groupThousands(env.totalMemoryMB)} MB RAM`)}
${row('System', `${env.platform} ${env.arch} · ${env.osRelease}`)}
${row('Runtime', `Node ${env.node} · V8 ${env.v8} · rclab ${env.rclabVersion}`)}
${row('Run', `${env.date} · seed ${env.seed}`)}
${row('Command', html`<code>rclab ${env.commandLine.join(' ')}</code>`)}
${row(
  'Suite',
  `${config.suite}: ${plural(config.rounds, 'round')} of interleaved ${sig(config.sliceMs)} ms slices per comparison, warm-up until steady (${sig(config.warmup.minMs)}–${sig(config.warmup.maxMs)} ms) · threads ${list(config.threads)} · ${Object.entries(
    config.suiteOptions,
  )
    .map(([k, v]) => `${k} ${typeof v === 'number' ? sig(v) : String(v)}`)
    .join(' · ')}${Object.keys(config.suiteOptions).length > 0 ? ' · ' : ''}heap ${sig(config.heapMB)} MB`,
)}
${row('Strategies', list(config.strategies))}
${row('Workloads', list(config.workloads))}
${row('Measured', `${plural(cells, 'cell')}${failed > 0 ? `, ${failed} could not be measured` : ''} · ${plural(timelines, 'lock timeline')}`)}
</table>
${
  harness.length + findings.length > 0
    ? html`<details class="more"><summary>${plural(harness.length, 'harness figure')} and ${plural(findings.length, 'finding')} recorded by the run</summary>
<table class="kv figures">
${joinHtml(harness.map(([k, v]) => row(k, sig(v))))}
${joinHtml(findings.map(([k, v]) => row(k, typeof v === 'number' ? sig(v) : String(v))))}
</table></details>`
    : ''
}
</div>`;
}

/** The environment section's body: one card per results file. */
export function environmentHtml(model: ReportModel): SafeHtml {
  if (model.sources.length === 0) return html`<p class="empty">No results files.</p>`;
  return html`<div class="env-grid">${joinHtml(model.sources.map((s) => card(model, s)))}</div>`;
}
