/**
 * The scenario and result contract (shared/specs/scenario.md, contract v1), as TypeScript types.
 *
 * A scenario says everything an estimate needs. The same object is what a page's inputs
 * hold, what a shared link encodes, what the `estimate` command reads and what tests feed
 * the engine. `validate.ts` turns unknown JSON into a `Scenario` (or field-named errors);
 * `resolve.ts` turns catalog ids into full specifications; `estimate.ts` computes a `Result`.
 */
import type {
  CheckpointingPolicy, EngineName, KvFormat, OptimizerName, TrainingMethod,
  TrainingPrecision, WeightFormat
} from "./formats.js";

/** An inline GPU spec in datasheet units (GB = 10^9 bytes, GB/s, dense TFLOPS). */
export interface InlineGpu {
  name: string;
  memoryGB: number;
  bandwidthGBps: number;
  tflops: Partial<Record<"fp32" | "tf32" | "bf16" | "fp16" | "fp8" | "int8" | "fp4", number>>;
  /** Optional: GPU-to-GPU bandwidth per direction, GB/s. */
  interconnectGBps?: number;
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
  /** Continuous-batching steady state (contract v2, "Serving under load"). */
  serving?: ServingOptions;
}

/** One pool of a disaggregated deployment: GPUs and the tensor-parallel degree of each replica. */
export interface ServingPool {
  count: number;
  tensorParallel: number;
}

/** `workload.serving` (shared/specs/scenario.md, contract v2). Exactly one of concurrency, requestsPerSecond. */
export interface ServingOptions {
  /** Closed loop: requests in flight. */
  concurrency?: number;
  /** Open loop: Poisson arrivals per second, whole deployment. */
  requestsPerSecond?: number;
  /** Token budget per step (chunked prefill); the engine's default when omitted. */
  maxBatchedTokens?: number;
  /** Share of prompt tokens served from the prefix cache, 0..1. Default 0. */
  prefixCacheHitRate?: number;
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
  /** Accounting profile for training state bytes. */
  framework?: "pytorch" | "deepspeed" | "megatron" | "hf-trainer";
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
  hardware: {gpu: string | InlineGpu; count: number};
  workload: Workload;
  pricing?: Pricing;
}

export interface Result {
  params: {total: number; active: number; trainable: number};
  memory: {
    weightsBytes: number;
    kvCacheBytes: number;
    activationsBytes: number;
    gradientsBytes: number;
    optimizerBytes: number;
    overheadBytes: number;
    totalBytes: number;
    capacityBytes: number;
    fits: boolean;
    [extra: string]: unknown;
  };
  inference: null | {
    prefillSeconds: number;
    timeToFirstTokenSeconds: number;
    decodeTokensPerSecond: number;
    throughputTokensPerSecond: number;
    decodeBound: "memory" | "compute";
    maxBatchSize: number;
    maxContextTokens: number;
    /** Continuous-batching steady state; null when workload.serving is absent. */
    serving?: ServingResult | null;
    [extra: string]: unknown;
  };
  training: null | {
    flopsPerToken: number;
    totalFlops: number;
    tokensPerSecondPerGpu: number;
    stepSeconds: number;
    gpuHours: number;
    wallClockSeconds: number;
    [extra: string]: unknown;
  };
  cost: null | {
    usdPerMillionOutputTokens: number | null;
    usdPerMillionInputTokens: number | null;
    trainingUsd: number | null;
    [extra: string]: unknown;
  };
  warnings: string[];
  [extra: string]: unknown;
}
