import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {GPU_ROOFLINE_CHART_LABEL, gpuRooflineChart, type RooflinePoint} from "../../src/components/gpuRooflineChart.ts";

const {document} = new JSDOM().window;
// Datasheet figures: H100 SXM 3.35 TB/s, 989 dense bf16 TFLOP/s; TPU v5e 0.82 TB/s, 197 TFLOP/s
// (jax-ml/scaling-book "Rooflines": ridge ≈ 240 FLOP/byte); A100 SXM 80GB 2.039 TB/s, 312 TFLOP/s.
const points: RooflinePoint[] = [
  {name: "H100 SXM", kind: "gpu", bandwidthBytesPerSecond: 3.35e12, flopsPerSecond: 989e12},
  {name: "TPU v5e", kind: "tpu", bandwidthBytesPerSecond: 0.82e12, flopsPerSecond: 197e12},
  {name: "A100 SXM", kind: "gpu", bandwidthBytesPerSecond: 2.039e12, flopsPerSecond: 312e12}
];
const svgOf = (chart: Element) => chart.querySelector(`svg[aria-label="${GPU_ROOFLINE_CHART_LABEL}"]`) ?? chart;
const dots = (chart: Element) => [...svgOf(chart).querySelectorAll("g[aria-label=dot] circle")];
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("gpuRooflineChart", () => {
  it("draws one dot per GPU with finite figures and skips a GPU without a FLOP/s figure", () => {
    const chart = gpuRooflineChart([...points, {name: "M2 Ultra", kind: "soc", bandwidthBytesPerSecond: 0.8e12, flopsPerSecond: NaN}], {document});
    expect(dots(chart)).toHaveLength(3);
  });

  it("places a GPU with more FLOP per byte higher relative to its bandwidth: the 300 FLOP/B diagonal passes H100 (295) just above", () => {
    const chart = gpuRooflineChart(points, {document});
    const [h100] = dots(chart);
    // y grows downward in SVG: H100 sits above A100 (more FLOP/s) and right of it (more bandwidth).
    const [, , a100] = dots(chart);
    expect(Number(h100!.getAttribute("cy"))).toBeLessThan(Number(a100!.getAttribute("cy")));
    expect(Number(h100!.getAttribute("cx"))).toBeGreaterThan(Number(a100!.getAttribute("cx")));
    expect(svgOf(chart).textContent).toContain("300 FLOP/B");
  });

  it("labels the axes with their units and the precision", () => {
    const text = svgOf(gpuRooflineChart(points, {precision: "fp8", document})).textContent;
    expect(text).toContain("TB/s");
    expect(text).toContain("dense fp8 peak (TFLOP/s)");
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(gpuRooflineChart(points, {width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/gpuRooflineChart.svg");
  });
});
