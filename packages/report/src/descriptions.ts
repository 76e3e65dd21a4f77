/**
 * One-line descriptions of the built-in strategies and workloads, for the report's glossary and
 * the summary table. Names the report does not know (a user's strategy) get a generic line.
 */
export const STRATEGY_TEXT: Readonly<Record<string, string>> = {
  unsafe: 'Plain counts, no lock: the cost floor, and the control that must lose updates.',
  gil: 'Plain counts under one global interpreter lock, as in CPython (5 ms switch interval).',
  'gil-noforce': 'The gil without forced switching: a thread asked to drop the lock may retake it at once.',
  atomic: 'An atomic read-modify-write on every count; a per-object lock for containers.',
  locked: 'A small mutex per object guards its count (fine-grained locking).',
  biased: 'Biased reference counting (PEP 703): the owner counts plainly, other threads atomically.',
  'biased-noimmortal': 'biased without immortal objects: constants are counted too, and contended.',
};

/** Shown for a strategy the report has no description of (a variant or a user's module). */
export const UNKNOWN_STRATEGY_TEXT = 'Not one the report knows: a user module or a newer variant (rclab list describes it).';

export const WORKLOAD_TEXT: Readonly<Record<string, string>> = {
  'rc-private': 'Each thread increfs/decrefs its own objects (biased counting\'s best case).',
  'rc-shared': 'All threads incref/decref the same few objects (x = some_global).',
  'alloc-churn': 'Allocate, reference briefly, free; thread-local.',
  handoff: 'Objects made on one thread are dropped on another (cross-thread frees).',
  'cpu-bound': 'A pure-Python arithmetic loop in rclab\'s bytecode interpreter.',
  'io-bound': 'Threads mostly in a blocking call that releases the interpreter lock.',
  native: 'Heavy native work with the lock released (like a C extension).',
  'shared-read': 'Threads read shared globals and attributes (x = obj.field).',
  counter: 'The article\'s counter += 1 from several threads, exact total known.',
  atomicity: 'The article\'s six expressions, each with an exact expected outcome.',
  convoy: 'A CPU-bound thread beside I/O-bound ones: how long I/O waits to run.',
  empty: 'No work at all: what the harness itself costs per operation.',
};
