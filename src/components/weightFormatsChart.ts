/**
 * Weight bytes of one model in every storage format: one horizontal bar per format, labelled
 * with its true bits per weight, coloured by whether the whole scenario fits, with a rule at
 * the GPU's capacity. Bytes come from the engine (quantization.ts weightBytes), never from
 * N · nominal bits / 8.
 */
import * as Plot from "./plot.js";
import {labelMargin} from "./chartLabels.js";
import {CAPACITY_COLOR} from "./memoryBarChart.js";
import {bytesIn, formatBytes, formatNumber, type ByteUnit} from "./units.js";

export interface WeightFormatDatum {
  /** Format id ("q4_k_m"). */
  format: string;
  /** Display label ("GGUF Q4_K_M"). */
  label: string;
  /** Weight bytes (per GPU or total, as the page says). */
  bytes: number;
  /** Effective bits per weight over all parameters. */
  bitsPerWeight: number;
  /** Whether the scenario fits in this format; undefined = not judged. */
  fits?: boolean;
}

export interface WeightFormatsChartOptions {
  /** A capacity to draw as a rule (bytes). */
  capacityBytes?: number;
  /** Label for the rule. Default "capacity". */
  capacityLabel?: string;
  unit?: ByteUnit;
  /** The reader's format, outlined. */
  currentFormat?: string;
  width?: number;
  document?: Document;
}

export const WEIGHT_FORMATS_CHART_LABEL = "weight bytes by format";

export const FIT_COLORS = {fits: "#30a46c", "does not fit": "#e5484d", "not judged": "#8e8c99"} as const;

/** @example weightFormatsChart([{format: "bf16", label: "BF16", bytes: 16.06e9, bitsPerWeight: 16, fits: true}], {capacityBytes: 24e9}) */
export function weightFormatsChart(
  data: readonly WeightFormatDatum[],
  {capacityBytes, capacityLabel = "capacity", unit = "GiB", currentFormat, width = 640, document = globalThis.document}: WeightFormatsChartOptions = {}
): SVGSVGElement | HTMLElement {
  const rows = data.filter((d) => Number.isFinite(d.bytes) && d.bytes >= 0).map((d) => ({
    ...d,
    value: bytesIn(d.bytes, unit),
    verdict: d.fits === undefined ? "not judged" : d.fits ? "fits" : "does not fit",
    text: `${formatBytes(d.bytes, {unit, scale: "fixed"})} · ${formatNumber(d.bitsPerWeight)} bpw`
  }));
  const order = [...rows].sort((a, b) => b.value - a.value).map((d) => d.label);
  const hasCapacity = capacityBytes !== undefined && Number.isFinite(capacityBytes) && capacityBytes > 0;
  const capacity = hasCapacity ? bytesIn(capacityBytes, unit) : 0;
  // The value labels sit right of their bars: the right margin holds the longest, so none is cut.
  const xMax = Math.max(capacity, ...rows.map((d) => d.value), 1e-9) * 1.02;
  const capacityText = `${capacityLabel} ${formatBytes(capacityBytes ?? 0, {unit, scale: "fixed"})}`;
  // Format names fill the left margin up to a third of the width; a longer one wraps (Plot's
  // lineWidth is in ems) rather than running off the chart.
  const marginLeft = labelMargin(rows.map((d) => d.label), {max: Math.max(80, width * 0.33)});
  const verdicts = [...new Set(rows.map((d) => d.verdict))] as (keyof typeof FIT_COLORS)[];
  return Plot.plot({
    document,
    width,
    height: 26 * rows.length + 70,
    ariaLabel: WEIGHT_FORMATS_CHART_LABEL,
    marginLeft,
    marginRight: Math.max(labelMargin(rows.map((d) => d.text), {pad: 8}), hasCapacity ? labelMargin([capacityText]) / 2 : 0),
    marginTop: hasCapacity ? 26 : 10,
    x: {label: `weights (${unit}) →`, domain: [0, xMax], grid: true},
    y: {label: null, domain: order},
    color: {legend: verdicts.length > 1 || verdicts[0] !== "not judged", domain: verdicts, range: verdicts.map((v) => FIT_COLORS[v])},
    marks: [
      Plot.barX(rows, {x: "value", y: "label", fill: "verdict", fillOpacity: 0.85}),
      Plot.barX(rows.filter((d) => d.format === currentFormat), {x: "value", y: "label", fill: "none", stroke: "currentColor", strokeWidth: 2}),
      Plot.text(rows, {x: "value", y: "label", text: "text", textAnchor: "start", dx: 4}),
      Plot.axisY({label: null, lineWidth: (marginLeft - 12) / 10, fontSize: 10}),
      Plot.ruleX([0]),
      ...(hasCapacity
        ? [
            Plot.ruleX([capacity], {stroke: CAPACITY_COLOR, strokeWidth: 2, strokeDasharray: "4,3"}),
            Plot.text([capacity], {x: (d: number) => d, frameAnchor: "top", dy: -16, textAnchor: "middle", fill: CAPACITY_COLOR,
              text: () => capacityText})
          ]
        : [])
    ]
  });
}
