import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {ROOFLINE_CHART_LABEL, attainableFlopsPerSecond, rooflineChart} from "../../src/components/rooflineChart.ts";

const {document} = new JSDOM().window;
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));
const svgOf = (chart: Element) => (chart.querySelector(`svg[aria-label="${ROOFLINE_CHART_LABEL}"]`) ?? chart) as Element;

// NVIDIA H100 SXM: 989 TFLOP/s dense bf16, 3.35 TB/s HBM3 (datasheet, sparsity halved).
const H100 = {peakFlopsPerSecond: 989e12, bandwidthBytesPerSecond: 3.35e12};

describe("rooflineChart", () => {
  it("caps attainable FLOP/s at the bandwidth slope below the ridge and at the peak above it", () => {
    expect(attainableFlopsPerSecond({intensity: 1, ...H100})).toBe(3.35e12);
    expect(attainableFlopsPerSecond({intensity: 1000, ...H100})).toBe(989e12);
  });

  it("puts the TPU v5e ridge at the scaling-book's 240 FLOP/byte (1.97e14 FLOP/s over 8.1e11 B/s)", () => {
    const svg = svgOf(rooflineChart({peakFlopsPerSecond: 1.97e14, bandwidthBytesPerSecond: 8.1e11, document}));
    expect(svg.textContent).toContain("ridge 243 FLOP/byte");
    expect(svg.textContent).toContain("compute roof 197 TFLOP/s");
  });

  it("marks the H100 ridge at 295 FLOP/byte, at the corner of the roof", () => {
    const svg = svgOf(rooflineChart({...H100, document}));
    expect(svg.textContent).toContain("ridge 295 FLOP/byte");
    const line = svg.querySelector("g[aria-label=line] path")!.getAttribute("d")!;
    // Three vertices: the slope's start, the ridge, the roof's end.
    expect(line.match(/L/g)).toHaveLength(2);
  });

  it("places a memory-bound decode below the roof's flat part and a prefill on it", () => {
    const svg = svgOf(rooflineChart({...H100, points: [{label: "decode", intensity: 1}, {label: "prefill", intensity: 2000}], document}));
    const dots = [...svg.querySelectorAll("g[aria-label=dot] circle")].slice(-2);
    const [decode, prefill] = dots.map((d) => Number(d.getAttribute("cy")));
    expect(decode!).toBeGreaterThan(prefill!); // lower on the page = fewer FLOP/s
    expect(svg.textContent).toContain("decode");
    expect(svg.textContent).toContain("prefill");
  });

  it("leaves out points without a finite positive intensity", () => {
    const svg = svgOf(rooflineChart({...H100, points: [{label: "none", intensity: NaN}, {label: "zero", intensity: 0}], document}));
    expect(svg.textContent).not.toContain("none");
    expect(svg.textContent).not.toContain("zero");
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(rooflineChart({...H100, points: [{label: "decode, batch 1", intensity: 0.96}, {label: "prefill", intensity: 900}], width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/rooflineChart.svg");
  });
});
