/**
 * The Result of a local scenario (lib/local.ts): llama.cpp on a CPU, with -ngl, with
 * --cpu-moe or with a host given. Same contract keys as every inference result, plus
 * `memory.hostBytes` (host RAM, contract v2) and `inference.local` (placement, per-device
 * times, auto-fit).
 */
import type {Architecture} from "./architecture.js";
import {usdPerMillionTokens} from "./cost.js";
import {fewestGpusToFit, modelParameterCounts} from "./inference.js";
import type {GpuSpec} from "./hardware.js";
import {autoFit, localEstimate, localMachine} from "./local.js";
import {kvCacheBytesPerToken} from "./kvCache.js";
import {resolveGpu, resolveModel, ScenarioError, type ResolvedPrice} from "./resolve.js";
import type {InferenceWorkload, Result, Scenario} from "./scenario.js";

export function localInferenceResult(options: {scenario: Scenario; workload: InferenceWorkload; arch: Architecture;
  model: {id: string | null; name: string; warnings: string[]}; gpu: GpuSpec; gpuWarnings: string[]; price: ResolvedPrice | null;
  solvers?: boolean; fit?: boolean}): Result {
  const {scenario, workload, arch, model, gpu, price} = options;
  const {machine, errors, warnings} = localMachine({gpu, gpuCount: scenario.hardware.count, host: scenario.hardware.host, arch, workload});
  if (errors.length) throw new ScenarioError(errors);
  if (workload.serving) warnings.push("workload.serving is not modelled on local llama.cpp machines: the static batch is estimated (inference.serving is null)");
  const est = localEstimate({arch, machine, workload, solvers: options.solvers});
  // Auto-fit tries every GGUF format (a dozen placements each): asked for with `fit` (the
  // command's --fit, the pages), not on every estimate.
  const fit = options.fit ? autoFit({arch, machine, workload}) : null;
  const params = modelParameterCounts(arch);
  const m = est.memory;
  const cpu = machine.kind === "cpu";
  const gpus = cpu ? 1 : machine.gpuCount;
  const decodeSeconds = est.speed.decode.seconds;
  const prefillSeconds = est.speed.prefill.seconds;
  const B = workload.batchSize;
  const perStep = 0.3e-3;
  const weightBits = (8 * (m.gpuWeightsBytes * (cpu ? 0 : gpus) + m.hostWeightsBytes)) / Math.max(1, params.total);
  if (!m.fits) {
    warnings.push(cpu
      ? `does not fit: ${(m.hostTotalBytes / 2 ** 30).toFixed(2)} GiB needed in RAM, ${(m.hostCapacityBytes / 2 ** 30).toFixed(2)} GiB there`
      : `does not fit: ${(m.gpuTotalBytes / 2 ** 30).toFixed(2)} GiB needed per GPU (${(m.gpuCapacityBytes / 2 ** 30).toFixed(2)} GiB usable), ` +
        `${(m.hostTotalBytes / 2 ** 30).toFixed(2)} GiB in host RAM (${(m.hostCapacityBytes / 2 ** 30).toFixed(2)} GiB there)`);
  }
  const total = cpu ? m.hostTotalBytes : m.gpuTotalBytes;
  return {
    model: {id: model.id, name: model.name, modelType: arch.modelType},
    hardware: {gpu: gpu.id, name: gpu.name, count: scenario.hardware.count},
    params: {total: params.total, active: params.active, trainable: 0},
    memory: {
      weightsBytes: cpu ? m.hostWeightsBytes : m.gpuWeightsBytes,
      kvCacheBytes: cpu ? m.hostKvBytes : m.gpuKvBytes,
      activationsBytes: cpu ? m.hostComputeBytes : m.gpuComputeBytes,
      gradientsBytes: 0,
      optimizerBytes: 0,
      overheadBytes: cpu ? 0 : m.gpuOverheadBytes,
      totalBytes: total,
      capacityBytes: cpu ? m.hostCapacityBytes : m.gpuCapacityBytes,
      fits: m.fits,
      hostBytes: m.hostTotalBytes,
      hostCapacityBytes: m.hostCapacityBytes,
      hostWeightsBytes: m.hostWeightsBytes,
      hostKvCacheBytes: m.hostKvBytes,
      usableBytes: cpu ? m.hostCapacityBytes : m.gpuCapacityBytes,
      kvCacheBytesPerToken: kvCacheBytesPerToken({arch, format: workload.kvCache}).totalBytes,
      weightBitsPerWeight: weightBits
    },
    inference: {
      prefillSeconds,
      timeToFirstTokenSeconds: prefillSeconds + perStep,
      decodeTokensPerSecond: 1 / decodeSeconds,
      throughputTokensPerSecond: (B * workload.outputTokens) / (prefillSeconds + workload.outputTokens * decodeSeconds),
      decodeBound: est.speed.decode.bound,
      maxBatchSize: est.maxBatchSize,
      maxContextTokens: est.maxContextTokens,
      decodeStepSeconds: decodeSeconds,
      prefillTokensPerSecond: (B * workload.promptTokens) / prefillSeconds,
      decodeThroughputTokensPerSecond: B / decodeSeconds,
      prefillBound: est.speed.prefill.bound,
      serving: null,
      fewestGpus: cpu || options.solvers === false ? null : fewestGpusToFit({arch, gpu, workload}),
      local: {
        machine: est.machine,
        layerSlots: est.placement.layerSlots,
        gpuLayers: est.placement.gpuLayers,
        repeatingLayersOnGpu: est.placement.repeatingOnGpu,
        outputLayerOnGpu: est.placement.outputOnGpu,
        expertsOnHost: est.expertsOnHost,
        maxGpuLayersThatFit: est.maxGpuLayersThatFit,
        decodeSecondsByDevice: Object.fromEntries(est.speed.decode.devices.map((d) => [d.device, d.step.seconds])),
        prefillSecondsByDevice: Object.fromEntries(est.speed.prefill.devices.map((d) => [d.device, d.step.seconds])),
        prefillHostToGpuSeconds: est.speed.prefill.pcieSeconds,
        deviceCrossingsPerToken: est.speed.decode.crossings,
        autoFit: fit
      }
    },
    training: null,
    cost: price ? {
      usdPerMillionOutputTokens: usdPerMillionTokens({usdPerGpuHour: price.usdPerGpuHour, gpus, tokensPerSecond: B / decodeSeconds}),
      usdPerMillionInputTokens: usdPerMillionTokens({usdPerGpuHour: price.usdPerGpuHour, gpus, tokensPerSecond: (B * workload.promptTokens) / prefillSeconds}),
      trainingUsd: null,
      usdPerGpuHour: price.usdPerGpuHour,
      priceBasis: price.basis
    } : null,
    warnings: [...model.warnings, ...options.gpuWarnings, ...warnings]
  };
}

/**
 * Auto-fit for a scenario (the command's `--fit`): the most precise GGUF format that fits the
 * machine (entirely on the GPU if one does), the -ngl that goes with it, the layers left in
 * host RAM and the longest context, under llama.cpp whatever engine the scenario names.
 */
export function autoFitScenario(scenario: Scenario): {model: string; hardware: string; autoFit: ReturnType<typeof autoFit>; warnings: string[]} {
  const model = resolveModel(scenario.model);
  const gpuWarnings: string[] = [];
  const gpu = resolveGpu(scenario.hardware.gpu, gpuWarnings);
  if (scenario.workload.type !== "inference") throw new ScenarioError(["workload.type: got \"training\", expected \"inference\" for --fit"]);
  const workload: InferenceWorkload = {...scenario.workload, engine: "llama.cpp"};
  delete workload.gpuLayers;
  const {machine, errors, warnings} = localMachine({gpu, gpuCount: scenario.hardware.count, host: scenario.hardware.host, arch: model.arch, workload});
  if (errors.length) throw new ScenarioError(errors);
  if (machine.kind === "discrete" && !machine.hostKnown) {
    warnings.push("hardware.host not given: only formats that fit entirely on the GPU are considered");
  }
  return {model: model.name, hardware: gpu.name, autoFit: autoFit({arch: model.arch, machine, workload}), warnings: [...model.warnings, ...gpuWarnings, ...warnings]};
}
