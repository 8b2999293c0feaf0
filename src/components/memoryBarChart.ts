/**
 * Memory bar chart: where a GPU's memory goes. One horizontal bar per label (a GPU, a
 * configuration, a scenario), stacked by component (weights, KV cache, activations, …),
 * with a vertical rule at the GPU's capacity, so "does it fit?" is read at a glance.
 */
import {fitChildren, setAttribute, setText} from "./inPlace.js";
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
  /**
   * Draw a chart that `updateMemoryBarChart` can move in place: each piece says its component and
   * size in a title (the browser's tooltip) instead of Plot's pointer tip, and the x ticks are
   * placed here (as Plot places them). Default false.
   */
  inPlace?: boolean;
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
export function memoryBarChart(data: readonly MemoryBarDatum[], options: MemoryBarChartOptions = {}): HTMLElement | SVGSVGElement {
  const {unit = "GiB", width = 640, inPlace = false, document = globalThis.document} = options;
  const g = layoutOf(data, options);
  const {rows, labels, capacity, xMax, marginLeft} = g;
  const capacityBytes = options.capacityBytes!;
  const size = {value: (d: MemoryBarDatum) => formatBytes(d.bytes, {unit}), label: "size"};
  const chart = Plot.plot({
    document,
    width,
    ariaLabel: MEMORY_BAR_CHART_LABEL,
    height: g.height,
    marginLeft,
    marginTop: g.marginTop,
    x: inPlace
      ? {label: `memory (${unit})`, grid: true, domain: g.inPlace!.domain, ticks: g.inPlace!.ticks, tickFormat: g.inPlace!.tickFormat}
      : {label: `memory (${unit})`, grid: true, domain: [0, xMax * 1.05], nice: true},
    y: {label: null, domain: labels},
    color: {legend: true, domain: g.domain, type: "categorical"},
    marks: [
      Plot.barX(
        rows,
        Plot.stackX(inPlace
          ? {x: "value", y: "label", fill: "component", title: (d: MemoryBarDatum) => `${d.component}: ${formatBytes(d.bytes, {unit})}`}
          : {x: "value", y: "label", fill: "component", channels: {size}, tip: {format: {x: false, y: true, fill: true, size: true}}})
      ),
      Plot.axisY({label: null, lineWidth: (marginLeft - 12) / 10, fontSize: 10}),
      Plot.ruleX([0]),
      ...(capacity !== undefined
        ? [
            Plot.ruleX([capacity], {stroke: CAPACITY_COLOR, strokeWidth: 2, strokeDasharray: "4,3", ...(inPlace ? {className: "memory-capacity"} : {})}),
            Plot.text([capacity], {
              x: (d: number) => d,
              frameAnchor: "top",
              dy: -14,
              // Hang the label into the chart from the rule, so it is never cut at the chart's edge.
              textAnchor: g.capacityRight ? "end" : "start",
              dx: g.capacityRight ? 3 : -3,
              fill: CAPACITY_COLOR,
              text: () => `capacity ${formatBytes(capacityBytes, {unit, scale: "fixed"})}`,
              ...(inPlace ? {className: "memory-capacity-label"} : {})
            })
          ]
        : [])
    ]
  });
  if (inPlace) {
    const svg = svgOf(chart);
    if (svg) shapes.set(svg, g.shape);
  }
  return chart;
}

interface BarLayout {
  rows: (MemoryBarDatum & {value: number})[];
  labels: string[];
  domain: string[];
  capacity: number | undefined;
  /** The capacity label hangs left of its rule (right half of the chart). */
  capacityRight: boolean;
  xMax: number;
  marginLeft: number;
  marginTop: number;
  height: number;
  /** The x domain, ticks and their format of a chart drawn to be moved in place (Plot's own choice, made here). */
  inPlace?: {domain: [number, number]; ticks: number[]; tickFormat: (x: number) => string};
  /** What must be equal for a chart to be patched rather than redrawn. */
  shape: string;
}

function layoutOf(data: readonly MemoryBarDatum[], {capacityBytes, unit = "GiB", width = 640, components, inPlace = false}: MemoryBarChartOptions): BarLayout {
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
  const marginTop = hasCapacity ? 24 : 10;
  const capacityRight = capacity !== undefined && capacity > xMax * 0.5;
  let placed: BarLayout["inPlace"];
  if (inPlace) {
    // What Plot does for `domain: [0, xMax·1.05], nice: true` and its default axis: d3's nice
    // domain (10 ticks) and one tick per 80 px of the frame, formatted by d3's tickFormat.
    const [lo, hi] = Plot.nice(0, xMax * 1.05, 10);
    const count = Math.abs(width - MARGIN_RIGHT - marginLeft) / 80;
    placed = {domain: [lo, hi], ticks: Plot.ticks(lo, hi, count), tickFormat: Plot.tickFormat(lo, hi, count)};
  }
  const shape = JSON.stringify([width, unit, capacityBytes ?? null, domain, labels, rows.map((r) => `${r.label}|${r.component}`), marginLeft]);
  return {rows, labels, domain, capacity, capacityRight, xMax, marginLeft, marginTop, height: Math.max(90, 44 * labels.length + 50), inPlace: placed, shape};
}

/** Plot's default right margin (the chart sets none). */
const MARGIN_RIGHT = 20;

/** The chart's svg (Plot returns a figure with the legend, or the svg itself). */
function svgOf(chart: Element): SVGSVGElement | null {
  return (chart.tagName.toLowerCase() === "svg" ? chart : chart.querySelector(`svg[aria-label="${MEMORY_BAR_CHART_LABEL}"]`)) as SVGSVGElement | null;
}

/** The shape each chart drawn with `inPlace` was drawn with. */
const shapes = new WeakMap<Element, string>();

/**
 * Moves a chart drawn by memoryBarChart with `inPlace` to new bytes: the pieces, their titles,
 * the x axis and grid and the capacity rule move, so the page lays out no new chart (issue 11,
 * "One frame"); only x ticks (and grid lines) are added or dropped as the domain needs. Returns
 * false, changing nothing, when the chart cannot be moved to what memoryBarChart would draw:
 * other bars or pieces, another unit, width or capacity; the caller then draws a new chart. The result is the same SVG as a new drawing (test/components).
 *
 * @example updateMemoryBarChart(chart, bars, {capacityBytes, unit, width, inPlace: true}) || redraw()
 */
export function updateMemoryBarChart(chart: Element, data: readonly MemoryBarDatum[], options: MemoryBarChartOptions): boolean {
  const svg = svgOf(chart);
  if (!svg || !options.inPlace) return false;
  const g = layoutOf(data, options);
  if (shapes.get(svg) !== g.shape || !g.inPlace) return false;
  const width = options.width ?? 640;
  const x = Plot.scale({x: {domain: g.inPlace.domain, range: [g.marginLeft, width - MARGIN_RIGHT]}}).apply as (v: number) => number;
  const group = (selector: string) => svg.querySelector(selector);
  const grid = group('g[aria-label="x-grid"]');
  const ticks = group('g[aria-label="x-axis tick"]');
  const labels = group('g[aria-label="x-axis tick label"]');
  const bars = [...(group('g[aria-label="bar"]')?.querySelectorAll("rect") ?? [])];
  const capacity = group("g.memory-capacity")?.querySelector("line");
  const capacityGroup = group("g.memory-capacity-label");
  const capacityLabel = capacityGroup?.querySelector("text");
  if (!grid?.firstElementChild || !ticks?.firstElementChild || !labels?.firstElementChild || bars.length !== g.rows.length
    || (g.capacity !== undefined && (!capacity || !capacityLabel))) return false;
  // Only what changed is written (inPlace.ts); the ticks' count follows the domain.
  const fit = fitChildren;
  const set = setAttribute;
  const text = setText;
  const bottom = g.height - 30;
  const {ticks: xTicks, tickFormat} = g.inPlace;
  const gridLines = fit(grid, xTicks.length);
  const tickPaths = fit(ticks, xTicks.length);
  const tickLabels = fit(labels, xTicks.length);
  xTicks.forEach((t, i) => {
    set(gridLines[i]!, "x1", String(x(t)));
    set(gridLines[i]!, "x2", String(x(t)));
    set(tickPaths[i]!, "transform", `translate(${x(t)},${bottom})`);
    set(tickLabels[i]!, "transform", `translate(${x(t)},${bottom})`);
    text(tickLabels[i]!, tickFormat(t));
  });
  // Plot's stack: each bar's pieces end to end, in the order given.
  const ends = new Map<string, number>();
  g.rows.forEach((d, i) => {
    const start = ends.get(d.label) ?? 0;
    const end = start + d.value;
    ends.set(d.label, end);
    const [x1, x2] = [x(start), x(end)];
    set(bars[i]!, "x", String(Math.min(x1, x2)));
    set(bars[i]!, "width", String(Math.abs(x2 - x1)));
    const title = bars[i]!.firstElementChild;
    if (title?.tagName.toLowerCase() === "title") text(title, `${d.component}: ${formatBytes(d.bytes, {unit: options.unit ?? "GiB"})}`);
  });
  if (g.capacity !== undefined) {
    set(capacity!, "x1", String(x(g.capacity)));
    set(capacity!, "x2", String(x(g.capacity)));
    set(capacityLabel!, "transform", `translate(${x(g.capacity)},${g.marginTop})`);
    // The label hangs into the chart from the rule: left of it when the rule is in the right half.
    set(capacityGroup!, "text-anchor", g.capacityRight ? "end" : "start");
    set(capacityGroup!, "transform", `translate(${g.capacityRight ? 3 : -3},-14)`);
  }
  return true;
}
