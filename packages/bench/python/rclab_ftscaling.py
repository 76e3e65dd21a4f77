"""CPython's Tools/ftscalingbench/ftscalingbench.py patterns, the scaling checks CPython's
developers run on the free-threaded build, as rclab scenarios: one loop iteration is one
operation (the original runs 1000 * WORK_SCALE of them per call), the same work as the rclab
interpreter workloads of the same names (docs/workloads.md). Written for rclab after the
patterns; none writes shared data, so there is nothing to check but that they ran.
"""

import sys
import threading


def _load_string_const(n):
    accu = 0
    for i in range(n):
        if i == "a string":
            accu += 7
        else:
            accu += 1
    return accu


def _load_tuple_const(n):
    accu = 0
    for i in range(n):
        if i == (1, 2):
            accu += 7
        else:
            accu += 1
    return accu


def _create_dict(n):
    for _ in range(n):
        x = {"key": "value"}  # noqa: F841


class MyObject(object):
    pass


def _create_pyobject(n):
    for _ in range(n):
        o = MyObject()  # noqa: F841


def next_number(i):
    return i + 1


def _pyfunction(n):
    accu = 0
    for i in range(n):
        accu = next_number(i)
    return accu


def double(x):
    return x + x


module = sys.modules[__name__]


def _module_function(n):
    total = 0
    for i in range(n):
        total += module.double(i)
    return total


thread_local = threading.local()


def _thread_local_read(n):
    tmp = thread_local
    tmp.x = 10
    for _ in range(n):
        _ = tmp.x
        _ = tmp.x
        _ = tmp.x
        _ = tmp.x
        _ = tmp.x


class Pattern(object):
    """One ftscalingbench pattern: no shared writes, nothing to check."""

    def __init__(self, fn):
        self.fn = fn

    def work(self, n, t):
        self.fn(n)
        return n

    def verify(self, ops):
        return 0, []


def _pattern(fn):
    return lambda params, threads: Pattern(fn)



PATTERNS = {
    "load_string_const": _pattern(_load_string_const),
    "load_tuple_const": _pattern(_load_tuple_const),
    "create_dict": _pattern(_create_dict),
    "create_pyobject": _pattern(_create_pyobject),
    "pyfunction": _pattern(_pyfunction),
    "module_function": _pattern(_module_function),
    "thread_local_read": _pattern(_thread_local_read),
}
