/**
 * The training half of the engine: memory (weights, gradients, optimizer state, activations,
 * overheads) per GPU under ZeRO/TP/PP/EP/SP, LoRA and QLoRA, FLOPs, speed, time and cost.
 *
 * Entry point: `trainingEstimate({arch, gpu, gpuCount, workload})` → the scenario `Result`.
 */
export {trainingEstimate, DEFAULT_LORA} from "./estimate.js";
export type {TrainingEstimateInput, StageMemory} from "./estimate.js";
export {maxMicroBatchSize, maxSequenceLength, smallestFittingLayout} from "./solvers.js";
export type {LayoutCandidate} from "./solvers.js";
export {TrainingLayoutError, validateLayout, stageLayers, stageOfLayer, stagesOf, tensorShare, replicaGroup} from "./parallel.js";
export type {ParallelLayout} from "./parallel.js";
export {FRAMEWORK_PROFILES, DEFAULT_FRAMEWORK} from "./profiles.js";
export type {FrameworkName, FrameworkProfile} from "./profiles.js";
export {stateBytesPerParam, trainableBytesPerParam, optimizerBytesPerParam, optimizerTensorBytes, tensorStateBytes, shardState,
  stateTotal} from "./state.js";
export type {StateBytes} from "./state.js";
export {layerActivationBytes, storedLayerBytes, lossActivationBytes, korthikantiLayerBytes} from "./activations.js";
export {loraAdapters, loraParams, frozenBytesPerParam, isLoraTarget, NF4_DOUBLE_QUANT_BITS, LORA_TARGETS} from "./lora.js";
export {trainingFlopsPerToken, trainingTime, gpuHoursForFlops, computePrecisionOf, DEFAULT_MFU, DEFAULT_GOODPUT,
  CHINCHILLA_TOKENS_PER_PARAM} from "./time.js";
export type {TrainingFlops, TrainingTime} from "./time.js";
