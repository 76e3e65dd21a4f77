/**
 * Vega-Lite spec → Vega spec → SVG string, at build time: no browser, no canvas, no network.
 * Vega's `renderer: 'none'` view computes the scenegraph headless and `toSVG()` serialises it
 * (text widths are estimated per character, see `textWidth.ts`).
 */
import { parse, View, type Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { withTextEstimates } from './textWidth.ts';

/** A message Vega-Lite logged while compiling. */
export interface CompileMessage {
  readonly level: 'error' | 'warn' | 'info';
  readonly text: string;
}

/** The compiled Vega spec and everything Vega-Lite logged on the way. */
export interface Compiled {
  readonly vega: VegaSpec;
  readonly messages: readonly CompileMessage[];
}

/** The logger type Vega-Lite's `compile` accepts (vega-util's `LoggerInterface`). */
type Logger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

/**
 * A logger (for Vega-Lite's compiler and Vega's runtime) that keeps every message instead of
 * printing it. Plain closures, not methods: Vega calls them detached from the object.
 */
class CapturingLogger implements Logger {
  readonly messages: CompileMessage[] = [];
  readonly level: (value?: number) => number | Logger;
  readonly error: (...args: unknown[]) => this;
  readonly warn: (...args: unknown[]) => this;
  readonly info: (...args: unknown[]) => this;
  readonly debug: (...args: unknown[]) => this;

  constructor() {
    let current = 2;
    const push =
      (level: CompileMessage['level']) =>
      (...args: unknown[]): this => {
        this.messages.push({ level, text: args.map(String).join(' ') });
        return this;
      };
    this.level = (value?: number): number | Logger => {
      if (value === undefined) return current;
      current = value;
      return this;
    };
    this.error = push('error');
    this.warn = push('warn');
    this.info = push('info');
    this.debug = () => this;
  }
}

/** Compiles a Vega-Lite spec, capturing (not printing) Vega-Lite's warnings. */
export function compileSpec(spec: TopLevelSpec): Compiled {
  const logger = new CapturingLogger();
  const { spec: vega } = compile(spec, { logger });
  return { vega, messages: logger.messages };
}

/** Vega's log levels (vega-util): warnings and errors are kept. */
const LOG_WARN = 2;

/**
 * Renders a compiled Vega spec to an SVG string with the headless view. What the Vega runtime
 * logs (e.g. "Infinite extent" for a scale fed no data) goes to `messages` rather than the
 * console: the same warnings would appear in a browser's console in interactive mode.
 */
export async function vegaToSvg(vega: VegaSpec, messages: CompileMessage[] = []): Promise<string> {
  return withTextEstimates(async () => {
    const logger = new CapturingLogger();
    const view = new View(parse(vega), { renderer: 'none', logger, logLevel: LOG_WARN });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
      messages.push(...logger.messages);
    }
  });
}

/** Compiles and renders; Vega-Lite's and Vega's warnings are returned, never printed. */
export async function renderSpec(spec: TopLevelSpec): Promise<{ svg: string; compiled: Compiled; runtime: readonly CompileMessage[] }> {
  const compiled = compileSpec(spec);
  const runtime: CompileMessage[] = [];
  return { svg: await vegaToSvg(compiled.vega, runtime), compiled, runtime };
}

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Gives a rendered SVG an accessible name and description: `role="img"`, `aria-label`, and
 * `<title>`/`<desc>` as its first children (`aria-describedby` points at the description).
 * Vega's headless SVG carries neither; a screen reader would otherwise announce a bare graphic.
 */
export function accessibleSvg(svg: string, id: string, name: string, description: string): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (open === null) throw new Error('rendered chart is not an SVG document');
  const tag = open[0].replace(/^<svg\b/, `<svg role="img" aria-label="${escapeXml(name)}" aria-describedby="${escapeXml(`${id}-desc`)}"`);
  return `${tag}<title>${escapeXml(name)}</title><desc id="${escapeXml(`${id}-desc`)}">${escapeXml(description)}</desc>${svg.slice(open[0].length)}`;
}
