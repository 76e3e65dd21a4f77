import { type CounterSpec } from '@rclab/core';
import { MUTEX_COUNTERS } from '../_internal/pyMutex.ts';

/**
 * Biased counting's counters with units, as every biased variant reports them (`fastOps` and
 * `sharedOps` only in a counting pass). The queue paths' counters are kept by `BrcThread`
 * (`brc.ts`), the others by the strategy (`../biased.ts`).
 */
export const BIASED_COUNTERS: readonly CounterSpec[] = [
  { name: 'fastOps', unit: 'count', description: "owner's plain updates of its local count (counting pass only)" },
  { name: 'sharedOps', unit: 'count', description: 'atomic updates of the shared count by other threads (counting pass only)' },
  { name: 'queued', unit: 'objects', description: 'objects queued to their owner for a merge (shared count went negative)' },
  { name: 'queuePushRetries', unit: 'count', description: "retries of a lock-free push onto an owner's queue" },
  { name: 'merges', unit: 'objects', description: 'objects whose local and shared counts the owner merged' },
  { name: 'mergePasses', unit: 'count', description: "owner's passes over its merge queue" },
  { name: 'zeroLocalMerges', unit: 'objects', description: 'objects whose local count reached 0 while other threads held references: ownership given up, counts merged' },
  { name: 'fastDeallocs', unit: 'count', description: 'frees by the owner of objects no other thread ever counted (no atomic operation)' },
  { name: 'ownerGoneMerges', unit: 'objects', description: 'objects merged because their owner thread had finished' },
  { name: 'deallocs', unit: 'count', description: 'objects freed' },
  ...MUTEX_COUNTERS,
];
