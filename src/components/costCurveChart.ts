/**
 * Serving cost against batch size: dollars per million output tokens (decode) and per million
 * input tokens (prefill), log-log. Decode cost falls about as 1/B while a step is bound by
 * reading the weights, then flattens once the step is bound by compute; the rule marks that
 * crossover batch, and a second rule the largest batch that fits in memory.
 */
import * as Plot from "./plot.js";
import {formatInteger, formatUsd} from "./units.js";

export interface CostAtBatch {
  batchSize: number;
  /** US dollars per million output tokens; null when undefined. */
  usdPerMillionOutputTokens: number | null;
  usdPerMillionInputTokens: number | null;
}

export interface CostCurveChartOptions {
  /** First batch at which decode is compute-bound (the engine's computeBoundBatchSize), or null. */
  crossoverBatchSize?: number | null;
  /** Largest batch that fits, or null. */
  maxBatchSize?: number | null;
  /** The user's batch, marked with a dot. */
  batchSize?: number;
  width?: number;
  document?: Document;
}

export const COST_CURVE_CHART_LABEL = "serving cost versus batch size";
export const COST_SERIES = {output: "output tokens (decode)", input: "input tokens (prefill)"} as const;

/** Long-form rows for the two series, dropping undefined or non-positive costs. */
export function costSeries(data: readonly CostAtBatch[]): {batchSize: number; series: string; usd: number}[] {
  const out: {batchSize: number; series: string; usd: number}[] = [];
  for (const d of data) {
    if (d.usdPerMillionOutputTokens !== null && d.usdPerMillionOutputTokens > 0 && Number.isFinite(d.usdPerMillionOutputTokens)) {
      out.push({batchSize: d.batchSize, series: COST_SERIES.output, usd: d.usdPerMillionOutputTokens});
    }
    if (d.usdPerMillionInputTokens !== null && d.usdPerMillionInputTokens > 0 && Number.isFinite(d.usdPerMillionInputTokens)) {
      out.push({batchSize: d.batchSize, series: COST_SERIES.input, usd: d.usdPerMillionInputTokens});
    }
  }
  return out;
}

/** @example costCurveChart([{batchSize: 1, usdPerMillionOutputTokens: 12, usdPerMillionInputTokens: 0.1}], {crossoverBatchSize: 300}) */
export function costCurveChart(data: readonly CostAtBatch[], {crossoverBatchSize = null, maxBatchSize = null, batchSize, width = 640,
  document = globalThis.document}: CostCurveChartOptions = {}) {
  const rows = costSeries(data);
  const rules: {x: number; label: string}[] = [];
  if (crossoverBatchSize !== null && Number.isFinite(crossoverBatchSize)) rules.push({x: crossoverBatchSize, label: `compute-bound from B = ${formatInteger(crossoverBatchSize)}`});
  if (maxBatchSize !== null && maxBatchSize > 0 && Number.isFinite(maxBatchSize)) rules.push({x: maxBatchSize, label: `memory full at B = ${formatInteger(maxBatchSize)}`});
  const mine = batchSize === undefined ? [] : rows.filter((r) => r.batchSize === batchSize);
  return Plot.plot({
    document,
    width,
    height: 340,
    ariaLabel: COST_CURVE_CHART_LABEL,
    marginLeft: 60,
    x: {type: "log", label: "batch size (concurrent sequences) →", grid: true},
    y: {type: "log", label: "↑ US dollars per million tokens", grid: true, tickFormat: (v: number) => formatUsd(v)},
    color: {domain: [COST_SERIES.output, COST_SERIES.input], legend: true},
    marks: [
      Plot.ruleX(rules, {x: "x", stroke: (d: {label: string}) => (d.label.startsWith("memory") ? "#e5484d" : "currentColor"), strokeDasharray: "4,3"}),
      Plot.text(rules, {x: "x", text: "label", frameAnchor: "top", rotate: -90, textAnchor: "end", dx: -6, dy: 4, fontSize: 11}),
      Plot.line(rows, {x: "batchSize", y: "usd", stroke: "series", strokeWidth: 2}),
      Plot.dot(mine, {x: "batchSize", y: "usd", fill: "series", r: 4}),
      Plot.tip(rows, Plot.pointer({x: "batchSize", y: "usd", stroke: "series",
        format: {x: (v: number) => `B = ${formatInteger(v)}`, y: (v: number) => `${formatUsd(v)} per M tokens`}}))
    ]
  });
}
