/**
 * Page-side helpers for the KV-cache chapter: the factors of the per-token formula for a model,
 * what its cache would be under each attention design, and how tensor parallelism splits it.
 * Every byte count comes from the engine's `kvCacheBytesPerToken` (lib/kvCache.ts); these
 * helpers only choose the architectures to ask about and name the factors.
 */
import type {Architecture} from "../lib/architecture.js";
import type {EngineName, KvFormat, WeightFormat} from "../lib/formats.js";
import type {GpuSpec} from "../lib/hardware.js";
import {inferenceEstimate} from "../lib/inference.js";
import {KV_FORMAT_INFO, kvCacheBytes, kvCacheBytesPerToken} from "../lib/kvCache.js";
import type {MemoryVsContextSeries} from "./memoryVsContextChart.js";

/** The factors of one model's per-token formula, in the chapter's letters. */
export type KvFactors =
  | {kind: "standard"; layers: number; kvHeads: number; headDim: number; factor: 2; bytesPerValue: number; bytesPerToken: number}
  | {kind: "mla"; layers: number; kvLoraRank: number; ropeDim: number; bytesPerValue: number; bytesPerToken: number};

/** Bytes per stored value of a KV format (q8_0: 34/32 = 1.0625, q4_0: 18/32 = 0.5625). */
export function kvBytesPerValue(format: KvFormat): number {
  const f = KV_FORMAT_INFO[format];
  return f.blockBytes / f.blockElements;
}

/**
 * The factors of bytes per token for an architecture and format:
 *
 *     standard: L · K · H · 2 · b            MLA: L · (d_c + d_rope) · b
 *
 * `bytesPerToken` is the engine's figure (block formats round each row up to whole blocks).
 * @example kvFactors({arch: llama3_70b, format: "bf16"}) // {layers: 80, kvHeads: 8, headDim: 128, factor: 2, bytesPerValue: 2, bytesPerToken: 327680}
 */
export function kvFactors({arch, format}: {arch: Architecture; format: KvFormat}): KvFactors {
  const bytesPerToken = kvCacheBytesPerToken({arch, format}).totalBytes;
  const bytesPerValue = kvBytesPerValue(format);
  if (arch.mla) {
    return {kind: "mla", layers: arch.layers, kvLoraRank: arch.mla.kvLoraRank, ropeDim: arch.mla.qkRopeHeadDim, bytesPerValue, bytesPerToken};
  }
  return {kind: "standard", layers: arch.layers, kvHeads: arch.kvHeads, headDim: arch.headDim, factor: 2, bytesPerValue, bytesPerToken};
}

/** One attention design applied to a model's layers and heads. */
export interface AttentionVariant {
  kind: "MHA" | "GQA" | "MQA" | "MLA";
  /** KV heads cached (standard attention), or null for MLA. */
  kvHeads: number | null;
  /** Values cached per token per layer (K and V together; MLA: d_c + d_rope). */
  valuesPerLayer: number;
  bytesPerToken: number;
  /** Whether this is the model's own design. */
  actual: boolean;
  /** What was assumed to build the variant. */
  note: string;
}

/** The model's own kind: MLA, or MHA (K = N), MQA (K = 1), GQA. */
export function attentionKind(arch: Pick<Architecture, "mla" | "kvHeads" | "heads">): AttentionVariant["kind"] {
  if (arch.mla) return "MLA";
  return arch.kvHeads === arch.heads ? "MHA" : arch.kvHeads === 1 ? "MQA" : "GQA";
}

/** GQA group count for a model that is not GQA: 8 KV heads (Llama-2-70B, Llama 3, Mistral) when N allows, else the largest divisor of N below N. */
function gqaHeads(heads: number): number | null {
  for (const k of [8, 4, 2]) if (k < heads && heads % k === 0) return k;
  return null;
}

/**
 * The model's KV per token under MHA, GQA, MQA and MLA, with its layer count kept:
 *
 * - MHA: K = N. GQA: the model's K, or K = 8 (4, 2) for a model that is not GQA. MQA: K = 1.
 * - For an MLA model the standard designs use its own head widths: keys of qk_nope + qk_rope
 *   values and values of v_head_dim per head (2·K·H with H their mean).
 * - MLA for a model that is not MLA: DeepSeek-V2's choice d_c = 4·H and d_rope = H/2
 *   (arXiv:2405.04434 §2.1.4), so (4 + 1/2)·H values per layer.
 *
 * @example attentionVariants({arch: llama3_70b, format: "bf16"}).map((v) => v.bytesPerToken) // [2621440, 327680, 40960, 92160]
 */
export function attentionVariants({arch, format}: {arch: Architecture; format: KvFormat}): AttentionVariant[] {
  const own = attentionKind(arch);
  const N = arch.heads;
  const H = arch.mla ? (arch.mla.qkNopeHeadDim + arch.mla.qkRopeHeadDim + arch.mla.vHeadDim) / 2 : arch.headDim;
  const standard = (kvHeads: number): Architecture => ({...arch, mla: null, kvHeads, headDim: H});
  const bytes = (a: Architecture) => kvCacheBytesPerToken({arch: a, format}).totalBytes;
  const out: AttentionVariant[] = [];
  const mhaArch = own === "MHA" ? arch : standard(N);
  out.push({kind: "MHA", kvHeads: N, valuesPerLayer: 2 * N * H, bytesPerToken: bytes(mhaArch), actual: own === "MHA",
    note: own === "MHA" ? "the model's own design" : `every one of the ${N} query heads keeps its own K and V`});
  const g = own === "GQA" ? arch.kvHeads : gqaHeads(N);
  if (g !== null) {
    const a = own === "GQA" ? arch : standard(g);
    out.push({kind: "GQA", kvHeads: g, valuesPerLayer: 2 * g * H, bytesPerToken: bytes(a), actual: own === "GQA",
      note: own === "GQA" ? "the model's own design" : `${g} KV heads, each shared by ${N / g} query heads`});
  }
  const mqaArch = own === "MQA" ? arch : standard(1);
  out.push({kind: "MQA", kvHeads: 1, valuesPerLayer: 2 * H, bytesPerToken: bytes(mqaArch), actual: own === "MQA",
    note: own === "MQA" ? "the model's own design" : "one K and one V head shared by all query heads"});
  if (arch.mla) {
    const latent = arch.mla.kvLoraRank + arch.mla.qkRopeHeadDim;
    out.push({kind: "MLA", kvHeads: null, valuesPerLayer: latent, bytesPerToken: bytes(arch), actual: true, note: "the model's own design"});
  } else {
    const kvLoraRank = 4 * H;
    const rope = H / 2;
    const a: Architecture = {...arch, mla: {kvLoraRank, qLoraRank: null, qkRopeHeadDim: rope, qkNopeHeadDim: H, vHeadDim: H}};
    out.push({kind: "MLA", kvHeads: null, valuesPerLayer: kvLoraRank + rope, bytesPerToken: bytes(a), actual: false,
      note: `DeepSeek-V2's sizes: latent d_c = 4·H = ${kvLoraRank}, RoPE key d_rope = H/2 = ${rope}`});
  }
  return out;
}

/** KV per token on one GPU under tensor parallelism. */
export interface TensorParallelRow {
  tensorParallel: number;
  /** KV heads (standard) or latents (MLA, 1) each GPU stores. */
  kvHeadsPerGpu: number;
  bytesPerTokenPerGpu: number;
  /** Bytes per token over all TP GPUs together (counts replicas). */
  bytesPerTokenAllGpus: number;
  /** How many GPUs hold a copy of each KV head (1 = no replication). */
  copiesPerHead: number;
  replicated: boolean;
}

/**
 * Per-GPU KV per token at each tensor-parallel degree: heads split ceil(K/TP) per GPU, each
 * head copied on TP/K GPUs when TP > K; MLA's latent is on every GPU (engine: kvCacheBytesPerToken).
 * @example tensorParallelRows({arch: llama3_70b, format: "bf16", degrees: [8, 16]})[1].kvHeadsPerGpu // 1 (16 GPUs, 8 heads: each head twice)
 */
export function tensorParallelRows({arch, format, degrees}: {arch: Architecture; format: KvFormat; degrees: readonly number[]}): TensorParallelRow[] {
  const heads = arch.mla ? 1 : arch.kvHeads;
  return degrees.map((tp) => {
    const r = kvCacheBytesPerToken({arch, format, tensorParallel: tp});
    return {
      tensorParallel: tp,
      kvHeadsPerGpu: r.kvHeadsPerGpu,
      bytesPerTokenPerGpu: r.totalBytes,
      bytesPerTokenAllGpus: r.totalBytes * tp,
      copiesPerHead: Math.max(1, (r.kvHeadsPerGpu * tp) / heads),
      replicated: r.replicated
    };
  });
}

/** Which layers slide, and what the window saves at a context length. */
export interface SlidingSummary {
  /** Window W in tokens; null when no layer slides. */
  window: number | null;
  slidingLayers: number;
  fullLayers: number;
  /** Layer indices (0-based) that slide. */
  slidingLayerIndices: number[];
  /** Bytes the batch holds with the window (engine: kvCacheBytes, logical, no TP). */
  withWindowBytes: number;
  /** Bytes it would hold if every layer kept the whole context. */
  withoutWindowBytes: number;
  savedBytes: number;
}

/**
 * The sliding-window part of a model's cache at a context length:
 *
 *     with window    = B · (c · Σ_full b_l + min(c, W) · Σ_sliding b_l)
 *     without window = B · c · Σ_all b_l           saved = without − with
 *
 * Both from the engine's `kvCacheBytes` (the second on a copy of the architecture with every layer full).
 * @example slidingSummary({arch: gemma2_9b, format: "bf16", batchSize: 1, contextTokens: 8192}).savedBytes // 21 layers × 4,096 tokens × 8,192 bytes
 */
export function slidingSummary({arch, format, batchSize, contextTokens}: {arch: Architecture; format: KvFormat; batchSize: number; contextTokens: number}): SlidingSummary {
  const indices = arch.slidingWindow === null ? [] : arch.layerAttention.flatMap((a, i) => (a === "sliding" ? [i] : []));
  const withWindowBytes = kvCacheBytes({arch, format, batchSize, contextTokens}).logicalBytes;
  const full: Architecture = {...arch, slidingWindow: null, layerAttention: arch.layerAttention.map(() => "full")};
  const withoutWindowBytes = kvCacheBytes({arch: full, format, batchSize, contextTokens}).logicalBytes;
  return {
    window: indices.length ? arch.slidingWindow : null,
    slidingLayers: indices.length,
    fullLayers: arch.layers - indices.length,
    slidingLayerIndices: indices,
    withWindowBytes,
    withoutWindowBytes,
    savedBytes: withoutWindowBytes - withWindowBytes
  };
}

/** "every 2nd layer: 0, 2, 4, … 40" / "layers 0–3, 6–9": a short description of a list of layer indices. */
export function describeLayers(indices: readonly number[]): string {
  if (indices.length === 0) return "none";
  if (indices.length > 2) {
    const step = indices[1]! - indices[0]!;
    if (step > 1 && indices.every((x, i) => i === 0 || x - indices[i - 1]! === step)) {
      return `every ${step === 2 ? "2nd" : step === 3 ? "3rd" : `${step}th`} layer: ${indices[0]}, ${indices[1]}, ${indices[2]}, … ${indices.at(-1)}`;
    }
  }
  const runs: string[] = [];
  let start = indices[0]!;
  for (let i = 1; i <= indices.length; i++) {
    if (i === indices.length || indices[i]! !== indices[i - 1]! + 1) {
      const end = indices[i - 1]!;
      runs.push(start === end ? `${start}` : `${start}–${end}`);
      if (i < indices.length) start = indices[i]!;
    }
  }
  return `layers ${runs.length > 8 ? `${runs.slice(0, 8).join(", ")}, …` : runs.join(", ")}`;
}

/** Powers of two from `from` up to `to`, with `to` itself last: the sequence lengths the chart samples. */
export function contextGrid({from = 256, to}: {from?: number; to: number}): number[] {
  const out: number[] = [];
  for (let c = from; c < to; c *= 2) out.push(c);
  out.push(to);
  return out;
}

/**
 * Memory per GPU against sequence length for several batch sizes, from the engine's
 * `inferenceEstimate` (one prompt of c − 1 tokens plus one generated token, so the sequence
 * holds c tokens), with the longest sequence that fits at each batch size (the engine's
 * `maxContextTokens`; null when nothing fits, or when everything up to `maxTokens` fits).
 */
export function memoryVsContextSeries(options: {
  arch: Architecture;
  gpu: GpuSpec;
  gpuCount: number;
  engine: EngineName;
  weights: WeightFormat;
  kvFormat: KvFormat;
  batchSizes: readonly number[];
  maxTokens: number;
}): {series: MemoryVsContextSeries[]; capacityBytes: number; usableBytes: number} {
  const {arch, gpu, gpuCount, engine, weights, kvFormat, maxTokens} = options;
  const grid = contextGrid({to: maxTokens});
  const run = (batchSize: number, contextTokens: number) => inferenceEstimate({arch, gpu, gpuCount,
    workload: {type: "inference", engine, weights, kvCache: kvFormat, batchSize, promptTokens: Math.max(1, contextTokens - 1), outputTokens: 1}});
  let capacityBytes = gpu.memoryBytes;
  let usableBytes = gpu.memoryBytes;
  const series = options.batchSizes.map((batchSize) => {
    const points = grid.map((contextTokens) => {
      const m = run(batchSize, contextTokens).memory;
      capacityBytes = m.capacityBytes;
      usableBytes = m.usableBytes;
      return {contextTokens, weightsBytes: m.weightsBytes, kvBytes: m.kvCacheBytes, activationsBytes: m.activationsBytes, overheadBytes: m.overheadBytes};
    });
    const limit = run(batchSize, maxTokens).maxContextTokens;
    return {batchSize, points, limitTokens: limit <= 0 || limit >= maxTokens ? null : limit};
  });
  return {series, capacityBytes, usableBytes};
}
