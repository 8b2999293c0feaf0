import {describe, expect, it} from "vitest";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import {CHINCHILLA_TOKENS_PER_PARAM, dataParallelTraffic, DEFAULT_MFU, EXPOSED_COMMUNICATION_FRACTION, gpuHoursForFlops, INTER_NODE_BYTES_PER_SECOND_PER_GPU,
  matmulCeilingFactor, trainingFlopsPerToken} from "../../lib/training/time.ts";
import {FRAMEWORK_PROFILES} from "../../lib/training/profiles.ts";
import {estimate} from "../../lib/estimate.ts";
import {A100_80, catalogArch, configArch, gptConfig, workload} from "./helpers.ts";

describe("training FLOPs per token", () => {
  const gpt3 = configArch(gptConfig({layers: 96, hidden: 12288, heads: 96, vocab: 50257, seq: 2048}));

  it("counts 6 FLOPs per matrix parameter plus causal attention 6·L·N_q·H·(s+1)", () => {
    const f = trainingFlopsPerToken({arch: gpt3, sequenceLength: 2048, method: "full", checkpointing: "none", activeParams: 0});
    expect(f.flopsPerToken - 6 * f.matmulParams).toBeCloseTo(6 * 96 * 12288 * 2049, -3);
  });

  it("reports the non-causal convention (PaLM, nanoGPT, torchtitan) at twice the attention term", () => {
    const f = trainingFlopsPerToken({arch: gpt3, sequenceLength: 2048, method: "full", checkpointing: "none", activeParams: 0});
    expect(f.flopsPerTokenNonCausal - 6 * f.matmulParams).toBeCloseTo(12 * 96 * 12288 * 2048, -3);
  });

  it("matches Narayanan et al.'s 72·B·s·l·h²·(1 + s/6h + V/16lh) per iteration for GPT-3 (non-causal, within 0.2 %)", () => {
    const [s, l, h, V] = [2048, 96, 12288, 50257];
    const paper = 72 * s * l * h * h * (1 + s / (6 * h) + V / (16 * l * h)) / s; // per token
    const f = trainingFlopsPerToken({arch: gpt3, sequenceLength: s, method: "full", checkpointing: "none", activeParams: 0});
    expect(Math.abs(f.flopsPerTokenNonCausal / paper - 1)).toBeLessThan(0.002);
  });

  it("adds a forward pass (+2M and the attention forward) to executed FLOPs under full recomputation, not to model FLOPs", () => {
    const none = trainingFlopsPerToken({arch: gpt3, sequenceLength: 2048, method: "full", checkpointing: "none", activeParams: 0});
    const full = trainingFlopsPerToken({arch: gpt3, sequenceLength: 2048, method: "full", checkpointing: "full", activeParams: 0});
    expect(full.flopsPerToken).toBe(none.flopsPerToken);
    expect(full.hardwareFlopsPerToken / full.flopsPerToken).toBeCloseTo(4 / 3, 6);
  });

  it("charges LoRA about 4 FLOPs per base parameter (no weight gradients for the frozen base)", () => {
    const arch = catalogArch("llama-2-7b");
    const full = trainingFlopsPerToken({arch, sequenceLength: 512, method: "full", checkpointing: "none", activeParams: 0});
    const lora = trainingFlopsPerToken({arch, sequenceLength: 512, method: "lora", checkpointing: "none", activeParams: 0, adapterParams: 4_194_304});
    expect((lora.flopsPerToken - 3 * lora.attentionForwardFlops) / lora.matmulParams).toBeCloseTo(4, 2);
    expect(lora.flopsPerToken / full.flopsPerToken).toBeCloseTo(2 / 3, 1);
  });
});

describe("time and cost (the course note's 6ND examples, seeds.md D3)", () => {
  it("gives 1,495,726 A100-hours for 8.4e23 FLOPs at 312 TFLOP/s and 50 % MFU (N2)", () => {
    expect(gpuHoursForFlops({totalFlops: 6 * 70e9 * 2e12, peakFlopsPerSecond: 312e12, mfu: 0.5})).toBeCloseTo(1_495_726, -1);
  });

  it("agrees with N3, N5, N7 and N8", () => {
    expect(gpuHoursForFlops({totalFlops: 6 * 7e9 * 2e12, peakFlopsPerSecond: 312e12, mfu: 0.5})).toBeCloseTo(149_573, -1);
    expect(gpuHoursForFlops({totalFlops: 6 * 175e9 * 300e9, peakFlopsPerSecond: 312e12, mfu: 0.5})).toBeCloseTo(560_897, -1);
    expect(gpuHoursForFlops({totalFlops: 6 * 8e9 * 15e12, peakFlopsPerSecond: 989e12, mfu: 0.4})).toBeCloseTo(505_561, -1);
    expect(gpuHoursForFlops({totalFlops: 6 * 1e9 * 20e9, peakFlopsPerSecond: 312e12, mfu: 0.3})).toBeCloseTo(356.125, 2);
  });

  it("does not round 1.56e14 down to 1.5e14 as the note does (B3.2): 1,495,726 hours, not 1,555,556", () => {
    const ours = gpuHoursForFlops({totalFlops: 8.4e23, peakFlopsPerSecond: 312e12, mfu: 0.5});
    const note = 8.4e23 / (1.5e14 * 3600);
    expect(note).toBeCloseTo(1_555_556, -1);
    expect(ours / note).toBeCloseTo(1.5 / 1.56, 6);
  });

  it("prices its own estimate, $2.69M for N2 at $1.8/h, where the note multiplies the paper's 1.72e6 hours ($3.10M, B3.3)", () => {
    const hours = gpuHoursForFlops({totalFlops: 8.4e23, peakFlopsPerSecond: 312e12, mfu: 0.5});
    expect(hours * 1.8).toBeCloseTo(2_692_308, -1);
    expect(hours * 1.8).toBeLessThan(1.72e6 * 1.8); // the note's "~$3M" comes from the paper's hours, not its estimate
  });

  it("adds attention FLOPs that 6ND leaves out (B3.4): about +4 % for Llama-2-70B at s = 4096 (6·L·N_q·H·s over 6M)", () => {
    const arch = catalogArch("llama-2-70b");
    const f = trainingFlopsPerToken({arch, sequenceLength: 4096, method: "full", checkpointing: "none", activeParams: 0});
    const share = (3 * f.attentionForwardFlops) / (6 * f.matmulParams);
    // 6·80·64·128·4097 / (6 · 68.7e9) ≈ 0.039
    expect(share).toBeGreaterThan(0.035);
    expect(share).toBeLessThan(0.043);
  });

  it("prices fp32 training at the A100's 19.5 TFLOP/s FP32 peak, not the 312 TFLOP/s the note calls 'float32 or bfloat16' (B3.1)", () => {
    const arch = catalogArch("llama-2-7b");
    const w = workload({trainingTokens: 1e9, mfu: 0.5});
    const bf16 = trainingEstimate({arch, gpu: A100_80, gpuCount: 8, workload: w}).training!;
    const fp32 = trainingEstimate({arch, gpu: A100_80, gpuCount: 8, workload: {...w, precision: "fp32"}}).training!;
    expect(fp32.peakFlopsPerSecond).toBe(19.5e12);
    expect(fp32.gpuHours / bf16.gpuHours).toBeCloseTo(312 / 19.5, 6);
  });

  it("computes GPT-3's training compute within 3 % of the paper's 3.14e23 FLOPs (Brown et al. 2020, Table D.1, attention ignored there)", () => {
    const gpt3 = configArch(gptConfig({layers: 96, hidden: 12288, heads: 96, vocab: 50257, seq: 2048}));
    const r = trainingEstimate({arch: gpt3, gpu: A100_80, gpuCount: 1, workload: workload({trainingTokens: 300e9})});
    const total = r.training!.totalFlops;
    expect(total / 3.14e23).toBeGreaterThan(1);
    expect(total / 3.14e23).toBeLessThan(1.03);
  });

  it("divides wall-clock by goodput and multiplies dollars by the price per GPU-hour", () => {
    const arch = catalogArch("llama-2-7b");
    const w = workload({trainingTokens: 1e10, mfu: 0.5});
    const a = trainingEstimate({arch, gpu: A100_80, gpuCount: 8, workload: w, usdPerGpuHour: 2});
    const b = trainingEstimate({arch, gpu: A100_80, gpuCount: 8, workload: {...w, goodput: 0.8}, usdPerGpuHour: 2});
    expect(b.training!.wallClockSeconds / a.training!.wallClockSeconds).toBeCloseTo(1.25, 12);
    expect(a.cost!.trainingUsd).toBeCloseTo(a.training!.gpuHours * 2, 6);
  });

  it("defaults the MFU to 0.4 and the tokens to Chinchilla's 20 per parameter, saying so in warnings", () => {
    const arch = catalogArch("llama-2-7b");
    const r = trainingEstimate({arch, gpu: A100_80, gpuCount: 8, workload: workload()});
    expect(r.training!.mfu).toBe(DEFAULT_MFU);
    expect(r.training!.trainingTokens).toBe(CHINCHILLA_TOKENS_PER_PARAM * r.params.total);
    expect(r.warnings.join("\n")).toMatch(/mfu not given/);
    expect(r.warnings.join("\n")).toMatch(/Chinchilla/);
  });
});

describe("data-parallel traffic of a fine-tuning step", () => {
  const base = {dataParallel: 8, gpus: 8, microBatchesPerStep: 1, checkpointing: "full" as const,
    gatheredWeightBytes: 140e9, trainableGradientBytes: 1e9, interconnectBytesPerSecond: 300e9};

  it("gathers the weights before each of the three passes and reduce-scatters the gradients under ZeRO-3, (N − 1)/N of them through each GPU", () => {
    const t = dataParallelTraffic({...base, zeroStage: 3});
    expect(t.bytesPerGpu).toBeCloseTo((3 * 140e9 + 1e9) * 7 / 8, 0);
    expect(t.linkBytesPerSecond).toBe(300e9);
    expect(t.exposedSeconds).toBeCloseTo((t.bytesPerGpu / 300e9) * EXPOSED_COMMUNICATION_FRACTION, 9);
  });

  it("all-reduces only the gradients, once per step, without sharded weights", () => {
    const t = dataParallelTraffic({...base, zeroStage: 1, microBatchesPerStep: 8});
    expect(t.bytesPerGpu).toBeCloseTo(2 * 1e9 * 7 / 8, 0);
  });

  it("holds a group that spans nodes to the network's 25 GB/s per GPU, and charges nothing on one GPU", () => {
    expect(dataParallelTraffic({...base, zeroStage: 3, dataParallel: 32, gpus: 32}).linkBytesPerSecond).toBe(INTER_NODE_BYTES_PER_SECOND_PER_GPU);
    expect(dataParallelTraffic({...base, zeroStage: 3, dataParallel: 1, gpus: 1}).exposedSeconds).toBe(0);
  });

  it("adds the exposed traffic to a sharded fine-tuning step: Llama 3.1 70B LoRA under FSDP on 8 A100s waits for its gathers", () => {
    const arch = catalogArch("llama-3.1-70b");
    const w = workload({framework: "torchtune", method: "lora", microBatchSize: 2, sequenceLength: 2048, zeroStage: 3, activationCheckpointing: "full"});
    const nvlinked = {...A100_80, interconnectBytesPerSecond: 300e9};
    const step = trainingEstimate({arch, gpu: nvlinked, gpuCount: 8, workload: w}).training!.fineTuningStep as {communicationSeconds: number};
    // Without NVLink the same gathers cross PCIe at 25 GB/s, twelve times as long.
    const pcie = trainingEstimate({arch, gpu: A100_80, gpuCount: 8, workload: w}).training!.fineTuningStep as {communicationSeconds: number};
    expect(pcie.communicationSeconds / step.communicationSeconds).toBeCloseTo(12, 6);
    // The frozen bf16 base (≈ 141 GB) gathered three times, 7/8 of it through each GPU at NVLink's 300 GB/s, half exposed.
    expect(step.communicationSeconds).toBeGreaterThan(0.5);
    expect(step.communicationSeconds).toBeLessThan(0.7);
  });
});

describe("the GPU's achievable matmul ceiling", () => {
  it("scales the A100-fitted utilisation by each GPU's measured matmul ceiling (stas00 MAMF table): H100 SXM 0.803/0.869, an unmeasured card 1", () => {
    expect(matmulCeilingFactor("a100-sxm-80gb")).toBe(1);
    expect(matmulCeilingFactor("h100-sxm")).toBeCloseTo(0.803 / 0.869, 9);
    expect(matmulCeilingFactor("rtx-4090")).toBe(1);
  });

  it("reports the utilisation it used in the step, below the trainer's on an H100", () => {
    const out = estimate({model: "llama-3.1-8b", hardware: {gpu: "h100-sxm", count: 1},
      workload: {type: "training", framework: "torchtune", method: "lora", microBatchSize: 2, sequenceLength: 4096}});
    if (!out.ok) throw new Error(out.errors.join("; "));
    const step = out.result.training!.fineTuningStep!;
    expect(step.hardwareUtilization).toBeCloseTo(FRAMEWORK_PROFILES.torchtune.speed.hardwareUtilization * 0.803 / 0.869, 9);
  });
});
