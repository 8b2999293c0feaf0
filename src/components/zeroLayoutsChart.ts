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

/**
 * The panels are drawn as plain marks on one linear y scale in row units (panel p's ZeRO z row
 * starts at p·(PANEL_ROWS + gap) + (1 − BAR_SHARE)/2 + z), not as Plot facets: a facet chart
 * renders every mark and axis once per panel, about three times the work for the same picture
 * (issue 11, "One frame": the chart is redrawn on every micro-batch or sequence move).
 *
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

  const gap = PANEL_GAP_PX / ROW_PX;
  const panelTop = new Map(layouts.map((layout, p) => [layout, p * (PANEL_ROWS + gap)]));
  const yMax = layouts.length * PANEL_ROWS + Math.max(0, layouts.length - 1) * gap;
  const rowTop = (layout: string, z: number) => panelTop.get(layout)! + (1 - BAR_SHARE) / 2 + z;
  const rowMid = (layout: string, z: number) => rowTop(layout, z) + BAR_SHARE / 2;
  const height = MARGIN_TOP + MARGIN_BOTTOM + Math.round(yMax * ROW_PX);
  const panels = layouts.map((layout) => ({layout, y1: panelTop.get(layout)!, y2: panelTop.get(layout)! + PANEL_ROWS, mid: panelTop.get(layout)! + PANEL_ROWS / 2}));
  // Plot's own choice of ticks for a linear axis this wide (one per 80 px), drawn as the axis and as each panel's grid.
  const xTicks = Plot.ticks(0, xMax, (width - MARGIN_LEFT - MARGIN_RIGHT) / 80);

  const pieces = possible.flatMap((r) => {
    let x = 0;
    return components.map((component) => {
      const value = bytesIn(r.parts![component] ?? 0, unit);
      const y1 = rowTop(r.layout, r.zeroStage);
      const piece = {layout: r.layout, zero: zeroLabel(r.zeroStage), component, x1: x, x2: x + value, y1, y2: y1 + BAR_SHARE,
        size: formatBytes(r.parts![component] ?? 0, {unit})};
      x += value;
      return piece;
    });
  });
  const ends = possible.map((r) => ({
    y: rowMid(r.layout, r.zeroStage), value: bytesIn(r.totalBytes!, unit),
    over: bytesIn(r.totalBytes!, unit) > xMax,
    text: `${formatBytes(r.totalBytes!, {unit, scale: "fixed"})}${current && current.layout === r.layout && current.zeroStage === r.zeroStage ? " ← yours" : ""}`
  }));
  const impossible = layouts.filter((l) => !possible.some((r) => r.layout === l)).map((layout) => ({y: rowMid(layout, 1), text: "impossible layout for this model and GPU count"}));
  // The ZeRO stage of every row, written left of the panel as a y axis would.
  const rowLabels = new Map(layouts.flatMap((layout) => [0, 1, 2, 3].map((z) => [rowMid(layout, z), zeroLabel(z)] as const)));
  const chart = Plot.plot({
    document,
    width,
    ariaLabel: ZERO_LAYOUTS_CHART_LABEL,
    height,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginTop: MARGIN_TOP,
    marginBottom: MARGIN_BOTTOM,
    x: {domain: [0, xMax], label: `memory per GPU (${unit})`, ticks: xTicks},
    y: {type: "linear", domain: [0, yMax], range: [MARGIN_TOP, height - MARGIN_BOTTOM], axis: null},
    color: {legend: true, domain: [...components], type: "categorical"},
    marks: [
      Plot.ruleX(panels.flatMap((p) => xTicks.map((x) => ({x, y1: p.y1, y2: p.y2}))), {x: "x", y1: "y1", y2: "y2", strokeOpacity: 0.1}),
      // Each panel's frame: its top and bottom edges, then its sides.
      Plot.ruleY(panels.flatMap((p) => [p.y1, p.y2]), {x1: 0, x2: xMax, strokeOpacity: 0.15}),
      Plot.ruleX(panels.flatMap((p) => [0, xMax].map((x) => ({x, y1: p.y1, y2: p.y2}))), {x: "x", y1: "y1", y2: "y2", strokeOpacity: 0.15}),
      Plot.axisY([...rowLabels.keys()], {tickFormat: (y: number) => rowLabels.get(y) ?? "", label: null}),
      Plot.text(panels, {x: xMax, y: "mid", text: "layout", dx: 9, textAnchor: "start"}),
      Plot.rect(pieces, {x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "component", clip: true,
        channels: {stage: {value: "zero", label: "stage"}, layout: {value: "layout", label: "layout"}, size: {value: "size", label: "size"}},
        tip: {format: {x1: false, x2: false, y1: false, y2: false, stage: true, layout: true, fill: true, size: true}}}),
      Plot.ruleX(panels, {x: capacity, y1: "y1", y2: "y2", stroke: CAPACITY_COLOR, strokeWidth: 2, strokeDasharray: "4,3"}),
      Plot.text([capacity], {x: (d: number) => d, frameAnchor: "top", dy: -14, textAnchor: "middle", fill: CAPACITY_COLOR,
        text: () => `capacity ${formatBytes(capacityBytes, {unit, scale: "fixed"})}`}),
      Plot.text(ends.filter((e) => !e.over), {x: "value", y: "y", text: "text", dx: 4, textAnchor: "start", fontSize: 10}),
      Plot.text(ends.filter((e) => e.over), {x: xMax, y: "y", text: (e: {text: string}) => `→ ${e.text}`, dx: 4, textAnchor: "start", fontSize: 10}),
      Plot.text(impossible, {x: 0, y: "y", text: "text", dx: 6, textAnchor: "start", fill: CAPACITY_COLOR})
    ]
  });
  // The pieces are bars to a screen reader (and to the tests), as Plot's barX names them; the chart's only rect mark.
  const svg = chart.tagName.toLowerCase() === "svg" ? chart : chart.querySelector(`svg[aria-label="${ZERO_LAYOUTS_CHART_LABEL}"]`);
  svg?.querySelector(":scope > g[aria-label=rect]")?.setAttribute("aria-label", "bar");
  return chart;
}
