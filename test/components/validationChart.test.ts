import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {VALIDATION_CHART_LABEL, formatMetricValue, logDomain, logTick, signedPercent, validationChart, type ValidationPoint} from "../../src/components/validationChart.ts";

const {document} = new JSDOM().window;
const point = (id: string, panel: string, category: string, predicted: number, published: number, status = "ok"): ValidationPoint => ({
  id, panel, category, predicted, published, error: predicted / published - 1, status, model: `model ${id}`, hardware: "H100", source: "paper", unit: ""
});
// Figures of the shape of the ground truth: Llama 3 8B Q4_K_M weights (4.58 GiB published), a decode speed, an informational one.
const data = [
  point("IM-001", "memory (bytes)", "inference_memory", 4.9e9, 4.58 * 2 ** 30),
  point("IM-002", "memory (bytes)", "inference_memory", 15.9e9, 14.96 * 2 ** 30),
  point("IS-001", "speed (tokens/s)", "inference_speed", 140, 149.37),
  point("IS-070", "speed (tokens/s)", "inference_speed", 92, 78.8, "informational")
];
const panels = (root: Element) => [...root.querySelectorAll(`svg[aria-label^="${VALIDATION_CHART_LABEL}"]`)];
const normalise = (text: string) => text.replace(/-?\d+\.\d{3,}/g, (d) => String(+(+d).toFixed(2)));

describe("validationChart", () => {
  it("draws one log-log panel per unit family, named after it", () => {
    const root = validationChart(data, {document, width: 800});
    expect(panels(root).map((s) => s.getAttribute("aria-label"))).toEqual([
      `${VALIDATION_CHART_LABEL}: memory (bytes)`, `${VALIDATION_CHART_LABEL}: speed (tokens/s)`]);
  });

  it("draws a dot per figure, hollow for informational ones", () => {
    const speed = panels(validationChart(data, {document}))[1]!;
    const dots = [...speed.querySelectorAll("circle")];
    expect(dots).toHaveLength(2);
    expect(dots.filter((c) => c.getAttribute("fill") === "none" || c.closest("[fill=none]"))).toHaveLength(1);
  });

  it("draws the ±10 % and ±25 % bands and the y = x line in every panel", () => {
    for (const svg of panels(validationChart(data, {document}))) {
      expect(svg.querySelectorAll("g[aria-label=area] path")).toHaveLength(2);
      expect(svg.querySelectorAll("g[aria-label=line] path")).toHaveLength(1);
    }
  });

  it("pads a square log domain around both axes' values", () => {
    expect(logDomain([{predicted: 100, published: 10}])).toEqual([10 / 1.6, 100 * 1.6]);
    expect(signedPercent(-0.0627)).toBe("−6.27 %");
    expect(signedPercent(0.5)).toBe("+50.0 %");
  });

  it("skips figures without a positive prediction", () => {
    const root = validationChart([...data, point("X", "memory (bytes)", "inference_memory", 0, 1)], {document});
    expect(panels(root)[0]!.querySelectorAll("circle")).toHaveLength(2);
  });

  it("draws a stable SVG", async () => {
    const svg = panels(validationChart(data, {document, width: 800}))[0]!;
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    await expect(normalise(svg.outerHTML)).toMatchFileSnapshot("./__snapshots__/validationChart.svg");
  });
});

describe("formatMetricValue", () => {
  it("prints each metric in its unit, bytes in the page's GB or GiB", () => {
    expect(formatMetricValue(4.58 * 2 ** 30, "bytes", {byteUnit: "GiB"})).toBe("4.58 GiB");
    expect(formatMetricValue(4.58 * 2 ** 30, "bytes", {byteUnit: "GB"})).toBe("4.92 GB");
    expect(formatMetricValue(0.0765, "s")).toBe("76.5 ms");
    expect(formatMetricValue(1_720_320, "GPU-hours")).toBe("1.72 M GPU-hours");
    expect(formatMetricValue(null, "s")).toBe("—");
  });
});

describe("logTick", () => {
  it("writes large and small powers of ten with superscripts and leaves the ticks between them blank", () => {
    expect(logTick(1e6)).toBe("10⁶");
    expect(logTick(1e-3)).toBe("10⁻³");
    expect(logTick(2e6)).toBe("");
    expect(logTick(500)).toBe("500");
  });
});
