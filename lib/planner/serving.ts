/**
 * Serving plans: every GPU kind × count × weight format × split, at the batch the question implies, ranked by dollars per million output tokens.
 * Part of the planner (lib/planner.ts re-exports it); SI units throughout.
 */
import type {Architecture} from "../architecture.js";
import type {EngineName, KvFormat, WeightFormat} from "../formats.js";
import {GPUS_PER_NODE, type GpuSpec} from "../hardware.js";
import type {InferenceWorkload} from "../scenario.js";
import {ENGINE_PROFILES, splitsByLayers} from "../engines.js";
import {GPU_CATALOG} from "../catalog/gpus.js";
import {formatOutcomes, runs} from "../compat.js";
import {contextBeyondModel, inferenceAtBatches, MAX_BATCH_SEARCH, type BatchSpeed, type InferenceMemory} from "../inference.js";
import {largestTrue, largestTrueInterpolated, smallestTrue} from "../search.js";
import {paretoFront} from "./pareto.js";
import {powersOfTwoUpTo, tensorParallelOk} from "./enumerate.js";
import {type PriceOf, priceFor} from "./price.js";
import {usdPerMillionTokens} from "../cost.js";

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
  return [...remembered(gpu, `formats|${engine}`, () => {
    const kvCache = ENGINE_PROFILES[engine].defaultKvFormat;
    return ENGINE_PROFILES[engine].planWeightFormats.filter((weights) => {
      const o = formatOutcomes({engine, weights, kvCache, gpu});
      return o.kvCache !== "refused" && (o.weights === "native" || (weights === "bf16" && o.weights === "emulated"));
    });
  })];
}

/** `runs({engine, weights, kvCache, gpu})` (lib/compat.ts), remembered per GPU spec. */
function runsOn(gpu: GpuSpec, engine: EngineName, weights: WeightFormat, kvCache: KvFormat): boolean {
  return remembered(gpu, `runs|${engine}|${weights}|${kvCache}`, () => runs({engine, weights, kvCache, gpu}));
}

/**
 * What the planner asks of a GPU's capabilities (the formats an engine runs on it) depends only on
 * the GPU's spec and the engine, never on the question; each answer is kept with the spec object
 * (catalog specs live for the page's life; a pasted spec is a new object, with answers of its own).
 * The compatibility rules took ~10 % of a catalog-wide plan, asked afresh for every GPU on every call.
 */
function remembered<T>(gpu: GpuSpec, key: string, compute: () => T): T {
  let answers = answersByGpu.get(gpu);
  if (!answers) answersByGpu.set(gpu, (answers = new Map()));
  if (answers.has(key)) return answers.get(key) as T;
  const answer = compute();
  answers.set(key, answer);
  return answer;
}
const answersByGpu = new WeakMap<GpuSpec, Map<string, unknown>>();

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
function largestFittingBatch(m: InferenceMemory, fits: (b: number) => boolean): number {
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
 * with B; search placed by how far a batch is past the nearer limit, search.ts largestTrueInterpolated):
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
/**
 * What one configuration's batch searches found, in numbers only: B_fit, whether B = 1 meets the
 * latency limits, B_lat, and the GPU's capacity.
 */
interface BatchSearch {
  maxBatch: number;
  capacityBytes: number;
  latencyOk: boolean;
  bLat: number;
}

/**
 * The last call's batch searches, kept for the next call (issue 11, "One frame"): B_fit and B_lat
 * depend on the model, engine, formats, prompt, output and latency limits, not on the demand
 * (concurrency, throughput target) or the prices, so a page that moves only the demand reuses them.
 * Keyed by everything they read; a different key starts afresh. Only their numbers are kept: the
 * prepared estimate and the speeds a search probed live for one configuration's turn, so that a
 * catalog-wide plan leaves its garbage young (a kept estimate per configuration made every garbage
 * collection during a plan copy them all, a few ms each time). The rows are the same numbers as
 * without it.
 */
let lastBatchSearches: {key: string; byGpu: Map<GpuSpec, Map<string, BatchSearch>>} | undefined;

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
  // The single estimate's warning, as a note: every plan is then for a context the model was not trained for.
  const beyond = contextBeyondModel(arch, P, O);
  if (beyond) notes.push(beyond);
  const maxGpus = options.maxGpus ?? GPUS_PER_NODE;
  const counts = powersOfTwoUpTo(Math.min(maxGpus, GPUS_PER_NODE));
  const gpus = options.gpus ?? GPU_CATALOG;

  const rows: ServingPlanRow[] = [];
  const gpusWithoutPrice: string[] = [];
  let configurations = 0;
  let priced = 0;
  let fitting = 0;

  const meets = (e: BatchSpeed) => (maxTtft === null || e.timeToFirstTokenSeconds <= maxTtft)
    && (maxTpot === null || e.decodeStepSeconds <= maxTpot);
  // How far past the nearer limit a batch is, as a fraction of it: where to look for the largest batch that meets them.
  const lateness = (e: BatchSpeed) => Math.max(maxTtft === null ? -Infinity : e.timeToFirstTokenSeconds / maxTtft - 1,
    maxTpot === null ? -Infinity : e.decodeStepSeconds / maxTpot - 1);

  const searchKey = JSON.stringify([arch, engine, kvCache, P, O, maxTtft, maxTpot]);
  if (!lastBatchSearches || lastBatchSearches.key !== searchKey) lastBatchSearches = {key: searchKey, byGpu: new Map()};
  const searches = lastBatchSearches.byGpu;
  for (const gpu of gpus) {
    let searchesOfGpu = searches.get(gpu);
    if (!searchesOfGpu) searches.set(gpu, (searchesOfGpu = new Map()));
    const price = priceFor(options.priceOf, gpu.id);
    if (!price) gpusWithoutPrice.push(gpu.id);
    // Formats the engine cannot run on this GPU are not tried (compat.ts), even when asked for.
    const formats = (options.weightFormats ?? servingFormats({engine, gpu})).filter((weights) => runsOn(gpu, engine, weights, kvCache));
    for (const n of counts) {
     const splits = splitsByLayers(engine) ? [1] : powersOfTwoUpTo(n).filter((t) => tensorParallelOk(arch, t));
     for (const tp of splits) {
      const pp = n / tp;
      configurations += formats.length;
      if (!price || pp > arch.layers) continue;
      for (const weights of formats) {
        priced++;
        const workload: InferenceWorkload = {type: "inference", engine, weights, kvCache, batchSize: 1,
          promptTokens: P, outputTokens: O, tensorParallel: tp, pipelineParallel: pp};
        // The configuration prepared once; the searches below ask only for memory or speed at each batch.
        const batches = inferenceAtBatches({arch, gpu, gpuCount: n, workload});
        const speeds = new Map<number, BatchSpeed>();
        const speedAt = (b: number) => {
          let s = speeds.get(b);
          if (!s) {
            s = batches.speed(b);
            speeds.set(b, s);
          }
          return s;
        };
        const at = batches.estimate;
        const configKey = `${n}|${tp}|${weights}`;
        let search = searchesOfGpu.get(configKey);
        if (!search) {
          const firstMemory = batches.memory(1);
          const maxBatch = largestFittingBatch(firstMemory, batches.fits);
          const latencyOk = maxBatch >= 1 && meets(speedAt(1));
          search = {maxBatch, capacityBytes: firstMemory.capacityBytes, latencyOk,
            bLat: latencyOk ? (maxTtft === null && maxTpot === null ? maxBatch : largestTrueInterpolated(speedAt, meets, lateness, maxBatch)) : 0};
          searchesOfGpu.set(configKey, search);
        }
        const {maxBatch} = search;
        const base = {gpuId: gpu.id, gpuName: gpu.name, gpuCount: n, weights, tensorParallel: tp, pipelineParallel: pp,
          maxBatchSize: maxBatch, usdPerGpuHour: price.usdPerGpuHour, priceBasis: price.basis, capacityBytes: search.capacityBytes};
        if (maxBatch < 1) {
          if (options.includeNotFitting) {
            const first = at(1);
            rows.push({...base, replicas: 1, totalGpus: n, batchSize: 1, fits: false,
              throughputTokensPerSecond: first.throughputTokensPerSecond, decodeTokensPerSecond: first.decodeTokensPerSecond,
              timeToFirstTokenSeconds: first.timeToFirstTokenSeconds, timePerOutputTokenSeconds: first.decodeStepSeconds,
              usdPerHour: n * price.usdPerGpuHour, usdPerMillionOutputTokens: null, usdPerMillionInputTokens: null,
              meetsTargets: false, pareto: false, paretoTtft: false, memoryTotalBytes: first.memory.totalBytes, rank: null});
          }
          continue;
        }
        fitting++;
        const {latencyOk, bLat} = search;
        const bCap = bLat >= 1 ? bLat : maxBatch;
        let replicas = 1;
        let batch = bCap;
        if (mode === "concurrency") {
          replicas = Math.ceil(concurrency! / bCap);
          batch = Math.ceil(concurrency! / replicas);
        } else if (mode === "throughput") {
          const perReplicaMax = speedAt(bCap).throughputTokensPerSecond;
          replicas = Math.max(1, Math.ceil(target! / perReplicaMax));
          batch = Math.min(bCap, smallestTrue((b) => replicas * speedAt(b).throughputTokensPerSecond >= target!, bCap));
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
        // Written out rather than spread from `base`: V8 builds a spread-and-extend literal of this size slowly (most of the
        // enumeration's time before), and the fields keep base's order.
        rows.push({gpuId: base.gpuId, gpuName: base.gpuName, gpuCount: base.gpuCount, weights: base.weights, tensorParallel: base.tensorParallel,
          pipelineParallel: base.pipelineParallel, maxBatchSize: base.maxBatchSize, usdPerGpuHour: base.usdPerGpuHour, priceBasis: base.priceBasis,
          capacityBytes: base.capacityBytes, replicas, totalGpus: replicas * n, batchSize: batch, fits: e.memory.fits,
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

