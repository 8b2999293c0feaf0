/**
 * KV-cache size: bytes per token, bytes for a batch at a context length (with sliding windows,
 * tensor parallelism and paged allocation), and how many tokens fit in a memory pool.
 *
 * Standard attention (MHA, GQA, MQA) stores a key and a value vector per KV head per layer:
 *
 *     bytes/token/layer = 2 · K · H · b          K = num_key_value_heads, H = head_dim
 *
 * H is the config's `head_dim` whenever it has one; hidden/heads is only a fallback (the two
 * differ for Gemma, Qwen3, Mistral-Small...). Multi-head latent attention (DeepSeek-V2/V3)
 * caches one compressed latent plus the shared RoPE key per layer, and no separate V:
 *
 *     bytes/token/layer = (kv_lora_rank + qk_rope_head_dim) · b      (no factor 2)
 *
 * Sources: Kwon et al. 2023 (vLLM / PagedAttention, arXiv:2309.06180, §3: 2 · 5120 · 40 · 2 B
 * = 800 KB per token for OPT-13B); jax-ml/scaling-book "Transformer inference" (2·L·K·H per
 * token); DeepSeek-V2 paper §2.1.2 (arXiv:2405.04434) for the MLA cache; vLLM
 * `vllm/v1/kv_cache_interface.py` (page size = block_size · per-token bytes; MLA: one latent);
 * peers.md C6 for where calculators err.
 */
import type {Architecture} from "./architecture.js";
import type {KvFormat} from "./formats.js";

/** How one KV element is stored: `blockElements` values in `blockBytes` bytes. */
export interface KvFormatInfo {
  label: string;
  blockElements: number;
  blockBytes: number;
  source: string;
}

/**
 * KV-cache storage formats. fp32 4 bytes, bf16/fp16 2, fp8 (e4m3/e5m2) 1. llama.cpp's
 * quantized caches use its weight blocks along each K/V row: q8_0 = 34 bytes per 32 values
 * (8.5 bits), q4_0 = 18 bytes per 32 (4.5 bits) (ggml-common.h `block_q8_0`, `block_q4_0`).
 * vLLM's fp8 cache keeps per-tensor scales (a few bytes per layer), ignored here.
 */
export const KV_FORMAT_INFO: Record<KvFormat, KvFormatInfo> = {
  fp32: {label: "FP32", blockElements: 1, blockBytes: 4, source: "IEEE 754 binary32"},
  bf16: {label: "BF16", blockElements: 1, blockBytes: 2, source: "bfloat16"},
  fp16: {label: "FP16", blockElements: 1, blockBytes: 2, source: "IEEE 754 binary16"},
  fp8: {label: "FP8", blockElements: 1, blockBytes: 1, source: "vLLM kv_cache_dtype fp8 (e4m3 / e5m2)"},
  q8_0: {label: "Q8_0 (llama.cpp)", blockElements: 32, blockBytes: 34, source: "ggml-common.h block_q8_0: fp16 scale + 32 int8"},
  q4_0: {label: "Q4_0 (llama.cpp)", blockElements: 32, blockBytes: 18, source: "ggml-common.h block_q4_0: fp16 scale + 32 nibbles"}
};

/** vLLM's default KV block ("page") size in tokens (`--block-size`, default 16). */
export const VLLM_DEFAULT_PAGE_TOKENS = 16;

/** Bytes of one stored row of `elements` KV values (whole blocks for the quantized formats). */
export function kvRowBytes(elements: number, format: KvFormat): number {
  const f = KV_FORMAT_INFO[format];
  return Math.ceil(elements / f.blockElements) * f.blockBytes;
}

/**
 * KV heads held by one tensor-parallel rank: ceil(K / TP). When TP > K, each KV head is
 * replicated on TP/K ranks and every rank still holds one (vLLM, llm-analysis, GenZ).
 *
 * @example kvHeadsPerRank(8, 16) === 1
 */
export function kvHeadsPerRank(kvHeads: number, tensorParallel = 1): number {
  return Math.ceil(kvHeads / Math.max(1, tensorParallel));
}

export interface KvPerTokenResult {
  /** Bytes per token held by each layer on one GPU (index = layer). */
  perLayerBytes: number[];
  /** Σ over all layers: bytes one token costs on one GPU when every layer holds it. */
  totalBytes: number;
  /** Σ over full-attention layers. */
  fullLayerBytes: number;
  /** Σ over sliding-window layers. */
  slidingLayerBytes: number;
  /** "mla" caches a latent; otherwise "mha" (K = N), "mqa" (K = 1) or "gqa". */
  attention: "mha" | "gqa" | "mqa" | "mla";
  /** KV heads each GPU stores (standard attention); 1 latent for MLA. */
  kvHeadsPerGpu: number;
  /** Whether some or all of the cache is duplicated across tensor-parallel ranks. */
  replicated: boolean;
}

/**
 * KV-cache bytes per token, per layer and in total, on one GPU:
 *
 *     standard: 2 · ceil(K/TP) · H · b per layer          MLA: (d_c + d_rope) · b per layer, on every rank
 *
 * With a block format (q8_0, q4_0) each K and V row of ceil(K/TP)·H values is rounded up to
 * whole 32-value blocks. Hybrid SSM and cross-layer-shared layers are not modelled (the
 * Architecture has no such layers).
 *
 * @example kvCacheBytesPerToken({arch: llama3_8b, format: "bf16"}).totalBytes === 131_072   // 2·32·8·128·2
 * @example kvCacheBytesPerToken({arch: deepseekV3, format: "bf16"}).totalBytes === 70_272  // 61·576·2
 */
export function kvCacheBytesPerToken(opts: {arch: Architecture; format: KvFormat; tensorParallel?: number}): KvPerTokenResult {
  const {arch, format} = opts;
  const tp = Math.max(1, opts.tensorParallel ?? 1);
  let layerBytes: number;
  let attention: KvPerTokenResult["attention"];
  let kvHeadsPerGpu: number;
  let replicated: boolean;
  if (arch.mla) {
    layerBytes = kvRowBytes(arch.mla.kvLoraRank + arch.mla.qkRopeHeadDim, format);
    attention = "mla";
    kvHeadsPerGpu = 1;
    replicated = tp > 1;
  } else {
    kvHeadsPerGpu = kvHeadsPerRank(arch.kvHeads, tp);
    layerBytes = 2 * kvRowBytes(kvHeadsPerGpu * arch.headDim, format);
    attention = arch.kvHeads === arch.heads ? "mha" : arch.kvHeads === 1 ? "mqa" : "gqa";
    replicated = kvHeadsPerGpu * tp > arch.kvHeads;
  }
  const perLayerBytes = new Array<number>(arch.layers).fill(layerBytes);
  let fullLayerBytes = 0;
  let slidingLayerBytes = 0;
  for (let i = 0; i < arch.layers; i++) {
    if (isSliding(arch, i)) slidingLayerBytes += layerBytes;
    else fullLayerBytes += layerBytes;
  }
  return {perLayerBytes, totalBytes: fullLayerBytes + slidingLayerBytes, fullLayerBytes, slidingLayerBytes,
    attention, kvHeadsPerGpu, replicated};
}

function isSliding(arch: Architecture, layer: number): boolean {
  return arch.slidingWindow !== null && arch.layerAttention[layer] === "sliding";
}

function roundUp(tokens: number, page: number): number {
  return Math.ceil(tokens / page) * page;
}

/** Per-token bytes of the full-attention and the sliding layers one pipeline stage holds on one GPU. */
interface StageBytes {
  full: number;
  sliding: number;
}

/**
 * Contiguous pipeline stages: stage s holds layers [floor(s·L/PP), floor((s+1)·L/PP)).
 * Returns per-token bytes (one GPU of that stage) split by layer kind.
 */
function stageBytes(arch: Architecture, per: KvPerTokenResult, pipelineParallel: number): StageBytes[] {
  const pp = Math.max(1, Math.min(pipelineParallel, arch.layers));
  const stages: StageBytes[] = [];
  for (let s = 0; s < pp; s++) {
    const start = Math.floor((s * arch.layers) / pp);
    const end = Math.floor(((s + 1) * arch.layers) / pp);
    const st = {full: 0, sliding: 0};
    for (let i = start; i < end; i++) {
      if (isSliding(arch, i)) st.sliding += per.perLayerBytes[i];
      else st.full += per.perLayerBytes[i];
    }
    stages.push(st);
  }
  return stages;
}

/** Tokens one sequence keeps in full and in sliding layers at a context length. */
function heldTokens(arch: Architecture, contextTokens: number, page: number): {full: number; sliding: number} {
  const full = roundUp(contextTokens, page);
  const sliding = arch.slidingWindow === null ? full : roundUp(Math.min(contextTokens, arch.slidingWindow), page);
  return {full, sliding};
}

/**
 * The KV cache's shape on one GPU for a parallel layout, as functions of the context length:
 * the engine's one KV layout (inference.ts memory, fit and speed; serving/step.ts). Bytes per
 * token are integral: the busiest pipeline stage's whole layers decide what fits (Llama 3.1 70B
 * at PP = 3: stages of 26, 27 and 27 layers, so 27 · 2 · 8 · 128 · 2 = 110,592 bytes in fp16).
 */
export interface KvCacheLayout {
  tensorParallel: number;
  pipelineParallel: number;
  /** Page size in tokens (1 = contiguous, no rounding). */
  pageTokens: number;
  /** Bytes per token on one GPU of the busiest pipeline stage, every layer charged (vLLM's capacity charge). */
  bytesPerTokenFull: number;
  /** KV bytes one sequence of `contextTokens` occupies on one GPU of the busiest stage (windowed, page-rounded). */
  bytesPerSequence(contextTokens: number): number;
  /**
   * KV bytes one forward step reads for one sequence at `contextTokens`, per GPU averaged over
   * the pipeline stages (× PP gives the whole model's read); windowed, not page-rounded.
   */
  bytesPerSequenceRead(contextTokens: number): number;
  /**
   * KV bytes one sequence occupies on one tensor-parallel rank summed over every pipeline stage
   * (windowed, page-rounded): what a prefill writes and reads as the stages run one after another.
   */
  bytesPerSequenceAllStages(contextTokens: number): number;
  kvHeadsPerGpu: number;
  replicated: boolean;
  /** Per-token figures under this tensor-parallel split (all layers). */
  perToken: KvPerTokenResult;
}

/**
 * KV-cache layout for a tensor- and pipeline-parallel deployment:
 *
 *     per GPU, stage s:  bytesPerSequence(c) = Σ_{layers in s} held(layer, c) · bytes/token/layer/GPU
 *     held = pageRound(c) (full attention) or pageRound(min(c, W)) (sliding)
 *
 * Tensor parallelism splits KV heads (ceil(K/TP) per rank, replicated when TP > K; MLA latent
 * replicated); pipeline parallelism splits layers into contiguous stages and memory is sized for
 * the busiest one.
 *
 * @example kvCacheLayout({arch: llama3_8b, format: "bf16"}).bytesPerSequence(2048) === 268_435_456
 */
export function kvCacheLayout(opts: {
  arch: Architecture;
  format: KvFormat;
  tensorParallel?: number;
  pipelineParallel?: number;
  pageTokens?: number;
}): KvCacheLayout {
  const {arch, format} = opts;
  const tp = Math.max(1, opts.tensorParallel ?? 1);
  const pp = Math.max(1, opts.pipelineParallel ?? 1);
  const page = Math.max(1, opts.pageTokens ?? 1);
  const per = kvCacheBytesPerToken({arch, format, tensorParallel: tp});
  const stages = stageBytes(arch, per, pp);
  const busiest = (c: number, pg: number) => {
    const h = heldTokens(arch, c, pg);
    let best = {bytes: -1, full: 0, sliding: 0};
    for (const st of stages) {
      const bytes = h.full * st.full + h.sliding * st.sliding;
      if (bytes > best.bytes) best = {bytes, full: h.full * st.full, sliding: h.sliding * st.sliding};
    }
    return best;
  };
  return {
    tensorParallel: tp,
    pipelineParallel: pp,
    pageTokens: page,
    bytesPerTokenFull: Math.max(...stages.map((st) => st.full + st.sliding)),
    bytesPerSequence: (c: number) => busiest(c, page).bytes,
    bytesPerSequenceRead: (c: number) => {
      const h = heldTokens(arch, c, 1);
      return (h.full * per.fullLayerBytes + h.sliding * per.slidingLayerBytes) / stages.length;
    },
    bytesPerSequenceAllStages: (c: number) => {
      const h = heldTokens(arch, c, page);
      return h.full * per.fullLayerBytes + h.sliding * per.slidingLayerBytes;
    },
    kvHeadsPerGpu: per.kvHeadsPerGpu,
    replicated: per.replicated,
    perToken: per
  };
}

export interface KvCacheBytesResult {
  /** KV bytes on one GPU (the busiest pipeline stage) for the whole batch. */
  perGpuBytes: number;
  /** What all GPUs hold together: Σ over stages · TP (counts replicas). */
  allGpusBytes: number;
  /** The same batch on a single GPU (no split, no replicas): the model's logical KV size. */
  logicalBytes: number;
  /** Bytes on one GPU (busiest stage) by layer kind. */
  byLayerKind: {full: number; sliding: number};
  /** Tokens one sequence keeps per layer kind, after windowing and page rounding. */
  tokensHeldPerSequence: {full: number; sliding: number};
  /** Bytes per token on one GPU of the busiest stage with every layer holding it. */
  bytesPerTokenPerGpu: number;
  kvHeadsPerGpu: number;
  replicated: boolean;
}

/**
 * KV-cache bytes for `batchSize` sequences of `contextTokens` tokens each:
 *
 *     held(layer) = pageRound(contextTokens)               full-attention layer
 *                 = pageRound(min(contextTokens, W))       sliding-window layer
 *     perGpu      = batchSize · Σ_{layers on the GPU} held(layer) · bytes/token/layer/GPU
 *
 * pageRound(n) = ceil(n / pageTokens) · pageTokens per sequence (vLLM allocates whole blocks;
 * default block 16, llm-d measured 118 blocks for 15,049 tokens at block 128). Without
 * `pageTokens` tokens are not rounded (contiguous caches such as HF transformers').
 * Per GPU under tensor parallelism: ceil(K/TP) KV heads per rank; MLA's latent on every rank.
 * Under pipeline parallelism the busiest contiguous stage of layers is reported.
 *
 * Simplifications: sliding layers hold exactly min(context, W) (vLLM keeps up to W−1 plus the
 * in-flight chunk and one spare block; llama.cpp's ISWA pads to the micro-batch); some engines
 * (and Mistral-7B-v0.1 in practice) ignore the window; pass an architecture with all layers
 * "full" to model that.
 *
 * @example kvCacheBytes({arch: llama3_8b, format: "bf16", batchSize: 1, contextTokens: 2048}).perGpuBytes === 268_435_456
 */
export function kvCacheBytes(opts: {
  arch: Architecture;
  format: KvFormat;
  batchSize: number;
  contextTokens: number;
  tensorParallel?: number;
  pipelineParallel?: number;
  pageTokens?: number;
}): KvCacheBytesResult {
  const {arch, format, batchSize, contextTokens} = opts;
  const tp = Math.max(1, opts.tensorParallel ?? 1);
  const page = Math.max(1, opts.pageTokens ?? 1);
  const layout = kvCacheLayout({arch, format, tensorParallel: tp, pipelineParallel: opts.pipelineParallel, pageTokens: page});
  const per = layout.perToken;
  const single = kvCacheBytesPerToken({arch, format, tensorParallel: 1});
  const held = heldTokens(arch, contextTokens, page);
  const stages = stageBytes(arch, per, layout.pipelineParallel);
  let busiest = stages[0];
  for (const st of stages) {
    if (held.full * st.full + held.sliding * st.sliding > held.full * busiest.full + held.sliding * busiest.sliding) busiest = st;
  }
  const full = batchSize * held.full * busiest.full;
  const sliding = batchSize * held.sliding * busiest.sliding;
  return {
    perGpuBytes: full + sliding,
    allGpusBytes: batchSize * (held.full * per.fullLayerBytes + held.sliding * per.slidingLayerBytes) * tp,
    logicalBytes: batchSize * (held.full * single.fullLayerBytes + held.sliding * single.slidingLayerBytes),
    byLayerKind: {full, sliding},
    tokensHeldPerSequence: held,
    bytesPerTokenPerGpu: busiest.full + busiest.sliding,
    kvHeadsPerGpu: per.kvHeadsPerGpu,
    replicated: per.replicated
  };
}

export interface KvCapacityResult {
  /** Tokens of KV the pool holds (blocks · pageTokens); Infinity when nothing grows with length. */
  tokens: number;
  /** Whole pages (blocks) that fit. */
  blocks: number;
  /** Bytes of one page over all layers that grow with context. */
  bytesPerBlock: number;
  /** Bytes set aside for the sliding-window layers of `sequences` sequences ("windowed" only). */
  slidingReservedBytes: number;
}

/**
 * How many tokens of KV cache fit in a per-GPU pool, in vLLM's "GPU KV cache size: N tokens"
 * sense:
 *
 *     bytesPerBlock = pageTokens · Σ_layers bytes/token/layer/GPU
 *     blocks = floor(availableBytes / bytesPerBlock)          tokens = blocks · pageTokens
 *
 * `slidingLayers` says how window layers are charged:
 * - "full" (default): every layer is charged per token, as vLLM's reported capacity does for
 *   hybrid full/sliding models (gpt-oss's 36 layers all counted: hf-mem issue #60, peers.md
 *   C6). It is the conservative figure and what the engine prints.
 * - "windowed": the pool first holds min(W, …) tokens of the sliding layers for each of
 *   `sequences` sequences (default 1), pageRound(W) each; the rest is divided by the
 *   full-attention layers' page size. This is what the memory actually needs at long context
 *   (llama.cpp's ISWA cache works this way). With no full-attention layers the capacity is
 *   unbounded (Infinity) once the windows fit.
 *
 * @example kvCacheTokenCapacity({arch: llama3_8b, format: "bf16", availableBytes: 53.29 * 2 ** 30}).tokens === 436_544
 */
export function kvCacheTokenCapacity(opts: {
  arch: Architecture;
  format: KvFormat;
  availableBytes: number;
  tensorParallel?: number;
  pipelineParallel?: number;
  pageTokens?: number;
  slidingLayers?: "full" | "windowed";
  sequences?: number;
}): KvCapacityResult {
  const {arch, format} = opts;
  const page = Math.max(1, opts.pageTokens ?? VLLM_DEFAULT_PAGE_TOKENS);
  const per = kvCacheBytesPerToken({arch, format, tensorParallel: opts.tensorParallel});
  const stages = stageBytes(arch, per, opts.pipelineParallel ?? 1);
  const pool = Math.max(0, opts.availableBytes);
  if ((opts.slidingLayers ?? "full") === "full" || arch.slidingWindow === null) {
    const bytesPerBlock = page * Math.max(...stages.map((st) => st.full + st.sliding));
    const blocks = bytesPerBlock > 0 ? Math.floor(pool / bytesPerBlock) : 0;
    return {tokens: blocks * page, blocks, bytesPerBlock, slidingReservedBytes: 0};
  }
  // Windowed: the stage with the fewest tokens left after its window reservation decides.
  const sequences = Math.max(1, opts.sequences ?? 1);
  const window = roundUp(arch.slidingWindow, page);
  let result: KvCapacityResult | null = null;
  for (const st of stages) {
    const slidingReservedBytes = sequences * window * st.sliding;
    const rest = pool - slidingReservedBytes;
    const bytesPerBlock = page * st.full;
    const r: KvCapacityResult = rest < 0 ? {tokens: 0, blocks: 0, bytesPerBlock, slidingReservedBytes}
      : bytesPerBlock === 0
        ? {tokens: Number.POSITIVE_INFINITY, blocks: Number.POSITIVE_INFINITY, bytesPerBlock, slidingReservedBytes}
        : {tokens: Math.floor(rest / bytesPerBlock) * page, blocks: Math.floor(rest / bytesPerBlock), bytesPerBlock, slidingReservedBytes};
    if (result === null || r.tokens < result.tokens) result = r;
  }
  return result!;
}
