/**
 * Interactive mode: the Vega runtime inlined, the compiled Vega specs as JSON, and a small boot
 * script that replaces each static SVG with a live view (tooltips on hover). Still one file,
 * still no network; the static SVGs stay in place if the runtime cannot start.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { jsonForScript } from './safe.ts';

let runtime: string | undefined;

/** The minified Vega runtime (`vega/build/vega.min.js`), read once. */
export function vegaRuntime(): string {
  if (runtime === undefined) {
    // `vega` exports only its module entry; the UMD build sits beside it in `build/`.
    const entry = createRequire(import.meta.url).resolve('vega');
    const text = readFileSync(join(dirname(entry), 'vega.min.js'), 'utf8');
    runtime = text.replace(/<\/(script)/gi, '<\\/$1');
  }
  return runtime;
}

/** Starts a live Vega view for every figure that names a spec; keeps the static SVG on failure. */
export const BOOT_SCRIPT = `(function () {
  'use strict';
  var holder = document.getElementById('rclab-vega-specs');
  if (!holder || typeof vega === 'undefined') return;
  var specs = JSON.parse(holder.textContent || '{}');
  var figures = document.querySelectorAll('figure[data-spec]');
  Array.prototype.forEach.call(figures, function (figure) {
    var id = figure.getAttribute('data-spec');
    var spec = specs[id];
    var still = figure.querySelector('.chart-svg');
    if (!spec || !still) return;
    var live = document.createElement('div');
    live.className = 'chart-live';
    try {
      var view = new vega.View(vega.parse(spec), { renderer: 'svg', container: live, hover: true, logLevel: vega.Warn });
      view.runAsync().then(function () {
        still.replaceWith(live);
        figure.setAttribute('data-live', 'true');
      }, function (error) {
        console.warn('rclab report: chart ' + id + ' stays static:', error);
      });
    } catch (error) {
      console.warn('rclab report: chart ' + id + ' stays static:', error);
    }
  });
})();`;

/** CSP source for an inline script. */
export function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** The inline scripts of interactive mode and the CSP `script-src` that allows exactly them. */
export function interactiveScripts(specs: Readonly<Record<string, unknown>>): { html: string; scriptSrc: string } {
  const lib = vegaRuntime();
  const html = `<script type="application/json" id="rclab-vega-specs">${jsonForScript(specs)}</script>\n` + `<script>${lib}</script>\n` + `<script>${BOOT_SCRIPT}</script>`;
  // Vega compiles its expressions with the Function constructor, hence 'unsafe-eval'.
  return { html, scriptSrc: `${scriptHash(lib)} ${scriptHash(BOOT_SCRIPT)} 'unsafe-eval'` };
}
