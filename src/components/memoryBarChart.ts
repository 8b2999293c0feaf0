/**
 * Memory bar chart: where a GPU's memory goes. One horizontal bar per label (a GPU, a
 * configuration, a scenario), stacked by component (weights, KV cache, activations, …),
 * with a vertical rule at the GPU's capacity, so "does it fit?" is read at a glance.
 */
import {labelMargin} from "./chartLabels.js";
import * as Plot from "./plot.js";
import {bytesIn, formatBytes, type ByteUnit} from "./units.js";

/** One piece of one bar. */
export interface MemoryBarDatum {
  /** The bar this piece belongs to (y axis), e.g. "H100 80GB, batch 8". */
  label: string;
  /** Size of the piece in bytes. */
  bytes: number;
  /** What the piece is (colour), e.g. "weights", "KV cache". */
  component: string;
}

export interface MemoryBarChartOptions {
  /** The GPU's memory in bytes; draws a rule and a label there. Omit for no rule. */
  capacityBytes?: number;
  /** Axis unit: decimal GB or binary GiB. Default "GiB". */
  unit?: ByteUnit;
  /** Chart width in pixels. Default 640. */
  width?: number;
  /** Order and colours of the components; by default the order of first appearance. */
  components?: readonly string[];
  /** The document to create nodes in; defaults to the page's. Pass a JSDOM document in tests. */
  document?: Document;
}

/** The chart SVG's aria-label; tests find the chart by it. */
export const MEMORY_BAR_CHART_LABEL = "memory bar chart";

/** The colour of the capacity rule: visible on both the light and the dark theme. */
export const CAPACITY_COLOR = "#e5484d";

/**
 * A stacked horizontal bar chart of memory components, in GB or GiB, with the capacity rule.
 * Returns a `<figure>` (chart + colour legend).
 *
 * @example memoryBarChart([{label: "8B bf16", component: "weights", bytes: 16.06e9},
 *   {label: "8B bf16", component: "KV cache", bytes: 4.3e9}], {capacityBytes: 24e9, unit: "GB"})
 */
export function memoryBarChart(
  data: readonly MemoryBarDatum[],
  {capacityBytes, unit = "GiB", width = 640, components, document = globalThis.document}: MemoryBarChartOptions = {}
): HTMLElement | SVGSVGElement {
  const rows = data.filter((d) => Number.isFinite(d.bytes) && d.bytes >= 0).map((d) => ({...d, value: bytesIn(d.bytes, unit)}));
  const labels = [...new Set(rows.map((d) => d.label))];
  const domain = components ? [...components] : [...new Set(rows.map((d) => d.component))];
  const hasCapacity = capacityBytes !== undefined && Number.isFinite(capacityBytes) && capacityBytes > 0;
  const capacity = hasCapacity ? bytesIn(capacityBytes, unit) : undefined;
  const totals = labels.map((label) => rows.filter((d) => d.label === label).reduce((sum, d) => sum + d.value, 0));
  const xMax = Math.max(capacity ?? 0, ...totals, 1e-9);

  // Bar names fill the left margin up to a third of the width; a longer one wraps (Plot's
  // lineWidth is in ems) rather than running off the chart.
  const marginLeft = labelMargin(labels, {max: Math.max(80, width * 0.33)});
  return Plot.plot({
    document,
    width,
    ariaLabel: MEMORY_BAR_CHART_LABEL,
    height: Math.max(90, 44 * labels.length + 50),
    marginLeft,
    marginTop: hasCapacity ? 24 : 10,
    x: {label: `memory (${unit})`, grid: true, domain: [0, xMax * 1.05], nice: true},
    y: {label: null, domain: labels},
    color: {legend: true, domain, type: "categorical"},
    marks: [
      Plot.barX(
        rows,
        Plot.stackX({
          x: "value",
          y: "label",
          fill: "component",
          channels: {size: {value: (d: MemoryBarDatum) => formatBytes(d.bytes, {unit}), label: "size"}},
          tip: {format: {x: false, y: true, fill: true, size: true}}
        })
      ),
      Plot.axisY({label: null, lineWidth: (marginLeft - 12) / 10, fontSize: 10}),
      Plot.ruleX([0]),
      ...(hasCapacity
        ? [
            Plot.ruleX([capacity], {stroke: CAPACITY_COLOR, strokeWidth: 2, strokeDasharray: "4,3"}),
            Plot.text([capacity], {
              x: (d: number) => d,
              frameAnchor: "top",
              dy: -14,
              // Hang the label into the chart from the rule, so it is never cut at the chart's edge.
              textAnchor: capacity! > xMax * 0.5 ? "end" : "start",
              dx: capacity! > xMax * 0.5 ? 3 : -3,
              fill: CAPACITY_COLOR,
              text: () => `capacity ${formatBytes(capacityBytes, {unit, scale: "fixed"})}`
            })
          ]
        : [])
    ]
  });
}
