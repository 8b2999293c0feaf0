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
  // Iteration cap: `max` is clamped to 2^53 (the exact integers), so each loop below runs at
  // most SEARCH_STEPS times whatever a caller passes (Infinity, NaN or a hostile bound).
  const top = Number.isFinite(max) ? Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER) : max > 0 ? Number.MAX_SAFE_INTEGER : 0;
  if (!(top >= 1) || !ok(1)) return 0;
  let lo = 1;
  let hi = 2;
  for (let step = 0; step < SEARCH_STEPS && hi <= top && ok(hi); step++) {
    lo = hi;
    hi *= 2;
  }
  hi = Math.min(hi, top + 1);
  for (let step = 0; step < SEARCH_STEPS && hi - lo > 1; step++) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The most steps either phase of {@link largestTrue} takes: log2(2^53) plus a margin. */
export const SEARCH_STEPS = 60;

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
