import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {MFU_COST_CHART_LABEL, mfuCostChart, spreadLabels} from "../../src/components/mfuCostChart.ts";

const {document} = new JSDOM().window;
// Llama-2-70B-like: 8.4e23 FLOP on 312 TFLOPS at $2/GPU-hour: usd = 8.4e23 / (312e12 · mfu · 3600) · 2.
const usdAt = (mfu: number) => (8.4e23 / (312e12 * mfu * 3600)) * 2;
const data = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7].map((mfu) => ({mfu, usd: usdAt(mfu)}));
const marks = [{label: "PaLM 540B", mfu: 0.462, basis: "published" as const}, {label: "Llama 2 70B (implied)", mfu: 0.44, basis: "implied" as const}];
const svgOf = (e: Element) => e.querySelector(`svg[aria-label="${MFU_COST_CHART_LABEL}"]`) ?? e;
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("mfuCostChart", () => {
  it("labels each reference MFU with its value", () => {
    const text = svgOf(mfuCostChart(data, {marks, document})).textContent!;
    expect(text).toContain("PaLM 540B 46.2 %");
    expect(text).toContain("Llama 2 70B (implied) 44.0 %");
  });

  it("dashes the implied marks and not the published ones", () => {
    const rules = [...svgOf(mfuCostChart(data, {marks, document})).querySelectorAll("g[aria-label=rule]")];
    expect(rules.map((g) => g.getAttribute("stroke-dasharray"))).toEqual([null, "4,3"]);
  });

  it("marks the user's MFU with a dot", () => {
    expect(svgOf(mfuCostChart(data, {marks, current: {mfu: 0.5, usd: usdAt(0.5)}, document})).querySelectorAll("circle")).toHaveLength(1);
  });

  it("spreads the labels of close MFUs at least a gap apart, in MFU order, leaving far ones in place", () => {
    const out = spreadLabels([{percent: 46.2}, {percent: 40.4}, {percent: 41}, {percent: 56}], 1.5);
    expect(out.map((m) => m.labelPercent)).toEqual([40.4, 41.9, 46.2, 56]);
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(mfuCostChart(data, {marks, current: {mfu: 0.5, usd: usdAt(0.5)}, width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/mfuCostChart.svg");
  });
});
