/**
 * One step of a continuous-batching engine on one replica (TP × PP GPUs, experts over EP):
 * the forward pass that carries every running request's decode token(s) and, within the
 * token budget, prefill chunks (vLLM V1 `Scheduler.schedule`, SGLang's mixed chunked
 * prefill, TensorRT-LLM in-flight batching all build steps this way).
 *
 *     t_step = KV_read/(BW·η_m) + max( W_nr/(BW·η_m) + W_r·U(T)/E/(BW·η_m·η_moe), FLOP/(P·η_c) )
 *              + t_comm + t_fixed
 *
 *     T        tokens in the step: d·(1 + k) decode/verify tokens + p prefill tokens
 *     W_nr     weights every token passes (attention, dense MLPs, shared experts, LM head), per GPU
 *     W_r·U/E  routed experts touched by T tokens, U(T) = E·(1 − (1 − k/E)^T) (throughput.ts)
 *     FLOP     2·M_body·T − routed part + expert FLOP padded to tiles (÷ DEQUANT_MOE_COMPUTE_EFFICIENCY
 *              for MXFP4 experts on GPUs without FP4 matrix units):
 *              2·(R/E)·U(T)·⌈T·k/U(T) / b⌉·b  (each touched expert's tokens padded to b,
 *              vLLM fused_moe `moe_align_block_size`), + attention 2·N_q·(H_qk+H_v)·c per token,
 *              + LM head 2·D·V per sampled token
 *     t_comm   per layer: an all-reduce after attention and after the MLP over t ranks,
 *              each (α(t) + 2(t−1)/t · T·D·2 B / link), α(t) = α₂ + α_r·(t − 2);
 *              MoE layers under expert parallelism: dispatch + combine all-to-alls instead
 *     t_fixed  engine step overhead + per-layer launch cost + TP host broadcast (engines.ts)
 *
 * A step that carries prefill tokens beyond the engine's CUDA-graph size (engines.ts
 * `cudaGraphMaxTokens`) is issued kernel by kernel; the GPU then waits on the host whenever the
 * host is slower:
 *
 *     t_step(eager) = max(t_gpu, t_host − s) + t_fixed,   t_host = Σ_layers k_layer · t_kernel
 *     k_layer = k_dense + k_moe·[MoE layer] + k_mla·[MLA attention]     (EAGER_KERNELS)
 *
 *     t_gpu    the roofline and collectives above;  t_kernel engines.ts `eagerKernelSeconds`
 *     s        host slack: an engine that launches a step while the previous one still runs on
 *              the GPU (vLLM async scheduling, SGLang's overlap scheduler, TensorRT-LLM's overlap
 *              scheduler) has already spent the previous step's length on this one (StepLoad
 *              `hostSlackSeconds`; steady.ts weights it by the chance the previous step decoded)
 *
 * Sources: scaling-book "All about Transformer inference" (roofline of a step); Agrawal et
 * al. 2024 "Sarathi-Serve" (mixed chunked-prefill steps); vLLM fused_moe; NCCL latencies.
 */
import type {Architecture} from "../architecture.js";
import {ENGINE_PROFILES, servingProfileFor, type EngineProfile, type EngineServingProfile} from "../engines.js";
import {attentionFlopsPerToken, matmulParamsPerToken} from "../flops.js";
import type {EngineName, KvFormat, WeightFormat} from "../formats.js";
import {deviceCapabilities, type GpuSpec} from "../hardware.js";
import {modelWeightBytes} from "../inference.js";
import {kvCacheLayout, type KvCacheLayout} from "../kvCache.js";
import {tensorsOf} from "../params.js";
import {computePrecisionFor, peakFlopsPerSecond, PCIE_EFFECTIVE_BYTES_PER_SECOND} from "../throughput.js";

/**
 * Whether the experts' grouped GEMM reads its weights as a dense GEMM would (bandwidth efficiency 1
 * instead of the profile's `moeBandwidthEfficiency`): MXFP4 experts on a GPU with native FP4 matrix
 * units (Blackwell). There the engines run block-scaled MoE kernels that consume the MXFP4 weights
 * and scales directly (vLLM: FlashInfer's TRT-LLM-gen MXFP4 fused MoE on SM100,
 * `VLLM_USE_FLASHINFER_MOE_MXFP4_*`; TensorRT-LLM: `moe_config.backend: TRTLLM`, as InferenceX's B200
 * gpt-oss launch sets). Elsewhere (Hopper) MXFP4 experts are dequantised inside a Marlin / Triton
 * `matmul_ogs` kernel (InferenceX's H100/H200 launches: `VLLM_MXFP4_USE_MARLIN=1`, TRT-LLM `backend:
 * TRITON`) and the fused-MoE efficiency applies. Read 2026-12-06 from the InferenceX launch scripts
 * named in serving-cases.json; InferenceX's B200 gpt-oss rows (SV-019/020, fit) ran 50-60 % faster per
 * step than the fused-MoE efficiency allows.
 */
export function nativeBlockScaledMoe(weights: WeightFormat, gpu: GpuSpec): boolean {
  return weights === "mxfp4" && deviceCapabilities(gpu).fp4;
}

/**
 * Fraction of the step's compute efficiency that the experts' GEMMs reach when their MXFP4 weights
 * are dequantised inside the kernel, on GPUs without FP4 matrix units (Hopper: vLLM's Marlin MXFP4
 * MoE, `VLLM_MXFP4_USE_MARLIN=1`; TensorRT-LLM's Triton `matmul_ogs`, `moe_config.backend: TRITON`).
 * Weight-only kernels like these are built for bandwidth-bound decoding; in a prefill step's
 * compute-bound expert GEMMs every weight tile is unpacked and rescaled before the BF16 MMA, which
 * costs issue slots and registers that the dense FP8/BF16 GEMMs the step efficiency was fitted on
 * do not pay. Decode steps stay bandwidth-bound and are unaffected.
 *
 *     expert GEMM time = expert FLOP / (peak · stepComputeEfficiency · DEQUANT_MOE_COMPUTE_EFFICIENCY)
 *
 * FITTED 2026-12-06 on the four Hopper gpt-oss-120b fit rows of data/ground-truth/serving-cases.json
 * (SV-015, SV-016, SV-018 vLLM, SV-017 TensorRT-LLM; SV-001…SV-026 only), median |TTFT error| over
 * them: 0.3 → 24.2 %, 0.35 → 20.5 %, 0.4 → 22.4 %, 0.45 → 26.0 %, 0.5 → 28.8 %, 0.6 → 33.1 % (the vLLM
 * rows with the CUDA-graph size their launches pass, serving.cudaGraphMaxTokens 2048). Held out: the
 * 14 Hopper gpt-oss InferenceX check rows (SV-099…SV-110, SV-117/118) and TensorRT-LLM's H200 gpt-oss
 * throughput table row (SV-030: +154 % → +31 %).
 */
export const DEQUANT_MOE_COMPUTE_EFFICIENCY = 0.35;

/** Whether a format's experts are dequantised in the GEMM on this GPU (MXFP4 without FP4 matrix units). */
export function dequantisedMoe(weights: WeightFormat, gpu: GpuSpec): boolean {
  return weights === "mxfp4" && !deviceCapabilities(gpu).fp4;
}

/** A replica's layout: tensor, pipeline and expert parallel degrees. */
export interface ReplicaLayout {
  tensorParallel: number;
  pipelineParallel: number;
  expertParallel: number;
}

/** The time of one step split into its parts (seconds). */
export interface StepParts {
  seconds: number;
  kvSeconds: number;
  weightSeconds: number;
  computeSeconds: number;
  commSeconds: number;
  fixedSeconds: number;
  /** Host time to issue the step kernel by kernel when it runs without a CUDA graph, else 0; the step lasts max(GPU, host) + fixed. */
  hostSeconds: number;
}

/** What a step carries. */
export interface StepLoad {
  /** Requests decoding in this step. */
  decodeRequests: number;
  /** Tokens each decoding request runs through the model (1, or 1 + proposed tokens when verifying a draft). */
  tokensPerDecodeRequest: number;
  /** Mean context of the decoding requests (tokens attended). */
  decodeContextTokens: number;
  /** Prefill tokens computed in this step. */
  prefillTokens: number;
  /** Mean context already held before each prefill token (cached prefix + earlier chunks + half the chunk). */
  prefillContextTokens: number;
  /** Prefill tokens whose logits are sampled (requests finishing their prompt in this step). */
  prefillSampled: number;
  /**
   * Host time already spent on this step while the previous one ran on the GPU (engines that
   * schedule and launch a step ahead, engines.ts `hostRunsAhead`): the previous step's length when
   * it was a decode step, 0 after an eager step or on an idle server. Default 0.
   */
  hostSlackSeconds?: number;
}

/**
 * Everything about one model × GPU × engine × format × layout that does not change from step to
 * step, computed once; `stepSeconds` is then arithmetic only (the frontier calls it ~10^5 times).
 */
export interface ReplicaModel {
  arch: Architecture;
  gpu: GpuSpec;
  engine: EngineProfile;
  serving: EngineServingProfile;
  layout: ReplicaLayout;
  /** GPUs of one replica: max(TP·PP, EP). */
  gpus: number;
  /** Attention data-parallel groups inside a replica (EP > TP·PP), else 1. */
  attentionGroups: number;
  kv: KvCacheLayout;
  /** KV bytes one token holds over the whole replica (all ranks), for disaggregated transfer. */
  kvBytesPerTokenAllRanks: number;
  weightBytes: {total: number; routed: number};
  /** Per-GPU weight bytes read for non-routed tensors. */
  nonRoutedBytesPerGpu: number;
  routedBytesPerGpu: number;
  peakFlopsPerSecond: number;
  computePrecision: string;
  stepSeconds(load: StepLoad): StepParts;
  /** `stepSeconds(load).seconds` without building the parts (the steady-state solver asks it thousands of times per plan). */
  stepTotalSeconds(load: StepLoad): number;
}

/** Latency of one all-reduce of a small message over `ranks` GPUs: α(t) = α₂ + α_r·(t − 2). */
export function allReduceLatencySeconds(profile: EngineServingProfile, ranks: number, nvlink: boolean): number {
  if (ranks <= 1) return 0;
  const scale = nvlink ? 1 : PCIE_LATENCY_FACTOR;
  return (profile.allReduceLatencySeconds + profile.allReduceLatencyPerRankSeconds * (ranks - 2)) * scale;
}

/**
 * Without NVLink, collectives cross PCIe switches and the host: small-message latency ≈ 5× the
 * NVLink figure (nccl-tests all_reduce_perf: ≈ 50 µs across PCIe vs ≈ 8-10 µs on NVLink).
 */
export const PCIE_LATENCY_FACTOR = 5;

/**
 * Kernels one transformer layer launches when issued eagerly (counted in vLLM's and SGLang's
 * model code for an FP8 checkpoint; 2026-12-06):
 * - dense: input RMSNorm, QKV activation quantisation + GEMM, RoPE, attention, O quantisation +
 *   GEMM, all-reduce, residual + RMSNorm, gate-up quantisation + GEMM, SiLU·mul, down
 *   quantisation + GEMM, all-reduce: 15;
 * - MoE MLP instead of the dense one adds the router GEMM, top-k, token sort/align
 *   (`moe_align_block_size`), the second grouped GEMM's quantisation and launch, the weighted
 *   sum, and a shared expert where there is one: +8;
 * - MLA attention instead of GQA adds the query down-projection and its norm, the KV
 *   down-projection and its norm, the up-projection/absorbed batched GEMMs and the separate RoPE
 *   part, each GEMM with its quantisation: +11.
 */
export const EAGER_KERNELS = {dense: 15, moeExtra: 8, mlaExtra: 11} as const;

/** Σ over layers of the kernels each issues eagerly (EAGER_KERNELS). */
export function eagerKernelsPerStep(arch: Architecture): number {
  const moeLayers = arch.moe ? arch.moe.moeLayers.filter(Boolean).length : 0;
  const perLayer = EAGER_KERNELS.dense + (arch.mla ? EAGER_KERNELS.mlaExtra : 0);
  return arch.layers * perLayer + moeLayers * EAGER_KERNELS.moeExtra;
}

const layoutCache = new WeakMap<Architecture, Map<string, KvCacheLayout>>();

/** kvCacheLayout once per architecture × format × split × page (it walks every layer). */
function cachedLayout(arch: Architecture, format: KvFormat, tensorParallel: number, pipelineParallel: number, pageTokens: number): KvCacheLayout {
  let byKey = layoutCache.get(arch);
  if (!byKey) { byKey = new Map(); layoutCache.set(arch, byKey); }
  const key = `${format}/${tensorParallel}/${pipelineParallel}/${pageTokens}`;
  let layout = byKey.get(key);
  if (!layout) { layout = kvCacheLayout({arch, format, tensorParallel, pipelineParallel, pageTokens}); byKey.set(key, layout); }
  return layout;
}

const flopCache = new WeakMap<Architecture, {routedParams: number; bodyParams: number}>();

/** Routed-expert matrix parameters (all experts) and the matrix parameters a token passes (LM head excluded), once per architecture. */
function flopConstants(arch: Architecture): {routedParams: number; bodyParams: number} {
  let c = flopCache.get(arch);
  if (!c) {
    const tensors = tensorsOf(arch);
    let routedParams = 0;
    for (const x of tensors) if (x.expert === "routed" && x.inFeatures > 0) routedParams += x.params;
    c = {routedParams, bodyParams: matmulParamsPerToken({arch, includeLmHead: false, tensors})};
    flopCache.set(arch, c);
  }
  return c;
}

/**
 * `engineVersion`: the engine release (workload.engineVersion); its serving constants (engines.ts
 * servingProfileFor). `cudaGraphMaxTokens` (workload.serving.cudaGraphMaxTokens): the launch's
 * CUDA-graph size, for engines that graph prefill steps (profile value > 0: vLLM); others keep
 * their decode-only graphs.
 */
export function replicaModel(options: {arch: Architecture; gpu: GpuSpec; engine: EngineName; weights: WeightFormat;
  kvCache: KvFormat; layout: ReplicaLayout; engineVersion?: string; cudaGraphMaxTokens?: number}): ReplicaModel {
  const {arch, gpu, layout} = options;
  const engine = ENGINE_PROFILES[options.engine];
  const serving = servingProfileFor(options.engine, options.engineVersion);
  const t = layout.tensorParallel;
  const pp = layout.pipelineParallel;
  const ep = layout.expertParallel;
  const modelParallel = t * pp;
  const gpus = Math.max(modelParallel, ep);
  const attentionGroups = Math.max(1, Math.round(gpus / modelParallel));
  const kv = cachedLayout(arch, options.kvCache, t, pp, engine.kvPageTokens);
  const kvAll = cachedLayout(arch, options.kvCache, 1, 1, 1);
  const w = modelWeightBytes({arch, format: options.weights, container: engine.container});
  const nonRoutedBytesPerGpu = (w.totalBytes - w.routedBytes) / modelParallel;
  const routedBytesPerGpu = w.routedBytes / gpus;
  const precision = computePrecisionFor({format: options.weights, gpu});
  const peak = peakFlopsPerSecond({gpu, precision});

  // FLOP constants.
  const {routedParams, bodyParams} = flopConstants(arch);
  const moe = arch.moe;
  const E = moe?.experts ?? 1;
  const k = moe?.expertsPerToken ?? 1;
  const activeRouted = moe ? routedParams * (k / E) : 0;
  const nonRoutedBody = bodyParams - activeRouted;
  const headFlops = 2 * arch.hiddenSize * arch.vocabSize;
  const moeLayers = moe ? moe.moeLayers.filter(Boolean).length : 0;
  const block = Math.max(1, serving.moeBlockTokens);
  const moeEfficiency = nativeBlockScaledMoe(options.weights, gpu) ? 1 : serving.moeBandwidthEfficiency;

  const bw = gpu.bandwidthBytesPerSecond * engine.memoryEfficiency;
  const compute = peak * serving.stepComputeEfficiency;
  const link = gpu.interconnectBytesPerSecond ?? PCIE_EFFECTIVE_BYTES_PER_SECOND;
  const nvlink = gpu.interconnectBytesPerSecond !== null;
  const alpha = allReduceLatencySeconds(serving, t, nvlink);
  const a2aLatency = ep > 1 ? serving.allToAllLatencySeconds * (nvlink ? 1 : PCIE_LATENCY_FACTOR) : 0;
  const activationBytes = 2;
  const D = arch.hiddenSize;
  const layers = arch.layers;
  const fixed = engine.perStepOverheadSeconds + layers * (engine.perLayerOverheadSeconds + (t > 1 ? engine.tensorParallelSyncSecondsPerLayer : 0))
    + (t > 1 ? serving.tensorParallelStepSeconds : 0) + (pp - 1) * 20e-6;
  const eagerHostSeconds = eagerKernelsPerStep(arch) * serving.eagerKernelSeconds;
  const graphTokens = options.cudaGraphMaxTokens !== undefined && serving.cudaGraphMaxTokens > 0
    ? options.cudaGraphMaxTokens : serving.cudaGraphMaxTokens;
  const expertComputeEfficiency = dequantisedMoe(options.weights, gpu) ? DEQUANT_MOE_COMPUTE_EFFICIENCY : 1;

  // Attention FLOP per token at a context: the steady-state solver asks for the same two
  // contexts hundreds of times, so the last answer for each role is kept.
  let decodeCtx = -1;
  let decodeAttn = 0;
  let prefillCtx = -1;
  let prefillAttn = 0;
  const attnDecode = (c: number) => {
    if (c !== decodeCtx) { decodeCtx = c; decodeAttn = attentionFlopsPerToken({arch, contextTokens: c}); }
    return decodeAttn;
  };
  const attnPrefill = (c: number) => {
    if (c !== prefillCtx) { prefillCtx = c; prefillAttn = attentionFlopsPerToken({arch, contextTokens: c}); }
    return prefillAttn;
  };
  const log1mkE = moe ? Math.log(1 - k / E) : 0;

  // The parts of the last step asked, written in place: `stepTotalSeconds` reads only the total, so the solver's
  // thousands of calls per plan allocate nothing; `stepSeconds` hands out a copy.
  const parts: StepParts = {seconds: 0, kvSeconds: 0, weightSeconds: 0, computeSeconds: 0, commSeconds: 0, fixedSeconds: fixed, hostSeconds: 0};
  function stepSeconds(load: StepLoad): StepParts {
    stepPartsInto(load);
    return {...parts};
  }
  /** Writes the step's parts into `parts` and returns its total (`stepTotalSeconds` is this function itself). */
  function stepPartsInto(load: StepLoad): number {
    const d = load.decodeRequests;
    const decodeTokens = d * load.tokensPerDecodeRequest;
    const T = decodeTokens + load.prefillTokens;
    const perGroup = T / attentionGroups;
    // Experts touched and their padded FLOP (whole replica; each GPU holds E/EP of them).
    let touched = 0;
    let expertFlops = 0;
    if (moe && T > 0) {
      touched = E * (1 - Math.exp(log1mkE * T));
      const perExpert = (T * k) / touched;
      expertFlops = 2 * (routedParams / E) * touched * Math.ceil(perExpert / block) * block;
    }
    const routedRead = moe ? routedBytesPerGpu * (touched / E) : 0;
    const weightSeconds = nonRoutedBytesPerGpu / bw + routedRead / (bw * moeEfficiency);
    const sampled = d * load.tokensPerDecodeRequest + load.prefillSampled;
    const flopsPerGpu =
      (2 * nonRoutedBody * perGroup + headFlops * sampled / attentionGroups
        + (decodeTokens * attnDecode(load.decodeContextTokens)
          + (load.prefillTokens > 0 ? load.prefillTokens * attnPrefill(load.prefillContextTokens) : 0)) / attentionGroups) / modelParallel
      + expertFlops / gpus / expertComputeEfficiency;
    const computeSeconds = compute > 0 ? flopsPerGpu / compute : 0;
    const kvBytes = ((d * kv.bytesPerSequenceRead(load.decodeContextTokens)
      + (load.prefillTokens > 0 ? kv.bytesPerSequenceRead(load.prefillContextTokens) : 0)) / attentionGroups) * pp;
    const kvSeconds = kvBytes / bw;
    // Collectives: two per layer over the TP group; MoE layers under EP swap the MLP's all-reduce for two all-to-alls.
    const messageBytes = perGroup * D * activationBytes;
    const allReduce = t > 1 ? alpha + (2 * (t - 1) / t) * messageBytes / link : 0;
    let commSeconds: number;
    if (ep > 1 && moeLayers > 0) {
      const a2aBytes = (T / gpus) * k * D * activationBytes * ((ep - 1) / ep);
      const a2a = a2aLatency + a2aBytes / link;
      commSeconds = layers * allReduce + moeLayers * 2 * a2a + (layers - moeLayers) * allReduce;
    } else {
      commSeconds = 2 * layers * allReduce;
    }
    const core = kvSeconds + Math.max(weightSeconds * pp, computeSeconds * pp);
    // A request computing one prompt token (its KV arrived from a prefill pool, or all but the last
    // token hit the prefix cache) is decode-shaped and replays the graph; a real prefill is not.
    const eager = load.prefillTokens > load.prefillSampled + 1e-9 && T > graphTokens;
    const seconds = (eager ? Math.max(core + commSeconds, eagerHostSeconds - (load.hostSlackSeconds ?? 0)) : core + commSeconds) + fixed;
    parts.seconds = seconds;
    parts.kvSeconds = kvSeconds;
    parts.weightSeconds = weightSeconds * pp;
    parts.computeSeconds = computeSeconds * pp;
    parts.commSeconds = commSeconds;
    parts.hostSeconds = eager ? eagerHostSeconds : 0;
    return seconds;
  }

  return {
    arch, gpu, engine, serving, layout, gpus, attentionGroups, kv,
    kvBytesPerTokenAllRanks: kvAll.bytesPerTokenFull,
    weightBytes: {total: w.totalBytes, routed: w.routedBytes},
    nonRoutedBytesPerGpu, routedBytesPerGpu, peakFlopsPerSecond: peak, computePrecision: precision,
    // The total is what stepPartsInto returns: the same function, no wrapper around it.
    stepSeconds, stepTotalSeconds: stepPartsInto
  };
}
