/**
 * Solvers over the training estimate: the largest micro-batch and the longest sequence that fit,
 * and the least intrusive parallel layout that fits on N GPUs of a kind.
 *
 * Per-GPU memory grows monotonically with the micro-batch and the sequence length (activations
 * are linear in b, and linear or quadratic in s), so both are found by bisection on
 * `trainingEstimate(...).memory.fits`.
 */
import type {Architecture} from "../architecture.js";
import type {GpuSpec} from "../hardware.js";
import type {Result, TrainingWorkload} from "../scenario.js";
import {trainingEstimate} from "./estimate.js";
import {TrainingLayoutError} from "./parallel.js";
import {largestTrue} from "../search.js";

interface SolverInput {
  arch: Architecture;
  gpu: GpuSpec;
  gpuCount: number;
  workload: TrainingWorkload;
}

function fits(input: SolverInput, workload: TrainingWorkload): boolean {
  return trainingEstimate({...input, workload}).memory.fits;
}

/**
 * Largest micro-batch (sequences per GPU per step) that fits; 0 when none does.
 *
 * @example maxMicroBatchSize({arch: llama3_8b, gpu: h100, gpuCount: 8, workload}) — e.g. 3 at s = 4096, ZeRO-3, no checkpointing
 */
export function maxMicroBatchSize(options: SolverInput & {limit?: number}): number {
  return largestTrue((b) => fits(options, {...options.workload, microBatchSize: b}), options.limit ?? 4096);
}

/**
 * Longest sequence (tokens) that fits at the workload's micro-batch; 0 when none does.
 *
 * @example maxSequenceLength({arch: llama31_8b, gpu: {memoryBytes: 48e9, ...}, gpuCount: 1, workload: hfQlora}) ≈ 16,000
 */
export function maxSequenceLength(options: SolverInput & {limit?: number}): number {
  return largestTrue((s) => fits(options, {...options.workload, sequenceLength: s}), options.limit ?? 2 ** 22);
}

export interface LayoutCandidate {
  tensorParallel: number;
  pipelineParallel: number;
  zeroStage: 0 | 1 | 2 | 3;
  totalBytes: number;
  fits: boolean;
}

/**
 * The least intrusive layout that fits on `gpuCount` GPUs: candidates ordered by model-parallel
 * size t·p (tensor parallelism first, up to `maxTensorParallel`, 8 = one NVLink node), then by
 * ZeRO stage 0 → 3; the first that fits wins. Layouts the model cannot take (heads not divisible,
 * p > L, ...) are skipped. Returns null with every candidate when none fits.
 *
 * @example smallestFittingLayout({arch: qwen25_05b, gpu: h100, gpuCount: 8, workload}).layout
 *   → {tensorParallel: 1, pipelineParallel: 1, zeroStage: 0, ...}
 */
export function smallestFittingLayout(options: SolverInput & {maxTensorParallel?: number}):
  {layout: LayoutCandidate | null; estimate: Result | null; candidates: LayoutCandidate[]} {
  const {gpuCount} = options;
  const maxTp = options.maxTensorParallel ?? 8;
  const pairs: {tp: number; pp: number}[] = [];
  for (let tp = 1; tp <= Math.min(maxTp, gpuCount); tp *= 2) {
    // pp ≤ layers (a stage holds at least one layer): the loop is bounded by the layer bound, not the GPU count.
    for (let pp = 1; tp * pp <= gpuCount && pp <= options.arch.layers; pp++) {
      if (gpuCount % (tp * pp) === 0) pairs.push({tp, pp});
    }
  }
  pairs.sort((a, b) => a.tp * a.pp - b.tp * b.pp || b.tp - a.tp);
  const candidates: LayoutCandidate[] = [];
  for (const {tp, pp} of pairs) {
    for (const zeroStage of [0, 1, 2, 3] as const) {
      const workload: TrainingWorkload = {...options.workload, tensorParallel: tp, pipelineParallel: pp, zeroStage,
        gradientAccumulation: Math.max(options.workload.gradientAccumulation, pp)};
      let estimate: Result;
      try {
        estimate = trainingEstimate({...options, workload});
      } catch (e) {
        if (e instanceof TrainingLayoutError) continue;
        throw e;
      }
      const candidate = {tensorParallel: tp, pipelineParallel: pp, zeroStage, totalBytes: estimate.memory.totalBytes, fits: estimate.memory.fits};
      candidates.push(candidate);
      if (candidate.fits) return {layout: candidate, estimate, candidates};
    }
  }
  return {layout: null, estimate: null, candidates};
}
