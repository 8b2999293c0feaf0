/**
 * Plan mode for a serving scenario (a workload with `serving`): the planner to a latency target
 * (servingTarget.ts) asked through the one Scenario. The workload's serving load is the demand
 * (`requestsPerSecond` or `concurrency`), the `plan` key holds the targets:
 *
 *     {"model": "llama-3.1-70b", "workload": {"type": "inference", "promptTokens": 1024, "outputTokens": 1024,
 *      "serving": {"requestsPerSecond": 10}},
 *      "plan": {"maxTimeToFirstTokenSeconds": 0.5, "maxTimePerOutputTokenSeconds": 0.03}}
 *
 * `hardware` may be omitted or "any" (every catalog GPU with a price), `weights` omitted (every
 * format the engine serves), `engine` defaults to vLLM and `kvCache` to bf16. Problems: one
 * line per problem, naming its JSON path.
 */
import {GPU_CATALOG, findGpu} from "../catalog/gpus.js";
import {formatFixed} from "../format/units.js";
import type {WeightFormat} from "../formats.js";
import {catalogPrice} from "../planner.js";
import {resolveModel, ScenarioError} from "../resolve.js";
import {validateScenario} from "../validate.js";
import {planToTarget, type ServingTargets, type TargetPlan, type TargetPlanRow} from "./servingTarget.js";
import {isObject, parsePlanKey, servingTargetRequestSchema} from "./requestSchema.js";


const show = (x: unknown) => (x === undefined ? "nothing" : JSON.stringify(x));

/** Whether plan mode should answer with the planner to a target: an inference workload with `serving`. */
export function isServingTargetScenario(input: unknown): boolean {
  return isObject(input) && isObject(input.workload) && input.workload.type === "inference" && input.workload.serving !== undefined;
}

export interface ServingTargetAnswer {
  mode: "plan";
  type: "serving-target";
  model: {id: string | null; name: string};
  question: {promptTokens: number; outputTokens: number; engine: string; requestsPerSecond: number | null; concurrency: number | null;
    targets: ServingTargets};
  configurations: number;
  rows: TargetPlanRow[];
  notes: string[];
  warnings: string[];
}

export function planServingTargetScenario(input: unknown): {ok: true; plan: ServingTargetAnswer} | {ok: false; errors: string[]} {
  if (!isObject(input) || !isObject(input.workload)) return {ok: false, errors: [`scenario: got ${show(input)}, expected a scenario object`]};
  const errors: string[] = [];
  const warnings: string[] = [];
  const planned = parsePlanKey(input.plan, servingTargetRequestSchema);
  if (!planned.ok) errors.push(...planned.errors);
  else warnings.push(...planned.warnings);
  const request = (planned.ok ? planned.request : {}) as {maxTimeToFirstTokenSeconds?: number; maxTimePerOutputTokenSeconds?: number;
    minOutputTokensPerSecondPerUser?: number; gpus?: string[]; weightFormats?: WeightFormat[]; top?: number};
  const targets: ServingTargets = {};
  for (const key of ["maxTimeToFirstTokenSeconds", "maxTimePerOutputTokenSeconds", "minOutputTokensPerSecondPerUser"] as const) {
    if (request[key] !== undefined) targets[key] = request[key];
  }
  const gpuIds = request.gpus;
  const formats = request.weightFormats;
  const top = request.top;
  // The scenario as the validator sees it: placeholders where plan mode lets the planner choose.
  const w = input.workload;
  const hardware = isObject(input.hardware) ? input.hardware : undefined;
  const anyGpu = !hardware || hardware.gpu === "any" || hardware.gpu === undefined;
  const scenario = {...input, plan: undefined, hardware: anyGpu ? {gpu: "h100-sxm", count: 1} : {gpu: hardware!.gpu, count: 1},
    workload: {...w, engine: w.engine ?? "vllm", weights: w.weights ?? "bf16", kvCache: w.kvCache ?? "bf16", tensorParallel: undefined,
      pipelineParallel: undefined, expertParallel: undefined}};
  delete (scenario as Record<string, unknown>).plan;
  const checked = validateScenario(scenario);
  if (!checked.ok) errors.push(...checked.errors.filter((e) => !e.startsWith("hardware.count")));
  if (errors.length || !checked.ok) return {ok: false, errors};
  const wl = checked.scenario.workload;
  if (wl.type !== "inference" || !wl.serving) return {ok: false, errors: ["workload.serving: got nothing, expected a serving object"]};
  warnings.push(...checked.warnings);
  try {
    const model = resolveModel(checked.scenario.model);
    const gpus = gpuIds ? gpuIds.map((id) => findGpu(id)!) : anyGpu ? GPU_CATALOG
      : typeof checked.scenario.hardware.gpu === "string" ? [findGpu(checked.scenario.hardware.gpu)!].filter(Boolean) : GPU_CATALOG;
    const usd = checked.scenario.pricing?.usdPerGpuHour;
    if (checked.scenario.pricing?.provider) warnings.push("pricing.provider is not used by the planner to a target: each GPU's catalog price is");
    const plan: TargetPlan = planToTarget({arch: model.arch, engine: wl.engine, kvCache: wl.kvCache, promptTokens: wl.promptTokens,
      outputTokens: wl.outputTokens, targets, requestsPerSecond: wl.serving.requestsPerSecond, concurrency: wl.serving.concurrency,
      serving: {prefixCacheHitRate: wl.serving.prefixCacheHitRate, speculative: wl.serving.speculative, maxBatchedTokens: wl.serving.maxBatchedTokens},
      gpus, weightFormats: formats ?? (w.weights !== undefined ? [wl.weights] : undefined),
      priceOf: usd !== undefined ? () => ({usdPerGpuHour: usd, basis: "given"}) : catalogPrice});
    return {ok: true, plan: {mode: "plan", type: "serving-target", model: {id: model.id, name: model.name},
      question: {promptTokens: wl.promptTokens, outputTokens: wl.outputTokens, engine: wl.engine,
        requestsPerSecond: wl.serving.requestsPerSecond ?? null, concurrency: wl.serving.concurrency ?? null, targets},
      configurations: plan.configurations, rows: typeof top === "number" ? plan.rows.slice(0, top) : plan.rows, notes: plan.notes,
      warnings: [...model.warnings, ...warnings]}};
  } catch (e) {
    if (e instanceof ScenarioError) return {ok: false, errors: e.errors};
    throw e;
  }
}

/** The ranked rows as a table. */
export function formatServingTargetTable(plan: ServingTargetAnswer, top = 20): string {
  const header = ["#", "GPU", "weights", "mode", "layout", "in flight", "replicas", "GPUs", "TTFT ms", "TPOT ms", "tok/s/GPU", "$/M out"];
  const rows = plan.rows.slice(0, top).map((r) => [String(r.rank), r.gpuId, r.weights, r.mode,
    `TP${r.tensorParallel}${r.expertParallel > 1 ? ` EP${r.expertParallel}` : ""}`, formatFixed(r.concurrencyPerReplica, 0), String(r.replicas),
    formatFixed(r.totalGpus, r.totalGpus % 1 === 0 ? 0 : 1), formatFixed(r.timeToFirstTokenSeconds * 1e3, 0),
    formatFixed(r.timePerOutputTokenSeconds * 1e3, 1), formatFixed(r.outputTokensPerSecondPerGpu, 0), formatFixed(r.usdPerMillionOutputTokensAllIn, 3)]);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i <= 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  const q = plan.question;
  const head = `${plan.model.name}, ${q.promptTokens} in / ${q.outputTokens} out, ${q.engine}, ` +
    `${q.requestsPerSecond !== null ? `${q.requestsPerSecond} requests/s` : `${q.concurrency} in flight`}; targets ${JSON.stringify(q.targets)}: ` +
    `${plan.rows.length} of ${plan.configurations} configurations meet them, by $ per million output tokens (every GPU-second)\n`;
  return head + [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n" +
    [...plan.notes, ...plan.warnings].map((n) => `note: ${n}\n`).join("");
}
