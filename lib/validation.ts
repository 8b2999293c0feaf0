/**
 * Validation against published figures: run a case (a scenario plus the figure a source
 * published for it), compare the engine's prediction with the published value, judge it against
 * its tolerance or the stated bound of its explanation, and summarise the errors of many cases.
 *
 * Pure: no I/O. Callers (the validation tests, the site's data loader) read the files of
 * `data/ground-truth/` (`public-cases.json`, `extra-cases.json`, `training-cases.json`,
 * `explanations.json`) and pass the parsed objects here, so the tests and the Validation page
 * judge every figure by the same code and the same data.
 */
import {estimate} from "./estimate.js";
import {formatFixed, formatNumber, formatScientific} from "./format/units.js";
import {resolveGpu, resolveModel, ScenarioError} from "./resolve.js";
import type {Result, Scenario, TrainingWorkload} from "./scenario.js";
import {TrainingLayoutError} from "./training/parallel.js";
import {maxSequenceLength} from "./training/solvers.js";
import {validateScenario} from "./validate.js";

/**
 * Tolerance classes of `data/ground-truth/README.md`: relative error a case must stay within.
 * tight: byte counts that follow from the architecture alone; memory: figures that also carry
 * an engine's or a framework's allocator and runtime memory; speed: measured speeds (builds and
 * runs of one setup differ 10-20 %); training: training time, throughput, FLOPs and GPU-hours
 * at the source's own MFU; cost: a speed times a price.
 */
export const TOLERANCES = {tight: 0.02, memory: 0.15, speed: 0.35, training: 0.20, cost: 0.35} as const;

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
  /**
   * Training cases: how the workload's MFU follows from what the source published, when the
   * source states it in another convention (see {@link mfuOf}). Overrides `workload.mfu`.
   */
  mfuFrom?: MfuSource;
}

/**
 * A published utilisation figure that becomes the scenario's model-FLOPs utilisation (MFU):
 *
 * - `megatron-achieved-flops`: Megatron-LM's achieved TFLOP/s per GPU X counts the recomputed
 *   forward pass, 8 FLOPs per parameter per token instead of 6 (Narayanan et al. 2021, §5.1), so
 *   MFU = (6/8)·X / peak.
 * - `non-causal-mfu`: MosaicML's MFU counts attention as if every token saw the whole sequence
 *   (llm-foundry's attn_flops_per_seq = L·2·2·d·s²); at the same tokens/s,
 *   MFU_causal = MFU_printed · flopsPerToken / flopsPerTokenNonCausal (both from the engine).
 * - `reference-throughput`: a published tokens/s/GPU of another run on the same kind of cluster
 *   (LLaMA-65B's 380 tok/s/GPU on A100s, Touvron et al. 2023a §2.4): MFU = tokens/s/GPU ·
 *   flopsPerToken / peak FLOP/s, the FLOPs and peak from the engine's run of `scenario`.
 */
export type MfuSource =
  | {from: "megatron-achieved-flops"; achievedTflopsPerGpu: number; peakTflops: number}
  | {from: "non-causal-mfu"; mfu: number}
  | {from: "reference-throughput"; tokensPerSecondPerGpu: number; scenario: unknown};

/**
 * Quantities a case may compare that are not a single Result field: `metric` names them with the
 * prefix `derived.`.
 *
 * - `derived.allocatorPeakBytes` = memory.totalBytes − contextBytes − fragmentationBytes: the peak
 *   of the tensors alive at once, as torch's allocated/active counters report it
 *   (`torch.cuda.max_memory_allocated`, `memory_stats()["active_bytes.all.peak"]`); they see neither
 *   the CUDA context nor the blocks the caching allocator holds free. torchtune logs these as
 *   `peak_memory_active` / `peak_memory_alloc` (torchtune/training/memory.py `get_memory_stats`; the
 *   README's "Optimization flags" table names its column "Peak Memory Active").
 * - `derived.reservedPeakBytes` = memory.totalBytes − contextBytes: `torch.cuda.max_memory_reserved`,
 *   the allocated peak plus the allocator's cached free blocks (fragmentation), without the context.
 * - `derived.recomputeFlopsRatio` = training.hardwareFlopsPerToken / training.flopsPerToken:
 *   executed over model FLOPs, which predicts how much longer a step takes with recomputation.
 * - `derived.maxSequenceLength`: the longest sequence whose training step fits the GPU
 *   (lib/training/solvers.ts `maxSequenceLength`), 0 when none does.
 */
export const DERIVED_METRICS = ["derived.allocatorPeakBytes", "derived.reservedPeakBytes", "derived.recomputeFlopsRatio", "derived.maxSequenceLength"] as const;

/**
 * Why a row outside its tolerance is off, and the wider bound it must still meet: a ratio
 * max(pred/pub, pub/pred) ≤ maxRatio, or |error| ≤ maxAbsError. One entry may cover several
 * rows that miss for the same reason. Read from `data/ground-truth/explanations.json`.
 */
export interface Explanation {
  ids: string[];
  why: string;
  maxRatio?: number;
  maxAbsError?: number;
}

/** How a row is judged: see {@link rowStatus}. */
export type RowStatus = "ok" | "explained" | "informational" | "outside";

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
  if (category === "inference_memory" || category === "training_memory" || category === "finetune_memory") return "memory";
  if (category === "inference_speed" || category === "serving" || category === "local_inference") return "speed";
  if (category === "serving_cost") return "cost";
  return "training";
}

/** The published.json id a case checks: its `source_id`, else its id without a "-b"/"-c" suffix. */
export function sourceIdOf(testCase: Pick<ValidationCase, "id" | "source_id">): string {
  return testCase.source_id ?? testCase.id.split("-").slice(0, 2).join("-");
}

/**
 * The cases with `informational: true` set on every case whose source row has unverified
 * parts, whatever the case file says (data/ground-truth/README.md: such rows are never hard tests).
 */
export function markInformational(cases: readonly ValidationCase[], unverifiedSourceIds: ReadonlySet<string>): ValidationCase[] {
  return cases.map((c) => (unverifiedSourceIds.has(sourceIdOf(c)) ? {...c, informational: true} : c));
}

/** The SI unit of a metric, from its name: "bytes", "tokens/s", "s", "GPU-hours", "FLOP", "USD", "×", … */
export function unitOfMetric(metric: string): string {
  const leaf = metric.split(".").pop() ?? metric;
  if (leaf === "kvCacheBytesPerToken") return "bytes/token";
  if (/Bytes$/.test(leaf)) return "bytes";
  if (/PerGpu$/.test(leaf)) return "tokens/s/GPU";
  if (/TokensPerSecond$/.test(leaf)) return "tokens/s";
  if (/Seconds$/.test(leaf)) return "s";
  if (/^usdPerMillion/.test(leaf)) return "$/M tokens";
  if (leaf === "trainingUsd") return "USD";
  if (leaf === "gpuHours") return "GPU-hours";
  if (/Flops$/.test(leaf)) return "FLOP";
  if (/Ratio$/.test(leaf)) return "×";
  if (leaf === "maxBatchSize") return "sequences";
  if (leaf === "maxSequenceLength") return "tokens";
  return "";
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

function finiteAt(result: Result, path: string): number {
  const value = valueAt(result, path);
  if (typeof value !== "number" || !Number.isFinite(value)) throw new CaseError(`${path} is ${JSON.stringify(value)}, not a finite number`);
  return value;
}

class CaseError extends Error {}

function run(scenario: unknown): Result {
  const outcome = estimate(scenario);
  if (!outcome.ok) throw new CaseError(outcome.errors.join("; "));
  return outcome.result;
}

function withMfu(scenario: unknown, mfu: number): unknown {
  const s = scenario as {workload?: Record<string, unknown>};
  return {...s, workload: {...s.workload, mfu}};
}

/**
 * The MFU a case's workload runs at: `workload.mfu` as written, or derived from what the source
 * published ({@link MfuSource}). Example: Megatron's X = 140 TFLOP/s on a 312 TFLOPS A100 is
 * MFU (6/8)·140/312 = 0.3365.
 */
export function mfuOf(testCase: Pick<ValidationCase, "scenario" | "mfuFrom">): number | undefined {
  const source = testCase.mfuFrom;
  if (!source) return ((testCase.scenario as {workload?: {mfu?: number}}).workload ?? {}).mfu;
  if (source.from === "megatron-achieved-flops") return ((6 / 8) * source.achievedTflopsPerGpu) / source.peakTflops;
  if (source.from === "non-causal-mfu") {
    const t = run(withMfu(testCase.scenario, 1)).training;
    if (!t) throw new CaseError("mfuFrom non-causal-mfu needs a training scenario");
    return (source.mfu * t.flopsPerToken) / (t.flopsPerTokenNonCausal as number);
  }
  const reference = run(withMfu(source.scenario, 1)).training;
  if (!reference) throw new CaseError("mfuFrom reference-throughput needs a training scenario");
  return (source.tokensPerSecondPerGpu * reference.flopsPerToken) / (reference.peakFlopsPerSecond as number);
}

/** The value of a case's metric for a scenario: a Result field, or a {@link DERIVED_METRICS} quantity. */
function predict(scenario: unknown, metric: string): number {
  if (metric === "derived.maxSequenceLength") {
    const v = validateScenario(scenario);
    if (!v.ok) throw new CaseError(v.errors.join("; "));
    const s: Scenario = v.scenario;
    if (s.workload.type !== "training") throw new CaseError("derived.maxSequenceLength needs a training scenario");
    return maxSequenceLength({arch: resolveModel(s.model).arch, gpu: resolveGpu(s.hardware.gpu, []), gpuCount: s.hardware.count,
      workload: s.workload as TrainingWorkload});
  }
  const result = run(scenario);
  const reserved = () => finiteAt(result, "memory.totalBytes") - finiteAt(result, "memory.overheadBreakdown.contextBytes");
  if (metric === "derived.allocatorPeakBytes") return reserved() - finiteAt(result, "memory.overheadBreakdown.fragmentationBytes");
  if (metric === "derived.reservedPeakBytes") return reserved();
  if (metric === "derived.recomputeFlopsRatio") return finiteAt(result, "training.hardwareFlopsPerToken") / finiteAt(result, "training.flopsPerToken");
  if (metric.startsWith("derived.")) throw new CaseError(`unknown derived metric ${metric} (known: ${DERIVED_METRICS.join(", ")})`);
  return finiteAt(result, metric);
}

/**
 * Compares a predicted with a published value:
 *
 *     error = predicted / published − 1        ratio = max(predicted/published, published/predicted)
 *
 * A published 0 (a source saying nothing fits) is a pass/fail check: error 0 when the engine also
 * says 0, else Infinity. Example: compareValues(140, 149.37) → error −0.0627, ratio 1.067.
 */
export function compareValues(predicted: number, published: number): {error: number; ratio: number} {
  if (published === 0) return predicted === 0 ? {error: 0, ratio: 1} : {error: Number.POSITIVE_INFINITY, ratio: Number.POSITIVE_INFINITY};
  const error = predicted / published - 1;
  const ratio = predicted > 0 && published > 0 ? Math.max(predicted / published, published / predicted) : Number.POSITIVE_INFINITY;
  return {error, ratio};
}

/**
 * Runs one case through {@link estimate} (with its MFU from {@link mfuOf} and its metric a Result
 * field or a {@link DERIVED_METRICS} quantity) and compares:
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
  let value: number;
  try {
    const scenario = testCase.mfuFrom ? withMfu(testCase.scenario, mfuOf(testCase) as number) : testCase.scenario;
    value = predict(scenario, testCase.metric);
  } catch (e) {
    if (e instanceof CaseError) return {...base, predicted: null, error: null, ratio: null, ok: false, problem: e.message};
    if (e instanceof ScenarioError) return {...base, predicted: null, error: null, ratio: null, ok: false, problem: e.errors.join("; ")};
    if (e instanceof TrainingLayoutError) return {...base, predicted: null, error: null, ratio: null, ok: false, problem: e.issues.join("; ")};
    throw e;
  }
  const {error, ratio} = compareValues(value, testCase.expected);
  return {...base, predicted: value, error, ratio, ok: Math.abs(error) <= tolerance};
}

/** The explanation covering a row id, if any. */
export function explanationFor(explanations: readonly Explanation[], id: string): Explanation | undefined {
  return explanations.find((e) => e.ids.includes(id));
}

/**
 * True when a row meets its explanation's stated bound: ratio ≤ maxRatio and |error| ≤
 * maxAbsError, whichever the explanation states. Example: a row off by 6.5x under maxRatio 7 → true.
 */
export function withinExplainedBound(row: Pick<ValidationRow, "error" | "ratio">, explanation: Explanation): boolean {
  if (row.error === null || row.ratio === null) return false;
  if (explanation.maxRatio !== undefined && !(row.ratio <= explanation.maxRatio)) return false;
  if (explanation.maxAbsError !== undefined && !(Math.abs(row.error) <= explanation.maxAbsError)) return false;
  return explanation.maxRatio !== undefined || explanation.maxAbsError !== undefined;
}

/**
 * How a row is judged:
 *
 *     informational  the source row has unverified parts (shown, never judged)
 *     ok             |error| ≤ the tolerance of its class
 *     explained      outside, with an explanation whose stated bound the row meets
 *     outside        outside and unexplained, or beyond its explanation's bound (a test failure)
 */
export function rowStatus(row: ValidationRow, explanation: Explanation | undefined): RowStatus {
  if (row.informational) return "informational";
  if (row.ok) return "ok";
  return explanation && withinExplainedBound(row, explanation) ? "explained" : "outside";
}

/** Median of a list of numbers (mean of the middle two for even counts); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface ErrorStatistics {
  /** Rows with a prediction and a relative error (published ≠ 0). */
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
 * the worst ratio either way, and how many rows are inside their tolerance. Rows without a
 * prediction and pass/fail rows (published 0) have no relative error and are left out.
 * Example: errors +0.05, −0.10, +0.20 → median |error| 0.10, mean 0.1167, max 0.20.
 */
export function errorStatistics(rows: readonly ValidationRow[]): ErrorStatistics {
  const scored = rows.filter((r) => r.error !== null && r.published !== 0);
  const abs = scored.map((r) => Math.abs(r.error as number));
  return {
    count: scored.length,
    failed: rows.filter((r) => r.predicted === null).length,
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
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? formatScientific(value, {digits: 4}) : formatNumber(value, {digits: 4});
}

/**
 * Plain-text table of rows: id, category, metric, predicted, published, error %, tolerance,
 * and a flag (ok, FAIL, info = informational, expl = explained elsewhere).
 */
export function formatValidationTable(rows: readonly ValidationRow[], flags: (row: ValidationRow) => string = (r) => (r.ok ? "ok" : "FAIL")): string {
  const header = ["id", "category", "metric", "predicted", "published", "error %", "tol", "flag"];
  const lines = rows.map((r) => [
    r.id, r.category, r.metric, show(r.predicted), show(r.published),
    r.error === null ? "—" : `${r.error >= 0 ? "+" : ""}${formatFixed(r.error * 100, 1)}`,
    `${r.toleranceClass} ${Math.round(r.tolerance * 100)}%`, flags(r)
  ]);
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => l[i].length)));
  return all.map((l) => l.map((cell, i) => (i >= 3 && i <= 5 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ").trimEnd()).join("\n");
}

/** Case categories of measured fine-tuning runs (`finetune-cases.json`). */
export const FINETUNE_CATEGORIES = ["finetune_memory", "finetune_speed"] as const;

/**
 * Whether a case is a fine-tuning figure: a `finetune-cases.json` category, or a training case
 * whose workload trains adapters (LoRA, QLoRA) or names a fine-tuning trainer.
 */
export function isFineTuningCase(testCase: Pick<ValidationCase, "category" | "scenario">): boolean {
  if ((FINETUNE_CATEGORIES as readonly string[]).includes(testCase.category)) return true;
  if (!testCase.category.startsWith("training")) return false;
  const w = (testCase.scenario as {workload?: {method?: string; framework?: string}}).workload ?? {};
  return w.method === "lora" || w.method === "qlora" || ["torchtune", "llama-factory", "unsloth", "axolotl", "peft"].includes(w.framework ?? "");
}

/** Memory or speed: which fine-tuning statistic a row feeds (memory rows by category, the rest are speed). */
export function fineTuningMetric(row: Pick<ValidationRow, "kind">): "memory" | "speed" {
  return row.kind === "memory" ? "memory" : "speed";
}

export interface FineTuningSummary {
  memory: ErrorStatistics;
  speed: ErrorStatistics;
  /** Speed rows a utilisation constant was fitted on, and the rest (held out). */
  speedFit: ErrorStatistics;
  speedHeldOut: ErrorStatistics;
}

/**
 * Median |error| of the fine-tuning rows (not informational), memory and speed separately, and
 * the speed rows split into those the trainers' utilisation constants were fitted on
 * (`fitIds`) and the held-out rest.
 *
 * Example: memory rows at +5 %, −10 % and speed rows at +20 % give medians 7.5 % and 20 %.
 */
export function fineTuningSummary(rows: readonly ValidationRow[], fitIds: readonly string[]): FineTuningSummary {
  const judged = rows.filter((r) => !r.informational);
  const speed = judged.filter((r) => fineTuningMetric(r) === "speed");
  return {
    memory: errorStatistics(judged.filter((r) => fineTuningMetric(r) === "memory")),
    speed: errorStatistics(speed),
    speedFit: errorStatistics(speed.filter((r) => fitIds.includes(r.id))),
    speedHeldOut: errorStatistics(speed.filter((r) => !fitIds.includes(r.id)))
  };
}
