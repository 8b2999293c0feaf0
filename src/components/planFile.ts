/**
 * The Planner page's question as a plan-mode scenario file, and "Download plan scenario".
 *
 * The file is what `npm run --silent estimate -- --plan <file>` reads (lib/planner.ts
 * `planScenario`, README "Planning"): the model and workload are the question, `hardware.gpu`
 * is "any" (every catalog GPU; `plan.gpus` narrows it) and the `plan` key carries the load
 * and the limits. `plannerScenario` builds it from the page's inputs so that the command
 * plans exactly what the page plans (the page calls `planServing` / `planTraining` directly
 * with the same options that `planScenario` derives from this file).
 *
 * ```js
 * const scenario = plannerScenario({model: model.model, mode, promptTokens, ..., gpuIds, allGpuIds});
 * display(downloadPlan({scenario, filename: `plan-${mode}-${model.id ?? "config"}`}));
 * ```
 *
 * The link is only offered for a file the command accepts: `downloadPlan` checks it with
 * `planScenario` on a one-GPU probe (the same file narrowed to one GPU kind and one count,
 * so the check costs milliseconds, not a second full enumeration); otherwise it lists the
 * problems (e.g. every GPU unticked), one line each as the command would print them.
 */
import {ENGINE_PROFILES} from "../lib/engines.js";
import type {EngineName} from "../lib/formats.js";
import {planScenario} from "../lib/planner.js";
import {fileLinkOrErrors, scenarioJson} from "./downloadScenario.js";
import {GPU_IDS} from "../lib/catalog/gpus.js";
import {modelParameterCounts} from "../lib/inference.js";
import {resolveModel} from "../lib/resolve.js";
import type {Scenario} from "../lib/scenario.js";
import {CHINCHILLA_TOKENS_PER_PARAM, DEFAULT_MFU} from "../lib/training/time.js";

/** The Planner page's inputs (page units: the page's own labels say ms, days, billions). */
export interface PlannerInputs {
  /** A catalog id or a config.json object (what `modelInput().value.model` holds). */
  model: string | Record<string, unknown>;
  mode: "serving" | "training";
  // Serving
  promptTokens: number;
  outputTokens: number;
  load: "concurrency" | "throughput target" | "cheapest batch";
  concurrency: number;
  targetThroughputTokensPerSecond: number;
  /** 0 = no limit. */
  maxTtftSeconds: number;
  /** 0 = no limit. */
  maxTpotMs: number;
  engine: EngineName;
  /** Formats to try, or undefined for each engine's own (as the page passes to planServing). */
  weightFormats?: readonly string[];
  // Training
  /** Tokens to train on (already resolved: the page's Chinchilla default made explicit). */
  trainingTokens: number;
  /** 0 = no deadline. */
  deadlineDays: number;
  method: string;
  precision: string;
  sequenceLength: number;
  mfu: number;
  // Both
  /** The GPU kinds kept (catalog ids). */
  gpuIds: readonly string[];
  /** Every catalog GPU id: when all are kept the file says "any" and lists none. */
  allGpuIds: readonly string[];
}

/**
 * The plan-mode scenario for the page's question.
 * @example plannerScenario({model: "llama-3.1-8b", mode: "serving", promptTokens: 1024, outputTokens: 256,
 *   load: "concurrency", concurrency: 32, maxTpotMs: 50, ...}).plan // {concurrency: 32, maxTimePerOutputTokenSeconds: 0.05, ...}
 */
export function plannerScenario(inputs: PlannerInputs): Record<string, unknown> {
  const plan: Record<string, unknown> = {};
  const all = inputs.gpuIds.length === inputs.allGpuIds.length && inputs.allGpuIds.every((id) => inputs.gpuIds.includes(id));
  const gpus = all ? undefined : [...inputs.gpuIds];
  if (inputs.mode === "serving") {
    if (inputs.load === "concurrency") plan.concurrency = inputs.concurrency;
    if (inputs.load === "throughput target") plan.targetThroughputTokensPerSecond = inputs.targetThroughputTokensPerSecond;
    if (inputs.maxTtftSeconds > 0) plan.maxTimeToFirstTokenSeconds = inputs.maxTtftSeconds;
    if (inputs.maxTpotMs > 0) plan.maxTimePerOutputTokenSeconds = inputs.maxTpotMs / 1e3;
    if (inputs.weightFormats) plan.weightFormats = [...inputs.weightFormats];
    if (gpus) plan.gpus = gpus;
    const load = inputs.load === "concurrency" ? `${inputs.concurrency} concurrent sequences`
      : inputs.load === "throughput target" ? `${inputs.targetThroughputTokensPerSecond} output tokens/s` : "the cheapest batch per configuration";
    return {
      $comment: `Plan mode, from the LLM Toll Planner page: the cheapest way to serve this model (${inputs.promptTokens}-token prompts, ${inputs.outputTokens}-token answers, ${load}). Run: npm run --silent estimate -- --plan --format table <this file>`,
      model: inputs.model,
      hardware: {gpu: "any"},
      workload: {type: "inference", engine: inputs.engine, kvCache: ENGINE_PROFILES[inputs.engine].defaultKvFormat,
        promptTokens: inputs.promptTokens, outputTokens: inputs.outputTokens},
      plan
    };
  }
  if (inputs.deadlineDays > 0) plan.deadlineSeconds = inputs.deadlineDays * 86400;
  if (gpus) plan.gpus = gpus;
  return {
    $comment: `Plan mode, from the LLM Toll Planner page: the cheapest way to train this model (${inputs.method}, ${inputs.precision}). Run: npm run --silent estimate -- --plan --format table <this file>`,
    model: inputs.model,
    hardware: {gpu: "any"},
    workload: {type: "training", method: inputs.method, precision: inputs.precision, microBatchSize: 1, sequenceLength: inputs.sequenceLength,
      trainingTokens: inputs.trainingTokens, mfu: inputs.mfu},
    plan
  };
}

/**
 * Whether `planScenario` accepts a plan-mode file: it is planned narrowed to one GPU kind and
 * one GPU count (every other field as given), which checks every field in milliseconds.
 */
export function checkPlanScenario(scenario: unknown): {ok: true} | {ok: false; errors: string[]} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(scenarioJson(scenario));
  } catch {
    return {ok: false, errors: ["the scenario cannot be written as JSON"]};
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {ok: false, errors: ["the scenario is not an object"]};
  const file = parsed as Record<string, unknown>;
  const plan = typeof file.plan === "object" && file.plan !== null ? (file.plan as Record<string, unknown>) : {};
  const gpus = Array.isArray(plan.gpus) ? plan.gpus : undefined;
  // An empty or broken list is left as it is, so the planner reports it.
  const probeGpus = gpus === undefined ? ["h100-sxm"] : gpus.length ? [gpus[0]] : gpus;
  const probe = {...file, plan: {...plan, gpus: probeGpus, gpuCounts: [8], top: 1}};
  const out = planScenario(probe);
  return out.ok ? {ok: true} : {ok: false, errors: out.errors};
}

/**
 * A link that downloads the plan-mode scenario as `<filename>.json`, with the command that
 * plans it; or the planner's complaints about it instead of a link.
 */
export function downloadPlan({scenario, filename = "plan", label = "Download plan scenario (JSON)", planned, document = globalThis.document}: {
  scenario: unknown;
  filename?: string;
  label?: string;
  /**
   * `planScenario(scenario)`'s answer when the caller already has it (the Planner page plans this very file): its
   * verdict is used instead of planning the one-GPU probe again.
   */
  planned?: {ok: true} | {ok: false; errors: string[]};
  document?: Document;
}): HTMLElement {
  const box = document.createElement("div");
  box.className = "download-scenario";
  const checked = planned ? (planned.ok ? {ok: true as const} : {ok: false as const, errors: planned.errors}) : checkPlanScenario(scenario);
  return fileLinkOrErrors(box, {
    json: scenarioJson(scenario), errors: checked.ok ? null : checked.errors, filename, label, document,
    refusal: "No plan file: the command would refuse this question:",
    title: "the plan-mode scenario the estimate command reads with --plan",
    command: "npm run --silent estimate -- --plan --format table"
  });
}

/** The Planner page's state in its link (its own keys and the scenario's model, engine, prompt and output). */
export interface PlannerPageState {
  model: string | Record<string, unknown>;
  mode: "serving" | "training";
  engine: EngineName;
  prompt: number;
  output: number;
  load: PlannerInputs["load"];
  concurrency: number;
  /** Output tokens per second. */
  throughput: number;
  /** Seconds; 0 = no limit. */
  ttft: number;
  /** Milliseconds; 0 = no limit. */
  tpot: number;
  /** Billions; 0 = Chinchilla's 20 per parameter. */
  tokens: number;
  /** Days; 0 = none. */
  deadline: number;
  method: string;
  precision: string;
  seq: number;
  mfu: number;
  /** GPU kinds kept. */
  gpus: readonly string[];
  /** Weight formats kept (of PLAN_FORMATS). */
  formats: readonly string[];
}

/** The weight formats the Planner page offers to untick. */
export const PLAN_FORMATS = ["bf16", "fp8", "int8", "awq-int4", "gptq-int4", "q8_0", "q4_k_m"] as const;

/** The Planner page's own defaults (the scenario keys come from scenarioState.ts, as on every chapter). */
export const PLANNER_PAGE_DEFAULTS = {mode: "serving", load: "concurrency", concurrency: 32, throughput: 10000, ttft: 2, tpot: 50, tokens: 0,
  deadline: 30, method: "full", precision: "bf16-mixed", seq: 4096, mfu: DEFAULT_MFU, gpus: GPU_IDS, formats: PLAN_FORMATS} as const;

/** Tokens to train on: billions given, else (<= 0 or not a number) Chinchilla's 20 per parameter of the model. */
export function plannerTrainingTokens(model: PlannerPageState["model"], billions: number): {tokens: number; chinchilla: boolean} {
  if (billions > 0) return {tokens: billions * 1e9, chinchilla: false};
  return {tokens: CHINCHILLA_TOKENS_PER_PARAM * modelParameterCounts(resolveModel(model as Scenario["model"]).arch).total, chinchilla: true};
}

/** The formats a serving plan tries: undefined (each engine's own) unless the ticked ones leave some of the engine's out. */
export function plannerWeightFormats(engine: EngineName, ticked: readonly string[]): string[] | undefined {
  const own = [...ENGINE_PROFILES[engine].planWeightFormats] as string[];
  const narrowed = own.filter((f) => ticked.includes(f));
  return narrowed.length === own.length ? undefined : narrowed;
}

/** The Planner page's state → its inputs (what `plannerScenario` turns into the plan request the page plans). */
export function plannerInputsOf(state: PlannerPageState): PlannerInputs {
  const weightFormats = plannerWeightFormats(state.engine, state.formats);
  return {model: state.model, mode: state.mode, promptTokens: state.prompt, outputTokens: state.output, load: state.load,
    concurrency: state.concurrency, targetThroughputTokensPerSecond: state.throughput, maxTtftSeconds: state.ttft, maxTpotMs: state.tpot,
    engine: state.engine, ...(weightFormats ? {weightFormats} : {}), trainingTokens: plannerTrainingTokens(state.model, state.tokens).tokens,
    deadlineDays: state.deadline, method: state.method, precision: state.precision, sequenceLength: state.seq, mfu: state.mfu,
    gpuIds: state.gpus, allGpuIds: GPU_IDS};
}
