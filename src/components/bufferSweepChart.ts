/**
 * Memory against the sequence length, stacked by buffer (`bufferSweep.ts`): one band per
 * buffer, the GPU's capacity as a rule, the reader's length (`current`, if given) as a vertical rule. The x axis is
 * logarithmic (base 2).
 */
import * as Plot from "./plot.js";
import {labelMargin} from "./chartLabels.js";
import {BUFFER_LABELS, BUFFERS, type BufferPoint} from "./bufferSweep.js";
import {CAPACITY_COLOR} from "./memoryBarChart.js";
import {bytesIn, formatInteger, type ByteUnit} from "./units.js";

export const BUFFER_SWEEP_CHART_LABEL = "training memory by buffer versus sequence length";

export function bufferSweepChart(points: readonly BufferPoint[], options: {capacityBytes: number; current?: number; unit?: ByteUnit;
  width?: number; document?: Document}): SVGSVGElement | HTMLElement {
  const unit = options.unit ?? "GB";
  const data = points.map((p) => ({...p, value: bytesIn(p.bytes, unit), label: BUFFER_LABELS[p.buffer]}));
  const chart = Plot.plot({
    width: options.width, height: 320, marginLeft: 56,
    // Room for half of the last tick's label ("131,072"), which Plot centres on the axis end.
    marginRight: Math.max(16, Math.ceil(labelMargin([formatInteger(Math.max(1, ...data.map((d) => d.sequenceLength)))], {pad: 6}) / 2)), ariaLabel: BUFFER_SWEEP_CHART_LABEL,
    x: {type: "log", base: 2, label: "sequence length (tokens) →", tickFormat: (d: number) => formatInteger(d)},
    y: {label: `↑ per-GPU memory (${unit})`, grid: true},
    color: {domain: BUFFERS.map((b) => BUFFER_LABELS[b]), legend: true, scheme: "tableau10"},
    marks: [
      Plot.areaY(data, {x: "sequenceLength", y: "value", fill: "label", order: BUFFERS.map((b) => BUFFER_LABELS[b]), curve: "monotone-x",
        tip: true, title: (d: {label: string; sequenceLength: number; value: number}) =>
          `${d.label}\n${formatInteger(d.sequenceLength)} tokens: ${d.value.toFixed(1)} ${unit}`}),
      Plot.ruleY([bytesIn(options.capacityBytes, unit)], {stroke: CAPACITY_COLOR, strokeDasharray: "4,3"}),
      Plot.ruleX(options.current === undefined ? [] : [options.current], {stroke: "currentColor", strokeOpacity: 0.6}),
      Plot.ruleY([0])
    ],
    document: options.document
  });
  return chart;
}
