import {describe, expect, it} from "vitest";
import {declutter, labelMargin, labelRect, scalePx, textWidth} from "../../src/components/chartLabels.ts";

describe("textWidth", () => {
  it("grows with the text and the font size, wide letters counting more than narrow ones", () => {
    expect(textWidth("WWWW")).toBeGreaterThan(textWidth("iiii") * 2);
    expect(textWidth("H100 SXM5 80GB", 20)).toBeCloseTo(2 * textWidth("H100 SXM5 80GB", 10), 9);
    expect(textWidth("")).toBe(0);
  });

  it("errs wide of a sans-serif's digits: ten digits at 10 px take at least 55 px (Arial's digit is 0.556 em)", () => {
    expect(textWidth("0123456789", 10)).toBeGreaterThanOrEqual(55.6);
  });
});

describe("labelMargin", () => {
  it("holds the widest label plus the padding, up to a cap", () => {
    expect(labelMargin(["BF16", "GGUF Q4_K_M"], {pad: 10})).toBe(Math.ceil(textWidth("GGUF Q4_K_M") + 10));
    expect(labelMargin(["a very long label indeed, longer than any cap"], {max: 80})).toBe(80);
    expect(labelMargin([], {pad: 6})).toBe(6);
  });
});

describe("scalePx", () => {
  it("maps a linear and a log domain onto pixels (10 sits halfway between 1 and 100 on a log axis)", () => {
    expect(scalePx(5, [0, 10], [0, 200])).toBe(100);
    expect(scalePx(10, [1, 100], [40, 240], "log")).toBeCloseTo(140, 9);
    expect(scalePx(1, [1, 100], [300, 20], "log")).toBe(300);
  });
});

describe("declutter", () => {
  it("keeps the first of two overlapping labels and both of two apart", () => {
    const a = {x: 100, y: 50, text: "H100 SXM5 80GB"};
    const b = {x: 104, y: 53, text: "H200 SXM 141GB"};
    const c = {x: 100, y: 150, text: "A100 80GB"};
    expect(declutter([a, b, c]).map((l) => l.text)).toEqual(["H100 SXM5 80GB", "A100 80GB"]);
  });

  it("tries a label's alternative places before leaving it out, and keeps the place that fitted", () => {
    const first = {x: 100, y: 50, text: "B=8: 2,992", dy: 14};
    const second = {x: 110, y: 50, text: "B=16: 1,488", dy: 14, alternatives: [{dy: 26}]};
    const kept = declutter([first, second]);
    expect(kept.map((l) => l.dy)).toEqual([14, 26]);
    const r0 = labelRect(kept[0]!);
    const r1 = labelRect(kept[1]!);
    expect(r1.top).toBeGreaterThanOrEqual(r0.bottom);
  });

  it("leaves out a label that would leave the bounds or cover an obstacle", () => {
    const bounds = {width: 200, height: 100};
    expect(declutter([{x: 190, y: 50, text: "cut at the edge", textAnchor: "start" as const}], {bounds})).toEqual([]);
    expect(declutter([{x: 20, y: 10, text: "title", textAnchor: "start" as const}], {obstacles: [{x: 0, y: 10, text: "↑ axis title", textAnchor: "start"}]})).toEqual([]);
  });
});
