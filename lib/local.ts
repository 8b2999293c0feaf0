/**
 * Local hardware with llama.cpp: CPU-only inference, partial offload (`-ngl`), MoE experts kept in
 * host RAM (`--cpu-moe`), Apple unified memory and several consumer GPUs.
 *
 * Placement follows llama.cpp's loader (`src/llama-model.cpp`, `load_tensors`, 2025-2026):
 *
 *     slots 0 … L−1 are the repeating layers, slot L the output layer (final norm + LM head)
 *     i_gpu_start = max(L + 1 − ngl, 0)        slot i is on the GPU iff i ≥ i_gpu_start
 *
 * so `-ngl 1` puts only the output layer on the GPU, `-ngl L+1` everything. The input layer
 * (token embeddings) always stays in host RAM ("there is very little benefit to offloading the
 * input layer"). The KV cache of a layer sits with its layer (`offload_kqv` default true).
 * `--cpu-moe` keeps every routed-expert tensor (`ffn_(up|down|gate)_exps`) in host RAM while
 * attention, shared experts and the router stay on the GPU.
 *
 * Speed: a token passes through the devices in layer order, one after another, so
 *
 *     t_token = Σ_devices [ KV_d/(BW_d·η_d) + max(W_d/(BW_d·η_d), FLOP_d/(P_d·η_c,d)) + n_layers,d·t_layer,d ]
 *               + n_crossings · t_crossing + t_step
 *
 * with W_d the weight bytes a token reads on device d (routed experts at the expected share
 * U(B)/E), KV_d the KV bytes of d's layers. Prefill: for a micro-batch of ≥ 32 tokens the CUDA
 * back-end runs the matrix products of host-resident weights on the GPU, copying the weights
 * over PCIe once per micro-batch (ggml-cuda `ggml_backend_cuda_device_offload_op`, min batch
 * 32; llama.cpp `n_ubatch` 512), so host layers cost max(W_host/B_pcie, FLOP/(P_gpu·η)) per
 * micro-batch plus their attention on the CPU. Without a discrete GPU (CPU only, Apple) the
 * host layers compute on the CPU at its FP32 peak (cores × clock × FLOP per cycle at the SIMD
 * width) times η_c.
 *
 * Pure: no I/O.
 */
import type {Architecture} from "./architecture.js";
import {activationWorkspaceBytes, ENGINE_PROFILES} from "./engines.js";
import {causalPositions, attentionHeadWidths} from "./flops.js";
import type {KvFormat, WeightFormat} from "./formats.js";
import type {GpuSpec} from "./hardware.js";
import {kvCacheBytesPerToken} from "./kvCache.js";
import {tensorsOf, routedFraction} from "./params.js";
import {weightBytes} from "./quantization.js";
import type {InferenceWorkload, InlineHost} from "./scenario.js";
import {largestTrue} from "./search.js";
import {computePrecisionFor, expectedExpertsRead, peakFlopsPerSecond, stepSeconds, type StepTime} from "./throughput.js";

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/** The host side of a machine in SI units: RAM, its bandwidth, the CPU's dense FP32 peak. */
export interface HostSpec {
  memoryBytes: number;
  bandwidthBytesPerSecond: number;
  fp32FlopsPerSecond: number;
  /** Apple: the GPU-wired limit set with `iogpu.wired_limit_mb`, bytes; null = macOS default. */
  wiredLimitBytes: number | null;
  source: string;
}

/** hardware.host (GB, GB/s, TFLOPS, MiB) → SI. */
export function hostFromInline(host: InlineHost): HostSpec {
  return {
    memoryBytes: host.memoryGB * 1e9,
    bandwidthBytesPerSecond: host.bandwidthGBps * 1e9,
    fp32FlopsPerSecond: host.tflops.fp32 * 1e12,
    wiredLimitBytes: host.wiredLimitMB && host.wiredLimitMB > 0 ? host.wiredLimitMB * MIB : null,
    source: "hardware.host"
  };
}

/** A CPU catalog entry (or an inline CPU) seen as the host it is. */
export function hostOfCpu(cpu: GpuSpec): HostSpec {
  return {
    memoryBytes: cpu.memoryBytes, bandwidthBytesPerSecond: cpu.bandwidthBytesPerSecond,
    fp32FlopsPerSecond: cpu.flopsPerSecond.fp32 ?? 0, wiredLimitBytes: null, source: cpu.source
  };
}

/**
 * The llama.cpp host and offload profile: constants of the CPU back-end and of moving work
 * between host and GPU. Dated 2026-12-06; each with its source.
 */
export const LLAMA_CPP_HOST_PROFILE = {
  /**
   * Micro-batch size (`n_ubatch` default 512, llama.cpp `common/common.h`): prefill runs in
   * chunks of this many tokens.
   */
  ubatchTokens: 512,
  /**
   * Smallest batch for which the CUDA back-end runs an op on host-resident weights on the GPU
   * (ggml-cuda.cu `ggml_backend_cuda_device_offload_op`: `const int min_batch_size = 32`).
   */
  offloadMinBatch: 32,
  /**
   * Host → GPU copy bandwidth of weights during prefill: PCIe 4.0 x16 is 31.5 GB/s raw per
   * direction; pageable (mmap'ed) host memory reaches ≈ 20-25 GB/s in cudaMemcpy (NVIDIA
   * bandwidthTest on PCIe 4 hosts). 25 GB/s, as PCIE_EFFECTIVE_BYTES_PER_SECOND in throughput.ts.
   */
  hostToGpuBytesPerSecond: 25e9,
  /**
   * Achieved fraction of the RAM bandwidth when the CPU streams quantized weights in decode:
   * llama.cpp's CPU matrix-vector kernels on all cores reach ≈ 60-70 % of the DDR peak
   * (STREAM-triad-like; llama.cpp discussion #3847 "CPU inference: memory bandwidth bound").
   */
  cpuMemoryEfficiency: 0.65,
  /**
   * Achieved fraction of the CPU's FP32 FMA peak in prefill: ggml's quantized dot products
   * (int8 × int8 → int32 on AVX2/AVX-512/NEON, `ggml_vec_dot_q4_K_q8_K`) and the
   * llamafile sgemm tiles reach about half of the FP32 FMA peak on desktop cores.
   */
  cpuComputeEfficiency: 0.5,
  /** Thread barrier and graph work per layer per token on the CPU (≈ 25 ops × ~1 µs sync, ggml-cpu threadpool). */
  cpuPerLayerOverheadSeconds: 20e-6,
  /**
   * One hand-over of the activations between GPU and host inside a token (a graph split):
   * a small cudaMemcpyAsync each way and a stream synchronisation, ≈ 20 µs (CUDA launch and
   * PCIe round-trip latency; ggml-backend `ggml_backend_sched` copies inputs between splits).
   */
  crossingSeconds: 20e-6,
  source: "llama.cpp common.h (n_ubatch), ggml-cuda.cu offload_op (min batch 32), llama-model.cpp load_tensors"
} as const;

/**
 * How much of an Apple silicon Mac's unified memory the GPU may wire (Metal's
 * `recommendedMaxWorkingSetSize`), or the `iogpu.wired_limit_mb` override:
 *
 *     limit = wired_limit_mb · 2^20                      when set (> 0)
 *           = ⅔ · RAM   for RAM ≤ 32 GiB,  ¾ · RAM above      otherwise (macOS 13-15 default)
 *
 * Read from llama.cpp's start-up logs (`ggml_metal_init: recommendedMaxWorkingSetSize`):
 * 16 GiB → 10922.67 MiB (⅔, llama-cpp-python issue #687), 32 GiB → 21845.34 MiB (⅔),
 * 64 GiB → 51539.61 MB = 48 GiB (¾), 128 GiB → 103079.22 MB = 96 GiB (¾). macOS 26 reports
 * 107.52 GiB on 128 GiB machines (antirez/ds4 #890), above this rule.
 */
export function appleGpuWorkingSetBytes(options: {memoryBytes: number; wiredLimitBytes?: number | null}): number {
  const {memoryBytes, wiredLimitBytes} = options;
  if (wiredLimitBytes && wiredLimitBytes > 0) return Math.min(wiredLimitBytes, memoryBytes);
  return memoryBytes <= 32 * GIB + 1 ? (2 / 3) * memoryBytes : 0.75 * memoryBytes;
}

/** GPU share of a unified memory: the device's own share where it has one, else Apple's rule. */
export function unifiedGpuBytes(options: {gpu: GpuSpec; memoryBytes?: number; wiredLimitBytes?: number | null}): number {
  const memoryBytes = options.memoryBytes ?? options.gpu.memoryBytes;
  if (options.gpu.unifiedGpuShare !== undefined) return options.gpu.unifiedGpuShare * memoryBytes;
  return appleGpuWorkingSetBytes({memoryBytes, wiredLimitBytes: options.wiredLimitBytes});
}

/** Weight bytes per layer slot in a GGUF format, kept apart by what moves with `--cpu-moe`. */
export interface LayerWeights {
  /** Per repeating layer: bytes that are not routed experts (attention, norms, shared experts, router). */
  dense: number[];
  /** Per repeating layer: routed-expert bytes (all experts). */
  routed: number[];
  /** Per repeating layer: matrix parameters a token multiplies through outside the routed experts. */
  denseMatmulParams: number[];
  /** Per repeating layer: routed-expert matrix parameters a token multiplies through (k of E). */
  routedMatmulParams: number[];
  /** Token-embedding table (input layer, always in host RAM). */
  inputBytes: number;
  /** Output layer: final norm and LM head (a duplicate of the embedding when tied). */
  outputBytes: number;
  totalBytes: number;
}

const layerCache = new WeakMap<Architecture, Map<string, LayerWeights>>();

/** Per-layer GGUF weight bytes (quantization.ts mixes), cached per architecture and format. */
export function layerWeights(arch: Architecture, format: WeightFormat): LayerWeights {
  let byFormat = layerCache.get(arch);
  if (!byFormat) {
    byFormat = new Map();
    layerCache.set(arch, byFormat);
  }
  let w = byFormat.get(format);
  if (w) return w;
  const tensors = tensorsOf(arch);
  const result = weightBytes({tensors, format, arch, container: "gguf"});
  const L = arch.layers;
  const dense = new Array<number>(L).fill(0);
  const routed = new Array<number>(L).fill(0);
  const denseMatmulParams = new Array<number>(L).fill(0);
  const routedMatmulParams = new Array<number>(L).fill(0);
  const share = routedFraction(arch);
  let inputBytes = 0;
  let outputBytes = 0;
  result.tensors.forEach((t, i) => {
    const isMatrix = tensors[i].inFeatures > 0;
    if (t.layer === null) {
      if (t.kind === "embedding" || t.kind === "positionEmbedding") inputBytes += t.bytes;
      else outputBytes += t.bytes;
      return;
    }
    if (t.expert === "routed") {
      routed[t.layer] += t.bytes;
      if (isMatrix) routedMatmulParams[t.layer] += t.params * share;
    } else {
      dense[t.layer] += t.bytes;
      if (isMatrix) denseMatmulParams[t.layer] += t.params;
    }
  });
  // Tied embeddings: the GGUF has no output tensor and llama.cpp loads token_embd a second
  // time as the output matrix on the output layer's device (TENSOR_DUPLICATED).
  if (arch.tiedEmbeddings) outputBytes += inputBytes;
  w = {dense, routed, denseMatmulParams, routedMatmulParams, inputBytes, outputBytes, totalBytes: result.totalBytes};
  byFormat.set(format, w);
  return w;
}

/** Where each layer slot runs. */
export interface Placement {
  /** L + 1: the repeating layers and the output layer. */
  layerSlots: number;
  /** Slots on the GPU(s). */
  gpuLayers: number;
  /** Repeating layers on the GPU(s). */
  repeatingOnGpu: number;
  outputOnGpu: boolean;
  /** First repeating layer on the GPU (layers below it are in host RAM). */
  firstGpuLayer: number;
}

/**
 * llama.cpp's layer assignment: the last `ngl` slots go to the GPU.
 *
 *     i_gpu_start = max(L + 1 − ngl, 0)   (llama-model.cpp load_tensors)
 */
export function placeLayers(options: {layers: number; gpuLayers: number}): Placement {
  const L = options.layers;
  const slots = L + 1;
  const ngl = Math.max(0, Math.min(Math.floor(options.gpuLayers), slots));
  const firstGpuLayer = Math.max(slots - ngl, 0);
  return {layerSlots: slots, gpuLayers: ngl, repeatingOnGpu: Math.max(0, L - firstGpuLayer), outputOnGpu: ngl >= 1, firstGpuLayer};
}

/** What sits where, bytes. "gpu" is per GPU (GPU layers split evenly over identical GPUs). */
export interface LocalMemory {
  gpuWeightsBytes: number;
  gpuKvBytes: number;
  gpuComputeBytes: number;
  gpuOverheadBytes: number;
  gpuTotalBytes: number;
  gpuCapacityBytes: number;
  hostWeightsBytes: number;
  hostKvBytes: number;
  hostComputeBytes: number;
  hostTotalBytes: number;
  hostCapacityBytes: number;
  /** Unified memory: GPU and host share one pool of this size. */
  unifiedBytes: number | null;
  gpuFits: boolean;
  hostFits: boolean;
  fits: boolean;
}

/** One device's share of a step: the time and what it is made of. */
export interface DeviceStep {
  device: "gpu" | "host";
  step: StepTime;
  layers: number;
}

export interface LocalSpeed {
  decode: {seconds: number; devices: DeviceStep[]; crossings: number; bound: "memory" | "compute"};
  prefill: {seconds: number; devices: DeviceStep[]; pcieSeconds: number; bound: "memory" | "compute"};
}

/** The machine as the local model sees it. */
export interface LocalMachine {
  /** "discrete": GPU(s) + host RAM over PCIe; "unified": Apple/SoC; "cpu": no GPU at all. */
  kind: "discrete" | "unified" | "cpu";
  gpu: GpuSpec | null;
  gpuCount: number;
  host: HostSpec;
  /** Memory the GPU may use (per GPU), bytes. */
  gpuCapacityBytes: number;
  /** false when hardware.host was not given and nothing but the input layer needs it: host RAM is then not checked. */
  hostKnown: boolean;
}

export interface LocalOptions {
  arch: Architecture;
  machine: LocalMachine;
  workload: InferenceWorkload;
}

interface LocalPrepared {
  o: LocalOptions;
  w: LayerWeights;
  placement: Placement;
  kvPerLayer: number[];
  sliding: boolean[];
  window: number | null;
  expertsOnHost: boolean;
  rowSplit: boolean;
}

/** llama.cpp pads the context to 256 tokens (engines.ts kvPageTokens). */
const KV_PAD = ENGINE_PROFILES["llama.cpp"].kvPageTokens;

function prepareLocal(o: LocalOptions): LocalPrepared {
  const {arch, machine, workload} = o;
  const w = layerWeights(arch, workload.weights);
  const ngl = machine.kind === "cpu" ? 0 : workload.gpuLayers ?? arch.layers + 1;
  const placement = placeLayers({layers: arch.layers, gpuLayers: ngl});
  const per = kvCacheBytesPerToken({arch, format: workload.kvCache as KvFormat});
  const sliding = arch.layerAttention.map((k) => arch.slidingWindow !== null && k === "sliding");
  return {o, w, placement, kvPerLayer: per.perLayerBytes, sliding, window: arch.slidingWindow,
    expertsOnHost: Boolean(workload.expertsOnHost && arch.moe && machine.kind !== "cpu"),
    rowSplit: machine.gpuCount > 1 && (workload.tensorParallel ?? 1) > 1};
}

const onGpu = (p: LocalPrepared, layer: number) => p.o.machine.kind !== "cpu" && layer >= p.placement.firstGpuLayer;

function kvHeld(p: LocalPrepared, layer: number, contextTokens: number, pad: number): number {
  const c = p.sliding[layer] && p.window !== null ? Math.min(contextTokens, p.window) : contextTokens;
  return Math.ceil(c / pad) * pad * p.kvPerLayer[layer];
}

function memoryOf(p: LocalPrepared, batchSize: number, contextTokens: number): LocalMemory {
  const {arch, machine} = p.o;
  const engine = ENGINE_PROFILES["llama.cpp"];
  let gpuW = 0;
  let hostW = p.w.inputBytes;
  let gpuKv = 0;
  let hostKv = 0;
  for (let l = 0; l < arch.layers; l++) {
    const kv = batchSize * kvHeld(p, l, contextTokens, KV_PAD);
    if (onGpu(p, l)) {
      gpuW += p.w.dense[l] + (p.expertsOnHost ? 0 : p.w.routed[l]);
      hostW += p.expertsOnHost ? p.w.routed[l] : 0;
      gpuKv += kv;
    } else {
      hostW += p.w.dense[l] + p.w.routed[l];
      hostKv += kv;
    }
  }
  if (p.placement.outputOnGpu && machine.kind !== "cpu") gpuW += p.w.outputBytes;
  else hostW += p.w.outputBytes;
  const workspace = activationWorkspaceBytes({tokens: Math.min(LLAMA_CPP_HOST_PROFILE.ubatchTokens, batchSize * p.o.workload.promptTokens),
    hiddenSize: arch.hiddenSize, mlpWidth: arch.intermediateSize, vocabSize: arch.vocabSize, sequences: batchSize});
  const n = machine.kind === "cpu" ? 1 : machine.gpuCount;
  const gpuUsed = machine.kind !== "cpu" && p.placement.gpuLayers > 0;
  const gpuComputeBytes = gpuUsed ? workspace : 0;
  const gpuOverheadBytes = gpuUsed ? engine.runtimeOverheadBytes : 0;
  const hostComputeBytes = gpuUsed ? 0 : workspace;
  const gpuTotalBytes = gpuW / n + gpuKv / n + gpuComputeBytes + gpuOverheadBytes;
  const hostTotalBytes = hostW + hostKv + hostComputeBytes;
  const unified = machine.kind === "unified" ? machine.host.memoryBytes : null;
  const gpuFits = machine.kind === "cpu" || gpuTotalBytes <= machine.gpuCapacityBytes;
  const hostCapacityBytes = unified !== null ? Math.max(0, unified - gpuTotalBytes) : machine.host.memoryBytes;
  const hostFits = !machine.hostKnown || hostTotalBytes <= hostCapacityBytes;
  return {gpuWeightsBytes: gpuW / n, gpuKvBytes: gpuKv / n, gpuComputeBytes, gpuOverheadBytes, gpuTotalBytes,
    gpuCapacityBytes: machine.kind === "cpu" ? 0 : machine.gpuCapacityBytes,
    hostWeightsBytes: hostW, hostKvBytes: hostKv, hostComputeBytes, hostTotalBytes, hostCapacityBytes,
    unifiedBytes: unified, gpuFits, hostFits, fits: gpuFits && hostFits};
}

interface DeviceLoad {
  weightBytes: number;
  kvBytes: number;
  flops: number;
  layers: number;
}

function speedOf(p: LocalPrepared, batchSize: number, promptTokens: number, decodeContext: number): LocalSpeed {
  const {arch, machine, workload} = p.o;
  const engine = ENGINE_PROFILES["llama.cpp"];
  const hp = LLAMA_CPP_HOST_PROFILE;
  const L = arch.layers;
  const {qk, v} = attentionHeadWidths(arch);
  const perPosition = 2 * arch.heads * (qk + v);
  const positions = (l: number, c: number) => (p.sliding[l] && p.window !== null ? Math.min(c, p.window) : c);
  const expertShare = (tokens: number) => (arch.moe
    ? expectedExpertsRead({experts: arch.moe.experts, expertsPerToken: arch.moe.expertsPerToken, tokens}) / arch.moe.experts
    : 1);
  const headFlops = 2 * arch.hiddenSize * arch.vocabSize;

  // ---- decode: B tokens (one per sequence) through every slot.
  const share = expertShare(batchSize);
  const gpu: DeviceLoad = {weightBytes: 0, kvBytes: 0, flops: 0, layers: 0};
  const host: DeviceLoad = {weightBytes: 0, kvBytes: 0, flops: 0, layers: 0};
  let crossings = 0;
  let previous: "gpu" | "host" = "host"; // the input layer is on the host
  const visit = (d: "gpu" | "host") => {
    if (d !== previous) crossings++;
    previous = d;
  };
  for (let l = 0; l < L; l++) {
    const d = onGpu(p, l) ? gpu : host;
    const dev = d === gpu ? "gpu" : "host";
    visit(dev);
    d.layers++;
    d.kvBytes += batchSize * kvHeld(p, l, decodeContext, 1);
    d.weightBytes += p.w.dense[l];
    d.flops += batchSize * (2 * p.w.denseMatmulParams[l] + perPosition * positions(l, decodeContext));
    const e = p.expertsOnHost || dev === "host" ? host : gpu;
    if (p.w.routed[l] > 0) {
      if (e !== d) {
        visit("host");
        host.layers++;
        visit(dev);
      }
      e.weightBytes += p.w.routed[l] * share;
      e.flops += batchSize * 2 * p.w.routedMatmulParams[l];
    }
  }
  const out = p.placement.outputOnGpu && machine.kind !== "cpu" ? gpu : host;
  visit(out === gpu ? "gpu" : "host");
  out.weightBytes += p.w.outputBytes;
  out.flops += batchSize * headFlops;
  if ((previous as string) === "gpu") crossings++; // logits come back to the host for sampling

  const gpuSpec = machine.gpu;
  const n = machine.kind === "cpu" ? 1 : machine.gpuCount;
  const gpuPeak = gpuSpec ? peakFlopsPerSecond({gpu: gpuSpec, precision: computePrecisionFor({format: workload.weights, gpu: gpuSpec})}) : 0;
  const hostPeak = machine.host.fp32FlopsPerSecond;
  const hostBw = machine.host.bandwidthBytesPerSecond;
  const gpuSteps = (load: DeviceLoad, chunks: number): StepTime => {
    // Layer split: GPUs take turns (sum = one GPU's time over all GPU layers); row split:
    // every GPU reads 1/n of each matrix at once, then synchronises per layer.
    const split = p.rowSplit ? n : 1;
    return stepSeconds({
      weightBytesRead: chunks * load.weightBytes / split, kvBytesRead: load.kvBytes / split, flops: load.flops / split,
      bandwidthBytesPerSecond: gpuSpec!.bandwidthBytesPerSecond, peakFlopsPerSecond: gpuPeak,
      memoryEfficiency: engine.memoryEfficiency, computeEfficiency: engine.computeEfficiency,
      overheadSeconds: chunks * load.layers * (engine.perLayerOverheadSeconds + (p.rowSplit ? engine.tensorParallelSyncSecondsPerLayer : 0))
        + (p.rowSplit ? 0 : (n - 1) * hp.crossingSeconds)
    });
  };
  const hostSteps = (load: DeviceLoad, chunks: number): StepTime => stepSeconds({
    weightBytesRead: chunks * load.weightBytes, kvBytesRead: load.kvBytes, flops: load.flops,
    bandwidthBytesPerSecond: hostBw, peakFlopsPerSecond: hostPeak,
    memoryEfficiency: hp.cpuMemoryEfficiency, computeEfficiency: hp.cpuComputeEfficiency,
    overheadSeconds: chunks * load.layers * hp.cpuPerLayerOverheadSeconds
  });
  const decodeDevices: DeviceStep[] = [];
  if (gpu.layers > 0 || gpu.weightBytes > 0) decodeDevices.push({device: "gpu", step: gpuSteps(gpu, 1), layers: gpu.layers});
  if (host.layers > 0 || host.weightBytes > 0) decodeDevices.push({device: "host", step: hostSteps(host, 1), layers: host.layers});
  const decodeSeconds = decodeDevices.reduce((s, d) => s + d.step.seconds, 0) + crossings * hp.crossingSeconds + engine.perStepOverheadSeconds;

  // ---- prefill: B·P tokens in micro-batches of n_ubatch.
  const tokens = batchSize * promptTokens;
  const chunks = Math.max(1, Math.ceil(tokens / hp.ubatchTokens));
  const chunkTokens = Math.min(tokens, hp.ubatchTokens);
  const pShare = expertShare(chunkTokens);
  const gpuP: DeviceLoad = {weightBytes: 0, kvBytes: 0, flops: 0, layers: 0};
  const hostP: DeviceLoad = {weightBytes: 0, kvBytes: 0, flops: 0, layers: 0};
  /** Host-resident weights whose matrix products run on the GPU (copied per micro-batch). */
  let streamedBytes = 0;
  let streamedFlops = 0;
  // A CUDA/ROCm build offloads big batches even at -ngl 0 (llama.cpp PR #6083).
  const gpuTakesHostMatmuls = machine.kind === "discrete" && chunkTokens >= hp.offloadMinBatch;
  const attnFlops = (l: number) => batchSize * perPosition * causalPositions(promptTokens, p.sliding[l] ? p.window : null);
  for (let l = 0; l < L; l++) {
    const g = onGpu(p, l);
    const matmul = tokens * 2 * p.w.denseMatmulParams[l];
    const routedMatmul = tokens * 2 * p.w.routedMatmulParams[l];
    const routedBytes = p.w.routed[l] * pShare;
    if (g) {
      gpuP.layers++;
      gpuP.weightBytes += p.w.dense[l];
      gpuP.flops += matmul + attnFlops(l);
      if (p.expertsOnHost) {
        if (gpuTakesHostMatmuls) {
          streamedBytes += routedBytes;
          streamedFlops += routedMatmul;
        } else {
          hostP.weightBytes += routedBytes;
          hostP.flops += routedMatmul;
        }
      } else {
        gpuP.weightBytes += routedBytes;
        gpuP.flops += routedMatmul;
      }
    } else {
      hostP.layers++;
      hostP.flops += attnFlops(l);
      if (gpuTakesHostMatmuls) {
        streamedBytes += p.w.dense[l] + routedBytes;
        streamedFlops += matmul + routedMatmul;
      } else {
        hostP.weightBytes += p.w.dense[l] + routedBytes;
        hostP.flops += matmul + routedMatmul;
      }
    }
  }
  // Logits of the last position only (llama.cpp computes the output for the last token of a prompt).
  if (p.placement.outputOnGpu && machine.kind !== "cpu") {
    gpuP.weightBytes += p.w.outputBytes;
    gpuP.flops += batchSize * headFlops;
  } else {
    hostP.weightBytes += p.w.outputBytes;
    hostP.flops += batchSize * headFlops;
  }
  const prefillDevices: DeviceStep[] = [];
  let pcieSeconds = 0;
  if (gpuP.layers > 0 || gpuP.weightBytes > 0 || streamedBytes > 0) {
    const step = gpuSteps(gpuP, chunks);
    // Streamed host weights: copy per micro-batch over PCIe, overlapped with nothing (the copy
    // precedes the product), then the product at the GPU's rate.
    pcieSeconds = (chunks * streamedBytes) / hp.hostToGpuBytesPerSecond;
    const streamedCompute = gpuPeak > 0 ? streamedFlops / (gpuPeak * engine.computeEfficiency) : 0;
    const seconds = step.seconds + pcieSeconds + streamedCompute;
    prefillDevices.push({device: "gpu", layers: gpuP.layers,
      step: {...step, seconds, weightSeconds: step.weightSeconds + pcieSeconds, computeSeconds: step.computeSeconds + streamedCompute}});
  }
  if (hostP.layers > 0 || hostP.flops > 0) prefillDevices.push({device: "host", step: hostSteps(hostP, chunks), layers: hostP.layers});
  const prefillSeconds = prefillDevices.reduce((s, d) => s + d.step.seconds, 0) + chunks * crossings * hp.crossingSeconds;
  const boundOf = (devices: DeviceStep[]) => {
    let compute = 0;
    let memory = 0;
    for (const d of devices) {
      compute += d.step.computeSeconds;
      memory += d.step.weightSeconds + d.step.kvSeconds;
    }
    return compute > memory ? "compute" as const : "memory" as const;
  };
  return {
    decode: {seconds: decodeSeconds, devices: decodeDevices, crossings, bound: boundOf(decodeDevices)},
    prefill: {seconds: prefillSeconds, devices: prefillDevices, pcieSeconds, bound: boundOf(prefillDevices)}
  };
}

export interface LocalEstimate {
  machine: LocalMachine["kind"];
  placement: Placement;
  expertsOnHost: boolean;
  memory: LocalMemory;
  speed: LocalSpeed;
  /** Largest -ngl whose GPU share fits (all slots when everything fits); null without a GPU; NaN when not solved (`solvers: false`). */
  maxGpuLayersThatFit: number | null;
  maxBatchSize: number;
  maxContextTokens: number;
}

/**
 * Memory, speed and the inverse questions for one local scenario. `solvers: false` answers
 * memory and speed only (the searches for the largest -ngl, batch and context give NaN): what a
 * sweep over -ngl or placements needs at each of its points.
 */
export function localEstimate(options: LocalOptions & {solvers?: boolean}): LocalEstimate {
  const p = prepareLocal(options);
  const {workload, arch, machine} = options;
  const B = workload.batchSize;
  const context = workload.promptTokens + workload.outputTokens;
  const memory = memoryOf(p, B, context);
  const speed = speedOf(p, B, workload.promptTokens, workload.promptTokens + workload.outputTokens / 2);
  const solve = options.solvers !== false;
  const contextLimit = Math.min(100_000_000, arch.maxPositionEmbeddings ?? 100_000_000);
  return {
    machine: machine.kind,
    placement: p.placement,
    expertsOnHost: p.expertsOnHost,
    memory,
    speed,
    maxGpuLayersThatFit: machine.kind === "cpu" ? null : solve ? maxGpuLayers(options, B, context) : Number.NaN,
    maxBatchSize: solve ? largestTrue((b) => memoryOf(p, b, context).fits, 1_000_000) : Number.NaN,
    maxContextTokens: solve ? largestTrue((c) => memoryOf(p, B, c).fits, contextLimit) : Number.NaN
  };
}

/**
 * The most layer slots whose GPU share fits the GPU (so the fewest layers left in host RAM):
 *
 *     ngl* = max { n ≤ L + 1 : gpuBytes(n) ≤ capacity }
 */
export function maxGpuLayers(options: LocalOptions, batchSize: number, contextTokens: number): number {
  const slots = options.arch.layers + 1;
  const fitsAt = (n: number) => {
    const q = prepareLocal({...options, workload: {...options.workload, gpuLayers: n}});
    return memoryOf(q, batchSize, contextTokens).gpuFits;
  };
  if (fitsAt(slots)) return slots;
  // GPU bytes grow with n: bisection.
  let lo = 0;
  let hi = slots;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fitsAt(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** GGUF formats from the most to the least precise, the order auto-fit tries them in. */
export const AUTO_FIT_FORMATS: readonly WeightFormat[] = ["bf16", "q8_0", "q6_k", "q5_k_m", "q4_k_m", "q3_k_m", "q2_k"];

export interface AutoFit {
  /** The most precise format that fits entirely on the GPU, else the most precise that fits GPU + host; null if none. */
  weights: WeightFormat | null;
  /** Whether that format runs with every layer on the GPU. */
  allOnGpu: boolean;
  /** -ngl for that format at the scenario's context (all slots when it fits entirely). */
  gpuLayers: number | null;
  /** Layers left in host RAM at that -ngl. */
  layersOnHost: number | null;
  /** Longest context (prompt + output, tokens) that fits at that format and -ngl, at the scenario's batch. */
  maxContextTokens: number;
  /** Decode speed at that format and -ngl, tokens/s per sequence. */
  decodeTokensPerSecond: number | null;
}

/**
 * Auto-fit: for a model on a machine, the most precise weight format that fits (entirely on the
 * GPU if any does, else with the fewest layers in host RAM), the -ngl that goes with it and the
 * longest context that fits.
 *
 *     format* = first f in AUTO_FIT_FORMATS with gpuBytes(f, all) ≤ gpu capacity,
 *               else first f with hostBytes(f, ngl*(f)) ≤ host capacity
 */
export function autoFit(options: LocalOptions): AutoFit {
  const {arch, workload, machine} = options;
  const B = workload.batchSize;
  const context = workload.promptTokens + workload.outputTokens;
  const slots = arch.layers + 1;
  const tryFormat = (weights: WeightFormat, requireAllOnGpu: boolean) => {
    // Entirely on the GPU: experts too; with the host: as the scenario keeps them.
    const base = {...options, workload: {...workload, weights, expertsOnHost: requireAllOnGpu ? false : workload.expertsOnHost}};
    const ngl = machine.kind === "cpu" ? 0 : maxGpuLayers(base, B, context);
    if (requireAllOnGpu && ngl < slots) return null;
    const o = {...base, workload: {...base.workload, gpuLayers: ngl}};
    const est = localEstimate({...o, solvers: true});
    if (!est.memory.fits) return null;
    return {weights, ngl, est};
  };
  let found: {weights: WeightFormat; ngl: number; est: LocalEstimate} | null = null;
  if (machine.kind !== "cpu") for (const f of AUTO_FIT_FORMATS) if ((found = tryFormat(f, true))) break;
  if (!found) for (const f of AUTO_FIT_FORMATS) if ((found = tryFormat(f, false))) break;
  if (!found) return {weights: null, allOnGpu: false, gpuLayers: null, layersOnHost: null, maxContextTokens: 0, decodeTokensPerSecond: null};
  const gpuLayers = machine.kind === "cpu" ? 0 : found.ngl;
  return {
    weights: found.weights,
    allOnGpu: machine.kind !== "cpu" && gpuLayers >= slots && !found.est.expertsOnHost,
    gpuLayers,
    layersOnHost: Math.min(arch.layers, slots - gpuLayers),
    maxContextTokens: found.est.maxContextTokens,
    decodeTokensPerSecond: 1 / found.est.speed.decode.seconds
  };
}

/** Names of inline specs that describe a CPU or an Apple/SoC part rather than a discrete GPU. */
const CPU_NAME = /\b(cpu|ryzen|epyc|xeon|threadripper|core (i[3579]|ultra)|i[3579]-\d|graviton|ampere altra)\b/i;
const SOC_NAME = /\b(apple|m[1-9]( pro| max| ultra)?|unified memory|strix halo|ryzen ai max|gb10|dgx spark)\b/i;

/**
 * What an inline spec is: a CPU when it quotes only FP32 and is named as a CPU (a CPU has no
 * tensor-core figures), a SoC with unified memory when named as Apple silicon or one of the
 * unified-memory PCs, else a GPU.
 */
export function inlineDeviceKind(options: {name: string; precisions: string[]}): "gpu" | "cpu" | "soc" {
  const onlyFp32 = options.precisions.every((p) => p === "fp32");
  if (onlyFp32 && CPU_NAME.test(options.name)) return "cpu";
  if (SOC_NAME.test(options.name)) return "soc";
  return "gpu";
}

/**
 * Whether a scenario takes the local model: llama.cpp on a CPU or a unified-memory SoC, or with
 * a host, -ngl or --cpu-moe. (llama.cpp on discrete GPUs without these keys keeps the GPU-only
 * estimate of inference.ts; the two agree within 1-3 % on full offload, the local one leaving
 * the token-embedding table in host RAM as llama.cpp does.)
 */
export function usesLocalModel(options: {gpu: GpuSpec; workload: InferenceWorkload; host?: InlineHost}): boolean {
  const {gpu, workload, host} = options;
  if (!ENGINE_PROFILES[workload.engine].hostOffload) return false;
  return gpu.kind === "cpu" || gpu.kind === "soc" || workload.gpuLayers !== undefined || workload.expertsOnHost === true || host !== undefined;
}

/**
 * The machine: a CPU alone, a SoC whose GPU wires part of the unified memory, or discrete GPUs
 * with host RAM. Problems (host needed but missing) are returned, each naming its field.
 */
export function localMachine(options: {gpu: GpuSpec; gpuCount: number; host?: InlineHost; arch: Architecture;
  workload: InferenceWorkload}): {machine: LocalMachine; errors: string[]; warnings: string[]} {
  const {gpu, gpuCount, arch, workload} = options;
  const errors: string[] = [];
  const warnings: string[] = [];
  const slots = arch.layers + 1;
  const ngl = workload.gpuLayers;
  if (ngl !== undefined && ngl > slots) {
    errors.push(`workload.gpuLayers: got ${ngl}, expected an integer from 0 to ${slots} (${arch.layers} repeating layers + the output layer)`);
  }
  if (workload.expertsOnHost && !arch.moe) warnings.push("workload.expertsOnHost ignored: the model is dense (no routed experts)");
  const host = options.host ? hostFromInline(options.host) : null;
  if (gpu.kind === "cpu") {
    if (ngl !== undefined && ngl > 0) warnings.push(`workload.gpuLayers ${ngl} ignored: ${gpu.name} is a CPU, every layer runs on it`);
    if (workload.expertsOnHost) warnings.push("workload.expertsOnHost has no effect on a CPU alone: everything is in host RAM");
    const h = hostOfCpu(gpu);
    if (host) {
      h.memoryBytes = host.memoryBytes;
      h.bandwidthBytesPerSecond = host.bandwidthBytesPerSecond;
      h.fp32FlopsPerSecond = host.fp32FlopsPerSecond;
    }
    if (!(h.fp32FlopsPerSecond > 0)) errors.push(`hardware.gpu.tflops.fp32: got nothing, expected the CPU's dense FP32 TFLOPS`);
    return {machine: {kind: "cpu", gpu: null, gpuCount: 1, host: h, gpuCapacityBytes: 0, hostKnown: true}, errors, warnings};
  }
  const needsHost = (ngl !== undefined && ngl < slots) || Boolean(workload.expertsOnHost && arch.moe);
  if (gpu.kind === "soc") {
    const memoryBytes = host ? host.memoryBytes : gpu.memoryBytes;
    const h: HostSpec = host ?? {memoryBytes, bandwidthBytesPerSecond: gpu.bandwidthBytesPerSecond, fp32FlopsPerSecond: 0,
      wiredLimitBytes: null, source: gpu.source};
    if (needsHost && !host) {
      errors.push(`hardware.host: got nothing, expected {memoryGB, bandwidthGBps, tflops: {fp32}} for the CPU side of ${gpu.name}: ` +
        `workload.gpuLayers/expertsOnHost put work on the CPU`);
    }
    const working = unifiedGpuBytes({gpu, memoryBytes, wiredLimitBytes: h.wiredLimitBytes});
    return {machine: {kind: "unified", gpu, gpuCount, host: h, gpuCapacityBytes: working, hostKnown: true}, errors, warnings};
  }
  if (needsHost && !host) {
    errors.push(`hardware.host: got nothing, expected {memoryGB, bandwidthGBps, tflops: {fp32}}: ` +
      (ngl !== undefined && ngl < slots ? `workload.gpuLayers ${ngl} of ${slots} leaves layers in host RAM` : "workload.expertsOnHost keeps the experts in host RAM"));
  }
  if (host?.wiredLimitBytes) warnings.push("hardware.host.wiredLimitMB ignored: it applies to unified memory (Apple silicon)");
  const h: HostSpec = host ?? {memoryBytes: 0, bandwidthBytesPerSecond: 1, fp32FlopsPerSecond: 0, wiredLimitBytes: null, source: "none"};
  return {machine: {kind: "discrete", gpu, gpuCount, host: h, gpuCapacityBytes: gpu.memoryBytes, hostKnown: host !== null}, errors, warnings};
}
