// @rclab/strategies — the built-in strategies and their catalog. The conformance kit is the
// `@rclab/strategies/conformance` entry.
export { strategyCatalog } from './catalog.ts';
export { CountingUnsafeStrategy, UnsafeStrategy, unsafeStrategy } from './unsafe.ts';
export { CountingGilStrategy, createGil, GilStrategy, gilStrategy } from './gil.ts';
export { gilNoForceStrategy } from './gil-noforce.ts';
export { AtomicStrategy, atomicStrategy, CountingAtomicStrategy } from './atomic.ts';
export { CountingLockedStrategy, LockedStrategy, lockedStrategy } from './locked.ts';
export { BiasedStrategy, biasedStrategy, CountingBiasedStrategy, createBiased } from './biased.ts';
export { biasedNoImmortalStrategy } from './biased-noimmortal.ts';

export type { GilVariant } from './gil.ts';
export type { BiasedVariant } from './biased.ts';
