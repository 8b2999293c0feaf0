/**
 * Error by category: for each category of published figures, a bar to the median
 * |predicted / published − 1| and a tick at the largest, with the number of figures.
 * Percent on a linear axis: most medians are a few percent, the worst rows tens of percent.
 */
import {labelMargin} from "./chartLabels.js";
import * as Plot from "./plot.js";
import {formatNumber} from "./units.js";

export interface CategoryError {
  category: string;
  /** Median |error|, a fraction. */
  medianAbsError: number;
  /** Largest |error|, a fraction. */
  maxAbsError: number;
  count: number;
}

export const ERROR_BY_CATEGORY_CHART_LABEL = "error by category";

/** @example errorByCategoryChart([{category: "inference_memory", medianAbsError: 0.01, maxAbsError: 0.09, count: 13}]) */
export function errorByCategoryChart(data: readonly CategoryError[], {width = 640, document = globalThis.document}: {width?: number; document?: Document} = {}) {
  const rows = data.filter((d) => Number.isFinite(d.medianAbsError) && Number.isFinite(d.maxAbsError))
    .map((d) => ({...d, median: d.medianAbsError * 100, max: d.maxAbsError * 100}));
  const domain = rows.map((r) => r.category);
  // Margins hold the category names and the "max … · n = …" notes; on a narrow chart the note
  // drops its count (the tooltip and the table keep it) so the bars keep some room.
  const marginLeft = labelMargin(domain, {max: Math.max(70, width * 0.45)});
  const long = (d: {count: number; max: number}) => `max ${formatNumber(d.max)} % · n = ${d.count}`;
  const short = (d: {max: number}) => `max ${formatNumber(d.max)} %`;
  const fits = width - marginLeft - labelMargin(rows.map(long), {fontSize: 11, pad: 8}) >= 140;
  const note = fits ? long : short;
  return Plot.plot({
    document,
    width,
    height: 40 + 34 * rows.length,
    ariaLabel: ERROR_BY_CATEGORY_CHART_LABEL,
    marginLeft,
    marginRight: labelMargin(rows.map(note), {fontSize: 11, pad: 8}),
    x: {label: "|predicted ÷ published − 1| (%) →", grid: true, domain: [0, Math.max(10, ...rows.map((r) => r.max)) * 1.1]},
    y: {label: null, domain},
    marks: [
      Plot.barX(rows, {x: "median", y: "category", fill: "var(--theme-foreground-focus)", fillOpacity: 0.8,
        tip: {format: {x: (v: number) => `${formatNumber(v)} % median`, y: true}}}),
      Plot.tickX(rows, {x: "max", y: "category", stroke: "#e5484d", strokeWidth: 2}),
      Plot.text(rows, {x: "max", y: "category", text: note,
        textAnchor: "start", dx: 6, fontSize: 11}),
      Plot.ruleX([0])
    ]
  });
}
