import {describe, expect, it} from "vitest";
import {boundedCache, objectId} from "../lib/memo.ts";

describe("lib/memo", () => {
  it("names each object by a number of its own, the same on every ask", () => {
    const a = {layers: 32};
    const b = {layers: 32};
    expect(objectId(a)).toBe(objectId(a));
    expect(objectId(a)).not.toBe(objectId(b));
  });

  it("keeps at most its limit of entries, forgetting the oldest first, and returns what it stores", () => {
    const cache = boundedCache<number>(2);
    expect(cache.set("a", 1)).toBe(1);
    cache.set("b", 2);
    cache.set("a", 10); // a stored key is replaced, nothing forgotten
    expect(cache.get("b")).toBe(2);
    cache.set("c", 3);
    expect(cache.has("a")).toBe(false);
    expect([cache.get("b"), cache.get("c")]).toEqual([2, 3]);
  });
});
