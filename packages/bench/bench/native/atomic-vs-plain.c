/* Cost of an atomic increment against a plain one on this machine, single thread, no contention.
 * How to run: gcc -O2 -o /tmp/atomic-vs-plain atomic-vs-plain.c && /tmp/atomic-vs-plain
 * Each loop increments a count reached through a volatile pointer, so the compiler can neither
 * keep it in a register nor fold the loop; the atomic loop is a `lock xadd` (seq_cst, as
 * JavaScript's Atomics.add) and a `lock add` (relaxed, as CPython's _Py_atomic_add_ssize). */
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#define N 200000000L
#define REPEATS 7

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static long plain_count;
static _Atomic long atomic_count;

static double plain(void) {
  long *volatile p = &plain_count;
  double t0 = now_ns();
  for (long i = 0; i < N; i++) (*p)++;
  return (now_ns() - t0) / N;
}

static double atomic_seq(void) {
  _Atomic long *volatile p = &atomic_count;
  double t0 = now_ns();
  for (long i = 0; i < N; i++) atomic_fetch_add_explicit(p, 1, memory_order_seq_cst);
  return (now_ns() - t0) / N;
}

static double atomic_relaxed(void) {
  _Atomic long *volatile p = &atomic_count;
  double t0 = now_ns();
  for (long i = 0; i < N; i++) atomic_fetch_add_explicit(p, 1, memory_order_relaxed);
  return (now_ns() - t0) / N;
}

int main(void) {
  printf("round plain_ns atomic_seq_cst_ns atomic_relaxed_ns seq/plain relaxed/plain\n");
  for (int r = 0; r < REPEATS; r++) {
    double p = plain(), s = atomic_seq(), x = atomic_relaxed();
    printf("%d %.3f %.3f %.3f %.1f %.1f\n", r, p, s, x, s / p, x / p);
  }
  return plain_count == 0;
}
