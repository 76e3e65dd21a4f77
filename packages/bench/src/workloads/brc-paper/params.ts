/**
 * `brc-paper`'s parameters (the declarations `rclab list` shows and the CLI validates) and the
 * per-run data its setup reads from them: N, k, D, the merge interval, R, and with
 * `subset=random` the seeded split of the objects between the releaser and the owner.
 */
import { type EnumParam, type IntParam, type NumberParam } from '@rclab/core';
import { ParamReader } from '../_support/params.ts';

/** The setup's result, shared read-only by both threads. */
export interface Data {
  readonly objects: number;
  readonly k: number;
  /** Dummy units per pass (D). */
  readonly dummyUnits: number;
  readonly mergeEvery: number;
  /** round(R·N): objects the releaser drops per pass. */
  readonly released: number;
  /** With `subset=random`: the releaser's object indices (ascending) and the owner's. */
  readonly releaserOrder: Int32Array | null;
  readonly ownerOrder: Int32Array | null;
}

export const OBJECTS: IntParam = { name: 'objects', kind: 'int', default: 1_000_000, min: 1, max: 4_000_000, description: 'N, objects the owner allocates per pass' };
const K: IntParam = {
  name: 'k',
  kind: 'int',
  default: 2,
  min: 0,
  max: 10_000,
  description: "owner incref/decref pairs per object (the paper's Table 6: 3–36 operations per object)",
};
const DUMMY: NumberParam = { name: 'dummy', kind: 'number', default: 4, min: 0, max: 10_000, description: 'D, dummy work units per object (a unit is 32 xorshift rounds)' };
const MERGE_EVERY: IntParam = {
  name: 'mergeEvery',
  kind: 'int',
  default: 256,
  min: 1,
  max: 1_000_000_000,
  description: "work units between the owner's checkpoints (the merge interval)",
};
const REMOTE: NumberParam = { name: 'remoteFraction', kind: 'number', default: 0.5, min: 0, max: 1, description: 'R, the fraction of objects the releaser drops' };
const SUBSET: EnumParam<'first' | 'random'> = {
  name: 'subset',
  kind: 'enum',
  values: ['first', 'random'],
  default: 'first',
  description: 'which R·N objects the releaser drops: the first ones or a seeded random subset',
};

/** Every parameter, in the order the factory declares them. */
export const PARAMS = [OBJECTS, K, DUMMY, MERGE_EVERY, REMOTE, SUBSET] as const;

export function readData(params: Readonly<Record<string, number | string | boolean>>, seed: number): Data {
  const p = new ParamReader('brc-paper', params);
  const objects = p.get(OBJECTS);
  const k = p.get(K);
  const dummy = p.get(DUMMY);
  const mergeEvery = p.get(MERGE_EVERY);
  const r = p.get(REMOTE);
  const subset = p.get(SUBSET);
  const released = Math.round(r * objects);
  let releaserOrder: Int32Array | null = null;
  let ownerOrder: Int32Array | null = null;
  if (subset === 'random') {
    // Selection sampling (Knuth's Algorithm S): exactly `released` indices, each equally likely.
    releaserOrder = new Int32Array(released);
    ownerOrder = new Int32Array(objects - released);
    let rng = seed >>> 0 || 1;
    let chosen = 0;
    let kept = 0;
    for (let i = 0; i < objects; i++) {
      rng ^= rng << 13;
      rng ^= rng >>> 17;
      rng ^= rng << 5;
      rng >>>= 0;
      const u = rng / 4294967296;
      if ((objects - i) * u < released - chosen) releaserOrder[chosen++] = i;
      else ownerOrder[kept++] = i;
    }
  }
  return { objects, k, dummyUnits: Math.round(dummy * objects), mergeEvery, released, releaserOrder, ownerOrder };
}
