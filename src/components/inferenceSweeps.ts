/**
 * Page-side sweeps over the inference engine: the same scenario run for every weight format,
 * every serving engine or a range of batch sizes, and the roofline coordinates of a step.
 * Everything here calls `lib/inference.ts`; nothing recomputes the engine's formulas.
 */
import type {Architecture} from "../lib/architecture.js";
import {ENGINE_PROFILES} from "../lib/engines.js";
import {ENGINES, WEIGHT_FORMATS, type EngineName, type WeightFormat} from "../lib/formats.js";
import type {GpuSpec} from "../lib/hardware.js";
import {inferenceEstimate, modelWeightBytes, type InferenceEstimate, type InferenceMemory} from "../lib/inference.js";
import {tensorsOf} from "../lib/params.js";
import {WEIGHT_FORMAT_INFO, weightBytes} from "../lib/quantization.js";
import type {InferenceWorkload} from "../lib/scenario.js";
import {expectedExpertsRead, peakFlopsPerSecond, type StepTime} from "../lib/throughput.js";
import type {ComputePrecision} from "../lib/formats.js";
import type {MemoryBarDatum} from "./memoryBarChart.js";

/** What every sweep starts from: one inference scenario, already resolved. */
export interface InferenceCase {
  arch: Architecture;
  gpu: GpuSpec;
  gpuCount: number;
  workload: InferenceWorkload;
}

/** One weight format's outcome for the scenario. */
export interface FormatOutcome {
  format: WeightFormat;
  label: string;
  /** Weight bytes on one GPU. */
  weightsBytes: number;
  /** True bits per weight over all parameters. */
  bitsPerWeight: number;
  /** Everything on one GPU. */
  totalBytes: number;
  /** What the engine lets the workload use on one GPU. */
  usableBytes: number;
  fits: boolean;
  decodeTokensPerSecond: number;
  maxBatchSize: number;
}

/** The scenario in every weight format, smallest weights first. */
export function formatSweep(c: InferenceCase, formats: readonly WeightFormat[] = WEIGHT_FORMATS): FormatOutcome[] {
  return formats.map((format) => {
    const est = inferenceEstimate({...c, workload: {...c.workload, weights: format}});
    return {
      format,
      label: WEIGHT_FORMAT_INFO[format].label,
      weightsBytes: est.memory.weightsBytes,
      bitsPerWeight: est.weightBitsPerWeight,
      totalBytes: est.memory.totalBytes,
      usableBytes: est.memory.usableBytes,
      fits: est.memory.fits,
      decodeTokensPerSecond: est.decodeTokensPerSecond,
      maxBatchSize: est.maxBatchSize
    };
  }).sort((a, b) => a.weightsBytes - b.weightsBytes);
}

/** The scenario under every serving engine. */
export function engineSweep(c: InferenceCase, engines: readonly EngineName[] = ENGINES): {engine: EngineName; label: string; estimate: InferenceEstimate}[] {
  return engines.map((engine) => ({engine, label: ENGINE_PROFILES[engine].label,
    estimate: inferenceEstimate({...c, workload: {...c.workload, engine}})}));
}

/** Batch sizes 1, 2, 4, … up to `max`, plus `extra` (the reader's batch). */
export function batchLadder(max: number, extra: number[] = []): number[] {
  const set = new Set<number>(extra.filter((b) => Number.isInteger(b) && b >= 1 && b <= max));
  for (let b = 1; b <= max; b *= 2) set.add(b);
  return [...set].sort((a, b) => a - b);
}

/** Decode speed at each batch size: per sequence (1/t_step) and summed while decoding (B/t_step, prefill not counted). */
export function batchSweep(c: InferenceCase, batches: readonly number[]): {batchSize: number; perSequenceTokensPerSecond: number;
  totalTokensPerSecond: number; bound: "memory" | "compute"; fits: boolean}[] {
  return batches.map((batchSize) => {
    const est = inferenceEstimate({...c, workload: {...c.workload, batchSize}, solvers: false});
    return {batchSize, perSequenceTokensPerSecond: est.decodeTokensPerSecond, totalTokensPerSecond: est.decodeThroughputTokensPerSecond,
      bound: est.decodeBound, fits: est.memory.fits};
  });
}

type BatchSweepRow = ReturnType<typeof batchSweep>[number];

/**
 * `batchSweep` with a memory of the last case: a batch size already computed for the same model,
 * GPU (the same objects), GPU count and workload apart from its batch size is not recomputed. A
 * batch slider move then computes one point (the reader's new batch), not the whole ladder; any
 * other change starts afresh. Same rows as `batchSweep`.
 */
export function batchSweepMemo(): (c: InferenceCase, batches: readonly number[]) => BatchSweepRow[] {
  let last: {arch: Architecture; gpu: GpuSpec; key: string} | undefined;
  const rows = new Map<number, BatchSweepRow>();
  return (c, batches) => {
    const key = JSON.stringify([c.gpuCount, {...c.workload, batchSize: 0}]);
    if (!last || last.arch !== c.arch || last.gpu !== c.gpu || last.key !== key) {
      rows.clear();
      last = {arch: c.arch, gpu: c.gpu, key};
    }
    const missing = batches.filter((b) => !rows.has(b));
    for (const row of batchSweep(c, missing)) rows.set(row.batchSize, row);
    return batches.map((b) => rows.get(b)!);
  };
}

/**
 * A step's place on the roofline, recovered from the engine's step times:
 *
 *     FLOP = t_compute · P · η_c      bytes = (t_weights + t_KV) · BW · η_m      I = FLOP / bytes
 *
 * (the engine divides by the same constants, so this returns exactly what it counted).
 */
export function rooflineCoordinates(options: {step: StepTime; gpu: GpuSpec; precision: ComputePrecision | string; engine: EngineName}): {flops: number; bytes: number; intensity: number} {
  const {step, gpu, engine} = options;
  const profile = ENGINE_PROFILES[engine];
  const peak = peakFlopsPerSecond({gpu, precision: options.precision as ComputePrecision});
  const flops = step.computeSeconds * peak * profile.computeEfficiency;
  const bytes = (step.weightSeconds + step.kvSeconds) * gpu.bandwidthBytesPerSecond * profile.memoryEfficiency;
  return {flops, bytes, intensity: bytes > 0 ? flops / bytes : NaN};
}

/** The memory components in the order the charts stack them. */
export const MEMORY_COMPONENTS = ["weights", "KV cache", "activations", "engine overhead", "held back by the engine"] as const;

/**
 * One GPU's memory as bar pieces. "held back by the engine" is capacity − usable: what vLLM
 * (1 − gpu_memory_utilization) or TensorRT-LLM leave unused, so the bar crosses the capacity
 * rule exactly when the scenario does not fit.
 */
export function memoryBars(label: string, m: InferenceMemory): MemoryBarDatum[] {
  return [
    {label, component: "weights", bytes: m.weightsBytes},
    {label, component: "KV cache", bytes: m.kvCacheBytes},
    {label, component: "activations", bytes: m.activationsBytes},
    {label, component: "engine overhead", bytes: m.overheadBytes},
    {label, component: "held back by the engine", bytes: Math.max(0, m.capacityBytes - m.usableBytes)}
  ];
}

/** One weight format's bytes for a model, with the embeddings and LM head apart. */
export interface FormatWeights {
  format: WeightFormat;
  label: string;
  /** Nominal bits on the quantized tensors (the format's block layout). */
  nominalBitsPerWeight: number;
  /** 8 · total bytes / parameters for this model. */
  bitsPerWeight: number;
  embeddingBytes: number;
  lmHeadBytes: number;
  /** Everything else: attention, MLP or experts, norms, biases. */
  bodyBytes: number;
  totalBytes: number;
  params: number;
}

/**
 * Bytes of every weight format for one model (whole model, not per GPU), tensor by tensor
 * (lib/quantization.ts weightBytes), with the embedding rows and the LM head apart.
 * `container: "gguf"` for llama.cpp, whose fp16/bf16/fp32 files keep norms in F32.
 */
export function formatWeightsTable(options: {arch: Architecture; container?: "safetensors" | "gguf"; formats?: readonly WeightFormat[]}): FormatWeights[] {
  const {arch, container = "safetensors", formats = WEIGHT_FORMATS} = options;
  const tensors = tensorsOf(arch);
  return formats.map((format) => {
    const w = weightBytes({tensors, format, arch, container});
    const embeddingBytes = (w.byKind.embedding ?? 0) + (w.byKind.positionEmbedding ?? 0);
    const lmHeadBytes = w.byKind.lmHead ?? 0;
    return {
      format,
      label: WEIGHT_FORMAT_INFO[format].label,
      nominalBitsPerWeight: WEIGHT_FORMAT_INFO[format].bitsPerWeight,
      bitsPerWeight: w.bitsPerWeight,
      embeddingBytes,
      lmHeadBytes,
      bodyBytes: w.totalBytes - embeddingBytes - lmHeadBytes,
      totalBytes: w.totalBytes,
      params: w.params
    };
  });
}

/**
 * Weight bytes one decode step streams for a batch of B sequences, MoE-aware:
 *
 *     W_read(B) = W_shared + W_routed · U(B)/E        U(B) = E·(1 − (1 − k/E)^B)
 *
 * (whole model; the engine divides by the GPUs). Dense models read everything at any B.
 */
export function weightBytesReadPerStep(options: {arch: Architecture; format: WeightFormat; batchSize: number; container?: "safetensors" | "gguf"}): {
  totalBytes: number; routedBytes: number; readBytes: number; expertsRead: number | null} {
  const {arch, format, batchSize, container = "safetensors"} = options;
  const w = modelWeightBytes({arch, format, container});
  if (!arch.moe) return {totalBytes: w.totalBytes, routedBytes: 0, readBytes: w.totalBytes, expertsRead: null};
  const expertsRead = expectedExpertsRead({experts: arch.moe.experts, expertsPerToken: arch.moe.expertsPerToken, tokens: batchSize});
  return {totalBytes: w.totalBytes, routedBytes: w.routedBytes, expertsRead,
    readBytes: w.totalBytes - w.routedBytes + (w.routedBytes * expertsRead) / arch.moe.experts};
}
