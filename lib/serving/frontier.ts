/**
 * The throughput–interactivity frontier: for one model, GPU kind and engine, every replica
 * layout (TP 1..8, experts split or not) swept over concurrency 1..1024, each point
 * (output tokens/s per user, output tokens/s per GPU), the Pareto front of points no other
 * point beats on both, and dollars per million output tokens along it.
 *
 *     point(layout, C) = closedLoop(replica(layout), C)               (steady.ts)
 *     x = 1 / TPOT,   y = X·O / GPUs,   usd/M = price·GPUs/3600 / (X·O) · 10^6  (every GPU-second on output tokens)
 *     on the front ⇔ no point has x' ≥ x and y' ≥ y with one strictly larger
 *
 * The chart InferenceMAX (SemiAnalysis) and NVIDIA's "throughput vs interactivity" plots draw.
 */
import type {Architecture} from "../architecture.js";
import type {EngineName, KvFormat, WeightFormat} from "../formats.js";
import type {GpuSpec} from "../hardware.js";
import {paretoFront} from "../planner.js";
import type {InferenceWorkload, ServingResult} from "../scenario.js";
import {prefillTimeShare, prepareReplica, requestShape, servingCost, type PreparedReplica} from "./deployment.js";
import {closedLoop, type ReplicaPoint} from "./steady.js";
import type {ReplicaLayout} from "./step.js";

export interface FrontierPoint {
  tensorParallel: number;
  expertParallel: number;
  gpus: number;
  concurrency: number;
  outputTokensPerSecondPerUser: number;
  outputTokensPerSecondPerGpu: number;
  totalTokensPerSecondPerGpu: number;
  timeToFirstTokenSeconds: number;
  timePerOutputTokenSeconds: number;
  requestsPerSecond: number;
  usdPerMillionOutputTokens: number | null;
  onFront: boolean;
}

export interface Frontier {
  points: FrontierPoint[];
  /** The Pareto front, by rising tokens/s per user. */
  front: FrontierPoint[];
  layouts: ReplicaLayout[];
}

export interface FrontierOptions {
  arch: Architecture;
  gpu: GpuSpec;
  engine: EngineName;
  weights: WeightFormat;
  kvCache: KvFormat;
  promptTokens: number;
  outputTokens: number;
  /** Serving options the sweep keeps (prefix cache, speculative decoding, token budget). */
  serving?: InferenceWorkload["serving"];
  /** Tensor-parallel degrees tried (default 1, 2, 4, 8 that split the heads). */
  tensorParallel?: readonly number[];
  /** Concurrencies tried per layout (default: `pointsPerLayout` values spread geometrically over 1..1024). */
  concurrencies?: readonly number[];
  pointsPerLayout?: number;
  usdPerGpuHour?: number | null;
}

/** Concurrencies 1..max spread geometrically, rounded to distinct integers. */
export function concurrencyGrid(points: number, max = 1024): number[] {
  const out = new Set<number>();
  const n = Math.max(2, points);
  for (let i = 0; i < n; i++) out.add(Math.max(1, Math.round(Math.exp((Math.log(max) * i) / (n - 1)))));
  return [...out];
}

/** Whether a tensor-parallel degree splits the heads (KV heads divided or replicated whole). */
export function tensorParallelSplits(arch: Architecture, tp: number): boolean {
  if (tp === 1) return true;
  if (arch.heads % tp !== 0) return false;
  return arch.mla !== null || arch.kvHeads % tp === 0 || tp % arch.kvHeads === 0;
}

/**
 * Layouts of a replica of n GPUs: TP = n; for MoE models also the experts split over the same
 * GPUs (TP = EP = n) and data-parallel attention with the experts split (TP = 1, EP = n: each
 * GPU keeps its own requests' KV cache, SGLang's `--enable-dp-attention`, vLLM's DP + EP).
 */
export function replicaLayouts(arch: Architecture, tensorParallel: readonly number[] = [1, 2, 4, 8]): ReplicaLayout[] {
  const out: ReplicaLayout[] = [];
  for (const n of tensorParallel) {
    const experts = arch.moe !== null && n > 1 && arch.moe.experts % n === 0;
    if (tensorParallelSplits(arch, n)) {
      out.push({tensorParallel: n, pipelineParallel: 1, expertParallel: 1});
      if (experts) out.push({tensorParallel: n, pipelineParallel: 1, expertParallel: n});
    }
    if (experts) out.push({tensorParallel: 1, pipelineParallel: 1, expertParallel: n});
  }
  return out;
}

/** One layout's point at concurrency C, as the contract's figures for that replica. */
export function pointOf(replica: PreparedReplica, point: ReplicaPoint, outputTokens: number, promptTokens: number): ServingResult {
  const gpus = replica.model.gpus;
  return {
    concurrency: point.concurrency, requestsPerSecond: point.requestsPerSecond,
    timeToFirstTokenSeconds: point.timeToFirstTokenSeconds, timePerOutputTokenSeconds: point.timePerOutputTokenSeconds,
    endToEndSeconds: point.endToEndSeconds, outputTokensPerSecondPerUser: 1 / point.timePerOutputTokenSeconds,
    outputTokensPerSecondPerGpu: (point.requestsPerSecond * outputTokens) / gpus,
    totalTokensPerSecondPerGpu: (point.requestsPerSecond * (promptTokens + outputTokens)) / gpus,
    saturated: false,
    details: {replicas: 1, gpus, maxRunningRequests: replica.limits.maxRunningRequests, maxBatchedTokens: replica.limits.maxBatchedTokens,
      decodeRequestsPerStep: point.decodeRequests, decodeTokensPerStep: point.decodeTokensPerStep,
      prefillTokensPerMixedStep: point.prefillTokensPerMixedStep, mixedStepShare: point.mixedShare,
      meanStepSeconds: point.meanStepSeconds, decodeStepSeconds: point.decodeStepSeconds, mixedStepSeconds: point.mixedStepSeconds,
      tokensPerStep: point.tokensPerStepPerRequest, prefillTimeShare: prefillTimeShare(point), queueSeconds: point.queueSeconds, prefill: null}
  };
}

/** The frontier: every layout × concurrency, the Pareto front and its prices. */
export function servingFrontier(options: FrontierOptions): Frontier {
  const {arch, gpu} = options;
  const layouts = replicaLayouts(arch, options.tensorParallel);
  const grid = options.concurrencies ?? concurrencyGrid(options.pointsPerLayout ?? 11);
  const workload: InferenceWorkload = {type: "inference", engine: options.engine, weights: options.weights, kvCache: options.kvCache,
    batchSize: 1, promptTokens: options.promptTokens, outputTokens: options.outputTokens, serving: options.serving};
  const shape = requestShape(workload);
  const points: FrontierPoint[] = [];
  const usedLayouts: ReplicaLayout[] = [];
  for (const layout of layouts) {
    const replica = prepareReplica({arch, gpu, workload, layout, maxBatchedTokens: options.serving?.maxBatchedTokens});
    if (!replica.fits) continue;
    usedLayouts.push(layout);
    let beyond = false;
    for (const c of grid) {
      // Past what the replica runs at once, more in flight only waits: one point there is enough.
      if (beyond) break;
      if (c >= replica.limits.maxRunningRequests) beyond = true;
      const p = closedLoop(replica.model, shape, replica.limits, c);
      const r = pointOf(replica, p, options.outputTokens, options.promptTokens);
      const usd = options.usdPerGpuHour != null ? servingCost(r, options.usdPerGpuHour).usdPerMillionTokensAllIn : null;
      points.push({tensorParallel: layout.tensorParallel, expertParallel: layout.expertParallel, gpus: replica.model.gpus,
        concurrency: c, outputTokensPerSecondPerUser: r.outputTokensPerSecondPerUser, outputTokensPerSecondPerGpu: r.outputTokensPerSecondPerGpu,
        totalTokensPerSecondPerGpu: r.totalTokensPerSecondPerGpu, timeToFirstTokenSeconds: r.timeToFirstTokenSeconds,
        timePerOutputTokenSeconds: r.timePerOutputTokenSeconds, requestsPerSecond: r.requestsPerSecond, usdPerMillionOutputTokens: usd,
        onFront: false});
    }
  }
  // Maximise both: the planner's minimising front on the negated coordinates.
  paretoFront(points.map((p) => ({x: -p.outputTokensPerSecondPerUser, y: -p.outputTokensPerSecondPerGpu})))
    .forEach((on, i) => { points[i]!.onFront = on; });
  const front = points.filter((p) => p.onFront).sort((a, b) => a.outputTokensPerSecondPerUser - b.outputTokensPerSecondPerUser);
  return {points, front, layouts: usedLayouts};
}
