"""The scenarios rclab runs on a real CPython, each doing the same work per operation as the
rclab interpreter scenario of the same name (packages/bench/src/workloads/*.ts; their `dis`
listings are in docs/workloads.md). One operation is one iteration of the loop in `work`.

Each scenario is a class with:
  - ``work(n, t)``: run n operations on thread t (1-based); return how many were done;
  - ``verify(ops)``: given each thread's operation count (warm-up included), return
    ``(lost_updates, checks)`` with checks as ``{"name", "expected", "observed"}``;
  - optionally ``measurements()``: ``{"name", "value", "unit"}`` figures (the convoy's latencies),
    from the measured slices only (the driver sets ``recording`` False during warm-up).

The ftscalingbench patterns are in rclab_ftscaling.py. State lives in module globals, as in
the interpreter's programs (``counter += 1`` must be LOAD_GLOBAL / BINARY_OP / STORE_GLOBAL):
one process runs one scenario, so nothing is shared between cells. Python 3.8+, standard library only.
"""

import hashlib
import queue
import time

import rclab_ftscaling

clock = time.perf_counter


class UsageError(Exception):
    """A bad scenario name or parameter: reported as one line."""


def _int(params, name, default, lo, hi):
    raw = params.get(name, default)
    bad = UsageError("parameter %s must be an integer %d..%d, got %r" % (name, lo, hi, raw))
    if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
        raise bad
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise bad
    if not lo <= value <= hi:
        raise bad
    return value


def _num(params, name, default, lo, hi):
    raw = params.get(name, default)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise UsageError("parameter %s must be a number %g..%g, got %r" % (name, lo, hi, raw))
    if not lo <= value <= hi:
        raise UsageError("parameter %s must be a number %g..%g, got %r" % (name, lo, hi, raw))
    return value


def _total_check(name, expected, observed):
    return abs(expected - observed), {"name": name, "expected": expected, "observed": observed}


# ---------------------------------------------------------------------------------------------
# The article's scenarios
# ---------------------------------------------------------------------------------------------


class CpuBound:
    """cpu-bound: total = (total * 31 + i) % 1000003 on thread-owned ints."""

    def __init__(self, params, threads):
        pass

    def work(self, n, t):
        total = 0
        for i in range(n):
            total = (total * 31 + i) % 1000003
        return n

    def verify(self, ops):
        return 0, []


def _io_work(n, seconds):
    handled = 0
    for _ in range(n):
        time.sleep(seconds)  # stands for recv(): releases the GIL
        handled += 1
    return handled


class IoBound:
    """io-bound: sleep(blockMs) (releases the GIL), then handled += 1."""

    def __init__(self, params, threads):
        self.seconds = _int(params, "blockMs", 1, 0, 10000) / 1000.0
        self.handled = [0] * (threads + 1)

    def work(self, n, t):
        h = _io_work(n, self.seconds)
        self.handled[t] += h
        return n

    def verify(self, ops):
        expected = sum(ops)
        lost, check = _total_check("blocking calls completed", expected, sum(self.handled))
        return lost, [check]


class Native:
    """native: hashlib.sha256 over a thread-local buffer (default 1 MiB). hashlib releases the
    GIL around the hashing of any buffer of 2 KiB or more, so this runs in parallel even under
    the GIL, like the interpreter's hash_release()."""

    def __init__(self, params, threads):
        size = _int(params, "bytes", 1 << 20, 2048, 1 << 28)
        if str(params.get("hold", "false")).lower() in ("true", "1"):
            raise UsageError("parameter hold=true has no CPython program (hashlib always releases the GIL for buffers of 2 KiB or more)")
        self.buffers = [bytes((k * 7 + t) & 0xFF for k in range(256)) * (size // 256) for t in range(threads + 1)]

    def work(self, n, t):
        buf = self.buffers[t]
        sha256 = hashlib.sha256
        for _ in range(n):
            h = sha256(buf).digest()  # noqa: F841 (the work is the hashing)
        return n

    def verify(self, ops):
        return 0, []


class _Obj(object):
    pass


FIELD = 100000
CONFIG = 200000
obj = _Obj()
config = CONFIG


def _shared_read_work(n):
    for _ in range(n):
        x = obj.field  # noqa: F841
        y = config  # noqa: F841


class SharedRead:
    """shared-read: x = obj.field; y = config, all threads on the same objects."""

    def __init__(self, params, threads):
        obj.field = FIELD

    def work(self, n, t):
        _shared_read_work(n)
        return n

    def verify(self, ops):
        lost1, c1 = _total_check("obj.field unchanged", FIELD, obj.field)
        lost2, c2 = _total_check("config unchanged", CONFIG, config)
        return lost1 + lost2, [c1, c2]


counter = 0


def _counter_work(n):
    global counter
    for _ in range(n):
        counter += 1


class Counter:
    """counter: counter += 1 on a module global; lost updates against the exact total."""

    def __init__(self, params, threads):
        global counter
        counter = 0

    def work(self, n, t):
        _counter_work(n)
        return n

    def verify(self, ops):
        lost, check = _total_check("counter += 1: value of counter", sum(ops), counter)
        return lost, [check]


# The atomicity quiz: the article's six expressions (atomicity.ts). Globals as there.
EXPRESSIONS = ("append", "counter", "setitem", "incr", "put", "attr")
ARTICLE_TEXT = {
    "append": "L.append(item)",
    "counter": "counter += 1",
    "setitem": "d[k] = v",
    "incr": "d[k] = d[k] + 1",
    "put": "q.put(x)",
    "attr": "x = obj.field",
}
KEY_STRIDE = 1 << 22
L = []
d = {}
hits = {"k": 0}
q = queue.Queue()
pair = _Obj()


def _quiz_all(n, base):
    """All six, in the article's order (the default selection): one straight-line body, as
    in the interpreter's program, so the checkpoints fall where CPython puts them."""
    global counter
    torn = 0
    for i in range(base, base + n):
        L.append(i)
        counter += 1
        d[i] = i
        hits["k"] = hits["k"] + 1
        q.put(i)
        pair.a = i
        pair.b = i
        x = pair.a
        y = pair.b
        if x != y:
            torn += 1
    return torn


def _quiz_one(key):
    """One expression alone (expressions=...): a loop with just that body."""
    if key == "append":
        def f(n, base):
            for i in range(base, base + n):
                L.append(i)
            return 0
    elif key == "counter":
        def f(n, base):
            global counter
            for i in range(base, base + n):
                counter += 1
            return 0
    elif key == "setitem":
        def f(n, base):
            for i in range(base, base + n):
                d[i] = i
            return 0
    elif key == "incr":
        def f(n, base):
            for i in range(base, base + n):
                hits["k"] = hits["k"] + 1
            return 0
    elif key == "put":
        def f(n, base):
            for i in range(base, base + n):
                q.put(i)
            return 0
    else:
        def f(n, base):
            torn = 0
            for i in range(base, base + n):
                pair.a = i
                pair.b = i
                x = pair.a
                y = pair.b
                if x != y:
                    torn += 1
            return torn
    return f


class Atomicity:
    """atomicity: the six expressions from N threads, each against its exact expected outcome.
    Each thread does at most `iterations` operations, then idles (bounded containers)."""

    def __init__(self, params, threads):
        global counter
        counter = 0
        self.iterations = _int(params, "iterations", 20000, 1, KEY_STRIDE - 1)
        raw = params.get("expressions")
        if raw is None:
            self.expressions = list(EXPRESSIONS)
        else:
            wanted = [s.strip() for s in str(raw).split(",") if s.strip()]
            if not wanted or any(w not in EXPRESSIONS for w in wanted):
                raise UsageError("parameter expressions must be a comma-separated list of %s, got %r" % (", ".join(EXPRESSIONS), raw))
            self.expressions = [e for e in EXPRESSIONS if e in wanted]
        if self.expressions == list(EXPRESSIONS):
            self.bodies = [_quiz_all]
        else:
            self.bodies = [_quiz_one(e) for e in self.expressions]
        self.done = [0] * (threads + 1)
        self.torn = [0] * (threads + 1)

    def work(self, n, t):
        n = min(n, self.iterations - self.done[t])
        if n <= 0:
            return 0
        base = t * KEY_STRIDE + self.done[t]
        for body in self.bodies:
            self.torn[t] += body(n, base)
        self.done[t] += n
        return n

    def verify(self, ops):
        total = sum(ops)
        observed = {
            "append": ("%s: len(L)" % ARTICLE_TEXT["append"], lambda: len(L)),
            "counter": ("%s: counter" % ARTICLE_TEXT["counter"], lambda: counter),
            "setitem": ("%s: len(d)" % ARTICLE_TEXT["setitem"], lambda: len(d)),
            "incr": ("%s: hits['k']" % ARTICLE_TEXT["incr"], lambda: hits["k"]),
            "put": ("%s: q.qsize()" % ARTICLE_TEXT["put"], lambda: q.qsize()),
        }
        lost_updates = 0
        checks = []
        for e in self.expressions:
            if e == "attr":
                checks.append({
                    "name": "%s: torn (a, b) pairs read (stale in context; not a lost update)" % ARTICLE_TEXT["attr"],
                    "expected": 0,
                    "observed": sum(self.torn),
                })
                continue
            name, read = observed[e]
            lost, check = _total_check(name, total, read())
            lost_updates += lost
            checks.append(check)
        return lost_updates, checks


class Convoy:
    """convoy: thread 1 runs the cpu-bound loop (when cpuThreads is 1, the default); every other
    thread sleeps ioMs (standing for recv(), releasing the GIL) and records how late it ran
    again: the time past ioMs that time.sleep took to return. Under the GIL that includes
    waiting for the CPU-bound holder to drop it, about one switch interval. With cpuThreads=0
    every thread does I/O: the baseline (the OS's own sleep overshoot)."""

    # Samples kept per I/O thread (the newest ones).
    CAP = 100000

    def __init__(self, params, threads):
        self.io = _num(params, "ioMs", 1, 0.01, 10000) / 1000.0
        self.cpu_threads = _int(params, "cpuThreads", 1, 0, threads)
        self.samples = [[] for _ in range(threads + 1)]
        self.recording = False
        self.cpu = CpuBound(params, threads)

    def work(self, n, t):
        if t <= self.cpu_threads:
            return self.cpu.work(n, t)
        io = self.io
        mine = self.samples[t]
        for _ in range(n):
            t0 = clock()
            time.sleep(io)
            late = clock() - t0 - io
            if self.recording and len(mine) < self.CAP:
                mine.append(late)
        return n

    def verify(self, ops):
        return 0, []

    def measurements(self):
        waits = sorted(s * 1000.0 for lst in self.samples for s in lst)
        count = len(waits)

        def at(p):
            return waits[min(count - 1, int(p * count))] if count else 0.0

        return [
            {"name": "ioLatencyP50Ms", "value": at(0.5), "unit": "ms"},
            {"name": "ioLatencyP99Ms", "value": at(0.99), "unit": "ms"},
            {"name": "ioLatencyMaxMs", "value": waits[-1] if count else 0.0, "unit": "ms"},
            {"name": "ioLatencyMeanMs", "value": sum(waits) / count if count else 0.0, "unit": "ms"},
            {"name": "ioWaits", "value": count, "unit": "count"},
        ]


SCENARIOS = {
    "cpu-bound": CpuBound,
    "io-bound": IoBound,
    "native": Native,
    "shared-read": SharedRead,
    "counter": Counter,
    "atomicity": Atomicity,
    "convoy": Convoy,
}
SCENARIOS.update(rclab_ftscaling.PATTERNS)


def make(name, params, threads):
    factory = SCENARIOS.get(name)
    if factory is None:
        raise UsageError("unknown scenario %r (known: %s)" % (name, ", ".join(sorted(SCENARIOS))))
    return factory(params, threads)
