// @rclab/strategies — the built-in strategies and their catalog.
export { strategyCatalog } from './catalog.ts';
export { UnsafeStrategy, unsafeStrategy } from './unsafe.ts';
export { AtomicStrategy, atomicStrategy } from './atomic.ts';
export { LockedStrategy, lockedStrategy } from './locked.ts';
