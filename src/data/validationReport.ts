/**
 * The validation report behind the Validation page: every published figure of the project's
 * validation set run through the engine, compared with what its source published, and summed
 * up per category.
 *
 *     error = predicted / published − 1        ratio = max(predicted/published, published/predicted)
 *     status = informational  when the source row has unverified parts (shown, never judged)
 *            | ok             when |error| ≤ the case's tolerance class
 *            | explained      outside tolerance, with the reason below (EXPLANATIONS)
 *            | outside        outside tolerance and not explained (the data test forbids it)
 *
 * The comparison itself is `lib/validation.ts` (`runCase`, `errorStatistics`); this module only
 * joins each case with its published.json row (model, hardware, source, measured or reported)
 * and gathers the rows the scenario contract cannot express. Pure: the loader
 * (`validation.json.ts`) reads the JSON files and passes them in.
 */
import {errorStatistics, runCase, TOLERANCES, type ErrorStatistics, type ValidationCase, type ValidationRow} from "../../lib/validation.ts";

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

export type RowStatus = "ok" | "explained" | "informational" | "outside";

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
  /** Why a row outside its tolerance is off (status "explained"), else null. */
  explanation: string | null;
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
  counts: {cases: number; publicCases: number; extraCases: number; inference: number; training: number;
    informational: number; explained: number; notExpressible: number; checkedElsewhere: number};
  /** Over every row that is not informational. */
  overall: Statistics;
  /** Per case category, rows that are not informational. */
  byCategory: ({category: string} & Statistics)[];
  /** Informational rows only. */
  informational: Statistics;
  notExpressible: UncoveredFigure[];
  /** Training rows of published.json with no case here: checked by test/training/published.test.ts, or inputs (MFUs). */
  checkedElsewhere: UncoveredFigure[];
  tolerances: Record<string, number>;
}

/**
 * Rows outside their tolerance, each with the reason in a sentence or two. The full arguments
 * and the checks of the checkable claims are in test/validation/inference.test.ts and
 * test/training/published.test.ts.
 */
export const EXPLANATIONS: Record<string, string> = {
  "TM-008": "torchtune reports torch's allocator peak, which leaves out the CUDA context the engine counts (about 0.5–1 GiB); " +
    "even without it the estimate stays ~16 % high: the bf16 8B base alone is 15 GiB of the published 16.2 GiB, so the recipe " +
    "likely saved memory the row does not state (activation offloading).",
  "TM-013": "torchtune's QLoRA 405B peak: the NF4 shard plus one checkpoint per layer already come to ~44 GB of the 44.8 GB published, " +
    "so the recipe must offload activations or checkpoint more coarsely than the row says; the estimate also counts the CUDA context.",
  "IS-020": "llama.cpp of Dec 2023 (build 1671) ran prompt processing at 5–7k tok/s on an RTX 4090, an A100 and an H100 alike: a software " +
    "ceiling, far below the tensor peaks. The engine's llama.cpp prefill efficiency is fitted to 2024 builds, 3–5x faster.",
  "IS-020-b": "As IS-020: the Dec 2023 llama.cpp prompt-processing ceiling.",
  "IS-021": "As IS-020: the Dec 2023 llama.cpp prompt-processing ceiling, on an H100 PCIe.",
  "IS-021-b": "As IS-020: the Dec 2023 llama.cpp prompt-processing ceiling, on an H100 PCIe.",
  "IS-028-c": "llama.cpp's cuBLAS GEMMs accumulate in FP16, which GeForce cards run at twice the FP32-accumulate rate the GPU entry " +
    "gives (142 vs 71 TFLOPS on an RTX 3090); the contract has one fp16 figure per GPU, so the prefill is predicted ~1.6x too slow.",
  "IS-064-b": "Falcon-180B prefilling 128 tokens sits on the roofline ridge, where taking the larger of weight-streaming and matrix time " +
    "is most optimistic (GEMMs with 128 rows reach neither peak); adding the two comes within tolerance.",
  "IS-010-b": "Llama 2 7B F16 (13.5 GB) on a 16 GB Apple M3: macOS lets the GPU wire only about 2/3–3/4 of unified memory, so weights " +
    "page during decode; the engine has no such limit.",
  "IS-075": "7.92 tok/s × 13.5 GB of weights is 107 GB/s, more than the M1's 68 GB/s memory peak that a batch-1 decode cannot exceed: " +
    "the row's hardware label or figure is off.",
  "IS-075-b": "As IS-075: 14.19 tok/s × 7.2 GB is 101 GB/s, above the M1's 68 GB/s peak.",
  "IS-054": "Llama 3.3 70B with NVIDIA's FP4 weights on a B200 in TensorRT-LLM (written as mxfp4, the contract's nearest format): the " +
    "engine multiplies 4-bit weights at the bf16 rate, as on GPUs that dequantize them, while Blackwell runs FP4 GEMMs natively. At the " +
    "FP4 peak the estimate would overshoot by about half; FP4 GEMM efficiency on B200 is not known from any source here.",
  "SC-010": "The source divides the whole GPU-hour by end-to-end output throughput (prefill included); the engine charges prefill " +
    "seconds to input tokens and only decode seconds to output tokens. Priced end to end, the figure is within tolerance."
};

/** The SI unit of a Result metric, from its name. */
export function unitOfMetric(metric: string): string {
  const leaf = metric.split(".").pop() ?? metric;
  if (leaf === "kvCacheBytesPerToken") return "bytes/token";
  if (/Bytes$/.test(leaf)) return "bytes";
  if (/PerGpu$/.test(leaf)) return "tokens/s/GPU";
  if (/TokensPerSecond$/.test(leaf)) return "tokens/s";
  if (/Seconds$/.test(leaf)) return "s";
  if (/^usdPerMillion/.test(leaf)) return "$/M tokens";
  if (leaf === "gpuHours") return "GPU-hours";
  if (/Flops$/.test(leaf)) return "FLOP";
  if (leaf === "maxBatchSize") return "sequences";
  return "";
}

/** The published.json id a case checks: its `source_id`, else its id without a "-b"/"-c" suffix. */
export function sourceIdOf(testCase: Pick<ValidationCase, "id" | "source_id">): string {
  return testCase.source_id ?? testCase.id.split("-").slice(0, 2).join("-");
}

/** `errorStatistics` with NaN (no rows) turned into null, so it survives JSON. */
export function jsonStatistics(rows: readonly ValidationRow[]): Statistics {
  const s = errorStatistics(rows);
  const out = {} as Statistics;
  for (const [k, v] of Object.entries(s) as [keyof ErrorStatistics, number][]) out[k] = Number.isFinite(v) ? v : null;
  return out;
}

const show = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * Runs every case and builds the report. A case whose published.json row has unverified parts
 * is informational whatever the case file says (as `test/validation/cases.ts` does).
 */
export function validationReport(options: {publicCases: readonly ValidationCase[]; extraCases: readonly ValidationCase[];
  published: readonly PublishedFigure[]; notExpressible: readonly {id: string; why: string}[]}): ValidationReport {
  const {publicCases, extraCases, published, notExpressible} = options;
  const byId = new Map(published.map((p) => [p.id, p]));
  const unverified = new Set(published.filter((p) => p.contains_unverified_parts).map((p) => p.id));
  const cases = [...publicCases, ...extraCases].map((c) => (unverified.has(sourceIdOf(c)) ? {...c, informational: true} : c));
  const compared = cases.map((c) => ({c, row: runCase(c)}));
  const rows: ReportRow[] = compared.map(({c, row}) => {
    const p = byId.get(sourceIdOf(c));
    const explanation = !row.informational && !row.ok ? EXPLANATIONS[row.id] ?? null : null;
    const status: RowStatus = row.informational ? "informational" : row.ok ? "ok" : explanation ? "explained" : "outside";
    return {
      id: row.id, sourceId: sourceIdOf(c), category: row.category, kind: row.kind, description: row.description,
      metric: row.metric, unit: unitOfMetric(row.metric), predicted: row.predicted, published: row.published,
      error: row.error, ratio: row.ratio === null || Number.isFinite(row.ratio) ? row.ratio : null,
      toleranceClass: row.toleranceClass, tolerance: row.tolerance, status, explanation, notes: c.notes ?? "",
      model: p?.model ?? "", hardware: p ? `${p.gpu_count && p.gpu_count !== 1 ? `${p.gpu_count} × ` : ""}${p.hardware}` : "",
      source: p?.source ?? "", measured: p?.measured_or_estimate ?? "", confidence: p?.confidence ?? ""
    };
  });
  const hard = compared.filter(({row}) => !row.informational).map(({row}) => row);
  const categories = [...new Set(rows.map((r) => r.category))];
  const covered = new Set(cases.map(sourceIdOf));
  const uncovered = (p: PublishedFigure, why: string): UncoveredFigure => ({id: p.id, category: p.category, model: p.model,
    metric: p.metric, value: `${show(p.value)} ${p.unit}`, source: p.source, why});
  const skipped = notExpressible.map((n) => {
    const p = byId.get(n.id);
    return p ? uncovered(p, n.why) : {id: n.id, category: "", model: "", metric: "", value: "", source: "", why: n.why};
  });
  const skippedIds = new Set(notExpressible.map((n) => n.id));
  const elsewhere = published
    .filter((p) => p.category.startsWith("training") && !covered.has(p.id) && !skippedIds.has(p.id))
    .map((p) => uncovered(p, p.contains_unverified_parts
      ? "The source row has unverified parts."
      : "Checked in test/training/published.test.ts (a scenario per row, or the reason it is an input such as an MFU)."));
  return {
    rows,
    counts: {
      cases: cases.length, publicCases: publicCases.length, extraCases: extraCases.length,
      inference: rows.filter((r) => !r.category.startsWith("training")).length,
      training: rows.filter((r) => r.category.startsWith("training")).length,
      informational: rows.filter((r) => r.status === "informational").length,
      explained: rows.filter((r) => r.status === "explained").length,
      notExpressible: skipped.length,
      checkedElsewhere: elsewhere.length
    },
    overall: jsonStatistics(hard),
    byCategory: categories.map((category) => ({category, ...jsonStatistics(hard.filter((r) => r.category === category))}))
      .filter((s) => s.count !== null && s.count + (s.failed ?? 0) > 0),
    informational: jsonStatistics(compared.filter(({row}) => row.informational).map(({row}) => row)),
    notExpressible: skipped,
    checkedElsewhere: elsewhere,
    tolerances: {...TOLERANCES}
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
