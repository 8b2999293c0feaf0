/**
 * Predicted against published, log-log: one dot per published figure, coloured by category,
 * with the y = x line and the ±10 % and ±25 % bands around it. Figures of different units
 * cannot share axes, so the chart draws one panel per `panel` value (memory in bytes, times in
 * seconds, speeds in tokens/s, …), each with its own log axes and a shared colour legend.
 *
 * A dot on the line is exact; inside the dark band it is within 10 %, inside the light band
 * within 25 %. Informational figures (their source has unverified parts) are hollow.
 */
import * as Plot from "./plot.js";
import {formatBytes, formatCount, formatFlop, formatInteger, formatNumber, formatSeconds, formatTokensPerSecond, formatUsd, type ByteUnit} from "./units.js";
import {exportMenu} from "./exportMenu.js";

export interface ValidationPoint {
  id: string;
  /** Panel the point goes in (one per unit family). */
  panel: string;
  category: string;
  predicted: number;
  published: number;
  /** predicted / published − 1. */
  error: number;
  status: string;
  model: string;
  hardware: string;
  source: string;
  unit: string;
}

export interface ValidationChartOptions {
  width?: number;
  /** Categories in legend order (default: order of appearance). */
  categories?: readonly string[];
  document?: Document;
}

export const VALIDATION_CHART_LABEL = "predicted versus published";
export const BANDS = [0.10, 0.25] as const;

/** The square log domain covering a panel's points with a margin: [min / 1.6, max · 1.6]. */
export function logDomain(points: readonly {predicted: number; published: number}[]): [number, number] {
  const values = points.flatMap((p) => [p.predicted, p.published]).filter((v) => v > 0 && Number.isFinite(v));
  if (values.length === 0) return [1, 10];
  return [Math.min(...values) / 1.6, Math.max(...values) * 1.6];
}

/**
 * A figure in its unit, for tables and tooltips: bytes in GB or GiB, seconds scaled, tokens/s,
 * dollars per million tokens, GPU-hours, FLOP. `unit` is the report's SI unit name.
 * @example formatMetricValue(4.92e9, "bytes", {byteUnit: "GiB"}) // "4.58 GiB"
 */
export function formatMetricValue(value: number | null, unit: string, {byteUnit = "GB"}: {byteUnit?: ByteUnit} = {}): string {
  if (value === null || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "bytes": return formatBytes(value, {unit: byteUnit});
    case "bytes/token": return `${formatBytes(value, {unit: byteUnit})}/token`;
    case "s": return formatSeconds(value);
    case "tokens/s": return formatTokensPerSecond(value);
    case "tokens/s/GPU": return `${formatTokensPerSecond(value)}/GPU`;
    case "$/M tokens": return `${formatUsd(value)} per M tokens`;
    case "GPU-hours": return `${formatCount(value)} GPU-hours`;
    case "FLOP": return formatFlop(value);
    case "sequences": return `${formatInteger(value)} sequences`;
    default: return `${formatNumber(value)} ${unit}`.trim();
  }
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** Log-axis tick: 10⁶ for large or small powers of ten (others left blank), plain numbers in between. */
export function logTick(value: number): string {
  if (value >= 1e4 || value < 1e-2) {
    const k = Math.round(Math.log10(value));
    if (Math.abs(value / 10 ** k - 1) > 1e-9) return "";
    return `10${k < 0 ? "⁻" : ""}${String(Math.abs(k)).split("").map((d) => SUPERSCRIPT[Number(d)]).join("")}`;
  }
  return String(+value.toPrecision(3));
}

/** A signed percentage: +12.3 %. */
export function signedPercent(error: number): string {
  return `${error >= 0 ? "+" : "−"}${formatNumber(Math.abs(error) * 100)} %`;
}

function panel(points: readonly ValidationPoint[], name: string, categories: readonly string[], width: number, document: Document) {
  const [lo, hi] = logDomain(points);
  // Across two or more decades only the powers of ten are labelled; a narrower panel labels every tick.
  const tickFormat = hi / lo >= 100 ? logTick : (v: number) => (v >= 1e4 || v < 1e-2 ? Number(v.toPrecision(2)).toExponential() : String(+v.toPrecision(3)));
  const diagonal = [lo, hi];
  const band = (k: number) => Plot.areaY(diagonal, {x: (d: number) => d, y1: (d: number) => d * (1 - k), y2: (d: number) => d * (1 + k),
    fill: "var(--theme-foreground-focus)", fillOpacity: k === BANDS[0] ? 0.3 : 0.14});
  const size = Math.max(220, Math.min(width, 420));
  return Plot.plot({
    document,
    width: size,
    height: size,
    ariaLabel: `${VALIDATION_CHART_LABEL}: ${name}`,
    marginLeft: 56,
    x: {type: "log", domain: [lo, hi], label: "published →", grid: true, ticks: 4, tickFormat},
    y: {type: "log", domain: [lo, hi], label: "↑ predicted", grid: true, ticks: 4, tickFormat},
    color: {domain: categories},
    marks: [
      band(BANDS[1]),
      band(BANDS[0]),
      Plot.line(diagonal.map((d) => [d, d]), {stroke: "currentColor", strokeOpacity: 0.6}),
      ...[false, true].map((hollow) => Plot.dot(points.filter((d) => (d.status === "informational") === hollow), {
        x: "published", y: "predicted", r: 3.5,
        stroke: "category",
        ...(hollow ? {fill: "none", strokeWidth: 1.5} : {fill: "category", fillOpacity: 0.8}),
        channels: {
          id: {value: "id", label: "id"},
          publishedText: {value: (d: ValidationPoint) => formatMetricValue(d.published, d.unit), label: "published"},
          predictedText: {value: (d: ValidationPoint) => formatMetricValue(d.predicted, d.unit), label: "predicted"},
          model: {value: "model", label: "model"},
          hardware: {value: "hardware", label: "hardware"},
          errorText: {value: (d: ValidationPoint) => signedPercent(d.error), label: "error"},
          statusText: {value: "status", label: "status"},
          source: {value: "source", label: "source"}
        },
        tip: {format: {id: true, model: true, hardware: true, publishedText: true, predictedText: true, errorText: true,
          statusText: true, stroke: true, source: true, x: false, y: false, fill: false}}
      }))
    ]
  });
}

/**
 * @example validationChart([{id: "IM-001", panel: "memory (bytes)", category: "inference_memory", predicted: 4.9e9, published: 4.92e9, …}])
 */
export function validationChart(points: readonly ValidationPoint[], {width = 900, categories, document = globalThis.document}: ValidationChartOptions = {}): HTMLElement {
  const shown = points.filter((p) => p.predicted > 0 && p.published > 0 && Number.isFinite(p.predicted) && Number.isFinite(p.published));
  const domain = categories ?? [...new Set(shown.map((p) => p.category))];
  const root = document.createElement("div");
  root.className = "validation-chart";
  root.append(Plot.legend({document, color: {domain: [...domain], legend: "swatches"}} as unknown as Plot.LegendOptions) as Element);
  const grid = document.createElement("div");
  grid.style.display = "flex";
  grid.style.flexWrap = "wrap";
  grid.style.gap = "12px";
  const panels = [...new Set(shown.map((p) => p.panel))];
  const panelWidth = panels.length > 1 ? Math.floor((width - 12) / 2) : width;
  for (const name of panels) {
    const figure = document.createElement("figure");
    figure.style.margin = "0";
    const caption = document.createElement("figcaption");
    caption.textContent = name;
    caption.style.fontWeight = "600";
    const rows = shown.filter((p) => p.panel === name);
    // Each panel downloads on its own (SVG, PNG, CSV of its points): one unit family per file.
    const chart = panel(rows, name, domain, panelWidth, document) as Element;
    figure.append(caption, exportMenu(chart, {data: rows, filename: `llm-toll-validation-${name}`, document}));
    grid.append(figure);
  }
  root.append(grid);
  return root;
}
