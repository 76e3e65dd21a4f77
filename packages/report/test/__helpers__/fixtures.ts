/** Reading the committed fixture results files, frozen so a test notices any mutation. */
import { readFileSync } from 'node:fs';
import type { ResultsFile } from '@rclab/core';

export const FIXTURE_NAMES = ['full', 'one-strategy', 'empty', 'hostile', 'user-strategy'] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export function fixturePath(name: string): string {
  return new URL(`../fixtures/${name}.json`, import.meta.url).pathname;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** A fixture as parsed JSON, deep-frozen (writing to it throws: ESM code is strict). */
export function loadFixture(name: FixtureName): ResultsFile {
  return deepFreeze(JSON.parse(readFileSync(fixturePath(name), 'utf8')) as ResultsFile);
}
