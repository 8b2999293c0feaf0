import fc from "fast-check";
import {describe, expect, it} from "vitest";
import {SEARCH_STEPS, largestTrue, largestTrueInterpolated, smallestTrue} from "../lib/search.ts";

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

describe("the interpolated search", () => {
  it("gives largestTrue's answer for any monotone predicate, whatever the score says", () => {
    // The score only places the asks: a misleading one (constant, reversed, NaN) must not change the answer.
    const scores = [(x: number, t: number) => x - t, () => 0, (x: number, t: number) => t - x, () => Number.NaN, (x: number, t: number) => (x - t) ** 3];
    fc.assert(fc.property(fc.integer({min: 0, max: 5000}), fc.integer({min: 1, max: 5000}), fc.integer({min: 0, max: scores.length - 1}), (t, max, k) => {
      const score = scores[k]!;
      expect(largestTrueInterpolated((x) => x, (x) => x <= t, (x) => score(x, t), max)).toBe(largestTrue((x) => x <= t, max));
    }));
  });
  it("finds the largest batch whose step time meets a limit in a handful of asks where the time is linear in the batch", () => {
    // A decode step: 7 ms of weights + 0.05 ms per sequence, against a 50 ms limit: B ≤ 860.
    let asked = 0;
    const step = (b: number) => (asked++, 7e-3 + 5e-5 * b);
    expect(largestTrueInterpolated(step, (s) => s <= 0.05, (s) => s / 0.05 - 1, 100_000)).toBe(860);
    expect(asked).toBeLessThanOrEqual(6);
    expect(largestTrue((b) => step(b) <= 0.05, 100_000)).toBe(860);
  });
  it("asks at most 2 × SEARCH_STEPS + 2 questions for an unbounded max, and answers 0 for NaN", () => {
    let asked = 0;
    expect(largestTrueInterpolated((x) => (asked++, x), (x) => x <= 12345, () => 0, Infinity)).toBe(12345);
    expect(asked).toBeLessThanOrEqual(2 * SEARCH_STEPS + 2);
    expect(largestTrueInterpolated((x) => x, () => true, () => 0, Number.NaN)).toBe(0);
  });
});
