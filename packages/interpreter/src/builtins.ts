import { T_LIST, T_QUEUE } from './objects.ts';

/**
 * Built-in functions, by id (the payload of a BUILTIN object). They live in the builtins dict,
 * which `LOAD_GLOBAL` searches after the module's globals, as in CPython.
 *
 * - `range(stop)` / `range(start, stop[, step])`: a range object.
 * - `len(x)`: length of a list, tuple, dict or queue.
 * - `sleep(ms)`: a blocking call (stands for `time.sleep`, `socket.recv`): releases the
 *   interpreter (`Py_BEGIN_ALLOW_THREADS`) and blocks the thread in `Atomics.wait` for `ms`.
 * - `hash_release(rounds)`: native work that releases the interpreter around pure computation
 *   (like `hashlib` on a large buffer): hashes a 1 KiB thread-local buffer `rounds` times.
 * - `hash_hold(rounds)`: the same computation holding the interpreter (a C extension that
 *   never releases the GIL).
 */
export const BUILTIN_NAMES = ['range', 'len', 'sleep', 'hash_release', 'hash_hold'] as const;
export const B_RANGE = 0;
export const B_LEN = 1;
export const B_SLEEP = 2;
export const B_HASH_RELEASE = 3;
export const B_HASH_HOLD = 4;

/** A method of a built-in type. */
export interface MethodInfo {
  /** Type tag of the receiver. */
  readonly type: number;
  readonly name: string;
}

/**
 * Methods of built-in types, by id (the payload of a METHOD object, a method descriptor).
 * `LOAD_ATTR name + NULL|self` on a receiver of that type pushes the descriptor and the
 * receiver, and `CALL` calls it, as CPython 3.12+ does for methods (no bound-method object).
 *
 * - `list.append(x)` (in the list's critical section).
 * - `Queue.put(x)`, `Queue.get([timeout_ms])`, `Queue.qsize()`: a `queue.SimpleQueue`-like
 *   object locked by its own mutex; `get` waits with the interpreter released and returns
 *   None after `timeout_ms` (default 1000) instead of raising `queue.Empty`.
 */
export const METHODS: readonly MethodInfo[] = [
  { type: T_LIST, name: 'append' },
  { type: T_QUEUE, name: 'put' },
  { type: T_QUEUE, name: 'get' },
  { type: T_QUEUE, name: 'qsize' },
];
export const M_APPEND = 0;
export const M_PUT = 1;
export const M_GET = 2;
export const M_QSIZE = 3;

/** Default `Queue.get` timeout, in milliseconds. */
export const DEFAULT_GET_TIMEOUT_MS = 1000;
/** Words of the buffer the `hash_*` built-ins hash, per thread. */
export const HASH_BUFFER_WORDS = 256;
