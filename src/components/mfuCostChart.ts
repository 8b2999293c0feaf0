/**
 * Training cost against MFU: dollars = GPU-hours × price, and GPU-hours ∝ 1 / MFU, so the
 * curve is a hyperbola. Vertical marks show the MFU that published runs reached (solid:
 * printed by the source; dashed: implied by a published whole-run GPU-hour figure), and a dot
 * the user's MFU.
 */
import * as Plot from "./plot.js";
import {formatNumber, formatUsd} from "./units.js";

export interface MfuCostPoint {
  /** Model FLOPs utilisation, 0..1. */
  mfu: number;
  /** US dollars at that MFU. */
  usd: number;
}

export interface MfuMark {
  label: string;
  mfu: number;
  basis: "published" | "implied";
}

export interface MfuCostChartOptions {
  marks?: readonly MfuMark[];
  /** The user's MFU and cost, drawn as a dot. */
  current?: MfuCostPoint;
  width?: number;
  document?: Document;
}

export const MFU_COST_CHART_LABEL = "training cost versus MFU";

/**
 * Label positions for reference marks: sorted by MFU, each label at least `gap` (in percent
 * points) right of the previous one, so rotated labels of close MFUs do not overprint.
 * @example spreadLabels([{percent: 40}, {percent: 40.5}], 2) // labelPercent 40 and 42
 */
export function spreadLabels<T extends {percent: number}>(marks: readonly T[], gap: number): (T & {labelPercent: number})[] {
  const sorted = [...marks].sort((a, b) => a.percent - b.percent);
  const out: (T & {labelPercent: number})[] = [];
  for (const m of sorted) {
    const previous = out[out.length - 1];
    out.push({...m, labelPercent: previous ? Math.max(m.percent, previous.labelPercent + gap) : m.percent});
  }
  return out;
}

/** @example mfuCostChart([{mfu: 0.2, usd: 2e6}, {mfu: 0.4, usd: 1e6}], {marks: [{label: "PaLM", mfu: 0.462, basis: "published"}]}) */
export function mfuCostChart(data: readonly MfuCostPoint[], {marks = [], current, width = 640, document = globalThis.document}: MfuCostChartOptions = {}) {
  const rows = data.filter((d) => d.mfu > 0 && Number.isFinite(d.usd) && d.usd > 0).map((d) => ({...d, percent: d.mfu * 100}));
  const xMax = Math.max(70, ...rows.map((r) => r.percent));
  const marginLeft = 70;
  const marginRight = 20;
  const refs = spreadLabels(marks.filter((m) => m.mfu > 0 && m.mfu <= 1).map((m) => ({...m, percent: m.mfu * 100})),
    (12 / Math.max(1, width - marginLeft - marginRight)) * xMax);
  const dot = current && current.usd > 0 && Number.isFinite(current.usd) ? [{...current, percent: current.mfu * 100}] : [];
  return Plot.plot({
    document,
    width,
    height: 360,
    ariaLabel: MFU_COST_CHART_LABEL,
    marginLeft,
    marginRight,
    x: {label: "model FLOPs utilisation (%) →", grid: true, domain: [0, xMax]},
    y: {type: "log", label: "↑ US dollars", grid: true, tickFormat: (v: number) => formatUsd(v)},
    marks: [
      ...(["published", "implied"] as const).map((basis) => Plot.ruleX(refs.filter((d) => d.basis === basis), {x: "percent", stroke: "basis",
        strokeDasharray: basis === "implied" ? "4,3" : undefined, strokeOpacity: 0.7})),
      Plot.text(refs, {x: "labelPercent", text: (d: MfuMark) => `${d.label} ${formatNumber(d.mfu * 100)} %`, frameAnchor: "top",
        rotate: -90, textAnchor: "end", dy: 4, fontSize: 9.5, fill: "currentColor"}),
      Plot.line(rows, {x: "percent", y: "usd", stroke: "var(--theme-foreground-focus)", strokeWidth: 2}),
      Plot.dot(dot, {x: "percent", y: "usd", r: 5, fill: "var(--theme-foreground-focus)", stroke: "var(--theme-background)"}),
      Plot.tip(rows, Plot.pointerX({x: "percent", y: "usd", format: {x: (v: number) => `MFU ${formatNumber(v)} %`, y: (v: number) => formatUsd(v)}}))
    ],
    color: {domain: ["published", "implied"], range: ["#30a46c", "#e5484d"], legend: true}
  });
}
