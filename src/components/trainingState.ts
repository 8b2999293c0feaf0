/**
 * The Training chapter's state in the URL: every input, so a link reproduces the page. Built
 * on `urlState.ts`; this module holds the defaults, the schema and one extra parameter kind
 * (the LoRA target list).
 *
 * Training tokens and the price default to values that depend on the model and the GPU
 * (Chinchilla's 20 tokens per parameter; the catalog's median price): in the URL, `tokens=0`
 * and `price=-1` mean "that default", so a link without them follows the model and GPU chosen.
 */
import {CHECKPOINTING, OPTIMIZERS, TRAINING_METHODS, TRAINING_PRECISIONS, type CheckpointingPolicy, type OptimizerName,
  type TrainingMethod, type TrainingPrecision} from "../lib/formats.js";
import type {InlineGpu, Scenario, TrainingWorkload} from "../lib/scenario.js";
import {catalogPrice} from "../lib/catalog/prices.js";
import {tensorsOf} from "../lib/params.js";
import {resolveModel} from "../lib/resolve.js";
import {CHINCHILLA_TOKENS_PER_PARAM} from "../lib/training/time.js";
import {LORA_TARGETS} from "../lib/training/lora.js";
import {defaultCheckpointingOf, FRAMEWORKS, type FrameworkName} from "../lib/training/profiles.js";
import type {ByteUnit} from "./units.js";
import {pickSchema} from "./scenarioState.js";
import {boolean, enumOf, number, shown, type ParamSpec, type Schema} from "./urlState.js";

export interface TrainingPageState {
  model: string | Record<string, unknown>;
  gpu: string | InlineGpu;
  count: number;
  unit: ByteUnit;
  method: TrainingMethod;
  rank: number;
  targets: string[];
  precision: TrainingPrecision;
  optimizer: OptimizerName;
  framework: FrameworkName;
  mb: number;
  seq: number;
  ga: number;
  /** A checkpointing policy, or "default": the trainer's own default for the method (LoRA and QLoRA: full). */
  ckpt: CheckpointingPolicy | "default";
  flash: boolean;
  zero: number;
  tp: number;
  pp: number;
  ep: number;
  sp: boolean;
  mfu: number;
  /** Training tokens in billions; 0 = Chinchilla's 20 per parameter. */
  tokens: number;
  /** US dollars per GPU-hour; −1 = the catalog's median for the GPU. */
  price: number;
  sweep: "micro-batch" | "sequence length";
}

export const TRAINING_PAGE_DEFAULTS: TrainingPageState = {
  model: "llama-3.1-8b", gpu: "h100-sxm", count: 8, unit: "GB",
  method: "full", rank: 16, targets: ["q_proj", "k_proj", "v_proj", "o_proj"],
  precision: "bf16-mixed", optimizer: "adamw", framework: "deepspeed",
  mb: 1, seq: 4096, ga: 8, ckpt: "default", flash: true,
  zero: 3, tp: 1, pp: 1, ep: 1, sp: false,
  mfu: 0.4, tokens: 0, price: -1, sweep: "micro-batch"
};

/**
 * A comma-separated list of LoRA target module names (q_proj, …, down_proj); unknown names
 * are dropped with a note, an empty list is allowed ("none").
 *
 * @example loraTargetsParam().parse("q_proj,v_proj", "targets") // {ok: true, value: ["q_proj", "v_proj"]}
 */
export function loraTargetsParam(): ParamSpec<string[]> {
  const known = new Set<string>(LORA_TARGETS);
  return {
    parse(raw, key) {
      const text = raw.trim();
      if (text === "" || text.toLowerCase() === "none") return {ok: true, value: []};
      const names = text.split(",").map((x) => x.trim().toLowerCase()).filter((x) => x !== "");
      const good = LORA_TARGETS.filter((t) => names.includes(t));
      const bad = names.filter((x) => !known.has(x));
      if (good.length === 0) return {ok: false, reason: `names no LoRA target (${LORA_TARGETS.join(", ")})`};
      return bad.length
        ? {ok: true, value: good, note: `${key}=${shown(raw)}: ${bad.map((b) => shown(b, 16)).join(", ")} ${bad.length > 1 ? "are not LoRA targets" : "is not a LoRA target"}; ignored`}
        : {ok: true, value: good};
    },
    format: (value) => (value.length ? value.join(",") : "none")
  };
}

/** The parser of every key. */
export function trainingPageSchema(): Schema<TrainingPageState> {
  return {
    // The scenario's keys, parsed as on every chapter (scenarioState.ts).
    ...pickSchema(["model", "gpu", "count", "unit"]),
    method: enumOf(TRAINING_METHODS),
    rank: number({min: 1, max: 256, integer: true}),
    targets: loraTargetsParam(),
    precision: enumOf(TRAINING_PRECISIONS),
    optimizer: enumOf(OPTIMIZERS),
    framework: enumOf<FrameworkName>(FRAMEWORKS),
    mb: number({min: 1, max: 256, integer: true}),
    seq: number({min: 128, max: 131072, integer: true}),
    ga: number({min: 1, max: 256, integer: true}),
    ckpt: enumOf([...CHECKPOINTING, "default"] as const),
    flash: boolean(),
    zero: number({min: 0, max: 3, integer: true}),
    tp: number({min: 1, max: 64, integer: true}),
    pp: number({min: 1, max: 128, integer: true}),
    ep: number({min: 1, max: 256, integer: true}),
    sp: boolean(),
    mfu: number({min: 0.05, max: 0.9}),
    tokens: number({min: 0, max: 1e6}),
    price: number({min: -1, max: 1000}),
    sweep: enumOf(["micro-batch", "sequence length"] as const)
  };
}

/** What the Training chapter starts its tokens and price inputs from, for a model and a GPU. */
export interface TrainingInputDefaults {
  /** Chinchilla's 20 tokens per parameter, in whole billions (what the tokens box shows). */
  tokensBillions: number;
  /** The GPU's catalog price (lib/catalog/prices.ts catalogPrice, the one price rule) in cents, else $2. */
  usdPerGpuHour: number;
  /** How many catalog offers that price is the median of (0: the $2 assumption). */
  offers: number;
}

/** Used when the GPU has no catalog offer (an inline spec, a consumer card): $2 per GPU-hour. */
export const TRAINING_FALLBACK_USD_PER_GPU_HOUR = 2;

/**
 * The tokens and price the Training chapter's inputs start from: `tokens=0` and `price=-1` in
 * its link mean these.
 * @example trainingInputDefaults("llama-3.1-8b", "h100-sxm") // {tokensBillions: 161, usdPerGpuHour: …, offers: …}
 */
export function trainingInputDefaults(model: TrainingPageState["model"], gpu: TrainingPageState["gpu"]): TrainingInputDefaults {
  const params = tensorsOf(resolveModel(model as Scenario["model"]).arch).reduce((s, t) => s + t.params, 0);
  const price = typeof gpu === "string" ? catalogPrice({gpuId: gpu}) : null;
  return {
    tokensBillions: Math.round((CHINCHILLA_TOKENS_PER_PARAM * params) / 1e9),
    usdPerGpuHour: Number((price?.usdPerGpuHour ?? TRAINING_FALLBACK_USD_PER_GPU_HOUR).toFixed(2)),
    offers: price?.offers ?? 0
  };
}

/**
 * The Training chapter's state → the scenario its headline figures come from
 * (`estimate(scenario)`, lib/estimate.ts) and that "Download training scenario" writes: a
 * training workload with every input of the page, the checkpointing policy resolved ("default"
 * is the trainer's own for the method), `goodput` 1, the tokens (0: `defaults.tokensBillions`)
 * and the price (< 0: `defaults.usdPerGpuHour`).
 */
export function trainingScenarioOf(state: Omit<TrainingPageState, "unit" | "sweep">,
  defaults: TrainingInputDefaults = trainingInputDefaults(state.model, state.gpu)): Scenario {
  const tokensBillions = state.tokens > 0 ? state.tokens : defaults.tokensBillions;
  const price = state.price >= 0 ? state.price : defaults.usdPerGpuHour;
  const workload: TrainingWorkload = {
    type: "training", method: state.method, precision: state.precision, optimizer: state.optimizer, framework: state.framework,
    microBatchSize: state.mb, sequenceLength: state.seq, gradientAccumulation: state.ga,
    activationCheckpointing: state.ckpt === "default" ? defaultCheckpointingOf({framework: state.framework, method: state.method}) : state.ckpt,
    flashAttention: state.flash, zeroStage: state.zero as TrainingWorkload["zeroStage"], tensorParallel: state.tp, pipelineParallel: state.pp,
    expertParallel: state.ep, sequenceParallel: state.sp,
    ...(state.method === "full" ? {} : {lora: {rank: state.rank, targets: [...state.targets]}}),
    mfu: state.mfu, goodput: 1,
    ...(Number.isFinite(tokensBillions) && tokensBillions > 0 ? {trainingTokens: tokensBillions * 1e9} : {})
  };
  return {model: state.model as Scenario["model"], hardware: {gpu: state.gpu, count: state.count}, workload,
    ...(Number.isFinite(price) && price >= 0 ? {pricing: {usdPerGpuHour: price}} : {})};
}
