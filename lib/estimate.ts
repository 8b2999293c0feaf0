/**
 * Scenario → Result: the engine's one entry point for the command, the pages and the tests.
 * Resolves catalog ids (resolve.ts), runs the inference or training estimate and prices it.
 * The result's keys and units are the contract of docs/scenario.md.
 */
import {compatibility} from "./compat.js";
import {usdPerMillionTokens} from "./cost.js";
import {inferenceEstimate, modelParameterCounts, type InferenceEstimate} from "./inference.js";
import {resolveGpu, resolveModel, resolvePrice, ScenarioError} from "./resolve.js";
import {servingCost, servingEstimate} from "./serving/deployment.js";
import type {InferenceWorkload, Result, Scenario, TrainingWorkload} from "./scenario.js";
import {trainingEstimate} from "./training/estimate.js";
import {TrainingLayoutError} from "./training/parallel.js";
import {validateScenario} from "./validate.js";
import {usesLocalModel} from "./local.js";
import {localInferenceResult} from "./localResult.js";

export {ScenarioError};

function inferenceResult(scenario: Scenario, workload: InferenceWorkload): Result {
  const model = resolveModel(scenario.model);
  const gpuWarnings: string[] = [];
  const gpu = resolveGpu(scenario.hardware.gpu, gpuWarnings);
  // Impossible setups are refused here, so the command, the pages and the tests share one rule.
  const compat = compatibility({engine: workload.engine, weights: workload.weights, kvCache: workload.kvCache, gpu});
  if (compat.errors.length) throw new ScenarioError(compat.errors.map((e) => e.message));
  const price = resolvePrice({pricing: scenario.pricing, gpu});
  const slots = model.arch.layers + 1;
  if (workload.gpuLayers !== undefined && workload.gpuLayers > slots) {
    throw new ScenarioError([`workload.gpuLayers: got ${workload.gpuLayers}, expected an integer from 0 to ${slots} ` +
      `(${model.name} has ${model.arch.layers} repeating layers + the output layer)`]);
  }
  if (usesLocalModel({gpu, workload, host: scenario.hardware.host})) {
    return localInferenceResult({scenario, workload, arch: model.arch, model, gpu,
      gpuWarnings: [...gpuWarnings, ...compat.warnings.map((w) => w.message)], price});
  }
  if (workload.gpuLayers !== undefined || workload.expertsOnHost) {
    gpuWarnings.push(`workload.gpuLayers and workload.expertsOnHost are llama.cpp options; ignored with ${workload.engine}`);
  }
  const est: InferenceEstimate = inferenceEstimate({arch: model.arch, gpu, gpuCount: scenario.hardware.count, workload});
  const params = modelParameterCounts(model.arch);
  const gpus = est.parallelism.tensorParallel * est.parallelism.pipelineParallel;
  const m = est.memory;
  const serving = workload.serving ? servingEstimate({arch: model.arch, gpu, gpuCount: scenario.hardware.count, workload}) : null;
  const steady = serving && price ? servingCost(serving.result, price.usdPerGpuHour) : null;
  return {
    model: {id: model.id, name: model.name, modelType: model.arch.modelType},
    hardware: {gpu: gpu.id, name: gpu.name, count: scenario.hardware.count},
    params: {total: params.total, active: params.active, trainable: 0},
    memory: {
      weightsBytes: m.weightsBytes,
      kvCacheBytes: m.kvCacheBytes,
      activationsBytes: m.activationsBytes,
      gradientsBytes: 0,
      optimizerBytes: 0,
      overheadBytes: m.overheadBytes,
      totalBytes: m.totalBytes,
      capacityBytes: m.capacityBytes,
      fits: m.fits,
      hostBytes: 0,
      usableBytes: m.usableBytes,
      kvPoolBytes: m.kvPoolBytes,
      kvCapacityTokens: m.kvCapacityTokens,
      kvCacheBytesPerToken: est.kvCacheBytesPerToken,
      weightBitsPerWeight: est.weightBitsPerWeight
    },
    inference: {
      prefillSeconds: est.prefillSeconds,
      timeToFirstTokenSeconds: est.timeToFirstTokenSeconds,
      decodeTokensPerSecond: est.decodeTokensPerSecond,
      throughputTokensPerSecond: est.throughputTokensPerSecond,
      decodeBound: est.decodeBound,
      maxBatchSize: est.maxBatchSize,
      maxContextTokens: est.maxContextTokens,
      decodeStepSeconds: est.decodeStepSeconds,
      prefillTokensPerSecond: est.prefillTokensPerSecond,
      decodeThroughputTokensPerSecond: est.decodeThroughputTokensPerSecond,
      prefillBound: est.prefill.bound,
      computeBoundBatchSize: est.computeBoundBatchSize,
      fewestGpus: est.fewestGpus,
      computePrecision: est.computePrecision,
      tensorParallel: est.parallelism.tensorParallel,
      pipelineParallel: est.parallelism.pipelineParallel,
      serving: serving ? serving.result : null
    },
    training: null,
    cost: price ? {
      // Time is charged by phase: decode seconds to output tokens, prefill seconds to input tokens;
      // with workload.serving, from the continuous-batching steady state (serving/deployment.ts).
      usdPerMillionOutputTokens: steady ? steady.usdPerMillionOutputTokens
        : usdPerMillionTokens({usdPerGpuHour: price.usdPerGpuHour, gpus, tokensPerSecond: est.decodeThroughputTokensPerSecond}),
      usdPerMillionInputTokens: steady ? steady.usdPerMillionInputTokens
        : usdPerMillionTokens({usdPerGpuHour: price.usdPerGpuHour, gpus, tokensPerSecond: est.prefillTokensPerSecond}),
      trainingUsd: null,
      usdPerGpuHour: price.usdPerGpuHour,
      priceBasis: price.basis
    } : null,
    warnings: [...model.warnings, ...gpuWarnings, ...compat.warnings.map((w) => w.message), ...est.warnings, ...(serving?.warnings ?? [])]
  };
}

function trainingResult(scenario: Scenario, workload: TrainingWorkload): Result {
  const model = resolveModel(scenario.model);
  const gpuWarnings: string[] = [];
  const gpu = resolveGpu(scenario.hardware.gpu, gpuWarnings);
  const price = resolvePrice({pricing: scenario.pricing, gpu});
  const est = trainingEstimate({arch: model.arch, gpu, gpuCount: scenario.hardware.count, workload,
    usdPerGpuHour: price?.usdPerGpuHour});
  return {
    model: {id: model.id, name: model.name, modelType: model.arch.modelType},
    hardware: {gpu: gpu.id, name: gpu.name, count: scenario.hardware.count},
    ...est,
    cost: est.cost && price ? {...est.cost, usdPerGpuHour: price.usdPerGpuHour, priceBasis: price.basis} : est.cost,
    warnings: [...model.warnings, ...gpuWarnings, ...est.warnings]
  };
}

/**
 * Estimates a validated scenario.
 * @throws ScenarioError when an id does not resolve or the model config is unusable.
 */
export function estimateScenario(scenario: Scenario): Result {
  const w = scenario.workload;
  return w.type === "inference" ? inferenceResult(scenario, w) : trainingResult(scenario, w);
}

/**
 * Validates unknown JSON and estimates it: a Result (with validation warnings added), or the
 * list of problems, each naming its field.
 */
export function estimate(input: unknown): {ok: true; result: Result} | {ok: false; errors: string[]} {
  const v = validateScenario(input);
  if (!v.ok) return {ok: false, errors: v.errors};
  try {
    const result = estimateScenario(v.scenario);
    result.warnings = [...v.warnings, ...result.warnings];
    return {ok: true, result};
  } catch (e) {
    if (e instanceof ScenarioError) return {ok: false, errors: e.errors};
    if (e instanceof TrainingLayoutError) return {ok: false, errors: e.issues};
    throw e;
  }
}
