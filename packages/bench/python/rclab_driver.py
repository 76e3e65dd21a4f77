"""rclab's driver for one cell on a real CPython: one process, N threads started once, run in
time-bounded slices on command, so rclab can interleave it with its other cells.

    python rclab_driver.py --scenario NAME --threads N [--params JSON]

Prints one JSON line when its threads are up: {"ready": true, "switchIntervalMs": ...}. Then
reads commands on stdin, one a line, and answers each with one JSON line on stdout:

    warmup MS   run all threads for MS ms, not recorded  -> {"ops", "elapsedMs", "cpuMs", "warmup": true}
    slice MS    run all threads for MS ms                -> {"ops", "elapsedMs", "cpuMs", "opsPerThread"}

cpuMs is the process's CPU time over the slice (time.process_time): cpuMs / elapsedMs is how
many cores it kept busy — at most 1 under the GIL for pure Python, and lower on a machine
whose cores are taken by others.
    close       stop the threads, check the outcome      -> {"ops", "lostUpdates", "checks", "measurements"}

Between commands every thread waits on a barrier: nothing runs between slices. A slice ends
when every thread has seen its deadline pass; threads check it between chunks of operations
sized to take about CHUNK_S, so a slice overruns by about one chunk (one operation, when an
operation is longer, as a 1 MiB hash is). Anything wrong is one line {"error": "..."}, exit 2
for bad usage and 1 otherwise. End of input ends the process. Python 3.8+, standard library only.
"""

import json
import os
import sys
import threading
import time

# No .pyc files next to the programs (the repository, or an installed package's directory).
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rclab_scenarios  # noqa: E402

clock = time.perf_counter

# Target length of a chunk of operations between two deadline checks, in seconds.
CHUNK_S = 0.001
# Longest chunk, in operations (keeps the first slices from overshooting on a slow start).
MAX_CHUNK = 1 << 20
# How long a thread that reached its quota (atomicity) sleeps between deadline checks.
IDLE_S = 0.001


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def fail(message, code):
    reply({"error": message})
    sys.exit(code)


class Cell(object):
    def __init__(self, scenario, threads):
        self.scenario = scenario
        self.threads = threads
        self.start = threading.Barrier(threads + 1)
        self.end = threading.Barrier(threads + 1)
        self.deadline = 0.0
        self.closing = False
        self.total = [0] * (threads + 1)
        self.last = [0] * (threads + 1)
        self.errors = []
        self.workers = [threading.Thread(target=self.run, args=(t,), name="rclab-%d" % t, daemon=True) for t in range(1, threads + 1)]
        for w in self.workers:
            w.start()

    def run(self, t):
        scenario = self.scenario
        n = 1
        while True:
            self.start.wait()
            if self.closing:
                return
            deadline = self.deadline
            ops = 0
            tried = False  # a scenario past its quota (work() returns 0) has had its turn
            try:
                while True:
                    t0 = clock()
                    # At least one operation a slice: on a loaded machine a thread can wake
                    # from the barrier after the deadline, and a slice of nothing is no sample.
                    if t0 >= deadline and (tried or self.closing):
                        break
                    tried = True
                    done = scenario.work(n, t)
                    if done == 0:  # quota reached: stay out of the way until the deadline
                        time.sleep(max(0.0, min(IDLE_S, deadline - t0)))
                        continue
                    ops += done
                    dt = clock() - t0
                    if dt < CHUNK_S / 2 and n < MAX_CHUNK:
                        n *= 2
                    elif dt > 8 * CHUNK_S and n > 1:
                        n //= 2
            except Exception as e:  # reported by the main thread after the slice
                self.errors.append("thread %d: %s: %s" % (t, type(e).__name__, e))
            self.total[t] += ops
            self.last[t] = ops
            self.end.wait()

    def slice(self, ms, recording):
        if hasattr(self.scenario, "recording"):
            self.scenario.recording = recording
        c0 = time.process_time()
        t0 = clock()
        self.deadline = t0 + ms / 1000.0
        self.start.wait()
        self.end.wait()
        elapsed = (clock() - t0) * 1000.0
        cpu = (time.process_time() - c0) * 1000.0
        if self.errors:
            fail(self.errors[0], 1)
        return {"ops": sum(self.last), "elapsedMs": elapsed, "cpuMs": cpu, "opsPerThread": self.last[1:]}

    def close(self):
        self.closing = True
        self.start.wait()
        for w in self.workers:
            w.join()
        lost, checks = self.scenario.verify(self.total[1:])
        measure = getattr(self.scenario, "measurements", None)
        return {
            "ops": sum(self.total),
            "lostUpdates": lost,
            "checks": checks,
            "measurements": measure() if measure else [],
        }


def parse_args(argv):
    opts = {"scenario": None, "threads": None, "params": "{}"}
    k = 0
    while k < len(argv):
        key = argv[k].lstrip("-")
        if key not in opts or k + 1 >= len(argv):
            fail("usage: rclab_driver.py --scenario NAME --threads N [--params JSON], got %r" % argv[k], 2)
        opts[key] = argv[k + 1]
        k += 2
    if opts["scenario"] is None or opts["threads"] is None:
        fail("usage: rclab_driver.py --scenario NAME --threads N [--params JSON]", 2)
    try:
        threads = int(opts["threads"])
    except ValueError:
        threads = 0
    if not 1 <= threads <= 256:
        fail("--threads must be an integer 1..256, got %r" % opts["threads"], 2)
    try:
        params = json.loads(opts["params"])
    except ValueError:
        params = None
    if not isinstance(params, dict):
        fail("--params must be a JSON object, got %r" % opts["params"], 2)
    return opts["scenario"], threads, params


def main():
    name, threads, params = parse_args(sys.argv[1:])
    try:
        if "switchIntervalMs" in params:
            sys.setswitchinterval(rclab_scenarios._num(params, "switchIntervalMs", 5, 0.001, 10000) / 1000.0)
        scenario = rclab_scenarios.make(name, params, threads)
    except rclab_scenarios.UsageError as e:
        fail("scenario %s: %s" % (name, e), 2)
    cell = Cell(scenario, threads)
    reply({"ready": True, "switchIntervalMs": sys.getswitchinterval() * 1000.0})
    while True:
        line = sys.stdin.readline()
        if not line:
            return  # the parent is gone
        words = line.split()
        if words[:1] == ["close"]:
            reply(cell.close())
            return
        if len(words) == 2 and words[0] in ("warmup", "slice"):
            try:
                ms = float(words[1])
            except ValueError:
                ms = -1.0
            if not 0 < ms <= 600000:
                fail("%s needs a length in ms, 0 < ms <= 600000, got %r" % (words[0], words[1]), 2)
            out = cell.slice(ms, recording=words[0] == "slice")
            if words[0] == "warmup":
                out["warmup"] = True
            reply(out)
            continue
        fail("unknown command %r (commands: warmup MS, slice MS, close)" % line.strip(), 2)


if __name__ == "__main__":
    main()
