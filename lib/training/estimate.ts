/**
 * The training estimate: per-GPU memory of the fullest GPU, speed, time and cost of a
 * training workload, as the scenario `Result` (docs/scenario.md).
 *
 * Memory of one GPU (pipeline stage i, its tensor-parallel share, ZeRO over its replicas):
 *
 *     state       Σ_tensors on stage i  share_TP/EP(tensor) · shard_ZeRO(state bytes of the tensor)
 *     activations layers(i) · stored bytes per layer · min(p − i, m)  (1F1B, m micro-batches per step)
 *                 + max(loss buffers (logits) on the last stage,
 *                       one layer rebuilt at a time under full recomputation, or one layer's
 *                       attention scores under selective recomputation without FlashAttention)
 *                 + LoRA adapter intermediates (every layer's; under full recomputation only the
 *                   rebuilt layer's, inside its working set); QLoRA dequantization workspace
 *                 stored bytes per layer use the trainer's residual-stream width (4 bytes for QLoRA
 *                 prepared by PEFT, `residualStreamBytes`)
 *     overhead    CUDA context + communication buckets + ZeRO-3 gathered units
 *                 + allocator fragmentation (a fraction of the above)
 *
 * and the stage with the largest total is reported (with every stage in `memory.stages`).
 * Time: `time.ts`. Everything is per GPU in bytes, FLOP, seconds and US dollars.
 */
import {boundedCache, objectId} from "../memo.js";
import type {Architecture} from "../architecture.js";
import type {GpuSpec} from "../hardware.js";
import {parameterCounts, tensorsOf} from "../params.js";
import type {LoraOptions, Result, TrainingWorkload} from "../scenario.js";
import type {Tensor} from "../tensors.js";
import {layerActivationBytes, layerBackwardTransientBytes, lossActivationBytes, storedLayerBytes} from "./activations.js";
import {dequantWorkspaceBytes, frozenBytesPerParam, isLoraTarget, isQuantizedByQlora, loraActivationBytesPerLayer, loraAdapters} from "./lora.js";
import {replicaGroup, stageLayers, stagesOf, tensorShare, TrainingLayoutError, validateLayout, type ParallelLayout} from "./parallel.js";
import {DEFAULT_FRAMEWORK, FINETUNE_TRAINERS, FRAMEWORK_PROFILES, qloraUpcasts, residualStreamBytes, trainerLimits, type FrameworkProfile} from "./profiles.js";
import {addState, shardState, stateTotal, tensorStateBytes, trainableBytesPerParam, ZERO_STATE, type StateBytes} from "./state.js";
import {CHINCHILLA_TOKENS_PER_PARAM, computePrecisionOf, dataParallelTraffic, DEFAULT_GOODPUT, DEFAULT_MFU, fineTuningStep, matmulCeilingFactor, trainingFlopsPerToken,
  trainingTime, type FineTuningStep} from "./time.js";

export interface TrainingEstimateInput {
  arch: Architecture;
  gpu: GpuSpec;
  gpuCount: number;
  workload: TrainingWorkload;
  /** Price per GPU-hour, US dollars; cost is null without it. */
  usdPerGpuHour?: number;
  /** Dropout in the layers (GPT-style recipes). Default: false (modern LLMs train without it). */
  dropout?: boolean;
}

/**
 * Offloaded checkpoints: layer inputs kept on the GPU at once, the one in use and the one being
 * copied (Unsloth's Unsloth_Offloaded_Gradient_Checkpointer moves each to host memory after the
 * layer's forward and back before its backward; torchtune's OffloadActivations likewise, one stream each way).
 */
export const OFFLOAD_LAYERS_ON_GPU = 2;

/** The LoRA default when a lora/qlora workload names none: rank 16 on the attention projections. */
export const DEFAULT_LORA: LoraOptions = {rank: 16, targets: ["q_proj", "k_proj", "v_proj", "o_proj"]};

/** Memory of one pipeline stage's GPU. */
export interface StageMemory {
  stage: number;
  layers: number;
  microBatchesInFlight: number;
  state: StateBytes;
  activationsBytes: number;
  /** Bytes on the GPU by buffer; `offloadedToHostBytes` is held in host memory instead (not in the GPU total). */
  activationBreakdown: {layersBytes: number; lossBytes: number; recomputeWorkingBytes: number; loraBytes: number; dequantWorkspaceBytes: number;
    offloadedToHostBytes: number};
  overheadBreakdown: {contextBytes: number; communicationBufferBytes: number; gatheredUnitBytes: number; fragmentationBytes: number};
  overheadBytes: number;
  totalBytes: number;
}

interface TrainingSet {
  tensors: Tensor[];
  /** Tensors that train, each with whether it does. */
  entries: {tensor: Tensor; trainable: boolean; frozenBytes: number}[];
  trainableParams: number;
  lora: LoraOptions | null;
}

function trainingSet(arch: Architecture, workload: TrainingWorkload, profile: FrameworkProfile, layout: ParallelLayout, warnings: string[]): TrainingSet {
  const tensors = tensorsOf(arch);
  if (workload.method === "full") {
    return {tensors, entries: tensors.map((tensor) => ({tensor, trainable: true, frozenBytes: 0})),
      trainableParams: tensors.reduce((s, t) => s + t.params, 0), lora: null};
  }
  let lora = workload.lora ?? null;
  if (!lora) {
    lora = DEFAULT_LORA;
    warnings.push(`method ${workload.method} without lora options: rank ${lora.rank} on ${lora.targets.join(", ")} assumed`);
  }
  const adapters = loraAdapters({tensors, rank: lora.rank, targets: lora.targets});
  if (adapters.length === 0) warnings.push(`no LoRA target among ${lora.targets.join(", ")} matches a matrix of this model: nothing trains`);
  const fp32 = workload.precision === "fp32";
  const entries = [
    ...tensors.map((tensor) => ({tensor, trainable: false,
      frozenBytes: frozenBytesPerParam({tensor, method: workload.method, fp32,
        upcastUnquantized: qloraUpcasts({profile, method: workload.method, zeroStage: layout.zeroStage, dataParallel: layout.dataParallel})})})),
    ...adapters.map((tensor) => ({tensor, trainable: true, frozenBytes: 0}))
  ];
  return {tensors, entries, trainableParams: adapters.reduce((s, t) => s + t.params, 0), lora};
}

/** Bytes of a tensor's weights as gathered for compute (16-bit for trainable tensors under mixed precision, the stored format for frozen ones). */
function computeBytesPerParam(entry: {trainable: boolean; frozenBytes: number}, workload: TrainingWorkload): number {
  if (!entry.trainable) return entry.frozenBytes;
  return workload.precision === "fp32" ? 4 : 2;
}

/** The training state of one pipeline stage (stageMemory's first part): what does not depend on the micro-batch or the sequence. */
interface StageState {
  state: StateBytes;
  unshardedGradients: number;
  /** What ZeRO-2 saves over ZeRO-1 (gradients) and ZeRO-3 over ZeRO-2 (weights): the transient unsharded unit buffers never exceed them. */
  stage2Saving: number;
  stage3Saving: number;
  /** Gathered weights and unsharded gradients per FSDP unit. */
  unitWeights: ReadonlyMap<number | string, number>;
  unitGradients: ReadonlyMap<number | string, number>;
}

/** Most stage states `stageState` keeps (the oldest go first). */
const STAGE_STATES_KEPT = 256;
const stageStates = boundedCache<StageState>(STAGE_STATES_KEPT);

/**
 * The training state of a pipeline stage, tensor by tensor: each tensor's weights, master copy,
 * gradients and optimizer state (state.ts tensorStateBytes), sharded by ZeRO over its replica
 * group (shardState) and split by tensor parallelism (parallel.ts tensorShare), summed.
 * It reads the model, the layout, the trainer's profile and the method, LoRA settings, precision
 * and optimizer (what trainingSet's entries are made from), never the micro-batch, the sequence
 * or the checkpointing: it is remembered by those inputs (the model and profile objects by
 * identity), so that the sweeps and solvers that vary only the activations (a page's curves, the
 * largest micro-batch) pay for the per-tensor loop once. Read it, never change it.
 */
function stageState(options: {arch: Architecture; workload: TrainingWorkload; layout: ParallelLayout; profile: FrameworkProfile;
  stage: number; entriesOnStage: TrainingSet["entries"]}): StageState {
  const {arch, workload, layout, profile} = options;
  const key = `${objectId(arch)}|${objectId(profile)}|${options.stage}|${JSON.stringify(layout)}|${workload.method}|${JSON.stringify(workload.lora ?? null)}|` +
    `${workload.precision}|${workload.optimizer}`;
  const known = stageStates.get(key);
  if (known) return known;
  let state: StateBytes = ZERO_STATE;
  let unshardedGradients = 0;
  let stage2Saving = 0;
  let stage3Saving = 0;
  const unitWeights = new Map<number | string, number>();
  const unitGradients = new Map<number | string, number>();
  for (const entry of options.entriesOnStage) {
    const {tensor} = entry;
    const share = tensorShare({tensor, arch, layout});
    const raw = tensorStateBytes({tensor, precision: workload.precision, optimizer: workload.optimizer, profile,
      trainable: entry.trainable, frozenBytesPerParam: entry.frozenBytes});
    const group = replicaGroup({tensor, layout});
    if (!entry.trainable && entry.frozenBytes === 4 && tensor.kind === "lmHead" && workload.precision !== "fp32"
      && profile.mixedWorkingCopyBytes > 0) {
      // Autocast casts a frozen fp32 LM head to 16 bits each step; the matmul keeps that copy for the backward pass.
      raw.workingCopy = 2 * tensor.params;
    }
    const sharded = shardState({state: raw, zeroStage: layout.zeroStage, group, masterIn: profile.masterIn});
    state = addState(state, sharded, share);
    const at = (zeroStage: 1 | 2 | 3) => stateTotal(shardState({state: raw, zeroStage, group, masterIn: profile.masterIn}));
    stage2Saving += (at(1) - at(2)) * share;
    stage3Saving += (at(2) - at(3)) * share;
    unshardedGradients += raw.gradients * share;
    // FSDP units: one per decoder layer, and the embedding and LM head as their own units
    // (torchtune's `custom_sharded_layers: ['tok_embeddings', 'output']`); small globals join the root.
    const unit: number | string = tensor.layer ?? (tensor.kind === "embedding" || tensor.kind === "lmHead" ? tensor.kind : "root");
    const gathered = tensor.params * share * computeBytesPerParam(entry, workload);
    unitWeights.set(unit, (unitWeights.get(unit) ?? 0) + gathered);
    if (entry.trainable) {
      const gradBytes = raw.gradients / Math.max(1, tensor.params);
      unitGradients.set(unit, (unitGradients.get(unit) ?? 0) + tensor.params * share * gradBytes);
    }
  }
  const answer: StageState = {state, unshardedGradients, stage2Saving, stage3Saving, unitWeights, unitGradients};
  return stageStates.set(key, answer);
}

function stageMemory(options: {arch: Architecture; workload: TrainingWorkload; layout: ParallelLayout; profile: FrameworkProfile;
  set: TrainingSet; stage: number; dropout: boolean; entriesOnStage: TrainingSet["entries"]}): StageMemory {
  const {arch, workload, layout, profile, set, stage, dropout} = options;
  const p = layout.pipelineParallel;
  const t = layout.tensorParallel;
  const {start, end} = stageLayers({layers: arch.layers, pipelineParallel: p, stage});
  const isLast = stage === p - 1;

  // --- training state ---
  const stateOfStage = stageState(options);
  let state: StateBytes = {...stateOfStage.state};
  let unshardedGradients = stateOfStage.unshardedGradients;
  const {stage2Saving, stage3Saving, unitWeights, unitGradients} = stateOfStage;

  // Optimizer in the backward pass (torchtune, full fine-tuning on one GPU, no accumulation):
  // each gradient is applied and freed as soon as it is made; the largest one bounds what exists.
  if (profile.optimizerInBackwardSingleDevice && workload.method === "full" && layout.dataParallel * t * p === 1
    && workload.gradientAccumulation <= 1) {
    let largest = 0;
    for (const entry of options.entriesOnStage) {
      if (!entry.trainable) continue;
      const raw = tensorStateBytes({tensor: entry.tensor, precision: workload.precision, optimizer: workload.optimizer, profile, trainable: true});
      largest = Math.max(largest, raw.gradients / Math.max(1, entry.tensor.count));
    }
    state = {...state, gradients: Math.min(state.gradients, largest)};
    unshardedGradients = state.gradients;
  }

  // --- activations ---
  const m = Math.max(1, workload.gradientAccumulation);
  const inFlight = Math.min(p - stage, m);
  const residualBytes = residualStreamBytes({profile, method: workload.method, zeroStage: layout.zeroStage, dataParallel: layout.dataParallel});
  const common = {arch, microBatchSize: workload.microBatchSize, sequenceLength: workload.sequenceLength,
    tensorParallel: t, sequenceParallel: layout.sequenceParallel, flashAttention: workload.flashAttention, dropout,
    gatedMlpBytesPerElement: profile.gatedMlpBytesPerElement, residualBytes};
  let layersBytes = 0;
  let recomputeWorkingBytes = 0;
  let loraBytes = 0;
  // Each layer's own tensors, grouped once: the per-layer LoRA sum then costs O(tensors), not
  // O(layers × tensors) (10,000 layers would otherwise take seconds).
  const tensorsByLayer = new Map<number, typeof set.tensors>();
  if (set.lora) {
    for (const tensor of set.tensors) {
      if (tensor.layer === null || tensor.layer < start || tensor.layer >= end) continue;
      const list = tensorsByLayer.get(tensor.layer);
      if (list) list.push(tensor);
      else tensorsByLayer.set(tensor.layer, [tensor]);
    }
  }
  const fullRecompute = workload.activationCheckpointing === "full";
  for (let i = start; i < end; i++) {
    layersBytes += storedLayerBytes({...common, layer: i, checkpointing: workload.activationCheckpointing});
    // The adapters' rank-r intermediates x·A belong to their layer's saved activations: under full
    // recomputation they exist only for the layer being rebuilt, otherwise for every layer.
    const adapterBytes = set.lora
      ? loraActivationBytesPerLayer({arch, layer: i, tensors: tensorsByLayer.get(i) ?? [], rank: set.lora.rank,
        targets: set.lora.targets, microBatchSize: workload.microBatchSize, sequenceLength: workload.sequenceLength})
      : 0;
    if (fullRecompute) {
      recomputeWorkingBytes = Math.max(recomputeWorkingBytes,
        layerActivationBytes({...common, layer: i}).total + layerBackwardTransientBytes({...common, layer: i}) + adapterBytes);
    } else {
      loraBytes += adapterBytes;
      if (workload.activationCheckpointing === "selective" && !workload.flashAttention) {
        // Selective recomputation rebuilds one layer's attention scores at a time in the backward pass.
        recomputeWorkingBytes = Math.max(recomputeWorkingBytes, layerActivationBytes({...common, layer: i}).scores);
      }
    }
  }
  const factor = profile.activationFactor;
  layersBytes *= inFlight * factor;
  // Offloaded checkpoints (Unsloth's default): each layer input goes to host memory after its
  // forward and comes back for its backward; the GPU holds the one in transfer and the one in use.
  let offloadedToHostBytes = 0;
  if (profile.offloadsCheckpoints && workload.activationCheckpointing === "full" && end > start) {
    const onGpu = layersBytes * Math.min(1, OFFLOAD_LAYERS_ON_GPU / (end - start));
    offloadedToHostBytes = layersBytes - onGpu;
    layersBytes = onGpu;
  }
  loraBytes *= inFlight;
  recomputeWorkingBytes *= factor;
  let lossBytes = 0;
  if (isLast) {
    const loss = lossActivationBytes({arch, microBatchSize: workload.microBatchSize, sequenceLength: workload.sequenceLength,
      tensorParallel: t, sequenceParallel: layout.sequenceParallel, loss: profile.loss, residualBytes});
    lossBytes = loss.finalNorm + loss.logits;
  }
  const dequant = workload.method === "qlora"
    ? dequantWorkspaceBytes({tensors: set.tensors.filter((x) => x.layer !== null && x.layer >= start && x.layer < end), tensorParallel: t})
    : 0;
  // The loss buffers peak while every stored layer is live; under full recomputation the
  // rebuilt layer comes later, once the loss buffers are freed: the larger of the two counts.
  const activationsBytes = layersBytes + Math.max(lossBytes, recomputeWorkingBytes) + loraBytes + dequant;

  // --- overhead ---
  const dp = layout.dataParallel;
  let communicationBufferBytes = 0;
  if (dp > 1 && layout.zeroStage < 3) {
    if (profile.dataParallelBucket === "gradients") {
      // DDP bucket copies of the gradients (FSDP SHARD_GRAD_OP, stage 2, reduce-scatters per unit instead).
      if (layout.zeroStage <= 1) communicationBufferBytes = unshardedGradients;
    } else {
      let trainableOnStage = 0;
      for (const e of options.entriesOnStage) if (e.trainable) trainableOnStage += e.tensor.params * tensorShare({tensor: e.tensor, arch, layout});
      const perElement = unshardedGradients / Math.max(1, trainableOnStage);
      communicationBufferBytes = Math.min(unshardedGradients, profile.dataParallelBucket.elements * perElement);
    }
  }
  let gatheredUnitBytes = 0;
  if (dp > 1 && layout.zeroStage >= 2) {
    // ZeRO-2/3: one unit's gradients exist unsharded until their reduce-scatter.
    gatheredUnitBytes += Math.min(Math.max(0, ...unitGradients.values()), stage2Saving);
  }
  if (dp > 1 && layout.zeroStage === 3) {
    // ZeRO-3 / FSDP: the unit being computed and the one prefetched (the two largest) are
    // gathered whole in compute precision (FSDP forward/backward prefetch of one unit).
    // Units run in order (embedding, layers, LM head): the pair gathered together is a unit and
    // the next one; the root's small globals (norms) stay gathered.
    const order: (number | string)[] = ["embedding"];
    for (let i = start; i < end; i++) order.push(i);
    order.push("lmHead");
    const sizes = order.map((u) => unitWeights.get(u) ?? 0).filter((x) => x > 0);
    let pair = sizes[0] ?? 0;
    for (let i = 0; i + 1 < sizes.length; i++) pair = Math.max(pair, sizes[i] + sizes[i + 1]);
    gatheredUnitBytes += Math.min(pair + (unitWeights.get("root") ?? 0), stage3Saving);
  }
  const contextBytes = profile.contextBytes;
  const allocated = stateTotal(state) + activationsBytes + communicationBufferBytes + gatheredUnitBytes;
  const fragmentationBytes = allocated * profile.fragmentationFraction;
  const overheadBytes = contextBytes + communicationBufferBytes + gatheredUnitBytes + fragmentationBytes;
  return {
    stage,
    layers: end - start,
    microBatchesInFlight: inFlight,
    state,
    activationsBytes,
    activationBreakdown: {layersBytes, lossBytes, recomputeWorkingBytes, loraBytes, dequantWorkspaceBytes: dequant, offloadedToHostBytes},
    overheadBreakdown: {contextBytes, communicationBufferBytes, gatheredUnitBytes, fragmentationBytes},
    overheadBytes,
    totalBytes: stateTotal(state) + activationsBytes + overheadBytes
  };
}

/**
 * Memory, speed, time and cost of a training workload, as the scenario `Result`.
 *
 * @throws TrainingLayoutError when the parallel layout is impossible (each issue names its field)
 * @example trainingEstimate({arch: llama3_8b, gpu: h100, gpuCount: 8, workload: {type: "training", method: "full",
 *   precision: "bf16-mixed", optimizer: "adamw", microBatchSize: 1, sequenceLength: 4096, gradientAccumulation: 1,
 *   activationCheckpointing: "full", flashAttention: true, zeroStage: 3, tensorParallel: 1, pipelineParallel: 1,
 *   expertParallel: 1, sequenceParallel: false}).memory.fits === true
 */
export function trainingEstimate(input: TrainingEstimateInput): Result {
  const {arch, gpu, gpuCount, workload} = input;
  const warnings: string[] = [];
  const {layout, warnings: layoutWarnings} = validateLayout({arch, gpus: gpuCount, tensorParallel: workload.tensorParallel,
    pipelineParallel: workload.pipelineParallel, expertParallel: workload.expertParallel,
    sequenceParallel: workload.sequenceParallel, zeroStage: workload.zeroStage});
  warnings.push(...layoutWarnings);
  const profile = FRAMEWORK_PROFILES[workload.framework ?? DEFAULT_FRAMEWORK];
  if (!workload.framework) warnings.push(`framework not given: ${profile.name} accounting assumed (${profile.source})`);
  const limits = trainerLimits({framework: profile.name, tensorParallel: layout.tensorParallel, pipelineParallel: layout.pipelineParallel,
    expertParallel: layout.expertParallel, zeroStage: layout.zeroStage, dataParallel: layout.dataParallel});
  if (workload.framework && limits.length) throw new TrainingLayoutError(limits.map((l) => `${l.path.join(".")}: got ${l.value}, ${l.message}`));
  if (workload.method === "qlora" && workload.precision === "fp32") warnings.push("QLoRA computes in 16-bit; fp32 adapters assumed");
  const dropout = input.dropout ?? false;

  const set = trainingSet(arch, workload, profile, layout, warnings);
  const counts = parameterCounts(arch, set.tensors);

  const byStage: TrainingSet["entries"][] = Array.from({length: layout.pipelineParallel}, () => []);
  for (const entry of set.entries) {
    for (const s of stagesOf({tensor: entry.tensor, arch, pipelineParallel: layout.pipelineParallel})) byStage[s].push(entry);
  }
  const stages: StageMemory[] = [];
  for (let s = 0; s < layout.pipelineParallel; s++) {
    stages.push(stageMemory({arch, workload, layout, profile, set, stage: s, dropout, entriesOnStage: byStage[s]}));
  }
  const worst = stages.reduce((a, b) => (b.totalBytes > a.totalBytes ? b : a));
  const capacityBytes = gpu.memoryBytes;
  const fits = worst.totalBytes <= capacityBytes;
  if (!fits) warnings.push(`needs ${(worst.totalBytes / 2 ** 30).toFixed(1)} GiB on the fullest GPU (stage ${worst.stage}); ${gpu.name} has ${(capacityBytes / 2 ** 30).toFixed(1)} GiB`);

  // --- time ---
  const adapterParams = workload.method === "full" ? 0 : set.trainableParams;
  const flops = trainingFlopsPerToken({arch, sequenceLength: workload.sequenceLength, method: workload.method,
    checkpointing: workload.activationCheckpointing, adapterParams, activeParams: counts.active, tensors: set.tensors});
  const {precision: computePrecision, warning: precisionWarning} = computePrecisionOf({precision: workload.precision, gpu});
  if (precisionWarning) warnings.push(precisionWarning);
  const peak = gpu.flopsPerSecond[computePrecision] ?? 0;
  if (!(peak > 0)) warnings.push(`${gpu.name} lists no ${computePrecision} throughput: time cannot be estimated`);
  const tokensPerStep = workload.microBatchSize * workload.sequenceLength * Math.max(1, workload.gradientAccumulation) * layout.dataParallel;
  // Fine-tuning (adapters, or a fine-tuning trainer) without an MFU: the trainer's own speed model.
  const fineTuning = workload.mfu === undefined && (workload.method !== "full" || FINETUNE_TRAINERS.includes(profile.name));
  let step: FineTuningStep | null = null;
  let hardwareUtilization = profile.speed.hardwareUtilization;
  if (fineTuning && peak > 0) {
    let nf4Weights = 0;
    if (workload.method === "qlora") {
      for (const x of set.tensors) if (x.layer !== null && isQuantizedByQlora(x)) nf4Weights += x.params;
      nf4Weights /= layout.pipelineParallel * layout.tensorParallel;
    }
    // What one GPU gathers per pass and reduces per micro-batch: its pipeline stage, its tensor-parallel share.
    let gatheredWeightBytes = 0;
    let trainableGradientBytes = 0;
    for (const entry of set.entries) {
      const share = tensorShare({tensor: entry.tensor, arch, layout}) / layout.pipelineParallel;
      gatheredWeightBytes += entry.tensor.params * share * computeBytesPerParam(entry, workload);
      if (entry.trainable) {
        trainableGradientBytes += entry.tensor.params * share
          * trainableBytesPerParam({precision: workload.precision, profile, isMatrix: entry.tensor.inFeatures > 0}).gradients;
      }
    }
    // The trainer's utilisation was fitted on A100 SXM rows; other GPUs reach a different share of their peak in a matmul.
    hardwareUtilization = profile.speed.hardwareUtilization * matmulCeilingFactor(gpu.id);
    const traffic = dataParallelTraffic({dataParallel: layout.dataParallel, gpus: gpuCount, zeroStage: layout.zeroStage,
      microBatchesPerStep: Math.max(1, workload.gradientAccumulation), checkpointing: workload.activationCheckpointing,
      gatheredWeightBytes, trainableGradientBytes, interconnectBytesPerSecond: gpu.interconnectBytesPerSecond});
    step = fineTuningStep({flops, peakFlopsPerSecond: peak, hardwareUtilization, tokensPerStep,
      gpus: gpuCount, microBatchesPerStep: Math.max(1, workload.gradientAccumulation), nf4WeightsPerGpu: nf4Weights,
      bandwidthBytesPerSecond: gpu.bandwidthBytesPerSecond, checkpointing: workload.activationCheckpointing,
      layersPerGpu: Math.ceil(arch.layers / layout.pipelineParallel),
      adaptersPerLayer: set.lora ? set.tensors.filter((x) => x.layer === 0 && isLoraTarget({tensor: x, targets: set.lora!.targets})).length : 0,
      compiled: profile.compiled, communicationSeconds: traffic.exposedSeconds});
  }
  const mfu = workload.mfu ?? step?.mfu ?? DEFAULT_MFU;
  if (step) {
    warnings.push(`mfu not given: ${profile.name} fine-tuning speed assumed, executed FLOPs at ${hardwareUtilization.toFixed(3)} of the ${computePrecision} peak` +
      `${step.dequantSeconds > 0 ? " plus NF4 dequantisation" : ""} (MFU ${mfu.toFixed(3)}; ${profile.speed.source})`);
  } else if (workload.mfu === undefined) {
    warnings.push(`mfu not given: ${DEFAULT_MFU} assumed (typical of well-tuned dense training)`);
  }
  const goodput = workload.goodput ?? DEFAULT_GOODPUT;
  const chinchillaTokens = CHINCHILLA_TOKENS_PER_PARAM * counts.total;
  let trainingTokens = workload.trainingTokens;
  if (trainingTokens === undefined) {
    trainingTokens = chinchillaTokens;
    warnings.push(`trainingTokens not given: the Chinchilla-optimal 20 tokens per parameter (${chinchillaTokens.toExponential(2)}) assumed`);
  }
  const time = trainingTime({flops, peakFlopsPerSecond: peak > 0 ? peak : Number.NaN, mfu, goodput, gpus: gpuCount, tokensPerStep, trainingTokens});
  const finite = (x: number) => (Number.isFinite(x) ? x : 0);
  if (layout.pipelineParallel > 1) {
    const bubble = (layout.pipelineParallel - 1) / Math.max(1, workload.gradientAccumulation);
    if (bubble > 0.25) warnings.push(`pipeline bubble (p − 1)/m = ${bubble.toFixed(2)} of compute time is idle; the assumed MFU must absorb it`);
  }

  const usd = input.usdPerGpuHour;
  return {
    params: {total: counts.total, active: counts.active, trainable: set.trainableParams},
    memory: {
      weightsBytes: worst.state.weights + worst.state.workingCopy + (profile.masterIn === "weights" ? worst.state.master : 0),
      kvCacheBytes: 0,
      activationsBytes: worst.activationsBytes,
      gradientsBytes: worst.state.gradients,
      optimizerBytes: worst.state.optimizer + (profile.masterIn === "optimizer" ? worst.state.master : 0),
      overheadBytes: worst.overheadBytes,
      totalBytes: worst.totalBytes,
      capacityBytes,
      fits,
      masterWeightsBytes: worst.state.master,
      workingCopyBytes: worst.state.workingCopy,
      activationBreakdown: worst.activationBreakdown,
      overheadBreakdown: worst.overheadBreakdown,
      worstStage: worst.stage,
      stages: stages.map((s) => ({stage: s.stage, layers: s.layers, microBatchesInFlight: s.microBatchesInFlight, totalBytes: s.totalBytes})),
      layout,
      framework: profile.name
    },
    inference: null,
    training: {
      flopsPerToken: flops.flopsPerToken,
      totalFlops: time.totalFlops,
      tokensPerSecondPerGpu: finite(time.tokensPerSecondPerGpu),
      stepSeconds: finite(time.stepSeconds),
      gpuHours: finite(time.gpuHours),
      wallClockSeconds: finite(time.wallClockSeconds),
      flopsPerTokenNonCausal: flops.flopsPerTokenNonCausal,
      hardwareFlopsPerToken: flops.hardwareFlopsPerToken,
      sixNFlopsPerToken: flops.sixNFlopsPerToken,
      mfu,
      hfu: time.hfu,
      goodput,
      peakFlopsPerSecond: finite(peak),
      computePrecision,
      tokensPerStep,
      trainingTokens,
      chinchillaTokens,
      /** Where the step time goes when the trainer's speed model set it (null when an MFU was given). */
      fineTuningStep: step === null ? null : {computeSeconds: step.computeSeconds, dequantSeconds: step.dequantSeconds,
        dequantPasses: step.dequantPasses, dispatchSeconds: step.dispatchSeconds, communicationSeconds: step.communicationSeconds,
        hardwareUtilization}
    },
    cost: usd === undefined ? null : {
      usdPerMillionOutputTokens: null,
      usdPerMillionInputTokens: null,
      trainingUsd: finite(time.gpuHours) * usd,
      usdPerGpuHour: usd
    },
    warnings
  };
}
