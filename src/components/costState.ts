/**
 * The Cost chapter's state in the URL: every input, so a link reproduces the page. Built on
 * `urlState.ts`; this module holds the defaults and the schema.
 *
 * The price defaults to the catalog's median offer for the chosen GPU: in the URL `price=-1`
 * means "that median", so a link without a typed price follows the GPU it names. Training
 * tokens are a plain count (`tokens=2000000000000` or `tokens=2e12`); `tokens=0` (the default) means
 * Chinchilla's 20 per parameter of the chosen model, so a link without a count follows the model.
 */
import type {Scenario} from "../lib/scenario.js";
import {catalogPrice} from "../lib/catalog/prices.js";
import {modelParameterCounts} from "../lib/inference.js";
import {resolveModel} from "../lib/resolve.js";
import {CHINCHILLA_TOKENS_PER_PARAM, DEFAULT_MFU} from "../lib/training/time.js";
import {costTrainingWorkload} from "./costSweeps.js";
import {SCENARIO_STATE_DEFAULTS, scenarioOf, scenarioSchema, type ScenarioState} from "./scenarioState.js";
import {enumOf, number, shown, type ParamSpec, type Schema} from "./urlState.js";

/** The sequence lengths the training-cost section offers. */
export const TRAINING_SEQUENCE_LENGTHS = [2048, 4096, 8192, 16384] as const;
/** The training precisions the training-cost section offers. */
export const COST_TRAINING_PRECISIONS = ["bf16-mixed", "fp8-mixed"] as const;

/** The Cost chapter's state: the shared scenario state (a pasted config as parsed JSON), plus the chapter's own inputs. */
export interface CostPageState extends Omit<ScenarioState, "model"> {
  model: string | Record<string, unknown>;
  /** US dollars per GPU-hour; −1 = the catalog's median for the GPU. */
  price: number;
  /** Training tokens (a count); 0 = Chinchilla's 20 per parameter of the model. */
  tokens: number;
  mfu: number;
  goodput: number;
  /** Training sequence length (tokens). */
  seq: number;
  precision: (typeof COST_TRAINING_PRECISIONS)[number];
  /** GPUs of the training run. */
  tgpus: number;
}

/** The scenario's defaults (lib's, as on every chapter), and the Cost chapter's own. */
export const COST_PAGE_DEFAULTS: CostPageState = {
  ...SCENARIO_STATE_DEFAULTS, price: -1,
  tokens: 0, mfu: DEFAULT_MFU, goodput: 1, seq: 4096, precision: "bf16-mixed", tgpus: 1024
};

/**
 * One of a fixed list of numbers.
 * @example numberOf([2048, 4096]).parse("4096", "seq") // {ok: true, value: 4096}
 */
export function numberOf(values: readonly number[]): ParamSpec<number> {
  return {
    parse(raw) {
      const value = Number(raw.trim());
      return raw.trim() !== "" && values.includes(value) ? {ok: true, value} : {ok: false, reason: `is not one of ${values.join(", ")}`};
    },
    format: (value) => String(value)
  };
}

/** The parser of every key (bounds as the page's inputs have them). */
export function costPageSchema(): Schema<CostPageState> {
  const price = number({min: -1, max: 1000});
  return {
    // The scenario's keys, parsed as on every chapter (scenarioState.ts).
    ...scenarioSchema(),
    // -1 (or any negative or unreadable price, with a note) is the GPU's median; a price between 0 and the input's 0.01 floor is raised to 0.01.
    price: {
      parse(raw, key) {
        const out = price.parse(raw, key);
        const median = "using the GPU's median price";
        if (!out.ok) return {ok: true, value: -1, note: `${key}=${shown(raw)} ${out.reason}; ${median}`};
        if (out.value === -1 && !out.note) return out;
        if (out.value < 0) return {ok: true, value: -1, note: `${key}=${shown(raw)} is negative; ${median}`};
        if (out.value < 0.01) return {ok: true, value: 0.01, note: `${key}=${shown(raw)} is below the minimum 0.01; using 0.01`};
        return out;
      },
      format: price.format
    },
    // 0 is "Chinchilla's default"; any other count is held to the input's range [1e9, 1e14].
    tokens: {
      parse(raw, key) {
        const out = number({min: 0, max: 1e14}).parse(raw, key);
        if (!out.ok || out.value === 0 || out.value >= 1e9) return out;
        return {ok: true, value: 1e9, note: `${key}=${shown(raw)} is below the minimum 1e9; using 1e9`};
      },
      format: (value) => String(value)
    },
    mfu: number({min: 0.05, max: 0.8}),
    goodput: number({min: 0.5, max: 1}),
    seq: numberOf(TRAINING_SEQUENCE_LENGTHS),
    precision: enumOf(COST_TRAINING_PRECISIONS),
    tgpus: number({min: 1, max: 100000, integer: true})
  };
}

/** The price the Cost chapter assumes for a GPU without a catalog offer (an inline spec): $2 per GPU-hour. */
export const COST_FALLBACK_USD_PER_GPU_HOUR = 2;

/**
 * The price box's starting value: the GPU's catalog price (lib/catalog/prices.ts catalogPrice,
 * the one price rule) in cents, else $2.
 */
export function costDefaultPrice(gpu: CostPageState["gpu"]): number {
  const price = typeof gpu === "string" ? catalogPrice({gpuId: gpu}) : null;
  return +(price?.usdPerGpuHour ?? COST_FALLBACK_USD_PER_GPU_HOUR).toFixed(2);
}

/** Chinchilla's 20 tokens per parameter of the model, in billions to 0.01 (what the tokens slider starts at). */
export function costChinchillaBillions(model: CostPageState["model"]): number {
  return Math.round(CHINCHILLA_TOKENS_PER_PARAM * modelParameterCounts(resolveModel(model as Scenario["model"]).arch).total / 1e7) / 100;
}

/** The state's price: a typed one, else (price < 0) the GPU's default. */
export const costPriceOf = (state: Pick<CostPageState, "gpu" | "price">): number => (state.price >= 0 ? state.price : costDefaultPrice(state.gpu));

/**
 * The Cost chapter's serving scenario: the shared scenario keys (scenarioState.ts `scenarioOf`)
 * priced at the page's price. Its figures are `pageEstimate(scenario)`'s, the command's.
 */
export function costServingScenario(state: Pick<CostPageState, "model" | "gpu" | "count" | "engine" | "weights" | "kv" | "batch" | "prompt" | "output" | "price">): Scenario {
  return {...scenarioOf(state), pricing: {usdPerGpuHour: costPriceOf(state)}};
}

/**
 * The Cost chapter's training run as a scenario: full training, ZeRO-3, at the page's tokens
 * (0: Chinchilla's, as the slider shows it), sequence length, precision, MFU, goodput, GPU count
 * and price. Its figures are `estimate(scenario)`'s, the command's.
 */
export function costTrainingScenario(state: Pick<CostPageState, "model" | "gpu" | "tgpus" | "tokens" | "seq" | "precision" | "mfu" | "goodput" | "price">): Scenario {
  const trainingTokens = state.tokens > 0 ? state.tokens : Math.round(costChinchillaBillions(state.model) * 1e9);
  return {model: state.model as Scenario["model"], hardware: {gpu: state.gpu, count: state.tgpus},
    workload: costTrainingWorkload({trainingTokens, sequenceLength: state.seq, precision: state.precision, mfu: state.mfu, goodput: state.goodput}),
    pricing: {usdPerGpuHour: costPriceOf(state)}};
}

/**
 * The Cost chapter's serving setup served continuously (contract v2 `workload.serving`): the
 * same scenario with the batch as the requests in flight. Its figures (and, with the price, the
 * cost from that steady state) are `estimate(scenario)`'s, the command's.
 */
export function costSteadyScenario(state: Parameters<typeof costServingScenario>[0]): Scenario {
  const scenario = costServingScenario(state);
  return {...scenario, workload: {...scenario.workload, serving: {concurrency: state.batch}} as Scenario["workload"]};
}
