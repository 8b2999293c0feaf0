import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {DECODE_BATCH_CHART_LABEL, decodeBatchChart, type DecodeBatchDatum} from "../../src/components/decodeBatchChart.ts";

const {document} = new JSDOM().window;
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));
const svgOf = (chart: Element) => (chart.querySelector(`svg[aria-label="${DECODE_BATCH_CHART_LABEL}"]`) ?? chart) as Element;

// A memory-bound step of 4.8 ms (16.06 GB / 3.35 TB/s, Llama-3.1-8B bf16 on an H100) until the
// FLOP of B tokens (2·8.03e9 each at 989 TFLOP/s) take longer: the roofline ridge near B ≈ 295.
const step = (b: number) => Math.max(16.06e9 / 3.35e12, (b * 2 * 8.03e9) / 989e12);
const data: DecodeBatchDatum[] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024].map((b) => ({
  batchSize: b, perSequenceTokensPerSecond: 1 / step(b), totalTokensPerSecond: b / step(b)
}));
const linePaths = (svg: Element) => [...svg.querySelectorAll("g[aria-label=line] path")];

describe("decodeBatchChart", () => {
  it("draws one line per series: per sequence and summed over the batch", () => {
    const svg = svgOf(decodeBatchChart(data, {document}));
    expect(linePaths(svg)).toHaveLength(2);
  });

  it("marks the compute-bound batch with a rule and its label", () => {
    const svg = svgOf(decodeBatchChart(data, {computeBoundBatchSize: 295, document}));
    expect(svg.querySelectorAll("g[aria-label=rule] line")).toHaveLength(1);
    expect(svg.textContent).toContain("compute-bound from B = 295");
  });

  it("draws no rule when decode never turns compute-bound in range", () => {
    const svg = svgOf(decodeBatchChart(data, {computeBoundBatchSize: null, document}));
    expect(svg.querySelectorAll("g[aria-label=rule] line")).toHaveLength(0);
    expect(svg.textContent).not.toContain("compute-bound");
  });

  it("marks the reader's batch on both curves and skips non-finite rows", () => {
    const svg = svgOf(decodeBatchChart([...data, {batchSize: 2048, perSequenceTokensPerSecond: NaN, totalTokensPerSecond: Infinity}],
      {currentBatchSize: 64, document}));
    expect(svg.querySelectorAll("g[aria-label=dot] circle")).toHaveLength(2);
    const ticks = [...svg.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toContain("1k");
    expect(ticks).not.toContain("2k");
  });

  it("draws the summed rate above the per-sequence rate beyond batch 1 (y grows upward)", () => {
    const svg = svgOf(decodeBatchChart(data, {currentBatchSize: 1024, document}));
    const [perSeq, total] = [...svg.querySelectorAll("g[aria-label=dot] circle")].map((c) => Number(c.getAttribute("cy")));
    expect(total!).toBeLessThan(perSeq!);
  });

  it("shades the batches that do not fit in memory", () => {
    const shaded = svgOf(decodeBatchChart(data, {maxBatchSize: 54, document}));
    expect(shaded.textContent).toContain("does not fit in memory");
    expect(shaded.querySelectorAll("g[aria-label=rect] rect")).toHaveLength(1);
    const all = svgOf(decodeBatchChart(data, {maxBatchSize: 5000, document}));
    expect(all.textContent).not.toContain("does not fit in memory");
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(decodeBatchChart(data, {computeBoundBatchSize: 295, currentBatchSize: 8, maxBatchSize: 512, width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/decodeBatchChart.svg");
  });
});
