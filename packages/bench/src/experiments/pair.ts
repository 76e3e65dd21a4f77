/** Threads used by the two-thread experiments (BRC sweep, switch interval, convoy, atomicity). */
export const PAIR_THREADS = 2;
