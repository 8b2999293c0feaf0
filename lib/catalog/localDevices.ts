/**
 * Devices people own, and the new top end: GeForce RTX 50/40/30, Radeon RX 7900, Arc B580,
 * RTX PRO 6000 Blackwell, DGX Spark (GB10), Ryzen AI Max (Strix Halo), Apple M1-M4
 * Pro/Max/Ultra, desktop and server CPUs with their memory, MI355X and B300. Dated 2026-12-06.
 *
 * Conventions (the same as `gpus.ts`):
 * - `memoryBytes` is what the device reports: `nvidia-smi --query-gpu=memory.total` (MiB)
 *   where a copy of its output was found (named next to the entry); otherwise the vendor's
 *   capacity read in binary units (GDDR, HBM and LPDDR capacities are whole GiB: "24 GB" of
 *   GDDR6X is 24 GiB of chips; nvidia-smi totals sit 0-0.1 % below that). Apple reports
 *   `hw.memsize` in bytes, a whole number of GiB. CPUs: a typical installed amount (override
 *   with `hardware.host.memoryGB`).
 * - `flopsPerSecond` are DENSE peaks. GeForce tensor figures are FP16 with FP32 accumulate
 *   (the rate PyTorch and llama.cpp's cuBLAS path use; GeForce runs it at half the FP16-
 *   accumulate rate), not the "with sparsity" marketing figure. Where a datasheet prints only
 *   the boost clock and unit counts, the peak is units × FLOP per clock × boost clock, the way
 *   NVIDIA's architecture whitepapers compute their tables:
 *     Ada / Ampere GeForce SM: FP32 256 FLOP/clk; FP16-FP32-acc tensor 512 FLOP/clk
 *     Blackwell GeForce SM: FP32 256; FP16-FP32-acc tensor 512; RTX PRO (full-rate acc) 1024
 *     RDNA 3 / 3.5 CU: FP32 256 FLOP/clk (dual issue); FP16 WMMA 512 FLOP/clk
 *   CPUs: cores × all-core base clock × FP32 FLOP per cycle of the core's FMA units at its
 *   SIMD width (Zen 3/4: two 256-bit FMA = 32; Zen 5 and Intel Xeon: two 512-bit FMA = 64;
 *   Raptor Cove P-core 32, Gracemont E-core 16, Skymont E-core 32; Apple Firestorm/Avalanche/
 *   Everest P-cores: four 128-bit FMA = 32).
 * - `bandwidthBytesPerSecond`: datasheet GB/s × 1e9; for CPUs channels × 8 bytes × MT/s.
 */
import type {GpuSpec} from "../hardware.js";

const MIB = 2 ** 20;
const GIB = 2 ** 30;

const ADA_WP = "NVIDIA Ada Lovelace architecture whitepaper v1.1, Appendix A (GeForce RTX 40 series tables)";
const BLACKWELL_WP = "NVIDIA RTX Blackwell GPU architecture whitepaper v1.0 (2025), GeForce RTX 50 series tables";
const AMPERE_WP = "NVIDIA Ampere GA102 GPU architecture whitepaper v2.0, Table 9 and the RTX 30 series appendix";

/** SM × FLOP/clk × GHz → FLOP/s. */
const peak = (units: number, flopPerClock: number, ghz: number) => units * flopPerClock * ghz * 1e9;

/** A GeForce/RTX card from its SM count and boost clock (see the conventions above). */
function geforce(o: {id: string; name: string; sms: number; boostGHz: number; memoryBytes: number; bandwidthGBps: number;
  source: string; tensorPerSm?: number; fp8?: boolean}): GpuSpec {
  const tensor = peak(o.sms, o.tensorPerSm ?? 512, o.boostGHz);
  const flops: GpuSpec["flopsPerSecond"] = {fp32: peak(o.sms, 256, o.boostGHz), bf16: tensor, fp16: tensor, int8: 2 * tensor};
  if (o.fp8) flops.fp8 = 2 * tensor;
  return {id: o.id, name: o.name, kind: "gpu", memoryBytes: o.memoryBytes, bandwidthBytesPerSecond: o.bandwidthGBps * 1e9,
    flopsPerSecond: flops, interconnectBytesPerSecond: null, source: o.source};
}

/** A CPU with its memory system: channels × 8 bytes × MT/s, and cores × GHz × FLOP/cycle. */
function cpu(o: {id: string; name: string; cores: Array<{count: number; ghz: number; flopPerCycle: number}>;
  channels: number; megaTransfers: number; memoryGiB: number; source: string}): GpuSpec {
  const fp32 = o.cores.reduce((s, c) => s + c.count * c.ghz * 1e9 * c.flopPerCycle, 0);
  return {id: o.id, name: o.name, kind: "cpu", memoryBytes: o.memoryGiB * GIB,
    bandwidthBytesPerSecond: o.channels * 8 * o.megaTransfers * 1e6, flopsPerSecond: {fp32},
    interconnectBytesPerSecond: null, source: o.source};
}

/** Apple silicon: GPU FP32 (Apple's figure where it published one, else ALUs × 2 × clock), unified memory. */
function apple(o: {id: string; name: string; gpuTflops: number; bandwidthGBps: number; memoryGiB: number; source: string}): GpuSpec {
  return {id: o.id, name: o.name, kind: "soc", memoryBytes: o.memoryGiB * GIB, bandwidthBytesPerSecond: o.bandwidthGBps * 1e9,
    flopsPerSecond: {fp32: o.gpuTflops * 1e12}, interconnectBytesPerSecond: null, source: o.source};
}

export const LOCAL_DEVICE_CATALOG: GpuSpec[] = [
  // ---- GeForce RTX 50 (Blackwell, GDDR7). nvidia-smi totals: 5090 32,607 MiB; 5080 16,303 MiB; 5060 Ti 16,311 MiB.
  geforce({id: "rtx-5090", name: "NVIDIA GeForce RTX 5090 32GB", sms: 170, boostGHz: 2.407, memoryBytes: 32607 * MIB, bandwidthGBps: 1792, fp8: true,
    source: `${BLACKWELL_WP}: 170 SMs, 2.407 GHz boost, FP32 104.8, FP16-FP32-acc tensor 209.5 TFLOPS dense, 1,792 GB/s; memory: nvidia-smi "NVIDIA GeForce RTX 5090, 32607 MiB"`}),
  geforce({id: "rtx-5080", name: "NVIDIA GeForce RTX 5080 16GB", sms: 84, boostGHz: 2.617, memoryBytes: 16303 * MIB, bandwidthGBps: 960, fp8: true,
    source: `${BLACKWELL_WP}: 84 SMs, 2.617 GHz, 960 GB/s (30 Gbps × 256-bit); memory: nvidia-smi "NVIDIA GeForce RTX 5080, 16303 MiB"`}),
  geforce({id: "rtx-5070-ti", name: "NVIDIA GeForce RTX 5070 Ti 16GB", sms: 70, boostGHz: 2.452, memoryBytes: 16 * GIB, bandwidthGBps: 896, fp8: true,
    source: `${BLACKWELL_WP}: 70 SMs, 2.452 GHz, 896 GB/s (28 Gbps × 256-bit); memory 16 GiB of GDDR7 (no nvidia-smi copy found)`}),
  geforce({id: "rtx-5060-ti-16gb", name: "NVIDIA GeForce RTX 5060 Ti 16GB", sms: 36, boostGHz: 2.572, memoryBytes: 16311 * MIB, bandwidthGBps: 448, fp8: true,
    source: `${BLACKWELL_WP}: 36 SMs, 2.572 GHz, 448 GB/s (28 Gbps × 128-bit); memory: nvidia-smi "NVIDIA GeForce RTX 5060 Ti, 16311 MiB"`}),
  // ---- GeForce RTX 40 (Ada). nvidia-smi: 4080 16,376 MiB; 4070 12,282 MiB; 4060 Ti 16 GB 16,380 MiB.
  geforce({id: "rtx-4080", name: "NVIDIA GeForce RTX 4080 16GB", sms: 76, boostGHz: 2.505, memoryBytes: 16376 * MIB, bandwidthGBps: 716.8, fp8: true,
    source: `${ADA_WP}: 76 SMs, 2.505 GHz, FP32 48.7, FP16-FP32-acc 97.5 TFLOPS, 716.8 GB/s (22.4 Gbps × 256-bit); memory: nvidia-smi "NVIDIA GeForce RTX 4080, 16376 MiB"`}),
  geforce({id: "rtx-4070-ti", name: "NVIDIA GeForce RTX 4070 Ti 12GB", sms: 60, boostGHz: 2.61, memoryBytes: 12282 * MIB, bandwidthGBps: 504.2, fp8: true,
    source: `${ADA_WP}: 60 SMs, 2.61 GHz, FP32 40.1, FP16-FP32-acc 80.2 TFLOPS, 504.2 GB/s (21 Gbps × 192-bit); memory as the 4070's 12 GB GDDR6X (nvidia-smi 12,282 MiB)`}),
  geforce({id: "rtx-4070", name: "NVIDIA GeForce RTX 4070 12GB", sms: 46, boostGHz: 2.475, memoryBytes: 12282 * MIB, bandwidthGBps: 504.2, fp8: true,
    source: `${ADA_WP}: 46 SMs, 2.475 GHz, FP32 29.1, FP16-FP32-acc 58.3 TFLOPS, 504.2 GB/s; memory: nvidia-smi "NVIDIA GeForce RTX 4070, 12282 MiB"`}),
  geforce({id: "rtx-4060-ti-16gb", name: "NVIDIA GeForce RTX 4060 Ti 16GB", sms: 34, boostGHz: 2.535, memoryBytes: 16380 * MIB, bandwidthGBps: 288, fp8: true,
    source: `${ADA_WP}: 34 SMs, 2.535 GHz, FP32 22.1, FP16-FP32-acc 44.1 TFLOPS, 288 GB/s (18 Gbps × 128-bit); memory: nvidia-smi "NVIDIA GeForce RTX 4060 Ti, 16380 MiB"`}),
  // ---- GeForce RTX 30 (Ampere). nvidia-smi: 3080 10,240 MiB; 3060 12,288 MiB.
  geforce({id: "rtx-3090-ti", name: "NVIDIA GeForce RTX 3090 Ti 24GB", sms: 84, boostGHz: 1.86, memoryBytes: 24 * GIB, bandwidthGBps: 1008,
    source: `${AMPERE_WP}: 84 SMs, 1.86 GHz, FP32 40, FP16-FP32-acc 80 TFLOPS dense, 1,008 GB/s (21 Gbps × 384-bit); memory 24 GiB GDDR6X`}),
  geforce({id: "rtx-3080", name: "NVIDIA GeForce RTX 3080 10GB", sms: 68, boostGHz: 1.71, memoryBytes: 10240 * MIB, bandwidthGBps: 760,
    source: `${AMPERE_WP}: 68 SMs, 1.71 GHz, FP32 29.8, FP16-FP32-acc 59.5 TFLOPS, 760 GB/s (19 Gbps × 320-bit); memory: nvidia-smi "NVIDIA GeForce RTX 3080, 10240 MiB"`}),
  geforce({id: "rtx-3060-12gb", name: "NVIDIA GeForce RTX 3060 12GB", sms: 28, boostGHz: 1.777, memoryBytes: 12288 * MIB, bandwidthGBps: 360,
    source: `${AMPERE_WP}: 28 SMs, 1.777 GHz, FP32 12.7, FP16-FP32-acc 25.5 TFLOPS, 360 GB/s (15 Gbps × 192-bit); memory: nvidia-smi "NVIDIA GeForce RTX 3060, 12288 MiB"`}),
  // ---- RTX PRO 6000 Blackwell (workstation): full-rate FP32 accumulate on the pro part.
  geforce({id: "rtx-pro-6000", name: "NVIDIA RTX PRO 6000 Blackwell 96GB", sms: 188, boostGHz: 2.617, tensorPerSm: 1024, memoryBytes: 97887 * MIB, bandwidthGBps: 1792, fp8: true,
    source: `NVIDIA RTX PRO 6000 Blackwell datasheet (2025): 24,064 CUDA cores (188 SMs), 125 TFLOPS FP32, 4,000 AI TOPS FP4 sparse, 1,792 GB/s GDDR7 ECC; memory: nvidia-smi "memory.total = 97887 MiB"`}),
  // ---- AMD Radeon (RDNA 3, ROCm): 96 / 84 CUs.
  {id: "rx-7900-xtx", name: "AMD Radeon RX 7900 XTX 24GB", kind: "gpu", memoryBytes: 24 * GIB, bandwidthBytesPerSecond: 960e9,
    flopsPerSecond: {fp32: peak(96, 256, 2.5), fp16: peak(96, 512, 2.5), bf16: peak(96, 512, 2.5), int8: peak(96, 1024, 2.5)}, interconnectBytesPerSecond: null,
    source: "AMD Radeon RX 7900 XTX product page (amd.com): 96 CUs, 2.5 GHz boost, peak FP32 61.4 / FP16 122.8 TFLOPS, 960 GB/s, 24 GB GDDR6 (24 GiB)"},
  {id: "rx-7900-xt", name: "AMD Radeon RX 7900 XT 20GB", kind: "gpu", memoryBytes: 20 * GIB, bandwidthBytesPerSecond: 800e9,
    flopsPerSecond: {fp32: peak(84, 256, 2.4), fp16: peak(84, 512, 2.4), bf16: peak(84, 512, 2.4), int8: peak(84, 1024, 2.4)}, interconnectBytesPerSecond: null,
    source: "AMD Radeon RX 7900 XT product page (amd.com): 84 CUs, 2.4 GHz boost, peak FP32 51.6 / FP16 103.2 TFLOPS, 800 GB/s, 20 GB GDDR6 (20 GiB)"},
  // ---- Intel Arc B580 (Xe2): 20 Xe cores, 2.67 GHz; XMX 233 TOPS INT8 → 116.6 TFLOPS FP16.
  {id: "arc-b580", name: "Intel Arc B580 12GB", kind: "gpu", memoryBytes: 12 * GIB, bandwidthBytesPerSecond: 456e9,
    flopsPerSecond: {fp32: peak(20, 256, 2.67), fp16: 116.6e12, bf16: 116.6e12, int8: 233e12}, interconnectBytesPerSecond: null,
    source: "Intel Arc B580 specifications (intel.com, 2024-12): 20 Xe2 cores, 2,670 MHz, 233 peak TOPS INT8 (XMX), 12 GB GDDR6 at 19 Gbps × 192-bit = 456 GB/s"},
  // ---- Unified-memory PCs.
  {id: "dgx-spark", name: "NVIDIA DGX Spark (GB10, 128 GB unified)", kind: "soc", memoryBytes: 128 * GIB, bandwidthBytesPerSecond: 273e9,
    flopsPerSecond: {fp32: peak(48, 256, 2.5), bf16: 125e12, fp16: 125e12, fp8: 250e12, fp4: 500e12}, interconnectBytesPerSecond: null,
    // CUDA on GB10 allocates from the whole LPDDR5x pool (no carve-out).
    unifiedGpuShare: 1,
    source: "NVIDIA DGX Spark datasheet (2025): GB10 Grace Blackwell, 1 PFLOP FP4 with sparsity (dense FP4 500, FP8 250, FP16 125 TFLOPS derived by halving per precision step), 128 GB LPDDR5x, 273 GB/s; 6,144 CUDA cores (48 SMs)"},
  {id: "ryzen-ai-max-395", name: "AMD Ryzen AI Max+ 395 (Strix Halo, 128 GB unified)", kind: "soc", memoryBytes: 128 * GIB, bandwidthBytesPerSecond: 256e9,
    flopsPerSecond: {fp32: peak(40, 256, 2.9), fp16: peak(40, 512, 2.9), bf16: peak(40, 512, 2.9)}, interconnectBytesPerSecond: null,
    // AMD Variable Graphics Memory: at most 96 GB of the 128 GB go to the GPU.
    unifiedGpuShare: 0.75,
    source: "AMD Ryzen AI Max+ 395 product page (amd.com, 2025): Radeon 8060S 40 CUs at 2.9 GHz (RDNA 3.5), LPDDR5X-8000 × 256-bit = 256 GB/s, up to 128 GB; up to 96 GB assignable to the GPU (¾)"},
  // ---- Apple silicon (GPU FP32: Apple's own figures for M1/M2; ALUs × 2 × clock for M3/M4).
  apple({id: "apple-m1-pro", name: "Apple M1 Pro (16-core GPU, unified memory)", gpuTflops: 5.2, bandwidthGBps: 200, memoryGiB: 32,
    source: "Apple newsroom 2021-10-18 'Introducing M1 Pro and M1 Max': 5.2 TFLOPS, 200 GB/s, up to 32 GB"}),
  apple({id: "apple-m1-max", name: "Apple M1 Max (32-core GPU, unified memory)", gpuTflops: 10.4, bandwidthGBps: 400, memoryGiB: 64,
    source: "Apple newsroom 2021-10-18: M1 Max 10.4 TFLOPS, 400 GB/s, up to 64 GB"}),
  apple({id: "apple-m1-ultra", name: "Apple M1 Ultra (64-core GPU, unified memory)", gpuTflops: 21, bandwidthGBps: 800, memoryGiB: 128,
    source: "Apple newsroom 2022-03-08 'Apple unveils M1 Ultra': 21 TFLOPS, 800 GB/s, up to 128 GB"}),
  apple({id: "apple-m2-pro", name: "Apple M2 Pro (19-core GPU, unified memory)", gpuTflops: 6.8, bandwidthGBps: 200, memoryGiB: 32,
    source: "Apple newsroom 2023-01-17 'Apple unveils M2 Pro and M2 Max': 19-core GPU, 200 GB/s, up to 32 GB; 6.8 TFLOPS (2,432 ALUs × 2 × 1.398 GHz)"}),
  apple({id: "apple-m2-max", name: "Apple M2 Max (38-core GPU, unified memory)", gpuTflops: 13.6, bandwidthGBps: 400, memoryGiB: 96,
    source: "Apple newsroom 2023-01-17: M2 Max 38-core GPU, 400 GB/s, up to 96 GB; 13.6 TFLOPS (4,864 ALUs × 2 × 1.398 GHz)"}),
  apple({id: "apple-m3-pro", name: "Apple M3 Pro (18-core GPU, unified memory)", gpuTflops: 6.4, bandwidthGBps: 150, memoryGiB: 36,
    source: "Apple newsroom 2023-10-30 'Apple unveils M3, M3 Pro, and M3 Max': 150 GB/s, up to 36 GB; FP32 2,304 ALUs × 2 × 1.38 GHz ≈ 6.4 TFLOPS"}),
  apple({id: "apple-m3-ultra", name: "Apple M3 Ultra (80-core GPU, unified memory)", gpuTflops: 28.3, bandwidthGBps: 819, memoryGiB: 512,
    source: "Apple newsroom 2025-03-05 'Apple reveals M3 Ultra': 80-core GPU, 819 GB/s, up to 512 GB; FP32 10,240 ALUs × 2 × 1.38 GHz ≈ 28.3 TFLOPS"}),
  apple({id: "apple-m4-pro", name: "Apple M4 Pro (20-core GPU, unified memory)", gpuTflops: 8.1, bandwidthGBps: 273, memoryGiB: 64,
    source: "Apple newsroom 2024-10-30 'Apple introduces M4 Pro and M4 Max': 273 GB/s, up to 64 GB; FP32 2,560 ALUs × 2 × 1.578 GHz ≈ 8.1 TFLOPS"}),
  apple({id: "apple-m4-max", name: "Apple M4 Max (40-core GPU, unified memory)", gpuTflops: 16.1, bandwidthGBps: 546, memoryGiB: 128,
    source: "Apple newsroom 2024-10-30: M4 Max 16-core CPU / 40-core GPU, 546 GB/s, up to 128 GB; FP32 5,120 ALUs × 2 × 1.578 GHz ≈ 16.1 TFLOPS"}),
  // ---- CPUs with their memory.
  cpu({id: "ryzen-9-7950x-ddr5-6000", name: "AMD Ryzen 9 7950X, DDR5-6000 dual channel, 64 GB", cores: [{count: 16, ghz: 4.5, flopPerCycle: 32}],
    channels: 2, megaTransfers: 6000, memoryGiB: 64, source: "AMD Ryzen 9 7950X product page: 16 Zen 4 cores, 4.5 GHz base, 2-channel DDR5 (EXPO DDR5-6000); Zen 4: two 256-bit FMA pipes"}),
  cpu({id: "ryzen-9-9950x-ddr5-5600", name: "AMD Ryzen 9 9950X, DDR5-5600 dual channel, 64 GB", cores: [{count: 16, ghz: 4.3, flopPerCycle: 64}],
    channels: 2, megaTransfers: 5600, memoryGiB: 64, source: "AMD Ryzen 9 9950X product page: 16 Zen 5 cores, 4.3 GHz base, DDR5-5600 2 channels; Zen 5 desktop: full 512-bit AVX-512 datapath"}),
  cpu({id: "ryzen-7-9800x3d-ddr5-6000", name: "AMD Ryzen 7 9800X3D, DDR5-6000 dual channel, 32 GB", cores: [{count: 8, ghz: 4.7, flopPerCycle: 64}],
    channels: 2, megaTransfers: 6000, memoryGiB: 32, source: "AMD Ryzen 7 9800X3D product page: 8 Zen 5 cores, 4.7 GHz base, DDR5 2 channels"}),
  cpu({id: "ryzen-9-5950x-ddr4-3200", name: "AMD Ryzen 9 5950X, DDR4-3200 dual channel, 64 GB", cores: [{count: 16, ghz: 3.4, flopPerCycle: 32}],
    channels: 2, megaTransfers: 3200, memoryGiB: 64, source: "AMD Ryzen 9 5950X product page: 16 Zen 3 cores, 3.4 GHz base, DDR4-3200 2 channels"}),
  cpu({id: "core-i9-14900k-ddr5-5600", name: "Intel Core i9-14900K, DDR5-5600 dual channel, 64 GB",
    cores: [{count: 8, ghz: 3.2, flopPerCycle: 32}, {count: 16, ghz: 2.4, flopPerCycle: 16}], channels: 2, megaTransfers: 5600, memoryGiB: 64,
    source: "Intel ARK Core i9-14900K: 8 P-cores 3.2 GHz base, 16 E-cores 2.4 GHz base, DDR5-5600 2 channels (89.6 GB/s)"}),
  cpu({id: "core-ultra-9-285k-ddr5-6400", name: "Intel Core Ultra 9 285K, DDR5-6400 dual channel, 64 GB",
    cores: [{count: 8, ghz: 3.7, flopPerCycle: 32}, {count: 16, ghz: 3.2, flopPerCycle: 32}], channels: 2, megaTransfers: 6400, memoryGiB: 64,
    source: "Intel ARK Core Ultra 9 285K: 8 P-cores 3.7 GHz, 16 E-cores 3.2 GHz base, DDR5-6400 2 channels (102.4 GB/s)"}),
  cpu({id: "threadripper-7980x-ddr5-5200", name: "AMD Ryzen Threadripper 7980X, DDR5-5200 4 channels, 256 GB", cores: [{count: 64, ghz: 3.2, flopPerCycle: 32}],
    channels: 4, megaTransfers: 5200, memoryGiB: 256, source: "AMD Threadripper 7980X product page: 64 Zen 4 cores, 3.2 GHz base, 4-channel DDR5-5200"}),
  cpu({id: "epyc-9654-ddr5-4800", name: "AMD EPYC 9654, DDR5-4800 12 channels, 768 GB", cores: [{count: 96, ghz: 2.4, flopPerCycle: 32}],
    channels: 12, megaTransfers: 4800, memoryGiB: 768, source: "AMD EPYC 9654 product page: 96 Zen 4 cores, 2.4 GHz base, 12 channels DDR5-4800 (460.8 GB/s)"}),
  cpu({id: "epyc-9755-ddr5-6000", name: "AMD EPYC 9755, DDR5-6000 12 channels, 768 GB", cores: [{count: 128, ghz: 2.7, flopPerCycle: 64}],
    channels: 12, megaTransfers: 6000, memoryGiB: 768, source: "AMD EPYC 9755 product page: 128 Zen 5 cores, 2.7 GHz base, 12 channels DDR5-6000 (576 GB/s)"}),
  cpu({id: "epyc-7763-ddr4-3200", name: "AMD EPYC 7763, DDR4-3200 8 channels, 512 GB", cores: [{count: 64, ghz: 2.45, flopPerCycle: 32}],
    channels: 8, megaTransfers: 3200, memoryGiB: 512, source: "AMD EPYC 7763 product page: 64 Zen 3 cores, 2.45 GHz base, 8 channels DDR4-3200 (204.8 GB/s)"}),
  cpu({id: "xeon-platinum-8480-ddr5-4800", name: "Intel Xeon Platinum 8480+, DDR5-4800 8 channels, 512 GB", cores: [{count: 56, ghz: 2.0, flopPerCycle: 64}],
    channels: 8, megaTransfers: 4800, memoryGiB: 512, source: "Intel ARK Xeon Platinum 8480+: 56 cores, 2.0 GHz base, 2 AVX-512 FMA units, 8 channels DDR5-4800 (307.2 GB/s)"}),
  cpu({id: "xeon-6980p-ddr5-6400", name: "Intel Xeon 6980P, DDR5-6400 12 channels, 768 GB", cores: [{count: 128, ghz: 2.0, flopPerCycle: 64}],
    channels: 12, megaTransfers: 6400, memoryGiB: 768, source: "Intel ARK Xeon 6980P: 128 cores, 2.0 GHz base, 12 channels DDR5-6400 (614.4 GB/s)"}),
  // ---- Data-centre top end.
  {id: "mi355x", name: "AMD Instinct MI355X 288GB", kind: "gpu", memoryBytes: 288 * GIB, bandwidthBytesPerSecond: 8000e9,
    flopsPerSecond: {fp32: 157.3e12, tf32: 1258.3e12 / 2, bf16: 2516.6e12, fp16: 2516.6e12, fp8: 5033.2e12, int8: 5033.2e12, fp4: 10066.3e12},
    interconnectBytesPerSecond: null,
    source: "AMD Instinct MI355X datasheet (2025): 288 GB HBM3E (288 GiB), 8 TB/s, dense FP16/BF16 2.5 PF, FP8 5.0 PF, MXFP4 10.1 PF, FP32 vector 157.3 TF"},
  {id: "b300", name: "NVIDIA B300 (HGX B300, per GPU)", kind: "gpu", memoryBytes: 288 * GIB, bandwidthBytesPerSecond: 8000e9,
    flopsPerSecond: {fp32: 75e12, tf32: 1125e12, bf16: 2250e12, fp16: 2250e12, fp8: 4500e12, int8: 330e12, fp4: 13500e12},
    interconnectBytesPerSecond: 900e9,
    source: "NVIDIA HGX B300 datasheet (2025), per GPU = platform / 8: FP4 108 PF dense, FP8 72 PF sparse (4.5 dense), BF16 36 PF sparse (2.25 dense), TF32 18 PF sparse, INT8 2.6 POPS dense (platform), 2.3 TB HBM3e (288 GB), NVLink 1.8 TB/s"}
];
