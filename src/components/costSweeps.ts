/**
 * The Cost chapter's sweeps, all through the engine: serving cost at a ladder of batch sizes,
 * serving cost on every priced GPU, and training cost at a range of MFUs.
 *
 *     serving:  usd per M tokens = (usd per GPU-hour · GPUs / 3600) / (tokens per second) · 10⁶   (lib/cost.ts)
 *     training: usd = GPU-hours · usd per GPU-hour,  GPU-hours = C / (peak · MFU · goodput · 3600)  (lib/training/time.ts)
 *
 * Serving time is split by phase as the engine's result does: decode seconds are charged to
 * output tokens, prefill seconds to input tokens.
 */
import type {Architecture} from "../lib/architecture.js";
import {GPU_CATALOG, priceSummary, type PriceOffer} from "../lib/catalog/index.js";
import {usdPerMillionTokens} from "../lib/cost.js";
import type {GpuSpec} from "../lib/hardware.js";
import {inferenceEstimate, type InferenceEstimate} from "../lib/inference.js";
import type {InferenceWorkload, TrainingWorkload} from "../lib/scenario.js";
import {trainingEstimate} from "../lib/training/estimate.js";

/** GPUs an inference estimate runs on: tensor-parallel × pipeline-parallel (as `estimate` prices it). */
export function gpusOf(est: InferenceEstimate): number {
  return est.parallelism.tensorParallel * est.parallelism.pipelineParallel;
}

/** Dollars per million output (decode) and input (prefill) tokens of one estimate at a price. */
export function servingCost(est: InferenceEstimate, usdPerGpuHour: number): {usdPerMillionOutputTokens: number | null; usdPerMillionInputTokens: number | null} {
  const gpus = gpusOf(est);
  return {
    usdPerMillionOutputTokens: usdPerMillionTokens({usdPerGpuHour, gpus, tokensPerSecond: est.decodeThroughputTokensPerSecond}),
    usdPerMillionInputTokens: usdPerMillionTokens({usdPerGpuHour, gpus, tokensPerSecond: est.prefillTokensPerSecond})
  };
}

/** Powers of two from 1 up to `max` (at most 4096), plus `extra` values within range, sorted. */
export function batchLadder(max: number, extra: readonly number[] = []): number[] {
  const top = Math.max(1, Math.min(4096, Math.floor(max)));
  const out = new Set<number>();
  for (let b = 1; b <= top; b *= 2) out.add(b);
  out.add(top);
  for (const e of extra) if (e >= 1 && e <= top) out.add(Math.floor(e));
  return [...out].sort((a, b) => a - b);
}

export interface ServingCase {
  arch: Architecture;
  gpu: GpuSpec;
  gpuCount: number;
  workload: InferenceWorkload;
}

/** Serving cost at each batch of the ladder (up to the largest batch that fits, else up to 4096). */
export function servingCostByBatch(c: ServingCase, usdPerGpuHour: number, batches: readonly number[]) {
  return batches.map((batchSize) => {
    const est = inferenceEstimate({arch: c.arch, gpu: c.gpu, gpuCount: c.gpuCount, workload: {...c.workload, batchSize}, solvers: false});
    return {batchSize, fits: est.memory.fits, ...servingCost(est, usdPerGpuHour)};
  });
}

export interface GpuServingCost {
  gpuId: string;
  gpu: string;
  /** Smallest GPU count of 1, 2, 4, 8 that holds the workload; null when none does. */
  gpus: number | null;
  cheapest: PriceOffer | null;
  medianUsdPerGpuHour: number | null;
  offerCount: number;
  newestDate: string | null;
  oldestDate: string | null;
  cheapestUsdPerMillion: number | null;
  medianUsdPerMillion: number | null;
  /** Output tokens per dollar at the cheapest offer. */
  outputTokensPerUsd: number | null;
}

/**
 * The same workload on every catalog GPU with a price: the smallest count of 1, 2, 4 or 8 that
 * fits, and dollars per million output tokens at its cheapest and median offers.
 */
export function servingCostByGpu(options: {arch: Architecture; workload: InferenceWorkload; gpus?: readonly GpuSpec[]}): GpuServingCost[] {
  const out: GpuServingCost[] = [];
  for (const gpu of options.gpus ?? GPU_CATALOG) {
    const prices = priceSummary({gpuId: gpu.id});
    if (prices.count === 0) continue;
    let fitted: InferenceEstimate | null = null;
    let count: number | null = null;
    for (const n of [1, 2, 4, 8]) {
      const est = inferenceEstimate({arch: options.arch, gpu, gpuCount: n, workload: options.workload, solvers: false});
      if (est.memory.fits) {
        fitted = est;
        count = n;
        break;
      }
    }
    const at = (usd: number | null | undefined) => (fitted && usd ? servingCost(fitted, usd).usdPerMillionOutputTokens : null);
    const cheapestUsdPerMillion = at(prices.cheapest?.usdPerGpuHour);
    out.push({
      gpuId: gpu.id, gpu: gpu.name, gpus: count, cheapest: prices.cheapest, medianUsdPerGpuHour: prices.medianUsdPerGpuHour,
      offerCount: prices.count, newestDate: prices.newestDate, oldestDate: prices.oldestDate,
      cheapestUsdPerMillion, medianUsdPerMillion: at(prices.medianUsdPerGpuHour),
      outputTokensPerUsd: cheapestUsdPerMillion ? 1e6 / cheapestUsdPerMillion : null
    });
  }
  return out;
}

/** A full-training workload for cost: only tokens, sequence, precision, MFU and goodput matter to time. */
export function costTrainingWorkload(options: {trainingTokens: number; sequenceLength: number; precision: TrainingWorkload["precision"];
  mfu: number; goodput: number}): TrainingWorkload {
  return {type: "training", method: "full", precision: options.precision, optimizer: "adamw", microBatchSize: 1,
    sequenceLength: options.sequenceLength, gradientAccumulation: 1, activationCheckpointing: "none", flashAttention: true, zeroStage: 3,
    tensorParallel: 1, pipelineParallel: 1, expertParallel: 1, sequenceParallel: false, trainingTokens: options.trainingTokens,
    mfu: options.mfu, goodput: options.goodput};
}

/**
 * Training dollars at each MFU of `mfus`: the engine's estimate (GPU-hours × price) at the first
 * MFU, scaled to the others. With the MFU given, only the run's time depends on it, inversely
 * (lib/training/time.ts trainingTime: tokens/s/GPU = peak · mfu / flopsPerToken, wall clock =
 * tokens / (tokens/s/GPU · gpus) / goodput, GPU-hours = gpus · wall clock / 3600), so
 *
 *     usd(m) = usd(m₀) · m₀ / m
 *
 * One engine estimate per curve, not one per point (each repeated the same memory estimate).
 */
export function trainingCostByMfu(options: {arch: Architecture; gpu: GpuSpec; gpuCount: number; workload: TrainingWorkload;
  usdPerGpuHour: number; mfus: readonly number[]}): {mfu: number; usd: number}[] {
  const first = options.mfus[0];
  if (first === undefined) return [];
  const r = trainingEstimate({arch: options.arch, gpu: options.gpu, gpuCount: options.gpuCount, workload: {...options.workload, mfu: first},
    usdPerGpuHour: options.usdPerGpuHour});
  const usdAtFirst = r.cost?.trainingUsd ?? Number.NaN;
  return options.mfus.map((mfu) => ({mfu, usd: mfu === first ? usdAtFirst : (usdAtFirst * first) / mfu}));
}
