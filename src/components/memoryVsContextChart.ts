/**
 * Memory per GPU against sequence length: weights, activations, runtime overhead and KV cache
 * stacked for one batch size, the total for other batch sizes as lines, the GPU's capacity
 * (and the part the engine may use) as horizontal rules, and a mark where each batch size
 * stops fitting. The x axis is logarithmic (base 2): each step doubles the context.
 */
import {declutter, scalePx} from "./chartLabels.js";
import * as Plot from "./plot.js";
import {CAPACITY_COLOR} from "./memoryBarChart.js";
import {bytesIn, formatBytes, formatInteger, type ByteUnit} from "./units.js";

/** Memory at one sequence length, per GPU, in bytes. */
export interface MemoryAtContext {
  contextTokens: number;
  weightsBytes: number;
  kvBytes: number;
  activationsBytes: number;
  overheadBytes: number;
}

export interface MemoryVsContextSeries {
  batchSize: number;
  points: MemoryAtContext[];
  /** The longest sequence that fits at this batch size (tokens), or null when even the shortest does not fit. */
  limitTokens: number | null;
}

export interface MemoryVsContextChartOptions {
  /** The batch size whose components are stacked; the others are drawn as total lines. */
  stackedBatchSize: number;
  capacityBytes: number;
  /** What the engine lets the workload use (vLLM: 0.9 × capacity); drawn when below capacity. */
  usableBytes?: number;
  unit?: ByteUnit;
  width?: number;
  document?: Document;
}

export const MEMORY_VS_CONTEXT_CHART_LABEL = "memory versus sequence length";

const COMPONENTS = ["weights", "overhead", "activations", "KV cache"] as const;

/** A background-coloured outline around labels so they stay legible over areas and lines. */
const HALO = {stroke: "var(--theme-background, white)", strokeWidth: 3, paintOrder: "stroke"} as const;

/**
 * @example memoryVsContextChart([{batchSize: 1, points, limitTokens: 120000}], {stackedBatchSize: 1, capacityBytes: 85.5e9})
 */
export function memoryVsContextChart(
  series: readonly MemoryVsContextSeries[],
  {stackedBatchSize, capacityBytes, usableBytes, unit = "GiB", width = 640, document = globalThis.document}: MemoryVsContextChartOptions
): HTMLElement | SVGSVGElement {
  const stacked = series.find((s) => s.batchSize === stackedBatchSize) ?? series[0];
  const finite = (p: MemoryAtContext) => [p.contextTokens, p.weightsBytes, p.kvBytes, p.activationsBytes, p.overheadBytes].every(Number.isFinite);
  const areas = (stacked?.points ?? []).filter(finite).flatMap((p) => [
    {contextTokens: p.contextTokens, component: "weights", value: bytesIn(p.weightsBytes, unit)},
    {contextTokens: p.contextTokens, component: "overhead", value: bytesIn(p.overheadBytes, unit)},
    {contextTokens: p.contextTokens, component: "activations", value: bytesIn(p.activationsBytes, unit)},
    {contextTokens: p.contextTokens, component: "KV cache", value: bytesIn(p.kvBytes, unit)}
  ]);
  const totals = series.flatMap((s) => s.points.filter(finite).map((p) => ({
    batch: `batch ${s.batchSize}`,
    contextTokens: p.contextTokens,
    value: bytesIn(p.weightsBytes + p.kvBytes + p.activationsBytes + p.overheadBytes, unit)
  })));
  const limitY = bytesIn(usableBytes !== undefined && usableBytes < capacityBytes ? usableBytes : capacityBytes, unit);
  const allX = series.flatMap((s) => s.points.map((p) => p.contextTokens)).filter((x) => x > 0);
  const xMin = Math.min(...allX);
  const xMax = Math.max(...allX);
  const limits = series
    .filter((s) => s.limitTokens !== null && s.limitTokens >= xMin && s.limitTokens <= xMax)
    .map((s) => ({batch: `batch ${s.batchSize}`, x: s.limitTokens!, y: limitY, label: `B=${s.batchSize}: ${formatInteger(s.limitTokens!)}`}));
  const capacity = bytesIn(capacityBytes, unit);
  const yMax = Math.max(capacity * 1.15, ...areas.filter((a) => a.component === "weights").map((a) => a.value * 1.1));
  // When the flat part (weights, overhead, activations) fills most of the card, the KV cache is a
  // sliver on an axis from zero: the axis then starts just under the flat part, and says so.
  const flat = Math.min(...(stacked?.points ?? []).filter(finite).map((p) => bytesIn(p.weightsBytes + p.overheadBytes + p.activationsBytes, unit)));
  const step = 10 ** Math.floor(Math.log10(Math.max(yMax, 1e-9))) / 2;
  const yMin = Number.isFinite(flat) && flat > 0.5 * yMax ? Math.floor((flat * 0.9) / step) * step : 0;
  const height = Math.round(Math.min(440, Math.max(280, width * 0.55)));
  const margin = {top: 20, right: 20, bottom: 30, left: 40};
  const xPx = (v: number) => scalePx(v, [xMin, xMax], [margin.left, width - margin.right], "log");
  const yPx = (v: number) => scalePx(v, [yMin, yMax], [height - margin.bottom, margin.top]);
  const bounds = {width, height};
  // Labels placed in pixels so none overlaps another or leaves the chart: each limit under its
  // dot (lower if taken), each batch line's name at its last point inside the chart.
  const rules = [{y: capacity, label: `capacity ${formatBytes(capacityBytes, {unit, scale: "fixed"})}`, dash: "none"}];
  if (usableBytes !== undefined && usableBytes < capacityBytes) {
    rules.push({y: bytesIn(usableBytes, unit), label: `usable ${formatBytes(usableBytes, {unit, scale: "fixed"})}`, dash: "4,3"});
  }
  // The rules' own labels, drawn from the left edge above each rule: no batch label may cover them.
  const ruleLabels = rules.map((r) => ({x: margin.left, y: yPx(r.y), text: r.label, textAnchor: "start" as const, dx: 4, dy: -7}));
  const limitLabels = declutter(limits.map((l) => ({...l, x: xPx(l.x), y: yPx(l.y), text: l.label, dy: 14, alternatives: [{dy: 26}, {dy: 38}, {dy: -12}], data: l})), {bounds});
  const batchLabels = declutter(
    series.flatMap((s) => {
      const inside = s.points.filter((p) => finite(p) && bytesIn(p.weightsBytes + p.kvBytes + p.activationsBytes + p.overheadBytes, unit) <= yMax * 0.97);
      const last = inside.at(-1);
      if (!last) return [];
      const value = bytesIn(last.weightsBytes + last.kvBytes + last.activationsBytes + last.overheadBytes, unit);
      return [{x: xPx(last.contextTokens), y: yPx(value), text: `batch ${s.batchSize}`, textAnchor: "end" as const, dx: -4, dy: -6,
        alternatives: [{dy: 10}], data: {contextTokens: last.contextTokens, value, batch: `batch ${s.batchSize}`}}];
    }),
    {obstacles: [...limitLabels, ...ruleLabels], bounds}
  );
  return Plot.plot({
    document,
    width,
    height,
    ariaLabel: MEMORY_VS_CONTEXT_CHART_LABEL,
    marginTop: margin.top,
    marginRight: margin.right,
    marginBottom: margin.bottom,
    marginLeft: margin.left,
    x: {type: "log", base: 2, domain: [xMin, xMax], label: "sequence length (tokens)", grid: true, tickFormat: (x: number) => (x >= 1024 ? `${x / 1024}k` : String(x))},
    y: {domain: [yMin, yMax], label: yMin > 0 ? `memory per GPU (${unit}; axis from ${formatInteger(yMin)})` : `memory per GPU (${unit})`, grid: true},
    color: {legend: true, domain: [...COMPONENTS], type: "categorical"},
    marks: [
      Plot.areaY(areas, Plot.stackY({x: "contextTokens", y: "value", fill: "component", fillOpacity: 0.75, order: [...COMPONENTS], curve: "linear", clip: true})),
      Plot.line(totals, {x: "contextTokens", y: "value", z: "batch", stroke: "currentColor", strokeWidth: 1.2, strokeOpacity: 0.8, clip: true}),
      ...batchLabels.map((l) => Plot.text([l.data], {x: "contextTokens", y: "value", text: "batch", dx: -4, dy: l.dy, textAnchor: "end", fontSize: 10, fill: "currentColor", ...HALO})),
      Plot.ruleY(rules.filter((r) => r.dash === "none"), {y: "y", stroke: CAPACITY_COLOR, strokeWidth: 1.5}),
      Plot.ruleY(rules.filter((r) => r.dash !== "none"), {y: "y", stroke: CAPACITY_COLOR, strokeWidth: 1.5, strokeDasharray: "4,3"}),
      Plot.text(rules, {y: "y", text: "label", frameAnchor: "left", dx: 4, dy: -7, fill: CAPACITY_COLOR, textAnchor: "start", fontSize: 10, ...HALO}),
      Plot.dot(limits, {x: "x", y: "y", r: 4, fill: CAPACITY_COLOR, stroke: "var(--theme-background, white)"}),
      ...limitLabels.map((l) => Plot.text([l.data], {x: "x", y: "y", text: "label", dy: l.dy, fill: CAPACITY_COLOR, fontSize: 10, ...HALO})),
      ...(yMin === 0 ? [Plot.ruleY([0])] : [])
    ]
  });
}
