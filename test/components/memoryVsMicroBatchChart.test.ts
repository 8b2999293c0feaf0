import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {CAPACITY_COLOR} from "../../src/components/memoryBarChart.ts";
import {MEMORY_VS_MICRO_BATCH_CHART_LABEL, MEMORY_VS_SEQUENCE_CHART_LABEL, memoryVsMicroBatchChart,
  type MemoryVsSeries} from "../../src/components/memoryVsMicroBatchChart.ts";

const {document} = new JSDOM().window;

// A Llama-7B-shaped model (h = 4096, a = 32, L = 32) at s = 4096, with Korthikanti et al. 2022
// (arXiv 2205.05198) Table 2 activations per layer and per sequence: none s·h·(34 + 5as/h),
// selective 34·s·h, full 2·s·h; plus 16 bytes × 6.74e9 parameters of state over 8 GPUs (ZeRO-3).
const s = 4096, h = 4096, a = 32, L = 32;
const STATE = (16 * 6.74e9) / 8;
const PER_SEQUENCE = {none: L * s * h * (34 + (5 * a * s) / h), selective: L * 34 * s * h, full: L * 2 * s * h};
const CAPACITY = 80e9;
const BATCHES = [1, 2, 4, 8, 16, 32];
const limitOf = (perSequence: number) => Math.max(0, Math.floor((CAPACITY - STATE) / perSequence));
const series: MemoryVsSeries[] = (["none", "selective", "full"] as const).map((policy) => ({
  policy,
  points: BATCHES.map((b) => ({policy, x: b, totalBytes: STATE + b * PER_SEQUENCE[policy]})),
  limit: limitOf(PER_SEQUENCE[policy])
}));

const svgOf = (chart: Element, label = MEMORY_VS_MICRO_BATCH_CHART_LABEL) => chart.querySelector(`svg[aria-label="${label}"]`) ?? chart;
const paths = (chart: Element) => [...svgOf(chart).querySelectorAll("g[aria-label=line] path")];
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("memoryVsMicroBatchChart", () => {
  it("draws one line per checkpointing policy, in the legend order none, selective, full", () => {
    const chart = memoryVsMicroBatchChart(series, {capacityBytes: CAPACITY, unit: "GB", document});
    expect(paths(chart)).toHaveLength(3);
    expect([...chart.querySelectorAll("[class$=-swatch]")].map((x) => x.textContent?.trim())).toEqual(["none", "selective", "full"]);
  });

  it("marks where selective recomputation stops fitting (3 sequences of 18.3 GB beside 13.5 GB of state), and no mark past the swept range", () => {
    // (80 − 13.48) GB / (32 · 2 · 4096 · 4096 B = 1.074 GB) = 61.9 → 61 sequences.
    expect(series[2]!.limit).toBe(61);
    const text = svgOf(memoryVsMicroBatchChart(series, {capacityBytes: CAPACITY, unit: "GB", document})).textContent!;
    expect(text).not.toContain("full: 61"); // beyond the swept range (32): no mark
    const narrow = svgOf(memoryVsMicroBatchChart([{...series[1]!}], {capacityBytes: CAPACITY, unit: "GB", document})).textContent!;
    // selective: (80 − 13.48) / (34 · 32 · 4096² B = 18.25 GB) = 3.6 → 3 sequences.
    expect(narrow).toContain("selective: 3");
    expect(text).toContain("capacity 80.0 GB");
  });

  it("puts the limit marks on the capacity rule, in red", () => {
    const svg = svgOf(memoryVsMicroBatchChart(series, {capacityBytes: CAPACITY, unit: "GB", document}));
    const rule = svg.querySelector(`g[aria-label=rule][stroke="${CAPACITY_COLOR}"] line`)!;
    const dots = [...svg.querySelectorAll(`g[aria-label=dot][fill="${CAPACITY_COLOR}"] circle`)];
    expect(dots.length).toBeGreaterThan(0);
    for (const dot of dots) expect(Number(dot.getAttribute("cy"))).toBeCloseTo(Number(rule.getAttribute("y1")), 0);
  });

  it("shares one mark between policies that stop fitting at the same micro-batch", () => {
    const same: MemoryVsSeries[] = [{...series[1]!, policy: "none"}, series[1]!];
    const text = svgOf(memoryVsMicroBatchChart(same, {capacityBytes: CAPACITY, unit: "GB", document})).textContent!;
    expect(text).toContain("none, selective: 3");
  });

  it("rings the reader's setting", () => {
    const svg = svgOf(memoryVsMicroBatchChart(series, {capacityBytes: CAPACITY, unit: "GB", document,
      current: {policy: "full", x: 4, totalBytes: STATE + 4 * PER_SEQUENCE.full}}));
    expect(svg.textContent).toContain("yours");
  });

  it("switches its axis and label to the sequence length, with k for thousands of tokens", () => {
    const bySequence: MemoryVsSeries[] = [{policy: "full", points: [1024, 2048, 4096, 8192].map((x) => ({policy: "full", x, totalBytes: STATE + L * 2 * x * h})), limit: 0}];
    const svg = svgOf(memoryVsMicroBatchChart(bySequence, {axis: "sequenceLength", capacityBytes: CAPACITY, unit: "GiB", document}), MEMORY_VS_SEQUENCE_CHART_LABEL);
    expect(svg.getAttribute("aria-label")).toBe(MEMORY_VS_SEQUENCE_CHART_LABEL);
    expect(svg.textContent).toContain("sequence length (tokens)");
    expect(svg.textContent).toContain("8k");
    expect(svg.textContent).toContain("memory per GPU (GiB)");
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(memoryVsMicroBatchChart(series, {capacityBytes: CAPACITY, unit: "GB", width: 640, document,
      current: {policy: "full", x: 4, totalBytes: STATE + 4 * PER_SEQUENCE.full}}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/memoryVsMicroBatchChart.svg");
  });
});
