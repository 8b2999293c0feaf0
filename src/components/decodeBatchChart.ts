/**
 * Decode speed against batch size: tokens per second for one sequence and summed over the
 * batch, on log–log axes. While the step is memory-bound, every sequence shares one pass over
 * the weights, so the summed rate grows almost linearly with the batch and the per-sequence
 * rate barely drops; past the compute-bound batch (B_crit, marked) each extra sequence adds
 * its own FLOP and the summed rate flattens.
 *
 *     t_step(B) = KV(B)/(BW·η_m) + max(W/(BW·η_m), B·FLOP_tok/(P·η_c)) + t_fixed
 *     per sequence = 1/t_step,   summed = B/t_step
 */
import * as Plot from "./plot.js";
import {formatInteger, formatTokensPerSecond} from "./units.js";

export interface DecodeBatchDatum {
  batchSize: number;
  /** Tokens/s each sequence sees (1 / decode step). */
  perSequenceTokensPerSecond: number;
  /** Tokens/s over the whole batch (B / decode step). */
  totalTokensPerSecond: number;
}

export interface DecodeBatchChartOptions {
  /** Smallest batch at which decode is compute-bound (engine's computeBoundBatchSize); null = none in range. */
  computeBoundBatchSize?: number | null;
  /** The reader's batch, marked on both curves. */
  currentBatchSize?: number;
  /** Largest batch that fits in memory; batches beyond it are shaded. */
  maxBatchSize?: number;
  width?: number;
  document?: Document;
}

export const DECODE_BATCH_CHART_LABEL = "decode tokens per second vs batch size";

export const SERIES = {perSequence: "per sequence", total: "summed over the batch"} as const;

/**
 * @example decodeBatchChart([{batchSize: 1, perSequenceTokensPerSecond: 150, totalTokensPerSecond: 150}, …],
 *   {computeBoundBatchSize: 300, currentBatchSize: 8})
 */
export function decodeBatchChart(
  data: readonly DecodeBatchDatum[],
  {computeBoundBatchSize = null, currentBatchSize, maxBatchSize, width = 640, document = globalThis.document}: DecodeBatchChartOptions = {}
): SVGSVGElement | HTMLElement {
  const ok = data.filter((d) => d.batchSize > 0 && d.perSequenceTokensPerSecond > 0 && d.totalTokensPerSecond > 0
    && Number.isFinite(d.perSequenceTokensPerSecond) && Number.isFinite(d.totalTokensPerSecond));
  const rows = ok.flatMap((d) => [
    {batchSize: d.batchSize, series: SERIES.perSequence, tokensPerSecond: d.perSequenceTokensPerSecond},
    {batchSize: d.batchSize, series: SERIES.total, tokensPerSecond: d.totalTokensPerSecond}
  ]);
  const batches = ok.map((d) => d.batchSize);
  const bMin = Math.min(...batches, 1);
  const bMax = Math.max(...batches, 2);
  const crit = computeBoundBatchSize !== null && computeBoundBatchSize >= bMin && computeBoundBatchSize <= bMax ? [computeBoundBatchSize] : [];
  const overflow = maxBatchSize !== undefined && Number.isFinite(maxBatchSize) && maxBatchSize < bMax
    ? [{x1: Math.max(bMin, maxBatchSize), x2: bMax}] : [];
  const current = currentBatchSize !== undefined ? rows.filter((r) => r.batchSize === currentBatchSize) : [];
  return Plot.plot({
    document,
    width,
    height: 340,
    ariaLabel: DECODE_BATCH_CHART_LABEL,
    marginLeft: 64,
    x: {type: "log", label: "batch size (sequences) →", domain: [bMin, bMax], grid: true},
    y: {type: "log", label: "↑ decode tokens/s", grid: true, nice: true},
    color: {legend: true, domain: [SERIES.perSequence, SERIES.total]},
    marks: [
      Plot.rectX(overflow, {x1: "x1", x2: "x2", fill: "currentColor", fillOpacity: 0.08}),
      Plot.text(overflow, {x: "x2", frameAnchor: "bottom", dy: -6, dx: -4, textAnchor: "end", fillOpacity: 0.7,
        text: () => "does not fit in memory"}),
      Plot.ruleX(crit, {strokeDasharray: "4,3", strokeOpacity: 0.8}),
      Plot.text(crit, {x: (d: number) => d, frameAnchor: "top", dy: 6, dx: -4, textAnchor: "end",
        text: (d: number) => `compute-bound from B = ${formatInteger(d)}`}),
      Plot.line(rows, {x: "batchSize", y: "tokensPerSecond", stroke: "series", strokeWidth: 2}),
      Plot.dot(current, {x: "batchSize", y: "tokensPerSecond", fill: "series", r: 5, stroke: "var(--theme-background, white)"}),
      Plot.tip(rows, Plot.pointer({x: "batchSize", y: "tokensPerSecond", stroke: "series",
        title: (r: {batchSize: number; series: string; tokensPerSecond: number}) => `batch ${formatInteger(r.batchSize)}\n${r.series}: ${formatTokensPerSecond(r.tokensPerSecond)}`}))
    ]
  });
}
