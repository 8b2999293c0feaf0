import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {ERROR_BY_CATEGORY_CHART_LABEL, errorByCategoryChart} from "../../src/components/errorByCategoryChart.ts";

const {document} = new JSDOM().window;
const data = [
  {category: "inference_memory", medianAbsError: 0.02, maxAbsError: 0.09, count: 13},
  {category: "inference_speed", medianAbsError: 0.14, maxAbsError: 0.85, count: 58},
  {category: "training_compute", medianAbsError: 0.014, maxAbsError: 0.10, count: 11}
];
const svgOf = (e: Element) => e.querySelector(`svg[aria-label="${ERROR_BY_CATEGORY_CHART_LABEL}"]`) ?? e;
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("errorByCategoryChart", () => {
  it("draws a bar per category, widths in proportion to the median |error|", () => {
    const widths = [...svgOf(errorByCategoryChart(data, {document})).querySelectorAll("g[aria-label=bar] rect")].map((r) => Number(r.getAttribute("width")));
    expect(widths).toHaveLength(3);
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.14 / 0.02, 1);
  });

  it("labels each category with its largest error and count", () => {
    const text = svgOf(errorByCategoryChart(data, {document})).textContent!;
    expect(text).toContain("max 85.0 % · n = 58");
    expect(text).toContain("n = 13");
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(errorByCategoryChart(data, {document, width: 640}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/errorByCategoryChart.svg");
  });
});
