/**
 * Scenario validation at the edge: unknown JSON in, a typed `Scenario` with defaults out, or
 * one line per problem that names the JSON path, what was found and what is allowed:
 *
 *     workload.batchSize: got -4, expected an integer >= 1
 *     workload.weights: got "q4", expected one of fp32, bf16, fp16, ...
 *     hardware.gpu.memoryGB: got "80", expected a number > 0
 *
 * The contract is docs/scenario.md (v1). zod (its tree-shakable `zod/mini` build, through
 * ./zodMini.ts) checks the shape; the messages are
 * written here from zod's issue codes (zod's own English is never shown). Unknown keys do not
 * fail a scenario: they are left out of it and reported as warnings (`unknown field
 * workload.foo ignored`), except inside an inline `model` object, which is a raw Hugging Face
 * config.json and passes through untouched (`architectureFromConfig` in config.ts checks it).
 * Catalog ids stay strings here; `resolve.ts` looks them up.
 *
 * Pure: no I/O, no Node APIs, never throws for any input.
 */
import * as z from "./zodMini.js";
import {
  CHECKPOINTING, COMPUTE_PRECISIONS, ENGINES, KV_FORMATS, OPTIMIZERS, TRAINING_METHODS,
  TRAINING_PRECISIONS, WEIGHT_FORMATS
} from "./formats.js";
import {architectureFromConfig, ConfigError} from "./config.js";
import type {InferenceWorkload, InlineGpu, LoraOptions, Pricing, Scenario, ServingOptions, TrainingWorkload} from "./scenario.js";
import {BACKENDS} from "./hardware.js";
import {defaultCheckpointingOf, FRAMEWORKS, trainerLimits} from "./training/profiles.js";

export type ValidationResult =
  | {ok: true; scenario: Scenario; warnings: string[]}
  | {ok: false; errors: string[]};

/**
 * Physical bounds of the scenario's numbers (dated 2026-12): far beyond any real deployment, so
 * nothing real is refused, and tight enough that every product the engine forms stays finite.
 * Each bound's reason is in {@link LIMIT_REASONS} and is quoted in the refusal. Bounds of a
 * config.json's own fields are `CONFIG_LIMITS` in config.ts.
 */
export const SCENARIO_LIMITS = {
  gpuCount: 1e6,
  batchSize: 1e6,
  tokens: 1e8,
  parallelDegree: 65536,
  /** llama.cpp -ngl; the model's own bound (layers + 1) is checked once the model is known. */
  gpuLayers: 1e6,
  /** Apple's iogpu.wired_limit_mb, MiB: the memoryGB bound in MiB. */
  wiredLimitMB: 1e9,
  gradientAccumulation: 1e6,
  trainingTokens: 1e18,
  loraRank: 65536,
  loraAlpha: 1e6,
  memoryGBMin: 0.1,
  memoryGB: 1e6,
  bandwidthGBpsMin: 1,
  bandwidthGBps: 1e8,
  tflopsMin: 0.001,
  tflops: 1e7,
  interconnectGBpsMin: 1,
  interconnectGBps: 1e7,
  usdPerGpuHour: 1e5,
  mfuMin: 1e-4,
  goodputMin: 0.01,
  idLength: 200,
  requestsPerSecond: 1e9,
  speculativeTokens: 64,
  batchWaitIterations: 1e4
} as const;

/** Why each bound of {@link SCENARIO_LIMITS} is where it is (quoted in refusals). */
export const LIMIT_REASONS: Record<keyof typeof SCENARIO_LIMITS, string> = {
  gpuCount: "5× the largest reported GPU cluster, xAI Colossus's ~200,000 GPUs (2025)",
  batchSize: "about 4,000× vLLM's default of 256 concurrent sequences (max_num_seqs)",
  tokens: "10× the longest published context, Llama 4 Scout's 10M tokens",
  parallelDegree: "at most the GPU count; Llama 3 405B trained with TP 8 × PP 16 (Llama 3 paper, table 4)",
  gradientAccumulation: "a million micro-batches per optimizer step is beyond any published run",
  trainingTokens: "about 60,000× Llama 3's 15.6T training tokens",
  loraRank: "LoRA ranks in use run from 1 to a few hundred (Hu et al. 2021 use 1–64)",
  loraAlpha: "LoRA alphas in use run from 1 to a few hundred",
  memoryGBMin: "no accelerator has less than 100 MB of memory",
  memoryGB: "about 3,500× the largest single device, B300's and MI355X's 288 GB",
  bandwidthGBpsMin: "1 GB/s is 25× slower than one DDR4-3200 channel",
  bandwidthGBps: "about 5× Cerebras WSE-3's 21 PB/s on-chip memory",
  tflopsMin: "1 GFLOPS, slower than one CPU core",
  tflops: "80× Cerebras WSE-3's 125 PFLOPS",
  interconnectGBpsMin: "1 GB/s is 4× slower than one PCIe 3.0 x4 link",
  interconnectGBps: "about 10,000× NVLink 5's 900 GB/s per direction",
  usdPerGpuHour: "about 10,000× the dearest GPU rental in the price catalog",
  mfuMin: "0.01% of peak: no training run that finishes is that slow",
  goodputMin: "1% productive time: no training run that finishes is that idle",
  idLength: "catalog ids and names are short",
  requestsPerSecond: "far past any real fleet (1e9 requests per second)",
  speculativeTokens: "EAGLE and MTP propose 1 to 8 tokens per step",
  batchWaitIterations: "TensorRT-LLM batch_wait_timeout_iters is set to 20-50 in published launch scripts",
  gpuLayers: "llama.cpp's -ngl counts layers; no model has a million (the model's own layers + 1 is checked after)",
  wiredLimitMB: "the memoryGB bound in MiB"
};

/**
 * Odd but possible: accepted, with a warning naming the field. MFU: the best published large
 * runs reach 46.2% (PaLM 540B, Chowdhery et al. 2022, table 3) and 38–43% (Llama 3 405B).
 */
export const PLAUSIBLE = {
  mfuMax: 0.75,
  mfuMin: 0.05,
  memoryGB: 2048,
  bandwidthGBps: 25_000
} as const;

/**
 * The inference scenario a reader starts from on every chapter (and the explorer's one default
 * for each workload key, the batch size included): Llama 3.1 8B in bf16 on one H100 SXM with
 * vLLM, one sequence of 1,024 prompt and 256 output tokens.
 */
export const DEFAULT_INFERENCE_SCENARIO = {
  model: "llama-3.1-8b",
  hardware: {gpu: "h100-sxm", count: 1},
  workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256}
} as const satisfies Scenario;

/** LoRA target modules the estimator knows (Hugging Face module names). */
export const LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] as const;
export const DEFAULT_LORA: LoraOptions = {rank: 16, targets: ["q_proj", "k_proj", "v_proj", "o_proj"]};

// ---------------------------------------------------------------------------------------------
// Schema helpers. Every leaf carries its own "expected ..." text, so the formatter never has to
// guess what a field allows; issues without such a text fall back to a code-derived message.

type IssueLike = {code?: string};

/** A bound as the messages write it: `1e6` for a power of ten of a million or more, else the number as written. */
export function formatBound(x: number): string {
  return Math.abs(x) >= 1e6 && Number.isInteger(Math.log10(Math.abs(x)))
    ? x.toExponential().replace("e+", "e")
    : String(x);
}

interface NumberRule {
  /** Counts things: must be a whole number. */
  int?: boolean;
  min: number;
  /** The lower bound itself is not allowed (> rather than >=). */
  minExclusive?: boolean;
  max: number;
  /** Say the upper bound in every message (for fractions such as mfu), not only when exceeded. */
  showMax?: boolean;
  /** Why the bounds are there (LIMIT_REASONS), said when a value falls outside them. */
  why?: string;
  /** Why the lower bound is there, when it is not the obvious one (0 or 1). */
  whyMin?: string;
}

function numberField(rule: NumberRule) {
  const kind = rule.int ? "an integer" : "a number";
  const lower = `${rule.minExclusive ? ">" : ">="} ${formatBound(rule.min)}`;
  const both = `${kind} ${lower} and <= ${formatBound(rule.max)}`;
  const usual = `expected ${rule.showMax ? both : `${kind} ${lower}`}`;
  const tooBig = (rule.minExclusive
    ? `expected ${both}`
    : `expected ${kind} from ${formatBound(rule.min)} to ${formatBound(rule.max)}`) + (rule.why ? ` (${rule.why})` : "");
  const tooSmall = rule.whyMin ? `${usual} (${rule.whyMin})` : usual;
  const error = {error: (iss: IssueLike) => (iss.code === "too_big" ? tooBig : iss.code === "too_small" ? tooSmall : usual)};
  const lowerCheck = rule.minExclusive ? z.gt(rule.min, error) : z.gte(rule.min, error);
  const upperCheck = z.lte(rule.max, error);
  return rule.int
    ? z.number(error).check(z.int(error), lowerCheck, upperCheck)
    : z.number(error).check(lowerCheck, upperCheck);
}

/** A bounded field of SCENARIO_LIMITS, its reason attached. */
function limited(key: keyof typeof SCENARIO_LIMITS, rule: Omit<NumberRule, "max" | "why">) {
  return numberField({...rule, max: SCENARIO_LIMITS[key], why: LIMIT_REASONS[key]});
}

const count = (key: keyof typeof SCENARIO_LIMITS) => limited(key, {int: true, min: 1});

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {error: `expected one of ${values.join(", ")}`});
}

function text(what: string) {
  const error = {error: `expected ${what}`};
  return z.string(error).check(z.minLength(1, error), z.maxLength(SCENARIO_LIMITS.idLength, error));
}

const bool = () => z.boolean({error: "expected true or false"});

/** Engine releases `workload.engineVersion` accepts: "1", "0.14", "0.14.0", "1.2.0rc2" (engines.ts compares the numeric parts). */
export const ENGINE_VERSION_PATTERN = /^\d+(\.\d+){0,2}([a-z.+-][0-9a-z.+-]*)?$/i;

/** An engine release number such as "0.14.0" or "1.2.0rc2". */
function engineVersionField() {
  const error = {error: 'expected a release number such as "0.14.0" or "1.0"'};
  return z.string(error).check(z.maxLength(SCENARIO_LIMITS.idLength, error), z.refine((v: string) => ENGINE_VERSION_PATTERN.test(v), error));
}

// ---------------------------------------------------------------------------------------------
// The scenario schema (contract v1).

const {optional, _default: withDefault} = z;

const inlineGpuSchema = z.strictObject(
  {
    name: text("a non-empty name"),
    memoryGB: limited("memoryGB", {min: SCENARIO_LIMITS.memoryGBMin, whyMin: LIMIT_REASONS.memoryGBMin}),
    bandwidthGBps: limited("bandwidthGBps", {min: SCENARIO_LIMITS.bandwidthGBpsMin, minExclusive: true,
      whyMin: LIMIT_REASONS.bandwidthGBpsMin}),
    tflops: z.strictObject(
      Object.fromEntries(
        COMPUTE_PRECISIONS.map((p) => [p, optional(limited("tflops", {min: SCENARIO_LIMITS.tflopsMin, whyMin: LIMIT_REASONS.tflopsMin}))])
      ) as Record<(typeof COMPUTE_PRECISIONS)[number], z.ZodMiniOptional<z.ZodMiniNumber>>,
      {error: `expected an object of dense TFLOPS per precision (${COMPUTE_PRECISIONS.join(", ")})`}
    ),
    interconnectGBps: optional(limited("interconnectGBps", {min: 0})),
    backend: optional(oneOf(BACKENDS))
  },
  {error: "expected an inline GPU object {name, memoryGB, bandwidthGBps, tflops}"}
);

const GPU_EXPECTED = 'expected a GPU catalog id such as "h100-sxm" or an inline spec {name, memoryGB, bandwidthGBps, tflops}';
const MODEL_EXPECTED = 'expected a model catalog id such as "llama-3.1-8b" or a Hugging Face config.json object';

const hostSchema = z.strictObject(
  {
    memoryGB: limited("memoryGB", {min: SCENARIO_LIMITS.memoryGBMin, whyMin: LIMIT_REASONS.memoryGBMin}),
    bandwidthGBps: limited("bandwidthGBps", {min: SCENARIO_LIMITS.bandwidthGBpsMin, minExclusive: true, whyMin: LIMIT_REASONS.bandwidthGBpsMin}),
    tflops: z.strictObject(
      {fp32: limited("tflops", {min: SCENARIO_LIMITS.tflopsMin, whyMin: LIMIT_REASONS.tflopsMin})},
      {error: "expected an object {fp32}: the host CPU's dense FP32 TFLOPS"}
    ),
    wiredLimitMB: optional(limited("wiredLimitMB", {min: 0}))
  },
  {error: "expected an object {memoryGB, bandwidthGBps, tflops: {fp32}}"}
);

const hardwareSchema = z.strictObject(
  {
    gpu: z.union([text("a GPU catalog id"), inlineGpuSchema], {error: GPU_EXPECTED}),
    count: withDefault(count("gpuCount"), 1),
    host: optional(hostSchema)
  },
  {error: "expected an object {gpu, count, host?}"}
);

const parallel = () => count("parallelDegree");

const fraction = () => numberField({min: 0, max: 1, showMax: true});

const servingPoolSchema = z.strictObject(
  {count: count("gpuCount"), tensorParallel: parallel()},
  {error: "expected a pool object {count, tensorParallel}"}
);

/** `workload.serving` (contract v2); the exactly-one rule of concurrency/requestsPerSecond is checked in servingProblems. */
const servingSchema = z.strictObject(
  {
    concurrency: optional(count("batchSize")),
    requestsPerSecond: optional(limited("requestsPerSecond", {min: 0, minExclusive: true})),
    maxBatchedTokens: optional(count("tokens")),
    prefixCacheHitRate: optional(fraction()),
    batchWaitIterations: optional(count("batchWaitIterations")),
    firstWave: optional(bool()),
    cudaGraphMaxTokens: optional(limited("tokens", {int: true, min: 0})),
    speculative: optional(z.strictObject(
      {tokens: count("speculativeTokens"), acceptanceRate: fraction()},
      {error: "expected an object {tokens, acceptanceRate}"}
    )),
    disaggregated: optional(z.strictObject(
      {prefill: servingPoolSchema, decode: servingPoolSchema},
      {error: "expected an object {prefill: {count, tensorParallel}, decode: {count, tensorParallel}}"}
    ))
  },
  {error: "expected a serving object {concurrency or requestsPerSecond, maxBatchedTokens?, prefixCacheHitRate?, batchWaitIterations?, firstWave?, cudaGraphMaxTokens?, speculative?, disaggregated?}"}
);

const inferenceSchema = z.strictObject(
  {
    type: z.literal("inference"),
    engine: oneOf(ENGINES),
    weights: oneOf(WEIGHT_FORMATS),
    kvCache: oneOf(KV_FORMATS),
    // Required unless workload.serving is given (checked below, with the same message).
    batchSize: optional(count("batchSize")),
    promptTokens: count("tokens"),
    outputTokens: count("tokens"),
    tensorParallel: optional(parallel()),
    pipelineParallel: optional(parallel()),
    expertParallel: optional(parallel()),
    engineVersion: optional(engineVersionField()),
    serving: optional(servingSchema),
    gpuLayers: optional(limited("gpuLayers", {int: true, min: 0})),
    expertsOnHost: optional(bool())
  },
  {error: "expected an inference workload object"}
);

const LORA_TARGETS_EXPECTED = {error: `expected a non-empty list of module names (${LORA_TARGETS.join(", ")})`};

const loraSchema = z.strictObject(
  {
    rank: withDefault(count("loraRank"), DEFAULT_LORA.rank),
    targets: withDefault(
      z.array(oneOf(LORA_TARGETS), LORA_TARGETS_EXPECTED).check(z.minLength(1, LORA_TARGETS_EXPECTED)),
      () => [...DEFAULT_LORA.targets] as (typeof LORA_TARGETS)[number][]
    ),
    alpha: optional(limited("loraAlpha", {min: 0, minExclusive: true}))
  },
  {error: "expected an object {rank, targets, alpha?}"}
);

const trainingSchema = z.strictObject(
  {
    type: z.literal("training"),
    method: withDefault(oneOf(TRAINING_METHODS), "full"),
    precision: withDefault(oneOf(TRAINING_PRECISIONS), "bf16-mixed"),
    optimizer: withDefault(oneOf(OPTIMIZERS), "adamw"),
    microBatchSize: count("batchSize"),
    sequenceLength: count("tokens"),
    gradientAccumulation: withDefault(count("gradientAccumulation"), 1),
    // Default: the trainer's own for the method (LoRA and QLoRA checkpoint), filled in below.
    activationCheckpointing: optional(oneOf(CHECKPOINTING)),
    flashAttention: withDefault(bool(), true),
    zeroStage: withDefault(z.literal([0, 1, 2, 3], {error: "expected one of 0, 1, 2, 3"}), 0),
    tensorParallel: withDefault(parallel(), 1),
    pipelineParallel: withDefault(parallel(), 1),
    expertParallel: withDefault(parallel(), 1),
    sequenceParallel: withDefault(bool(), false),
    lora: optional(loraSchema),
    // A token count, but runs can exceed 2^53 tokens' exactness, so not checked as an integer.
    trainingTokens: optional(limited("trainingTokens", {min: 1})),
    mfu: optional(numberField({min: SCENARIO_LIMITS.mfuMin, max: 1, showMax: true, whyMin: LIMIT_REASONS.mfuMin})),
    goodput: optional(numberField({min: SCENARIO_LIMITS.goodputMin, max: 1, showMax: true, whyMin: LIMIT_REASONS.goodputMin})),
    framework: optional(oneOf(FRAMEWORKS))
  },
  {error: "expected a training workload object"}
);

const workloadSchema = z.discriminatedUnion("type", [inferenceSchema, trainingSchema], {
  error: 'expected a workload object with "type": "inference" or "training"'
});

const pricingSchema = z.strictObject(
  {
    usdPerGpuHour: optional(limited("usdPerGpuHour", {min: 0})),
    provider: optional(text("a provider name from the price catalog"))
  },
  {error: "expected an object {usdPerGpuHour} or {provider}"}
);

const scenarioSchema = z.strictObject(
  {
    /** A free-text note for people (examples carry their sources here); not part of the Scenario. */
    $comment: optional(z.string({error: "expected a string"})),
    model: z.union([text("a model catalog id"), z.looseObject({})], {error: MODEL_EXPECTED}),
    hardware: hardwareSchema,
    workload: workloadSchema,
    pricing: optional(pricingSchema)
  },
  {error: "expected a scenario object {model, hardware, workload, pricing?}"}
);

// ---------------------------------------------------------------------------------------------
// Messages.

type Path = readonly PropertyKey[];
type ZodIssue = z.ZodIssue;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `workload.lora.targets[2]`; the whole input is called `scenario`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && IDENTIFIER.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out || "scenario";
}

const MAX_RENDERED = 60;

/** What was found, JSON-rendered and truncated: `-4`, `"q4"`, `NaN`, `nothing` when absent. */
export function renderValue(value: unknown): string {
  let s: string;
  if (value === undefined) return "nothing";
  if (typeof value === "number") s = Number.isFinite(value) ? JSON.stringify(value) : String(value);
  else if (typeof value === "bigint") s = `${value}n`;
  else if (typeof value === "function") s = "a function";
  else if (typeof value === "symbol") s = "a symbol";
  else {
    try {
      s = JSON.stringify(value) ?? String(value);
    } catch {
      s = Array.isArray(value) ? "an array" : "an object";
    }
  }
  return s.length > MAX_RENDERED ? `${s.slice(0, MAX_RENDERED - 1)}…` : s;
}

/** "a string", "a boolean", "an array", "an object": the JSON type of a value, for wrong-type messages. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const t = typeof value;
  return `${/^[aeiou]/.test(t) ? "an" : "a"} ${t}`;
}

function valueAt(root: unknown, path: Path): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** "expected ..." for an issue that carries no text of ours (should be rare). */
function fallbackExpectation(issue: ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => (typeof v === "string" ? v : String(v))).join(", ")}`;
    case "too_small":
      return `expected a value ${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}`;
    case "too_big":
      return `expected a value ${issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}`;
    default:
      return "expected a valid value";
  }
}

interface Collected {
  /** path string → message; the first problem found at a path wins. */
  errors: Map<string, string>;
  unknownKeys: PropertyKey[][];
}

function isTypeMismatchOnly(branch: readonly ZodIssue[]): boolean {
  return branch.length > 0 && branch.every((i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value"));
}

function collect(issues: readonly ZodIssue[], prefix: Path, input: unknown, out: Collected): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.unknownKeys.push([...path, key]);
      continue;
    }
    if (issue.code === "invalid_union" && !("discriminator" in issue && issue.discriminator)) {
      // A union (gpu, model): if the input has the shape of exactly one branch, report that
      // branch's own problems (an inline GPU's missing memoryGB) rather than "not a string".
      const plausible = issue.errors.filter((branch) => !isTypeMismatchOnly(branch));
      if (plausible.length === 1) {
        collect(plausible[0], path, input, out);
        continue;
      }
    }
    let expectation: string;
    if (issue.code === "invalid_union" && "options" in issue && Array.isArray(issue.options)) {
      expectation = `expected one of ${issue.options.map(String).join(", ")}`;
    } else {
      expectation = issue.message.startsWith("expected ") ? issue.message : fallbackExpectation(issue);
    }
    const key = formatPath(path);
    const value = valueAt(input, path);
    // A wrong type is named as one: `got a string ("80")`, not only the quoted value.
    const got = issue.code === "invalid_type" && value !== undefined && typeof value !== "number" && value !== null
      ? `${typeName(value)} (${renderValue(value)})` : renderValue(value);
    if (!out.errors.has(key)) out.errors.set(key, `${key}: got ${got}, ${expectation}`);
  }
}

/** A copy of `input` without the keys at `paths` (only the objects along those paths are copied). */
function withoutKeys(input: unknown, paths: readonly PropertyKey[][]): unknown {
  const copyOf = (node: unknown): unknown =>
    Array.isArray(node) ? [...node] : node !== null && typeof node === "object" ? {...(node as object)} : node;
  const root = copyOf(input);
  for (const path of paths) {
    let node = root as Record<PropertyKey, unknown>;
    for (const segment of path.slice(0, -1)) {
      const child = copyOf(node[segment as string]);
      node[segment as string] = child;
      node = child as Record<PropertyKey, unknown>;
    }
    if (node !== null && typeof node === "object") delete node[path[path.length - 1] as string];
  }
  return root;
}

function problem(path: Path, input: unknown, expectation: string, value: unknown = valueAt(input, path)): string {
  return `${formatPath(path)}: got ${renderValue(value)}, ${expectation}`;
}

/**
 * Rules of `workload.serving` that span fields, read from the raw input so that they are
 * reported beside any shape problem: exactly one of concurrency and requestsPerSecond; each
 * disaggregated pool's count a multiple of its tensorParallel.
 */
function servingProblems(input: unknown): string[] {
  const serving = valueAt(input, ["workload", "serving"]);
  if (serving === null || typeof serving !== "object" || Array.isArray(serving)) return [];
  const out: string[] = [];
  const s = serving as Record<string, unknown>;
  const given = ["concurrency", "requestsPerSecond"].filter((k) => s[k] !== undefined);
  if (given.length !== 1) {
    out.push(problem(["workload", "serving"], input, given.length === 0
      ? "expected exactly one of concurrency (requests in flight, closed loop) or requestsPerSecond (Poisson arrivals, open loop); neither was given"
      : "expected exactly one of concurrency (requests in flight, closed loop) or requestsPerSecond (Poisson arrivals, open loop), not both"));
  }
  for (const pool of ["prefill", "decode"]) {
    const c = valueAt(input, ["workload", "serving", "disaggregated", pool, "count"]);
    const t = valueAt(input, ["workload", "serving", "disaggregated", pool, "tensorParallel"]);
    if (typeof c === "number" && typeof t === "number" && Number.isInteger(c) && Number.isInteger(t) && t >= 1 && c >= 1 && c % t !== 0) {
      out.push(problem(["workload", "serving", "disaggregated", pool, "count"], input,
        `expected a multiple of its tensorParallel (${t})`));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Entry point.

/**
 * Checks a scenario against contract v1 and fills in its defaults.
 *
 * Defaults: hardware.count 1; inference pipelineParallel 1 and tensorParallel =
 * hardware.count / pipelineParallel; training method "full", precision "bf16-mixed",
 * optimizer "adamw", gradientAccumulation 1, activationCheckpointing the trainer's default for the
 * method (lib/training/profiles.ts: "full" for LoRA and QLoRA everywhere), flashAttention
 * true, zeroStage 0, tensor/pipeline/expert parallel 1, sequenceParallel false, and for
 * lora/qlora a LoRA of rank 16 on q_proj, k_proj, v_proj, o_proj.
 *
 * Cross-field rules: tensorParallel × pipelineParallel may not exceed hardware.count (and
 * must divide it for training, as Megatron-LM and DeepSpeed require); expertParallel must
 * divide hardware.count; pricing names a price or a provider.
 *
 * @example validateScenario({model: "llama-3.1-8b", hardware: {gpu: "h100-sxm"},
 *   workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16",
 *   batchSize: 1, promptTokens: 1024, outputTokens: 256}})
 *   // → {ok: true, scenario: {..., hardware: {gpu: "h100-sxm", count: 1},
 *   //     workload: {..., tensorParallel: 1, pipelineParallel: 1}}, warnings: []}
 */
export function validateScenario(input: unknown): ValidationResult {
  try {
    return validate(input);
  } catch (error) {
    // zod should never throw on data; if it does (an exotic object with throwing getters), say so.
    return {ok: false, errors: [`scenario: got an input that could not be read (${String(error)}), expected plain JSON data`]};
  }
}

function validate(input: unknown): ValidationResult {
  let parsed = scenarioSchema.safeParse(input);
  const warnings: string[] = [];
  if (!parsed.success) {
    const out: Collected = {errors: new Map(), unknownKeys: []};
    collect(parsed.error.issues, [], input, out);
    if (out.errors.size > 0) {
      const errors = [...out.errors.values()];
      for (const extra of servingProblems(input)) if (!errors.includes(extra)) errors.push(extra);
      return {ok: false, errors};
    }
    for (const path of out.unknownKeys) warnings.push(`unknown field ${formatPath(path)} ignored`);
    parsed = scenarioSchema.safeParse(withoutKeys(input, out.unknownKeys));
    if (!parsed.success) {
      const again: Collected = {errors: new Map(), unknownKeys: []};
      collect(parsed.error.issues, [], input, again);
      const errors = [...again.errors.values()];
      return {ok: false, errors: errors.length ? errors : ["scenario: got an input that could not be checked, expected a scenario object"]};
    }
  }
  const data = parsed.data;
  const errors: string[] = [];

  // model: a raw config passes through as given (the same object, unknown keys and all).
  let model: Scenario["model"];
  if (typeof data.model === "string") model = data.model;
  else {
    model = valueAt(input, ["model"]) as Record<string, unknown>;
    if (Object.keys(model).length === 0) {
      errors.push(problem(["model"], input, 'expected a model catalog id such as "llama-3.1-8b" or a non-empty Hugging Face config.json object'));
    } else {
      // The config's own fields are bounded here too (CONFIG_LIMITS), so that one validation
      // path refuses them before the engine sizes anything by them.
      errors.push(...configIssues(model));
    }
  }

  const hardwareCount = data.hardware.count;
  const gpu: string | InlineGpu =
    typeof data.hardware.gpu === "string"
      ? data.hardware.gpu
      : (() => {
          const g = data.hardware.gpu;
          const tflops: InlineGpu["tflops"] = {};
          for (const p of COMPUTE_PRECISIONS) if (g.tflops[p] !== undefined) tflops[p] = g.tflops[p];
          if (Object.keys(tflops).length === 0) {
            errors.push(problem(["hardware", "gpu", "tflops"], input,
              `expected at least one dense TFLOPS figure (${COMPUTE_PRECISIONS.join(", ")})`));
          }
          const spec: InlineGpu = {name: g.name, memoryGB: g.memoryGB, bandwidthGBps: g.bandwidthGBps, tflops};
          if (g.interconnectGBps !== undefined && g.interconnectGBps > 0 && g.interconnectGBps < SCENARIO_LIMITS.interconnectGBpsMin) {
            errors.push(problem(["hardware", "gpu", "interconnectGBps"], input,
              `expected 0 (none: PCIe assumed) or a number from ${SCENARIO_LIMITS.interconnectGBpsMin} to ${formatBound(SCENARIO_LIMITS.interconnectGBps)} (${LIMIT_REASONS.interconnectGBpsMin})`));
          }
          if (g.interconnectGBps !== undefined) spec.interconnectGBps = g.interconnectGBps;
          if (g.backend !== undefined) spec.backend = g.backend;
          return spec;
        })();

  let workload: InferenceWorkload | TrainingWorkload;
  const w = data.workload;
  if (w.type === "inference") {
    const pp = w.pipelineParallel ?? 1;
    let tp = w.tensorParallel;
    if (tp === undefined) {
      if (hardwareCount % pp !== 0) {
        errors.push(problem(["workload", "pipelineParallel"], input,
          `expected a divisor of hardware.count (${hardwareCount}) when tensorParallel is not given`, pp));
      }
      tp = Math.max(1, Math.floor(hardwareCount / pp));
    } else if (tp * pp > hardwareCount) {
      errors.push(problem(["workload", tp > 1 ? "tensorParallel" : "pipelineParallel"], input,
        `expected tensorParallel × pipelineParallel (${tp} × ${pp}) <= hardware.count (${hardwareCount})`));
    } else if (hardwareCount % (tp * pp) !== 0) {
      warnings.push(`hardware.count ${hardwareCount} is not a multiple of tensorParallel × pipelineParallel = ${tp * pp}; ` +
        `${hardwareCount % (tp * pp)} GPU(s) are left idle`);
    }
    errors.push(...servingProblems(input));
    if (w.batchSize === undefined && w.serving === undefined) {
      errors.push(problem(["workload", "batchSize"], input, "expected an integer >= 1 (or workload.serving for continuous batching)"));
    }
    const ep = w.expertParallel ?? 1;
    if (ep > hardwareCount || hardwareCount % ep !== 0) {
      errors.push(problem(["workload", "expertParallel"], input, `expected a divisor of hardware.count (${hardwareCount})`, ep));
    }
    const inference: InferenceWorkload = {
      type: "inference", engine: w.engine, weights: w.weights, kvCache: w.kvCache,
      batchSize: w.batchSize ?? w.serving?.concurrency ?? 1,
      promptTokens: w.promptTokens, outputTokens: w.outputTokens, tensorParallel: tp, pipelineParallel: pp
    };
    if (w.expertParallel !== undefined) inference.expertParallel = w.expertParallel;
    if (w.engineVersion !== undefined) inference.engineVersion = w.engineVersion;
    if (w.serving) {
      const s = w.serving;
      const serving: ServingOptions = {};
      if (s.concurrency !== undefined) serving.concurrency = s.concurrency;
      if (s.requestsPerSecond !== undefined) serving.requestsPerSecond = s.requestsPerSecond;
      if (s.maxBatchedTokens !== undefined) serving.maxBatchedTokens = s.maxBatchedTokens;
      if (s.prefixCacheHitRate !== undefined) serving.prefixCacheHitRate = s.prefixCacheHitRate;
      if (s.batchWaitIterations !== undefined) serving.batchWaitIterations = s.batchWaitIterations;
      if (s.firstWave !== undefined) serving.firstWave = s.firstWave;
      if (s.cudaGraphMaxTokens !== undefined) serving.cudaGraphMaxTokens = s.cudaGraphMaxTokens;
      if (s.speculative) serving.speculative = {tokens: s.speculative.tokens, acceptanceRate: s.speculative.acceptanceRate};
      if (s.disaggregated) {
        serving.disaggregated = {
          prefill: {count: s.disaggregated.prefill.count, tensorParallel: s.disaggregated.prefill.tensorParallel},
          decode: {count: s.disaggregated.decode.count, tensorParallel: s.disaggregated.decode.tensorParallel}
        };
      }
      inference.serving = serving;
    }
    if (w.gpuLayers !== undefined) inference.gpuLayers = w.gpuLayers;
    if (w.expertsOnHost !== undefined) inference.expertsOnHost = w.expertsOnHost;
    workload = inference;
  } else {
    const modelParallel = w.tensorParallel * w.pipelineParallel;
    if (modelParallel > hardwareCount) {
      const blamed = w.tensorParallel > 1 ? "tensorParallel" : "pipelineParallel";
      errors.push(problem(["workload", blamed], input,
        `expected tensorParallel × pipelineParallel (${w.tensorParallel} × ${w.pipelineParallel}) <= hardware.count (${hardwareCount})`,
        w[blamed]));
    } else if (hardwareCount % modelParallel !== 0) {
      errors.push(problem(["hardware", "count"], input,
        `expected a multiple of tensorParallel × pipelineParallel = ${modelParallel}`, hardwareCount));
    }
    if (w.expertParallel > hardwareCount || hardwareCount % w.expertParallel !== 0) {
      errors.push(problem(["workload", "expertParallel"], input,
        `expected a divisor of hardware.count (${hardwareCount})`, w.expertParallel));
    }
    if (w.sequenceParallel && w.tensorParallel === 1) {
      warnings.push("workload.sequenceParallel has no effect with tensorParallel 1");
    }
    const training: TrainingWorkload = {
      type: "training", method: w.method, precision: w.precision, optimizer: w.optimizer,
      microBatchSize: w.microBatchSize, sequenceLength: w.sequenceLength,
      gradientAccumulation: w.gradientAccumulation,
      activationCheckpointing: w.activationCheckpointing ?? defaultCheckpointingOf({framework: w.framework, method: w.method}),
      flashAttention: w.flashAttention, zeroStage: w.zeroStage, tensorParallel: w.tensorParallel,
      pipelineParallel: w.pipelineParallel, expertParallel: w.expertParallel, sequenceParallel: w.sequenceParallel
    };
    if (w.method === "full") {
      if (w.lora) warnings.push("workload.lora ignored: method is full");
    } else {
      const lora: LoraOptions = w.lora
        ? {rank: w.lora.rank, targets: [...new Set(w.lora.targets)]}
        : {rank: DEFAULT_LORA.rank, targets: [...DEFAULT_LORA.targets]};
      if (w.lora?.alpha !== undefined) lora.alpha = w.lora.alpha;
      training.lora = lora;
    }
    if (w.trainingTokens !== undefined) training.trainingTokens = w.trainingTokens;
    if (w.mfu !== undefined) training.mfu = w.mfu;
    if (w.goodput !== undefined) training.goodput = w.goodput;
    if (w.framework !== undefined) {
      training.framework = w.framework;
      // What the trainer cannot do, named by field (a trainer without pipeline parallelism asked for PP > 1, ...).
      const modelParallelOk = hardwareCount % (w.tensorParallel * w.pipelineParallel) === 0;
      for (const limit of trainerLimits({framework: w.framework, tensorParallel: w.tensorParallel, pipelineParallel: w.pipelineParallel,
        expertParallel: w.expertParallel, zeroStage: w.zeroStage,
        dataParallel: modelParallelOk ? hardwareCount / (w.tensorParallel * w.pipelineParallel) : 1})) {
        errors.push(problem(limit.path, input, limit.message, limit.value));
      }
    }
    workload = training;
  }

  warnings.push(...plausibilityWarnings(gpu, workload));

  let pricing: Pricing | undefined;
  if (data.pricing) {
    if (data.pricing.usdPerGpuHour === undefined && data.pricing.provider === undefined) {
      errors.push(problem(["pricing"], input, "expected usdPerGpuHour (a number >= 0) or provider (a name from the price catalog)"));
    }
    pricing = {};
    if (data.pricing.usdPerGpuHour !== undefined) pricing.usdPerGpuHour = data.pricing.usdPerGpuHour;
    if (data.pricing.provider !== undefined) pricing.provider = data.pricing.provider;
  }

  if (errors.length) return {ok: false, errors};
  const scenario: Scenario = {model, hardware: {gpu, count: hardwareCount}, workload};
  if (data.hardware.host) {
    const h = data.hardware.host;
    scenario.hardware.host = {memoryGB: h.memoryGB, bandwidthGBps: h.bandwidthGBps, tflops: {fp32: h.tflops.fp32}};
    if (h.wiredLimitMB !== undefined) scenario.hardware.host.wiredLimitMB = h.wiredLimitMB;
  }
  if (pricing) scenario.pricing = pricing;
  return {ok: true, scenario, warnings};
}

/**
 * Problems of an inline GPU spec alone, worded as validateScenario words them
 * (`hardware.gpu.bandwidthGBps: got 0, expected a number > 1 (...)`): for pages' custom-GPU inputs.
 */
export function inlineGpuProblems(spec: unknown): string[] {
  const checked = validateScenario({model: "llama-3.1-8b", hardware: {gpu: spec, count: 1},
    workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1, outputTokens: 1}});
  return checked.ok ? [] : checked.errors;
}

/** A config.json's problems as the engine's reader finds them, each naming `model.<field>`. */
function configIssues(config: Record<string, unknown>): string[] {
  try {
    architectureFromConfig(config);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    return [`model: got a config.json that could not be read (${String(error)}), expected a Hugging Face config.json object`];
  }
}

/** Values that are possible but beyond what anyone has published: accepted, with a warning. */
function plausibilityWarnings(gpu: string | InlineGpu, workload: InferenceWorkload | TrainingWorkload): string[] {
  const out: string[] = [];
  if (typeof gpu !== "string") {
    if (gpu.memoryGB > PLAUSIBLE.memoryGB) {
      out.push(`hardware.gpu.memoryGB: ${gpu.memoryGB} GB is more than any single device (the largest have 288 GB); check the spec`);
    }
    if (gpu.bandwidthGBps > PLAUSIBLE.bandwidthGBps) {
      out.push(`hardware.gpu.bandwidthGBps: ${gpu.bandwidthGBps} GB/s is beyond any HBM device (B200 and MI355X: 8,000 GB/s); check the spec`);
    }
  }
  if (workload.type === "training" && workload.mfu !== undefined) {
    if (workload.mfu > PLAUSIBLE.mfuMax) {
      out.push(`workload.mfu: ${workload.mfu} is above every published run (PaLM 540B: 0.462, Chowdhery et al. 2022); time and cost will be optimistic`);
    } else if (workload.mfu < PLAUSIBLE.mfuMin) {
      out.push(`workload.mfu: ${workload.mfu} is below 0.05, far under published runs (0.3–0.46); time and cost will be pessimistic`);
    }
  }
  return out;
}
