/**
 * One model under four attention designs: the KV-cache bytes per token under MHA, GQA, MQA and
 * MLA, one bar each, the model's own design marked. A log axis would hide the point (the
 * ratios are the story), so the axis is linear.
 */
import * as Plot from "./plot.js";
import {formatBytes, type ByteUnit} from "./units.js";

export interface AttentionKindDatum {
  kind: string;
  bytesPerToken: number;
  /** The model's own design. */
  actual: boolean;
}

export interface AttentionKindsChartOptions {
  /** "GB" → kB per token, "GiB" → KiB. Default "GiB". */
  unit?: ByteUnit;
  width?: number;
  document?: Document;
}

export const ATTENTION_KINDS_CHART_LABEL = "KV cache per token by attention kind";

/** @example attentionKindsChart([{kind: "MHA", bytesPerToken: 2621440, actual: false}, {kind: "GQA", bytesPerToken: 327680, actual: true}]) */
export function attentionKindsChart(
  data: readonly AttentionKindDatum[],
  {unit = "GiB", width = 640, document = globalThis.document}: AttentionKindsChartOptions = {}
): HTMLElement | SVGSVGElement {
  const perKilo = unit === "GB" ? 1e3 : 1024;
  const kiloName = unit === "GB" ? "kB" : "KiB";
  const rows = data.filter((d) => Number.isFinite(d.bytesPerToken) && d.bytesPerToken >= 0).map((d) => ({...d, kilo: d.bytesPerToken / perKilo}));
  return Plot.plot({
    document,
    width,
    height: 44 * rows.length + 50,
    ariaLabel: ATTENTION_KINDS_CHART_LABEL,
    marginLeft: 50,
    marginRight: 90,
    x: {label: `KV cache per token (${kiloName})`, grid: true},
    y: {label: null, domain: rows.map((r) => r.kind)},
    color: {domain: ["this model", "alternative"], range: ["var(--theme-foreground-focus)", "var(--theme-foreground-muted)"]},
    marks: [
      Plot.barX(rows, {x: "kilo", y: "kind", fill: (d: AttentionKindDatum) => (d.actual ? "this model" : "alternative")}),
      Plot.text(rows, {
        x: "kilo", y: "kind", dx: 5, textAnchor: "start",
        text: (d: AttentionKindDatum) => `${formatBytes(d.bytesPerToken, {unit})}${d.actual ? " (this model)" : ""}`
      }),
      Plot.ruleX([0])
    ]
  });
}
