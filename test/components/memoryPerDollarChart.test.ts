import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {MEMORY_PER_DOLLAR_CHART_LABEL, memoryPerDollarChart} from "../../src/components/memoryPerDollarChart.ts";

const {document} = new JSDOM().window;
const data = [
  {name: "H100 SXM", memoryBytes: 81559 * 2 ** 20, usdPerGpuHour: 1.8},
  {name: "RTX 4090", memoryBytes: 24e9, usdPerGpuHour: 0.3},
  {name: "TPU v5e", memoryBytes: 16e9, usdPerGpuHour: null}
];
const svgOf = (chart: Element) => chart.querySelector(`svg[aria-label="${MEMORY_PER_DOLLAR_CHART_LABEL}"]`) ?? chart;
const bars = (chart: Element) => [...svgOf(chart).querySelectorAll("g[aria-label=bar] rect")];
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("memoryPerDollarChart", () => {
  it("draws a bar per priced GPU, widths in proportion to GB per dollar-hour, largest first", () => {
    const chart = memoryPerDollarChart(data, {unit: "GB", document});
    const widths = bars(chart).map((r) => Number(r.getAttribute("width")));
    expect(widths).toHaveLength(2);
    // RTX 4090: 24 / 0.3 = 80 GB/$h; H100: 85.52 / 1.8 = 47.5 GB/$h.
    expect(widths[0]! / widths[1]!).toBeCloseTo(80 / (81559 * 2 ** 20 / 1e9 / 1.8), 2);
  });

  it("names the unit on the axis", () => {
    expect(svgOf(memoryPerDollarChart(data, {unit: "GiB", document})).textContent).toContain("GiB of memory per dollar-hour");
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(memoryPerDollarChart(data, {unit: "GB", width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/memoryPerDollarChart.svg");
  });
});
