import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {GPU_COST_CHART_LABEL, gpuCostChart} from "../../src/components/gpuCostChart.ts";

const {document} = new JSDOM().window;
const data = [
  {gpu: "H100 SXM", cheapestUsdPerMillion: 0.8, medianUsdPerMillion: 1.6, provider: "A", usdPerGpuHour: 2, priceDate: "2025-07-01"},
  {gpu: "A100 80GB", cheapestUsdPerMillion: 1.2, medianUsdPerMillion: 2.0, provider: "B", usdPerGpuHour: 1.1, priceDate: "2024-01-02"},
  {gpu: "L4", cheapestUsdPerMillion: null, medianUsdPerMillion: null, provider: "C", usdPerGpuHour: 0.5, priceDate: "2023-10-20"}
];
const svgOf = (e: Element) => e.querySelector(`svg[aria-label="${GPU_COST_CHART_LABEL}"]`) ?? e;
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("gpuCostChart", () => {
  it("draws a bar per GPU that has a cost, cheapest first, each label carrying its price date", () => {
    const svg = svgOf(gpuCostChart(data, {document}));
    expect(svg.querySelectorAll("g[aria-label=bar] rect")).toHaveLength(2);
    const labels = [...svg.querySelectorAll("g[aria-label='y-axis tick label'] text")].map((t) => t.textContent);
    expect(labels).toEqual(["H100 SXM (2025-07-01)", "A100 80GB (2024-01-02)"]);
  });

  it("ticks the median offer's cost", () => {
    expect(svgOf(gpuCostChart(data, {document})).querySelectorAll("g[aria-label=tick] line")).toHaveLength(2);
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(gpuCostChart(data, {width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/gpuCostChart.svg");
  });
});

describe("gpuCostChart on a narrow screen", () => {
  it("keeps every bar's width positive at 320 px and shortens the labels to fit", () => {
    const svg = svgOf(gpuCostChart(data, {width: 320, document}));
    for (const rect of svg.querySelectorAll("g[aria-label=bar] rect")) expect(Number(rect.getAttribute("width"))).toBeGreaterThan(0);
    const labels = [...svg.querySelectorAll("g[aria-label='y-axis tick label'] text")].map((t) => t.textContent ?? "");
    for (const label of labels) expect(label.length * 6.2).toBeLessThanOrEqual(320 * 0.55);
  });
});
