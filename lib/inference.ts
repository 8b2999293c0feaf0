/**
 * Inference estimate: memory per GPU, speed and the inverse questions (largest batch, longest
 * context) for one model, GPU kind, engine and workload.
 *
 * Memory per GPU (bytes):
 *
 *     total = W/(t·p) + KV(B, c)/p + A + O
 *
 * W the weights in their storage format (quantization.ts), KV the cache for B sequences of
 * c = prompt + output tokens (kvCache.ts, heads split over t tensor-parallel ranks), p
 * pipeline stages, A the engine's activation workspace and O its runtime overhead (engines.ts).
 * Engines that claim a fixed fraction f of the device (vLLM, SGLang) fill what is left of
 * f·capacity with KV blocks; the batch fits when its KV fits in that pool.
 *
 * Speed (throughput.ts): prefill and decode steps from bytes read and FLOP computed.
 */
import type {Architecture} from "./architecture.js";
import {activationWorkspaceBytes, ENGINE_PROFILES, splitsByLayers, type EngineProfile} from "./engines.js";
import {decodeFlopsPerToken, prefillFlops} from "./flops.js";
import type {ComputePrecision, KvFormat, WeightFormat} from "./formats.js";
import type {GpuSpec} from "./hardware.js";
import {kvCacheLayout, type KvCacheLayout} from "./kvCache.js";
import {parameterCounts, tensorsOf, type ParameterCounts} from "./params.js";
import {weightBytes} from "./quantization.js";
import type {InferenceWorkload} from "./scenario.js";
import type {Tensor} from "./tensors.js";
import {allReduceSeconds, computePrecisionFor, expectedExpertsRead, peakFlopsPerSecond, stepSeconds, type StepTime} from "./throughput.js";
import {largestTrue} from "./search.js";
import {unifiedGpuBytes} from "./local.js";

/** Everything derived from an architecture alone, computed once per architecture object. */
interface ModelFacts {
  tensors: Tensor[];
  params: ParameterCounts;
  /** Keyed by "format/container". */
  weights: Map<string, {totalBytes: number; routedBytes: number; bitsPerWeight: number}>;
}

const factsCache = new WeakMap<Architecture, ModelFacts>();

function modelFacts(arch: Architecture): ModelFacts {
  let facts = factsCache.get(arch);
  if (!facts) {
    const tensors = tensorsOf(arch);
    facts = {tensors, params: parameterCounts(arch, tensors), weights: new Map()};
    factsCache.set(arch, facts);
  }
  return facts;
}

/** Weight bytes of a format, with the routed-expert share kept apart (MoE decode reads only some experts). */
export function modelWeightBytes(options: {arch: Architecture; format: WeightFormat; container?: "safetensors" | "gguf"}): {totalBytes: number; routedBytes: number; bitsPerWeight: number} {
  const facts = modelFacts(options.arch);
  const container = options.container ?? "safetensors";
  const key = `${options.format}/${container}`;
  let w = facts.weights.get(key);
  if (!w) {
    const result = weightBytes({tensors: facts.tensors, format: options.format, arch: options.arch, container});
    let routedBytes = 0;
    for (const t of result.tensors) if (t.expert === "routed") routedBytes += t.bytes;
    w = {totalBytes: result.totalBytes, routedBytes, bitsPerWeight: result.bitsPerWeight};
    facts.weights.set(key, w);
  }
  return w;
}

export function modelParameterCounts(arch: Architecture): ParameterCounts {
  return modelFacts(arch).params;
}

export interface InferenceOptions {
  arch: Architecture;
  gpu: GpuSpec;
  gpuCount: number;
  workload: InferenceWorkload;
  /**
   * Run the inverse solvers (largest batch, longest context, compute-bound batch). Default
   * true. false skips them (about 5× faster) and leaves maxBatchSize and maxContextTokens NaN
   * and computeBoundBatchSize null: for callers such as the planner that search over batch
   * sizes and already know the largest batch.
   */
  solvers?: boolean;
}

export interface Parallelism {
  tensorParallel: number;
  pipelineParallel: number;
}

/**
 * Tensor- and pipeline-parallel degrees: TP defaults to the GPU count; when TP is given and
 * pipeline is not, the remaining GPUs form pipeline stages (llama.cpp's layer split).
 */
export function inferenceParallelism(options: {gpuCount: number; workload: InferenceWorkload; warnings?: string[]}): Parallelism {
  const {gpuCount, workload, warnings} = options;
  let tp = workload.tensorParallel;
  let pp = workload.pipelineParallel;
  if (tp === undefined && pp === undefined) {
    tp = gpuCount;
    pp = 1;
  } else if (tp === undefined) {
    tp = Math.max(1, Math.floor(gpuCount / (pp ?? 1)));
  } else if (pp === undefined) {
    pp = Math.max(1, Math.floor(gpuCount / tp));
  }
  tp = tp ?? 1;
  pp = pp ?? 1;
  if (tp * pp !== gpuCount && warnings) {
    warnings.push(`workload.tensorParallel × pipelineParallel = ${tp}×${pp} = ${tp * pp} GPUs, but hardware.count is ${gpuCount}; the estimate uses ${tp * pp}`);
  }
  return {tensorParallel: tp, pipelineParallel: pp};
}

/** Inner MLP width a token passes through (dense F, or k·F_e + S·F_s in an MoE layer), averaged over layers. */
const mlpWidths = new WeakMap<Architecture, number>();

function activeMlpWidth(arch: Architecture): number {
  let w = mlpWidths.get(arch);
  if (w === undefined) {
    w = computeActiveMlpWidth(arch);
    mlpWidths.set(arch, w);
  }
  return w;
}

function computeActiveMlpWidth(arch: Architecture): number {
  if (!arch.moe) return arch.intermediateSize;
  const m = arch.moe;
  const moeLayers = m.moeLayers.filter(Boolean).length;
  const moeWidth = m.expertsPerToken * m.expertIntermediateSize + m.sharedExperts * m.sharedExpertIntermediateSize;
  return (moeLayers * moeWidth + (arch.layers - moeLayers) * arch.intermediateSize) / arch.layers;
}

export interface InferenceMemory {
  weightsBytes: number;
  kvCacheBytes: number;
  activationsBytes: number;
  overheadBytes: number;
  totalBytes: number;
  capacityBytes: number;
  /** Capacity the engine lets the workload use (f·capacity for vLLM/SGLang). */
  usableBytes: number;
  /** KV pool the engine would allocate: usable − weights − activations − overhead. */
  kvPoolBytes: number;
  /** Tokens that pool holds at full attention length (what vLLM logs as KV cache size). */
  kvCapacityTokens: number;
  fits: boolean;
}

interface Prepared {
  o: InferenceOptions;
  engine: EngineProfile;
  par: Parallelism;
  layout: KvCacheLayout;
  weights: {totalBytes: number; routedBytes: number; bitsPerWeight: number};
  weightsPerGpu: number;
  overheadBytes: number;
  capacityBytes: number;
}

const layouts = new WeakMap<Architecture, Map<string, KvCacheLayout>>();

function cachedKvLayout(options: {arch: Architecture; format: KvFormat; tensorParallel: number; pipelineParallel: number;
  pageTokens: number}): KvCacheLayout {
  let byKey = layouts.get(options.arch);
  if (!byKey) {
    byKey = new Map();
    layouts.set(options.arch, byKey);
  }
  const key = `${options.format}/${options.tensorParallel}/${options.pipelineParallel}/${options.pageTokens}`;
  let layout = byKey.get(key);
  if (!layout) {
    layout = kvCacheLayout(options);
    byKey.set(key, layout);
  }
  return layout;
}

function prepare(o: InferenceOptions, warnings: string[]): Prepared {
  const engine = ENGINE_PROFILES[o.workload.engine];
  const par = inferenceParallelism({gpuCount: o.gpuCount, workload: o.workload, warnings});
  const layout = cachedKvLayout({arch: o.arch, format: o.workload.kvCache as KvFormat, tensorParallel: par.tensorParallel,
    pipelineParallel: par.pipelineParallel, pageTokens: engine.kvPageTokens});
  const weights = modelWeightBytes({arch: o.arch, format: o.workload.weights, container: engine.container});
  const weightsPerGpu = weights.totalBytes / (par.tensorParallel * par.pipelineParallel);
  // Unified memory (Apple, SoC PCs): the GPU may use only part of it (local.ts unifiedGpuBytes).
  const capacityBytes = o.gpu.kind === "soc" ? unifiedGpuBytes({gpu: o.gpu}) : o.gpu.memoryBytes;
  return {o, engine, par, layout, weights, weightsPerGpu, overheadBytes: engine.runtimeOverheadBytes, capacityBytes};
}

function activationBytes(p: Prepared, batchSize: number, promptTokens: number): number {
  const {arch} = p.o;
  const tokens = p.engine.profileTokens ?? batchSize * promptTokens;
  const sequences = p.engine.profileSequences ?? batchSize;
  return activationWorkspaceBytes({tokens, hiddenSize: arch.hiddenSize, mlpWidth: activeMlpWidth(arch), vocabSize: arch.vocabSize,
    sequences, tensorParallel: p.par.tensorParallel});
}

function usableBytes(p: Prepared, activations: number): number {
  const {engine, capacityBytes} = p;
  if (engine.memoryFraction === null) return capacityBytes;
  if (engine.memoryFractionOf === "device") return engine.memoryFraction * capacityBytes;
  const free = Math.max(0, capacityBytes - p.weightsPerGpu - activations - p.overheadBytes);
  return capacityBytes - (1 - engine.memoryFraction) * free;
}

function memoryAt(p: Prepared, batchSize: number, promptTokens: number, contextTokens: number): InferenceMemory {
  const activationsBytes = activationBytes(p, batchSize, promptTokens);
  const kvCacheBytes = batchSize * p.layout.bytesPerSequence(contextTokens);
  const usable = usableBytes(p, activationsBytes);
  const totalBytes = p.weightsPerGpu + kvCacheBytes + activationsBytes + p.overheadBytes;
  const kvPoolBytes = Math.max(0, usable - p.weightsPerGpu - activationsBytes - p.overheadBytes);
  const perToken = p.layout.bytesPerTokenFull;
  const kvCapacityTokens = perToken > 0 ? Math.floor(kvPoolBytes / (perToken * p.engine.kvPageTokens)) * p.engine.kvPageTokens : 0;
  return {
    weightsBytes: p.weightsPerGpu, kvCacheBytes, activationsBytes, overheadBytes: p.overheadBytes, totalBytes,
    capacityBytes: p.capacityBytes, usableBytes: usable, kvPoolBytes, kvCapacityTokens,
    fits: totalBytes <= usable
  };
}

/** memoryAt(...).fits without building the breakdown: the solvers call this dozens of times. */
function fitsAt(p: Prepared, batchSize: number, promptTokens: number, contextTokens: number): boolean {
  const activations = activationBytes(p, batchSize, promptTokens);
  const total = p.weightsPerGpu + batchSize * p.layout.bytesPerSequence(contextTokens) + activations + p.overheadBytes;
  return total <= usableBytes(p, activations);
}

/** Upper bounds of the inverse solvers. */
export const MAX_BATCH_SEARCH = 1_000_000;
export const MAX_CONTEXT_SEARCH = 100_000_000;
/** Largest batch the compute-bound-batch solver tries; above it computeBoundBatchSize is null. */
export const MAX_COMPUTE_BOUND_SEARCH = 65_536;
/** Bytes of one activation element sent between GPUs (bf16/fp16 activations). */
const ACTIVATION_BYTES = 2;

interface SpeedParts {
  prefill: StepTime;
  decode: StepTime;
  precision: ComputePrecision;
}

/**
 * What speedAt reads that does not depend on the batch: the precision and peak the matrix units run
 * at, the weights read whatever the routing, one sequence's FLOP and KV bytes for its prefill and for
 * a decode step at the mid-answer context. The batch searches (inferenceAtBatches) compute them once
 * per configuration instead of once per batch probed.
 */
interface SpeedFactors {
  precision: ComputePrecision;
  peak: number;
  nonRoutedBytes: number;
  layersPerStage: number;
  tpSyncSecondsPerLayer: number;
  prefillFlopsPerSequence: number;
  prefillKvBytesPerSequence: number;
  decodeFlopsPerSequence: number;
  decodeKvBytesPerSequence: number;
}

function speedFactors(p: Prepared, promptTokens: number, decodeContext: number): SpeedFactors {
  const {arch, gpu} = p.o;
  const {engine, par} = p;
  const precision = computePrecisionFor({format: p.o.workload.weights, gpu});
  return {
    precision,
    peak: peakFlopsPerSecond({gpu, precision}),
    nonRoutedBytes: p.weights.totalBytes - p.weights.routedBytes,
    layersPerStage: arch.layers / par.pipelineParallel,
    tpSyncSecondsPerLayer: par.tensorParallel > 1 ? engine.tensorParallelSyncSecondsPerLayer : 0,
    prefillFlopsPerSequence: prefillFlops({arch, promptTokens}),
    prefillKvBytesPerSequence: p.layout.bytesPerSequenceAllStages(promptTokens),
    decodeFlopsPerSequence: decodeFlopsPerToken({arch, contextTokens: decodeContext}),
    decodeKvBytesPerSequence: p.layout.bytesPerSequenceRead(decodeContext)
  };
}

/** The share of the routed experts' weights read for `tokens` tokens (1 for a dense model). */
function expertShare(arch: Architecture, tokens: number): number {
  return arch.moe ? expectedExpertsRead({experts: arch.moe.experts, expertsPerToken: arch.moe.expertsPerToken, tokens}) / arch.moe.experts : 1;
}

/**
 * Tensor-parallel all-reduces (two per layer) of `tokens` activations, over every stage, plus the
 * pipeline's hops: stages run one after another for a single batch (no micro-batch overlap at
 * decode), so the step time is one stage's time × p, the same as reading the whole model's share per GPU.
 */
function commSeconds(p: Prepared, f: SpeedFactors, tokens: number): number {
  const {arch, gpu} = p.o;
  const {engine, par} = p;
  return par.pipelineParallel * 2 * f.layersPerStage * allReduceSeconds({
    bytes: tokens * arch.hiddenSize * ACTIVATION_BYTES, ranks: par.tensorParallel, linkBytesPerSecond: gpu.interconnectBytesPerSecond
  }) + (par.pipelineParallel - 1) * engine.pipelineHopSeconds;
}

function speedAt(p: Prepared, batchSize: number, promptTokens: number, decodeContext: number,
  f: SpeedFactors = speedFactors(p, promptTokens, decodeContext)): SpeedParts {
  const {arch, gpu} = p.o;
  const {engine, par} = p;
  const shards = par.tensorParallel * par.pipelineParallel;

  // Prefill: one forward pass over B·T tokens, processed in chunks of the engine's batch size.
  const prefillTokens = batchSize * promptTokens;
  const chunks = Math.max(1, Math.ceil(prefillTokens / (engine.profileTokens ?? prefillTokens)));
  const prefill = stepSeconds({
    weightBytesRead: chunks * (f.nonRoutedBytes + p.weights.routedBytes * expertShare(arch, Math.min(prefillTokens, engine.profileTokens ?? prefillTokens))) / shards * par.pipelineParallel,
    kvBytesRead: batchSize * f.prefillKvBytesPerSequence,
    flops: (batchSize * f.prefillFlopsPerSequence) / shards * par.pipelineParallel,
    bandwidthBytesPerSecond: gpu.bandwidthBytesPerSecond,
    peakFlopsPerSecond: f.peak,
    memoryEfficiency: engine.memoryEfficiency,
    computeEfficiency: engine.computeEfficiency,
    commSeconds: commSeconds(p, f, prefillTokens),
    overheadSeconds: chunks * (engine.perLayerOverheadSeconds + f.tpSyncSecondsPerLayer) * arch.layers
  });

  // Decode: one step produces one token for each of B sequences at the given context.
  const decode = stepSeconds({
    weightBytesRead: (f.nonRoutedBytes + p.weights.routedBytes * expertShare(arch, batchSize)) / shards * par.pipelineParallel,
    kvBytesRead: batchSize * f.decodeKvBytesPerSequence * par.pipelineParallel,
    flops: (batchSize * f.decodeFlopsPerSequence) / shards * par.pipelineParallel,
    bandwidthBytesPerSecond: gpu.bandwidthBytesPerSecond,
    peakFlopsPerSecond: f.peak,
    memoryEfficiency: engine.memoryEfficiency,
    computeEfficiency: engine.computeEfficiency,
    commSeconds: commSeconds(p, f, batchSize),
    overheadSeconds: (engine.perLayerOverheadSeconds + f.tpSyncSecondsPerLayer) * arch.layers + engine.perStepOverheadSeconds
  });
  return {prefill, decode, precision: f.precision};
}

/**
 * Whether the decode step at batch B is compute-bound: FLOP/(P·η_c) > W_read(B)/(BW·η_m), the
 * comparison inside stepSeconds' max, without the rest of the step.
 */
function decodeIsComputeBound(p: Prepared, batchSize: number, decodeContext: number): boolean {
  const {arch, gpu} = p.o;
  const precision = computePrecisionFor({format: p.o.workload.weights, gpu});
  const peak = peakFlopsPerSecond({gpu, precision});
  if (peak <= 0) return false;
  const routedShare = arch.moe
    ? expectedExpertsRead({experts: arch.moe.experts, expertsPerToken: arch.moe.expertsPerToken, tokens: batchSize}) / arch.moe.experts
    : 1;
  const weightBytes = p.weights.totalBytes - p.weights.routedBytes + p.weights.routedBytes * routedShare;
  const weightSeconds = weightBytes / (gpu.bandwidthBytesPerSecond * p.engine.memoryEfficiency);
  const computeSeconds = (batchSize * decodeFlopsPerToken({arch, contextTokens: decodeContext})) / (peak * p.engine.computeEfficiency);
  return computeSeconds > weightSeconds;
}

/** GPU counts the fewest-GPUs solver tries: tensor-parallel degrees serving engines support. */
export const GPU_COUNTS_TRIED = [1, 2, 4, 8, 16, 32, 64] as const;

/**
 * The fewest GPUs of this kind that hold the workload: the smallest count in
 * {@link GPU_COUNTS_TRIED} whose memory per GPU fits, splitting the model by tensor
 * parallelism (by pipeline stages, i.e. layers, for llama.cpp, which has no tensor parallelism
 * by default). Tensor-parallel degrees must divide the attention heads. null when 64 do not suffice.
 *
 *     fewestGpus = min { n : W/n + KV(B, c)/n_kv-split + A + O ≤ usable }
 */
export function fewestGpusToFit(options: {arch: Architecture; gpu: GpuSpec; workload: InferenceWorkload}): number | null {
  const {arch, gpu, workload} = options;
  const byLayers = splitsByLayers(workload.engine);
  for (const n of GPU_COUNTS_TRIED) {
    if (!byLayers && arch.heads % n !== 0) continue;
    if (byLayers && n > arch.layers) break;
    const split: InferenceWorkload = byLayers
      ? {...workload, tensorParallel: 1, pipelineParallel: n}
      : {...workload, tensorParallel: n, pipelineParallel: 1};
    const p = prepare({arch, gpu, gpuCount: n, workload: split}, []);
    if (fitsAt(p, workload.batchSize, workload.promptTokens, workload.promptTokens + workload.outputTokens)) return n;
  }
  return null;
}

export interface InferenceEstimate {
  parallelism: Parallelism;
  memory: InferenceMemory;
  weightBitsPerWeight: number;
  kvCacheBytesPerToken: number;
  computePrecision: ComputePrecision;
  prefillSeconds: number;
  timeToFirstTokenSeconds: number;
  decodeStepSeconds: number;
  decodeTokensPerSecond: number;
  /**
   * Output tokens/s summed over the batch, end to end: B·O / (t_prefill + O·t_step), the
   * batch's prompts processed once and then O decode steps (trtllm-bench's output throughput:
   * total output tokens over total time).
   */
  throughputTokensPerSecond: number;
  /** Output tokens/s summed over the batch while decoding only: B / t_step. */
  decodeThroughputTokensPerSecond: number;
  prefillTokensPerSecond: number;
  decodeBound: "memory" | "compute";
  decode: StepTime;
  prefill: StepTime;
  /** Smallest batch at which the decode step turns compute-bound (null: not below the search bound). */
  computeBoundBatchSize: number | null;
  /** Fewest GPUs of this kind that hold the workload (see fewestGpusToFit); null if more than 64. */
  fewestGpus: number | null;
  maxBatchSize: number;
  maxContextTokens: number;
  warnings: string[];
}

/**
 * The inference estimate. Decode speed is taken at the average context of the generation,
 * c̄ = prompt + output/2 (the KV read grows linearly while generating).
 */
export function inferenceEstimate(options: InferenceOptions): InferenceEstimate {
  const warnings: string[] = [];
  const p = prepare(options, warnings);
  return estimateWith(p, options, warnings);
}

/**
 * The estimate of `options` from its prepared configuration (inferenceEstimate and inferenceAtBatches
 * share it), at `batchSize` (default the workload's), with the solvers or without (`solve`, default
 * `options.solvers !== false`). The batch searches ask for many batches of one configuration; passing
 * the batch here spares them a copy of the options for each.
 */
function estimateWith(p: Prepared, options: InferenceOptions, warnings: string[], batchSize = options.workload.batchSize,
  solve = options.solvers !== false): InferenceEstimate {
  const {workload, arch} = options;
  const B = batchSize;
  const context = workload.promptTokens + workload.outputTokens;
  const memory = memoryAt(p, B, workload.promptTokens, context);
  const decodeContext = workload.promptTokens + workload.outputTokens / 2;
  const speed = speedAt(p, B, workload.promptTokens, decodeContext);

  const prefillSeconds = speed.prefill.seconds;
  const {timeToFirstTokenSeconds, throughputTokensPerSecond} = batchSpeedOf(p, B, workload.outputTokens, speed);
  const decodeTokensPerSecond = 1 / speed.decode.seconds;

  const maxBatchSize = solve ? largestTrue((b) => fitsAt(p, b, workload.promptTokens, context), MAX_BATCH_SEARCH) : Number.NaN;
  const contextLimit = Math.min(MAX_CONTEXT_SEARCH, arch.maxPositionEmbeddings ?? MAX_CONTEXT_SEARCH);
  const maxContextTokens = solve ? largestTrue((c) => fitsAt(p, B, Math.min(workload.promptTokens, c), c), contextLimit) : Number.NaN;
  const computeBoundAt = solve ? largestTrue((b) => !decodeIsComputeBound(p, b, decodeContext), MAX_COMPUTE_BOUND_SEARCH) : MAX_COMPUTE_BOUND_SEARCH;
  const computeBoundBatchSize = computeBoundAt >= MAX_COMPUTE_BOUND_SEARCH ? null : computeBoundAt + 1;

  if (!memory.fits) {
    warnings.push(`does not fit: ${(memory.totalBytes / 2 ** 30).toFixed(2)} GiB needed per GPU, ${(memory.usableBytes / 2 ** 30).toFixed(2)} GiB usable`);
  }
  const beyond = contextBeyondModel(arch, workload.promptTokens, workload.outputTokens);
  if (beyond) warnings.push(beyond);
  if (p.par.tensorParallel > arch.kvHeads && !arch.mla) {
    warnings.push(`tensor parallel ${p.par.tensorParallel} exceeds the ${arch.kvHeads} KV heads: each rank keeps a replica of a KV head`);
  }
  return {
    parallelism: p.par,
    memory,
    weightBitsPerWeight: p.weights.bitsPerWeight,
    kvCacheBytesPerToken: p.layout.bytesPerTokenFull,
    computePrecision: speed.precision,
    prefillSeconds,
    timeToFirstTokenSeconds,
    decodeStepSeconds: speed.decode.seconds,
    decodeTokensPerSecond,
    throughputTokensPerSecond,
    decodeThroughputTokensPerSecond: B * decodeTokensPerSecond,
    prefillTokensPerSecond: (B * workload.promptTokens) / prefillSeconds,
    decodeBound: speed.decode.bound,
    decode: speed.decode,
    prefill: speed.prefill,
    computeBoundBatchSize,
    fewestGpus: solve ? fewestGpusToFit({arch, gpu: options.gpu, workload}) : null,
    maxBatchSize,
    maxContextTokens,
    warnings
  };
}

/**
 * The warning an estimate (and the planner's note) carries when prompt + output exceed the model's
 * max_position_embeddings, or null: memory and speed are still estimated for that context, but the
 * model was not trained for it.
 */
export function contextBeyondModel(arch: Architecture, promptTokens: number, outputTokens: number): string | null {
  const context = promptTokens + outputTokens;
  return arch.maxPositionEmbeddings !== null && context > arch.maxPositionEmbeddings
    ? `workload: prompt + output = ${context} tokens exceeds the model's max_position_embeddings (${arch.maxPositionEmbeddings})` : null;
}

/**
 * The speed figures of a batch of B sequences from its two steps, as the estimate reports them (both the
 * estimate and the batch searches read them here):
 *
 *     TTFT = t_prefill + t_step_overhead,   throughput = B·O / (t_prefill + O·t_decode)
 */
function batchSpeedOf(p: Prepared, batchSize: number, outputTokens: number, speed: SpeedParts): BatchSpeed {
  const prefillSeconds = speed.prefill.seconds;
  return {timeToFirstTokenSeconds: prefillSeconds + p.engine.perStepOverheadSeconds, decodeStepSeconds: speed.decode.seconds,
    throughputTokensPerSecond: (batchSize * outputTokens) / (prefillSeconds + outputTokens * speed.decode.seconds)};
}

/** What an estimate at one batch says about speed (the same numbers as its InferenceEstimate fields). */
export interface BatchSpeed {
  timeToFirstTokenSeconds: number;
  decodeStepSeconds: number;
  throughputTokensPerSecond: number;
}

/** One configuration at many batch sizes (see inferenceAtBatches). */
export interface BatchEstimates {
  /** `inferenceEstimate(...).memory.fits` at batch B. */
  fits(batchSize: number): boolean;
  /** `inferenceEstimate(...).memory` at batch B. */
  memory(batchSize: number): InferenceMemory;
  /** TTFT, decode step and end-to-end throughput at batch B, without the memory breakdown. */
  speed(batchSize: number): BatchSpeed;
  /** `inferenceEstimate({..., solvers: false})` at batch B. */
  estimate(batchSize: number): InferenceEstimate;
}

/**
 * One configuration (model, GPU kind and count, engine, formats, split, prompt and output)
 * estimated at many batch sizes, for the searches over the batch (the planner tries ~20 batches
 * for each of ~800 configurations). What does not depend on the batch (parallelism, KV layout,
 * weight bytes, capacity: `prepare`) is computed once; each method then gives, to the bit, what
 * `inferenceEstimate({arch, gpu, gpuCount, workload: {...workload, batchSize: B}, solvers: false})`
 * gives (the same code computes both), `fits` and `speed` without building the rest.
 *
 * @example inferenceAtBatches({arch, gpu, gpuCount: 1, workload}).speed(32).decodeStepSeconds
 */
export function inferenceAtBatches(options: Omit<InferenceOptions, "solvers">): BatchEstimates {
  const prepareWarnings: string[] = [];
  // prepare reads neither the batch nor the solvers: the options as given.
  const p = prepare(options as InferenceOptions, prepareWarnings);
  const {workload} = options;
  const P = workload.promptTokens;
  const O = workload.outputTokens;
  const context = P + O;
  const decodeContext = P + O / 2;
  let factors: SpeedFactors | undefined;
  return {
    fits: (B) => fitsAt(p, B, P, context),
    memory: (B) => memoryAt(p, B, P, context),
    speed: (B) => batchSpeedOf(p, B, O, speedAt(p, B, P, decodeContext, (factors ??= speedFactors(p, P, decodeContext)))),
    estimate: (B) => estimateWith(p, options as InferenceOptions, [...prepareWarnings], B, false)
  };
}
