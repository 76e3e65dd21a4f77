/**
 * One-line descriptions of the built-in strategies and workloads, for the report's glossary.
 * Names the report does not know (a user's strategy) are listed without a description.
 */
export const STRATEGY_TEXT: Readonly<Record<string, string>> = {
  unsafe: 'Plain counts and no lock at all: the cost floor, and the control that must lose updates on several threads.',
  gil: 'Plain counts under one global interpreter lock, like CPython: one thread runs bytecode at a time; a waiter asks the holder to let go after the switch interval.',
  atomic: 'Every increment and decrement is an atomic read-modify-write; no global lock; containers take a per-object lock.',
  locked: 'A small mutex per object guards its count (the fine-grained-lock alternative).',
  biased: 'Biased reference counting (PEP 703, free-threaded CPython): the owning thread counts with plain operations, other threads atomically on a shared count.',
};

export const WORKLOAD_TEXT: Readonly<Record<string, string>> = {
  'rc-private': 'Each thread increfs/decrefs objects it allocated itself (biased counting\'s best case).',
  'rc-shared': 'Every thread increfs/decrefs the same few shared objects (x = some_global): contention.',
  'alloc-churn': 'Allocate, reference briefly, free; thread-local.',
  handoff: 'Objects allocated on one thread are dropped on another (cross-thread frees).',
  'cpu-bound': 'A pure-Python arithmetic loop in rclab\'s bytecode interpreter.',
  'io-bound': 'Threads mostly in a blocking call that releases the interpreter lock.',
  native: 'Heavy native work with the lock released (a C extension like hashlib).',
  'shared-read': 'Threads read shared globals and attributes (x = obj.field).',
  counter: 'The article\'s counter += 1 from several threads, with a known expected total.',
  atomicity: 'The article\'s six expressions, each from several threads with an exact expected outcome.',
  convoy: 'One CPU-bound thread beside I/O-bound ones: how long an I/O thread waits to run again.',
};
