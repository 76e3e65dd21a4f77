/** Wall-clock milliseconds that agree across threads (each worker has its own `performance` origin). */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}
