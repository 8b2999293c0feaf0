import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {CAPACITY_COLOR, MEMORY_BAR_CHART_LABEL, memoryBarChart, updateMemoryBarChart, type MemoryBarDatum} from "../../src/components/memoryBarChart.ts";

const {document} = new JSDOM().window;

// Llama 3.1 8B in bf16 (16,060,522,496 bytes of weights, safetensors index) with an 8,192-token
// KV cache (2·32·8·128·2 bytes per token, config.json), on a 24 GB card.
const WEIGHTS = 16_060_522_496;
const KV = 131_072 * 8192;
const data: MemoryBarDatum[] = [
  {label: "Llama 3.1 8B, bf16", component: "weights", bytes: WEIGHTS},
  {label: "Llama 3.1 8B, bf16", component: "KV cache", bytes: KV}
];

const svgOf = (chart: Element) => chart.querySelector(`svg[aria-label="${MEMORY_BAR_CHART_LABEL}"]`) ?? chart;
const barsOf = (chart: Element) => [...svgOf(chart).querySelectorAll("g[aria-label=bar] rect")];

/** Rounds long decimals so the snapshot does not depend on float noise. */
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("memoryBarChart", () => {
  it("draws one bar piece per component, their widths in proportion to the bytes", () => {
    const chart = memoryBarChart(data, {capacityBytes: 24e9, unit: "GB", document});
    const widths = barsOf(chart).map((r) => Number(r.getAttribute("width")));
    expect(widths).toHaveLength(2);
    expect(widths[0]! / widths[1]!).toBeCloseTo(WEIGHTS / KV, 2);
  });

  it("stacks the pieces: the KV cache starts where the weights end", () => {
    const [weights, kv] = barsOf(memoryBarChart(data, {capacityBytes: 24e9, document}));
    expect(Number(kv!.getAttribute("x"))).toBeCloseTo(Number(weights!.getAttribute("x")) + Number(weights!.getAttribute("width")), 1);
  });

  it("draws the capacity rule right of the bar when the model fits, labelled in the chosen unit", () => {
    const chart = memoryBarChart(data, {capacityBytes: 24e9, unit: "GB", document});
    const svg = svgOf(chart);
    const rule = svg.querySelector(`g[aria-label=rule][stroke="${CAPACITY_COLOR}"] line`)!;
    const [weights, kv] = barsOf(chart);
    const barEnd = Number(kv!.getAttribute("x")) + Number(kv!.getAttribute("width"));
    expect(Number(rule.getAttribute("x1"))).toBeGreaterThan(barEnd);
    expect(Number(weights!.getAttribute("x"))).toBeLessThan(barEnd);
    expect(svg.textContent).toContain("capacity 24.0 GB");
    expect(svg.textContent).toContain("memory (GB)");
  });

  it("labels the axis and the capacity in GiB when asked (24 GB = 22.4 GiB)", () => {
    const svg = svgOf(memoryBarChart(data, {capacityBytes: 24e9, unit: "GiB", document}));
    expect(svg.textContent).toContain("capacity 22.4 GiB");
    expect(svg.textContent).toContain("memory (GiB)");
  });

  it("draws no rule without a capacity, and skips non-finite pieces", () => {
    const chart = memoryBarChart([...data, {label: "Llama 3.1 8B, bf16", component: "activations", bytes: NaN}], {document});
    expect(svgOf(chart).querySelector(`[stroke="${CAPACITY_COLOR}"]`)).toBeNull();
    expect(barsOf(chart)).toHaveLength(2);
  });

  it("shows a colour legend with the components in the order given", () => {
    const chart = memoryBarChart(data, {components: ["KV cache", "weights", "activations"], document});
    const swatches = [...chart.querySelectorAll("[class$=-swatch]")].map((s) => s.textContent?.trim());
    expect(swatches).toEqual(["KV cache", "weights", "activations"]);
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(memoryBarChart(data, {capacityBytes: 24e9, unit: "GB", width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/memoryBarChart.svg");
  });
});

describe("a memory bar chart moved in place (updateMemoryBarChart)", () => {
  // The KV cache at other context lengths: the same bar and pieces, other bytes.
  const at = (tokens: number): MemoryBarDatum[] => [data[0]!, {...data[1]!, bytes: 131_072 * tokens}];
  const options = {capacityBytes: 24e9, unit: "GB" as const, width: 640, inPlace: true, document};
  const html = (chart: Element) => svgOf(chart).outerHTML;

  it("gives the same SVG as a new drawing, ticks added or dropped as the axis grows or shrinks", () => {
    const chart = memoryBarChart(at(8192), options);
    const tickCounts = new Set<number>();
    const anchors = new Set<string | null | undefined>();
    // 2M tokens: the bar outgrows the card and the capacity label hangs right of its rule instead of left.
    for (const tokens of [65_536, 1024, 2 ** 21, 131_072, 16_384, 2 ** 21, 0]) {
      expect(updateMemoryBarChart(chart, at(tokens), options)).toBe(true);
      expect(html(chart)).toBe(html(memoryBarChart(at(tokens), options)));
      tickCounts.add(svgOf(chart).querySelectorAll('g[aria-label="x-axis tick"] path').length);
      anchors.add(svgOf(chart).querySelector("g.memory-capacity-label")?.getAttribute("text-anchor"));
    }
    expect(tickCounts.size).toBeGreaterThan(1);
    expect([...anchors].sort()).toEqual(["end", "start"]);
  });

  it("places the x ticks where Plot places them for the chart drawn without inPlace", () => {
    const ticks = (chart: Element) => [...svgOf(chart).querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => `${t.getAttribute("transform")} ${t.textContent}`);
    for (const tokens of [1024, 8192, 131_072, 2 ** 21]) {
      expect(ticks(memoryBarChart(at(tokens), options))).toEqual(ticks(memoryBarChart(at(tokens), {...options, inPlace: false})));
    }
  });

  it("names each piece's component and size in its title", () => {
    const chart = memoryBarChart(at(8192), options);
    updateMemoryBarChart(chart, at(16_384), options);
    expect(barsOf(chart).map((r) => r.querySelector("title")?.textContent)).toEqual(["weights: 16.1 GB", "KV cache: 2.15 GB"]);
  });

  it("refuses, changing nothing, another unit, width, capacity or set of pieces, and a chart not drawn to be moved", () => {
    const chart = memoryBarChart(at(8192), options);
    const drawn = html(chart);
    expect(updateMemoryBarChart(chart, at(8192), {...options, unit: "GiB"})).toBe(false);
    expect(updateMemoryBarChart(chart, at(8192), {...options, width: 700})).toBe(false);
    expect(updateMemoryBarChart(chart, at(8192), {...options, capacityBytes: 80e9})).toBe(false);
    expect(updateMemoryBarChart(chart, [data[0]!], options)).toBe(false);
    expect(html(chart)).toBe(drawn);
    expect(updateMemoryBarChart(memoryBarChart(at(8192), {...options, inPlace: false}), at(1024), options)).toBe(false);
  });
});

