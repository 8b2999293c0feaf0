/**
 * Plan mode of the scenario command: a scenario with `plan` (or `--plan`) read into a planner request and answered.
 * Part of the planner (lib/planner.ts re-exports it); SI units throughout.
 */
import type {GpuSpec} from "../hardware.js";
import {providerPrice, type PriceOf} from "./price.js";
import {ENGINES, WEIGHT_FORMATS, type EngineName, type WeightFormat} from "../formats.js";
import {ENGINE_PROFILES} from "../engines.js";
import {findGpu, GPU_CATALOG, GPU_IDS} from "../catalog/gpus.js";
import {modelParameterCounts} from "../inference.js";
import {resolveGpu, resolveModel, ScenarioError} from "../resolve.js";
import {type ServingPlanOptions, type ServingPlan, planServing} from "./serving.js";
import {type TrainingPlanOptions, type TrainingPlan, planTraining} from "./training.js";
import {renderValue, validateScenario} from "../validate.js";
import {isObject, MAX_GPUS_PER_REPLICA, parsePlanKey, planRequestSchema} from "./requestSchema.js";

export {MAX_GPUS_PER_REPLICA};

/** The `plan` key of a scenario in plan mode; every field optional (`"plan": true` is the same as `{}`). */
export interface PlanRequest {
  /** Serving: concurrent sequences (default: the raw workload.batchSize when given). */
  concurrency?: number;
  targetThroughputTokensPerSecond?: number;
  maxTimeToFirstTokenSeconds?: number;
  maxTimePerOutputTokenSeconds?: number;
  /** Serving: formats to try (default: the raw workload.weights when given, else servingFormats). */
  weightFormats?: WeightFormat[];
  /** Serving: most GPUs per replica, 1-8 (default: hardware.count when given, else 8). */
  maxGpus?: number;
  /** GPU catalog ids to consider (default: hardware.gpu when it names one, else the catalog). */
  gpus?: string[];
  /** Training: GPU counts (default: hardware.count when given, else 8, 16, ..., 1024). */
  gpuCounts?: number[];
  /** Training: wall-clock limit. */
  deadlineSeconds?: number;
  /** Rows to return, best first (default all). */
  top?: number;
}

export interface ScenarioPlan {
  mode: "plan";
  type: "inference" | "training";
  model: {id: string | null; name: string};
  serving: ServingPlan | null;
  training: TrainingPlan | null;
  warnings: string[];
}


/**
 * Checks the `plan` key (`true`, absent or an object): the request, or one line per problem
 * naming its JSON path, what was given and what is allowed (`plan.maxGpus: got 16, expected an
 * integer >= 1 and <= 8`); unknown keys are warnings, as in a scenario.
 */
export function parsePlanRequest(raw: unknown): {ok: true; request: PlanRequest; warnings: string[]} | {ok: false; errors: string[]} {
  return parsePlanKey(raw, planRequestSchema) as {ok: true; request: PlanRequest; warnings: string[]} | {ok: false; errors: string[]};
}

/**
 * Plan mode: a scenario whose model and workload define the question, answered with ranked
 * plans instead of one estimate. Differences from a plain scenario:
 * - `hardware` may be omitted, or `hardware.gpu` be "any": every catalog GPU with a price is
 *   tried (`plan.gpus` narrows the list; a catalog id or inline spec tries that GPU only).
 *   `hardware.count`, when given, is the most GPUs per replica (serving, at most 8) or the one
 *   GPU count tried (training).
 * - Inference: `weights` may be omitted (every format of `servingFormats` is tried; given, only
 *   it), `batchSize` may be omitted (given, it is the concurrency), `engine` defaults to vLLM and
 *   `kvCache` to bf16 (fp16 for llama.cpp). tensorParallel/pipelineParallel are chosen by the planner.
 * - Training: `microBatchSize` defaults to 1, `sequenceLength` to 4096; zeroStage,
 *   tensorParallel, pipelineParallel are chosen (given values are ignored, with a warning);
 *   `activationCheckpointing`, when given, is the only policy tried; `trainingTokens` defaults to
 *   the Chinchilla 20 tokens per parameter.
 * - `pricing.usdPerGpuHour` prices every GPU alike; `pricing.provider` takes that provider's
 *   catalog price per GPU (the one price rule, `catalogPrice`: the median of its offers; GPUs it
 *   does not offer are skipped); without
 *   pricing, `catalogPrice`.
 * Every problem is reported as the plain estimate reports it: one line naming the JSON path.
 *
 * @example planScenario({model: "llama-3.1-8b", workload: {type: "inference", promptTokens: 1024,
 *   outputTokens: 256}, plan: {maxTimePerOutputTokenSeconds: 0.05}}) // {ok: true, plan: {serving: {rows: [...]}}}
 */
export function planScenario(input: unknown): {ok: true; plan: ScenarioPlan} | {ok: false; errors: string[]} {
  if (!isObject(input)) return {ok: false, errors: [`scenario: got ${renderValue(input)}, expected a scenario object {model, hardware?, workload, pricing?, plan?}`]};
  const errors: string[] = [];
  const warnings: string[] = [];
  const copy: Record<string, unknown> = {...input};
  const rawPlan = copy.plan;
  delete copy.plan;

  // Hardware: omitted or "any" → the catalog (a placeholder satisfies the validator).
  const rawHardware = copy.hardware;
  let anyGpu = false;
  let countGiven = false;
  if (rawHardware === undefined) {
    anyGpu = true;
    copy.hardware = {gpu: GPU_IDS[0], count: 1};
  } else if (isObject(rawHardware)) {
    countGiven = rawHardware.count !== undefined;
    if (rawHardware.gpu === undefined || rawHardware.gpu === "any") {
      anyGpu = true;
      copy.hardware = {...rawHardware, gpu: GPU_IDS[0]};
    }
  }

  // Workload: fields the planner chooses may be omitted.
  const rawWorkload = copy.workload;
  let weightsGiven = false;
  let batchGiven = false;
  let checkpointingGiven = false;
  if (isObject(rawWorkload)) {
    const w: Record<string, unknown> = {...rawWorkload};
    if (w.type === "inference") {
      weightsGiven = w.weights !== undefined;
      batchGiven = w.batchSize !== undefined;
      w.engine ??= "vllm";
      w.kvCache ??= (ENGINES as readonly unknown[]).includes(w.engine) ? ENGINE_PROFILES[w.engine as EngineName].defaultKvFormat : "bf16";
      w.weights ??= "bf16";
      w.batchSize ??= 1;
      for (const key of ["tensorParallel", "pipelineParallel"]) {
        if (w[key] !== undefined) warnings.push(`workload.${key} ignored in plan mode: the planner chooses the split`);
        delete w[key];
      }
    } else if (w.type === "training") {
      checkpointingGiven = w.activationCheckpointing !== undefined;
      w.microBatchSize ??= 1;
      w.sequenceLength ??= 4096;
      for (const key of ["zeroStage", "tensorParallel", "pipelineParallel"]) {
        if (w[key] !== undefined) warnings.push(`workload.${key} ignored in plan mode: the planner chooses the layout`);
        delete w[key];
      }
    }
    copy.workload = w;
  }
  // The count is the planner's bound, not a layout: validate it alone.
  if (isObject(copy.hardware) && !anyGpu && countGiven) copy.hardware = {...copy.hardware};

  const planned = parsePlanRequest(rawPlan);
  if (!planned.ok) errors.push(...planned.errors);
  else warnings.push(...planned.warnings);
  const plan: PlanRequest = planned.ok ? planned.request : {};
  const v = validateScenario(copy);
  if (!v.ok) errors.push(...v.errors);
  if (errors.length || !v.ok) return {ok: false, errors};
  warnings.push(...v.warnings);
  const scenario = v.scenario;

  try {
    const model = resolveModel(scenario.model);
    warnings.push(...model.warnings);
    let gpus: GpuSpec[];
    if (plan.gpus) gpus = plan.gpus.map((id) => findGpu(id)!);
    else if (anyGpu) gpus = GPU_CATALOG;
    else gpus = [resolveGpu(scenario.hardware.gpu, warnings)];

    const pricing = scenario.pricing;
    let priceOf: PriceOf | undefined;
    if (pricing?.usdPerGpuHour !== undefined) {
      const usd = pricing.usdPerGpuHour;
      priceOf = () => ({usdPerGpuHour: usd, basis: "given in the scenario"});
    } else if (pricing?.provider) {
      const provider = pricing.provider;
      priceOf = (gpuId) => providerPrice(gpuId, provider);
    } else if (gpus.some((g) => !findGpu(g.id))) {
      errors.push("pricing: got nothing, expected usdPerGpuHour for an inline GPU (the price catalog only prices catalog GPUs)");
      return {ok: false, errors};
    }

    const w = scenario.workload;
    if (w.type === "inference") {
      const count = scenario.hardware.count;
      if (countGiven && count > MAX_GPUS_PER_REPLICA && plan.maxGpus === undefined) warnings.push(`hardware.count ${count}: serving plans try at most ${MAX_GPUS_PER_REPLICA} GPUs per replica`);
      const options: ServingPlanOptions = {arch: model.arch, promptTokens: w.promptTokens, outputTokens: w.outputTokens,
        engine: w.engine, kvCache: w.kvCache, gpus, maxGpus: plan.maxGpus ?? (countGiven ? Math.min(count, MAX_GPUS_PER_REPLICA) : MAX_GPUS_PER_REPLICA)};
      if (priceOf) options.priceOf = priceOf;
      const concurrency = plan.concurrency ?? (batchGiven ? w.batchSize : undefined);
      if (concurrency !== undefined) options.concurrency = concurrency;
      if (plan.targetThroughputTokensPerSecond !== undefined) options.targetThroughputTokensPerSecond = plan.targetThroughputTokensPerSecond;
      if (plan.maxTimeToFirstTokenSeconds !== undefined) options.maxTimeToFirstTokenSeconds = plan.maxTimeToFirstTokenSeconds;
      if (plan.maxTimePerOutputTokenSeconds !== undefined) options.maxTimePerOutputTokenSeconds = plan.maxTimePerOutputTokenSeconds;
      const formats = plan.weightFormats ?? (weightsGiven ? [w.weights] : undefined);
      if (formats) options.weightFormats = formats;
      const serving = planServing(options);
      if (plan.top !== undefined) serving.rows = serving.rows.slice(0, plan.top);
      return {ok: true, plan: {mode: "plan", type: "inference", model: {id: model.id, name: model.name}, serving, training: null,
        warnings: [...warnings, ...serving.notes]}};
    }
    let trainingTokens = w.trainingTokens;
    if (trainingTokens === undefined) {
      trainingTokens = 20 * modelParameterCounts(model.arch).total;
      warnings.push(`workload.trainingTokens not given: the Chinchilla-optimal 20 tokens per parameter (${trainingTokens.toExponential(2)}) assumed`);
    }
    const options: TrainingPlanOptions = {arch: model.arch, trainingTokens, gpus, workload: {...w},
      gpuCounts: plan.gpuCounts ?? (countGiven ? [scenario.hardware.count] : undefined)};
    if (options.gpuCounts === undefined) delete options.gpuCounts;
    if (checkpointingGiven) options.checkpointing = [w.activationCheckpointing];
    if (plan.deadlineSeconds !== undefined) options.deadlineSeconds = plan.deadlineSeconds;
    if (priceOf) options.priceOf = priceOf;
    const training = planTraining(options);
    if (plan.top !== undefined) training.rows = training.rows.slice(0, plan.top);
    return {ok: true, plan: {mode: "plan", type: "training", model: {id: model.id, name: model.name}, serving: null, training,
      warnings: [...warnings, ...training.notes]}};
  } catch (e) {
    if (e instanceof ScenarioError) return {ok: false, errors: e.errors};
    throw e;
  }
}

