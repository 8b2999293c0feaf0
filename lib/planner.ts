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
import {GPU_CATALOG} from "./catalog/gpus.js";
import {cheapestOffer} from "./catalog/prices.js";
import {usdPerMillionTokens} from "./cost.js";
import type {CheckpointingPolicy, EngineName, KvFormat, OptimizerName, TrainingMethod, TrainingPrecision, WeightFormat} from "./formats.js";
import type {GpuSpec} from "./hardware.js";
import {inferenceEstimate, type InferenceEstimate} from "./inference.js";
import type {InferenceWorkload, TrainingWorkload} from "./scenario.js";
import {trainingEstimate} from "./training/estimate.js";

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
  /** Output tokens per second of the whole fleet (replicas × batch × per-sequence decode speed). */
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

/** Weight formats the planner tries for an engine on a GPU. */
export function servingFormats(options: {engine: EngineName; gpu: GpuSpec}): WeightFormat[] {
  const {engine, gpu} = options;
  if (engine === "llama.cpp") return ["bf16", "q8_0", "q4_k_m"];
  const formats: WeightFormat[] = ["bf16"];
  if (gpu.flopsPerSecond.fp8) formats.push("fp8");
  formats.push("int8", "awq-int4", "gptq-int4");
  return formats;
}

/** Largest x in [1, hi] with ok(x) (ok monotone: true then false); 0 when ok(1) is false. */
function largestTrue(ok: (x: number) => boolean, hi: number): number {
  if (hi < 1 || !ok(1)) return 0;
  let lo = 1;
  let top = hi + 1;
  if (ok(hi)) return hi;
  top = hi;
  while (top - lo > 1) {
    const mid = Math.floor((lo + top) / 2);
    if (ok(mid)) lo = mid;
    else top = mid;
  }
  return lo;
}

/** Smallest x in [1, hi] with ok(x) (ok monotone: false then true); hi + 1 when none. */
function smallestTrue(ok: (x: number) => boolean, hi: number): number {
  if (hi < 1 || !ok(hi)) return hi + 1;
  if (ok(1)) return 1;
  let lo = 1;
  let top = hi;
  while (top - lo > 1) {
    const mid = Math.floor((lo + top) / 2);
    if (ok(mid)) top = mid;
    else lo = mid;
  }
  return top;
}

/**
 * Serving plans, cheapest first.
 *
 * Enumeration: GPU kinds (`gpus`, default the catalog; kinds without a price are skipped and
 * counted) × GPU counts n ∈ {1, 2, 4, 8} ≤ maxGpus × weight formats (`servingFormats`: bf16,
 * fp8 where the GPU lists fp8 tensor throughput, int8, AWQ and GPTQ int4; bf16, q8_0, q4_k_m for
 * llama.cpp). Per count, one split: tensor parallel t = the largest power of two ≤ n that
 * divides the attention heads and divides or is a multiple of the KV heads, and p = n/t pipeline
 * stages (llama.cpp: t = 1, p = n, its layer split). In this engine a pipeline stage never
 * speeds up a single batch (stages run one after another at decode), so the widest valid TP
 * dominates every narrower one at the same n.
 *
 * The batch of a replica (n GPUs) — B_fit is the largest batch that fits (inferenceEstimate's
 * solver); B_lat the largest B ≤ B_fit whose TTFT and time per output token (one decode step)
 * meet the targets (both grow with B; binary search):
 * - concurrency C: replicas r = ⌈C / B_lat⌉ (B_fit when no batch meets the targets), batch
 *   ⌈C / r⌉; the fleet produces C × per-sequence decode speed tokens/s, and is charged for it.
 * - throughput target T: the cheapest way to reach T with this replica is to run each replica at
 *   the largest batch that meets the latency targets (throughput per GPU rises with batch), so
 *   r = ⌈T / thr(B_lat)⌉; the batch is then lowered to the smallest B with r·thr(B) ≥ T (same
 *   GPUs, lower latency). Cost is charged at the demanded T: fleet $/s ÷ T.
 * - neither: one replica at B_lat, the cheapest per token it gets within the targets.
 * A configuration "meets targets" when B = 1 meets both latency limits (rows at B = 1 that miss
 * them are kept, marked false), and in throughput mode always reaches T by adding replicas.
 *
 * Cost: usdPerMillionOutputTokens = r·n·price / 3600 / throughput · 10^6 (cost.ts, decode time
 * charged to output tokens); input tokens likewise from one replica's prefill tokens/s.
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
  const kvCache: KvFormat = options.kvCache ?? (engine === "llama.cpp" ? "fp16" : "bf16");
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
    const formats = (options.weightFormats ?? servingFormats({engine, gpu}));
    if (!price) {
      gpusWithoutPrice.push(gpu.id);
      configurations += counts.length * formats.length;
      continue;
    }
    for (const n of counts) {
      let tp = 1;
      if (engine !== "llama.cpp") for (const t of powersOfTwoUpTo(n)) if (tensorParallelOk(arch, t)) tp = t;
      const pp = n / tp;
      configurations += formats.length;
      if (pp > arch.layers) continue;
      for (const weights of formats) {
        priced++;
        const workloadAt = (batchSize: number): InferenceWorkload => ({type: "inference", engine, weights, kvCache, batchSize,
          promptTokens: P, outputTokens: O, tensorParallel: tp, pipelineParallel: pp});
        const first = inferenceEstimate({arch, gpu, gpuCount: n, workload: workloadAt(1)});
        const maxBatch = first.maxBatchSize;
        const cache = new Map<number, InferenceEstimate>([[1, first]]);
        const at = (b: number) => {
          let e = cache.get(b);
          if (!e) {
            e = inferenceEstimate({arch, gpu, gpuCount: n, workload: workloadAt(b), solvers: false});
            cache.set(b, e);
          }
          return e;
        };
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
        let fleetThroughput: number;
        let chargedThroughput: number;
        if (mode === "concurrency") {
          replicas = Math.ceil(concurrency! / bCap);
          batch = Math.ceil(concurrency! / replicas);
          fleetThroughput = concurrency! * at(batch).decodeTokensPerSecond;
          chargedThroughput = fleetThroughput;
        } else if (mode === "throughput") {
          const perReplicaMax = at(bCap).throughputTokensPerSecond;
          replicas = Math.max(1, Math.ceil(target! / perReplicaMax));
          batch = Math.min(bCap, smallestTrue((b) => replicas * at(b).throughputTokensPerSecond >= target!, bCap));
          fleetThroughput = replicas * at(batch).throughputTokensPerSecond;
          chargedThroughput = target!;
        } else {
          fleetThroughput = at(batch).throughputTokensPerSecond;
          chargedThroughput = fleetThroughput;
        }
        const e = at(batch);
        // Memory of the chosen batch: the solver-free estimate still computes memory.
        const usdPerHour = replicas * n * price.usdPerGpuHour;
        const usdOut = chargedThroughput > 0 ? (usdPerHour / 3600 / chargedThroughput) * 1e6 : null;
        rows.push({...base, replicas, totalGpus: replicas * n, batchSize: batch, fits: e.memory.fits,
          throughputTokensPerSecond: fleetThroughput, decodeTokensPerSecond: e.decodeTokensPerSecond,
          timeToFirstTokenSeconds: e.timeToFirstTokenSeconds, timePerOutputTokenSeconds: e.decodeStepSeconds,
          usdPerHour, usdPerMillionOutputTokens: usdOut,
          usdPerMillionInputTokens: usdPerMillionTokens({usdPerGpuHour: price.usdPerGpuHour, gpus: n, tokensPerSecond: e.prefillTokensPerSecond}),
          meetsTargets: latencyOk && meets(e), pareto: false, paretoTtft: false, memoryTotalBytes: e.memory.totalBytes, rank: null});
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
