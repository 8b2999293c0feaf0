/**
 * Models on one map: total parameters (x) against KV-cache bytes per token (y), both on log
 * scales, coloured by attention kind. MHA models sit high for their size, GQA and MLA models
 * low: the cache per token is set by the attention design, not by the parameter count.
 */
import {declutter, scalePx, textWidth} from "./chartLabels.js";
import * as Plot from "./plot.js";
import {formatBytes, formatCount, formatNumber, type ByteUnit} from "./units.js";

export interface ModelKvDatum {
  name: string;
  totalParams: number;
  kvBytesPerToken: number;
  /** "MHA" | "GQA" | "MQA" | "MLA". */
  attention: string;
}

export interface ModelKvChartOptions {
  /** "GB" shows kB per token (1e3 bytes), "GiB" KiB (2^10). Default "GiB". */
  unit?: ByteUnit;
  /** Names to label next to their dot (none by default). */
  labelled?: readonly string[];
  width?: number;
  document?: Document;
}

export const MODEL_KV_CHART_LABEL = "KV cache per token versus parameters";

/** The colour order of the attention kinds, fixed so colours agree across pages. */
export const ATTENTION_KINDS = ["MHA", "GQA", "MQA", "MLA"] as const;

/** @example modelKvChart([{name: "Llama 3 70B", totalParams: 70.55e9, kvBytesPerToken: 327680, attention: "GQA"}]) */
export function modelKvChart(
  data: readonly ModelKvDatum[],
  {unit = "GiB", labelled = [], width = 640, document = globalThis.document}: ModelKvChartOptions = {}
): HTMLElement | SVGSVGElement {
  const perKilo = unit === "GB" ? 1e3 : 1024;
  const kiloName = unit === "GB" ? "kB" : "KiB";
  const rows = data
    .filter((d) => d.totalParams > 0 && d.kvBytesPerToken > 0)
    .map((d) => ({...d, billions: d.totalParams / 1e9, kilo: d.kvBytesPerToken / perKilo}));
  const ys = rows.length ? rows.map((r) => r.kilo) : [1];
  const xs = rows.length ? rows.map((r) => r.billions) : [1];
  const xMax = Math.max(...xs);
  // Names are placed in pixels: right of the dot, or left of it where the right would leave the
  // chart; a name that would overlap one already placed is left out (the tooltip names every dot).
  const height = Math.round(Math.min(460, Math.max(280, width * 0.55)));
  const margin = {top: 24, right: 30, bottom: 34, left: 44};
  const xDomain: [number, number] = [Math.min(...xs) / 1.3, xMax * 1.3];
  const yDomain: [number, number] = [Math.min(...ys) / 1.6, Math.max(...ys) * 1.4];
  const yLabel = `↑ KV cache per token, bf16 (${kiloName})`;
  const placed = declutter(
    rows.filter((r) => labelled.includes(r.name)).map((r) => {
      const x = scalePx(r.billions, xDomain, [margin.left, width - margin.right], "log");
      const right = x + 7 + textWidth(r.name) <= width;
      return {x, y: scalePx(r.kilo, yDomain, [height - margin.bottom, margin.top], "log"), text: r.name, textAnchor: right ? ("start" as const) : ("end" as const), dx: right ? 7 : -7, data: r};
    }),
    {obstacles: [{x: 0, y: margin.top - 14, text: yLabel, textAnchor: "start"}], bounds: {width, height}}
  );
  const named = placed.map((p) => p.data);
  const leftOf = (r: (typeof rows)[number]) => placed.find((p) => p.data === r)?.textAnchor === "end";
  return Plot.plot({
    document,
    width,
    height,
    ariaLabel: MODEL_KV_CHART_LABEL,
    marginTop: margin.top,
    marginRight: margin.right,
    marginBottom: margin.bottom,
    marginLeft: margin.left,
    x: {type: "log", label: "total parameters (billions)", grid: true, domain: xDomain, tickFormat: (v: number) => formatNumber(v, {digits: 2})},
    y: {type: "log", label: yLabel, grid: true, domain: yDomain, tickFormat: (v: number) => formatNumber(v, {digits: 2})},
    color: {legend: true, domain: [...ATTENTION_KINDS], type: "categorical"},
    marks: [
      Plot.dot(rows, {
        x: "billions", y: "kilo", fill: "attention", r: 4.5, stroke: "var(--theme-background, white)", strokeWidth: 0.5,
        channels: {
          model: "name",
          params: {value: (d: ModelKvDatum) => formatCount(d.totalParams), label: "parameters"},
          kv: {value: (d: ModelKvDatum) => formatBytes(d.kvBytesPerToken, {unit}), label: "KV per token"}
        },
        tip: {format: {x: false, y: false, fill: true, model: true, params: true, kv: true}}
      }),
      Plot.text(named.filter((r) => !leftOf(r)), {x: "billions", y: "kilo", text: "name", dx: 7, textAnchor: "start", fontSize: 10}),
      Plot.text(named.filter(leftOf), {x: "billions", y: "kilo", text: "name", dx: -7, textAnchor: "end", fontSize: 10})
    ]
  });
}
