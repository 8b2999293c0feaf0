import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {ATTENTION_KINDS_CHART_LABEL, attentionKindsChart} from "../../src/components/attentionKindsChart.ts";

const {document} = new JSDOM().window;
// Llama-3-70B (80 layers, 64 query heads, head_dim 128) in bf16 under each design.
const data = [
  {kind: "MHA", bytesPerToken: 2_621_440, actual: false},
  {kind: "GQA", bytesPerToken: 327_680, actual: true},
  {kind: "MQA", bytesPerToken: 40_960, actual: false},
  {kind: "MLA", bytesPerToken: 92_160, actual: false}
];
const svgOf = (chart: Element) => chart.querySelector(`svg[aria-label="${ATTENTION_KINDS_CHART_LABEL}"]`) ?? chart;
const bars = (chart: Element) => [...svgOf(chart).querySelectorAll("g[aria-label=bar] rect")];
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("attentionKindsChart", () => {
  it("draws bar lengths in proportion to bytes per token (MHA 8× GQA)", () => {
    const widths = bars(attentionKindsChart(data, {document})).map((r) => Number(r.getAttribute("width")));
    expect(widths[0]! / widths[1]!).toBeCloseTo(8, 2);
  });

  it("marks the model's own design with its own colour and a label", () => {
    const chart = attentionKindsChart(data, {unit: "GiB", document});
    const fills = bars(chart).map((r) => r.getAttribute("fill"));
    expect(new Set(fills).size).toBe(2);
    expect(fills.filter((f) => f === fills[1])).toHaveLength(1);
    expect(svgOf(chart).textContent).toContain("320 KiB (this model)");
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(attentionKindsChart(data, {unit: "GB", width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/attentionKindsChart.svg");
  });
});
