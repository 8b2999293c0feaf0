/**
 * Per-GPU training memory across ZeRO stages 0–3 (rows) for a few tensor × pipeline parallel
 * layouts (panels), stacked by component (weights, gradients, optimizer, activations, logits,
 * overhead), with the GPU's capacity as a rule. A layout the model or the GPU count cannot take
 * is written as "impossible layout" in its panel; bars far beyond the capacity are cut at the
 * chart's edge with their total written there; the reader's own setting is marked "yours".
 */
import * as Plot from "./plot.js";
import {CAPACITY_COLOR} from "./memoryBarChart.js";
import {bytesIn, formatBytes, type ByteUnit} from "./units.js";

export interface ZeroLayoutRow {
  /** Panel label, e.g. "TP 2 × PP 1". */
  layout: string;
  zeroStage: 0 | 1 | 2 | 3;
  /** Bytes per component; null for an impossible layout. */
  parts: Readonly<Record<string, number>> | null;
  totalBytes: number | null;
}

export interface ZeroLayoutsChartOptions {
  capacityBytes: number;
  /** Component order (and colours), e.g. TRAINING_MEMORY_COMPONENTS. */
  components: readonly string[];
  /** The reader's setting, marked "yours". */
  current?: {layout: string; zeroStage: number};
  unit?: ByteUnit;
  width?: number;
  document?: Document;
}

export const ZERO_LAYOUTS_CHART_LABEL = "memory across ZeRO stages and parallel layouts";

const zeroLabel = (z: number) => `ZeRO ${z}`;

/**
 * @example zeroLayoutsChart(layoutSweep(c, layouts), {capacityBytes: 85.5e9, components: TRAINING_MEMORY_COMPONENTS, unit: "GB"})
 */
export function zeroLayoutsChart(
  rows: readonly ZeroLayoutRow[],
  {capacityBytes, components, current, unit = "GiB", width = 640, document = globalThis.document}: ZeroLayoutsChartOptions
): HTMLElement | SVGSVGElement {
  const layouts = [...new Set(rows.map((r) => r.layout))];
  const possible = rows.filter((r) => r.parts !== null && r.totalBytes !== null && Number.isFinite(r.totalBytes));
  const capacity = bytesIn(capacityBytes, unit);
  const totals = possible.map((r) => bytesIn(r.totalBytes!, unit));
  // Show up to 3× the capacity; a bar beyond is cut at the edge with its total written there.
  const xMax = Math.max(capacity * 1.15, Math.min(Math.max(0, ...totals) * 1.05, capacity * 3));
  const pieces = possible.flatMap((r) => components.map((component) => ({
    layout: r.layout, zero: zeroLabel(r.zeroStage), component,
    value: bytesIn(r.parts![component] ?? 0, unit),
    size: formatBytes(r.parts![component] ?? 0, {unit})
  })));
  const ends = possible.map((r) => ({
    layout: r.layout, zero: zeroLabel(r.zeroStage), value: bytesIn(r.totalBytes!, unit),
    over: bytesIn(r.totalBytes!, unit) > xMax,
    text: `${formatBytes(r.totalBytes!, {unit, scale: "fixed"})}${current && current.layout === r.layout && current.zeroStage === r.zeroStage ? " ← yours" : ""}`
  }));
  const impossible = layouts.filter((l) => !possible.some((r) => r.layout === l)).map((layout) => ({layout, zero: zeroLabel(1), text: "impossible layout for this model and GPU count"}));
  return Plot.plot({
    document,
    width,
    ariaLabel: ZERO_LAYOUTS_CHART_LABEL,
    height: 40 + layouts.length * (4 * 19 + 14),
    marginLeft: 64,
    marginRight: 96,
    marginTop: 24,
    x: {domain: [0, xMax], label: `memory per GPU (${unit})`, grid: true},
    y: {domain: [0, 1, 2, 3].map(zeroLabel), label: null, padding: 0.18},
    fy: {domain: layouts, label: null, padding: 0.12},
    color: {legend: true, domain: [...components], type: "categorical"},
    marks: [
      Plot.frame({strokeOpacity: 0.15}),
      Plot.barX(pieces, Plot.stackX({x: "value", y: "zero", fy: "layout", fill: "component", order: [...components], clip: true,
        channels: {size: {value: "size", label: "size"}}, tip: {format: {x: false, y: true, fy: true, fill: true, size: true}}})),
      Plot.ruleX([capacity], {stroke: CAPACITY_COLOR, strokeWidth: 2, strokeDasharray: "4,3"}),
      Plot.text([capacity], {x: (d: number) => d, frameAnchor: "top", dy: -14, textAnchor: "middle", fill: CAPACITY_COLOR, facetAnchor: "top",
        text: () => `capacity ${formatBytes(capacityBytes, {unit, scale: "fixed"})}`}),
      Plot.text(ends.filter((e) => !e.over), {x: "value", y: "zero", fy: "layout", text: "text", dx: 4, textAnchor: "start", fontSize: 10}),
      Plot.text(ends.filter((e) => e.over), {x: xMax, y: "zero", fy: "layout", text: (e: {text: string}) => `→ ${e.text}`, dx: 4, textAnchor: "start", fontSize: 10}),
      Plot.text(impossible, {x: 0, y: "zero", fy: "layout", text: "text", dx: 6, textAnchor: "start", fill: CAPACITY_COLOR})
    ]
  });
}
