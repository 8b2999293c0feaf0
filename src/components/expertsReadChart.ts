/**
 * Experts read per MoE layer against batch size. With k of E experts routed per token,
 * uniformly and independently, a batch of B tokens touches on average
 *
 *     U(B) = E · (1 − (1 − k/E)^B)
 *
 * experts, so a decode step streams the shared weights plus U(B)/E of the routed ones:
 * at batch 1 only k experts, by batch ≈ 4E/k almost all of them.
 * Source of the formula: lib/throughput.ts expectedExpertsRead (peers.md finding 9).
 */
import * as Plot from "./plot.js";
import {expectedExpertsRead} from "../lib/throughput.js";
import {formatBytes, formatInteger, formatNumber, type ByteUnit} from "./units.js";

export interface ExpertsReadChartOptions {
  /** E: routed experts per MoE layer. */
  experts: number;
  /** k: routed experts per token. */
  expertsPerToken: number;
  /** Largest batch drawn. Default 1024. */
  maxBatchSize?: number;
  /** The reader's batch, marked. */
  currentBatchSize?: number;
  /**
   * Weight bytes a step always reads (attention, shared experts, embeddings…) and the routed
   * experts' bytes; with both, a right-hand axis gives the bytes read per step,
   * W_shared + W_routed · U/E, for the experts read on the left.
   */
  sharedBytes?: number;
  routedBytes?: number;
  /** Unit of the right-hand axis. Default "GB". */
  unit?: ByteUnit;
  width?: number;
  document?: Document;
}

export const EXPERTS_READ_CHART_LABEL = "experts read vs batch size";

/** The curve's points: batch 1, 2, 4, … plus the reader's batch, with U(B). */
export function expertsReadSeries(options: {experts: number; expertsPerToken: number; maxBatchSize?: number; extra?: number[]}): {batchSize: number; expertsRead: number}[] {
  const {experts, expertsPerToken, maxBatchSize = 1024, extra = []} = options;
  const batches = new Set<number>(extra.filter((b) => b >= 1 && b <= maxBatchSize));
  for (let b = 1; b <= maxBatchSize; b = Math.ceil(b * 1.25)) batches.add(b);
  batches.add(maxBatchSize);
  return [...batches].sort((a, b) => a - b).map((batchSize) => ({batchSize, expertsRead: expectedExpertsRead({experts, expertsPerToken, tokens: batchSize})}));
}

/** @example expertsReadChart({experts: 256, expertsPerToken: 8, currentBatchSize: 16}) */
export function expertsReadChart({
  experts,
  expertsPerToken,
  maxBatchSize = 1024,
  currentBatchSize,
  sharedBytes,
  routedBytes,
  unit = "GB",
  width = 640,
  document = globalThis.document
}: ExpertsReadChartOptions): SVGSVGElement | HTMLElement {
  const withBytes = sharedBytes !== undefined && routedBytes !== undefined && Number.isFinite(sharedBytes) && Number.isFinite(routedBytes);
  const bytesAt = (u: number) => (sharedBytes ?? 0) + ((routedBytes ?? 0) * u) / experts;
  const series = expertsReadSeries({experts, expertsPerToken, maxBatchSize, extra: currentBatchSize ? [currentBatchSize] : []});
  const current = series.filter((d) => d.batchSize === currentBatchSize);
  return Plot.plot({
    document,
    width,
    height: 300,
    ariaLabel: EXPERTS_READ_CHART_LABEL,
    marginLeft: 56,
    marginRight: withBytes ? 72 : 24,
    x: {type: "log", label: "batch size (tokens per step) →", domain: [1, maxBatchSize], grid: true},
    y: {label: "↑ experts read per layer", domain: [0, experts * 1.08], grid: true},
    marks: [
      Plot.axisY({anchor: "left", label: "↑ experts read per layer"}),
      ...(withBytes
        ? [Plot.axisY({anchor: "right", label: `weights read per step (${unit}) ↑`,
            tickFormat: (u: number) => formatBytes(bytesAt(u), {unit, scale: "fixed"}).replace(/ G(i)?B$/, "")})]
        : []),
      Plot.ruleY([experts], {strokeDasharray: "4,3", strokeOpacity: 0.7}),
      Plot.text([experts], {y: (d: number) => d, frameAnchor: "left", dy: -8, dx: 4, textAnchor: "start", text: () => `all ${formatInteger(experts)} experts`}),
      Plot.ruleY([expertsPerToken], {strokeDasharray: "2,3", strokeOpacity: 0.5}),
      Plot.text([expertsPerToken], {y: (d: number) => d, frameAnchor: "right", dy: -8, textAnchor: "end", text: () => `k = ${formatInteger(expertsPerToken)} per token`}),
      Plot.line(series, {x: "batchSize", y: "expertsRead", strokeWidth: 2}),
      Plot.dot(current, {x: "batchSize", y: "expertsRead", r: 5, fill: "currentColor"}),
      Plot.text(current, {x: "batchSize", y: "expertsRead", dx: 8, textAnchor: "start",
        text: (d: {batchSize: number; expertsRead: number}) => `B = ${formatInteger(d.batchSize)}: ${formatNumber(d.expertsRead)} experts${withBytes ? `, ${formatBytes(bytesAt(d.expertsRead), {unit, scale: "fixed"})} read` : ""}`}),
      Plot.tip(series, Plot.pointerX({x: "batchSize", y: "expertsRead",
        title: (d: {batchSize: number; expertsRead: number}) => `batch ${formatInteger(d.batchSize)}: ${formatNumber(d.expertsRead)} of ${formatInteger(experts)} experts`}))
    ]
  });
}
