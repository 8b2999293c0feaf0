/**
 * Per-GPU training memory across ZeRO stages 0–3 (rows) for a few tensor × pipeline parallel
 * layouts (panels), stacked by component (weights, gradients, optimizer, activations, logits,
 * overhead), with the GPU's capacity as a rule. A layout the model or the GPU count cannot take
 * is written as "impossible layout" in its panel; bars far beyond the capacity are cut at the
 * chart's edge with their total written there; the reader's own setting is marked "yours".
 */
import {fitChildren, setAttribute, setText} from "./inPlace.js";
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

/** Pixels per ZeRO row, the bar's share of a row, and pixels between panels. */
const ROW_PX = 18.4;
const BAR_SHARE = 0.82;
const PANEL_GAP_PX = 11;
const MARGIN_TOP = 24;
const MARGIN_BOTTOM = 32;
const MARGIN_LEFT = 64;
const MARGIN_RIGHT = 96;
/** A panel is four rows plus the bar gap above the first and below the last (what Plot's band padding of 0.18 gave). */
const PANEL_ROWS = 4 + (1 - BAR_SHARE);

interface Layout {
  /** What must be equal for a chart to be patched rather than redrawn (see updateZeroLayoutsChart). */
  shape: string;
  layouts: string[];
  xMax: number;
  xTicks: number[];
  tickFormat: (x: number) => string;
  height: number;
  yMax: number;
  capacity: number;
  panels: {layout: string; y1: number; y2: number; mid: number}[];
  grid: {x: number; y1: number; y2: number}[];
  pieces: {x1: number; x2: number; y1: number; y2: number; component: string; title: string}[];
  ends: {y: number; x: number; text: string}[];
  impossible: {y: number; text: string}[];
  rowLabels: Map<number, string>;
}

/**
 * Everything the chart draws, from the rows: one linear y scale in row units (panel p's ZeRO z
 * row starts at p·(PANEL_ROWS + gap) + (1 − BAR_SHARE)/2 + z), the x domain, ticks and pieces.
 */
function layoutOf(rows: readonly ZeroLayoutRow[], {capacityBytes, components, current, unit = "GiB", width = 640}: ZeroLayoutsChartOptions): Layout {
  const layouts = [...new Set(rows.map((r) => r.layout))];
  const possible = rows.filter((r) => r.parts !== null && r.totalBytes !== null && Number.isFinite(r.totalBytes));
  const capacity = bytesIn(capacityBytes, unit);
  const totals = possible.map((r) => bytesIn(r.totalBytes!, unit));
  // Show up to 3× the capacity; a bar beyond is cut at the edge with its total written there.
  const xMax = Math.max(capacity * 1.15, Math.min(Math.max(0, ...totals) * 1.05, capacity * 3));

  const gap = PANEL_GAP_PX / ROW_PX;
  const panelTop = new Map(layouts.map((layout, p) => [layout, p * (PANEL_ROWS + gap)]));
  const yMax = layouts.length * PANEL_ROWS + Math.max(0, layouts.length - 1) * gap;
  const rowTop = (layout: string, z: number) => panelTop.get(layout)! + (1 - BAR_SHARE) / 2 + z;
  const rowMid = (layout: string, z: number) => rowTop(layout, z) + BAR_SHARE / 2;
  const panels = layouts.map((layout) => ({layout, y1: panelTop.get(layout)!, y2: panelTop.get(layout)! + PANEL_ROWS, mid: panelTop.get(layout)! + PANEL_ROWS / 2}));
  // A linear axis's ticks as Plot picks them (about one per 80 px), drawn as the axis and as each panel's grid, with
  // as many decimals as the tick step needs (d3's precisionFixed), thousands grouped.
  const xTicks = Plot.ticks(0, xMax, (width - MARGIN_LEFT - MARGIN_RIGHT) / 80);
  const step = xTicks.length > 1 ? xTicks[1]! - xTicks[0]! : 1;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const format = new Intl.NumberFormat("en-US", {minimumFractionDigits: decimals, maximumFractionDigits: decimals});
  const tickFormat = (x: number) => format.format(x);

  const pieces = possible.flatMap((r) => {
    let x = 0;
    const y1 = rowTop(r.layout, r.zeroStage);
    return components.map((component) => {
      const value = bytesIn(r.parts![component] ?? 0, unit);
      const piece = {x1: x, x2: x + value, y1, y2: y1 + BAR_SHARE, component,
        title: `${component}: ${formatBytes(r.parts![component] ?? 0, {unit})}\n${zeroLabel(r.zeroStage)}, ${r.layout}`};
      x += value;
      return piece;
    });
  });
  // Each total at the end of its bar, or at the chart's edge after an arrow when the bar is cut there.
  const ends = possible.map((r) => {
    const value = bytesIn(r.totalBytes!, unit);
    const text = `${formatBytes(r.totalBytes!, {unit, scale: "fixed"})}${current && current.layout === r.layout && current.zeroStage === r.zeroStage ? " ← yours" : ""}`;
    return {y: rowMid(r.layout, r.zeroStage), x: value > xMax ? xMax : value, text: value > xMax ? `→ ${text}` : text};
  });
  const impossibleLayouts = layouts.filter((l) => !possible.some((r) => r.layout === l));
  const impossible = impossibleLayouts.map((layout) => ({y: rowMid(layout, 1), text: "impossible layout for this model and GPU count"}));
  // The ZeRO stage of every row, written left of the panel as a y axis would.
  const rowLabels = new Map(layouts.flatMap((layout) => [0, 1, 2, 3].map((z) => [rowMid(layout, z), zeroLabel(z)] as const)));
  const shape = JSON.stringify([width, unit, capacityBytes, components, layouts, possible.map((r) => `${r.layout}|${r.zeroStage}`), impossibleLayouts]);
  return {shape, layouts, xMax, xTicks, tickFormat, height: MARGIN_TOP + MARGIN_BOTTOM + Math.round(yMax * ROW_PX), yMax, capacity, panels,
    grid: panels.flatMap((p) => xTicks.map((x) => ({x, y1: p.y1, y2: p.y2}))), pieces, ends, impossible, rowLabels};
}

/** The chart's svg (Plot returns a figure with the legend, or the svg itself). */
function svgOf(chart: Element): SVGSVGElement | null {
  return (chart.tagName.toLowerCase() === "svg" ? chart : chart.querySelector(`svg[aria-label="${ZERO_LAYOUTS_CHART_LABEL}"]`)) as SVGSVGElement | null;
}

/** The shape each drawn chart was drawn with. */
const shapes = new WeakMap<Element, string>();

/**
 * The panels are drawn as plain marks on one linear y scale in row units, not as Plot facets: a
 * facet chart renders every mark and axis once per panel, about three times the work for the same
 * picture. Each piece names its component, size, stage and layout in its title (the browser's
 * tooltip), so that a chart patched in place by `updateZeroLayoutsChart` says what it shows.
 *
 * @example zeroLayoutsChart(layoutSweep(c, layouts), {capacityBytes: 85.5e9, components: TRAINING_MEMORY_COMPONENTS, unit: "GB"})
 */
export function zeroLayoutsChart(rows: readonly ZeroLayoutRow[], options: ZeroLayoutsChartOptions): HTMLElement | SVGSVGElement {
  const {capacityBytes, components, unit = "GiB", width = 640, document = globalThis.document} = options;
  const g = layoutOf(rows, options);
  const chart = Plot.plot({
    document,
    width,
    ariaLabel: ZERO_LAYOUTS_CHART_LABEL,
    height: g.height,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginTop: MARGIN_TOP,
    marginBottom: MARGIN_BOTTOM,
    x: {domain: [0, g.xMax], label: `memory per GPU (${unit})`, ticks: g.xTicks, tickFormat: g.tickFormat},
    y: {type: "linear", domain: [0, g.yMax], range: [MARGIN_TOP, g.height - MARGIN_BOTTOM], axis: null},
    color: {legend: true, domain: [...components], type: "categorical"},
    marks: [
      Plot.ruleX(g.grid, {x: "x", y1: "y1", y2: "y2", strokeOpacity: 0.1, className: "zero-grid"}),
      // Each panel's frame: its top and bottom edges, then its sides.
      Plot.ruleY(g.panels.flatMap((p) => [p.y1, p.y2]), {x1: 0, x2: g.xMax, strokeOpacity: 0.15}),
      Plot.ruleX(g.panels.flatMap((p) => [0, g.xMax].map((x) => ({x, y1: p.y1, y2: p.y2}))), {x: "x", y1: "y1", y2: "y2", strokeOpacity: 0.15}),
      Plot.axisY([...g.rowLabels.keys()], {tickFormat: (y: number) => g.rowLabels.get(y) ?? "", label: null}),
      Plot.text(g.panels, {x: g.xMax, y: "mid", text: "layout", dx: 9, textAnchor: "start"}),
      Plot.rect(g.pieces, {x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "component", clip: true, title: "title", className: "zero-pieces"}),
      Plot.ruleX(g.panels, {x: g.capacity, y1: "y1", y2: "y2", stroke: CAPACITY_COLOR, strokeWidth: 2, strokeDasharray: "4,3", className: "zero-capacity"}),
      Plot.text([g.capacity], {x: (d: number) => d, frameAnchor: "top", dy: -14, textAnchor: "middle", fill: CAPACITY_COLOR,
        text: () => `capacity ${formatBytes(capacityBytes, {unit, scale: "fixed"})}`, className: "zero-capacity-label"}),
      // A halo in the page's background, so that a total read across the capacity rule stays legible.
      Plot.text(g.ends, {x: "x", y: "y", text: "text", dx: 4, textAnchor: "start", fontSize: 10, className: "zero-ends",
        stroke: "var(--theme-background, white)", strokeWidth: 3, fill: "currentColor"}),
      Plot.text(g.impossible, {x: 0, y: "y", text: "text", dx: 6, textAnchor: "start", fill: CAPACITY_COLOR})
    ]
  });
  const svg = svgOf(chart);
  // The pieces are bars to a screen reader (and to the tests), as Plot's barX names them.
  svg?.querySelector("g.zero-pieces")?.closest("g[aria-label]")?.setAttribute("aria-label", "bar");
  if (svg) shapes.set(svg, g.shape);
  return chart;
}

/**
 * Redraws `chart` (made by zeroLayoutsChart) in place for new rows: the pieces, their titles, the
 * totals, the x axis and grid and the capacity rule move, so the page lays out no new chart
 * (issue 11, "One frame": the chart follows every micro-batch and sequence move); only x ticks
 * (and their grid lines) are added or dropped as the domain needs.
 * Returns false, changing nothing, when the chart cannot be patched to what zeroLayoutsChart
 * would draw: other layouts or stages, another unit, width, capacity or component list; the
 * caller then draws a new chart. The result is the same SVG as a new drawing (test/components).
 *
 * @example updateZeroLayoutsChart(chart, layoutSweep(c, layouts), options) || replace(chart, zeroLayoutsChart(…))
 */
export function updateZeroLayoutsChart(chart: Element, rows: readonly ZeroLayoutRow[], options: ZeroLayoutsChartOptions): boolean {
  const svg = svgOf(chart);
  if (!svg) return false;
  const g = layoutOf(rows, options);
  if (shapes.get(svg) !== g.shape) return false;
  const width = options.width ?? 640;
  // The chart's x scale for the new domain, built as Plot builds it (the same arithmetic).
  const x = Plot.scale({x: {domain: [0, g.xMax], range: [MARGIN_LEFT, width - MARGIN_RIGHT]}}).apply as (v: number) => number;
  const y = Plot.scale({y: {type: "linear", domain: [0, g.yMax], range: [MARGIN_TOP, g.height - MARGIN_BOTTOM]}}).apply as (v: number) => number;
  const group = (selector: string) => svg.querySelector(selector);
  const ticks = group('g[aria-label="x-axis tick"]');
  const labels = group('g[aria-label="x-axis tick label"]');
  const grid = group("g.zero-grid");
  const pieces = [...(group("g.zero-pieces")?.querySelectorAll("rect") ?? [])];
  const capacity = [...(group("g.zero-capacity")?.querySelectorAll("line") ?? [])];
  const capacityLabel = group("g.zero-capacity-label")?.querySelector("text");
  const ends = [...(group("g.zero-ends")?.querySelectorAll("text") ?? [])];
  if (!ticks?.firstElementChild || !labels?.firstElementChild || !grid?.firstElementChild || pieces.length !== g.pieces.length
    || capacity.length !== g.panels.length || !capacityLabel || ends.length !== g.ends.length) return false;
  // Only what changed is written (inPlace.ts); the ticks' count follows the domain.
  const fit = fitChildren;
  const set = setAttribute;
  const text = setText;
  const bottom = g.height - MARGIN_BOTTOM;
  const tickPaths = fit(ticks, g.xTicks.length);
  const tickLabels = fit(labels, g.xTicks.length);
  g.xTicks.forEach((t, i) => {
    set(tickPaths[i]!, "transform", `translate(${x(t)},${bottom})`);
    set(tickLabels[i]!, "transform", `translate(${x(t)},${bottom})`);
    text(tickLabels[i]!, g.tickFormat(t));
  });
  const gridLines = fit(grid, g.grid.length);
  g.grid.forEach((d, i) => {
    const line = gridLines[i]!;
    set(line, "x1", String(x(d.x)));
    set(line, "x2", String(x(d.x)));
    set(line, "y1", String(y(d.y1)));
    set(line, "y2", String(y(d.y2)));
  });
  g.pieces.forEach((d, i) => {
    const [x1, x2] = [x(d.x1), x(d.x2)];
    set(pieces[i]!, "x", String(Math.min(x1, x2)));
    set(pieces[i]!, "width", String(Math.abs(x2 - x1)));
    const title = pieces[i]!.firstElementChild;
    if (title?.tagName.toLowerCase() === "title") text(title, d.title);
  });
  for (const line of capacity) {
    set(line, "x1", String(x(g.capacity)));
    set(line, "x2", String(x(g.capacity)));
  }
  set(capacityLabel, "transform", `translate(${x(g.capacity)},${MARGIN_TOP})`);
  g.ends.forEach((d, i) => {
    set(ends[i]!, "transform", `translate(${x(d.x)},${y(d.y)})`);
    text(ends[i]!, d.text);
  });
  return true;
}
