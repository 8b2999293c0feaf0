/**
 * Searches over monotone predicates, shared by the inverse solvers (largest batch, longest
 * context, largest micro-batch) and the planner.
 */

/**
 * Largest integer x in [1, max] with ok(x), for ok monotone (true up to some x, false after);
 * 0 when ok(1) is false. Gallops (1, 2, 4, ...) and then bisects, so it asks ok about
 * 2·log2(answer) times however large `max` is.
 *
 * @example largestTrue((x) => x * x <= 50, 1e6) === 7
 */
export function largestTrue(ok: (x: number) => boolean, max: number): number {
  if (max < 1 || !ok(1)) return 0;
  let lo = 1;
  let hi = 2;
  while (hi <= max && ok(hi)) {
    lo = hi;
    hi *= 2;
  }
  hi = Math.min(hi, max + 1);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Smallest integer x in [1, max] with ok(x), for ok monotone (false up to some x, true after);
 * max + 1 when ok(max) is false.
 *
 * @example smallestTrue((x) => x * x >= 50, 1e6) === 8
 */
export function smallestTrue(ok: (x: number) => boolean, max: number): number {
  if (max < 1 || !ok(max)) return max + 1;
  return largestTrue((x) => !ok(x), max) + 1;
}
