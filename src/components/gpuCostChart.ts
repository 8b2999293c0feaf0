/**
 * Serving cost across GPUs: dollars per million output tokens for the same model and workload
 * on each priced GPU, a bar at the cheapest listed offer and a tick at the median offer,
 * cheapest first. Each label carries the price date, since prices move.
 */
import * as Plot from "./plot.js";
import {formatUsd} from "./units.js";

export interface GpuCostDatum {
  gpu: string;
  /** US dollars per million output tokens at the cheapest offer; null when the model does not fit or no offer. */
  cheapestUsdPerMillion: number | null;
  /** At the median offer. */
  medianUsdPerMillion: number | null;
  provider: string;
  usdPerGpuHour: number;
  /** YYYY-MM-DD of the cheapest offer. */
  priceDate: string;
}

export const GPU_COST_CHART_LABEL = "serving cost by GPU";

/** @example gpuCostChart([{gpu: "H100 SXM", cheapestUsdPerMillion: 0.5, medianUsdPerMillion: 0.9, provider: "X", usdPerGpuHour: 2, priceDate: "2025-01-01"}]) */
export function gpuCostChart(data: readonly GpuCostDatum[], {width = 640, document = globalThis.document}: {width?: number; document?: Document} = {}) {
  const rows = data.filter((d) => d.cheapestUsdPerMillion !== null && d.cheapestUsdPerMillion > 0 && Number.isFinite(d.cheapestUsdPerMillion))
    .sort((a, b) => a.cheapestUsdPerMillion! - b.cheapestUsdPerMillion!)
    .map((d) => ({...d, label: `${d.gpu} (${d.priceDate})`}));
  // Labels take at most ~55 % of the width (narrow screens), cut with an ellipsis beyond that.
  const marginLeft = Math.min(300, 10 + 6.2 * Math.max(0, ...rows.map((r) => r.label.length)), Math.floor(width * 0.55));
  const maxChars = Math.max(4, Math.floor((marginLeft - 10) / 6.2));
  const medians = rows.filter((d) => d.medianUsdPerMillion !== null && Number.isFinite(d.medianUsdPerMillion));
  return Plot.plot({
    document,
    width,
    height: Math.max(120, 22 * rows.length + 50),
    ariaLabel: GPU_COST_CHART_LABEL,
    marginLeft,
    x: {type: "log", label: "US dollars per million output tokens →", grid: true, tickFormat: (v: number) => formatUsd(v)},
    y: {label: null, domain: rows.map((r) => r.label), tickFormat: (label: string) => (label.length > maxChars ? `${label.slice(0, maxChars - 1)}…` : label)},
    marks: [
      Plot.barX(rows, {x1: (d: GpuCostDatum) => Math.min(...rows.map((r) => r.cheapestUsdPerMillion!)) / 2, x2: "cheapestUsdPerMillion", y: "label",
        fill: "var(--theme-foreground-focus)", fillOpacity: 0.8,
        channels: {offer: {value: (d: GpuCostDatum) => `${d.provider}, ${formatUsd(d.usdPerGpuHour)}/GPU-hour, ${d.priceDate}`, label: "cheapest offer"}},
        tip: {format: {x1: false, x2: (v: number) => `${formatUsd(v)} per M`, y: true, offer: true}}}),
      Plot.tickX(medians, {x: "medianUsdPerMillion", y: "label", stroke: "#e5484d", strokeWidth: 2})
    ]
  });
}
