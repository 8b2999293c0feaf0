/**
 * Accelerator specifications in SI units, as the engine consumes them. Catalog entries
 * (`catalog/gpus.ts`) and inline scenario specs (datasheet units) are converted at the edge.
 */
import type {ComputePrecision} from "./formats.js";

/**
 * The software back-end a device runs inference through: NVIDIA CUDA, AMD ROCm (HIP), Apple
 * Metal, the host CPU, Intel GPUs (XPU: oneAPI/SYCL), Google TPU (XLA) or Intel Gaudi (Habana
 * SynapseAI).
 */
export const BACKENDS = ["cuda", "rocm", "metal", "cpu", "xpu", "tpu", "gaudi"] as const;
export type Backend = (typeof BACKENDS)[number];

/** Number formats a device's matrix units may support natively (not by conversion). */
export const NATIVE_CAPABILITIES = ["bf16", "fp8", "fp4", "int8"] as const;
export type NativeCapability = (typeof NATIVE_CAPABILITIES)[number];

export interface GpuSpec {
  /** Catalog id (`h100-sxm`) or a slug for an inline spec. */
  id: string;
  name: string;
  /** "gpu" | "soc" (Apple silicon unified memory) | "tpu" | "accelerator" | "cpu". */
  kind: "gpu" | "soc" | "tpu" | "accelerator" | "cpu";
  /** Memory capacity in bytes (vendor "GB" read as 10^9 unless the catalog notes say GiB). */
  memoryBytes: number;
  /** Peak memory bandwidth in bytes per second (decimal, as datasheets print). */
  bandwidthBytesPerSecond: number;
  /** DENSE peak throughput per precision in FLOP/s (OP/s for int8); missing = unsupported. */
  flopsPerSecond: Partial<Record<ComputePrecision, number>>;
  /** GPU-to-GPU bandwidth per direction in bytes per second (NVLink total / 2); null = PCIe or unknown. */
  interconnectBytesPerSecond: number | null;
  /** Where the figures come from. */
  source: string;
  /**
   * Unified memory (kind "soc") other than Apple's: the share of memoryBytes the GPU may use
   * (Ryzen AI Max: up to 96 of 128 GB; DGX Spark: all of it). Absent: Apple's rule
   * (lib/local.ts appleGpuWorkingSetBytes).
   */
  unifiedGpuShare?: number;
  /** Back-end, when the kind and name do not say it (see {@link deviceCapabilities}). */
  backend?: Backend;
  /**
   * Native support the datasheet figures do not show: a device whose throughput for a precision
   * was not read (the catalog leaves the figure out) but whose architecture has the units.
   */
  native?: Partial<Record<NativeCapability, boolean>>;
}

/** What a device can run natively, as the compatibility table (compat.ts) reads it. */
export interface DeviceCapabilities {
  backend: Backend;
  /** Native bf16 matrix units: NVIDIA Ampere (SM 8.0) and newer, AMD CDNA2+, TPU, Gaudi. */
  bf16: boolean;
  /** Native fp8 matrix units: NVIDIA Ada (SM 8.9), Hopper, Blackwell; AMD MI300; Gaudi 2+. */
  fp8: boolean;
  /** Native fp4 matrix units: NVIDIA Blackwell (SM 10.0). */
  fp4: boolean;
  /** Integer tensor units (int8 tensor cores: NVIDIA Turing SM 7.5 and newer). */
  int8: boolean;
}

/**
 * The back-end a device runs on: the spec's own `backend`, else from its kind and name (Apple
 * silicon → Metal, TPU → XLA, Gaudi → Habana, Intel Arc → XPU, a CPU named as one (Ryzen, Xeon, EPYC, Core i9,
 * without a GPU in the name, and not a unified-memory "soc") → CPU, AMD Instinct/Radeon/Ryzen
 * AI → ROCm, any other GPU (DGX Spark's GB10 included) → CUDA).
 *
 * @example backendOf(findGpu("mi300x")!) // "rocm"
 */
export function backendOf(gpu: Pick<GpuSpec, "kind" | "name" | "backend">): Backend {
  if (gpu.backend) return gpu.backend;
  if (gpu.kind === "cpu") return "cpu";
  if (gpu.kind === "tpu") return "tpu";
  const name = gpu.name;
  if (/\bapple\b|\bM[1-9]( (pro|max|ultra))?\b/i.test(name)) return "metal";
  if (/gaudi|habana/i.test(name)) return "gaudi";
  if (/\bintel\b.*\b(arc|data center gpu|max \d{4})\b|\barc [ab]\d{3}\b/i.test(name)) return "xpu";
  // A unified-memory chip (kind "soc": Ryzen AI Max, DGX Spark) runs on its GPU, not its CPU.
  if (gpu.kind !== "soc" && /\b(epyc|xeon|ryzen|threadripper|core i\d|cpu)\b/i.test(name) && !/gpu|radeon/i.test(name)) return "cpu";
  if (/\bamd\b|instinct|radeon|\bMI\d{3}|\bRX ?\d{4}/i.test(name)) return "rocm";
  return "cuda";
}

/**
 * Native capabilities: a precision counts as native where the datasheet quotes a dense matrix
 * throughput for it (T4: fp16 and int8, so no bf16 and no fp8; V100: fp16 only), unless the
 * spec's `native` says otherwise (a figure the catalog could not read).
 *
 * @example deviceCapabilities(findGpu("t4")!) // {backend: "cuda", bf16: false, fp8: false, fp4: false, int8: true}
 */
export function deviceCapabilities(gpu: GpuSpec): DeviceCapabilities {
  const has = (c: NativeCapability) => gpu.native?.[c] ?? ((gpu.flopsPerSecond[c] ?? 0) > 0);
  return {backend: backendOf(gpu), bf16: has("bf16"), fp8: has("fp8"), fp4: has("fp4"), int8: has("int8")};
}

/**
 * GPUs per node of an HGX/DGX baseboard: a data-parallel group of more GPUs spans nodes and its
 * collectives cross the network (judgement, 2026-12: the 8-GPU A100/H100/H200/B200 servers the fine-tuning tables were measured
 * on; the planner's largest serving replica is one such node).
 */
export const GPUS_PER_NODE = 8;
