/**
 * The validation report behind the Validation page: every published figure of the project's
 * validation set (inference and training: the same case files the tests run) put through the
 * engine, compared with what its source published, and summed up per category.
 *
 *     error = predicted / published − 1        ratio = max(predicted/published, published/predicted)
 *     status = informational  when the source row has unverified parts (shown, never judged)
 *            | ok             when |error| ≤ the case's tolerance class
 *            | explained      outside tolerance, within the stated bound of its explanation
 *            | outside        outside tolerance and unexplained or beyond the bound (the tests forbid it)
 *
 * The comparison and the status are `lib/validation.ts` (`runCase`, `rowStatus`,
 * `errorStatistics`), the reasons `data/ground-truth/explanations.json`; this module only joins
 * each case with its published.json row (model, hardware, source, measured or reported) and
 * gathers the figures the scenario contract cannot express. Pure: the loader
 * (`validation.json.ts`) reads the JSON files and passes them in.
 */
import {SERVING_METRICS, servingValidation, type ServingSummary} from "../../lib/serving/validation.ts";
import {errorStatistics, explanationFor, fineTuningSummary, isFineTuningCase, markInformational, rowStatus, runCase, sourceIdOf, TOLERANCES,
  unitOfMetric, type ErrorStatistics, type Explanation, type RowStatus, type ValidationCase, type ValidationRow} from "../../lib/validation.ts";
import {SPEED_FIT_ROWS} from "../../lib/training/profiles.ts";

export {sourceIdOf, unitOfMetric, type RowStatus};

/** A published.json row, the fields the page shows. */
export interface PublishedFigure {
  id: string;
  category: string;
  model: string;
  hardware: string;
  gpu_count?: number | string | null;
  metric: string;
  value: unknown;
  unit: string;
  additional_figures?: string | null;
  measured_or_estimate: string;
  source: string;
  confidence: string;
  contains_unverified_parts: boolean;
  notes?: string | null;
}

/** One compared figure, as the page's chart and table show it. SI units; nulls where no value. */
export interface ReportRow {
  id: string;
  /** published.json row the case checks. */
  sourceId: string;
  category: string;
  kind: ValidationRow["kind"];
  description: string;
  /** Dotted path into the engine's Result. */
  metric: string;
  /** The metric's SI unit ("bytes", "s", "tokens/s", …). */
  unit: string;
  predicted: number | null;
  published: number;
  error: number | null;
  ratio: number | null;
  toleranceClass: string;
  tolerance: number;
  status: RowStatus;
  /** Why a row outside its tolerance is off (from explanations.json), else null. */
  explanation: string | null;
  /** The explanation's stated bound in words ("within 7×", "|error| ≤ 65 %"), else null. */
  explanationBound: string | null;
  /** The case's own notes on how the scenario was set up. */
  notes: string;
  model: string;
  hardware: string;
  source: string;
  /** "measured", "reported (official)", …: as published.json states it. */
  measured: string;
  confidence: string;
}

/** A published figure with no case: the reason, and where it came from. */
export interface UncoveredFigure {
  id: string;
  category: string;
  model: string;
  metric: string;
  value: string;
  source: string;
  why: string;
}

/** JSON-safe error statistics (NaN → null). */
export type Statistics = {[K in keyof ErrorStatistics]: number | null};

/** A published MFU, or one implied by a published whole-run figure, for the Cost chapter's reference marks. */
export interface MfuReference {
  id: string;
  label: string;
  /** Model FLOPs utilisation, 0..1. */
  mfu: number;
  /** "published" when the source prints it; "implied" when derived here from published GPU-hours. */
  basis: "published" | "implied";
  hardware: string;
  source: string;
  detail: string;
}

export interface ValidationReport {
  rows: ReportRow[];
  /** Counts of the inputs, so the page (and its test) can say "all N figures". */
  counts: {cases: number; publicCases: number; extraCases: number; trainingCases: number; finetuneCases: number; localCases: number;
    inference: number; training: number; finetune: number; local: number; informational: number; explained: number; notExpressible: number};
  /**
   * Local hardware (local-cases.json: llama-bench decode and prompt processing on CPUs, Macs,
   * consumer GPUs and unified-memory SoCs, partial offload, experts in host RAM), not
   * informational: all rows, decode and prompt processing apart. No constant is fitted on them.
   */
  local: {all: Statistics; decode: Statistics; prefill: Statistics};
  /**
   * Fine-tuning rows (finetune-cases.json and the LoRA/QLoRA rows of training-cases.json), not
   * informational: memory and speed apart, and the speed rows split into those the trainers'
   * utilisation was fitted on (`fitIds`) and the held-out rest.
   */
  fineTuning: {memory: Statistics; speed: Statistics; speedFit: Statistics; speedHeldOut: Statistics; fitIds: string[]; ids: string[]};
  /** Over every row that is not informational. */
  overall: Statistics;
  /** Per case category, rows that are not informational. */
  byCategory: ({category: string} & Statistics)[];
  /** Informational rows only. */
  informational: Statistics;
  notExpressible: UncoveredFigure[];
  tolerances: Record<string, number>;
  /** Serving under load (serving-cases.json), apart from the rows above: per metric, fit and check rows. */
  serving: ServingReport | null;
}

/** The serving section: medians per metric and split, and one row per case. */
export interface ServingReport {
  summary: ServingSummary[];
  rows: {id: string; split: "fit" | "check"; metric: string; label: string; description: string; predicted: number | null;
    published: number; error: number | null}[];
  unanswered: string[];
}

/** `errorStatistics` with NaN (no rows) turned into null, so it survives JSON. */
export function jsonStatistics(rows: readonly ValidationRow[]): Statistics {
  const s = errorStatistics(rows);
  const out = {} as Statistics;
  for (const [k, v] of Object.entries(s) as [keyof ErrorStatistics, number][]) out[k] = Number.isFinite(v) ? v : null;
  return out;
}

/** A case's model from its own scenario: the catalog id, or the pasted config's name or model type. */
function modelOf(c: ValidationCase): string {
  const m = (c.scenario as {model?: unknown}).model;
  if (typeof m === "string") return m;
  const cfg = (m ?? {}) as {_name_or_path?: string; model_type?: string};
  return cfg._name_or_path ?? (c.description?.split(",")[0] || cfg.model_type) ?? "config.json";
}

/** A case's hardware in words from its own scenario (cases without a published.json row). */
function hardwareOf(c: ValidationCase): string {
  const h = (c.scenario as {hardware?: {gpu?: unknown; count?: number}}).hardware;
  if (!h) return "";
  const gpu = typeof h.gpu === "string" ? h.gpu : (h.gpu as {name?: string} | undefined)?.name ?? "";
  return `${h.count && h.count !== 1 ? `${h.count} × ` : ""}${gpu}`;
}

const show = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** An explanation's bound in words: "within 7×" or "|error| ≤ 65 %". */
function boundText(e: Explanation): string {
  const parts = [];
  if (e.maxRatio !== undefined) parts.push(`within ${e.maxRatio}×`);
  if (e.maxAbsError !== undefined) parts.push(`|error| ≤ ${Math.round(e.maxAbsError * 100)} %`);
  return parts.join(", ");
}

/** JSON-safe form of `errorStatistics` output (NaN → null). */
function jsonOf(s: ErrorStatistics): Statistics {
  const out = {} as Statistics;
  for (const [k, v] of Object.entries(s) as [keyof ErrorStatistics, number][]) out[k] = Number.isFinite(v) ? v : null;
  return out;
}

/**
 * Runs every case (public-cases, extra-cases, training-cases, finetune-cases, local-cases, in that order) and builds the
 * report. A case whose published.json row has unverified parts is informational whatever the
 * case file says (as the tests do).
 */
export function validationReport(options: {publicCases: readonly ValidationCase[]; extraCases: readonly ValidationCase[];
  trainingCases: readonly ValidationCase[]; finetuneCases?: readonly ValidationCase[]; localCases?: readonly ValidationCase[];
  published: readonly PublishedFigure[];
  notExpressible: readonly {id: string; why: string}[]; explanations: readonly Explanation[]; servingCases?: readonly ValidationCase[]}): ValidationReport {
  const {publicCases, extraCases, trainingCases, published, notExpressible, explanations} = options;
  const finetuneCases = options.finetuneCases ?? [];
  const localCases = options.localCases ?? [];
  const byId = new Map(published.map((p) => [p.id, p]));
  const unverified = new Set(published.filter((p) => p.contains_unverified_parts).map((p) => p.id));
  const cases = markInformational([...publicCases, ...extraCases, ...trainingCases, ...finetuneCases, ...localCases], unverified);
  const compared = cases.map((c) => ({c, row: runCase(c)}));
  const rows: ReportRow[] = compared.map(({c, row}) => {
    const p = byId.get(sourceIdOf(c));
    const e = explanationFor(explanations, row.id);
    const status: RowStatus = rowStatus(row, e);
    const explains = e !== undefined && !row.informational && !row.ok;
    return {
      id: row.id, sourceId: sourceIdOf(c), category: row.category, kind: row.kind, description: row.description,
      metric: row.metric, unit: unitOfMetric(row.metric), predicted: row.predicted, published: row.published,
      error: row.error === null || Number.isFinite(row.error) ? row.error : null,
      ratio: row.ratio === null || Number.isFinite(row.ratio) ? row.ratio : null,
      toleranceClass: row.toleranceClass, tolerance: row.tolerance, status,
      explanation: explains ? e.why : null, explanationBound: explains ? boundText(e) : null, notes: c.notes ?? "",
      model: p?.model ?? modelOf(c), hardware: p ? `${p.gpu_count && p.gpu_count !== 1 ? `${p.gpu_count} × ` : ""}${p.hardware}` : hardwareOf(c),
      // Fine-tuning cases carry their own source and measurement date (finetune-cases.json).
      source: p?.source ?? (c as {source?: string}).source ?? "",
      measured: p?.measured_or_estimate ?? ((c as {measured_on?: string}).measured_on ? `measured (${(c as {measured_on?: string}).measured_on})` : ""),
      confidence: p?.confidence ?? ""
    };
  });
  const hard = compared.filter(({row}) => !row.informational).map(({row}) => row);
  const localRows = hard.filter((r) => r.category === "local_inference");
  const fineTuningRows = compared.filter(({c}) => isFineTuningCase(c)).map(({row}) => row);
  const ft = fineTuningSummary(fineTuningRows, SPEED_FIT_ROWS);
  const categories = [...new Set(rows.map((r) => r.category))];
  const uncovered = (p: PublishedFigure, why: string): UncoveredFigure => ({id: p.id, category: p.category, model: p.model,
    metric: p.metric, value: `${show(p.value)} ${p.unit}`, source: p.source, why});
  const skipped = notExpressible.map((n) => {
    const p = byId.get(n.id);
    return p ? uncovered(p, n.why) : {id: n.id, category: "", model: "", metric: "", value: "", source: "", why: n.why};
  });
  return {
    rows,
    counts: {
      cases: cases.length, publicCases: publicCases.length, extraCases: extraCases.length, trainingCases: trainingCases.length,
      finetuneCases: finetuneCases.length,
      localCases: localCases.length,
      inference: rows.filter((r) => !r.category.startsWith("training") && !r.category.startsWith("finetune") && !r.category.startsWith("local")).length,
      training: rows.filter((r) => r.category.startsWith("training")).length,
      finetune: rows.filter((r) => r.category.startsWith("finetune")).length,
      local: rows.filter((r) => r.category.startsWith("local")).length,
      informational: rows.filter((r) => r.status === "informational").length,
      explained: rows.filter((r) => r.status === "explained").length,
      notExpressible: skipped.length
    },
    overall: jsonStatistics(hard),
    local: {all: jsonStatistics(localRows), decode: jsonStatistics(localRows.filter((r) => r.metric === "inference.decodeTokensPerSecond")),
      prefill: jsonStatistics(localRows.filter((r) => r.metric === "inference.prefillTokensPerSecond"))},
    fineTuning: {memory: jsonOf(ft.memory), speed: jsonOf(ft.speed), speedFit: jsonOf(ft.speedFit), speedHeldOut: jsonOf(ft.speedHeldOut),
      fitIds: [...SPEED_FIT_ROWS], ids: fineTuningRows.map((r) => r.id)},
    byCategory: categories.map((category) => ({category, ...jsonStatistics(hard.filter((r) => r.category === category))}))
      .filter((s) => s.count !== null && s.count + (s.failed ?? 0) > 0),
    informational: jsonStatistics(compared.filter(({row}) => row.informational).map(({row}) => row)),
    notExpressible: skipped,
    tolerances: {...TOLERANCES},
    serving: options.servingCases ? servingReport(options.servingCases) : null
  };
}

/** The serving cases through the engine (lib/serving/validation.ts), as JSON-safe rows. */
export function servingReport(cases: readonly ValidationCase[]): ServingReport {
  const v = servingValidation(cases);
  const labelOf = (metric: string) => {
    const key = metric.split(".").pop() as keyof typeof SERVING_METRICS;
    return SERVING_METRICS[key] ?? metric;
  };
  return {
    summary: v.summary,
    rows: v.rows.map((r) => ({id: r.id, split: r.split, metric: r.metric, label: labelOf(r.metric), description: r.description,
      predicted: r.predicted, published: r.published, error: r.error !== null && Number.isFinite(r.error) ? r.error : null})),
    unanswered: v.unanswered
  };
}

/**
 * Reference MFUs for the Cost chapter. Published ones are read from their rows (a percentage,
 * or achieved TFLOP/s over the GPU's dense bf16 peak); implied ones come from a published
 * whole-run GPU-hour figure and the engine's GPU-hours at MFU 1 for the same run
 * (`implied MFU = GPU-hours at MFU 1 / published GPU-hours`), passed in by the caller.
 */
export function mfuReferences(options: {published: readonly PublishedFigure[]; h100Bf16FlopsPerSecond: number;
  implied: readonly {id: string; label: string; gpuHoursAtFullMfu: number; publishedGpuHours: number; detail: string}[]}): MfuReference[] {
  const byId = new Map(options.published.map((p) => [p.id, p]));
  const out: MfuReference[] = [];
  const percent = (id: string, label: string) => {
    const p = byId.get(id);
    if (!p || typeof p.value !== "number" || p.contains_unverified_parts) return;
    out.push({id, label, mfu: p.value / 100, basis: "published", hardware: `${p.gpu_count ?? ""} × ${p.hardware}`.replace(/^ × /, ""),
      source: p.source, detail: `${p.metric}: ${p.value} ${p.unit}`});
  };
  const tflops = (id: string, label: string) => {
    const p = byId.get(id);
    if (!p || typeof p.value !== "number" || p.contains_unverified_parts) return;
    out.push({id, label, mfu: (p.value * 1e12) / options.h100Bf16FlopsPerSecond, basis: "published",
      hardware: `${p.gpu_count} × ${p.hardware}`, source: p.source,
      detail: `${p.value} ${p.unit} of the H100's dense bf16 peak${p.additional_figures ? ` (${p.additional_figures})` : ""}`});
  };
  tflops("TC-049", "Llama 3 405B, 8K GPUs");
  tflops("TC-050", "Llama 3 405B, 16K GPUs");
  percent("TC-056", "PaLM 540B");
  percent("TC-017", "GPT 22B (Megatron)");
  percent("TC-018", "GPT-3 175B (Megatron)");
  percent("TC-020", "GPT 1T (Megatron)");
  percent("TC-021", "MT-NLG 530B");
  for (const i of options.implied) {
    const p = byId.get(i.id);
    if (!p || !(i.publishedGpuHours > 0)) continue;
    out.push({id: i.id, label: i.label, mfu: i.gpuHoursAtFullMfu / i.publishedGpuHours, basis: "implied",
      hardware: p.hardware, source: p.source, detail: i.detail});
  }
  return out;
}
