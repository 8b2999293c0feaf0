/**
 * Scenario validation at the edge: unknown JSON in, a typed `Scenario` with defaults out, or
 * one line per problem that names the JSON path, what was found and what is allowed:
 *
 *     workload.batchSize: got -4, expected an integer >= 1
 *     workload.weights: got "q4", expected one of fp32, bf16, fp16, ...
 *     hardware.gpu.memoryGB: got "80", expected a number > 0
 *
 * The contract is shared/specs/scenario.md (v1). zod checks the shape; the messages are
 * written here from zod's issue codes (zod's own English is never shown). Unknown keys do not
 * fail a scenario: they are left out of it and reported as warnings (`unknown field
 * workload.foo ignored`), except inside an inline `model` object, which is a raw Hugging Face
 * config.json and passes through untouched (`architectureFromConfig` in config.ts checks it).
 * Catalog ids stay strings here; `resolve.ts` looks them up.
 *
 * Pure: no I/O, no Node APIs, never throws for any input.
 */
import {z} from "zod";
import {
  CHECKPOINTING, COMPUTE_PRECISIONS, ENGINES, KV_FORMATS, OPTIMIZERS, TRAINING_METHODS,
  TRAINING_PRECISIONS, WEIGHT_FORMATS
} from "./formats.js";
import type {InferenceWorkload, InlineGpu, LoraOptions, Pricing, Scenario, TrainingWorkload} from "./scenario.js";

export type ValidationResult =
  | {ok: true; scenario: Scenario; warnings: string[]}
  | {ok: false; errors: string[]};

/** Upper bounds: generous sanity limits, far beyond any real deployment, that catch typos. */
export const SCENARIO_LIMITS = {
  gpuCount: 1e6,
  batchSize: 1e6,
  tokens: 1e8,
  parallelDegree: 65536,
  gradientAccumulation: 1e6,
  /** Tokens of a training run (1e18: ~60 000 times Llama 3's 15.6e12). */
  trainingTokens: 1e18,
  loraRank: 65536,
  memoryGB: 1e6,
  bandwidthGBps: 1e7,
  tflops: 1e7,
  usdPerGpuHour: 1e5,
  idLength: 200
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

function formatBound(x: number): string {
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
}

function numberField(rule: NumberRule) {
  const kind = rule.int ? "an integer" : "a number";
  const lower = `${rule.minExclusive ? ">" : ">="} ${formatBound(rule.min)}`;
  const both = `${kind} ${lower} and <= ${formatBound(rule.max)}`;
  const usual = `expected ${rule.showMax ? both : `${kind} ${lower}`}`;
  const tooBig = rule.minExclusive
    ? `expected ${both}`
    : `expected ${kind} from ${formatBound(rule.min)} to ${formatBound(rule.max)}`;
  const error = {error: (iss: IssueLike) => (iss.code === "too_big" ? tooBig : usual)};
  let schema = z.number(error);
  if (rule.int) schema = schema.int(error);
  schema = rule.minExclusive ? schema.gt(rule.min, error) : schema.gte(rule.min, error);
  return schema.lte(rule.max, error);
}

const count = (max: number) => numberField({int: true, min: 1, max});

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {error: `expected one of ${values.join(", ")}`});
}

function text(what: string) {
  const error = {error: `expected ${what}`};
  return z.string(error).min(1, error).max(SCENARIO_LIMITS.idLength, error);
}

const bool = () => z.boolean({error: "expected true or false"});

// ---------------------------------------------------------------------------------------------
// The scenario schema (contract v1).

const inlineGpuSchema = z.strictObject(
  {
    name: text("a non-empty name"),
    memoryGB: numberField({min: 0, minExclusive: true, max: SCENARIO_LIMITS.memoryGB}),
    bandwidthGBps: numberField({min: 0, minExclusive: true, max: SCENARIO_LIMITS.bandwidthGBps}),
    tflops: z.strictObject(
      Object.fromEntries(
        COMPUTE_PRECISIONS.map((p) => [p, numberField({min: 0, minExclusive: true, max: SCENARIO_LIMITS.tflops}).optional()])
      ) as Record<(typeof COMPUTE_PRECISIONS)[number], z.ZodOptional<z.ZodNumber>>,
      {error: `expected an object of dense TFLOPS per precision (${COMPUTE_PRECISIONS.join(", ")})`}
    ),
    interconnectGBps: numberField({min: 0, max: SCENARIO_LIMITS.bandwidthGBps}).optional()
  },
  {error: "expected an inline GPU object {name, memoryGB, bandwidthGBps, tflops}"}
);

const GPU_EXPECTED = 'expected a GPU catalog id such as "h100-sxm" or an inline spec {name, memoryGB, bandwidthGBps, tflops}';
const MODEL_EXPECTED = 'expected a model catalog id such as "llama-3.1-8b" or a Hugging Face config.json object';

const hardwareSchema = z.strictObject(
  {
    gpu: z.union([text("a GPU catalog id"), inlineGpuSchema], {error: GPU_EXPECTED}),
    count: count(SCENARIO_LIMITS.gpuCount).default(1)
  },
  {error: "expected an object {gpu, count}"}
);

const parallel = () => count(SCENARIO_LIMITS.parallelDegree);

const inferenceSchema = z.strictObject(
  {
    type: z.literal("inference"),
    engine: oneOf(ENGINES),
    weights: oneOf(WEIGHT_FORMATS),
    kvCache: oneOf(KV_FORMATS),
    batchSize: count(SCENARIO_LIMITS.batchSize),
    promptTokens: count(SCENARIO_LIMITS.tokens),
    outputTokens: count(SCENARIO_LIMITS.tokens),
    tensorParallel: parallel().optional(),
    pipelineParallel: parallel().optional()
  },
  {error: "expected an inference workload object"}
);

const loraSchema = z.strictObject(
  {
    rank: count(SCENARIO_LIMITS.loraRank).default(DEFAULT_LORA.rank),
    targets: z
      .array(oneOf(LORA_TARGETS), {error: `expected a non-empty list of module names (${LORA_TARGETS.join(", ")})`})
      .min(1, {error: `expected a non-empty list of module names (${LORA_TARGETS.join(", ")})`})
      .default([...DEFAULT_LORA.targets] as (typeof LORA_TARGETS)[number][]),
    alpha: numberField({min: 0, minExclusive: true, max: 1e6}).optional()
  },
  {error: "expected an object {rank, targets, alpha?}"}
);

const trainingSchema = z.strictObject(
  {
    type: z.literal("training"),
    method: oneOf(TRAINING_METHODS).default("full"),
    precision: oneOf(TRAINING_PRECISIONS).default("bf16-mixed"),
    optimizer: oneOf(OPTIMIZERS).default("adamw"),
    microBatchSize: count(SCENARIO_LIMITS.batchSize),
    sequenceLength: count(SCENARIO_LIMITS.tokens),
    gradientAccumulation: count(SCENARIO_LIMITS.gradientAccumulation).default(1),
    activationCheckpointing: oneOf(CHECKPOINTING).default("none"),
    flashAttention: bool().default(true),
    zeroStage: z.literal([0, 1, 2, 3], {error: "expected one of 0, 1, 2, 3"}).default(0),
    tensorParallel: parallel().default(1),
    pipelineParallel: parallel().default(1),
    expertParallel: parallel().default(1),
    sequenceParallel: bool().default(false),
    lora: loraSchema.optional(),
    // A token count, but runs can exceed 2^53 tokens' exactness, so not checked as an integer.
    trainingTokens: numberField({min: 1, max: SCENARIO_LIMITS.trainingTokens}).optional(),
    mfu: numberField({min: 0, minExclusive: true, max: 1, showMax: true}).optional(),
    goodput: numberField({min: 0, minExclusive: true, max: 1, showMax: true}).optional(),
    framework: oneOf(["pytorch", "deepspeed", "megatron", "hf-trainer"]).optional()
  },
  {error: "expected a training workload object"}
);

const workloadSchema = z.discriminatedUnion("type", [inferenceSchema, trainingSchema], {
  error: 'expected a workload object with "type": "inference" or "training"'
});

const pricingSchema = z.strictObject(
  {
    usdPerGpuHour: numberField({min: 0, max: SCENARIO_LIMITS.usdPerGpuHour}).optional(),
    provider: text("a provider name from the price catalog").optional()
  },
  {error: "expected an object {usdPerGpuHour} or {provider}"}
);

const scenarioSchema = z.strictObject(
  {
    /** A free-text note for people (examples carry their sources here); not part of the Scenario. */
    $comment: z.string({error: "expected a string"}).optional(),
    model: z.union([text("a model catalog id"), z.looseObject({})], {error: MODEL_EXPECTED}),
    hardware: hardwareSchema,
    workload: workloadSchema,
    pricing: pricingSchema.optional()
  },
  {error: "expected a scenario object {model, hardware, workload, pricing?}"}
);

// ---------------------------------------------------------------------------------------------
// Messages.

type Path = readonly PropertyKey[];
type ZodIssue = z.core.$ZodIssue;

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
    if (!out.errors.has(key)) out.errors.set(key, `${key}: got ${renderValue(valueAt(input, path))}, ${expectation}`);
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

// ---------------------------------------------------------------------------------------------
// Entry point.

/**
 * Checks a scenario against contract v1 and fills in its defaults.
 *
 * Defaults: hardware.count 1; inference pipelineParallel 1 and tensorParallel =
 * hardware.count / pipelineParallel; training method "full", precision "bf16-mixed",
 * optimizer "adamw", gradientAccumulation 1, activationCheckpointing "none", flashAttention
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
    if (out.errors.size > 0) return {ok: false, errors: [...out.errors.values()]};
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
          if (g.interconnectGBps !== undefined) spec.interconnectGBps = g.interconnectGBps;
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
    workload = {
      type: "inference", engine: w.engine, weights: w.weights, kvCache: w.kvCache, batchSize: w.batchSize,
      promptTokens: w.promptTokens, outputTokens: w.outputTokens, tensorParallel: tp, pipelineParallel: pp
    };
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
      gradientAccumulation: w.gradientAccumulation, activationCheckpointing: w.activationCheckpointing,
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
    if (w.framework !== undefined) training.framework = w.framework;
    workload = training;
  }

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
  if (pricing) scenario.pricing = pricing;
  return {ok: true, scenario, warnings};
}
