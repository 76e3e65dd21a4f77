/**
 * Roles a workload declares (`WorkloadFactory.roles`) so that the suite's experiments find the
 * workload they need by what it is for, not by its name. A user's workload may declare any of
 * them: one declaring `handoff` (and reading `remoteFraction`) joins the BRC sweep, one
 * declaring `standalone` stays out of the overhead and scaling comparisons.
 */
export const ROLE = {
  /** Pure refcount traffic: the time of one operation is also reported (one-thread cells). */
  perOp: 'per-op',
  /** A workload with a purpose of its own (a fixed experiment, a probe): not in overhead and scaling. */
  standalone: 'standalone',
  /** Objects made by one thread and released by another, a fraction `remoteFraction` of them (the BRC sweep). */
  handoff: 'handoff',
  /** The BRC paper's §7.5 experiment: one pass of fixed work per operation, reading `objects`, `k`, `dummy` and `remoteFraction`. */
  brcPaper: 'brc-paper',
  /** Pure computation holding the interpreter: what a switch interval interrupts (the GIL sweep). */
  cpuBound: 'cpu-bound',
  /** Expressions checked against their exact outcome, with a `checkpoints` parameter (the atomicity group). */
  atomicity: 'atomicity',
  /** A CPU-bound thread beside I/O-bound ones, measuring I/O latency (the convoy group). */
  convoy: 'convoy',
  /** The harness's probes: no work at all; the bare typed-array loop; and the workload that loop mirrors. */
  harnessEmpty: 'harness-empty',
  harnessBare: 'harness-bare',
  harnessMirrored: 'harness-mirrored',
} as const;

export type Role = (typeof ROLE)[keyof typeof ROLE];
