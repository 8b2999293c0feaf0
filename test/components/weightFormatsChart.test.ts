import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {CAPACITY_COLOR} from "../../src/components/memoryBarChart.ts";
import {FIT_COLORS, WEIGHT_FORMATS_CHART_LABEL, weightFormatsChart, type WeightFormatDatum} from "../../src/components/weightFormatsChart.ts";

const {document} = new JSDOM().window;
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));
const svgOf = (chart: Element) => (chart.querySelector(`svg[aria-label="${WEIGHT_FORMATS_CHART_LABEL}"]`) ?? chart) as Element;

// Llama-3.1-8B: bf16 16,060,522,496 bytes (safetensors index); Q8_0 8.5008 bpw and Q4_K_M 4.8944 bpw
// (llama.cpp tools/quantize/README.md) over 8,030,261,248 parameters.
const N = 8_030_261_248;
const data: WeightFormatDatum[] = [
  {format: "bf16", label: "BF16", bytes: 16_060_522_496, bitsPerWeight: 16, fits: false},
  {format: "q8_0", label: "GGUF Q8_0", bytes: (N * 8.5008) / 8, bitsPerWeight: 8.5008, fits: true},
  {format: "q4_k_m", label: "GGUF Q4_K_M", bytes: (N * 4.8944) / 8, bitsPerWeight: 4.8944, fits: true}
];
const bars = (svg: Element) => [...svg.querySelectorAll("g[aria-label=bar]")[0]!.querySelectorAll("rect")];

describe("weightFormatsChart", () => {
  it("draws one bar per format, widths in proportion to the bytes, largest first", () => {
    const svg = svgOf(weightFormatsChart(data, {unit: "GB", document}));
    const widths = bars(svg).map((r) => Number(r.getAttribute("width")));
    expect(widths).toHaveLength(3);
    expect(widths[0]! / widths[2]!).toBeCloseTo(16 / 4.8944, 1);
    const ys = bars(svg).map((r) => Number(r.getAttribute("y")));
    expect(ys[0]!).toBeLessThan(ys[1]!);
  });

  it("labels each bar with its size and true bits per weight", () => {
    const svg = svgOf(weightFormatsChart(data, {unit: "GB", document}));
    expect(svg.textContent).toContain("16.1 GB · 16.0 bpw");
    expect(svg.textContent).toContain("4.91 GB · 4.89 bpw");
  });

  it("colours the formats that fit and those that do not, and rules the capacity", () => {
    const svg = svgOf(weightFormatsChart(data, {capacityBytes: 12e9, unit: "GB", document}));
    const fills = bars(svg).map((r) => r.getAttribute("fill"));
    expect(fills[0]).toBe(FIT_COLORS["does not fit"]);
    expect(fills[2]).toBe(FIT_COLORS.fits);
    expect(svg.querySelector(`g[aria-label=rule][stroke="${CAPACITY_COLOR}"]`)).not.toBeNull();
    expect(svg.textContent).toContain("capacity 12.0 GB");
  });

  it("outlines the reader's format", () => {
    const svg = svgOf(weightFormatsChart(data, {currentFormat: "q8_0", document}));
    const outlined = svg.querySelectorAll("g[aria-label=bar]")[1]!.querySelectorAll("rect");
    expect(outlined).toHaveLength(1);
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(weightFormatsChart(data, {capacityBytes: 12e9, unit: "GB", currentFormat: "bf16", width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/weightFormatsChart.svg");
  });
});
