/**
 * Reuse what did not change (issue 11, "One frame"). Framework re-runs every cell downstream of a
 * moved input, even where what the cell computes does not change with it (the acceptance rate
 * while speculative decoding is off; the frontier while only the requests in flight move). A
 * keeper made once per page (in a cell with no inputs) remembers the last value it computed and
 * its key, and hands the same value back, without computing, while the key stays equal. A cell
 * that displays a kept node shows the node it already built (a chart, a table), not a new one.
 *
 * ```js
 * const keepFront = keepLast();                                   // a cell of its own
 * const frontier = keepFront([model.arch, hw.spec, promptTokens], () => servingFrontier(...));
 * ```
 */

/** Returns `compute()`'s value, or the last one while `key` equals the last key. */
export type Keeper = <T>(key: readonly unknown[], compute: () => T) => T;

/**
 * A keeper of one value. Keys are equal when they have the same length and equal items
 * (`Object.is`: pass numbers, strings and the very objects the page holds; JSON text for an
 * object rebuilt on every run).
 * @example const keep = keepLast(); keep([1, "a"], () => 2); keep([1, "a"], () => 3) // 2
 */
export function keepLast(): Keeper {
  let lastKey: readonly unknown[] | undefined;
  let last: unknown;
  return <T>(key: readonly unknown[], compute: () => T): T => {
    if (lastKey && lastKey.length === key.length && lastKey.every((k, i) => Object.is(k, key[i]))) return last as T;
    const value = compute();
    lastKey = [...key];
    last = value;
    return value;
  };
}
