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

/**
 * {@link largestTrue} for a predicate whose boundary a number locates, in a few asks: `ok(at(x))`
 * monotone as in largestTrue, and `score(at(x))` a nondecreasing measure of how far x is past
 * the boundary (about 0 there, negative before), close to linear in x (a step time against
 * the batch). The boundary is bracketed between 1 and `max`, and each ask is placed where the
 * straight line through the bracket's two scores crosses 0 (regula falsi, Illinois variant:
 * an end kept twice has its score halved), with a bisection whenever a step leaves more than
 * half the bracket (so never more than about 2·log2(max) asks). The bracket moves on `ok`
 * alone, the scores only choose where to ask: the answer is largestTrue's for every monotone
 * `ok`; for a step time that is piecewise linear in x it takes 3–5 asks instead of
 * 2·log2(answer).
 *
 * @example largestTrueInterpolated((x) => 3 * x + 10, (t) => t <= 1000, (t) => t - 1000, 1e6) === 330
 */
export function largestTrueInterpolated<T>(at: (x: number) => T, ok: (value: T) => boolean, score: (value: T) => number,
  max: number): number {
  const top = Number.isFinite(max) ? Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER) : max > 0 ? Number.MAX_SAFE_INTEGER : 0;
  if (!(top >= 1)) return 0;
  const first = at(1);
  if (!ok(first)) return 0;
  if (top === 1) return 1;
  const last = at(top);
  if (ok(last)) return top;
  let lo = 1;
  let hi = top;
  let loScore = score(first);
  let hiScore = score(last);
  let kept = 0; // +1 per step that kept hi, -1 per step that kept lo (Illinois)
  let bisect = false;
  for (let step = 0; step < 2 * SEARCH_STEPS && hi - lo > 1; step++) {
    const width = hi - lo;
    let mid = Math.floor((lo + hi) / 2);
    if (!bisect && Number.isFinite(loScore) && Number.isFinite(hiScore) && hiScore > loScore) {
      const x = lo + (-loScore * width) / (hiScore - loScore);
      if (Number.isFinite(x)) mid = Math.min(hi - 1, Math.max(lo + 1, Math.floor(x)));
    }
    const value = at(mid);
    if (ok(value)) {
      lo = mid;
      loScore = score(value);
      kept = kept > 0 ? kept + 1 : 1;
      if (kept >= 2) hiScore /= 2;
    } else {
      hi = mid;
      hiScore = score(value);
      kept = kept < 0 ? kept - 1 : -1;
      if (kept <= -2) loScore /= 2;
    }
    bisect = !bisect && hi - lo > width / 2;
  }
  return lo;
}
