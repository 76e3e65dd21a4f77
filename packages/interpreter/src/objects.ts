/**
 * The interpreter's object model: what each Python-like object looks like on the shared heap.
 *
 * Every object is a heap object (`heap.newObject(tag, nrefs, payloadWords)`): the first `nrefs`
 * payload words are references (0 = NULL), the rest are plain data. The type tag says which
 * layout the payload has. Tags are never a multiple of 8, so the free-list link that a freed
 * slot keeps in its type word (a slot handle, always a multiple of 8) never looks like a tag.
 *
 * ```
 * INT        nrefs 0  [value]                       a boxed 32-bit int (CPython: PyLongObject)
 * STR        nrefs 0  [id]                          an interned name; id indexes the runtime's name table
 * NONE       nrefs 0  []                            the None singleton
 * BOOL       nrefs 0  [0|1]                         the True/False singletons
 * TUPLE      nrefs n  [item0 .. item(n-1)]          immutable, items inline (CPython: ob_item inline)
 * LIST       nrefs 1  [storage, len]                storage: a STORAGE or DIR array, or 0 when empty
 * DICT       nrefs 1  [table, used, mask, flags]    open addressing; table holds key,value pairs
 * STORAGE    nrefs c  [ref0 .. ref(c-1)]            a flat array of c references (unused ones 0)
 * DIR        nrefs k  [chunk0 .. chunk(k-1)]        a big array: k chunks, each a STORAGE of CHUNK refs
 * QUEUE      nrefs 1  [storage, head, count, mutex, seq, waiters]   a ring buffer with its own lock
 * INSTANCE   nrefs 1  [dict]                        a plain object; attributes live in its __dict__
 * BUILTIN    nrefs 0  [id]                          a built-in function (range, len, sleep, …)
 * METHOD     nrefs 0  [id]                          a method descriptor of a built-in type (list.append, …)
 * RANGE      nrefs 0  [start, stop, step]
 * RANGE_ITER nrefs 0  [next, stop, step]
 * SEQ_ITER   nrefs 1  [seq, index]                  iterator over a list or tuple
 * FUNCTION   nrefs 0  [program]                     a Python function; program indexes the runtime's programs
 * CLASS      nrefs 0  []                            a class with no methods; calling it makes an INSTANCE of it
 * INSTANCE   nrefs 2  [dict, class]                 an instance of a CLASS: holds its class (heap types do);
 *                                                   dict is 0 until an attribute is set (CPython's inline values)
 * LOCAL      nrefs n  [dict(thread 0) .. dict(n-1)] threading.local(): one attribute dict per thread, made by
 *                                                   that thread on its first store
 * ```
 */

export const T_INT = 1;
export const T_STR = 2;
export const T_NONE = 3;
export const T_BOOL = 4;
export const T_TUPLE = 5;
export const T_LIST = 6;
export const T_DICT = 7;
export const T_STORAGE = 9;
export const T_DIR = 10;
export const T_QUEUE = 11;
export const T_INSTANCE = 12;
export const T_BUILTIN = 13;
export const T_METHOD = 14;
export const T_RANGE = 15;
export const T_RANGE_ITER = 17;
export const T_SEQ_ITER = 18;
export const T_FUNCTION = 19;
export const T_CLASS = 20;
export const T_LOCAL = 21;

/** Python-facing type names by tag, for messages and `dis`. */
export const TYPE_NAMES: Readonly<Record<number, string>> = {
  [T_INT]: 'int',
  [T_STR]: 'str',
  [T_NONE]: 'NoneType',
  [T_BOOL]: 'bool',
  [T_TUPLE]: 'tuple',
  [T_LIST]: 'list',
  [T_DICT]: 'dict',
  [T_STORAGE]: 'storage',
  [T_DIR]: 'storage-dir',
  [T_QUEUE]: 'Queue',
  [T_INSTANCE]: 'object',
  [T_BUILTIN]: 'builtin_function_or_method',
  [T_METHOD]: 'method_descriptor',
  [T_RANGE]: 'range',
  [T_RANGE_ITER]: 'range_iterator',
  [T_SEQ_ITER]: 'iterator',
  [T_FUNCTION]: 'function',
  [T_CLASS]: 'type',
  [T_LOCAL]: '_thread._local',
};

// ---- payload word indexes ------------------------------------------------------------------
export const INT_VALUE = 0;
export const STR_ID = 0;
export const BOOL_VALUE = 0;
export const BUILTIN_ID = 0;
export const METHOD_ID = 0;

export const LIST_STORAGE = 0;
export const LIST_LEN = 1;
export const LIST_WORDS = 2;

export const DICT_TABLE = 0;
export const DICT_USED = 1;
export const DICT_MASK = 2;
export const DICT_FLAGS = 3;
export const DICT_WORDS = 4;
/** `DICT_FLAGS` bit: no thread writes this dict during the run, so reads need no lock. */
export const DICT_FROZEN = 1;
/** Slots of a new dict's table (a power of two). */
export const DICT_MIN_SLOTS = 8;

export const QUEUE_STORAGE = 0;
export const QUEUE_HEAD = 1;
export const QUEUE_COUNT = 2;
export const QUEUE_MUTEX = 3;
export const QUEUE_SEQ = 4;
export const QUEUE_WAITERS = 5;
export const QUEUE_WORDS = 6;
export const QUEUE_MIN_CAPACITY = 16;

export const INSTANCE_DICT = 0;
export const INSTANCE_CLASS = 1;
export const FUNCTION_PROGRAM = 0;

export const RANGE_START = 0;
export const RANGE_STOP = 1;
export const RANGE_STEP = 2;
export const ITER_NEXT = 0;
export const ITER_STOP = 1;
export const ITER_STEP = 2;
export const SEQ_ITER_SEQ = 0;
export const SEQ_ITER_INDEX = 1;

/** log2 of the references per chunk of a big array (DIR). */
export const CHUNK_SHIFT = 10;
/** References per chunk of a big array; also the largest flat STORAGE. */
export const CHUNK = 1 << CHUNK_SHIFT;
export const CHUNK_MASK = CHUNK - 1;

/** CPython's small-int cache: -5..256 are preallocated (and immortal since 3.12, PEP 683). */
export const SMALL_INT_MIN = -5;
export const SMALL_INT_MAX = 256;
export const SMALL_INT_COUNT = SMALL_INT_MAX - SMALL_INT_MIN + 1;
