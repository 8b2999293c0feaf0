/**
 * The Pareto front of plans that minimise two costs (dollars and time).
 * Part of the planner (lib/planner.ts re-exports it); SI units throughout.
 */


/**
 * Pareto front of points that minimise both coordinates: point i is on the front when no other
 * point j has x_j ≤ x_i and y_j ≤ y_i with one of them strictly smaller. Equal points are all
 * on the front. Non-finite points are never on it.
 *
 * Method: sort by x (then y) and sweep, keeping the smallest y seen so far; O(n log n).
 *
 * @example paretoFront([{x: 1, y: 3}, {x: 2, y: 2}, {x: 3, y: 3}]) // [true, true, false]
 */
export function paretoFront(points: readonly {x: number; y: number}[]): boolean[] {
  const on = points.map(() => false);
  const order = points.map((_, i) => i)
    .filter((i) => Number.isFinite(points[i]!.x) && Number.isFinite(points[i]!.y))
    .sort((a, b) => points[a]!.x - points[b]!.x || points[a]!.y - points[b]!.y);
  let bestY = Infinity;
  let k = 0;
  while (k < order.length) {
    // A run of points with the same x: those with the run's smallest y are candidates.
    const x = points[order[k]!]!.x;
    let end = k;
    while (end < order.length && points[order[end]!]!.x === x) end++;
    const runMinY = points[order[k]!]!.y;
    if (runMinY < bestY) {
      for (let j = k; j < end && points[order[j]!]!.y === runMinY; j++) on[order[j]!] = true;
      bestY = runMinY;
    }
    // Otherwise dominated: a point of smaller x has y at most as large.
    k = end;
  }
  return on;
}
