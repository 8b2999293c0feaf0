/**
 * Accelerator specifications in SI units, as the engine consumes them. Catalog entries
 * (`catalog/gpus.ts`) and inline scenario specs (datasheet units) are converted at the edge.
 */
import type {ComputePrecision} from "./formats.js";

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
}
