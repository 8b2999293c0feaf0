/**
 * The scenario and result contract (docs/scenario.md, contract v1), as TypeScript types.
 *
 * A scenario says everything an estimate needs. The same object is what a page's inputs
 * hold, what a shared link encodes, what the `estimate` command reads and what tests feed
 * the engine. `validate.ts` turns unknown JSON into a `Scenario` (or field-named errors);
 * `resolve.ts` turns catalog ids into full specifications; `estimate.ts` computes a `Result`.
 */
import type {FrameworkName} from "./training/profiles.js";
import type {
  CheckpointingPolicy, ComputePrecision, EngineName, KvFormat, OptimizerName, TrainingMethod,
  TrainingPrecision, WeightFormat
} from "./formats.js";
import type {Backend} from "./hardware.js";
import type {AutoFit, LocalMachine} from "./local.js";
import type {ParallelLayout} from "./training/parallel.js";

/** An inline GPU spec in datasheet units (GB = 10^9 bytes, GB/s, dense TFLOPS). */
export interface InlineGpu {
  name: string;
  memoryGB: number;
  bandwidthGBps: number;
  tflops: Partial<Record<"fp32" | "tf32" | "bf16" | "fp16" | "fp8" | "int8" | "fp4", number>>;
  /** Optional: GPU-to-GPU bandwidth per direction, GB/s. */
  interconnectGBps?: number;
  /** Optional: the back-end (cuda, rocm, metal, cpu, tpu, gaudi); inferred from the name when absent. */
  backend?: Backend;
}

/**
 * The machine's host RAM (contract v2 `hardware.host`), datasheet units: GB (10^9 bytes), GB/s,
 * dense TFLOPS. Used for layers and experts kept in host RAM and for CPU inference.
 */
export interface InlineHost {
  memoryGB: number;
  bandwidthGBps: number;
  tflops: {fp32: number};
  /**
   * Apple unified memory: the GPU-wired limit in MiB, as `sysctl iogpu.wired_limit_mb` sets it
   * (0 or absent: macOS's default, recommendedMaxWorkingSetSize).
   */
  wiredLimitMB?: number;
}

export interface InferenceWorkload {
  type: "inference";
  engine: EngineName;
  weights: WeightFormat;
  kvCache: KvFormat;
  /**
   * Concurrent sequences of a static batch. With `serving` it may be omitted: validation then
   * sets it to the serving concurrency (1 for an open loop) for the static figures.
   */
  batchSize: number;
  promptTokens: number;
  outputTokens: number;
  /** Defaults to hardware.count / pipelineParallel. */
  tensorParallel?: number;
  pipelineParallel?: number;
  /** MoE experts split over this many GPUs (inference, contract v2); default 1. */
  expertParallel?: number;
  /**
   * The engine's release ("0.14.0"), when it matters: older releases whose serving constants
   * differ are listed in engines.ts (`versions` of each serving profile). Default: the current one.
   */
  engineVersion?: string;
  /** Continuous-batching steady state (contract v2, "Serving under load"). */
  serving?: ServingOptions;
  /**
   * llama.cpp `-ngl`: layer slots on the GPU (the repeating layers plus the output layer);
   * the rest stay in host RAM. Default: all.
   */
  gpuLayers?: number;
  /** MoE routed-expert tensors kept in host RAM (llama.cpp `--cpu-moe`). Default false. */
  expertsOnHost?: boolean;
}

/** One pool of a disaggregated deployment: GPUs and the tensor-parallel degree of each replica. */
export interface ServingPool {
  count: number;
  tensorParallel: number;
}

/** `workload.serving` (docs/scenario.md, contract v2). Exactly one of concurrency, requestsPerSecond. */
export interface ServingOptions {
  /** Closed loop: requests in flight. */
  concurrency?: number;
  /** Open loop: Poisson arrivals per second, whole deployment. */
  requestsPerSecond?: number;
  /** Token budget per step (chunked prefill); the engine's default when omitted. */
  maxBatchedTokens?: number;
  /** Share of prompt tokens served from the prefix cache, 0..1. Default 0. */
  prefixCacheHitRate?: number;
  /**
   * Decode steps the scheduler holds a new prompt to batch it with later ones before prefilling
   * it: TensorRT-LLM's `batch_wait_timeout_iters` (PyTorch backend, default 0 = off; InferenceX's
   * Llama 1k/1k TP<8 launches set 20). Default 0.
   */
  batchWaitIterations?: number;
  /**
   * Closed loop: whether the figures include the benchmark's first wave, all `concurrency`
   * requests sent at once to an idle server, as one request in 10 (bench_serving runs of 10 ×
   * concurrency prompts, InferenceX). false: a steady-state measurement that leaves the start out
   * (perf_analyzer / genai-perf time windows). Default true.
   */
  firstWave?: boolean;
  /**
   * Most tokens a step may carry and still replay a captured CUDA graph: vLLM's
   * `--max-cudagraph-capture-size` (default min(2·max_num_seqs, 512)); a prefill step above it is
   * issued kernel by kernel. Only for engines that graph prefill steps (vLLM); SGLang's and
   * TensorRT-LLM's graphs cover decode-only steps whatever their size. Default: the engine's.
   */
  cudaGraphMaxTokens?: number;
  /** MTP / EAGLE / draft model: tokens proposed per step and the chance each is accepted. */
  speculative?: {tokens: number; acceptanceRate: number};
  /** Separate prefill and decode pools (GPUs each). */
  disaggregated?: {prefill: ServingPool; decode: ServingPool};
}

/** `inference.serving` of a Result (contract v2). */
export interface ServingResult {
  /** Requests in flight (given, or Little's law when open loop). */
  concurrency: number;
  /** Completed requests per second, whole deployment. */
  requestsPerSecond: number;
  timeToFirstTokenSeconds: number;
  timePerOutputTokenSeconds: number;
  endToEndSeconds: number;
  outputTokensPerSecondPerUser: number;
  outputTokensPerSecondPerGpu: number;
  totalTokensPerSecondPerGpu: number;
  /** Open loop: arrivals exceed what the deployment serves (the figures are the saturated server's). */
  saturated: boolean;
  /** How the steady state was reached (beyond the contract's keys; lib/serving). */
  details?: ServingDetails;
}

/** What one step of the steady state holds, and the deployment's shape (lib/serving). */
export interface ServingDetails {
  replicas: number;
  gpus: number;
  /** Requests that may run at once per replica: min(engine cap, KV pool at the mean context). */
  maxRunningRequests: number;
  /** Token budget per step. */
  maxBatchedTokens: number;
  /** Requests decoding in a step, and the tokens they run (1 + proposed each when speculating). */
  decodeRequestsPerStep: number;
  decodeTokensPerStep: number;
  /** Prefill tokens in a step that carries a chunk, and the share of steps that do. */
  prefillTokensPerMixedStep: number;
  mixedStepShare: number;
  meanStepSeconds: number;
  decodeStepSeconds: number;
  mixedStepSeconds: number;
  /** Expected output tokens per request per step (speculative decoding), 1 without. */
  tokensPerStep: number;
  /** Share of GPU time spent on prefill work (charged to input tokens). */
  prefillTimeShare: number;
  queueSeconds: number;
  /** Disaggregated only: prefill-pool figures. */
  prefill: null | {replicas: number; serviceSeconds: number; waitSeconds: number; kvTransferSeconds: number; utilisation: number};
}

export interface LoraOptions {
  rank: number;
  /** Hugging Face module names: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj. */
  targets: string[];
  alpha?: number;
}

export interface TrainingWorkload {
  type: "training";
  method: TrainingMethod;
  precision: TrainingPrecision;
  optimizer: OptimizerName;
  microBatchSize: number;
  sequenceLength: number;
  gradientAccumulation: number;
  activationCheckpointing: CheckpointingPolicy;
  flashAttention: boolean;
  zeroStage: 0 | 1 | 2 | 3;
  tensorParallel: number;
  pipelineParallel: number;
  expertParallel: number;
  sequenceParallel: boolean;
  lora?: LoraOptions;
  /** Tokens to train on, for time and cost. */
  trainingTokens?: number;
  /** Model FLOPs utilisation assumed for time (0..1]. */
  mfu?: number;
  /** Fraction of wall-clock time that is productive training (restarts, evaluation excluded). */
  goodput?: number;
  /**
   * The framework family or fine-tuning trainer (contract v2: torchtune, llama-factory, unsloth,
   * axolotl, peft): what it allocates and how fast it runs (lib/training/profiles.ts).
   */
  framework?: FrameworkName;
}

export type Workload = InferenceWorkload | TrainingWorkload;

export interface Pricing {
  usdPerGpuHour?: number;
  /** A provider in the price catalog; the cheapest offer of that provider for the GPU is used. */
  provider?: string;
}

/** A scenario as it arrives (catalog ids allowed), after validation and defaults. */
export interface Scenario {
  /** Catalog id, or an inline Hugging Face config.json object. */
  model: string | Record<string, unknown>;
  hardware: {gpu: string | InlineGpu; count: number; host?: InlineHost};
  workload: Workload;
  pricing?: Pricing;
}

/** The model a result is about (catalog id, or null for an inline config.json). */
export interface ResultModel {
  id: string | null;
  name: string;
  modelType: string;
}

/** The hardware a result is about. */
export interface ResultHardware {
  /** Catalog id, or the slug of an inline spec's name. */
  gpu: string;
  name: string;
  count: number;
}

/** Per-component activation bytes of the fullest training stage. */
export interface ActivationBreakdown {
  layersBytes: number;
  lossBytes: number;
  recomputeWorkingBytes: number;
  loraBytes: number;
  dequantWorkspaceBytes: number;
  /** Activations held in host memory instead of the GPU (activation offloading); not in the GPU total. */
  offloadedToHostBytes: number;
}

/** Per-component overhead bytes of the fullest training stage. */
export interface OverheadBreakdown {
  contextBytes: number;
  communicationBufferBytes: number;
  gatheredUnitBytes: number;
  fragmentationBytes: number;
}

/** Memory per GPU, bytes. Contract v1 keys first; the rest are filled by the workload that has them. */
export interface ResultMemory {
  weightsBytes: number;
  kvCacheBytes: number;
  activationsBytes: number;
  gradientsBytes: number;
  optimizerBytes: number;
  overheadBytes: number;
  totalBytes: number;
  capacityBytes: number;
  fits: boolean;
  // --- inference ---
  /** Capacity the engine lets the workload use (its memory fraction of the device). */
  usableBytes?: number;
  /** KV pool the engine allocates: usable − weights − activations − overhead. */
  kvPoolBytes?: number;
  /** Tokens that pool holds at full attention length. */
  kvCapacityTokens?: number;
  /** KV bytes per token on the busiest GPU (its pipeline stage's layers, its share of the heads): an integer. */
  kvCacheBytesPerToken?: number;
  /** Effective bits per weight of the weight format on this model. */
  weightBitsPerWeight?: number;
  // --- local llama.cpp machines (lib/localResult.ts, contract v2) ---
  /** Host RAM the scenario takes (layers, experts or everything kept off the GPU), bytes. */
  hostBytes?: number;
  hostCapacityBytes?: number;
  hostWeightsBytes?: number;
  hostKvCacheBytes?: number;
  // --- training ---
  masterWeightsBytes?: number;
  workingCopyBytes?: number;
  activationBreakdown?: ActivationBreakdown;
  overheadBreakdown?: OverheadBreakdown;
  /** The pipeline stage whose GPU holds the most. */
  worstStage?: number;
  stages?: {stage: number; layers: number; microBatchesInFlight: number; totalBytes: number}[];
  layout?: ParallelLayout;
  /** Accounting profile of the training state (pytorch, deepspeed, ...). */
  framework?: string;
}

/** Inference speed and the inverse questions. */
export interface ResultInference {
  prefillSeconds: number;
  timeToFirstTokenSeconds: number;
  decodeTokensPerSecond: number;
  throughputTokensPerSecond: number;
  decodeBound: "memory" | "compute";
  maxBatchSize: number;
  maxContextTokens: number;
  decodeStepSeconds: number;
  prefillTokensPerSecond: number;
  /** Output tokens/s summed over the batch while decoding only: B / t_step. */
  decodeThroughputTokensPerSecond: number;
  prefillBound: "memory" | "compute";
  /** Fewest GPUs of this kind that hold the workload; null if more than 64. */
  fewestGpus: number | null;
  // Absent from the local llama.cpp model (lib/localResult.ts), present otherwise:
  /** Smallest batch at which decode turns compute-bound; null when not below the search bound. */
  computeBoundBatchSize?: number | null;
  /** The precision the matrix products run at (after any conversion, see compat.ts). */
  computePrecision?: ComputePrecision;
  tensorParallel?: number;
  pipelineParallel?: number;
  /** Placement and per-device times of a local llama.cpp machine (CPU, -ngl, --cpu-moe, host RAM). */
  local?: ResultLocal;
  /** Continuous-batching steady state; null when workload.serving is absent. */
  serving?: ServingResult | null;
}

/** Where a local llama.cpp machine puts the model and how long each device takes (lib/localResult.ts). */
export interface ResultLocal {
  machine: LocalMachine["kind"];
  layerSlots: number;
  gpuLayers: number;
  repeatingLayersOnGpu: number;
  outputLayerOnGpu: boolean;
  expertsOnHost: boolean;
  /** Largest -ngl whose GPU share fits; null without a GPU. */
  maxGpuLayersThatFit: number | null;
  decodeSecondsByDevice: Record<string, number>;
  prefillSecondsByDevice: Record<string, number>;
  prefillHostToGpuSeconds: number;
  deviceCrossingsPerToken: number;
  /** The auto-fit answer (lib/local.ts autoFit); null unless asked for (`estimate --fit`, the Overview). */
  autoFit: AutoFit | null;
}

/** Training FLOPs, speed and time. */
export interface ResultTraining {
  flopsPerToken: number;
  totalFlops: number;
  tokensPerSecondPerGpu: number;
  stepSeconds: number;
  gpuHours: number;
  wallClockSeconds: number;
  flopsPerTokenNonCausal: number;
  hardwareFlopsPerToken: number;
  sixNFlopsPerToken: number;
  mfu: number;
  hfu: number;
  goodput: number;
  peakFlopsPerSecond: number;
  computePrecision: ComputePrecision;
  tokensPerStep: number;
  trainingTokens: number;
  chinchillaTokens: number;
  /** Where the step time goes when the trainer's speed model set it (null when an MFU was given). */
  fineTuningStep?: {computeSeconds: number; dequantSeconds: number; dequantPasses: number; dispatchSeconds: number;
    /** Seconds the step waits for data-parallel collectives (ZeRO-3/FSDP gathers, gradient reductions). */
    communicationSeconds: number;
    hardwareUtilization: number} | null;
}

/** Dollars, when a price is known. */
export interface ResultCost {
  usdPerMillionOutputTokens: number | null;
  usdPerMillionInputTokens: number | null;
  trainingUsd: number | null;
  /** The price per GPU-hour used. */
  usdPerGpuHour?: number;
  /** Where that price comes from ("given in the scenario", or the catalog offer). */
  priceBasis?: string;
}

/** What the engine answers for a scenario (contract v1 keys plus the typed extras above). */
export interface Result {
  /** Filled by estimate(); absent from the training module's own answer. */
  model?: ResultModel;
  hardware?: ResultHardware;
  params: {total: number; active: number; trainable: number};
  memory: ResultMemory;
  inference: null | ResultInference;
  training: null | ResultTraining;
  cost: null | ResultCost;
  warnings: string[];
}
