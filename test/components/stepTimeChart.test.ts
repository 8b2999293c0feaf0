import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {STEP_TIME_CHART_LABEL, stepTimeChart, stepTimeParts, type StepParts} from "../../src/components/stepTimeChart.ts";

const {document} = new JSDOM().window;
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));
const svgOf = (chart: Element) => (chart.querySelector(`svg[aria-label="${STEP_TIME_CHART_LABEL}"]`) ?? chart) as Element;

// A decode step of Llama-3.1-8B on an H100: 16.06 GB / 3.35 TB/s = 4.79 ms of weight streaming,
// 16 GFLOP / 989 TFLOP/s = 16 µs of compute (hidden behind it), a small KV read and 1 ms fixed.
const decode: StepParts = {weightSeconds: 4.79e-3, computeSeconds: 16e-6, kvSeconds: 0.1e-3, commSeconds: 0, overheadSeconds: 1e-3,
  seconds: 4.79e-3 + 0.1e-3 + 1e-3};
// A 8,192-token prefill: 131 TFLOP / 989 TFLOP/s = 133 ms of compute hides the 4.79 ms weight read.
const prefill: StepParts = {weightSeconds: 4.79e-3, computeSeconds: 0.133, kvSeconds: 0.3e-3, commSeconds: 0, overheadSeconds: 0.3e-3,
  seconds: 0.133 + 0.3e-3 + 0.3e-3};

describe("stepTimeChart", () => {
  it("counts only the larger of weight streaming and compute, since they overlap", () => {
    const d = Object.fromEntries(stepTimeParts(decode).map((p) => [p.part, p.seconds]));
    expect(d["weight streaming"]).toBe(4.79e-3);
    expect(d.compute).toBe(0);
    const p = Object.fromEntries(stepTimeParts(prefill).map((x) => [x.part, x.seconds]));
    expect(p.compute).toBe(0.133);
    expect(p["weight streaming"]).toBe(0);
  });

  it("adds up to the step time", () => {
    for (const step of [decode, prefill]) {
      expect(stepTimeParts(step).reduce((s, p) => s + p.seconds, 0)).toBeCloseTo(step.seconds, 12);
    }
  });

  it("draws each step as shares of 100 %, one colour per part", () => {
    const svg = svgOf(stepTimeChart([{label: "prefill", step: prefill}, {label: "decode", step: decode}], {document}));
    const rects = [...svg.querySelectorAll("g[aria-label=bar] rect")];
    // decode: KV, weights, fixed; prefill: KV, compute, fixed.
    expect(rects).toHaveLength(6);
    const byRow = new Map<string, number>();
    for (const r of rects) byRow.set(r.getAttribute("y")!, (byRow.get(r.getAttribute("y")!) ?? 0) + Number(r.getAttribute("width")));
    const [a, b] = [...byRow.values()];
    expect(a!).toBeCloseTo(b!, 0);
  });

  it("draws a stable SVG", async () => {
    const svg = svgOf(stepTimeChart([{label: "prefill", step: prefill}, {label: "decode", step: decode}], {width: 640, document}));
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/stepTimeChart.svg");
  });
});
