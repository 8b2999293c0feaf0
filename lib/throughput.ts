/**
 * Inference speed: prefill and decode time from bytes moved and FLOP computed.
 *
 * A decode step streams every weight once for the whole batch and each sequence's KV cache
 * once, and does 2 FLOP per active parameter per token. Weights and their FLOP overlap (the
 * slower one sets the time); the KV read of attention cannot hide behind weight streaming
 * (scaling-book "All about Transformer inference", and peers.md C7):
 *
 *     t_step = KV_read / (BW·η_mem) + max( W_read / (BW·η_mem), FLOP / (P·η_c) ) + t_comm + t_fixed
 *
 * with BW the memory bandwidth, P the dense peak at the compute precision, η the engine's
 * achieved fractions (engines.ts).
 */
import type {ComputePrecision, WeightFormat} from "./formats.js";
import type {GpuSpec} from "./hardware.js";

/**
 * Expected number of distinct experts a batch of B tokens visits in one MoE layer, under
 * uniform independent routing of k of E experts per token:
 *
 *     U(B) = E · (1 − (1 − k/E)^B)
 *
 * @example DeepSeek-V3 (E = 256, k = 8): U(1) = 8, U(16) ≈ 102, U(64) ≈ 222 (peers.md finding 9)
 */
export function expectedExpertsRead(options: {experts: number; expertsPerToken: number; tokens: number}): number {
  const {experts: E, expertsPerToken: k, tokens: B} = options;
  if (B <= 0) return 0;
  return E * (1 - Math.pow(1 - k / E, B));
}

/**
 * The precision the matrix units run at for weights stored in `format`: fp8 weights use fp8
 * tensor cores where the GPU has them; integer and block-quantized formats are dequantized to
 * 16-bit before the matrix product (AWQ/GPTQ/GGUF kernels, bitsandbytes); fp32 runs at fp32.
 * Falls back bf16 → fp16 → fp32 when the GPU lacks a precision (V100 and T4 have no bf16).
 */
export function computePrecisionFor(options: {format: WeightFormat; gpu: GpuSpec}): ComputePrecision {
  const {format, gpu} = options;
  const preference = format === "fp32" ? FP32_ONLY : format === "fp8" ? FP8_FIRST : format === "fp16" ? FP16_FIRST : BF16_FIRST;
  for (const p of preference) if ((gpu.flopsPerSecond[p] ?? 0) > 0) return p;
  return "fp32";
}

const FP32_ONLY: readonly ComputePrecision[] = ["fp32"];
const FP8_FIRST: readonly ComputePrecision[] = ["fp8", "bf16", "fp16", "fp32"];
const FP16_FIRST: readonly ComputePrecision[] = ["fp16", "bf16", "fp32"];
const BF16_FIRST: readonly ComputePrecision[] = ["bf16", "fp16", "fp32"];

/** Dense peak FLOP/s at a precision (0 when the GPU quotes none, e.g. Apple silicon). */
export function peakFlopsPerSecond(options: {gpu: GpuSpec; precision: ComputePrecision}): number {
  return options.gpu.flopsPerSecond[options.precision] ?? options.gpu.flopsPerSecond.fp32 ?? 0;
}

/**
 * Time of one ring all-reduce of `bytes` over `ranks` GPUs:
 *
 *     t = 2·(t − 1)/t · bytes / link + latency
 *
 * (each rank sends and receives 2(t−1)/t of the buffer; Patarasuk & Yuan 2009). Latency per
 * collective ≈ 8 µs on NVLink (NCCL small-message latency), link = per-direction bandwidth;
 * without NVLink the path is PCIe, ≈ 25 GB/s effective per direction and ≈ 50 µs per
 * collective (nccl-tests all_reduce_perf small-message times across PCIe switches and the host).
 */
export function allReduceSeconds(options: {bytes: number; ranks: number; linkBytesPerSecond: number | null}): number {
  const {bytes, ranks, linkBytesPerSecond} = options;
  if (ranks <= 1) return 0;
  const link = linkBytesPerSecond ?? PCIE_EFFECTIVE_BYTES_PER_SECOND;
  const latency = linkBytesPerSecond ? 8e-6 : 50e-6;
  return (2 * (ranks - 1) / ranks) * bytes / link + latency;
}

/** PCIe 4.0 x16 delivers ~25 GB/s per direction in NCCL all-reduce bus bandwidth (nccl-tests). */
export const PCIE_EFFECTIVE_BYTES_PER_SECOND = 25e9;

export interface StepTime {
  seconds: number;
  /** Weight streaming time at η_mem. */
  weightSeconds: number;
  /** KV read time at η_mem. */
  kvSeconds: number;
  /** Matrix-product time at η_compute. */
  computeSeconds: number;
  commSeconds: number;
  overheadSeconds: number;
  bound: "memory" | "compute";
}

/**
 * One forward step on one GPU's share of the model (decode, or a whole prefill):
 *
 *     t = KV / (BW·η_m) + max(W / (BW·η_m), FLOP / (P·η_c)) + t_comm + t_fixed
 *
 * `bound` says which of the two inside the max is larger.
 */
export function stepSeconds(options: {weightBytesRead: number; kvBytesRead: number; flops: number;
  bandwidthBytesPerSecond: number; peakFlopsPerSecond: number; memoryEfficiency: number; computeEfficiency: number;
  commSeconds?: number; overheadSeconds?: number}): StepTime {
  const o = options;
  const bw = o.bandwidthBytesPerSecond * o.memoryEfficiency;
  const weightSeconds = o.weightBytesRead / bw;
  const kvSeconds = o.kvBytesRead / bw;
  const computeSeconds = o.peakFlopsPerSecond > 0 ? o.flops / (o.peakFlopsPerSecond * o.computeEfficiency) : 0;
  const commSeconds = o.commSeconds ?? 0;
  const overheadSeconds = o.overheadSeconds ?? 0;
  const seconds = kvSeconds + Math.max(weightSeconds, computeSeconds) + commSeconds + overheadSeconds;
  return {seconds, weightSeconds, kvSeconds, computeSeconds, commSeconds, overheadSeconds,
    bound: computeSeconds > weightSeconds ? "compute" : "memory"};
}
