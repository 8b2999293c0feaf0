import {describe, expect, it} from "vitest";
import {keepLast} from "../../src/components/keep.ts";

describe("keepLast", () => {
  it("hands back the value it computed while the key stays equal, without computing again", () => {
    const keep = keepLast();
    let runs = 0;
    const arch = {layers: 80};
    const first = keep([arch, 1024, "fp8"], () => ({runs: ++runs}));
    const again = keep([arch, 1024, "fp8"], () => ({runs: ++runs}));
    expect(again).toBe(first);
    expect(runs).toBe(1);
  });

  it("computes again when any item of the key changes (objects by identity, NaN equal to NaN)", () => {
    const keep = keepLast();
    let runs = 0;
    keep([{a: 1}, NaN], () => ++runs);
    expect(keep([{a: 1}, NaN], () => ++runs)).toBe(2); // a new object, even with equal content
    expect(keep([{a: 1}, NaN, 0], () => ++runs)).toBe(3); // a longer key
    const same = {a: 1};
    keep([same, NaN], () => ++runs);
    expect(keep([same, NaN], () => ++runs)).toBe(4);
  });

  it("keeps nothing from a computation that throws", () => {
    const keep = keepLast();
    expect(() => keep([1], () => { throw new Error("no fit"); })).toThrow("no fit");
    expect(keep([1], () => "ok")).toBe("ok");
  });
});
