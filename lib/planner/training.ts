/**
 * Training plans: every GPU kind × count × parallel layout, the fastest layout that fits per kind and count, ranked by dollars and by time.
 * Part of the planner (lib/planner.ts re-exports it); SI units throughout.
 */
import type {Architecture} from "../architecture.js";
import type {CheckpointingPolicy, OptimizerName, TrainingMethod, TrainingPrecision} from "../formats.js";
import type {GpuSpec} from "../hardware.js";
import type {TrainingWorkload} from "../scenario.js";
import {GPU_CATALOG} from "../catalog/gpus.js";
import {paretoFront} from "./pareto.js";
import {tensorParallelOk} from "./enumerate.js";
import {trainingEstimate} from "../training/estimate.js";
import {type PlannerPrice, type PriceOf, priceFor} from "./price.js";

export interface TrainingPlanOptions {
  arch: Architecture;
  /** Tokens to train on. */
  trainingTokens: number;
  /** Wall-clock limit; rows say whether they meet it. */
  deadlineSeconds?: number;
  /** Default "full". */
  method?: TrainingMethod;
  /** Default "bf16-mixed". */
  precision?: TrainingPrecision;
  /** Default "adamw". */
  optimizer?: OptimizerName;
  /** Default 4096. */
  sequenceLength?: number;
  /** Default 1. */
  microBatchSize?: number;
  /** Micro-batches per step without pipelining (default 1); pipelined layouts use max(this, 4·PP). */
  gradientAccumulation?: number;
  /** Model FLOPs utilisation of a layout without recomputation or pipeline bubble. Default training/time.ts DEFAULT_MFU (0.4). */
  mfu?: number;
  /** Further workload fields (lora, framework, goodput, flashAttention...). */
  workload?: Partial<TrainingWorkload>;
  /** GPU kinds; default the catalog. */
  gpus?: readonly GpuSpec[];
  /** GPU counts; default 8, 16, ..., 1024. */
  gpuCounts?: readonly number[];
  /** Activation checkpointing policies tried; default none, selective, full. */
  checkpointing?: readonly CheckpointingPolicy[];
  priceOf?: PriceOf;
  /** Return every fitting layout of a GPU kind and count, not only its fastest. Default false. */
  allLayouts?: boolean;
}

export interface TrainingPlanRow {
  gpuId: string;
  gpuName: string;
  gpuCount: number;
  tensorParallel: number;
  pipelineParallel: number;
  dataParallel: number;
  zeroStage: 0 | 1 | 2 | 3;
  activationCheckpointing: CheckpointingPolicy;
  microBatchSize: number;
  gradientAccumulation: number;
  fits: boolean;
  /** Per GPU (the fullest pipeline stage). */
  memoryTotalBytes: number;
  capacityBytes: number;
  /** MFU after recomputation and pipeline bubble (see planTraining). */
  effectiveMfu: number;
  wallClockSeconds: number;
  gpuHours: number;
  usdPerGpuHour: number;
  priceBasis: string;
  totalUsd: number;
  meetsDeadline: boolean;
  /** On the front of total dollars vs wall-clock time. */
  pareto: boolean;
  /** 1-based rank by total dollars (then time). */
  rankByCost: number;
  /** 1-based rank by wall-clock time (then dollars). */
  rankByTime: number;
}

export interface TrainingPlan {
  rows: TrainingPlanRow[];
  counts: {gpuKinds: number; gpuCounts: number; layouts: number; memoryEstimates: number; fitting: number; gpusWithoutPrice: number; gpusWithoutThroughput: number};
  gpusWithoutPrice: string[];
  gpusWithoutThroughput: string[];
  notes: string[];
}

interface TrainingLayoutChoice {
  tensorParallel: number;
  pipelineParallel: number;
  zeroStage: 0 | 1 | 2 | 3;
  activationCheckpointing: CheckpointingPolicy;
  gradientAccumulation: number;
}

/**
 * Training plans: GPU kind × GPU count × parallel layout, ranked by total dollars and by
 * wall-clock time, with the cost–time Pareto front marked.
 *
 * Layouts per GPU count N: tensor parallel t ∈ {1, 2, 4, 8} (within one 8-GPU node; t must
 * split the heads, see validateLayout), pipeline p ∈ {1, 2, 4, 8, 16} (≤ layers), t·p dividing
 * N, data parallel d = N/(t·p); ZeRO stage 0-3 (only 0 when d = 1, where the stages coincide);
 * activation checkpointing none / selective / full. Sequence parallelism is on whenever t > 1
 * (Megatron-LM practice); expert parallelism is not enumerated (EP = 1).
 *
 * Memory comes from trainingEstimate (the fullest stage); it does not depend on the GPU kind,
 * so each layout is estimated once per distinct d and compared with every kind's capacity.
 * Time: trainingEstimate's model (training/time.ts) with two planner adjustments, so that the
 * layouts differ in time as they do in practice — the given MFU is taken as what a layout
 * without recomputation or bubble reaches, and
 *
 *     effective MFU = MFU · (model FLOPs / hardware FLOPs per token) · m / (m + p − 1)
 *
 * where recomputation (selective: attention; full: the whole forward) adds hardware FLOPs at the
 * same hardware utilisation, and the 1F1B pipeline bubble idles (p − 1)/(m + p − 1) of each step
 * with m micro-batches (Narayanan et al. 2021, "Efficient Large-Scale Language Model Training on
 * GPU Clusters Using Megatron-LM", §2.2). Pipelined layouts use m = max(gradientAccumulation, 4p).
 * TP and ZeRO communication is taken as absorbed in the MFU, so among layouts of equal time the
 * simplest is kept: fewest t·p, then lowest ZeRO stage.
 *
 *     wallClock = tokens · modelFlopsPerToken / (N · peak · effective MFU · goodput)
 *     totalUsd  = N · wallClock / 3600 · price
 *
 * Bounds: at most 4 TP × 5 PP × 4 ZeRO × 3 checkpointing = 240 layouts per distinct d, estimated
 * lazily: layouts are walked fastest first per GPU kind and the walk stops at the first that
 * fits; a GPU kind on which the leanest layout (ZeRO-3, full recomputation, largest t·p) does not
 * fit is skipped at that count. bench/planner.ts (npm run bench) times a full catalog enumeration.
 *
 * @example planTraining({arch: llama31_8b, trainingTokens: 1e12}).rows[0] // the cheapest GPU kind and count
 */
export function planTraining(options: TrainingPlanOptions): TrainingPlan {
  const {arch, trainingTokens} = options;
  const gpus = options.gpus ?? GPU_CATALOG;
  const gpuCounts = options.gpuCounts ?? [8, 16, 32, 64, 128, 256, 512, 1024];
  const checkpointing = options.checkpointing ?? ["none", "selective", "full"];
  const ga = Math.max(1, options.gradientAccumulation ?? options.workload?.gradientAccumulation ?? 1);
  const template: TrainingWorkload = {
    type: "training", method: "full", precision: "bf16-mixed", optimizer: "adamw", microBatchSize: 1, sequenceLength: 4096,
    gradientAccumulation: ga, activationCheckpointing: "none", flashAttention: true, zeroStage: 0, tensorParallel: 1,
    pipelineParallel: 1, expertParallel: 1, sequenceParallel: false,
    ...options.workload
  };
  if (options.method) template.method = options.method;
  if (options.precision) template.precision = options.precision;
  if (options.optimizer) template.optimizer = options.optimizer;
  if (options.sequenceLength) template.sequenceLength = options.sequenceLength;
  if (options.microBatchSize) template.microBatchSize = options.microBatchSize;
  template.trainingTokens = trainingTokens;
  template.mfu = options.mfu ?? template.mfu ?? 0.4;
  const mfu = template.mfu;
  const goodput = template.goodput ?? 1;
  const notes: string[] = [];

  const gpusWithoutPrice: string[] = [];
  const gpusWithoutThroughput: string[] = [];
  const candidates: {gpu: GpuSpec; price: PlannerPrice; peak: number}[] = [];
  // The compute precision per GPU, as trainingEstimate picks it (training/time.ts computePrecisionOf).
  const precisionOf = (gpu: GpuSpec) => {
    const f = gpu.flopsPerSecond;
    switch (template.precision) {
      case "fp32": return f.fp32;
      case "bf16": case "bf16-mixed": return f.bf16 ?? f.fp16;
      case "fp16-mixed": return f.fp16;
      case "fp8-mixed": return f.fp8 ?? f.bf16;
    }
  };
  for (const gpu of gpus) {
    const price = priceFor(options.priceOf, gpu.id);
    if (!price) { gpusWithoutPrice.push(gpu.id); continue; }
    const peak = precisionOf(gpu) ?? 0;
    if (!(peak > 0)) { gpusWithoutThroughput.push(gpu.id); continue; }
    candidates.push({gpu, price, peak});
  }

  // Memory per layout and distinct data-parallel degree (GPU kind independent).
  interface Mem { totalBytes: number; flopsPerToken: number; hardwareFlopsPerToken: number }
  const memory = new Map<string, Mem | null>();
  let memoryEstimates = 0;
  const memoryOf = (layout: TrainingLayoutChoice, n: number): Mem | null => {
    const dp = n / (layout.tensorParallel * layout.pipelineParallel);
    const dpKey = layout.zeroStage === 0 ? Math.min(dp, 2) : dp;
    const key = `${layout.tensorParallel}/${layout.pipelineParallel}/${layout.zeroStage}/${layout.activationCheckpointing}/${layout.gradientAccumulation}/${dpKey}`;
    if (memory.has(key)) return memory.get(key)!;
    let m: Mem | null = null;
    try {
      memoryEstimates++;
      const r = trainingEstimate({arch, gpu: candidates[0]!.gpu, gpuCount: n, workload: {...template, ...layout,
        sequenceParallel: layout.tensorParallel > 1}});
      const t = r.training!;
      m = {totalBytes: r.memory.totalBytes, flopsPerToken: t.flopsPerToken, hardwareFlopsPerToken: t.hardwareFlopsPerToken as number};
    } catch {
      m = null; // an impossible layout (validateLayout): skipped
    }
    memory.set(key, m);
    return m;
  };

  const rows: TrainingPlanRow[] = [];
  let layoutsTried = 0;
  const leanestPolicy: CheckpointingPolicy = checkpointing.includes("full") ? "full" : checkpointing.includes("selective") ? "selective" : "none";
  if (candidates.length > 0) {
    for (const n of gpuCounts) {
      const layouts: TrainingLayoutChoice[] = [];
      for (const t of [1, 2, 4, 8]) {
        if (t > n || !tensorParallelOk(arch, t)) continue;
        for (const p of [1, 2, 4, 8, 16]) {
          if (p > arch.layers || n % (t * p) !== 0) continue;
          const d = n / (t * p);
          for (const zeroStage of (d === 1 ? [0] : [0, 1, 2, 3]) as (0 | 1 | 2 | 3)[]) {
            for (const activationCheckpointing of checkpointing) {
              layouts.push({tensorParallel: t, pipelineParallel: p, zeroStage, activationCheckpointing,
                gradientAccumulation: p > 1 ? Math.max(ga, 4 * p) : ga});
            }
          }
        }
      }
      layoutsTried += layouts.length;
      if (layouts.length === 0) continue;
      // Time factor of a layout: hardware/model FLOPs (needs one estimate per policy, any layout) × bubble.
      const flopsRatio = new Map<CheckpointingPolicy, number>();
      const ratioOf = (l: TrainingLayoutChoice) => {
        let r = flopsRatio.get(l.activationCheckpointing);
        if (r === undefined) {
          const m = memoryOf(l, n);
          r = m ? m.hardwareFlopsPerToken / m.flopsPerToken : Infinity;
          if (m) flopsRatio.set(l.activationCheckpointing, r);
        }
        return r;
      };
      const factor = (l: TrainingLayoutChoice) => {
        const m = l.gradientAccumulation;
        return ratioOf(l) * (m + l.pipelineParallel - 1) / m;
      };
      const ordered = layouts.map((l) => ({l, f: factor(l)})).sort((a, b) => a.f - b.f
        || a.l.tensorParallel * a.l.pipelineParallel - b.l.tensorParallel * b.l.pipelineParallel || a.l.zeroStage - b.l.zeroStage);
      // The leanest layout: ZeRO-3 (or the highest stage allowed), full recomputation, the most model parallelism.
      const leanest = [...layouts].sort((a, b) => b.zeroStage - a.zeroStage
        || Number(b.activationCheckpointing === leanestPolicy) - Number(a.activationCheckpointing === leanestPolicy)
        || b.tensorParallel * b.pipelineParallel - a.tensorParallel * a.pipelineParallel)[0]!;
      const leanMem = memoryOf(leanest, n);
      for (const {gpu, price, peak} of candidates) {
        if (leanMem && leanMem.totalBytes > gpu.memoryBytes) continue;
        for (const {l, f} of ordered) {
          // Monotone pruning: a layout cannot fit where its leaner siblings (higher ZeRO stage,
          // more recomputation, same t and p) do not.
          const zeroMax: 0 | 3 = n / (l.tensorParallel * l.pipelineParallel) === 1 ? 0 : 3;
          const group = memoryOf({...l, zeroStage: zeroMax, activationCheckpointing: leanestPolicy}, n);
          if (!group || group.totalBytes > gpu.memoryBytes) continue;
          const sibling = memoryOf({...l, zeroStage: zeroMax}, n);
          if (!sibling || sibling.totalBytes > gpu.memoryBytes) continue;
          const m = memoryOf(l, n);
          if (!m || m.totalBytes > gpu.memoryBytes) continue;
          const effectiveMfu = mfu / f;
          const wallClockSeconds = (trainingTokens * m.flopsPerToken) / (n * peak * effectiveMfu * goodput);
          const gpuHours = (n * wallClockSeconds) / 3600;
          rows.push({gpuId: gpu.id, gpuName: gpu.name, gpuCount: n, tensorParallel: l.tensorParallel, pipelineParallel: l.pipelineParallel,
            dataParallel: n / (l.tensorParallel * l.pipelineParallel), zeroStage: l.zeroStage, activationCheckpointing: l.activationCheckpointing,
            microBatchSize: template.microBatchSize, gradientAccumulation: l.gradientAccumulation, fits: true,
            memoryTotalBytes: m.totalBytes, capacityBytes: gpu.memoryBytes, effectiveMfu, wallClockSeconds, gpuHours,
            usdPerGpuHour: price.usdPerGpuHour, priceBasis: price.basis, totalUsd: gpuHours * price.usdPerGpuHour,
            meetsDeadline: options.deadlineSeconds === undefined || wallClockSeconds <= options.deadlineSeconds,
            pareto: false, rankByCost: 0, rankByTime: 0});
          if (!options.allLayouts) break;
        }
      }
    }
  }

  const byTime = [...rows].sort((a, b) => a.wallClockSeconds - b.wallClockSeconds || a.totalUsd - b.totalUsd);
  byTime.forEach((r, i) => { r.rankByTime = i + 1; });
  rows.sort((a, b) => a.totalUsd - b.totalUsd || a.wallClockSeconds - b.wallClockSeconds || a.gpuCount - b.gpuCount);
  rows.forEach((r, i) => { r.rankByCost = i + 1; });
  paretoFront(rows.map((r) => ({x: r.totalUsd, y: r.wallClockSeconds}))).forEach((on, i) => { rows[i]!.pareto = on; });
  if (gpusWithoutPrice.length) notes.push(`${gpusWithoutPrice.length} GPU kinds skipped for want of a price: ${gpusWithoutPrice.join(", ")}`);
  if (gpusWithoutThroughput.length) notes.push(`${gpusWithoutThroughput.length} GPU kinds skipped for want of a ${template.precision} peak: ${gpusWithoutThroughput.join(", ")}`);
  return {
    rows,
    counts: {gpuKinds: gpus.length, gpuCounts: gpuCounts.length, layouts: layoutsTried, memoryEstimates,
      fitting: rows.length, gpusWithoutPrice: gpusWithoutPrice.length, gpusWithoutThroughput: gpusWithoutThroughput.length},
    gpusWithoutPrice,
    gpusWithoutThroughput,
    notes
  };
}

