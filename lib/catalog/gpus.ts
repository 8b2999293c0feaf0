/**
 * Accelerator catalog in SI units: memory in bytes, bandwidth in bytes/s, DENSE peak
 * throughput in FLOP/s (OP/s for int8), interconnect per direction in bytes/s.
 *
 * Transcribed from the project's reference table (`shared/reference/gpus.json`, every
 * figure read in the source it names; see that file's README), converted as follows:
 * - `memoryBytes`: one convention for every device, what the device reports: the total that
 *   `nvidia-smi --query-gpu=memory.total` prints (MiB) where a copy of its output was found
 *   (H100 81,559 MiB; A100 80GB 81,920 MiB; RTX 4090 24,564 MiB; ...), named next to the
 *   entry; otherwise the vendor's capacity read in binary units (memory chips are whole GiB;
 *   device totals sit at or just below that). Reading "80 GB" as 80e9 would understate an
 *   A100 80GB by 6.9 % and make it look smaller than an H100 it equals.
 * - `bandwidthBytesPerSecond`: datasheet GB/s times 1e9 (datasheets are decimal).
 * - `flopsPerSecond`: `fp32` is the non-tensor FP32 peak; `tf32`, `bf16`, `fp16`, `fp8`,
 *   `int8`, `fp4` are dense tensor/matrix peaks (NVIDIA's "with sparsity" figures halved).
 *   A precision without a readable figure is left out, which the engine reads as
 *   "unsupported or unknown".
 * - `interconnectBytesPerSecond`: NVLink total (both directions, NVIDIA's convention) / 2;
 *   null for PCIe-only parts or where no figure was read.
 *
 * Left out because a required figure is missing in every source read:
 * - `a10g`: NVIDIA publishes no A10G datasheet; sources conflict on its throughput (31.2/125 vs 70 TFLOPS).
 * (`rtx-4080`, `rtx-3060-12gb`, `apple-m4-max` and the other devices people own: `localDevices.ts`.)
 */
import type {GpuSpec} from "../hardware.js";
import {LOCAL_DEVICE_CATALOG} from "./localDevices.js";

const MIB = 2 ** 20;
const GIB = 2 ** 30;

export const GPU_CATALOG: GpuSpec[] = [
  // nvidia-smi reports 81,559 MiB for "H100 80GB HBM3" (79.6 GiB): the vendor's "80 GB" is GiB-based; device total used
  // NVIDIA's datasheet lists 1,979 (FP16/BF16) and 3,958 (FP8/INT8) with sparsity; halved here (stas00 table and Lightning agree: bf16 989 / 989.5).
  {
    id: "h100-sxm", name: "NVIDIA H100 SXM5 80GB", kind: "gpu",
    memoryBytes: 81559 * MIB, bandwidthBytesPerSecond: 3350e9,
    flopsPerSecond: {fp32: 67e12, tf32: 494.5e12, bf16: 989e12, fp16: 989e12, fp8: 1979e12, int8: 1979e12},
    interconnectBytesPerSecond: 450e9,
    source: "stas00/ml-engineering; Lightning-AI/pytorch-lightning; https://archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html",
  },
  // nvidia-smi reports 81,559 MiB for "H100 PCIe" (79.6 GiB): the vendor's "80 GB" is GiB-based; device total used
  // hpctech table lists TDP 300-350 W; product brief says 350 W. NVLink 600 GB/s via NVLink bridge (pairs). stas00 memory table labels H100 PCIe memory HBM3; hpctech says HBM2e (5120-bit).
  {
    id: "h100-pcie", name: "NVIDIA H100 PCIe 80GB", kind: "gpu",
    memoryBytes: 81559 * MIB, bandwidthBytesPerSecond: 2000e9,
    flopsPerSecond: {fp32: 51e12, tf32: 378e12, bf16: 756e12, fp16: 756e12, fp8: 1513e12, int8: 1513e12},
    interconnectBytesPerSecond: 300e9,
    source: "stas00/ml-engineering; Lightning-AI/pytorch-lightning; https://archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA H100 NVL, 95830 MiB"
  // fp8 not given in Lightning's table; left null (datasheet value not read).
  {
    id: "h100-nvl", name: "NVIDIA H100 NVL 94GB (per GPU)", kind: "gpu",
    memoryBytes: 95830 * MIB, bandwidthBytesPerSecond: 3900e9,
    flopsPerSecond: {fp32: 60e12, tf32: 417.5e12, bf16: 835.5e12, fp16: 835.5e12, int8: 1670.5e12},
    interconnectBytesPerSecond: 300e9,
    // Hopper (SM 9.0): FP8 tensor cores (NVIDIA H100 NVL product brief lists FP8); the figure is not read.
    native: {fp8: true},
    source: "Lightning-AI/pytorch-lightning; stas00/ml-engineering; https://www.aiminingco.com/gpu/h100-nvl/specs",
  },
  // nvidia-smi reports 143,771 MiB (140.4 GiB = 150.8e9 B) for H200: the vendor's "141 GB" is GiB-based; device total used
  // stas00 note: memory capacity is commonly quoted as 141 (GB); NVIDIA's figure may be GiB-based - treat as approximate.
  {
    id: "h200-sxm", name: "NVIDIA H200 SXM 141GB", kind: "gpu",
    memoryBytes: 143771 * MIB, bandwidthBytesPerSecond: 4800e9,
    flopsPerSecond: {fp32: 67e12, tf32: 494.5e12, bf16: 989e12, fp16: 989e12, fp8: 1979e12, int8: 1979e12},
    interconnectBytesPerSecond: 450e9,
    source: "stas00/ml-engineering; Lightning-AI/pytorch-lightning; https://lzwjava.github.io/nvidia-h200-gpu-specs-en",
  },
  // "141 GB" is GiB-based: no NVL device total was found, so the H200 SXM's nvidia-smi total
  // (143,771 MiB, same 141 GB HBM3e) is used
  // Memory/bandwidth/TDP from third-party pages only (low confidence).
  {
    id: "h200-nvl", name: "NVIDIA H200 NVL 141GB (per GPU)", kind: "gpu",
    memoryBytes: 143771 * MIB, bandwidthBytesPerSecond: 4800e9,
    flopsPerSecond: {fp32: 60e12, tf32: 420e12, bf16: 840e12, fp16: 840e12, int8: 1680e12},
    interconnectBytesPerSecond: null,
    // Hopper (SM 9.0): FP8 tensor cores (NVIDIA H200 NVL datasheet lists FP8); the figure is not read.
    native: {fp8: true},
    source: "Lightning-AI/pytorch-lightning; https://openmetal.io/resources/blog/how-the-h200-is-built-for-memory-bound-ai-workloads/; https://www.saulelectric.com/nvidia-h200.html",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA A100-SXM4-80GB, 81920 MiB"
  // No FP8 support (Ampere).
  // NVLink 600 GB/s total (300+300).
  {
    id: "a100-sxm-80gb", name: "NVIDIA A100 SXM4 80GB", kind: "gpu",
    memoryBytes: 81920 * MIB, bandwidthBytesPerSecond: 2039e9,
    flopsPerSecond: {fp32: 19.5e12, tf32: 156e12, bf16: 312e12, fp16: 312e12, int8: 624e12},
    interconnectBytesPerSecond: 300e9,
    source: "stas00/ml-engineering; Lightning-AI/pytorch-lightning; https://www.thundercompute.com/blog/nvidia-a100-specs-full-guide",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA A100-SXM4-40GB, 40960 MiB"
  // No FP8 support (Ampere).
  // NVLink 600 GB/s total (300+300).
  {
    id: "a100-sxm-40gb", name: "NVIDIA A100 SXM4 40GB", kind: "gpu",
    memoryBytes: 40960 * MIB, bandwidthBytesPerSecond: 1555e9,
    flopsPerSecond: {fp32: 19.5e12, tf32: 156e12, bf16: 312e12, fp16: 312e12, int8: 624e12},
    interconnectBytesPerSecond: 300e9,
    source: "stas00/ml-engineering; Lightning-AI/pytorch-lightning; https://www.thundercompute.com/blog/nvidia-a100-specs-full-guide",
  },
  // memory as the device reports it: 80 GiB of HBM2e, as the SXM4 80GB part reports (nvidia-smi 81,920 MiB)
  // No FP8 support (Ampere).
  // PCIe cards support a 2-GPU NVLink bridge; its bandwidth was not read here (null).
  {
    id: "a100-pcie-80gb", name: "NVIDIA A100 PCIe 80GB", kind: "gpu",
    memoryBytes: 81920 * MIB, bandwidthBytesPerSecond: 1935e9,
    flopsPerSecond: {fp32: 19.5e12, tf32: 156e12, bf16: 312e12, fp16: 312e12, int8: 624e12},
    interconnectBytesPerSecond: null,
    source: "stas00/ml-engineering; Lightning-AI/pytorch-lightning; https://www.thundercompute.com/blog/nvidia-a100-specs-full-guide",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA A100-PCIE-40GB, 40960 MiB"
  // No FP8 support (Ampere).
  // PCIe cards support a 2-GPU NVLink bridge; its bandwidth was not read here (null).
  {
    id: "a100-pcie-40gb", name: "NVIDIA A100 PCIe 40GB", kind: "gpu",
    memoryBytes: 40960 * MIB, bandwidthBytesPerSecond: 1555e9,
    flopsPerSecond: {fp32: 19.5e12, tf32: 156e12, bf16: 312e12, fp16: 312e12, int8: 624e12},
    interconnectBytesPerSecond: null,
    source: "stas00/ml-engineering; Lightning-AI/pytorch-lightning; https://www.thundercompute.com/blog/nvidia-a100-specs-full-guide",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA A10, 23028 MiB"
  // Lightning stores these A10-datasheet values under the key 'a10g'.
  {
    id: "a10", name: "NVIDIA A10 24GB", kind: "gpu",
    memoryBytes: 23028 * MIB, bandwidthBytesPerSecond: 600e9,
    flopsPerSecond: {fp32: 31.2e12, tf32: 62.5e12, bf16: 125e12, fp16: 125e12, int8: 250e12},
    interconnectBytesPerSecond: null,
    source: "Lightning-AI/pytorch-lightning; astroC86/gpu-datasheet; winston-zhang-orz/gpu-specs",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA A40, 46068 MiB" (ECC on)
  // FP16 tensor figure is 'with FP16 accumulate'; BF16 with FP32 accumulate (same value).
  {
    id: "a40", name: "NVIDIA A40 48GB", kind: "gpu",
    memoryBytes: 46068 * MIB, bandwidthBytesPerSecond: 696e9,
    flopsPerSecond: {fp32: 37.4e12, tf32: 74.8e12, bf16: 149.7e12, fp16: 149.7e12, int8: 299.3e12},
    interconnectBytesPerSecond: 56.25e9,
    source: "Lightning-AI/pytorch-lightning; https://www.ecer.com/corp/details-uuuedqa-p1bsay9-multi-display-setups-supported-by-48gb-gddr6-ecc-memory-nvidia-a40-gpu-and-vga-outputs.html; https://sysrqmts.com/fr/gpus/compare/nvidia-a40-pcie-vs-nvidia-quadro-rtx-6000",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA RTX A6000, 49140 MiB"
  // Lightning's 'a6000' bf16/fp16 entries (38.7) are the non-tensor rate; the tensor figure 154.8 is from cli99/llm-analysis (secondary). pcie generation not read from a source.
  {
    id: "rtx-a6000", name: "NVIDIA RTX A6000 48GB", kind: "gpu",
    memoryBytes: 49140 * MIB, bandwidthBytesPerSecond: 768e9,
    flopsPerSecond: {fp32: 38.7e12, tf32: 77.4e12, bf16: 154.8e12, fp16: 154.8e12, int8: 309.7e12},
    interconnectBytesPerSecond: null,
    source: "Lightning-AI/pytorch-lightning; cli99/llm-analysis; https://huggingface.co/datasets/ohdoking/gpu_spec/blob/main/data/nvidia_gpu.csv",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA L40S, 46068 MiB" (ECC on)
  // int8 733 from stas00 table (datasheet INT8 row blank for L40S in the reproduction).
  {
    id: "l40s", name: "NVIDIA L40S 48GB", kind: "gpu",
    memoryBytes: 46068 * MIB, bandwidthBytesPerSecond: 864e9,
    flopsPerSecond: {fp32: 91.6e12, tf32: 183e12, bf16: 362.05e12, fp16: 362.05e12, fp8: 733e12, int8: 733e12},
    interconnectBytesPerSecond: null,
    source: "stas00/ml-engineering; https://www.mullet.se/product.html?product_id=355414; https://www.itcreations.com/nvidia-gpu/nvidia-l40s-gpu-accelerator",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA L40, 46068 MiB" (ECC on)
  {
    id: "l40", name: "NVIDIA L40 48GB", kind: "gpu",
    memoryBytes: 46068 * MIB, bandwidthBytesPerSecond: 864e9,
    flopsPerSecond: {fp32: 90.5e12, tf32: 90.5e12, bf16: 181.05e12, fp16: 181.05e12, fp8: 362e12, int8: 362e12},
    interconnectBytesPerSecond: null,
    source: "https://www.mullet.se/product.html?product_id=355414; Lightning-AI/pytorch-lightning",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA L4, 23034 MiB"
  // fp8 242.5 = datasheet 485 (with sparsity) halved by this compiler.
  {
    id: "l4", name: "NVIDIA L4 24GB", kind: "gpu",
    memoryBytes: 23034 * MIB, bandwidthBytesPerSecond: 300e9,
    flopsPerSecond: {fp32: 30.3e12, tf32: 60e12, bf16: 121e12, fp16: 121e12, fp8: 242.5e12, int8: 242e12},
    interconnectBytesPerSecond: null,
    source: "Lightning-AI/pytorch-lightning; https://store.sourcecode.com/en-us/bg-bucket-compare/125/9820; https://grokipedia.com/page/NVIDIA_L4_vs_L40S",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA RTX 6000 Ada Generation, 49140 MiB"
  // Tensor throughput not found in a readable source; left null.
  {
    id: "rtx-6000-ada", name: "NVIDIA RTX 6000 Ada Generation 48GB", kind: "gpu",
    memoryBytes: 49140 * MIB, bandwidthBytesPerSecond: 960e9,
    flopsPerSecond: {fp32: 91.1e12},
    interconnectBytesPerSecond: null,
    // Ada (AD102, SM 8.9): fourth-generation tensor cores run BF16, FP8 and INT8 (NVIDIA Ada Lovelace architecture whitepaper); figures not read.
    native: {bf16: true, fp8: true, int8: true},
    source: "https://www.grafikkarten.com/de/news/nvidia-rtx-6000-grafikkarte-der-ada-generation; https://cputronic.com/de/gpu/nvidia-rtx-6000-ada-generation; https://huggingface.co/datasets/ohdoking/gpu_spec/blob/main/data/nvidia_gpu.csv",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA GeForce RTX 4090, 24564 MiB"
  // GeForce tensor rates depend on accumulator precision: FP16/BF16 with FP32 accumulate 165.2 (used here, what PyTorch uses); FP16 with FP16 accumulate 330.3. FP8: 330.3 with FP32 accumulate (waredb) vs 660.6 with FP16 accumulate (gigagpu).
  // Lightning's 'rtx 4090' fp16/bf16 (82.6) are the non-tensor rates.
  {
    id: "rtx-4090", name: "NVIDIA GeForce RTX 4090 24GB", kind: "gpu",
    memoryBytes: 24564 * MIB, bandwidthBytesPerSecond: 1008e9,
    flopsPerSecond: {fp32: 82.6e12, tf32: 82.6e12, bf16: 165.2e12, fp16: 165.2e12, fp8: 330.3e12, int8: 660.6e12},
    interconnectBytesPerSecond: null,
    source: "https://waredb.com/processor/nvidia-geforce-rtx-4090; https://gigagpu.com/?p=34220; Lightning-AI/pytorch-lightning",
  },
  // memory as the device reports it: nvidia-smi "NVIDIA GeForce RTX 3090, 24576 MiB"
  // FP16/BF16 tensor throughput left null: only a blog (ctc.archdevil.net) quoting 71.2 TFLOPS was found. release_year not read from a source.
  {
    id: "rtx-3090", name: "NVIDIA GeForce RTX 3090 24GB", kind: "gpu",
    memoryBytes: 24576 * MIB, bandwidthBytesPerSecond: 936.2e9,
    flopsPerSecond: {fp32: 35.6e12, int8: 284e12},
    interconnectBytesPerSecond: null,
    // Ampere (GA102, SM 8.6): third-generation tensor cores run BF16 (NVIDIA Ampere GA102 whitepaper); the figure is not read, the support is.
    native: {bf16: true},
    source: "xiaozheyao/triteia; Lightning-AI/pytorch-lightning; https://huggingface.co/datasets/ohdoking/gpu_spec/blob/main/data/nvidia_gpu.csv",
  },
  // memory as the device reports it: nvidia-smi "Tesla V100-SXM2-16GB, 16384 MiB"
  // No BF16/TF32/FP8/INT8 tensor support on Volta. NVLink (SXM2) bandwidth not read from a primary source; left null.
  {
    id: "v100-sxm2-16gb", name: "NVIDIA Tesla V100 SXM2 16GB", kind: "gpu",
    memoryBytes: 16384 * MIB, bandwidthBytesPerSecond: 900e9,
    flopsPerSecond: {fp32: 15.7e12, fp16: 125e12},
    interconnectBytesPerSecond: null,
    source: "Lightning-AI/pytorch-lightning; winston-zhang-orz/gpu-specs; cli99/llm-analysis",
  },
  // memory as the device reports it: nvidia-smi "Tesla V100-SXM2-32GB, 32768 MiB"
  // No BF16/TF32/FP8/INT8 tensor support on Volta. NVLink (SXM2) bandwidth not read from a primary source; left null.
  {
    id: "v100-sxm2-32gb", name: "NVIDIA Tesla V100 SXM2 32GB", kind: "gpu",
    memoryBytes: 32768 * MIB, bandwidthBytesPerSecond: 900e9,
    flopsPerSecond: {fp32: 15.7e12, fp16: 125e12},
    interconnectBytesPerSecond: null,
    source: "Lightning-AI/pytorch-lightning; winston-zhang-orz/gpu-specs; cli99/llm-analysis",
  },
  // memory as the device reports it: nvidia-smi "Tesla V100-PCIE-16GB, 16384 MiB"
  // No BF16/TF32/FP8/INT8 tensor support on Volta. NVLink (SXM2) bandwidth not read from a primary source; left null.
  {
    id: "v100-pcie-16gb", name: "NVIDIA Tesla V100 PCIe 16GB", kind: "gpu",
    memoryBytes: 16384 * MIB, bandwidthBytesPerSecond: 900e9,
    flopsPerSecond: {fp32: 14e12, fp16: 112e12},
    interconnectBytesPerSecond: null,
    source: "Lightning-AI/pytorch-lightning; winston-zhang-orz/gpu-specs; cli99/llm-analysis",
  },
  // memory as the device reports it: 32 GiB of HBM2, as the SXM2 32GB part reports (nvidia-smi 32,768 MiB)
  // No BF16/TF32/FP8/INT8 tensor support on Volta. NVLink (SXM2) bandwidth not read from a primary source; left null.
  {
    id: "v100-pcie-32gb", name: "NVIDIA Tesla V100 PCIe 32GB", kind: "gpu",
    memoryBytes: 32768 * MIB, bandwidthBytesPerSecond: 900e9,
    flopsPerSecond: {fp32: 14e12, fp16: 112e12},
    interconnectBytesPerSecond: null,
    source: "Lightning-AI/pytorch-lightning; winston-zhang-orz/gpu-specs; cli99/llm-analysis",
  },
  // memory as the device reports it: nvidia-smi "Tesla T4, 15360 MiB"
  // T4 datasheet FP16/INT8 figures are mixed-precision tensor peaks; no BF16. Bandwidth: 320 (stillwater) vs 300 (winston) - 320 used.
  {
    id: "t4", name: "NVIDIA Tesla T4 16GB", kind: "gpu",
    memoryBytes: 15360 * MIB, bandwidthBytesPerSecond: 320e9,
    flopsPerSecond: {fp32: 8.1e12, fp16: 65e12, int8: 130e12},
    interconnectBytesPerSecond: null,
    source: "Lightning-AI/pytorch-lightning; stillwater-sc/kpu-sim; winston-zhang-orz/gpu-specs",
  },
  // nvidia-smi reports 183,359 MiB (179.1 GiB) per B200: the platform figure "180 GB" is GiB-based; device total used (192 GB physical)
  // Memory: 180 GB = NVIDIA DGX B200 platform figure (stas00); 192 GB physical (glennklockwood); ~179 GB visible via nvidia-smi (Vultr).
  // TF32: stas00 1125 vs glennklockwood 1100. stas00 also lists nvfp4 10000 (vs fp4 9000).
  {
    id: "b200", name: "NVIDIA B200 (HGX/DGX, per GPU)", kind: "gpu",
    memoryBytes: 183359 * MIB, bandwidthBytesPerSecond: 8000e9,
    flopsPerSecond: {fp32: 80e12, tf32: 1125e12, bf16: 2250e12, fp16: 2250e12, fp8: 4500e12, int8: 4500e12, fp4: 9000e12},
    interconnectBytesPerSecond: 900e9,
    source: "stas00/ml-engineering; https://glennklockwood.com/garden/processors/B200; https://docs.vultr.com/inference-cookbook/cuda/getting-started/hardware-overview",
  },
  // memory: vendor "186 GB" read as 186 GiB (HBM/LPDDR capacities are binary; no device report found)
  // stas00 lists per-chip figures (a GB200 superchip = 2 GPUs + 1 Grace CPU). FP32: stas00 80 vs glennklockwood 90. TDP 1200 W = per-GPU configuration cited by glennklockwood.
  {
    id: "gb200-per-gpu", name: "NVIDIA GB200 (one Blackwell GPU of a GB200 superchip)", kind: "gpu",
    memoryBytes: 186 * GIB, bandwidthBytesPerSecond: 8000e9,
    flopsPerSecond: {fp32: 80e12, tf32: 1250e12, bf16: 2500e12, fp16: 2500e12, fp8: 5000e12, int8: 5000e12, fp4: 10000e12},
    interconnectBytesPerSecond: 900e9,
    source: "stas00/ml-engineering; https://glennklockwood.com/garden/processors/B200",
  },
  // memory: vendor "192 GB" read as 192 GiB (HBM/LPDDR capacities are binary; no device report found)
  // AMD's exact dense figures: FP16/BF16 1307.4, FP8 2614.9 (awesomeagents.ai MI325X page, same compute). Infinity Fabric GPU-GPU bandwidth reported as 896 GB/s by a low-confidence page (kept in notes, not in nvlink_gb_s).
  {
    id: "mi300x", name: "AMD Instinct MI300X 192GB", kind: "gpu",
    memoryBytes: 192 * GIB, bandwidthBytesPerSecond: 5300e9,
    flopsPerSecond: {fp32: 163.4e12, tf32: 653.7e12, bf16: 1300e12, fp16: 1300e12, fp8: 2610e12, int8: 2600e12},
    interconnectBytesPerSecond: null,
    source: "stas00/ml-engineering; https://yobitel.com/knowledge-base/amd-mi325x; https://gpu.blog/gpus/instinct-mi300x-mi300x",
  },
  // memory: vendor "256 GB" read as 256 GiB (HBM/LPDDR capacities are binary; no device report found)
  {
    id: "mi325x", name: "AMD Instinct MI325X 256GB", kind: "gpu",
    memoryBytes: 256 * GIB, bandwidthBytesPerSecond: 6000e9,
    flopsPerSecond: {fp32: 163.4e12, tf32: 653.7e12, bf16: 1300e12, fp16: 1300e12, fp8: 2610e12, int8: 2600e12},
    interconnectBytesPerSecond: null,
    source: "stas00/ml-engineering; https://awesomeagents.ai/hardware/amd-mi325x; https://yobitel.com/knowledge-base/amd-mi325x",
  },
  // memory: vendor "128 GB" read as 128 GiB (HBM/LPDDR capacities are binary; no device report found)
  // One package = 2 GCDs (each appears as a separate 64 GB device). Bandwidth 3.28 TB/s (stas00) vs 3.2 (llm-analysis). TDP not read.
  {
    id: "mi250x", name: "AMD Instinct MI250X 128GB", kind: "gpu",
    memoryBytes: 128 * GIB, bandwidthBytesPerSecond: 3280e9,
    flopsPerSecond: {fp32: 47.9e12, bf16: 383e12, fp16: 383e12, int8: 383e12},
    interconnectBytesPerSecond: null,
    source: "stas00/ml-engineering; cli99/llm-analysis",
  },
  // memory: vendor "192 GB" read as 192 GiB (HBM/LPDDR capacities are binary; no device report found)
  // 192 GB is the maximum configuration; the GPU can wire only part of it (macOS limit).
  // FP32 (the reference table has no FLOPS for Apple parts): Apple's Mac Pro page (pl), read via the
  // nakenako.serv00.net mirror of apple.com/pl/mac-pro: 76-core GPU "do 27,2 teraflopa".
  {
    id: "apple-m2-ultra", name: "Apple M2 Ultra (unified memory)", kind: "soc",
    memoryBytes: 192 * GIB, bandwidthBytesPerSecond: 800e9,
    flopsPerSecond: {fp32: 27.2e12},
    interconnectBytesPerSecond: null,
    source: "https://gamebastion.com/n/apple-s-m4-max-is-the-first-non-ultra/474547; https://resourcefulman.net/2025/03/06/apples-best-new-chipset-isnt-the-m4-max; Apple Mac Pro page (pl), via nakenako.serv00.net mirror of apple.com/pl/mac-pro",
  },
  // memory: vendor "128 GB" read as 128 GiB (HBM/LPDDR capacities are binary; no device report found)
  // Top bin (16-core CPU / 40-core GPU). Memory: "até 128GB" in macmagazine.com.br's table of
  // Apple's M-series specifications (2024-10-30); bandwidth 400 GB/s as in the reference table.
  // FP32: 14.32 TFLOPS from hmc-tech.com (a third-party figure: 5,120 ALUs x 2 FLOP x 1.398 GHz);
  // Apple publishes none. Unified memory: the GPU can wire only part of it (macOS limit).
  {
    id: "apple-m3-max", name: "Apple M3 Max (16-core CPU / 40-core GPU, unified memory)", kind: "soc",
    memoryBytes: 128 * GIB, bandwidthBytesPerSecond: 400e9,
    flopsPerSecond: {fp32: 14.32e12},
    interconnectBytesPerSecond: null,
    source: "https://macmegasite.com/2024/10/30/m4-max-chip-has-16-core-cpu-40-core-gpu-and-35-increase-in-memory-bandwidth (400 GB/s); https://macmagazine.com.br/post/2024/10/30/chip-m4-max-tem-dois-mecanismos-de-codificacao-e-ate-128gb-de-memoria/ (128 GB); https://hmc-tech.com/gpu/apple-32-core-m4-max-vs-apple-40-core-m3-max (FP32, third-party)",
  },
  // memory: vendor "16 GB" read as 16 GiB (HBM/LPDDR capacities are binary; no device report found)
  // stas00 cites docs.cloud.google.com/tpu/docs/v5e; Lightning _TPU_FLOPS 'v5litepod' 197e12.
  {
    id: "tpu-v5e", name: "Google Cloud TPU v5e (per chip)", kind: "tpu",
    memoryBytes: 16 * GIB, bandwidthBytesPerSecond: 820e9,
    flopsPerSecond: {bf16: 197e12, int8: 394e12},
    interconnectBytesPerSecond: null,
    source: "stas00/ml-engineering; Lightning-AI/pytorch-lightning",
  },
  // memory: vendor "95 GB" read as 95 GiB (HBM/LPDDR capacities are binary; no device report found)
  // stas00 cites docs.cloud.google.com/tpu/docs/v5p.
  {
    id: "tpu-v5p", name: "Google Cloud TPU v5p (per chip)", kind: "tpu",
    memoryBytes: 95 * GIB, bandwidthBytesPerSecond: 2760e9,
    flopsPerSecond: {bf16: 459e12, int8: 918e12},
    interconnectBytesPerSecond: null,
    source: "stas00/ml-engineering",
  },
  // memory: vendor "96 GB" read as 96 GiB (HBM/LPDDR capacities are binary; no device report found)
  // MME (matrix) compute only; Intel publishes partial TFLOPS (stas00 notes 8,9).
  {
    id: "gaudi2", name: "Intel Gaudi 2", kind: "accelerator",
    memoryBytes: 96 * GIB, bandwidthBytesPerSecond: 2460e9,
    flopsPerSecond: {bf16: 432e12, fp8: 865e12},
    interconnectBytesPerSecond: null,
    source: "stas00/ml-engineering",
  },
  // memory: vendor "128 GB" read as 128 GiB (HBM/LPDDR capacities are binary; no device report found)
  // stas00 note 19: whitepaper spec is 1835 TFLOPS BF16/FP8 at 1750 MHz; shipping parts run the MME at 1600 MHz => 1677.
  {
    id: "gaudi3", name: "Intel Gaudi 3", kind: "accelerator",
    memoryBytes: 128 * GIB, bandwidthBytesPerSecond: 3700e9,
    flopsPerSecond: {fp32: 229e12, tf32: 459e12, bf16: 1677e12, fp16: 459e12, fp8: 1677e12},
    interconnectBytesPerSecond: null,
    source: "stas00/ml-engineering",
  },
  ...LOCAL_DEVICE_CATALOG,
];

const GPU_INDEX = new Map(GPU_CATALOG.map((gpu) => [gpu.id.toLowerCase(), gpu]));

/**
 * Looks a GPU up by catalog id, ignoring case.
 *
 * @example findGpu({id: "h100-sxm"})?.memoryBytes // 85_520_809_984 (81,559 MiB)
 * @returns the spec, or undefined when the id is not in the catalog.
 */
export function findGpu(options: {id: string} | string): GpuSpec | undefined {
  const id = typeof options === "string" ? options : options.id;
  return GPU_INDEX.get(id.trim().toLowerCase());
}

/** Every catalog GPU id, in catalog order. */
export const GPU_IDS: readonly string[] = GPU_CATALOG.map((gpu) => gpu.id);
