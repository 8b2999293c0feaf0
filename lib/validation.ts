/**
 * Validation against published figures: run a case (a scenario plus the figure a source
 * published for it), compare the engine's prediction with the published value, and summarise
 * the errors of many cases.
 *
 * Pure: no I/O. Callers (the validation tests, a site data loader) read the case files
 * (`data/ground-truth/public-cases.json`, `extra-cases.json`) and pass the parsed objects here.
 */
import {estimate} from "./estimate.js";

/** Tolerance classes of `data/ground-truth/README.md`: relative error a case must stay within. */
export const TOLERANCES = {tight: 0.02, memory: 0.15, speed: 0.35, training: 0.25, cost: 0.35} as const;

export type ToleranceClass = keyof typeof TOLERANCES;

/** A case as written in the ground-truth case files. */
export interface ValidationCase {
  id: string;
  category: string;
  description?: string;
  scenario: unknown;
  /** Dotted path into the Result, e.g. "inference.decodeTokensPerSecond". */
  metric: string;
  /** Published value in the metric's SI unit. */
  expected: number;
  tolerance: ToleranceClass;
  notes?: string;
  /** published.json id the case comes from, when it differs from `id`. */
  source_id?: string;
  /** True when the source row has unverified parts: run and print, never a hard test. */
  informational?: boolean;
}

/** Memory, speed, cost or training: which error-statistics group a case belongs to. */
export type MetricKind = "memory" | "speed" | "cost" | "training";

/** One compared figure. */
export interface ValidationRow {
  id: string;
  category: string;
  kind: MetricKind;
  metric: string;
  description: string;
  /** The engine's value, or null when the estimate failed or the metric is missing. */
  predicted: number | null;
  published: number;
  /** Signed relative error predicted / published − 1; null when there is no prediction. */
  error: number | null;
  /** max(predicted/published, published/predicted): 2 means "off by 2x" either way. */
  ratio: number | null;
  toleranceClass: ToleranceClass;
  /** Allowed |error| as a fraction. */
  tolerance: number;
  /** |error| ≤ tolerance. */
  ok: boolean;
  informational: boolean;
  /** Why no prediction came out (validation errors, missing metric). */
  problem?: string;
}

/** The statistics group of a case category. */
export function metricKind(category: string): MetricKind {
  if (category === "inference_memory" || category === "training_memory") return "memory";
  if (category === "inference_speed") return "speed";
  if (category === "serving_cost") return "cost";
  return "training";
}

/** Reads a dotted path ("memory.weightsBytes") out of an object; undefined when absent. */
export function valueAt(object: unknown, path: string): unknown {
  let value: unknown = object;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Runs one case through {@link estimate} and compares:
 *
 *     error = predicted / published − 1,   ok = |error| ≤ TOLERANCES[case.tolerance]
 *
 * Example: a case expecting 149.37 tok/s that the engine predicts at 140 gives
 * error = −0.0627 and ok = true under the 35 % speed class.
 */
export function runCase(testCase: ValidationCase): ValidationRow {
  const toleranceClass = testCase.tolerance;
  const tolerance = TOLERANCES[toleranceClass];
  const base = {
    id: testCase.id,
    category: testCase.category,
    kind: metricKind(testCase.category),
    metric: testCase.metric,
    description: testCase.description ?? "",
    published: testCase.expected,
    toleranceClass,
    tolerance,
    informational: testCase.informational === true
  };
  const outcome = estimate(testCase.scenario);
  if (!outcome.ok) {
    return {...base, predicted: null, error: null, ratio: null, ok: false, problem: outcome.errors.join("; ")};
  }
  const value = valueAt(outcome.result, testCase.metric);
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return {...base, predicted: null, error: null, ratio: null, ok: false,
      problem: `metric ${testCase.metric} is ${JSON.stringify(value)}, not a finite number`};
  }
  const error = value / testCase.expected - 1;
  const ratio = value > 0 && testCase.expected > 0
    ? Math.max(value / testCase.expected, testCase.expected / value) : Number.POSITIVE_INFINITY;
  return {...base, predicted: value, error, ratio, ok: Math.abs(error) <= tolerance};
}

/** Median of a list of numbers (mean of the middle two for even counts); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface ErrorStatistics {
  /** Rows with a prediction. */
  count: number;
  /** Rows without one (estimate failed). */
  failed: number;
  medianAbsError: number;
  meanAbsError: number;
  maxAbsError: number;
  /** Largest max(pred/pub, pub/pred). */
  worstRatio: number;
  withinTolerance: number;
}

/**
 * Error statistics of a set of rows: median, mean and largest |predicted/published − 1|,
 * the worst ratio either way, and how many rows are inside their tolerance.
 * Example: errors +0.05, −0.10, +0.20 → median |error| 0.10, mean 0.1167, max 0.20.
 */
export function errorStatistics(rows: readonly ValidationRow[]): ErrorStatistics {
  const scored = rows.filter((r) => r.error !== null);
  const abs = scored.map((r) => Math.abs(r.error as number));
  return {
    count: scored.length,
    failed: rows.length - scored.length,
    medianAbsError: median(abs),
    meanAbsError: abs.length ? abs.reduce((a, b) => a + b, 0) / abs.length : Number.NaN,
    maxAbsError: abs.length ? Math.max(...abs) : Number.NaN,
    worstRatio: scored.length ? Math.max(...scored.map((r) => r.ratio as number)) : Number.NaN,
    withinTolerance: scored.filter((r) => r.ok).length
  };
}

/** Error statistics per metric kind (memory, speed, cost, training). */
export function statisticsByKind(rows: readonly ValidationRow[]): Partial<Record<MetricKind, ErrorStatistics>> {
  const out: Partial<Record<MetricKind, ErrorStatistics>> = {};
  for (const kind of ["memory", "speed", "cost", "training"] as const) {
    const group = rows.filter((r) => r.kind === kind);
    if (group.length) out[kind] = errorStatistics(group);
  }
  return out;
}

/** Formats a value for the printed table: 4 significant digits, SI-ish exponent for big ones. */
function show(value: number | null): string {
  if (value === null) return "—";
  const a = Math.abs(value);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return value.toExponential(3);
  return Number(value.toPrecision(4)).toString();
}

/**
 * Plain-text table of rows: id, category, metric, predicted, published, error %, tolerance,
 * and a flag (ok, FAIL, info = informational, expl = explained elsewhere).
 */
export function formatValidationTable(rows: readonly ValidationRow[], flags: (row: ValidationRow) => string = (r) => (r.ok ? "ok" : "FAIL")): string {
  const header = ["id", "category", "metric", "predicted", "published", "error %", "tol", "flag"];
  const lines = rows.map((r) => [
    r.id, r.category, r.metric, show(r.predicted), show(r.published),
    r.error === null ? "—" : `${r.error >= 0 ? "+" : ""}${(r.error * 100).toFixed(1)}`,
    `${r.toleranceClass} ${Math.round(r.tolerance * 100)}%`, flags(r)
  ]);
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => l[i].length)));
  return all.map((l) => l.map((cell, i) => (i >= 3 && i <= 5 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ").trimEnd()).join("\n");
}
