/**
 * The serving validation chart: one dot per measured figure, its error (predicted ÷ published
 * − 1) by metric, coloured by whether the row was in the fit of the serving constants or held
 * out (lib/serving/validation.ts). Errors beyond +300 % are drawn at +300 %.
 */
import * as Plot from "./plot.js";

export interface ServingErrorPoint {
  id: string;
  split: "fit" | "check";
  label: string;
  description: string;
  predicted: number | null;
  published: number;
  error: number | null;
}

export const SERVING_ERROR_CAP = 3;

export function servingErrorChart(points: readonly ServingErrorPoint[], options: {width: number}): SVGSVGElement | HTMLElement {
  const shown = points.filter((p) => p.error !== null && Number.isFinite(p.error));
  return Plot.plot({
    width: options.width, height: 260, marginLeft: 170,
    x: {label: "error (predicted ÷ published − 1)", tickFormat: (x: number) => `${Math.round(x * 100)} %`, grid: true},
    y: {label: null},
    color: {legend: true, domain: ["fit", "check"]},
    marks: [
      Plot.ruleX([0]),
      Plot.dot(shown, {x: (p: ServingErrorPoint) => Math.max(-1, Math.min(SERVING_ERROR_CAP, p.error as number)), y: "label", fill: "split",
        r: 3.5, fillOpacity: 0.7,
        title: (p: ServingErrorPoint) => `${p.id}: ${p.description}\npredicted ${p.predicted?.toPrecision(3)}, published ${p.published.toPrecision(3)}`})
    ]
  });
}
