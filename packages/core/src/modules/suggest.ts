/**
 * "Did you mean …?" for mistyped commands, options and names: the nearest candidate by edit
 * distance (Damerau–Levenshtein, so a swapped pair of letters costs one), if it is near enough
 * to be a typo rather than a different word.
 */

/** Optimal-string-alignment distance between `a` and `b` (insert, delete, substitute, swap). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  // Three rolling rows: the swap rule looks two rows back.
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let row = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    row[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] as number) + 1);
      row[j] = d;
    }
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[m] as number;
}

/**
 * The candidate nearest to `typed`, or undefined when none is plausibly a typo of it: within
 * a third of the longer word's length (at least 1, at most 3 edits), ties to the first listed.
 * A candidate that starts with what was typed (an abbreviation: `--strat`) also counts.
 */
export function nearest(typed: string, candidates: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(t, c.toLowerCase());
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(t.length, c.length) / 3)));
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined) return best;
  if (t.length >= 3) {
    const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(t));
    if (prefixed.length === 1) return prefixed[0];
  }
  return undefined;
}
