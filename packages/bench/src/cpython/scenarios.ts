/**
 * The scenarios `rclab_driver.py` runs (`packages/bench/python/rclab_scenarios.py`), each the
 * same work per operation as the rclab workload of the same name, with its parameters and
 * their defaults. Every scenario also takes `switchIntervalMs` (`sys.setswitchinterval`).
 */

export interface PythonScenarioInfo {
  readonly name: string;
  /** The rclab workload it mirrors (the harness's `convoy` for the convoy). */
  readonly workload: string;
  /** Parameters and defaults, as `rclab list` shows them. */
  readonly params: Readonly<Record<string, string>>;
  readonly description: string;
}

export const PYTHON_SCENARIO_INFO: readonly PythonScenarioInfo[] = [
  { name: 'cpu-bound', workload: 'cpu-bound', params: {}, description: 'total = (total * 31 + i) % 1000003: pure-Python arithmetic' },
  { name: 'io-bound', workload: 'io-bound', params: { blockMs: '1' }, description: 'time.sleep(blockMs) (releases the GIL), then handled += 1' },
  { name: 'native', workload: 'native', params: { bytes: '1048576' }, description: 'hashlib.sha256 over a thread-local 1 MiB buffer (releases the GIL)' },
  { name: 'shared-read', workload: 'shared-read', params: {}, description: 'x = obj.field; y = config: every thread reads the same objects' },
  { name: 'counter', workload: 'counter', params: {}, description: 'counter += 1 on a module global; lost updates against the exact total' },
  {
    name: 'atomicity',
    workload: 'atomicity',
    params: { iterations: '20000', expressions: 'append,counter,setitem,incr,put,attr' },
    description: "the article's six expressions, each against its exact expected outcome",
  },
  {
    name: 'convoy',
    workload: 'convoy',
    params: { ioMs: '1', cpuThreads: '1' },
    description: 'thread 1 runs cpu-bound, the others sleep ioMs and record how late they run again (ioLatencyP50Ms, …)',
  },
  { name: 'load_string_const', workload: 'load_string_const', params: {}, description: "ftscalingbench: if i == 'a string' (a shared str constant)" },
  { name: 'load_tuple_const', workload: 'load_tuple_const', params: {}, description: 'ftscalingbench: if i == (1, 2) (a shared tuple constant)' },
  { name: 'create_dict', workload: 'create_dict', params: {}, description: "ftscalingbench: d = {'key': 'value'}" },
  { name: 'create_pyobject', workload: 'create_pyobject', params: {}, description: 'ftscalingbench: o = MyObject()' },
  { name: 'pyfunction', workload: 'pyfunction', params: {}, description: 'ftscalingbench: accu = next_number(i), a module-level Python function' },
  { name: 'module_function', workload: 'module_function', params: {}, description: 'ftscalingbench: total += module.double(i), through the module object' },
  { name: 'thread_local_read', workload: 'thread_local_read', params: {}, description: 'ftscalingbench: five reads of tmp.x on a threading.local()' },
];

/** The scenario names, in order. */
export const PYTHON_SCENARIOS: readonly string[] = PYTHON_SCENARIO_INFO.map((s) => s.name);
