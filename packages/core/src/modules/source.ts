/** True when rclab itself runs from its TypeScript sources (tests, `pnpm rclab`), not from dist. */
export const runningFromSource: boolean = import.meta.url.endsWith('.ts');

/**
 * The URL (`file:` href) of a module loaded by URL at run time (a built-in strategy or
 * workload, a worker entry), next to `base` (the caller's `import.meta.url`): `sourcePath`
 * when the caller runs from its TypeScript source, else `builtPath` — by default the same path
 * ending in `.js`, for the flat `dist/` layout where the build puts it somewhere else.
 */
export function moduleUrl(base: string, sourcePath: string, builtPath: string = sourcePath.replace(/\.ts$/, '.js')): string {
  return new URL(base.endsWith('.ts') ? sourcePath : builtPath, base).href;
}
