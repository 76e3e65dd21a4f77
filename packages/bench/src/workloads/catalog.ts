import { type Catalog } from '@rclab/core';
import { moduleUrl } from '@rclab/core/internal';

const here = (file: string): string => moduleUrl(import.meta.url, `./${file}.ts`);

/**
 * The built-in workloads, name → module URL. Workers import workloads by URL, so this is how
 * a name on the command line reaches a thread. In `dist/` every workload is its own entry at
 * the top level, next to the chunk this catalog ends up in.
 */
export const workloadCatalog: Catalog = {
  'rc-private': here('rc-private'),
  'rc-shared': here('rc-shared'),
  'alloc-churn': here('alloc-churn'),
  handoff: here('handoff'),
  'brc-paper': here('brc-paper'),
  'cpu-bound': here('cpu-bound'),
  'io-bound': here('io-bound'),
  native: here('native'),
  'shared-read': here('shared-read'),
  counter: here('counter'),
  atomicity: here('atomicity'),
  load_string_const: here('load_string_const'),
  load_tuple_const: here('load_tuple_const'),
  create_dict: here('create_dict'),
  create_pyobject: here('create_pyobject'),
  pyfunction: here('pyfunction'),
  module_function: here('module_function'),
  thread_local_read: here('thread_local_read'),
};

/**
 * What a built-in workload is, without loading it. Its parameters and what one operation is are
 * declared by the module itself (`params`, `op`), the one source of truth `rclab list` shows.
 */
export interface WorkloadInfo {
  readonly name: string;
  /** `micro`: pure refcount traffic; `interpreter`: a program run by the bytecode interpreter. */
  readonly kind: 'micro' | 'interpreter';
  /** The module's one-line description. */
  readonly description: string;
}

/** The built-in workloads, in catalog order. */
export const workloadDescriptions: readonly WorkloadInfo[] = [
  {
    name: 'rc-private',
    kind: 'micro',
    description: "each thread incref/decrefs objects it allocated itself: no sharing (biased counting's best case)",
  },
  {
    name: 'rc-shared',
    kind: 'micro',
    description: 'all threads incref/decref the same few shared objects (x = some_global): contention',
  },
  {
    name: 'alloc-churn',
    kind: 'micro',
    description: 'allocate an object holding references, use it briefly, free it: thread-local allocation churn',
  },
  {
    name: 'handoff',
    kind: 'micro',
    description: 'producers allocate objects that another thread drops (cross-thread frees; remoteFraction R for the BRC sweep)',
  },
  {
    name: 'brc-paper',
    kind: 'micro',
    description: "the BRC paper's §7.5 experiment: an owner allocates N objects, a releaser drops R·N of them; a fixed amount of work, timed",
  },
  {
    name: 'cpu-bound',
    kind: 'interpreter',
    description: 'pure-Python arithmetic loop on thread-owned ints (§5/§7: under a GIL, N threads are no faster than one)',
  },
  {
    name: 'io-bound',
    kind: 'interpreter',
    description: 'threads mostly blocked in a call that releases the interpreter (§4/§7: they overlap, even under a GIL)',
  },
  {
    name: 'native',
    kind: 'interpreter',
    description: 'native calls that release the interpreter around pure computation (§7: parallel even under a GIL); hold=true keeps it',
  },
  {
    name: 'shared-read',
    kind: 'interpreter',
    description: 'all threads read the same globals and attribute (x = obj.field): refcount contention on shared objects',
  },
  {
    name: 'counter',
    kind: 'interpreter',
    description: "the article's §6: counter += 1 on a global from N threads; reports lost updates against the exact total",
  },
  {
    name: 'atomicity',
    kind: 'interpreter',
    description: "the article's six expressions from N threads, each against its exact expected outcome: which lose updates, per strategy and checkpoint placement",
  },
  {
    name: 'load_string_const',
    kind: 'interpreter',
    description: "ftscalingbench: if i == 'a string', every thread loading the same str constant",
  },
  {
    name: 'load_tuple_const',
    kind: 'interpreter',
    description: 'ftscalingbench: if i == (1, 2), every thread loading the same tuple constant',
  },
  {
    name: 'create_dict',
    kind: 'interpreter',
    description: "ftscalingbench: d = {'key': 'value'}, a fresh dict per iteration",
  },
  {
    name: 'create_pyobject',
    kind: 'interpreter',
    description: 'ftscalingbench: o = MyObject(), a fresh instance (holding its class) per iteration',
  },
  {
    name: 'pyfunction',
    kind: 'interpreter',
    description: 'ftscalingbench: accu = next_number(i), a Python function call (a frame) per iteration',
  },
  {
    name: 'module_function',
    kind: 'interpreter',
    description: 'ftscalingbench: total += module.double(i), a Python function called through a module attribute',
  },
  {
    name: 'thread_local_read',
    kind: 'interpreter',
    description: 'ftscalingbench: five reads of tmp.x per iteration on a threading.local(), one dict per thread',
  },
];
