import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../errors.ts';
import { nearest } from './suggest.ts';

/** Built-in modules of one kind: name → module URL (`file:` href). */
export type Catalog = Readonly<Record<string, string>>;

export { moduleUrl, runningFromSource } from './source.ts';

/** True if `ref` names a module by path or URL rather than by a built-in name. */
export function looksLikePath(ref: string): boolean {
  return ref.startsWith('file:') || ref.startsWith('.') || isAbsolute(ref) || ref.includes('/') || ref.includes('\\') || /\.[cm]?[jt]sx?$/.test(ref);
}

/**
 * Resolves a strategy or workload reference to a module URL: a built-in name through the
 * catalog, or a path (relative to the working directory) or `file:` URL to a user's module.
 * An unknown name is a usage error that lists what is allowed.
 */
export function resolveModuleRef(ref: string, catalog: Catalog, kind: 'strategy' | 'workload'): string {
  const builtin = catalog[ref];
  if (builtin !== undefined) return builtin;
  if (!looksLikePath(ref)) {
    const names = Object.keys(catalog);
    const near = nearest(ref, names);
    throw new UsageError(
      `unknown ${kind} '${ref}': ${near !== undefined ? `did you mean ${near}? ` : ''}use one of ${names.length > 0 ? names.join(', ') : '(none registered)'}, or a path to a module (./my-${kind}.ts)`,
    );
  }
  const path = ref.startsWith('file:') ? fileURLToPath(ref) : resolve(process.cwd(), ref);
  if (!existsSync(path)) throw new UsageError(`${kind} module not found: ${path}`);
  return pathToFileURL(path).href;
}

/** The default export of a loaded module (or its named `strategy`/`workload` export). */
export function defaultExport(mod: Record<string, unknown>, named: string): unknown {
  return mod.default ?? mod[named];
}

/** A file URL as a path, for messages. */
export function displayPath(url: string): string {
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}
