/** The report's stylesheet (inlined; the file loads nothing). */
import { FONT } from '../charts/theme.ts';

export const STYLE = `
:root { --ink: #1d1f23; --muted: #5b6270; --line: #e2e5ea; --panel: #f7f8fa; --good: #d9f0dc; --good-ink: #1e6b34; --partial: #fcebc5; --bad: #f6c7c3; --bad-ink: #9b1c1c; --accent: #3b6fb6; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0; color: var(--ink); font: 15px/1.5 ${FONT}; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 64px; }
header.top { border-bottom: 1px solid var(--line); padding-bottom: 14px; margin-bottom: 8px; }
h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 22px; margin: 40px 0 6px; padding-top: 10px; border-top: 2px solid var(--ink); }
h3 { font-size: 17px; margin: 26px 0 4px; }
p { margin: 6px 0; max-width: 980px; }
.lede { font-size: 16px; color: #333; }
.meta { color: var(--muted); font-size: 14px; }
nav.toc { margin: 12px 0 0; display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.glossary-wrap summary { cursor: pointer; font-weight: 600; margin-top: 12px; font-size: 14px; }
.glossary { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 4px 28px; margin: 8px 0 0; padding: 10px 14px; background: var(--panel); border-radius: 6px; font-size: 13px; line-height: 1.35; }
.glossary dl { margin: 0; }
.glossary .gl-head { font-weight: 600; color: var(--muted); margin: 0 0 4px; font-size: 12.5px; }
.glossary dl > div:not(.gl-head) { display: flex; gap: 10px; padding: 1.5px 0; }
.glossary dt { flex: 0 0 130px; white-space: nowrap; font-weight: 600; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; overflow: hidden; text-overflow: ellipsis; }
.glossary dd { margin: 0; color: #333; }
.how { color: #333; font-size: 14px; background: #f3f6fb; border-left: 3px solid var(--accent); padding: 6px 10px; border-radius: 0 4px 4px 0; }
.how strong { font-weight: 600; }
figure.chart { margin: 10px 0 4px; overflow-x: auto; }
.chart-svg svg, .chart-live svg { max-width: 100%; height: auto; display: block; }
ul.notes { margin: 6px 0 0; padding-left: 20px; font-size: 14px; color: #222; max-width: 1000px; }
ul.notes li { margin: 2px 0; }
.empty { margin: 10px 0; padding: 12px 14px; border: 1px dashed #b9bfc9; border-radius: 6px; color: var(--muted); background: #fbfbfc; }
.empty strong { color: #444; }
.side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 8px 28px; align-items: start; }
.env-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 12px; }
.env-card { background: var(--panel); border-radius: 6px; padding: 10px 14px; }
.env-card h3 { margin: 2px 0 6px; font-size: 15px; }
table.kv { border-collapse: collapse; font-size: 13.5px; width: 100%; }
table.kv th { text-align: left; vertical-align: top; color: var(--muted); font-weight: 500; padding: 2px 14px 2px 0; white-space: nowrap; }
table.kv td { padding: 2px 0; word-break: break-word; }
details.more { margin-top: 6px; font-size: 13px; }
details.more summary { cursor: pointer; color: var(--muted); }
table.kv.figures th { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; white-space: normal; word-break: break-all; max-width: 320px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; background: #eef0f3; padding: 1px 4px; border-radius: 3px; }
.table-wrap { overflow-x: auto; margin: 10px 0; }
table.summary { border-collapse: separate; border-spacing: 3px; font-size: 13.5px; }
table.summary th { text-align: left; vertical-align: bottom; padding: 6px 8px; font-weight: 600; }
table.summary tbody th { vertical-align: top; background: var(--panel); min-width: 120px; max-width: 170px; }
table.summary td { vertical-align: top; padding: 6px 8px; border-radius: 4px; min-width: 104px; background: #fafafa; }
table.summary td.article { background: #fff; border: 1px solid var(--line); max-width: 260px; min-width: 170px; }
table.summary td.scales { background: var(--good); }
table.summary td.partial { background: var(--partial); }
table.summary td.no-gain { background: var(--bad); }
table.summary td.none { color: #999; }
table.matrix td.control { background: #eee; color: #666; }
table.matrix td small { color: #555; }
table.summary td.placements { background: none; padding: 0; min-width: 112px; }
table.atomicity td.article { min-width: 190px; }
table.summary .pl { padding: 4px 6px; border-radius: 4px; margin-bottom: 3px; font-size: 12px; line-height: 1.35; }
table.summary .pl.scales { background: var(--good); }
table.summary .pl.no-gain { background: var(--bad); }
table.summary .pl.none { background: #f4f4f4; color: #999; }
table.summary .pl-name { display: block; color: var(--muted); font-size: 11px; }
table.summary .pl .agree, table.summary .pl .differ { font-size: 11.5px; }
table.summary td.wrong { box-shadow: inset 0 0 0 2px var(--bad-ink); }
table.summary .big { font-size: 16px; font-weight: 650; }
table.summary small { font-size: 12px; font-weight: 400; color: #444; }
.sub { font-size: 12px; color: var(--muted); font-weight: 400; }
.wl { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.muted { color: #8a8f99; }
.ok { color: var(--good-ink); }
.bad { color: var(--bad-ink); font-weight: 600; }
.agree { color: var(--good-ink); font-size: 12.5px; margin-top: 3px; }
.differ { color: var(--bad-ink); font-size: 12.5px; font-weight: 600; margin-top: 3px; }
.legend-swatches { display: flex; gap: 14px; flex-wrap: wrap; font-size: 13px; color: #333; margin: 4px 0; }
.legend-swatches span::before { content: ""; display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; background: var(--sw); }
table.failed { border-collapse: collapse; font-size: 13px; }
table.failed td, table.failed th { border-bottom: 1px solid var(--line); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
footer { margin-top: 48px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
@media print { h2 { break-before: page; } figure.chart { break-inside: avoid; } }
.banner { padding: .5em .8em; border-radius: 4px; margin: .5em 0; }
.banner.ok { background: #eef7ee; border-left: 4px solid #3a8a3a; }
.banner.warn { background: #fff4e5; border-left: 4px solid #d98b00; }
ul.headline { margin: .4em 0 1em; padding-left: 1.2em; }
ul.headline li { margin: .2em 0; }
/* The first screen (1280×800): the headline and banner beside the trade-off chart. The headline
   list scrolls inside its box so the chart stays on screen however many workloads ran. */
header.top .lede { font-size: 14px; margin: 4px 0; }
.first-screen { display: grid; grid-template-columns: minmax(360px, 1fr) auto; gap: 0 24px; align-items: start; }
.first-screen > section.item > h2, .first-screen > section.item > h3 { margin: 8px 0 4px; padding-top: 0; border-top: none; font-size: 19px; }
.first-screen .how { font-size: 13px; padding: 4px 8px; }
.first-screen .banner { font-size: 13.5px; }
.first-screen ul.headline { max-height: 290px; overflow-y: auto; font-size: 13.5px; margin: .3em 0 0; padding: 4px 8px 4px 1.6em; border: 1px solid var(--line); border-radius: 4px; }
.first-screen figure.chart { margin: 4px 0; }
@media (max-width: 1100px) { .first-screen { grid-template-columns: 1fr; } }
`;
