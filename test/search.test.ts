import fc from "fast-check";
import {describe, expect, it} from "vitest";
import {SEARCH_STEPS, largestTrue, smallestTrue} from "../lib/search.ts";

describe("monotone searches", () => {
  it("finds the largest x with x² ≤ 50 (7) and the smallest with x² ≥ 50 (8)", () => {
    expect(largestTrue((x) => x * x <= 50, 1e6)).toBe(7);
    expect(smallestTrue((x) => x * x >= 50, 1e6)).toBe(8);
  });
  it("answers 0 / max + 1 when nothing qualifies and max when everything does", () => {
    expect(largestTrue(() => false, 100)).toBe(0);
    expect(smallestTrue(() => false, 100)).toBe(101);
    expect(largestTrue(() => true, 100)).toBe(100);
    expect(smallestTrue(() => true, 100)).toBe(1);
  });
  it("agrees with a linear scan for every threshold", () => {
    fc.assert(fc.property(fc.integer({min: 0, max: 300}), fc.integer({min: 1, max: 300}), (t, max) => {
      expect(largestTrue((x) => x <= t, max)).toBe(Math.min(t, max));
      expect(smallestTrue((x) => x >= t, max)).toBe(t <= 1 ? 1 : t > max ? max + 1 : t);
    }));
  });
  it("asks at most 2 × SEARCH_STEPS questions, even for an unbounded max or an always-true predicate", () => {
    let asked = 0;
    const always = () => (asked++, true);
    expect(largestTrue(always, Infinity)).toBe(2 ** 53 - 1);
    expect(asked).toBeLessThanOrEqual(2 * SEARCH_STEPS + 1);
    expect(largestTrue(always, Number.NaN)).toBe(0);
  });
});
