/**
 * PEP 683 immortal objects for strategies with one count word (the GIL build's `ob_refcnt`).
 *
 * CPython (3.14, 64-bit) stores `_Py_IMMORTAL_INITIAL_REFCNT` = 3 << 30 in the low 32 bits of
 * `ob_refcnt` and tests immortality as `(int32_t)ob_refcnt < 0` (`_Py_IsImmortal`,
 * `Include/refcount.h`); `Py_INCREF`/`Py_DECREF` return early on an immortal object, so its
 * count word is never written again and threads never contend on it. Our count word is an
 * int32, so the same test is a sign test: a mortal count is never negative.
 */

/** Count word of an immortal object: 3 << 30 as an int32 (negative, so `rc < 0` is the test). */
export const IMMORTAL_RC = (3 << 30) | 0;
