/**
 * Roofline chart: attainable FLOP/s against arithmetic intensity (FLOP per byte moved) for
 * one GPU, on log–log axes. The slanted part is the memory roof (bandwidth × intensity), the
 * flat part the compute roof (dense peak); they meet at the ridge point, peak / bandwidth.
 * Workloads left of the ridge are memory-bound, right of it compute-bound.
 *
 *     attainable(I) = min(P, BW · I)        ridge I* = P / BW
 *
 * Source: Williams, Waterman & Patterson, "Roofline: an insightful visual performance model
 * for multicore architectures", CACM 52(4), 2009; scaling-book "All about rooflines".
 */
import {declutter, scalePx} from "./chartLabels.js";
import * as Plot from "./plot.js";
import {formatFlop, formatNumber} from "./units.js";

/** A workload placed on the roofline. */
export interface RooflinePoint {
  /** e.g. "decode, batch 1". */
  label: string;
  /** FLOP per byte read from memory. */
  intensity: number;
}

export interface RooflineChartOptions {
  /** Dense peak at the compute precision, FLOP/s. */
  peakFlopsPerSecond: number;
  /** Memory bandwidth, bytes/s. */
  bandwidthBytesPerSecond: number;
  points?: readonly RooflinePoint[];
  width?: number;
  document?: Document;
}

/** The chart SVG's aria-label. */
export const ROOFLINE_CHART_LABEL = "roofline chart";

/** min(P, BW·I): what a kernel of intensity I can reach at best. */
export function attainableFlopsPerSecond(options: {intensity: number; peakFlopsPerSecond: number; bandwidthBytesPerSecond: number}): number {
  return Math.min(options.peakFlopsPerSecond, options.bandwidthBytesPerSecond * options.intensity);
}

/**
 * @example rooflineChart({peakFlopsPerSecond: 989e12, bandwidthBytesPerSecond: 3.35e12,
 *   points: [{label: "decode, batch 1", intensity: 1}]})
 */
export function rooflineChart({
  peakFlopsPerSecond: peak,
  bandwidthBytesPerSecond: bw,
  points = [],
  width = 640,
  document = globalThis.document
}: RooflineChartOptions): SVGSVGElement | HTMLElement {
  const ridge = bw > 0 ? peak / bw : NaN;
  const shown = points.filter((p) => Number.isFinite(p.intensity) && p.intensity > 0);
  const intensities = [ridge, ...shown.map((p) => p.intensity)].filter((x) => Number.isFinite(x) && x > 0);
  const lo = Math.min(0.5, ...intensities.map((x) => x / 4));
  const hi = Math.max(...intensities.map((x) => x * 4), 10);
  const tera = (flops: number) => flops / 1e12;
  const roof = Number.isFinite(ridge) && ridge > lo && ridge < hi
    ? [lo, ridge, hi]
    : [lo, hi];
  const line = roof.map((i) => ({intensity: i, tflops: tera(attainableFlopsPerSecond({intensity: i, peakFlopsPerSecond: peak, bandwidthBytesPerSecond: bw}))}));
  const placed = shown.map((p) => ({...p, tflops: tera(attainableFlopsPerSecond({intensity: p.intensity, peakFlopsPerSecond: peak, bandwidthBytesPerSecond: bw}))}));
  const ridgePoint = Number.isFinite(ridge) ? [{intensity: ridge, tflops: tera(peak)}] : [];
  // The ridge and roof labels are placed in pixels, above the roof where there is room, else
  // below it, else left out (the page states both figures in its cards), so on a phone they
  // neither overlap each other, nor a workload's label, nor leave the chart.
  const height = 340;
  const margin = {top: 20, right: 20, bottom: 30, left: 56};
  const tflopsAll = [...line, ...placed].map((d) => d.tflops).filter((t) => t > 0);
  const yDomain: [number, number] = [Math.min(...tflopsAll) / 2, Math.max(...tflopsAll) * 2];
  const xPx = (v: number) => scalePx(v, [lo, hi], [margin.left, width - margin.right], "log");
  const yPx = (v: number) => scalePx(v, yDomain, [height - margin.bottom, margin.top], "log");
  const workloadLabels = placed.map((p) => ({x: xPx(p.intensity), y: yPx(p.tflops), text: p.label, dy: 16}));
  const ridgeText = `ridge ${formatNumber(ridge)} FLOP/byte`;
  const roofText = `compute roof ${formatFlop(peak, {perSecond: true})}`;
  const [roofLabel] = declutter([{x: xPx(hi), y: yPx(tera(peak)), text: roofText, textAnchor: "end" as const, dy: -10, alternatives: [{dy: 16}]}],
    {obstacles: workloadLabels, bounds: {width, height}});
  const ridgeLabels = ridgePoint.length
    ? declutter([{x: xPx(ridge), y: yPx(tera(peak)), text: ridgeText, textAnchor: "end" as const, dx: -6, dy: -12,
        alternatives: [{textAnchor: "start" as const, dx: 6, dy: 16}, {textAnchor: "end" as const, dx: -6, dy: 16}]}],
      {obstacles: [...workloadLabels, ...(roofLabel ? [roofLabel] : [])], bounds: {width, height}})
    : [];
  return Plot.plot({
    document,
    width,
    height,
    ariaLabel: ROOFLINE_CHART_LABEL,
    marginTop: margin.top,
    marginRight: margin.right,
    marginBottom: margin.bottom,
    marginLeft: margin.left,
    x: {type: "log", label: "arithmetic intensity (FLOP per byte) →", domain: [lo, hi], grid: true},
    y: {type: "log", label: "↑ attainable TFLOP/s", grid: true, domain: yDomain},
    color: {legend: true, domain: placed.map((p) => p.label), type: "categorical"},
    marks: [
      Plot.line(line, {x: "intensity", y: "tflops", stroke: "currentColor", strokeWidth: 2}),
      Plot.ruleX(ridgePoint, {x: "intensity", strokeDasharray: "3,3", strokeOpacity: 0.6}),
      Plot.dot(ridgePoint, {x: "intensity", y: "tflops", r: 4, fill: "currentColor"}),
      ...ridgeLabels.map((l) => Plot.text(ridgePoint, {x: "intensity", y: "tflops", dx: l.dx, dy: l.dy, textAnchor: l.textAnchor, text: () => ridgeText})),
      ...(roofLabel ? [Plot.text([{intensity: hi, tflops: tera(peak)}], {x: "intensity", y: "tflops", dy: roofLabel.dy, textAnchor: "end", text: () => roofText})] : []),
      Plot.dot(placed, {x: "intensity", y: "tflops", r: 6, fill: "label", stroke: "var(--theme-background, white)",
        channels: {label: {value: "label", label: "workload"}},
        tip: {format: {x: (x: number) => `${formatNumber(x)} FLOP/byte`, y: (y: number) => `${formatNumber(y)} TFLOP/s`, fill: false}}}),
      Plot.text(placed, {x: "intensity", y: "tflops", text: "label", dy: 16, fill: "label"})
    ]
  });
}
