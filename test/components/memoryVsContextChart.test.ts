import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {CAPACITY_COLOR} from "../../src/components/memoryBarChart.ts";
import {MEMORY_VS_CONTEXT_CHART_LABEL, memoryVsContextChart, type MemoryVsContextSeries} from "../../src/components/memoryVsContextChart.ts";

const {document} = new JSDOM().window;
// Llama 3.1 8B in bf16 (16,060,522,496 bytes of weights; 131,072 KV bytes per token) on an 80 GB card.
const WEIGHTS = 16_060_522_496;
const KV_PER_TOKEN = 131_072;
const series = (batchSize: number): MemoryVsContextSeries => {
  const points = [1024, 4096, 16384, 65536].map((contextTokens) => ({
    contextTokens, weightsBytes: WEIGHTS, kvBytes: batchSize * contextTokens * KV_PER_TOKEN, activationsBytes: 1e9, overheadBytes: 1e9
  }));
  const limit = Math.floor((80e9 - WEIGHTS - 2e9) / (batchSize * KV_PER_TOKEN));
  return {batchSize, points, limitTokens: limit};
};
const data = [series(1), series(4), series(16)];
const svgOf = (chart: Element) => chart.querySelector(`svg[aria-label="${MEMORY_VS_CONTEXT_CHART_LABEL}"]`) ?? chart;
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("memoryVsContextChart", () => {
  it("stacks four components for the chosen batch and draws a total line per batch size", () => {
    const svg = svgOf(memoryVsContextChart(data, {stackedBatchSize: 4, capacityBytes: 80e9, document}));
    expect(svg.querySelectorAll("g[aria-label=area] path")).toHaveLength(4);
    expect(svg.querySelectorAll("g[aria-label=line] path")).toHaveLength(3);
  });

  it("marks where each batch size stops fitting, on the capacity line, only inside the charted range", () => {
    // batch 1 fits up to ~473k tokens: beyond the 64k axis, so no mark; batch 4 (~118k) likewise; batch 16 (~29.5k) is marked.
    const svg = svgOf(memoryVsContextChart(data, {stackedBatchSize: 1, capacityBytes: 80e9, document}));
    const marks = [...svg.querySelectorAll(`g[aria-label=dot] circle`)];
    expect(marks).toHaveLength(1);
    expect(svg.textContent).toContain(`B=16: ${data[2]!.limitTokens!.toLocaleString("en-US")}`);
  });

  it("draws the capacity rule, and a dashed usable rule when the engine keeps a reserve, in the chosen unit", () => {
    const svg = svgOf(memoryVsContextChart(data, {stackedBatchSize: 1, capacityBytes: 80e9, usableBytes: 72e9, unit: "GB", document}));
    expect(svg.querySelectorAll(`g[aria-label=rule][stroke="${CAPACITY_COLOR}"] line`)).toHaveLength(2);
    expect(svg.textContent).toContain("capacity 80.0 GB");
    expect(svg.textContent).toContain("usable 72.0 GB");
    expect(svg.textContent).toContain("memory per GPU (GB)");
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(memoryVsContextChart(data, {stackedBatchSize: 4, capacityBytes: 80e9, usableBytes: 72e9, unit: "GiB", width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/memoryVsContextChart.svg");
  });
});
