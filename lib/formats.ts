/**
 * The names of number formats the engine understands, shared by the scenario contract,
 * the quantization tables and the hardware specs.
 */

/** Storage format of model weights (scenario `workload.weights`). */
export const WEIGHT_FORMATS = [
  "fp32", "bf16", "fp16", "fp8", "int8", "nf4", "awq-int4", "gptq-int4",
  "q8_0", "q6_k", "q5_k_m", "q5_0", "q4_k_m", "q4_0", "q3_k_m", "q2_k", "mxfp4"
] as const;
export type WeightFormat = (typeof WEIGHT_FORMATS)[number];

/** Storage format of the KV cache (scenario `workload.kvCache`). */
export const KV_FORMATS = ["fp32", "bf16", "fp16", "fp8", "q8_0", "q4_0"] as const;
export type KvFormat = (typeof KV_FORMATS)[number];

/** Precisions a datasheet quotes dense tensor throughput for. */
export const COMPUTE_PRECISIONS = ["fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp4"] as const;
export type ComputePrecision = (typeof COMPUTE_PRECISIONS)[number];

/** Serving engines with a profile in `engines.ts`. */
export const ENGINES = ["transformers", "vllm", "llama.cpp", "tensorrt-llm", "sglang"] as const;
export type EngineName = (typeof ENGINES)[number];

/** Training precisions (scenario `workload.precision`). */
export const TRAINING_PRECISIONS = ["fp32", "bf16", "bf16-mixed", "fp16-mixed", "fp8-mixed"] as const;
export type TrainingPrecision = (typeof TRAINING_PRECISIONS)[number];

/** Optimizers (scenario `workload.optimizer`). */
export const OPTIMIZERS = ["adamw", "adamw-8bit", "sgd", "sgd-momentum", "adafactor", "lion"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const TRAINING_METHODS = ["full", "lora", "qlora"] as const;
export type TrainingMethod = (typeof TRAINING_METHODS)[number];

export const CHECKPOINTING = ["none", "selective", "full"] as const;
export type CheckpointingPolicy = (typeof CHECKPOINTING)[number];
