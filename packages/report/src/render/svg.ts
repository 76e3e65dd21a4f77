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

/** A Vega-Lite logger that keeps every message instead of printing it. */
class CapturingLogger implements Logger {
  readonly messages: CompileMessage[] = [];
  #level = 2;
  level(value?: number): number | Logger {
    if (value === undefined) return this.#level;
    this.#level = value;
    return this;
  }
  error(...args: unknown[]): this {
    this.messages.push({ level: 'error', text: args.map(String).join(' ') });
    return this;
  }
  warn(...args: unknown[]): this {
    this.messages.push({ level: 'warn', text: args.map(String).join(' ') });
    return this;
  }
  info(...args: unknown[]): this {
    this.messages.push({ level: 'info', text: args.map(String).join(' ') });
    return this;
  }
  debug(): this {
    return this;
  }
}

/** Compiles a Vega-Lite spec, capturing (not printing) Vega-Lite's warnings. */
export function compileSpec(spec: TopLevelSpec): Compiled {
  const logger = new CapturingLogger();
  const { spec: vega } = compile(spec, { logger });
  return { vega, messages: logger.messages };
}

/** Renders a compiled Vega spec to an SVG string with the headless view. */
export async function vegaToSvg(vega: VegaSpec): Promise<string> {
  return withTextEstimates(async () => {
    const view = new View(parse(vega), { renderer: 'none', logLevel: 0 });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  });
}

/** Compiles and renders; Vega-Lite warnings are returned, never printed. */
export async function renderSpec(spec: TopLevelSpec): Promise<{ svg: string; compiled: Compiled }> {
  const compiled = compileSpec(spec);
  return { svg: await vegaToSvg(compiled.vega), compiled };
}
