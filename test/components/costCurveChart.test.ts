import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {COST_CURVE_CHART_LABEL, COST_SERIES, costCurveChart, costSeries} from "../../src/components/costCurveChart.ts";

const {document} = new JSDOM().window;
// $2/GPU-hour, a memory-bound decode of 40 tokens/s per sequence up to B = 256: $/M = 2/3600/(40·B)·1e6.
const data = [1, 4, 16, 64, 256, 1024].map((b) => ({
  batchSize: b,
  usdPerMillionOutputTokens: (2 / 3600 / (40 * Math.min(b, 256))) * 1e6,
  usdPerMillionInputTokens: b === 1024 ? null : 0.2
}));
const svgOf = (e: Element) => e.querySelector(`svg[aria-label="${COST_CURVE_CHART_LABEL}"]`) ?? e;
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("costCurveChart", () => {
  it("keeps one row per series and batch with a positive cost, dropping undefined ones", () => {
    const rows = costSeries(data);
    expect(rows.filter((r) => r.series === COST_SERIES.output)).toHaveLength(6);
    expect(rows.filter((r) => r.series === COST_SERIES.input)).toHaveLength(5);
  });

  it("draws the output and input lines and marks the compute-bound crossover and the memory limit", () => {
    const svg = svgOf(costCurveChart(data, {crossoverBatchSize: 257, maxBatchSize: 900, document}));
    expect(svg.querySelectorAll("g[aria-label=line] path")).toHaveLength(2);
    expect(svg.textContent).toContain("compute-bound from B = 257");
    expect(svg.textContent).toContain("memory full at B = 900");
  });

  it("falls by 1/B on a memory-bound decode: the line drops 2 decades over B = 1 → 100 at fixed per-sequence speed", () => {
    const rows = costSeries(data).filter((r) => r.series === COST_SERIES.output);
    expect(rows[0]!.usd / rows[3]!.usd).toBeCloseTo(64, 9);
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(costCurveChart(data, {crossoverBatchSize: 257, maxBatchSize: 900, batchSize: 16, width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/costCurveChart.svg");
  });
});
