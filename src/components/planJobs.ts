/**
 * The Planner page's two searches as plain-data jobs (issue 11, "One frame"), so that they can run
 * on another core (components/planWorker.ts, started by components/offThread.ts) or, where no
 * worker can start, right here: the same function answers both, so the numbers are the same.
 *
 * - `plan`: the page's question as a plan-mode scenario file, answered by the planner's own door
 *   (lib/planner.ts `planScenario`), exactly as `npm run estimate -- --plan` answers the file.
 * - `target`: the continuous-batching plan to the latency targets (lib/planner/servingTarget.ts
 *   `planToTarget`); the GPUs travel as catalog ids and only the `top` cheapest rows come back
 *   (with how many met the targets), since the page shows ten.
 *
 * Jobs and answers are structured-clonable (no functions, no shared objects). A worker receives a
 * fresh copy of the architecture with every job; `sameArch` hands the searches the object of the
 * previous job when the copy is equal, so the searches kept between calls (servingTarget.ts,
 * serving.ts) still recognise it.
 */
import type {Architecture} from "../lib/architecture.js";
import {findGpu} from "../lib/catalog/index.js";
import type {GpuSpec} from "../lib/hardware.js";
import type {EngineName, WeightFormat} from "../lib/formats.js";
import {planScenario} from "../lib/planner.js";
import {planToTarget, type ServingTargets, type TargetPlanRow} from "../lib/planner/servingTarget.js";

export interface PlanJob {
  kind: "plan";
  /** The page's question as a plan-mode scenario (components/planFile.ts plannerScenario). */
  scenario: Record<string, unknown>;
}

export interface TargetJob {
  kind: "target";
  arch: Architecture;
  engine: EngineName;
  promptTokens: number;
  outputTokens: number;
  gpuIds: readonly string[];
  weightFormats?: readonly WeightFormat[];
  concurrency?: number;
  targets: ServingTargets;
  /** Rows to send back, cheapest first. */
  top: number;
}

export interface PlanAnswer {
  planned: ReturnType<typeof planScenario>;
  computeMs: number;
}

export interface TargetAnswer {
  /** The `top` cheapest configurations that meet the targets. */
  rows: TargetPlanRow[];
  /** How many configurations meet the targets in all. */
  meeting: number;
  configurations: number;
  computeMs: number;
}

export type Job = PlanJob | TargetJob;
export type AnswerOf<J extends Job> = J extends PlanJob ? PlanAnswer : TargetAnswer;

let lastArch: {json: string; arch: Architecture} | undefined;

/** The previous job's architecture object when `arch` equals it, else `arch` (remembered for the next job). */
export function sameArch(arch: Architecture): Architecture {
  const json = JSON.stringify(arch);
  if (lastArch?.json === json) return lastArch.arch;
  lastArch = {json, arch};
  return arch;
}

function catalogGpu(id: string): GpuSpec {
  const gpu = findGpu(id);
  if (!gpu) throw new Error(`gpuIds: got "${id}", expected a catalog GPU id`);
  return gpu;
}

/** Answers one job (pure but for the searches the planner keeps between calls). */
export function runJob<J extends Job>(job: J): AnswerOf<J> {
  const started = performance.now();
  if (job.kind === "plan") {
    const planned = planScenario(job.scenario);
    return {planned, computeMs: performance.now() - started} as AnswerOf<J>;
  }
  const target = job as TargetJob;
  const plan = planToTarget({arch: sameArch(target.arch), engine: target.engine, promptTokens: target.promptTokens,
    outputTokens: target.outputTokens, gpus: target.gpuIds.map(catalogGpu),
    ...(target.weightFormats ? {weightFormats: target.weightFormats} : {}),
    ...(target.concurrency !== undefined ? {concurrency: target.concurrency} : {}), targets: target.targets});
  return {rows: plan.rows.slice(0, target.top), meeting: plan.rows.length, configurations: plan.configurations,
    computeMs: performance.now() - started} as AnswerOf<J>;
}

/**
 * Questions near `job` to rehearse on a fresh worker (issue 11, "One frame"): the same plan with the
 * prompt and the output scaled by 2, ½, 4, ¼ and 8 and ⅛ (the prompt), then `job` itself. A worker's
 * code runs unoptimised for its first plans: in Chromium a fresh worker took 30-50 ms for its first
 * catalog-wide plan and 8-15 ms for the next few, where a warm one takes 3-5 (bench/explorer's
 * first moves; V8 optimises a function after enough calls, and a plan's code paths differ with the
 * lengths). A worker that rehearses these once, one per task while the reader is still reading the
 * first answer (a few hundred ms), answers the reader's first moves at full speed. The answers are
 * thrown away. Serving questions only: a training plan is one long search (its code is warm after the
 * first) and rehearsing it would hold the worker for seconds. The last rehearsal is `job` itself, so
 * the searches the planner keeps between calls are those of the reader's question again.
 */
export function rehearsalsOf(job: Job): Job[] {
  const scale = (tokens: number, by: number) => Math.max(1, Math.round(tokens * by));
  const steps: Array<[number, number]> = [[2, 1], [1, 2], [0.5, 1], [1, 0.5], [4, 1], [1, 4], [0.25, 1], [1, 0.25], [8, 1], [0.125, 1]];
  if (job.kind === "target") {
    return [...steps.map(([p, o]) => ({...job, promptTokens: scale(job.promptTokens, p), outputTokens: scale(job.outputTokens, o)})), job];
  }
  const workload = job.scenario.workload as {type?: unknown; promptTokens?: unknown; outputTokens?: unknown} | undefined;
  if (workload?.type !== "inference" || typeof workload.promptTokens !== "number" || typeof workload.outputTokens !== "number") return [];
  const {promptTokens, outputTokens} = workload;
  return [...steps.map(([p, o]) => ({...job, scenario: {...job.scenario,
    workload: {...workload, promptTokens: scale(promptTokens, p), outputTokens: scale(outputTokens, o)}}})), job];
}
