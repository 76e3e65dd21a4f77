/**
 * Where the Python programs are: `packages/bench/python/` in the repository. From the sources
 * (`src/cpython/*.ts`) that is two levels up; from the build (`dist/*.js`, flat) one level.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['../../python/', '../python/'] as const;

let found: string | undefined;

/** The directory holding `rclab_driver.py` and `rclab_describe.py` (ends with a slash). */
export function pythonDir(): string {
  if (found !== undefined) return found;
  for (const rel of CANDIDATES) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}rclab_driver.py`)) {
      found = dir;
      return dir;
    }
  }
  throw new Error(`rclab's Python programs (rclab_driver.py) are missing: looked in ${CANDIDATES.join(' and ')} relative to ${import.meta.url}`);
}

/** The driver: one process per cell, sliced by commands on stdin. */
export const driverScript = (): string => `${pythonDir()}rclab_driver.py`;

/** The describe script: one JSON line about the Python running it (runs on 2.7 too). */
export const describeScript = (): string => `${pythonDir()}rclab_describe.py`;
