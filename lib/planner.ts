/**
 * The planner: "what is the cheapest way to serve (or train) this model?", answered by
 * enumerating hardware plans and estimating each with the same engine the single estimate uses
 * (`inferenceEstimate`, `trainingEstimate`), then pricing, ranking and marking the Pareto front.
 *
 * - Serving (`planServing`): every GPU kind × GPU count (1, 2, 4, 8) × weight format, at one
 *   tensor/pipeline split per count, at the batch the question implies; ranked by dollars per
 *   million output tokens, with the cost–latency Pareto front marked.
 * - Training (`planTraining`): every GPU kind × GPU count × parallel layout (ZeRO stage, TP,
 *   PP, activation checkpointing), the fastest layout that fits kept per GPU kind and count;
 *   ranked by total dollars and by wall-clock time, with the cost–time Pareto front marked.
 *
 * Prices default to the price catalog (`catalog/prices.ts`): per GPU, the cheapest on-demand
 * offer, else the cheapest offer whose type the source leaves unspecified, else the cheapest
 * spot offer; `priceBasis` says which. GPUs with no price are skipped and listed.
 *
 * Everything is in SI units (bytes, seconds, US dollars); rows carry their units in their names.
 */
import type {Architecture} from "./architecture.js";
import {findGpu, GPU_CATALOG, GPU_IDS} from "./catalog/gpus.js";
import {cheapestOffer} from "./catalog/prices.js";
import {usdPerMillionTokens} from "./cost.js";
import {ENGINES, WEIGHT_FORMATS, type CheckpointingPolicy, type EngineName, type KvFormat, type OptimizerName, type TrainingMethod,
  type TrainingPrecision, type WeightFormat} from "./formats.js";
import {compatibility, runs} from "./compat.js";
import {ENGINE_PROFILES, splitsByLayers} from "./engines.js";
import type {GpuSpec} from "./hardware.js";
import {inferenceEstimate, MAX_BATCH_SEARCH, modelParameterCounts, type InferenceEstimate} from "./inference.js";
import {resolveGpu, resolveModel, ScenarioError} from "./resolve.js";
import type {InferenceWorkload, TrainingWorkload} from "./scenario.js";
import {trainingEstimate} from "./training/estimate.js";
import {validateScenario} from "./validate.js";
import {largestTrue, smallestTrue} from "./search.js";

// ---------------------------------------------------------------------------------------------
// Shared pieces: prices and the Pareto front
// ---------------------------------------------------------------------------------------------

/** A price per GPU-hour and what it is. */
export interface PlannerPrice {
  usdPerGpuHour: number;
  /** "given", or the catalog offer used: provider, pricing type and date. */
  basis: string;
}

/** A price source: the price of one hour of one GPU of a kind, or null when there is none. */
export type PriceOf = (gpuId: string) => number | PlannerPrice | null;

/**
 * The default price of a GPU kind from the price catalog: the cheapest on-demand offer, else the
 * cheapest offer of unspecified type (most rows of cloud-gpus.github.io, see prices.ts), else
 * the cheapest spot offer; null when the catalog has none.
 *
 * @example catalogPrice("h100-sxm")?.usdPerGpuHour // the cheapest listed H100 SXM hour
 */
export function catalogPrice(gpuId: string): PlannerPrice | null {
  const offer = cheapestOffer({gpuId, pricingType: "on-demand"})
    ?? cheapestOffer({gpuId, pricingType: "unspecified"})
    ?? cheapestOffer({gpuId});
  if (!offer) return null;
  return {usdPerGpuHour: offer.usdPerGpuHour, basis: `${offer.provider} ${offer.pricingType} ${offer.dataDate}`};
}

function priceFor(priceOf: PriceOf | undefined, gpuId: string): PlannerPrice | null {
  if (!priceOf) return catalogPrice(gpuId);
  const p = priceOf(gpuId);
  if (p === null || p === undefined) return null;
  if (typeof p === "number") return Number.isFinite(p) && p >= 0 ? {usdPerGpuHour: p, basis: "given"} : null;
  return p;
}

/**
 * Pareto front of points that minimise both coordinates: point i is on the front when no other
 * point j has x_j ≤ x_i and y_j ≤ y_i with one of them strictly smaller. Equal points are all
 * on the front. Non-finite points are never on it.
 *
 * Method: sort by x (then y) and sweep, keeping the smallest y seen so far; O(n log n).
 *
 * @example paretoFront([{x: 1, y: 3}, {x: 2, y: 2}, {x: 3, y: 3}]) // [true, true, false]
 */
export function paretoFront(points: readonly {x: number; y: number}[]): boolean[] {
  const on = points.map(() => false);
  const order = points.map((_, i) => i)
    .filter((i) => Number.isFinite(points[i]!.x) && Number.isFinite(points[i]!.y))
    .sort((a, b) => points[a]!.x - points[b]!.x || points[a]!.y - points[b]!.y);
  let bestY = Infinity;
  let k = 0;
  while (k < order.length) {
    // A run of points with the same x: those with the run's smallest y are candidates.
    const x = points[order[k]!]!.x;
    let end = k;
    while (end < order.length && points[order[end]!]!.x === x) end++;
    const runMinY = points[order[k]!]!.y;
    if (runMinY < bestY) {
      for (let j = k; j < end && points[order[j]!]!.y === runMinY; j++) on[order[j]!] = true;
      bestY = runMinY;
    }
    // Otherwise dominated: a point of smaller x has y at most as large.
    k = end;
  }
  return on;
}

const powersOfTwoUpTo = (n: number) => {
  const out: number[] = [];
  for (let k = 1; k <= n; k *= 2) out.push(k);
  return out;
};

/** Whether a tensor-parallel degree splits the heads evenly (KV heads divided, or replicated a whole number of times). */
function tensorParallelOk(arch: Architecture, tp: number): boolean {
  if (tp === 1) return true;
  if (arch.heads % tp !== 0) return false;
  if (arch.mla) return true;
  return arch.kvHeads % tp === 0 || tp % arch.kvHeads === 0;
}

// ---------------------------------------------------------------------------------------------
// Serving
// ---------------------------------------------------------------------------------------------

export interface ServingPlanOptions {
  arch: Architecture;
  /** Tokens per request: prompt + output. Used when promptTokens/outputTokens are not given (then split 3:1 prompt:output). */
  contextTokens?: number;
  promptTokens?: number;
  outputTokens?: number;
  /** Concurrent sequences to serve (the batch, over replicas when one replica cannot hold it). */
  concurrency?: number;
  /** Output tokens per second the fleet must produce. */
  targetThroughputTokensPerSecond?: number;
  maxTimeToFirstTokenSeconds?: number;
  maxTimePerOutputTokenSeconds?: number;
  /** Default "vllm". */
  engine?: EngineName;
  /** Default "bf16" ("fp16" for llama.cpp). */
  kvCache?: KvFormat;
  /** GPU kinds to consider; default the whole catalog. */
  gpus?: readonly GpuSpec[];
  /** Weight formats to consider; default per engine (see `servingFormats`). */
  weightFormats?: readonly WeightFormat[];
  /** Largest GPU count per replica (counts are powers of two up to it). Default 8. */
  maxGpus?: number;
  /** Price per GPU-hour; default the catalog's (`catalogPrice`). */
  priceOf?: PriceOf;
  /** Also return configurations that do not fit (fits: false). Default false. */
  includeNotFitting?: boolean;
}

export interface ServingPlanRow {
  gpuId: string;
  gpuName: string;
  /** GPUs per replica. */
  gpuCount: number;
  /** Replicas of gpuCount GPUs (more than 1 only when a concurrency or throughput target needs it). */
  replicas: number;
  totalGpus: number;
  weights: WeightFormat;
  tensorParallel: number;
  pipelineParallel: number;
  /** Sequences per replica. */
  batchSize: number;
  /** Largest batch one replica holds at this context. */
  maxBatchSize: number;
  fits: boolean;
  /** Output tokens per second of the whole fleet, end to end (prefill of each batch included). */
  throughputTokensPerSecond: number;
  /** Per sequence. */
  decodeTokensPerSecond: number;
  timeToFirstTokenSeconds: number;
  timePerOutputTokenSeconds: number;
  usdPerGpuHour: number;
  priceBasis: string;
  usdPerHour: number;
  usdPerMillionOutputTokens: number | null;
  usdPerMillionInputTokens: number | null;
  meetsTargets: boolean;
  /** On the front of cost (per million output tokens) vs time per output token, among rows that fit and meet the targets. */
  pareto: boolean;
  /** On the front of cost vs time to first token. */
  paretoTtft: boolean;
  /** Per GPU. */
  memoryTotalBytes: number;
  capacityBytes: number;
  /** 1-based rank by cost among rows that fit and meet the targets; null otherwise. */
  rank: number | null;
}

export interface ServingPlan {
  rows: ServingPlanRow[];
  /** The question as answered (defaults filled in). */
  question: {promptTokens: number; outputTokens: number; engine: EngineName; kvCache: KvFormat;
    mode: "concurrency" | "throughput" | "cheapest-batch"; concurrency: number | null; targetThroughputTokensPerSecond: number | null;
    maxTimeToFirstTokenSeconds: number | null; maxTimePerOutputTokenSeconds: number | null};
  /** configurations: GPU kind × count × format combinations; priced: those estimated (the GPU has a price); fitting: of those, the ones that fit. */
  counts: {configurations: number; priced: number; fitting: number; meetingTargets: number; gpusWithoutPrice: number};
  gpusWithoutPrice: string[];
  notes: string[];
}

/**
 * Weight formats the planner tries for an engine on a GPU: the engine's `planWeightFormats`
 * (engines.ts: bf16, fp8, int8, AWQ and GPTQ int4 for the GPU serving engines; bf16, q8_0 and
 * q4_k_m for llama.cpp) that run on the GPU (compat.ts). fp8 only where it runs natively (Ada,
 * Hopper, Blackwell, MI300), not as Marlin's dequantised weight-only path; bf16 where the GPU has
 * no bf16 is kept (it runs as fp16, at the same bytes).
 *
 * @example servingFormats({engine: "vllm", gpu: findGpu("a100-sxm-80gb")!}) // ["bf16", "int8", "awq-int4", "gptq-int4"]
 */
export function servingFormats(options: {engine: EngineName; gpu: GpuSpec}): WeightFormat[] {
  const {engine, gpu} = options;
  const kvCache = ENGINE_PROFILES[engine].defaultKvFormat;
  return ENGINE_PROFILES[engine].planWeightFormats.filter((weights) => {
    const c = compatibility({engine, weights, kvCache, gpu});
    return c.errors.length === 0 && (weights === "bf16" || !c.warnings.some((w) => w.field === "workload.weights"));
  });
}

/**
 * The largest batch that fits (what inferenceEstimate's maxBatchSize solver finds), from a
 * guess checked by two estimates: KV memory grows by the same bytes per sequence, so
 *
 *     guess = ⌊(usable − weights − activations − overhead) / KV bytes of one sequence⌋
 *
 * is exact where the activation workspace does not depend on the batch (vLLM, SGLang,
 * TensorRT-LLM size it from a fixed token budget); otherwise, or if the check fails, a binary
 * search over fits(B) (monotone) settles it.
 */
function largestFittingBatch(first: InferenceEstimate, fits: (b: number) => boolean): number {
  const m = first.memory;
  if (!m.fits) return 0;
  const perSequence = m.kvCacheBytes;
  const room = m.usableBytes - m.weightsBytes - m.activationsBytes - m.overheadBytes;
  const limit = MAX_BATCH_SEARCH;
  if (!(perSequence > 0)) return fits(limit) ? limit : largestTrue(fits, limit);
  const guess = Math.min(limit, Math.max(1, Math.floor(room / perSequence)));
  if (fits(guess) && (guess === limit || !fits(guess + 1))) return guess;
  return largestTrue(fits, limit);
}

/**
 * Serving plans, cheapest first.
 *
 * Enumeration: GPU kinds (`gpus`, default the catalog; kinds without a price are skipped and
 * counted) × GPU counts n ∈ {1, 2, 4, 8} ≤ maxGpus × weight formats (`servingFormats`: bf16,
 * fp8 where the GPU lists fp8 tensor throughput, int8, AWQ and GPTQ int4; bf16, q8_0, q4_k_m for
 * llama.cpp) × splits: tensor parallel t ∈ {1, 2, 4, 8} ≤ n that divides the attention heads
 * and divides or is a multiple of the KV heads, with p = n/t pipeline stages (llama.cpp: t = 1,
 * p = n, its layer split). In this engine a pipeline stage does not speed up a single batch
 * (stages run one after another at decode), so narrow-TP splits mostly rank below the widest;
 * they stay in because over PCIe the all-reduce can make them cheaper.
 *
 * The batch of a replica (n GPUs) — B_fit is the largest batch that fits (what
 * inferenceEstimate's maxBatchSize solver finds, see largestFittingBatch); B_lat the largest
 * B ≤ B_fit whose TTFT and time per output token (one decode step) meet the targets (both grow
 * with B; binary search):
 * - concurrency C: replicas r = ⌈C / B_lat⌉ (B_fit when no batch meets the targets), batch
 *   ⌈C / r⌉.
 * - throughput target T (output tokens/s, end to end): the cheapest way to reach T with this
 *   replica is to run each replica at the largest batch that meets the latency targets
 *   (throughput per GPU rises with batch), so r = ⌈T / thr(B_lat)⌉; the batch is then lowered to
 *   the smallest B with r·thr(B) ≥ T (same GPUs, lower latency).
 * - neither: one replica at B_lat, the cheapest per token it gets within the targets.
 * A configuration "meets targets" when B = 1 meets both latency limits (rows at B = 1 that miss
 * them are kept, marked false), and in throughput mode always reaches T by adding replicas.
 *
 * Throughput (`throughputTokensPerSecond`) is end to end, as inferenceEstimate gives it: each
 * batch's prefill and then its decode steps, B·O / (t_prefill + O·t_step) per replica.
 * Cost, as the plain estimate charges it (estimate.ts, cost.ts): time is charged by phase, decode
 * seconds to output tokens and prefill seconds to input tokens, so
 * usdPerMillionOutputTokens = r·n·price / 3600 / (sequences · per-sequence decode tokens/s) · 10^6
 * and usdPerMillionInputTokens = n·price / 3600 / (a replica's prefill tokens/s) · 10^6. In
 * throughput mode the figure is all-in instead: the fleet's dollars per second over the demanded
 * T (prompts included, since the fleet processes them), and usdPerMillionInputTokens is null.
 * Ranking: rows that fit and meet the targets by $/M output tokens (then TPOT, then fewer GPUs);
 * the others after them. Pareto: among ranked rows, cost vs time per output token (`pareto`)
 * and cost vs time to first token (`paretoTtft`).
 *
 * @example planServing({arch: llama31_8b, promptTokens: 1024, outputTokens: 256}).rows[0]
 *   // the cheapest GPU × count × format for this context in the catalog
 */
export function planServing(options: ServingPlanOptions): ServingPlan {
  const {arch} = options;
  const engine: EngineName = options.engine ?? "vllm";
  const kvCache: KvFormat = options.kvCache ?? ENGINE_PROFILES[engine].defaultKvFormat;
  let promptTokens = options.promptTokens;
  let outputTokens = options.outputTokens;
  if (promptTokens === undefined || outputTokens === undefined) {
    const context = options.contextTokens ?? 1280;
    if (promptTokens === undefined && outputTokens === undefined) {
      outputTokens = Math.max(1, Math.round(context / 4));
      promptTokens = Math.max(1, context - outputTokens);
    } else if (promptTokens === undefined) promptTokens = Math.max(1, context - outputTokens!);
    else outputTokens = Math.max(1, context - promptTokens);
  }
  const P = promptTokens!;
  const O = outputTokens!;
  const maxTtft = options.maxTimeToFirstTokenSeconds ?? null;
  const maxTpot = options.maxTimePerOutputTokenSeconds ?? null;
  const concurrency = options.concurrency ?? null;
  const target = options.targetThroughputTokensPerSecond ?? null;
  const mode = concurrency !== null ? "concurrency" : target !== null ? "throughput" : "cheapest-batch";
  const notes: string[] = [];
  if (concurrency !== null && target !== null) notes.push("both concurrency and a throughput target given: concurrency used");
  const maxGpus = options.maxGpus ?? 8;
  const counts = powersOfTwoUpTo(Math.min(maxGpus, 8));
  const gpus = options.gpus ?? GPU_CATALOG;

  const rows: ServingPlanRow[] = [];
  const gpusWithoutPrice: string[] = [];
  let configurations = 0;
  let priced = 0;
  let fitting = 0;

  const meets = (e: InferenceEstimate) => (maxTtft === null || e.timeToFirstTokenSeconds <= maxTtft)
    && (maxTpot === null || e.decodeStepSeconds <= maxTpot);

  for (const gpu of gpus) {
    const price = priceFor(options.priceOf, gpu.id);
    if (!price) gpusWithoutPrice.push(gpu.id);
    // Formats the engine cannot run on this GPU are not tried (compat.ts), even when asked for.
    const formats = (options.weightFormats ?? servingFormats({engine, gpu})).filter((weights) => runs({engine, weights, kvCache, gpu}));
    for (const n of counts) {
     const splits = splitsByLayers(engine) ? [1] : powersOfTwoUpTo(n).filter((t) => tensorParallelOk(arch, t));
     for (const tp of splits) {
      const pp = n / tp;
      configurations += formats.length;
      if (!price || pp > arch.layers) continue;
      for (const weights of formats) {
        priced++;
        const workloadAt = (batchSize: number): InferenceWorkload => ({type: "inference", engine, weights, kvCache, batchSize,
          promptTokens: P, outputTokens: O, tensorParallel: tp, pipelineParallel: pp});
        const cache = new Map<number, InferenceEstimate>();
        const at = (b: number) => {
          let e = cache.get(b);
          if (!e) {
            e = inferenceEstimate({arch, gpu, gpuCount: n, workload: workloadAt(b), solvers: false});
            cache.set(b, e);
          }
          return e;
        };
        const first = at(1);
        const maxBatch = largestFittingBatch(first, (b) => at(b).memory.fits);
        const base = {gpuId: gpu.id, gpuName: gpu.name, gpuCount: n, weights, tensorParallel: tp, pipelineParallel: pp,
          maxBatchSize: maxBatch, usdPerGpuHour: price.usdPerGpuHour, priceBasis: price.basis, capacityBytes: first.memory.capacityBytes};
        if (maxBatch < 1) {
          if (options.includeNotFitting) {
            rows.push({...base, replicas: 1, totalGpus: n, batchSize: 1, fits: false,
              throughputTokensPerSecond: first.throughputTokensPerSecond, decodeTokensPerSecond: first.decodeTokensPerSecond,
              timeToFirstTokenSeconds: first.timeToFirstTokenSeconds, timePerOutputTokenSeconds: first.decodeStepSeconds,
              usdPerHour: n * price.usdPerGpuHour, usdPerMillionOutputTokens: null, usdPerMillionInputTokens: null,
              meetsTargets: false, pareto: false, paretoTtft: false, memoryTotalBytes: first.memory.totalBytes, rank: null});
          }
          continue;
        }
        fitting++;
        const latencyOk = meets(first);
        const bLat = latencyOk ? (maxTtft === null && maxTpot === null ? maxBatch : largestTrue((b) => meets(at(b)), maxBatch)) : 0;
        const bCap = bLat >= 1 ? bLat : maxBatch;
        let replicas = 1;
        let batch = bCap;
        if (mode === "concurrency") {
          replicas = Math.ceil(concurrency! / bCap);
          batch = Math.ceil(concurrency! / replicas);
        } else if (mode === "throughput") {
          const perReplicaMax = at(bCap).throughputTokensPerSecond;
          replicas = Math.max(1, Math.ceil(target! / perReplicaMax));
          batch = Math.min(bCap, smallestTrue((b) => replicas * at(b).throughputTokensPerSecond >= target!, bCap));
        }
        const e = at(batch);
        // Sequences in flight over the fleet: the concurrency, or every replica's full batch.
        const sequences = mode === "concurrency" ? concurrency! : replicas * batch;
        const fleetThroughput = (sequences / batch) * e.throughputTokensPerSecond;
        const usdPerHour = replicas * n * price.usdPerGpuHour;
        const usdOut = mode === "throughput"
          ? (usdPerHour / 3600 / target!) * 1e6
          : usdPerMillionTokens({usdPerGpuHour: usdPerHour, gpus: 1, tokensPerSecond: sequences * e.decodeTokensPerSecond});
        const usdIn = mode === "throughput" ? null
          : usdPerMillionTokens({usdPerGpuHour: price.usdPerGpuHour, gpus: n, tokensPerSecond: e.prefillTokensPerSecond});
        rows.push({...base, replicas, totalGpus: replicas * n, batchSize: batch, fits: e.memory.fits,
          throughputTokensPerSecond: fleetThroughput, decodeTokensPerSecond: e.decodeTokensPerSecond,
          timeToFirstTokenSeconds: e.timeToFirstTokenSeconds, timePerOutputTokenSeconds: e.decodeStepSeconds,
          usdPerHour, usdPerMillionOutputTokens: usdOut, usdPerMillionInputTokens: usdIn,
          meetsTargets: latencyOk && meets(e), pareto: false, paretoTtft: false, memoryTotalBytes: e.memory.totalBytes, rank: null});
      }
     }
    }
  }

  const ranked = rows.filter((r) => r.fits && r.meetsTargets && r.usdPerMillionOutputTokens !== null);
  const cost = (r: ServingPlanRow) => r.usdPerMillionOutputTokens ?? Infinity;
  const byCost = (a: ServingPlanRow, b: ServingPlanRow) => cost(a) - cost(b)
    || a.timePerOutputTokenSeconds - b.timePerOutputTokenSeconds || a.totalGpus - b.totalGpus;
  ranked.sort(byCost);
  ranked.forEach((r, i) => { r.rank = i + 1; });
  paretoFront(ranked.map((r) => ({x: cost(r), y: r.timePerOutputTokenSeconds}))).forEach((on, i) => { ranked[i]!.pareto = on; });
  paretoFront(ranked.map((r) => ({x: cost(r), y: r.timeToFirstTokenSeconds}))).forEach((on, i) => { ranked[i]!.paretoTtft = on; });
  const rest = rows.filter((r) => r.rank === null).sort((a, b) => Number(b.fits) - Number(a.fits) || byCost(a, b));
  if (gpusWithoutPrice.length) notes.push(`${gpusWithoutPrice.length} GPU kinds skipped for want of a price: ${gpusWithoutPrice.join(", ")}`);
  return {
    rows: [...ranked, ...rest],
    question: {promptTokens: P, outputTokens: O, engine, kvCache, mode, concurrency, targetThroughputTokensPerSecond: target,
      maxTimeToFirstTokenSeconds: maxTtft, maxTimePerOutputTokenSeconds: maxTpot},
    counts: {configurations, priced, fitting, meetingTargets: ranked.length, gpusWithoutPrice: gpusWithoutPrice.length},
    gpusWithoutPrice,
    notes
  };
}

// ---------------------------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------------------------

export interface TrainingPlanOptions {
  arch: Architecture;
  /** Tokens to train on. */
  trainingTokens: number;
  /** Wall-clock limit; rows say whether they meet it. */
  deadlineSeconds?: number;
  /** Default "full". */
  method?: TrainingMethod;
  /** Default "bf16-mixed". */
  precision?: TrainingPrecision;
  /** Default "adamw". */
  optimizer?: OptimizerName;
  /** Default 4096. */
  sequenceLength?: number;
  /** Default 1. */
  microBatchSize?: number;
  /** Micro-batches per step without pipelining (default 1); pipelined layouts use max(this, 4·PP). */
  gradientAccumulation?: number;
  /** Model FLOPs utilisation of a layout without recomputation or pipeline bubble. Default training/time.ts DEFAULT_MFU (0.4). */
  mfu?: number;
  /** Further workload fields (lora, framework, goodput, flashAttention...). */
  workload?: Partial<TrainingWorkload>;
  /** GPU kinds; default the catalog. */
  gpus?: readonly GpuSpec[];
  /** GPU counts; default 8, 16, ..., 1024. */
  gpuCounts?: readonly number[];
  /** Activation checkpointing policies tried; default none, selective, full. */
  checkpointing?: readonly CheckpointingPolicy[];
  priceOf?: PriceOf;
  /** Return every fitting layout of a GPU kind and count, not only its fastest. Default false. */
  allLayouts?: boolean;
}

export interface TrainingPlanRow {
  gpuId: string;
  gpuName: string;
  gpuCount: number;
  tensorParallel: number;
  pipelineParallel: number;
  dataParallel: number;
  zeroStage: 0 | 1 | 2 | 3;
  activationCheckpointing: CheckpointingPolicy;
  microBatchSize: number;
  gradientAccumulation: number;
  fits: boolean;
  /** Per GPU (the fullest pipeline stage). */
  memoryTotalBytes: number;
  capacityBytes: number;
  /** MFU after recomputation and pipeline bubble (see planTraining). */
  effectiveMfu: number;
  wallClockSeconds: number;
  gpuHours: number;
  usdPerGpuHour: number;
  priceBasis: string;
  totalUsd: number;
  meetsDeadline: boolean;
  /** On the front of total dollars vs wall-clock time. */
  pareto: boolean;
  /** 1-based rank by total dollars (then time). */
  rankByCost: number;
  /** 1-based rank by wall-clock time (then dollars). */
  rankByTime: number;
}

export interface TrainingPlan {
  rows: TrainingPlanRow[];
  counts: {gpuKinds: number; gpuCounts: number; layouts: number; memoryEstimates: number; fitting: number; gpusWithoutPrice: number; gpusWithoutThroughput: number};
  gpusWithoutPrice: string[];
  gpusWithoutThroughput: string[];
  notes: string[];
}

interface TrainingLayoutChoice {
  tensorParallel: number;
  pipelineParallel: number;
  zeroStage: 0 | 1 | 2 | 3;
  activationCheckpointing: CheckpointingPolicy;
  gradientAccumulation: number;
}

/**
 * Training plans: GPU kind × GPU count × parallel layout, ranked by total dollars and by
 * wall-clock time, with the cost–time Pareto front marked.
 *
 * Layouts per GPU count N: tensor parallel t ∈ {1, 2, 4, 8} (within one 8-GPU node; t must
 * split the heads, see validateLayout), pipeline p ∈ {1, 2, 4, 8, 16} (≤ layers), t·p dividing
 * N, data parallel d = N/(t·p); ZeRO stage 0-3 (only 0 when d = 1, where the stages coincide);
 * activation checkpointing none / selective / full. Sequence parallelism is on whenever t > 1
 * (Megatron-LM practice); expert parallelism is not enumerated (EP = 1).
 *
 * Memory comes from trainingEstimate (the fullest stage); it does not depend on the GPU kind,
 * so each layout is estimated once per distinct d and compared with every kind's capacity.
 * Time: trainingEstimate's model (training/time.ts) with two planner adjustments, so that the
 * layouts differ in time as they do in practice — the given MFU is taken as what a layout
 * without recomputation or bubble reaches, and
 *
 *     effective MFU = MFU · (model FLOPs / hardware FLOPs per token) · m / (m + p − 1)
 *
 * where recomputation (selective: attention; full: the whole forward) adds hardware FLOPs at the
 * same hardware utilisation, and the 1F1B pipeline bubble idles (p − 1)/(m + p − 1) of each step
 * with m micro-batches (Narayanan et al. 2021, "Efficient Large-Scale Language Model Training on
 * GPU Clusters Using Megatron-LM", §2.2). Pipelined layouts use m = max(gradientAccumulation, 4p).
 * TP and ZeRO communication is taken as absorbed in the MFU, so among layouts of equal time the
 * simplest is kept: fewest t·p, then lowest ZeRO stage.
 *
 *     wallClock = tokens · modelFlopsPerToken / (N · peak · effective MFU · goodput)
 *     totalUsd  = N · wallClock / 3600 · price
 *
 * Bounds: at most 4 TP × 5 PP × 4 ZeRO × 3 checkpointing = 240 layouts per distinct d, estimated
 * lazily: layouts are walked fastest first per GPU kind and the walk stops at the first that
 * fits; a GPU kind on which the leanest layout (ZeRO-3, full recomputation, largest t·p) does not
 * fit is skipped at that count. benchPlanner reports the time of a full catalog enumeration.
 *
 * @example planTraining({arch: llama31_8b, trainingTokens: 1e12}).rows[0] // the cheapest GPU kind and count
 */
export function planTraining(options: TrainingPlanOptions): TrainingPlan {
  const {arch, trainingTokens} = options;
  const gpus = options.gpus ?? GPU_CATALOG;
  const gpuCounts = options.gpuCounts ?? [8, 16, 32, 64, 128, 256, 512, 1024];
  const checkpointing = options.checkpointing ?? ["none", "selective", "full"];
  const ga = Math.max(1, options.gradientAccumulation ?? options.workload?.gradientAccumulation ?? 1);
  const template: TrainingWorkload = {
    type: "training", method: "full", precision: "bf16-mixed", optimizer: "adamw", microBatchSize: 1, sequenceLength: 4096,
    gradientAccumulation: ga, activationCheckpointing: "none", flashAttention: true, zeroStage: 0, tensorParallel: 1,
    pipelineParallel: 1, expertParallel: 1, sequenceParallel: false,
    ...options.workload
  };
  if (options.method) template.method = options.method;
  if (options.precision) template.precision = options.precision;
  if (options.optimizer) template.optimizer = options.optimizer;
  if (options.sequenceLength) template.sequenceLength = options.sequenceLength;
  if (options.microBatchSize) template.microBatchSize = options.microBatchSize;
  template.trainingTokens = trainingTokens;
  template.mfu = options.mfu ?? template.mfu ?? 0.4;
  const mfu = template.mfu;
  const goodput = template.goodput ?? 1;
  const notes: string[] = [];

  const gpusWithoutPrice: string[] = [];
  const gpusWithoutThroughput: string[] = [];
  const candidates: {gpu: GpuSpec; price: PlannerPrice; peak: number}[] = [];
  // The compute precision per GPU, as trainingEstimate picks it (training/time.ts computePrecisionOf).
  const precisionOf = (gpu: GpuSpec) => {
    const f = gpu.flopsPerSecond;
    switch (template.precision) {
      case "fp32": return f.fp32;
      case "bf16": case "bf16-mixed": return f.bf16 ?? f.fp16;
      case "fp16-mixed": return f.fp16;
      case "fp8-mixed": return f.fp8 ?? f.bf16;
    }
  };
  for (const gpu of gpus) {
    const price = priceFor(options.priceOf, gpu.id);
    if (!price) { gpusWithoutPrice.push(gpu.id); continue; }
    const peak = precisionOf(gpu) ?? 0;
    if (!(peak > 0)) { gpusWithoutThroughput.push(gpu.id); continue; }
    candidates.push({gpu, price, peak});
  }

  // Memory per layout and distinct data-parallel degree (GPU kind independent).
  interface Mem { totalBytes: number; flopsPerToken: number; hardwareFlopsPerToken: number }
  const memory = new Map<string, Mem | null>();
  let memoryEstimates = 0;
  const memoryOf = (layout: TrainingLayoutChoice, n: number): Mem | null => {
    const dp = n / (layout.tensorParallel * layout.pipelineParallel);
    const dpKey = layout.zeroStage === 0 ? Math.min(dp, 2) : dp;
    const key = `${layout.tensorParallel}/${layout.pipelineParallel}/${layout.zeroStage}/${layout.activationCheckpointing}/${layout.gradientAccumulation}/${dpKey}`;
    if (memory.has(key)) return memory.get(key)!;
    let m: Mem | null = null;
    try {
      memoryEstimates++;
      const r = trainingEstimate({arch, gpu: candidates[0]!.gpu, gpuCount: n, workload: {...template, ...layout,
        sequenceParallel: layout.tensorParallel > 1}});
      const t = r.training!;
      m = {totalBytes: r.memory.totalBytes, flopsPerToken: t.flopsPerToken, hardwareFlopsPerToken: t.hardwareFlopsPerToken as number};
    } catch {
      m = null; // an impossible layout (validateLayout): skipped
    }
    memory.set(key, m);
    return m;
  };

  const rows: TrainingPlanRow[] = [];
  let layoutsTried = 0;
  const leanestPolicy: CheckpointingPolicy = checkpointing.includes("full") ? "full" : checkpointing.includes("selective") ? "selective" : "none";
  if (candidates.length > 0) {
    for (const n of gpuCounts) {
      const layouts: TrainingLayoutChoice[] = [];
      for (const t of [1, 2, 4, 8]) {
        if (t > n || !tensorParallelOk(arch, t)) continue;
        for (const p of [1, 2, 4, 8, 16]) {
          if (p > arch.layers || n % (t * p) !== 0) continue;
          const d = n / (t * p);
          for (const zeroStage of (d === 1 ? [0] : [0, 1, 2, 3]) as (0 | 1 | 2 | 3)[]) {
            for (const activationCheckpointing of checkpointing) {
              layouts.push({tensorParallel: t, pipelineParallel: p, zeroStage, activationCheckpointing,
                gradientAccumulation: p > 1 ? Math.max(ga, 4 * p) : ga});
            }
          }
        }
      }
      layoutsTried += layouts.length;
      if (layouts.length === 0) continue;
      // Time factor of a layout: hardware/model FLOPs (needs one estimate per policy, any layout) × bubble.
      const flopsRatio = new Map<CheckpointingPolicy, number>();
      const ratioOf = (l: TrainingLayoutChoice) => {
        let r = flopsRatio.get(l.activationCheckpointing);
        if (r === undefined) {
          const m = memoryOf(l, n);
          r = m ? m.hardwareFlopsPerToken / m.flopsPerToken : Infinity;
          if (m) flopsRatio.set(l.activationCheckpointing, r);
        }
        return r;
      };
      const factor = (l: TrainingLayoutChoice) => {
        const m = l.gradientAccumulation;
        return ratioOf(l) * (m + l.pipelineParallel - 1) / m;
      };
      const ordered = layouts.map((l) => ({l, f: factor(l)})).sort((a, b) => a.f - b.f
        || a.l.tensorParallel * a.l.pipelineParallel - b.l.tensorParallel * b.l.pipelineParallel || a.l.zeroStage - b.l.zeroStage);
      // The leanest layout: ZeRO-3 (or the highest stage allowed), full recomputation, the most model parallelism.
      const leanest = [...layouts].sort((a, b) => b.zeroStage - a.zeroStage
        || Number(b.activationCheckpointing === leanestPolicy) - Number(a.activationCheckpointing === leanestPolicy)
        || b.tensorParallel * b.pipelineParallel - a.tensorParallel * a.pipelineParallel)[0]!;
      const leanMem = memoryOf(leanest, n);
      for (const {gpu, price, peak} of candidates) {
        if (leanMem && leanMem.totalBytes > gpu.memoryBytes) continue;
        for (const {l, f} of ordered) {
          // Monotone pruning: a layout cannot fit where its leaner siblings (higher ZeRO stage,
          // more recomputation, same t and p) do not.
          const zeroMax: 0 | 3 = n / (l.tensorParallel * l.pipelineParallel) === 1 ? 0 : 3;
          const group = memoryOf({...l, zeroStage: zeroMax, activationCheckpointing: leanestPolicy}, n);
          if (!group || group.totalBytes > gpu.memoryBytes) continue;
          const sibling = memoryOf({...l, zeroStage: zeroMax}, n);
          if (!sibling || sibling.totalBytes > gpu.memoryBytes) continue;
          const m = memoryOf(l, n);
          if (!m || m.totalBytes > gpu.memoryBytes) continue;
          const effectiveMfu = mfu / f;
          const wallClockSeconds = (trainingTokens * m.flopsPerToken) / (n * peak * effectiveMfu * goodput);
          const gpuHours = (n * wallClockSeconds) / 3600;
          rows.push({gpuId: gpu.id, gpuName: gpu.name, gpuCount: n, tensorParallel: l.tensorParallel, pipelineParallel: l.pipelineParallel,
            dataParallel: n / (l.tensorParallel * l.pipelineParallel), zeroStage: l.zeroStage, activationCheckpointing: l.activationCheckpointing,
            microBatchSize: template.microBatchSize, gradientAccumulation: l.gradientAccumulation, fits: true,
            memoryTotalBytes: m.totalBytes, capacityBytes: gpu.memoryBytes, effectiveMfu, wallClockSeconds, gpuHours,
            usdPerGpuHour: price.usdPerGpuHour, priceBasis: price.basis, totalUsd: gpuHours * price.usdPerGpuHour,
            meetsDeadline: options.deadlineSeconds === undefined || wallClockSeconds <= options.deadlineSeconds,
            pareto: false, rankByCost: 0, rankByTime: 0});
          if (!options.allLayouts) break;
        }
      }
    }
  }

  const byTime = [...rows].sort((a, b) => a.wallClockSeconds - b.wallClockSeconds || a.totalUsd - b.totalUsd);
  byTime.forEach((r, i) => { r.rankByTime = i + 1; });
  rows.sort((a, b) => a.totalUsd - b.totalUsd || a.wallClockSeconds - b.wallClockSeconds || a.gpuCount - b.gpuCount);
  rows.forEach((r, i) => { r.rankByCost = i + 1; });
  paretoFront(rows.map((r) => ({x: r.totalUsd, y: r.wallClockSeconds}))).forEach((on, i) => { rows[i]!.pareto = on; });
  if (gpusWithoutPrice.length) notes.push(`${gpusWithoutPrice.length} GPU kinds skipped for want of a price: ${gpusWithoutPrice.join(", ")}`);
  if (gpusWithoutThroughput.length) notes.push(`${gpusWithoutThroughput.length} GPU kinds skipped for want of a ${template.precision} peak: ${gpusWithoutThroughput.join(", ")}`);
  return {
    rows,
    counts: {gpuKinds: gpus.length, gpuCounts: gpuCounts.length, layouts: layoutsTried, memoryEstimates,
      fitting: rows.length, gpusWithoutPrice: gpusWithoutPrice.length, gpusWithoutThroughput: gpusWithoutThroughput.length},
    gpusWithoutPrice,
    gpusWithoutThroughput,
    notes
  };
}

// ---------------------------------------------------------------------------------------------
// Plan mode of a scenario (the command's --plan flag, or a scenario's "plan" key)
// ---------------------------------------------------------------------------------------------

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

const PLAN_KEYS = ["concurrency", "targetThroughputTokensPerSecond", "maxTimeToFirstTokenSeconds", "maxTimePerOutputTokenSeconds",
  "weightFormats", "maxGpus", "gpus", "gpuCounts", "deadlineSeconds", "top"] as const;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const show = (x: unknown) => (x === undefined ? "nothing" : JSON.stringify(x));

/** Checks the `plan` key; one line per problem naming its path. */
function checkPlanRequest(raw: unknown, errors: string[], warnings: string[], weightFormats: readonly string[], gpuIds: readonly string[]): PlanRequest {
  if (raw === undefined || raw === true) return {};
  if (!isObject(raw)) {
    errors.push(`plan: got ${show(raw)}, expected true or an object {${PLAN_KEYS.join(", ")}}`);
    return {};
  }
  const out: PlanRequest = {};
  const num = (key: keyof PlanRequest, opts: {integer?: boolean; min: number; max?: number}) => {
    const v = raw[key];
    if (v === undefined) return undefined;
    const ok = typeof v === "number" && Number.isFinite(v) && (opts.integer ? Number.isInteger(v) && v >= opts.min : v > opts.min)
      && (opts.max === undefined || v <= opts.max);
    if (!ok) {
      const range = opts.integer ? `an integer >= ${opts.min}` : `a number > ${opts.min}`;
      errors.push(`plan.${key}: got ${show(v)}, expected ${range}${opts.max !== undefined ? ` and <= ${opts.max}` : ""}`);
      return undefined;
    }
    return v as number;
  };
  const set = <K extends keyof PlanRequest>(key: K, v: PlanRequest[K] | undefined) => { if (v !== undefined) out[key] = v; };
  set("concurrency", num("concurrency", {integer: true, min: 1, max: 1e6}));
  set("targetThroughputTokensPerSecond", num("targetThroughputTokensPerSecond", {min: 0}));
  set("maxTimeToFirstTokenSeconds", num("maxTimeToFirstTokenSeconds", {min: 0}));
  set("maxTimePerOutputTokenSeconds", num("maxTimePerOutputTokenSeconds", {min: 0}));
  set("maxGpus", num("maxGpus", {integer: true, min: 1, max: 8}));
  set("deadlineSeconds", num("deadlineSeconds", {min: 0}));
  set("top", num("top", {integer: true, min: 1}));
  const list = (key: "weightFormats" | "gpus" | "gpuCounts", check: (x: unknown) => boolean, expected: string) => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.length === 0) {
      errors.push(`plan.${key}: got ${show(v)}, expected a non-empty list of ${expected}`);
      return undefined;
    }
    let ok = true;
    v.forEach((x, i) => {
      if (!check(x)) {
        ok = false;
        errors.push(`plan.${key}[${i}]: got ${show(x)}, expected ${expected}`);
      }
    });
    return ok ? v : undefined;
  };
  set("weightFormats", list("weightFormats", (x) => typeof x === "string" && weightFormats.includes(x), `weight formats (${weightFormats.join(", ")})`) as WeightFormat[] | undefined);
  set("gpus", list("gpus", (x) => typeof x === "string" && gpuIds.includes(x.trim().toLowerCase()), "GPU catalog ids") as string[] | undefined);
  set("gpuCounts", list("gpuCounts", (x) => typeof x === "number" && Number.isInteger(x) && x >= 1 && x <= 1e6, "integers >= 1") as number[] | undefined);
  for (const key of Object.keys(raw)) if (!(PLAN_KEYS as readonly string[]).includes(key)) warnings.push(`unknown field plan.${key} ignored`);
  return out;
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
 *   cheapest offer per GPU (on-demand first; GPUs it does not offer are skipped); without
 *   pricing, `catalogPrice`.
 * Every problem is reported as the plain estimate reports it: one line naming the JSON path.
 *
 * @example planScenario({model: "llama-3.1-8b", workload: {type: "inference", promptTokens: 1024,
 *   outputTokens: 256}, plan: {maxTimePerOutputTokenSeconds: 0.05}}) // {ok: true, plan: {serving: {rows: [...]}}}
 */
export function planScenario(input: unknown): {ok: true; plan: ScenarioPlan} | {ok: false; errors: string[]} {
  if (!isObject(input)) return {ok: false, errors: [`scenario: got ${show(input)}, expected a scenario object {model, hardware?, workload, pricing?, plan?}`]};
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

  const plan = checkPlanRequest(rawPlan, errors, warnings, WEIGHT_FORMATS, GPU_IDS);
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
      priceOf = (gpuId) => {
        const offer = cheapestOffer({gpuId, provider, pricingType: "on-demand"}) ?? cheapestOffer({gpuId, provider});
        return offer ? {usdPerGpuHour: offer.usdPerGpuHour, basis: `${offer.provider} ${offer.pricingType} ${offer.dataDate}`} : null;
      };
    } else if (gpus.some((g) => !findGpu(g.id))) {
      errors.push("pricing: got nothing, expected usdPerGpuHour for an inline GPU (the price catalog only prices catalog GPUs)");
      return {ok: false, errors};
    }

    const w = scenario.workload;
    if (w.type === "inference") {
      const count = scenario.hardware.count;
      if (countGiven && count > 8 && plan.maxGpus === undefined) warnings.push(`hardware.count ${count}: serving plans try at most 8 GPUs per replica`);
      const options: ServingPlanOptions = {arch: model.arch, promptTokens: w.promptTokens, outputTokens: w.outputTokens,
        engine: w.engine, kvCache: w.kvCache, gpus, maxGpus: plan.maxGpus ?? (countGiven ? Math.min(count, 8) : 8)};
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

// ---------------------------------------------------------------------------------------------
// Text table and benchmark
// ---------------------------------------------------------------------------------------------

const fixed = (x: number | null, digits: number) => (x === null || !Number.isFinite(x) ? "—" : x.toFixed(digits));
const gb = (bytes: number) => (bytes / 1e9).toFixed(1);

function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * The plan as a ranked text table (memory in GB = 10^9 bytes, TPOT in ms, TTFT in s, training
 * time in days), best first, at most `top` rows (default 20); notes and warnings after it.
 *
 * @example formatPlanTable({plan: planScenario(scenario).plan, top: 10}) // "Plan for Llama 3.1 8B\n..."
 */
export function formatPlanTable(options: {plan: ScenarioPlan; top?: number}): string {
  const {plan} = options;
  const top = options.top ?? 20;
  const out: string[] = [`Plan for ${plan.model.name}`];
  if (plan.serving) {
    const s = plan.serving;
    const q = s.question;
    out.push(`Serving ${q.promptTokens} prompt + ${q.outputTokens} output tokens with ${q.engine} (KV ${q.kvCache}); ${
      q.mode === "concurrency" ? `${q.concurrency} concurrent sequences` : q.mode === "throughput" ? `${q.targetThroughputTokensPerSecond} output tokens/s`
        : "each configuration at its cheapest batch"}${q.maxTimeToFirstTokenSeconds !== null ? `; TTFT <= ${q.maxTimeToFirstTokenSeconds} s` : ""}${
      q.maxTimePerOutputTokenSeconds !== null ? `; time per output token <= ${q.maxTimePerOutputTokenSeconds * 1000} ms` : ""}`);
    out.push(`${s.counts.configurations} configurations, ${s.counts.priced} priced, ${s.counts.fitting} fit, ${s.counts.meetingTargets} meet the targets; * = Pareto (cost vs time per output token)`);
    out.push("");
    const rows = s.rows.slice(0, top).map((r) => [r.rank === null ? "-" : String(r.rank), r.pareto ? "*" : "", r.gpuId,
      r.replicas > 1 ? `${r.replicas}×${r.gpuCount}` : String(r.gpuCount), r.weights, `${r.tensorParallel}/${r.pipelineParallel}`, String(r.batchSize),
      fixed(r.usdPerMillionOutputTokens, 3), fixed(r.usdPerMillionInputTokens, 3), fixed(r.throughputTokensPerSecond, 0),
      fixed(r.timePerOutputTokenSeconds * 1000, 1), fixed(r.timeToFirstTokenSeconds, 2), `${gb(r.memoryTotalBytes)}/${gb(r.capacityBytes)}`,
      fixed(r.usdPerGpuHour, 2), r.priceBasis]);
    out.push(table(["#", "P", "GPU", "GPUs", "weights", "TP/PP", "batch", "$/M out", "$/M in", "out tok/s", "TPOT ms", "TTFT s",
      "mem GB/GPU", "$/GPU-h", "price"], rows, [true, false, false, true, false, true, true, true, true, true, true, true, true, true, false]));
  }
  if (plan.training) {
    const t = plan.training;
    out.push(`Training: ${t.counts.gpuKinds} GPU kinds × ${t.counts.gpuCounts} counts, ${t.counts.layouts} layouts, ${t.counts.fitting} GPU kind × count pairs fit; * = Pareto (cost vs time)`);
    out.push("");
    const rows = t.rows.slice(0, top).map((r) => [String(r.rankByCost), r.pareto ? "*" : "", String(r.rankByTime), r.gpuId, String(r.gpuCount),
      `${r.tensorParallel}/${r.pipelineParallel}/${r.dataParallel}`, String(r.zeroStage), r.activationCheckpointing,
      fixed(r.totalUsd, 0), fixed(r.wallClockSeconds / 86400, 2), r.meetsDeadline ? "yes" : "no", fixed(r.effectiveMfu, 3),
      `${gb(r.memoryTotalBytes)}/${gb(r.capacityBytes)}`, fixed(r.usdPerGpuHour, 2), r.priceBasis]);
    out.push(table(["#$", "P", "#t", "GPU", "GPUs", "TP/PP/DP", "ZeRO", "ckpt", "total $", "days", "deadline", "MFU", "mem GB/GPU", "$/GPU-h", "price"],
      rows, [true, false, true, false, true, true, true, false, true, true, false, true, true, true, false]));
  }
  if (plan.warnings.length) out.push("", ...plan.warnings.map((w) => `note: ${w}`));
  return `${out.join("\n")}\n`;
}

/**
 * Times the planner on one core: a full serving enumeration over the catalog (Llama 3.1 70B,
 * 1024 + 256 tokens, vLLM, with and without latency targets) and a full training enumeration
 * (Llama 3.1 8B and 70B, 1e12 tokens, 8-1024 GPUs). Each is run once to warm up, then timed
 * as the best of three. Returns one line.
 *
 * @example benchPlanner() // "serving 31.0 ms (890 configurations, llama-3.1-70b), with latency targets ... ms; training ..."
 */
export function benchPlanner(): string {
  // The host's clock (browsers and Node both have performance.now; the engine's types have neither).
  const clock = (globalThis as unknown as {performance?: {now(): number}}).performance;
  const now = () => (clock ? clock.now() : Date.now());
  const best = (fn: () => void) => {
    fn();
    let ms = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = now();
      fn();
      ms = Math.min(ms, now() - t0);
    }
    return ms;
  };
  const arch70 = resolveModel("llama-3.1-70b").arch;
  const arch8 = resolveModel("llama-3.1-8b").arch;
  let servingRows = 0;
  const serving = best(() => { servingRows = planServing({arch: arch70, promptTokens: 1024, outputTokens: 256}).counts.priced; });
  const servingTargets = best(() => {
    planServing({arch: arch70, promptTokens: 1024, outputTokens: 256, maxTimePerOutputTokenSeconds: 0.05, maxTimeToFirstTokenSeconds: 2});
  });
  const training8 = best(() => { planTraining({arch: arch8, trainingTokens: 1e12}); });
  const training70 = best(() => { planTraining({arch: arch70, trainingTokens: 1e12}); });
  return `serving ${serving.toFixed(1)} ms (${servingRows} configurations, llama-3.1-70b), with latency targets ${servingTargets.toFixed(1)} ms; ` +
    `training ${training8.toFixed(0)} ms (llama-3.1-8b), ${training70.toFixed(0)} ms (llama-3.1-70b), ${GPU_CATALOG.length} GPU kinds × 8 counts`;
}
