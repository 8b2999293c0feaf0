/**
 * Training memory per GPU against the micro-batch (or the sequence length): one line per
 * activation-checkpointing policy (none, selective, full), the GPU's capacity as a rule, a
 * mark on the rule where each policy stops fitting, and the reader's current setting as a
 * ringed dot. The x axis is logarithmic (base 2): each step doubles the batch or the context.
 */
import * as Plot from "./plot.js";
import {CAPACITY_COLOR} from "./memoryBarChart.js";
import {bytesIn, formatBytes, formatInteger, type ByteUnit} from "./units.js";

export interface MemoryVsPoint {
  policy: string;
  x: number;
  totalBytes: number;
}

export interface MemoryVsSeries {
  /** Checkpointing policy: "none", "selective", "full". */
  policy: string;
  points: readonly MemoryVsPoint[];
  /** Largest x that fits under this policy (0: none fits). */
  limit: number;
}

export interface MemoryVsMicroBatchChartOptions {
  /** What x is. Default "microBatch". */
  axis?: "microBatch" | "sequenceLength";
  capacityBytes: number;
  /** The reader's setting, drawn as a ringed dot. */
  current?: {policy: string; x: number; totalBytes: number};
  unit?: ByteUnit;
  width?: number;
  document?: Document;
}

export const MEMORY_VS_MICRO_BATCH_CHART_LABEL = "training memory versus micro-batch";
export const MEMORY_VS_SEQUENCE_CHART_LABEL = "training memory versus sequence length";

/** The policies in legend order. */
export const CHECKPOINTING_ORDER = ["none", "selective", "full"] as const;

const tokens = (x: number) => (x >= 1024 && x % 1024 === 0 ? `${x / 1024}k` : formatInteger(x));

/**
 * @example memoryVsMicroBatchChart([{policy: "none", points, limit: 2}, …], {capacityBytes: 85.5e9, unit: "GB"})
 */
export function memoryVsMicroBatchChart(
  series: readonly MemoryVsSeries[],
  {axis = "microBatch", capacityBytes, current, unit = "GiB", width = 640, document = globalThis.document}: MemoryVsMicroBatchChartOptions
): HTMLElement | SVGSVGElement {
  const rows = series.flatMap((s) => s.points.filter((p) => Number.isFinite(p.totalBytes) && p.x > 0)
    .map((p) => ({policy: s.policy, x: p.x, value: bytesIn(p.totalBytes, unit)})));
  const xs = rows.map((r) => r.x);
  const xMin = xs.length ? Math.min(...xs) : 1;
  const xMax = xs.length ? Math.max(...xs, xMin * 2) : 2;
  const capacity = bytesIn(capacityBytes, unit);
  // Far-off points (an s² attention without FlashAttention) would flatten the rest: clip the y axis.
  const lowest = rows.length ? Math.min(...rows.map((r) => r.value)) : 0;
  const yMax = Math.max(capacity * 1.6, lowest * 1.3, 1e-9);
  // Policies that stop fitting at the same value share one mark.
  const byLimit = new Map<number, string[]>();
  for (const s of series) {
    if (s.limit >= xMin && s.limit <= xMax) byLimit.set(s.limit, [...(byLimit.get(s.limit) ?? []), s.policy]);
  }
  const limits = [...byLimit].map(([x, policies], i) => ({x, y: capacity, label: `${policies.join(", ")}: ${axis === "microBatch" ? formatInteger(x) : tokens(x)}`, dy: 12 + 11 * (i % 2)}));
  const currentRow = current && Number.isFinite(current.totalBytes) && current.x > 0
    ? [{policy: current.policy, x: current.x, value: bytesIn(current.totalBytes, unit)}]
    : [];
  const label = axis === "microBatch" ? MEMORY_VS_MICRO_BATCH_CHART_LABEL : MEMORY_VS_SEQUENCE_CHART_LABEL;
  return Plot.plot({
    document,
    width,
    height: Math.round(Math.min(420, Math.max(260, width * 0.5))),
    ariaLabel: label,
    marginRight: 24,
    x: {
      type: "log", base: 2, domain: [xMin, xMax], grid: true,
      label: axis === "microBatch" ? "micro-batch (sequences per GPU)" : "sequence length (tokens)",
      tickFormat: axis === "microBatch" ? (x: number) => formatInteger(x) : tokens
    },
    y: {domain: [0, yMax], label: `memory per GPU (${unit})`, grid: true},
    color: {legend: true, domain: [...CHECKPOINTING_ORDER], type: "categorical", label: "checkpointing"},
    marks: [
      Plot.ruleY([0]),
      Plot.line(rows, {x: "x", y: "value", stroke: "policy", strokeWidth: 2, marker: "circle-stroke", clip: true,
        tip: {format: {x: true, y: (v: number) => `${v.toFixed(1)} ${unit}`, stroke: true}}}),
      Plot.ruleY([capacity], {stroke: CAPACITY_COLOR, strokeWidth: 1.5, strokeDasharray: "4,3"}),
      Plot.text([capacity], {y: (d: number) => d, text: () => `capacity ${formatBytes(capacityBytes, {unit, scale: "fixed"})}`,
        frameAnchor: "left", dx: 4, dy: -7, fill: CAPACITY_COLOR, textAnchor: "start", fontSize: 10}),
      Plot.dot(limits, {x: "x", y: "y", r: 4, fill: CAPACITY_COLOR, stroke: "var(--theme-background, white)"}),
      // Alternate label rows so neighbouring marks do not overprint.
      Plot.text(limits.filter((d) => d.dy === 12), {x: "x", y: "y", text: "label", dy: 12, fill: CAPACITY_COLOR, fontSize: 10}),
      Plot.text(limits.filter((d) => d.dy !== 12), {x: "x", y: "y", text: "label", dy: 23, fill: CAPACITY_COLOR, fontSize: 10}),
      Plot.dot(currentRow, {x: "x", y: "value", r: 7, stroke: "currentColor", strokeWidth: 2, fill: "none", clip: true}),
      Plot.text(currentRow, {x: "x", y: "value", text: () => "yours", dx: 10, textAnchor: "start", fontSize: 10, clip: true})
    ]
  });
}
