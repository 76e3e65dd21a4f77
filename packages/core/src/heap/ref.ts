/**
 * A reference to an object in the shared heap: the word index of its first word, 0 for null.
 * A plain `number` (not a branded type) on purpose: refs are read from and written to
 * `Int32Array` slots on every hot path, and a brand would force a cast at each of them.
 */
export type Ref = number;

/** The null reference. */
export const NULL_REF: Ref = 0;
