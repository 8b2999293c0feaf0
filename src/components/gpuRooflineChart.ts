/**
 * GPUs on a roofline map: memory bandwidth (x) against dense peak FLOP/s (y), both on log
 * scales, with diagonal lines of constant ridge point (FLOP per byte). A GPU above a diagonal
 * needs more arithmetic intensity than that line's value before matrix units, not memory,
 * limit a kernel (Williams et al., "Roofline", CACM 2009).
 */
import {declutter, scalePx, textWidth, type LabelBox} from "./chartLabels.js";
import * as Plot from "./plot.js";
import {formatNumber} from "./units.js";

/** One GPU. SI units. */
export interface RooflinePoint {
  name: string;
  /** Short label drawn next to the dot; defaults to the name. */
  label?: string;
  kind: string;
  bandwidthBytesPerSecond: number;
  /** Dense peak FLOP/s at the precision charted (bf16 on the GPUs page). */
  flopsPerSecond: number;
}

export interface GpuRooflineChartOptions {
  /** Ridge points to draw as diagonals, FLOP per byte. Default [30, 100, 300, 1000]. */
  ridges?: readonly number[];
  /** Names of GPUs to label (all when omitted). */
  labelled?: readonly string[];
  /** Precision name for the axis label. Default "bf16". */
  precision?: string;
  width?: number;
  document?: Document;
}

/** The chart SVG's aria-label. */
export const GPU_ROOFLINE_CHART_LABEL = "bandwidth versus FLOP/s";

/**
 * Builds the scatter. Points with a non-finite or non-positive figure are skipped.
 * @example gpuRooflineChart([{name: "H100", kind: "gpu", bandwidthBytesPerSecond: 3.35e12, flopsPerSecond: 989e12}])
 */
export function gpuRooflineChart(
  points: readonly RooflinePoint[],
  {ridges = [30, 100, 300, 1000], labelled, precision = "bf16", width = 640, document = globalThis.document}: GpuRooflineChartOptions = {}
): HTMLElement | SVGSVGElement {
  const rows = points
    .filter((p) => Number.isFinite(p.bandwidthBytesPerSecond) && Number.isFinite(p.flopsPerSecond) && p.bandwidthBytesPerSecond > 0 && p.flopsPerSecond > 0)
    .map((p) => ({...p, tb: p.bandwidthBytesPerSecond / 1e12, tflops: p.flopsPerSecond / 1e12, ridge: p.flopsPerSecond / p.bandwidthBytesPerSecond}));
  const xs = rows.length ? rows.map((r) => r.tb) : [1];
  const ys = rows.length ? rows.map((r) => r.tflops) : [100];
  const x0 = Math.min(...xs) / 1.5;
  const x1 = Math.max(...xs) * 1.5;
  const y0 = Math.min(...ys) / 1.5;
  const y1 = Math.max(...ys) * 1.5;
  // TFLOP/s ÷ TB/s = FLOP/byte, so a ridge R is the line y = R·x in these units; clip to the frame.
  const ridgeLines = ridges.flatMap((R) => {
    const a = Math.max(x0, y0 / R);
    const b = Math.min(x1, y1 / R);
    return a < b ? [{R, x: a, y: R * a}, {R, x: b, y: R * b}] : [];
  });
  const ridgeEnds = ridges.map((R) => ridgeLines.filter((d) => d.R === R).at(-1)).filter((d): d is {R: number; x: number; y: number} => d !== undefined);
  // Labels are placed in pixels: a ridge label or GPU name that would overlap another label,
  // the y-axis title or the chart's edge is left out (the dot's tooltip still names it).
  const height = Math.round(Math.min(480, Math.max(300, width * 0.6)));
  const margin = {top: 24, right: 12, bottom: 34, left: 44};
  const xPx = (v: number) => scalePx(v, [x0, x1], [margin.left, width - margin.right], "log");
  const yPx = (v: number) => scalePx(v, [y0, y1], [height - margin.bottom, margin.top], "log");
  const bounds = {width, height};
  const yLabel = `↑ dense ${precision} peak (TFLOP/s)`;
  const axisTitle: LabelBox = {x: 0, y: margin.top - 14, text: yLabel, textAnchor: "start"};
  const ridgeText = (R: number) => `${formatNumber(R)} FLOP/B`;
  const ridgeLabels = declutter(ridgeEnds.map((d) => ({...d, x: xPx(d.x), y: yPx(d.y), text: ridgeText(d.R), textAnchor: "end" as const, dx: -4, dy: -6, data: d})),
    {obstacles: [axisTitle], bounds});
  const names = (labelled ? rows.filter((r) => labelled.includes(r.name)) : rows).map((r) => {
    const text = r.label ?? r.name;
    const right = xPx(r.tb) + 6 + textWidth(text) <= width;
    return {x: xPx(r.tb), y: yPx(r.tflops), text, textAnchor: right ? ("start" as const) : ("end" as const), dx: right ? 6 : -6, data: r};
  });
  const shown = declutter(names, {obstacles: [axisTitle, ...ridgeLabels], bounds});
  return Plot.plot({
    document,
    width,
    height,
    ariaLabel: GPU_ROOFLINE_CHART_LABEL,
    marginTop: margin.top,
    marginRight: margin.right,
    marginBottom: margin.bottom,
    marginLeft: margin.left,
    x: {type: "log", domain: [x0, x1], label: "memory bandwidth (TB/s, 10¹² bytes/s)", grid: true, tickFormat: (v: number) => formatNumber(v, {digits: 2})},
    y: {type: "log", domain: [y0, y1], label: yLabel, grid: true, tickFormat: (v: number) => formatNumber(v, {digits: 2})},
    color: {legend: true, type: "categorical"},
    marks: [
      Plot.line(ridgeLines, {x: "x", y: "y", z: "R", stroke: "currentColor", strokeOpacity: 0.35, strokeDasharray: "3,3"}),
      Plot.text(ridgeLabels.map((l) => l.data), {x: "x", y: "y", text: (d: {R: number}) => ridgeText(d.R), textAnchor: "end", dx: -4, dy: -6, fillOpacity: 0.7, fontSize: 10}),
      Plot.dot(rows, {
        x: "tb", y: "tflops", fill: "kind", r: 4,
        channels: {GPU: "name", ridge: {value: (d: {ridge: number}) => `${formatNumber(d.ridge)} FLOP/byte`, label: "ridge point"}},
        tip: {format: {x: (v: number) => `${formatNumber(v)} TB/s`, y: (v: number) => `${formatNumber(v)} TFLOP/s`, fill: true, GPU: true, ridge: true}}
      }),
      ...(["start", "end"] as const).map((anchor) =>
        Plot.text(shown.filter((l) => l.textAnchor === anchor).map((l) => l.data), {x: "tb", y: "tflops", text: (d: RooflinePoint) => d.label ?? d.name,
          dx: anchor === "start" ? 6 : -6, textAnchor: anchor, fontSize: 10}))
    ]
  });
}
