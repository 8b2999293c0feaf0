/**
 * Serving-engine profiles: everything the estimate knows about an engine. What files it loads
 * (container), how it splits a model over GPUs, the weight and KV formats and back-ends it
 * supports, the memory it takes beyond weights and KV cache, how it sizes its KV pool, and how
 * close to the hardware's peaks it runs. Nothing outside `engines*.ts` compares engine names:
 * adding an engine is adding one profile (and its rows in compat.ts, if some of its formats
 * need particular hardware).
 *
 * The KV size and the achieved speed depend on the engine, not only on the model (peers.md,
 * finding 3). Each constant is named, dated and sourced here so that a new measurement changes
 * one line. `MEASURED_ON` is the date the constant was last checked against its source.
 */
import type {EngineName, KvFormat, WeightFormat} from "./formats.js";
import type {Backend} from "./hardware.js";
import type {WeightContainer} from "./quantization.js";

const MIB = 2 ** 20;
const GIB = 2 ** 30;

export interface EngineProfile {
  name: EngineName;
  label: string;
  /** The file the engine loads weights from: Hugging Face safetensors, or a llama.cpp GGUF file. */
  container: WeightContainer;
  /**
   * How the engine spreads one model over several GPUs by default: "tensors" (tensor
   * parallelism, heads and MLP columns split) or "layers" (llama.cpp's `--split-mode layer`:
   * consecutive layers per GPU, which is a pipeline split).
   */
  modelSplit: "tensors" | "layers";
  /** KV cache format when none is chosen (llama.cpp `--cache-type-k f16`; the others store the model dtype). */
  defaultKvFormat: KvFormat;
  /** Weight formats the engine loads (scenario `workload.weights`); compat.ts refuses the others. */
  weightFormats: readonly WeightFormat[];
  /** KV cache formats the engine stores (scenario `workload.kvCache`); compat.ts refuses the others. */
  kvFormats: readonly KvFormat[];
  /** Back-ends the engine runs on; compat.ts refuses a device on another. */
  backends: readonly Backend[];
  /** Weight formats the planner tries for this engine (a common subset of `weightFormats`). */
  planWeightFormats: readonly WeightFormat[];
  /**
   * Sequences whose logits the engine's profiling run sizes at once (vLLM `max_num_seqs`);
   * null = the actual batch.
   */
  profileSequences: number | null;
  /** Time to hand one step's activations from one pipeline stage to the next, seconds. */
  pipelineHopSeconds: number;
  /**
   * Whether the engine keeps layers or experts in host RAM and runs them on the CPU (llama.cpp
   * `-ngl`, `--cpu-moe`): such scenarios take the local model (lib/local.ts).
   */
  hostOffload: boolean;
  /**
   * Memory outside the tensors the engine sizes itself: CUDA context, cuBLAS/NCCL workspaces,
   * CUDA graphs. Bytes per GPU.
   */
  runtimeOverheadBytes: number;
  /**
   * Fraction of device memory the engine claims up front and fills with KV blocks (vLLM's
   * `gpu_memory_utilization`, SGLang's `mem_fraction_static`, TensorRT-LLM's
   * `kv_cache_free_gpu_mem_fraction` of what is left). null = allocates what the batch needs.
   */
  memoryFraction: number | null;
  /** How `memoryFraction` applies: to the whole device (vLLM, SGLang) or to what is free after weights (TRT-LLM). */
  memoryFractionOf: "device" | "free";
  /**
   * Tokens in the forward pass the engine profiles to size its activation workspace
   * (vLLM `max_num_batched_tokens`); null = the actual batch's prompt tokens.
   */
  profileTokens: number | null;
  /** KV allocation granularity in tokens (vLLM block 16; llama.cpp pads the context to 256). */
  kvPageTokens: number;
  /** Achieved fraction of peak memory bandwidth when streaming weights (MBU), η_mem. */
  memoryEfficiency: number;
  /** Achieved fraction of dense peak FLOP/s in large matrix products, η_compute. */
  computeEfficiency: number;
  /** Fixed time per layer per forward step (kernel launches, host overhead), seconds. */
  perLayerOverheadSeconds: number;
  /**
   * Extra time per layer per step when tensor-parallel (split) across GPUs, beyond the
   * all-reduce itself: host-side synchronisation in engines that do not overlap it. Seconds.
   */
  tensorParallelSyncSecondsPerLayer: number;
  /** Fixed time per forward step outside layers (sampling, scheduling), seconds. */
  perStepOverheadSeconds: number;
  /** Where the constants come from. */
  source: string;
}

/** Date the profile constants were last compared with their sources. */
export const MEASURED_ON = "2026-11-22";

/**
 * Hand-off of one step's activations between pipeline stages (a point-to-point send of a few
 * KB to MB): ≈ 20 µs, the order of NCCL's small-message send/recv latency in nccl-tests
 * (sendrecv_perf, 8 B–1 MB). An order-of-magnitude figure, not fitted; 2026-11-22.
 */
export const PIPELINE_HOP_SECONDS = 20e-6;

/**
 * Profiles. Memory efficiencies: 60-85 % MBU for optimised engines, lower for llama.cpp and
 * eager PyTorch (peers.md C7; Databricks "LLM inference performance engineering" MBU table).
 * vLLM's 0.9 memory fraction and 16-token blocks are its defaults (vllm `EngineArgs`).
 */
export const ENGINE_PROFILES: Record<EngineName, EngineProfile> = {
  transformers: {
    name: "transformers",
    label: "Hugging Face transformers",
    container: "safetensors",
    // tp_plan="auto" (transformers docs "Tensor parallelism"); device_map="auto" would split layers.
    modelSplit: "tensors",
    defaultKvFormat: "bf16",
    // torch dtypes, fine-grained FP8, bitsandbytes int8/nf4, AutoAWQ, GPTQ and MXFP4 checkpoints
    // (transformers docs "Quantization overview"). GGUF files are dequantised to full precision on
    // load (transformers docs "GGUF and interaction with Transformers"), so they are not a format it runs.
    weightFormats: ["fp32", "bf16", "fp16", "fp8", "int8", "nf4", "awq-int4", "gptq-int4", "mxfp4"],
    // DynamicCache stores keys and values in the model dtype (quantized caches use quanto/HQQ, not these formats).
    kvFormats: ["fp32", "bf16", "fp16"],
    // PyTorch back-ends: CUDA, ROCm, MPS (Metal), CPU, XLA (TPU), HPU (Gaudi, optimum-habana).
    backends: ["cuda", "rocm", "metal", "cpu", "xpu", "tpu", "gaudi"],
    planWeightFormats: ["bf16", "fp8", "int8", "awq-int4", "gptq-int4"],
    profileSequences: null,
    pipelineHopSeconds: PIPELINE_HOP_SECONDS,
    hostOffload: false,
    // CUDA context and cuBLAS workspace of an eager PyTorch process, ~0.5-1 GiB
    // (Ultra-Scale Playbook "memory usage": 1-2 GB incl. allocator; 1000 MiB in vram-calculator).
    runtimeOverheadBytes: 1 * GIB,
    memoryFraction: null,
    memoryFractionOf: "device",
    profileTokens: null,
    kvPageTokens: 1,
    memoryEfficiency: 0.75,
    computeEfficiency: 0.5,
    // Eager mode launches every kernel from Python: ~0.25 ms per decoder layer.
    perLayerOverheadSeconds: 0.25e-3,
    tensorParallelSyncSecondsPerLayer: 0,
    perStepOverheadSeconds: 2e-3,
    source: "eager PyTorch; overheads from the BLOOM-176B Accelerate benchmark (published.json IS-033)"
  },
  vllm: {
    name: "vllm",
    label: "vLLM",
    container: "safetensors",
    modelSplit: "tensors",
    defaultKvFormat: "bf16",
    // vLLM docs "Quantization" (v0.11, 2025): FP8, INT8 W8A8, bitsandbytes, AWQ, GPTQ, MXFP4 (gpt-oss)
    // and GGUF files (Q2_K..Q8_0).
    weightFormats: ["fp32", "bf16", "fp16", "fp8", "int8", "nf4", "awq-int4", "gptq-int4", "mxfp4", "q8_0", "q6_k", "q5_k_m", "q5_0", "q4_k_m", "q4_0", "q3_k_m", "q2_k"],
    // kv_cache_dtype: "auto" (the model dtype) or fp8 (vLLM docs "Quantized KV Cache").
    kvFormats: ["fp32", "bf16", "fp16", "fp8"],
    // vLLM docs "Installation": NVIDIA CUDA, AMD ROCm, Intel GPU (XPU), CPU (x86, Arm, Apple
    // silicon's CPU), Google TPU, Intel Gaudi (vllm-gaudi plugin). No Metal back-end: on a Mac it
    // runs on the CPU only.
    backends: ["cuda", "rocm", "xpu", "cpu", "tpu", "gaudi"],
    planWeightFormats: ["bf16", "fp8", "int8", "awq-int4", "gptq-int4"],
    // max_num_seqs default 256 (vllm SchedulerConfig): the sampler's logits buffer is sized for it.
    profileSequences: 256,
    pipelineHopSeconds: PIPELINE_HOP_SECONDS,
    hostOffload: false,
    // non-torch memory (NCCL, cuBLAS) plus CUDA graphs: together ~1.5 GiB on H100, fitted to
    // vLLM's logged KV budgets (published.json IM-003, IM-016: 53.29 GiB free for Llama-3-8B).
    runtimeOverheadBytes: 1.5 * GIB,
    memoryFraction: 0.9,
    memoryFractionOf: "device",
    // V1 default max_num_batched_tokens for chunked prefill (vllm/config, 2025).
    profileTokens: 8192,
    kvPageTokens: 16,
    memoryEfficiency: 0.8,
    computeEfficiency: 0.55,
    perLayerOverheadSeconds: 0.01e-3,
    tensorParallelSyncSecondsPerLayer: 0,
    perStepOverheadSeconds: 1e-3,
    source: "vLLM defaults gpu_memory_utilization=0.9, block_size=16; MBU 0.6-0.85 (peers.md C7)"
  },
  sglang: {
    name: "sglang",
    label: "SGLang",
    container: "safetensors",
    modelSplit: "tensors",
    defaultKvFormat: "bf16",
    // SGLang docs "Quantization": fp8, w8a8_int8, bitsandbytes, awq, gptq, mxfp4 (gpt-oss).
    weightFormats: ["fp32", "bf16", "fp16", "fp8", "int8", "nf4", "awq-int4", "gptq-int4", "mxfp4"],
    // --kv-cache-dtype auto | fp8_e5m2 | fp8_e4m3 (SGLang server arguments).
    kvFormats: ["fp32", "bf16", "fp16", "fp8"],
    // SGLang docs "Platforms": NVIDIA, AMD (ROCm), CPU (Intel Xeon); no Metal back-end.
    backends: ["cuda", "rocm", "cpu"],
    planWeightFormats: ["bf16", "fp8", "int8", "awq-int4", "gptq-int4"],
    // Taken equal to vLLM's max_num_seqs (256); not separately checked against SGLang's sizing.
    profileSequences: 256,
    pipelineHopSeconds: PIPELINE_HOP_SECONDS,
    hostOffload: false,
    runtimeOverheadBytes: 1.5 * GIB,
    // mem_fraction_static default ~0.88 on 80 GB GPUs (sglang server_args heuristics).
    memoryFraction: 0.88,
    memoryFractionOf: "device",
    profileTokens: 8192,
    // RadixAttention stores KV per token (page size 1).
    kvPageTokens: 1,
    memoryEfficiency: 0.8,
    computeEfficiency: 0.55,
    perLayerOverheadSeconds: 0.01e-3,
    tensorParallelSyncSecondsPerLayer: 0,
    perStepOverheadSeconds: 1e-3,
    source: "SGLang server_args defaults (mem_fraction_static, page_size=1)"
  },
  "tensorrt-llm": {
    name: "tensorrt-llm",
    label: "TensorRT-LLM",
    container: "safetensors",
    modelSplit: "tensors",
    defaultKvFormat: "bf16",
    // TensorRT-LLM docs "Numerical precision" / support matrix: FP32, FP16, BF16, FP8, INT8
    // (SmoothQuant, weight-only), INT4 AWQ and GPTQ (W4A16), MXFP4 (gpt-oss). No bitsandbytes, no GGUF.
    weightFormats: ["fp32", "bf16", "fp16", "fp8", "int8", "awq-int4", "gptq-int4", "mxfp4"],
    // KV cache in the model dtype or FP8 (INT8 KV is not one of the scenario's formats).
    kvFormats: ["fp32", "bf16", "fp16", "fp8"],
    // NVIDIA GPUs only (TensorRT-LLM support matrix).
    backends: ["cuda"],
    planWeightFormats: ["bf16", "fp8", "int8", "awq-int4", "gptq-int4"],
    // Taken equal to vLLM's max_num_seqs (256); not separately checked against TensorRT-LLM's max_batch_size.
    profileSequences: 256,
    pipelineHopSeconds: PIPELINE_HOP_SECONDS,
    hostOffload: false,
    runtimeOverheadBytes: 1.5 * GIB,
    // kv_cache_free_gpu_mem_fraction default 0.9 of the memory left after weights and activations.
    memoryFraction: 0.9,
    memoryFractionOf: "free",
    profileTokens: 8192,
    // tokens_per_block default 64 (TensorRT-LLM KvCacheConfig; 32 in older releases).
    kvPageTokens: 64,
    memoryEfficiency: 0.85,
    // Large prefill GEMMs reach ~65 % of dense peak: Falcon-180B's 2,048-token TTFT on 8×A100
    // implies 202 TFLOP/s per GPU (published.json IS-064).
    computeEfficiency: 0.65,
    perLayerOverheadSeconds: 0.005e-3,
    tensorParallelSyncSecondsPerLayer: 0,
    // Fixed time to first token beyond the forward pass (scheduling, sampling, detokenisation):
    // fitted to the NVIDIA TensorRT-LLM performance tables' 128-token TTFTs (published.json IS-057-b).
    perStepOverheadSeconds: 3e-3,
    source: "TensorRT-LLM KvCacheConfig defaults; NVIDIA TensorRT-LLM performance overview tables"
  },
  "llama.cpp": {
    name: "llama.cpp",
    label: "llama.cpp",
    container: "gguf",
    modelSplit: "layers",
    // llama.cpp common params: --cache-type-k / --cache-type-v default f16.
    defaultKvFormat: "fp16",
    // GGUF tensor types (ggml.h ggml_type): F32, F16, BF16, the k-quants and legacy quants, MXFP4
    // (added for gpt-oss, 2025-08). No FP8, INT8, NF4, AWQ or GPTQ tensors.
    weightFormats: ["fp32", "bf16", "fp16", "q8_0", "q6_k", "q5_k_m", "q5_0", "q4_k_m", "q4_0", "q3_k_m", "q2_k", "mxfp4"],
    // --cache-type-k/-v: f32, f16, bf16, q8_0, q4_0 (and q4_1, iq4_nl, q5_0, q5_1, not scenario formats).
    kvFormats: ["fp32", "bf16", "fp16", "q8_0", "q4_0"],
    // ggml back-ends: CUDA, HIP (ROCm), Metal, SYCL (Intel GPUs), CPU (and Vulkan, not modelled).
    backends: ["cuda", "rocm", "metal", "xpu", "cpu"],
    planWeightFormats: ["bf16", "q8_0", "q4_k_m"],
    profileSequences: null,
    pipelineHopSeconds: PIPELINE_HOP_SECONDS,
    hostOffload: true,
    runtimeOverheadBytes: 300 * MIB,
    memoryFraction: null,
    memoryFractionOf: "device",
    // Compute buffers are sized for one micro-batch (n_ubatch = 512 by default).
    profileTokens: 512,
    // The KV cache is allocated for n_ctx, padded to 256 tokens (llama.cpp llama_kv_cache padding).
    kvPageTokens: 256,
    memoryEfficiency: 0.85,
    // Prefill GEMMs (cuBLAS / MMQ) of current builds: pp512 of Llama-3-8B on an RTX 3090 runs at
    // ~0.8 of the fp32-accumulate tensor peak (published.json IS-026-c, IS-027-c).
    computeEfficiency: 0.7,
    // Graph build and launch cost per layer, fitted to the llama.cpp discussion #4167 / #15013
    // decode tables (published.json IS-001..IS-028): ~0.1 ms per layer per token.
    perLayerOverheadSeconds: 0.1e-3,
    // `--split-mode row` synchronises the GPUs through the host after each split matrix
    // product: Llama-2-70B Q4_0 on 2×RTX 3090 decodes at 14.3 tok/s where bandwidth alone
    // allows ~28 (published.json IS-017): ≈ 0.4 ms per layer.
    tensorParallelSyncSecondsPerLayer: 0.4e-3,
    perStepOverheadSeconds: 0.3e-3,
    source: "llama.cpp defaults (n_ubatch 512, KV padding 256); efficiencies fitted to llama.cpp discussions #4167, #15013"
  }
};

/**
 * Workspace a forward pass of T tokens needs beyond weights and KV cache, bytes per GPU:
 *
 *     activationPeak ≈ T · (4·D + 2·F_eff) · b_a / t  +  S · V · 4
 *
 * the residual stream, normalised input, attention output and the gate/up products of the MLP
 * alive at once for T tokens (F_eff = F for dense layers, k·F_e + S·F_s for MoE), split over t
 * tensor-parallel ranks, plus fp32 logits for the S sequences sampled at once. b_a = 2 (bf16).
 * This is what vLLM's profiling run measures as "PyTorch activation peak memory".
 */
export function activationWorkspaceBytes(options: {tokens: number; hiddenSize: number; mlpWidth: number;
  vocabSize: number; sequences: number; tensorParallel?: number; bytesPerActivation?: number}): number {
  const {tokens, hiddenSize, mlpWidth, vocabSize, sequences, tensorParallel = 1, bytesPerActivation = 2} = options;
  const stream = (tokens * (4 * hiddenSize + 2 * mlpWidth) * bytesPerActivation) / tensorParallel;
  const logits = sequences * vocabSize * 4;
  return stream + logits;
}

/** The profile of an engine. */
export function engineProfile(engine: EngineName): EngineProfile {
  return ENGINE_PROFILES[engine];
}

/** Whether an engine splits a model over GPUs by layers (pipeline stages) rather than by tensors. */
export function splitsByLayers(engine: EngineName): boolean {
  return ENGINE_PROFILES[engine].modelSplit === "layers";
}

/**
 * Continuous-batching constants of a serving engine (workload.serving, lib/serving/*): its
 * scheduler's defaults and the fixed costs of a step that bandwidth and FLOP do not explain.
 * Typed fields, each with its source; `fitted` marks a constant set from measurements (the
 * rows named in `fitNote`; lib/serving/README-style notes in lib/serving/step.ts), and the
 * validation reports the error on the rows it was not fitted on.
 */
export interface EngineServingProfile {
  /**
   * Default token budget per step and most running requests, first entry whose
   * `minDeviceBytes` the GPU reaches (and whose `excludeGpuIds` does not match its id).
   */
  schedulerDefaults: readonly {minDeviceBytes: number; excludeGpuIds?: readonly string[];
    maxBatchedTokens: number; maxRunningRequests: number}[];
  /** Latency of one tensor-parallel all-reduce of a small message at 2 ranks, seconds. */
  allReduceLatencySeconds: number;
  /** Extra latency per further rank of that all-reduce (ring / two-shot hops), seconds. */
  allReduceLatencyPerRankSeconds: number;
  /** Latency of one MoE all-to-all (dispatch or combine) under expert parallelism, seconds. */
  allToAllLatencySeconds: number;
  /** Host time per step added by tensor parallelism (broadcasting the batch to worker processes), seconds. */
  tensorParallelStepSeconds: number;
  /** API-server time per request outside the GPU (HTTP, tokenisation, detokenisation), seconds, added to TTFT. */
  requestOverheadSeconds: number;
  /** Achieved bandwidth of the grouped expert GEMM relative to a dense GEMM's (fused-MoE kernels). */
  moeBandwidthEfficiency: number;
  /** Tokens per expert tile: each touched expert's tokens are padded up to a multiple (vLLM moe_align_block_size). */
  moeBlockTokens: number;
  /** Fixed time per speculative draft step (the draft head's launch and sampling), seconds. */
  draftStepSeconds: number;
  /**
   * Achieved fraction of dense peak FLOP/s in a serving step's matrix products (prefill chunks
   * mixed with decode tokens: FP8/FP4 GEMMs, attention, MoE dispatch included).
   */
  stepComputeEfficiency: number;
  /**
   * Steps a new request waits before its first chunk is scheduled: ½ (the running step's
   * residual) plus one when the scheduler plans a step ahead (vLLM `--async-scheduling`).
   */
  admissionSteps: number;
  /**
   * Most tokens a step may carry and still replay a captured CUDA graph; a step carrying prefill
   * tokens beyond it runs eagerly (kernel by kernel from the host). vLLM: piecewise graphs up to
   * `max_cudagraph_capture_size` = min(2·max_num_seqs, 512) (vllm/config/vllm.py
   * `_set_cudagraph_sizes`; cudagraph_dispatcher returns NONE above it); SGLang: graphs for decode
   * batches only (cuda_graph_runner), prefill ("extend") batches are eager; TensorRT-LLM PyTorch
   * backend: `cuda_graph_config` covers generation-only batches, any step with a context request
   * is eager. 0 = every step with prefill is eager.
   */
  cudaGraphMaxTokens: number;
  /**
   * Host time to issue one kernel eagerly (Python dispatch, PyTorch op overhead and the CUDA
   * launch), seconds. An eager step takes at least Σ_layers kernels·this (serving/step.ts
   * EAGER_KERNELS: 15 for a dense GQA layer, more for MoE and MLA); the GPU runs behind the host,
   * so such a step lasts max(GPU time, host time).
   */
  eagerKernelSeconds: number;
  /**
   * Whether the host schedules and launches step n+1 while step n still runs on the GPU (vLLM
   * V1 `--async-scheduling`, SGLang's overlap scheduler, TensorRT-LLM's overlap scheduler), so an
   * eager step's host time overlaps the decode step before it (serving/step.ts).
   */
  hostRunsAhead: boolean;
  /**
   * Whether the scheduler splits a prompt across steps to fill each step's token budget (chunked
   * prefill): then a step takes budget ÷ prompt length prompts, fractions included. Without it a
   * step takes only whole prompts, ⌊budget ÷ prompt⌋ of them, and a prompt longer than half the
   * budget has a step to itself (steady.ts, the wait for the prefill slot).
   */
  chunkedPrefill: boolean;
  /** Where these come from, and which were fitted on which rows. */
  source: string;
  /**
   * Older releases whose serving constants differ from this profile's (the profile describes the
   * current release): the first entry whose `before` is above `workload.engineVersion` replaces
   * the fields it names. Empty when no older release is known to differ.
   */
  versions: readonly EngineServingVersion[];
}

/** A range of older releases of an engine and the serving constants in which it differs. */
export interface EngineServingVersion {
  /** The range is every version below this one ("1.0": 0.x releases). */
  before: string;
  /** What these releases are, for messages and notes. */
  label: string;
  /** The constants that differ. */
  overrides: Partial<Omit<EngineServingProfile, "versions" | "source">>;
  /** Where the difference is documented. */
  source: string;
}

/** −1, 0 or 1 as version a is below, equal to or above b, by their numeric parts ("0.14.0" < "1.0"). */
export function compareEngineVersions(a: string, b: string): number {
  const parts = (v: string) => (v.match(/^\d+(\.\d+){0,2}/)?.[0] ?? "0").split(".").map(Number);
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/**
 * The serving profile of an engine at a release: the current profile, with the fields of the
 * first `versions` entry whose `before` is above `version` replaced. No version: the current one.
 */
export function servingProfileFor(engine: EngineName, version?: string): EngineServingProfile {
  const profile = ENGINE_SERVING_PROFILES[engine];
  if (version === undefined) return profile;
  const older = profile.versions.find((v) => compareEngineVersions(version, v.before) < 0);
  return older ? {...profile, ...older.overrides} : profile;
}

/** Date the serving constants were last compared with their sources. */
export const SERVING_MEASURED_ON = "2026-12-06";

const SERVING_GIB = 2 ** 30;

/**
 * TensorRT-LLM before 1.0 served through its TensorRT-engine backend (Triton's tensorrtllm_backend,
 * `trtllm-serve` on a built engine, NIM's TensorRT-LLM profiles): the C++ batch manager enqueues a
 * whole step as one compiled TensorRT engine, so a step carrying a context request has no
 * per-kernel Python dispatch (eagerKernelSeconds 0; the PyTorch backend's 54 µs per kernel is what
 * its PyExecutor costs). The PyTorch backend appeared in 0.17 behind `tensorrt_llm._torch` (docs
 * 0.18.2/0.19.0 torch.md: "from tensorrt_llm._torch import LLM"); from 1.0 `tensorrt_llm.LLM` and
 * `trtllm-serve` default to it (docs 1.0.0rc2 torch.md; 1.1 moves the engine LLM to
 * `tensorrt_llm._tensorrt_engine`), read 2026-12-06. Not fitted: a mechanism value. On the
 * TensorRT-LLM 0.14 Triton rows (SV-053…SV-060, check) it takes the TTFT median |error| from 16.8 % to
 * 11.1 % and the TPOT median from 19.2 % to 17.2 % (the largest miss, SV-059's TTFT, from +72 % to −7 %).
 */
export const TENSORRT_ENGINE_BACKEND: EngineServingVersion = {
  before: "1.0",
  label: "TensorRT-LLM 0.x (TensorRT-engine backend)",
  overrides: {eagerKernelSeconds: 0},
  source: "NVIDIA TensorRT-LLM docs torch.md, 0.18.2/0.19.0 vs 1.0.0rc2/1.1.0rc3 (default LLM backend)"
};

/**
 * Per-engine serving profiles. Scheduler defaults are read from each engine's code:
 * - vLLM `EngineArgs.get_batch_defaults` (vllm/engine/arg_utils.py, v0.9-0.11): GPUs with
 *   ≥ 70 GiB that are not A100: max_num_batched_tokens 8192, max_num_seqs 1024 for the API
 *   server; otherwise 2048 and 256.
 * - SGLang `ServerArgs` (python/sglang/srt/server_args.py): chunked_prefill_size 2048 below
 *   35 GiB, 8192 below 160 GiB, 16384 above; running requests bounded by the KV pool.
 * - TensorRT-LLM `BuildConfig`/`trtllm-serve` defaults: max_num_tokens 8192, max_batch_size 2048.
 * - llama.cpp `llama-server`: n_ubatch 512 tokens per step, 4 slots (`--parallel` auto).
 * - transformers: no continuous batching; a request's whole prompt in one pass, no cap.
 * All-reduce latency: NCCL / custom all-reduce small-message latency on NVLink is a few µs per
 * hop (nccl-tests all_reduce_perf, 8-byte messages: ≈ 10-20 µs at 8 H100s); vLLM's and
 * TRT-LLM's custom one-shot all-reduce are at the low end.
 */
export const ENGINE_SERVING_PROFILES: Record<EngineName, EngineServingProfile> = {
  vllm: {
    schedulerDefaults: [
      {minDeviceBytes: 70 * SERVING_GIB, excludeGpuIds: ["a100"], maxBatchedTokens: 8192, maxRunningRequests: 1024},
      {minDeviceBytes: 0, maxBatchedTokens: 2048, maxRunningRequests: 256}
    ],
    allReduceLatencySeconds: 6e-6,
    allReduceLatencyPerRankSeconds: 1.5e-6,
    allToAllLatencySeconds: 20e-6,
    tensorParallelStepSeconds: 0.5e-3,
    requestOverheadSeconds: 10e-3,
    moeBandwidthEfficiency: 0.7,
    moeBlockTokens: 16,
    draftStepSeconds: 0.3e-3,
    stepComputeEfficiency: 0.45,
    admissionSteps: 1.5,
    cudaGraphMaxTokens: 512,
    eagerKernelSeconds: 45e-6,
    hostRunsAhead: true,
    // V1 always chunks prefills to the token budget (vllm/config SchedulerConfig: chunked prefill on in V1).
    chunkedPrefill: true,
    // admissionSteps 1.5 = ½ residual + 1 step scheduled ahead (V1 `--async-scheduling`: the
    // engine core schedules step n+1 while step n runs, so a request that arrives during step n
    // first runs in step n+2); the sampled token is sent as soon as its step's result is read
    // (EngineCore.step_with_batch_queue), not a step later. cudaGraphMaxTokens 512 = vLLM's cap min(2·max_num_seqs, 512)
    // at its default max_num_seqs (a 1k-token prompt's step is eager in every case).
    // stepComputeEfficiency 0.45 FITTED 2026-12-06 on the 13 vLLM InferenceX rows of
    // data/ground-truth/serving-cases.json (SV-001…SV-026, median |error| of TTFT and TPOT);
    // requestOverheadSeconds 10 ms (API server: HTTP, tokenisation, ZMQ hops to and from the
    // engine core, detokenisation) and eagerKernelSeconds 45 µs (torch.compile'd code without a
    // graph: op dispatch + launch) FITTED 2026-12-06 on the same rows, after the eager-step
    // mechanism. Re-checked 2026-12-06 once the gpt-oss rows state the CUDA-graph size their
    // launches pass (serving.cudaGraphMaxTokens 2048: their 1k-token steps are graphed, and their
    // TTFT is carried by step.ts DEQUANT_MOE_COMPUTE_EFFICIENCY instead): the eager steps left are
    // the Llama rows' (max-num-seqs = concurrency, so vLLM graphs at most 2·C tokens); the vLLM fit
    // rows' TTFT median is 9.5 % for any value from 30 to 55 µs, and 45 µs is kept;
    // stepComputeEfficiency 0.40 / 0.45 / 0.50 → 12.0 / 9.5 / 13.7 %, kept. Every other row is held out.
    // hostRunsAhead: async scheduling (InferenceX launches pass --async-scheduling).
    source: "vllm/engine/arg_utils.py get_batch_defaults; fused_moe moe_align_block_size (BLOCK_SIZE_M ≥ 16); fitted constants above",
    versions: []
  },
  sglang: {
    schedulerDefaults: [
      {minDeviceBytes: 160 * SERVING_GIB, maxBatchedTokens: 16384, maxRunningRequests: 4096},
      {minDeviceBytes: 35 * SERVING_GIB, maxBatchedTokens: 8192, maxRunningRequests: 4096},
      {minDeviceBytes: 0, maxBatchedTokens: 2048, maxRunningRequests: 4096}
    ],
    allReduceLatencySeconds: 6e-6,
    allReduceLatencyPerRankSeconds: 1.5e-6,
    allToAllLatencySeconds: 20e-6,
    tensorParallelStepSeconds: 0.3e-3,
    requestOverheadSeconds: 10e-3,
    moeBandwidthEfficiency: 0.7,
    moeBlockTokens: 16,
    draftStepSeconds: 0.3e-3,
    stepComputeEfficiency: 0.45,
    admissionSteps: 2.5,
    cudaGraphMaxTokens: 0,
    eagerKernelSeconds: 60e-6,
    hostRunsAhead: true,
    // server_args.py chunked_prefill_size (2048-16384 by GPU memory): prompts are split into chunks of it.
    chunkedPrefill: true,
    // admissionSteps 2.5: the overlap scheduler (default on) plans a step ahead, outputs one step
    // late. stepComputeEfficiency and requestOverheadSeconds are not fitted (3 SGLang fit rows are
    // too few): vLLM's fitted efficiency (same FlashInfer/Triton kernels) and 10 ms assumed.
    // cudaGraphMaxTokens 0: cuda_graph_runner captures decode batches only; prefill ("extend")
    // batches run eagerly (server_args.py: enable_piecewise_cuda_graph = False, and
    // enable_mixed_chunk = False: a prefill batch runs on its own while decodes wait, which costs
    // the running requests the same step time as a mixed step). eagerKernelSeconds 60 µs set
    // 2026-12-06 on the 3 SGLang InferenceX rows (SV-022, SV-023, SV-025: DeepSeek-R1, 34 kernels
    // per MLA + MoE layer counted): 60-90 µs fit them alike (fit TTFT median 16-15 %); the low end
    // is taken because DeepSeek is the only SGLang model there, and 90 µs would charge a Llama-70B
    // prefill step 108 ms of host time. hostRunsAhead: the overlap scheduler (server_args
    // disable_overlap_schedule = False).
    source: "sglang/srt/server_args.py chunked_prefill_size by GPU memory; fused_moe_triton block size 16",
    versions: []
  },
  "tensorrt-llm": {
    schedulerDefaults: [{minDeviceBytes: 0, maxBatchedTokens: 8192, maxRunningRequests: 2048}],
    allReduceLatencySeconds: 5e-6,
    allReduceLatencyPerRankSeconds: 1e-6,
    allToAllLatencySeconds: 15e-6,
    tensorParallelStepSeconds: 0.1e-3,
    requestOverheadSeconds: 5e-3,
    moeBandwidthEfficiency: 0.75,
    moeBlockTokens: 16,
    draftStepSeconds: 0.2e-3,
    stepComputeEfficiency: 0.52,
    admissionSteps: 0.5,
    cudaGraphMaxTokens: 0,
    eagerKernelSeconds: 54e-6,
    hostRunsAhead: true,
    // enable_chunked_prefill defaults to False (LlmArgs; ExecutorConfig enable_chunked_context in the
    // 0.x TensorRT-engine runtime): the capacity scheduler packs whole context requests up to
    // max_num_tokens, so a prompt above half the budget has a step to itself.
    chunkedPrefill: false,
    // stepComputeEfficiency 0.52 FITTED (2026-12-06, refitted after the Llama rows took the
    // launch scripts' max_num_tokens 16384; 0.6 with 8192) on the TPOT of the 10 TensorRT-LLM
    // InferenceX rows (SV-001…SV-026): median |TPOT error| 6.8 % (0.50: 7.2, 0.54: 7.4). admissionSteps (½: in-flight batching) and the 5 ms request overhead
    // are mechanism values, not fitted. The first token is streamed at once whatever
    // stream_interval says (PyExecutor `_handle_first_token_response`, `py_decoding_iter == 1`).
    // cudaGraphMaxTokens 0: the PyTorch backend (trtllm-serve's default since 1.0) replays CUDA
    // graphs for generation-only batches (`cuda_graph_config`); a step with a context request is
    // eager (TorchCompileConfig.enable_piecewise_cuda_graph defaults to False). eagerKernelSeconds
    // 54 µs FITTED 2026-12-06 on the same 10 rows (median |error| of TTFT and TPOT; TPOT does
    // not move with it, TTFT 8.9 % at 54 µs, 11.1 at 50, 9.9 at 56; was 45 µs with 8192).
    // hostRunsAhead: the PyTorch executor's overlap scheduler (disable_overlap_scheduler = False).
    source: "TensorRT-LLM BuildConfig defaults max_num_tokens 8192, max_batch_size 2048; fitted constant above",
    versions: [TENSORRT_ENGINE_BACKEND]
  },
  "llama.cpp": {
    schedulerDefaults: [{minDeviceBytes: 0, maxBatchedTokens: 512, maxRunningRequests: 4}],
    allReduceLatencySeconds: 50e-6,
    allReduceLatencyPerRankSeconds: 10e-6,
    allToAllLatencySeconds: 100e-6,
    tensorParallelStepSeconds: 0,
    requestOverheadSeconds: 2e-3,
    moeBandwidthEfficiency: 0.7,
    moeBlockTokens: 1,
    draftStepSeconds: 0.5e-3,
    stepComputeEfficiency: 0.7,
    admissionSteps: 0.5,
    cudaGraphMaxTokens: 1e9,
    eagerKernelSeconds: 0,
    hostRunsAhead: false,
    // n_ubatch splits a prompt into 512-token micro-batches.
    chunkedPrefill: true,
    source: "llama-server defaults (n_ubatch 512, --parallel auto = 4 slots)",
    versions: []
  },
  transformers: {
    schedulerDefaults: [{minDeviceBytes: 0, maxBatchedTokens: 1e8, maxRunningRequests: 1e6}],
    allReduceLatencySeconds: 15e-6,
    allReduceLatencyPerRankSeconds: 3e-6,
    allToAllLatencySeconds: 50e-6,
    tensorParallelStepSeconds: 1e-3,
    requestOverheadSeconds: 5e-3,
    moeBandwidthEfficiency: 0.5,
    moeBlockTokens: 1,
    draftStepSeconds: 2e-3,
    stepComputeEfficiency: 0.5,
    admissionSteps: 0.5,
    cudaGraphMaxTokens: 0,
    eagerKernelSeconds: 0,
    hostRunsAhead: false,
    chunkedPrefill: false,
    source: "eager PyTorch, no continuous batching (a request's prompt in one forward pass)",
    versions: []
  }
};
