/**
 * Page-side helpers of the Training chapter: the engine's training estimate run safely (an
 * impossible parallel layout becomes a message, not a thrown error), the memory breakdown as
 * bar pieces, and the sweeps the charts draw (memory against micro-batch or sequence length
 * per checkpointing policy; memory across ZeRO stages and TP×PP layouts). Every number comes
 * from `trainingEstimate` (lib/training/estimate.ts) or its solvers; nothing is recomputed here.
 */
import {boundedCache, objectId} from "../lib/memo.js";
import type {Architecture} from "../lib/architecture.js";
import {CHECKPOINTING, type CheckpointingPolicy} from "../lib/formats.js";
import type {GpuSpec} from "../lib/hardware.js";
import type {ActivationBreakdown, OverheadBreakdown, Result, TrainingWorkload} from "../lib/scenario.js";
import {trainingEstimate} from "../lib/training/estimate.js";
import {TrainingLayoutError} from "../lib/training/parallel.js";
import {largestTrueInterpolated} from "../lib/search.js";
import type {MemoryBarDatum} from "./memoryBarChart.js";

/** What the training memory bar is made of, in stacking order. */
export const TRAINING_MEMORY_COMPONENTS = ["weights", "gradients", "optimizer", "activations", "logits", "overhead"] as const;
export type TrainingMemoryComponent = (typeof TRAINING_MEMORY_COMPONENTS)[number];

export interface TrainingCase {
  arch: Architecture;
  gpu: GpuSpec;
  gpuCount: number;
  workload: TrainingWorkload;
  usdPerGpuHour?: number;
}

/** The engine's breakdowns of the activations and the overhead (lib/scenario.ts), re-exported for the pages. */
export type {ActivationBreakdown, OverheadBreakdown};

export type TrainingOutcome = {ok: true; result: Result} | {ok: false; issues: string[]};

/**
 * `trainingEstimate`, with an impossible layout (GPUs not divisible by TP·PP, TP not dividing
 * the heads, …) returned as the engine's issue lines instead of thrown.
 *
 * @example safeTrainingEstimate({arch, gpu, gpuCount: 8, workload: {...w, tensorParallel: 3}})
 *   // {ok: false, issues: ["hardware.count: 8 GPUs are not divisible by …"]}
 */
export function safeTrainingEstimate(c: TrainingCase): TrainingOutcome {
  try {
    return {ok: true, result: trainingEstimate(c)};
  } catch (error) {
    if (error instanceof TrainingLayoutError) return {ok: false, issues: [...error.issues]};
    return {ok: false, issues: [(error as Error).message]};
  }
}

/** Most engine answers `rememberedEstimate` keeps (the oldest go first): a few sweeps' and solvers' worth. */
export const REMEMBERED_ESTIMATES = 2000;
const remembered = boundedCache<TrainingOutcome>(REMEMBERED_ESTIMATES);

/** The key of a case: the model and GPU objects by identity, the rest by value. */
export function caseKey(c: TrainingCase, workload: TrainingWorkload = c.workload): string {
  return `${objectId(c.arch)}|${objectId(c.gpu)}|${c.gpuCount}|${c.usdPerGpuHour ?? ""}|${JSON.stringify(workload)}`;
}

/** Set while `ifRemembered` runs: an engine answer not remembered yet is not computed, the run is abandoned. */
let onlyRemembered = false;
const NOT_REMEMBERED = Symbol("not remembered");

/**
 * `compute()` when every engine answer it asks for (rememberedEstimate, rememberedLimit) is
 * already remembered, else undefined, having computed nothing new: a sweep the page can show
 * at once because the reader's settings were seen before (a slider dragged back).
 * @example ifRemembered(() => layoutSweep(c, layouts)) ?? later(() => layoutSweep(c, layouts))
 */
export function ifRemembered<T>(compute: () => T): T | undefined {
  const outer = onlyRemembered;
  onlyRemembered = true;
  try {
    return compute();
  } catch (error) {
    if (error === NOT_REMEMBERED) return undefined;
    throw error;
  } finally {
    onlyRemembered = outer;
  }
}

/**
 * `safeTrainingEstimate`, remembered by its inputs: the sweeps and solvers of a page ask the same
 * questions again while one input moves (a micro-batch move leaves the sweep over micro-batches
 * and the largest micro-batch as they were; a sequence move leaves the buffer sweep's other lengths),
 * so only what the move changed is estimated again. The results are shared: read them, never change them.
 */
export function rememberedEstimate(c: TrainingCase): TrainingOutcome {
  const key = caseKey(c);
  let outcome = remembered.get(key);
  if (!outcome) {
    if (onlyRemembered) throw NOT_REMEMBERED;
    outcome = remembered.set(key, safeTrainingEstimate(c));
  }
  return outcome;
}

const rememberedLimits = boundedCache<number>(REMEMBERED_ESTIMATES);
/**
 * lib's maxMicroBatchSize / maxSequenceLength (lib/training/solvers.ts: the largest value whose
 * `trainingEstimate(...).memory.fits`, 0 when none; default limits 4096 and 2^22), remembered by
 * the case without the solved-for field, which the solver overrides: the largest micro-batch
 * does not change when only the micro-batch moves. Searched with lib/search.ts
 * largestTrueInterpolated, each ask placed where the straight line through the bracket's
 * overshoots (per-GPU bytes minus the GPU's memory) crosses 0: memory is linear in the
 * micro-batch (and linear or quadratic in the sequence), so 3–6 engine calls instead of the
 * bisection's 20–40, and, fitting being monotone (solvers.ts), the bisection's answer.
 */
export function rememberedLimit(c: TrainingCase, axis: SweepAxis, limit?: number): number {
  const {microBatchSize: _mb, sequenceLength: _seq, ...rest} = c.workload;
  const key = `${axis}|${limit ?? ""}|${caseKey(c, (axis === "microBatch" ? {...rest, sequenceLength: _seq} : {...rest, microBatchSize: _mb}) as TrainingWorkload)}`;
  let answer = rememberedLimits.get(key);
  if (answer === undefined) {
    if (onlyRemembered) throw NOT_REMEMBERED;
    const input = {arch: c.arch, gpu: c.gpu, gpuCount: c.gpuCount};
    const at = (x: number) => trainingEstimate({...input, workload: axis === "microBatch" ? {...c.workload, microBatchSize: x} : {...c.workload, sequenceLength: x}});
    const max = limit ?? (axis === "microBatch" ? MAX_MICRO_BATCH_DEFAULT : MAX_SEQUENCE_DEFAULT);
    answer = largestTrueInterpolated(at, (r) => r.memory.fits, (r) => r.memory.totalBytes - c.gpu.memoryBytes, max);
    rememberedLimits.set(key, answer);
  }
  return answer;
}

/** lib/training/solvers.ts's default limits (maxMicroBatchSize, maxSequenceLength). */
const MAX_MICRO_BATCH_DEFAULT = 4096;
const MAX_SEQUENCE_DEFAULT = 2 ** 22;

/** The activation breakdown of a training result (zeros when absent). */
export function activationBreakdownOf(result: Result): ActivationBreakdown {
  const b = result.memory.activationBreakdown as Partial<ActivationBreakdown> | undefined;
  return {layersBytes: b?.layersBytes ?? 0, lossBytes: b?.lossBytes ?? 0, recomputeWorkingBytes: b?.recomputeWorkingBytes ?? 0,
    loraBytes: b?.loraBytes ?? 0, dequantWorkspaceBytes: b?.dequantWorkspaceBytes ?? 0, offloadedToHostBytes: b?.offloadedToHostBytes ?? 0};
}

/** The overhead breakdown of a training result (zeros when absent). */
export function overheadBreakdownOf(result: Result): OverheadBreakdown {
  const b = result.memory.overheadBreakdown as Partial<OverheadBreakdown> | undefined;
  return {contextBytes: b?.contextBytes ?? 0, communicationBufferBytes: b?.communicationBufferBytes ?? 0,
    gatheredUnitBytes: b?.gatheredUnitBytes ?? 0, fragmentationBytes: b?.fragmentationBytes ?? 0};
}

/**
 * Per-GPU memory by component. The engine counts the loss buffers (logits) and, under full
 * recomputation, the one rebuilt layer as alternatives (the larger of the two is live at the
 * peak): the "logits" piece is the loss buffers when they are that larger one, else 0 (the
 * rebuilt layer is then in "activations").
 *
 * @example trainingMemoryParts(result).logits === result.memory.activationBreakdown.lossBytes // b = 1, s = 4096, Llama 3.1 8B
 */
export function trainingMemoryParts(result: Result): Record<TrainingMemoryComponent, number> {
  const m = result.memory;
  const a = activationBreakdownOf(result);
  const logits = a.lossBytes >= a.recomputeWorkingBytes ? a.lossBytes : 0;
  return {
    weights: m.weightsBytes,
    gradients: m.gradientsBytes,
    optimizer: m.optimizerBytes,
    activations: Math.max(0, m.activationsBytes - logits),
    logits,
    overhead: m.overheadBytes
  };
}

/**
 * The memory bar of one training result: one piece per component.
 *
 * @example memoryBarChart(trainingMemoryBars("Llama 3.1 8B, full", result), {components: TRAINING_MEMORY_COMPONENTS})
 */
export function trainingMemoryBars(label: string, result: Result): MemoryBarDatum[] {
  const parts = trainingMemoryParts(result);
  return TRAINING_MEMORY_COMPONENTS.map((component) => ({label, component, bytes: parts[component]}));
}

/** Powers of two from `from` to `to` (inclusive), plus `extra` values in range, sorted and unique. */
export function powersOfTwo(from: number, to: number, extra: readonly number[] = []): number[] {
  const out = new Set<number>();
  for (let x = from; x <= to; x *= 2) out.add(x);
  for (const x of extra) if (x >= from && x <= to && Number.isFinite(x)) out.add(x);
  return [...out].sort((a, b) => a - b);
}

export type SweepAxis = "microBatch" | "sequenceLength";

export interface MemorySweepPoint {
  policy: CheckpointingPolicy;
  x: number;
  totalBytes: number;
}

export interface MemorySweepSeries {
  policy: CheckpointingPolicy;
  points: MemorySweepPoint[];
  /** Largest micro-batch (or sequence length) that fits under this policy; 0 when none does. */
  limit: number;
}

/**
 * Per-GPU memory against the micro-batch (or the sequence length), one series per
 * checkpointing policy, with the largest fitting value from the engine's solvers.
 * Returns [] when the layout is impossible.
 *
 * @example memorySweep(c, {axis: "microBatch", values: [1, 2, 4, 8]})[0].policy === "none"
 */
export function memorySweep(c: TrainingCase, {axis, values, solverLimit}: {axis: SweepAxis; values: readonly number[]; solverLimit?: number}): MemorySweepSeries[] {
  if (!rememberedEstimate(c).ok) return [];
  return CHECKPOINTING.map((policy) => {
    const workload: TrainingWorkload = {...c.workload, activationCheckpointing: policy};
    const points = values.map((x) => {
      const w: TrainingWorkload = axis === "microBatch" ? {...workload, microBatchSize: x} : {...workload, sequenceLength: x};
      const outcome = rememberedEstimate({...c, workload: w});
      // trainingEstimate threw here before (the case's own estimate succeeded, so this is a swept value it refuses).
      if (!outcome.ok) throw new Error(outcome.issues.join("; "));
      return {policy, x, totalBytes: outcome.result.memory.totalBytes};
    });
    const limit = rememberedLimit({...c, workload}, axis, solverLimit);
    return {policy, points, limit};
  });
}

export interface LayoutRow {
  tensorParallel: number;
  pipelineParallel: number;
  zeroStage: 0 | 1 | 2 | 3;
  /** "TP 2 × PP 1" */
  layout: string;
  /** Per-GPU bytes by component; null when the layout is impossible. */
  parts: Record<TrainingMemoryComponent, number> | null;
  totalBytes: number | null;
  fits: boolean;
  /** The engine's reasons when the layout is impossible. */
  issues: string[];
}

/**
 * TP×PP pairs worth comparing on `gpuCount` GPUs: the current one, no model parallelism,
 * tensor parallelism over up to 8 GPUs (one NVLink node), a pipeline, and both; only pairs
 * whose product divides the GPU count, at most `max` of them.
 *
 * @example candidateLayouts({gpuCount: 8, current: {tensorParallel: 1, pipelineParallel: 1}})
 *   // [{1,1}, {2,1}, {8,1}, {1,2}, {2,2}, …]
 */
export function candidateLayouts({gpuCount, current, max = 5}: {gpuCount: number; current: {tensorParallel: number; pipelineParallel: number}; max?: number}):
  {tensorParallel: number; pipelineParallel: number}[] {
  const wanted = [
    [1, 1], [current.tensorParallel, current.pipelineParallel], [2, 1], [Math.min(8, gpuCount), 1], [1, 2], [2, 2], [4, 1], [1, 4], [4, 2], [8, 2]
  ];
  const seen = new Set<string>();
  const out: {tensorParallel: number; pipelineParallel: number}[] = [];
  for (const [t, p] of wanted) {
    const key = `${t}x${p}`;
    if (seen.has(key) || !(t! >= 1 && p! >= 1) || gpuCount % (t! * p!) !== 0) continue;
    // The current layout is always shown (even when impossible); the others only when they divide the GPUs.
    seen.add(key);
    out.push({tensorParallel: t!, pipelineParallel: p!});
    if (out.length >= max) break;
  }
  const isCurrent = (l: {tensorParallel: number; pipelineParallel: number}) =>
    l.tensorParallel === current.tensorParallel && l.pipelineParallel === current.pipelineParallel;
  if (!out.some(isCurrent)) out.splice(Math.min(1, out.length), 0, {...current});
  return out.slice(0, Math.max(max, 1));
}

/** "TP 2 × PP 1" */
export const layoutLabel = (l: {tensorParallel: number; pipelineParallel: number}) => `TP ${l.tensorParallel} × PP ${l.pipelineParallel}`;

/**
 * Per-GPU memory for every ZeRO stage 0–3 on each layout. Pipelines get at least p micro-batches
 * per step (gradient accumulation ≥ p), as a 1F1B schedule needs; impossible layouts carry the
 * engine's issues.
 *
 * @example layoutSweep(c, candidateLayouts({gpuCount: 8, current})).length === 4 * layouts
 */
export function layoutSweep(c: TrainingCase, layouts: readonly {tensorParallel: number; pipelineParallel: number}[]): LayoutRow[] {
  return layouts.flatMap((l) => ([0, 1, 2, 3] as const).map((zeroStage): LayoutRow => {
    const workload: TrainingWorkload = {...c.workload, tensorParallel: l.tensorParallel, pipelineParallel: l.pipelineParallel, zeroStage,
      gradientAccumulation: Math.max(c.workload.gradientAccumulation, l.pipelineParallel)};
    const outcome = rememberedEstimate({...c, workload});
    const base = {tensorParallel: l.tensorParallel, pipelineParallel: l.pipelineParallel, zeroStage, layout: layoutLabel(l)};
    if (!outcome.ok) return {...base, parts: null, totalBytes: null, fits: false, issues: outcome.issues};
    return {...base, parts: trainingMemoryParts(outcome.result), totalBytes: outcome.result.memory.totalBytes,
      fits: outcome.result.memory.fits, issues: []};
  }));
}

/** A result's warnings without the ones the page answers itself (defaults it sets explicitly). */
export function pageWarnings(result: Result): string[] {
  return result.warnings.filter((w) => !/^(framework|mfu|trainingTokens) not given/.test(w));
}
