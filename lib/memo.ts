/**
 * Remembering answers by their inputs, for the caches that let a page ask the engine again without
 * paying again (issue 11, "One frame"). Pure in what they return: a cached answer is the one the
 * computation gave for the same key; callers must treat answers as read-only.
 */

const objectIds = new WeakMap<object, number>();
let lastObjectId = 0;

/**
 * A small number naming `o` for as long as it lives, for cache keys that take an object by
 * identity (a model or GPU spec the caller does not change) rather than by value.
 * @example `${objectId(arch)}|${JSON.stringify(layout)}`
 */
export function objectId(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = ++lastObjectId));
  return id;
}

/** A map that keeps at most `limit` entries, forgetting the oldest first. */
export interface BoundedCache<V> {
  get(key: string): V | undefined;
  has(key: string): boolean;
  /** Stores `value` under `key` (forgetting the oldest entry when full) and returns it. */
  set(key: string, value: V): V;
}

/** @example const states = boundedCache<StageState>(256); states.get(key) ?? states.set(key, compute()) */
export function boundedCache<V>(limit: number): BoundedCache<V> {
  const entries = new Map<string, V>();
  return {
    get: (key) => entries.get(key),
    has: (key) => entries.has(key),
    set(key, value) {
      if (entries.size >= limit && !entries.has(key)) entries.delete(entries.keys().next().value!);
      entries.set(key, value);
      return value;
    }
  };
}
