/**
 * The serving validation (data/ground-truth/serving-cases.json): measured results under load,
 * one case per metric, split into the rows the serving constants were fitted on and the rows
 * held out from the fit (data/ground-truth/serving-sources.md, "Suggested split for fitting":
 * the SemiAnalysis InferenceX rows SV-001…SV-026 fit, every other source checks).
 *
 *     median |error| per metric and split,  error = predicted / published − 1
 */
import {median, runCase, type ValidationCase, type ValidationRow} from "../validation.js";

/** The metrics summarised, by the suffix of the case's metric path. */
export const SERVING_METRICS = {
  timeToFirstTokenSeconds: "TTFT",
  timePerOutputTokenSeconds: "TPOT",
  outputTokensPerSecondPerGpu: "output tokens/s per GPU",
  totalTokensPerSecondPerGpu: "total tokens/s per GPU",
  requestsPerSecond: "requests/s",
  endToEndSeconds: "end-to-end latency"
} as const;

export type ServingMetric = keyof typeof SERVING_METRICS;

/** Last SV number of the fit rows (the InferenceX campaign). */
export const SERVING_FIT_LAST = 26;

/** "fit" for the rows the constants of engines.ts ENGINE_SERVING_PROFILES were fitted on, else "check". */
export function servingSplit(id: string): "fit" | "check" {
  const n = Number.parseInt(id.slice(3, 6), 10);
  return Number.isFinite(n) && n <= SERVING_FIT_LAST ? "fit" : "check";
}

export interface ServingSummary {
  split: "fit" | "check";
  metric: ServingMetric;
  label: string;
  count: number;
  /** null when the split has no row of the metric. */
  medianAbsError: number | null;
  /** Signed median: > 0 over-predicts. */
  medianError: number | null;
}

export interface ServingValidation {
  rows: (ValidationRow & {split: "fit" | "check"})[];
  summary: ServingSummary[];
  /** Cases without a prediction (every case must be answered). */
  unanswered: string[];
}

/** Runs every serving case and summarises |error| per metric and split. */
export function servingValidation(cases: readonly ValidationCase[]): ServingValidation {
  const rows = cases.map((c) => ({...runCase(c), split: servingSplit(c.id)}));
  const summary: ServingSummary[] = [];
  for (const split of ["fit", "check"] as const) {
    for (const [metric, label] of Object.entries(SERVING_METRICS) as [ServingMetric, string][]) {
      const errors = rows.filter((r) => r.split === split && r.metric.endsWith(`.${metric}`) && r.error !== null && Number.isFinite(r.error))
        .map((r) => r.error as number);
      summary.push({split, metric, label, count: errors.length,
        medianAbsError: errors.length ? median(errors.map(Math.abs)) : null, medianError: errors.length ? median(errors) : null});
    }
  }
  return {rows, summary, unanswered: rows.filter((r) => r.predicted === null).map((r) => r.id)};
}
