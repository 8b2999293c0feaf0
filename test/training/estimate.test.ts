import {describe, expect, it} from "vitest";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import {A100_80, H100, catalogArch, workload} from "./helpers.ts";

const llama2 = catalogArch("llama-2-7b");

describe("trainingEstimate", () => {
  it("returns every memory term separately, and they add up to the total", () => {
    const m = trainingEstimate({arch: llama2, gpu: H100, gpuCount: 8, workload: workload({zeroStage: 2})}).memory;
    expect(m.totalBytes).toBeCloseTo(m.weightsBytes + m.gradientsBytes + m.optimizerBytes + m.activationsBytes + m.overheadBytes, 0);
    expect(m.kvCacheBytes).toBe(0);
    expect(m.capacityBytes).toBe(H100.memoryBytes);
  });

  it("says when the fullest GPU does not fit", () => {
    const r = trainingEstimate({arch: llama2, gpu: A100_80, gpuCount: 1, workload: workload()});
    expect(r.memory.fits).toBe(false);
    expect(r.warnings.join("\n")).toMatch(/needs [\d.]+ GiB on the fullest GPU/);
  });

  it("fits a Llama-2-7B full fine-tune under ZeRO-3 on 8 A100-80GB with checkpointing", () => {
    const r = trainingEstimate({arch: llama2, gpu: A100_80, gpuCount: 8, workload: workload({zeroStage: 3, activationCheckpointing: "full", sequenceLength: 4096})});
    expect(r.memory.fits).toBe(true);
  });

  it("keeps Adafactor's optimizer state under 1 % of AdamW's for Llama-2-7B", () => {
    const w = workload({framework: "deepspeed"});
    const adam = trainingEstimate({arch: llama2, gpu: H100, gpuCount: 1, workload: w}).memory;
    const ada = trainingEstimate({arch: llama2, gpu: H100, gpuCount: 1, workload: {...w, optimizer: "adafactor"}}).memory;
    const moments = (m: typeof adam) => m.optimizerBytes - (m.masterWeightsBytes as number);
    expect(moments(ada) / moments(adam)).toBeLessThan(0.01);
  });

  it("divides activations by TP when sequence parallelism is on (GPT layer: from 10 + 24/t to 34/t per sbh)", () => {
    const arch = catalogArch("gpt3-175b");
    const w = workload({tensorParallel: 8, activationCheckpointing: "selective", flashAttention: false, framework: "megatron"});
    const layers = (sp: boolean) => (trainingEstimate({arch, gpu: A100_80, gpuCount: 8, workload: {...w, sequenceParallel: sp}, dropout: true})
      .memory.activationBreakdown as {layersBytes: number}).layersBytes;
    expect(layers(true) / layers(false)).toBeCloseTo((34 / 8) / (10 + 24 / 8), 6);
  });

  it("prices fp8-mixed at the FP8 peak on an H100 and falls back to bf16 on an A100, with a warning", () => {
    const w = workload({precision: "fp8-mixed", mfu: 0.4, trainingTokens: 1e9});
    const h = trainingEstimate({arch: llama2, gpu: H100, gpuCount: 8, workload: w});
    const a = trainingEstimate({arch: llama2, gpu: A100_80, gpuCount: 8, workload: w});
    expect(h.training!.peakFlopsPerSecond).toBe(1979e12);
    expect(a.training!.peakFlopsPerSecond).toBe(312e12);
    expect(a.warnings.join("\n")).toMatch(/no fp8 peak/);
  });

  it("reports model and executed FLOPs, HFU above MFU under full recomputation", () => {
    const t = trainingEstimate({arch: llama2, gpu: H100, gpuCount: 8, workload: workload({activationCheckpointing: "full", mfu: 0.45})}).training!;
    expect(t.hfu as number).toBeGreaterThan(0.45 * 1.3);
    expect(t.flopsPerTokenNonCausal as number).toBeGreaterThan(t.flopsPerToken);
  });

  it("gives the same figures whatever was estimated before with the same model object (the stage state it remembers)", () => {
    // A walk through the inputs the per-tensor state reads and those it does not, each estimate compared with one made
    // on a fresh copy of the model (nothing remembered for it).
    const arch = catalogArch("qwen2.5-7b");
    const steps: Parameters<typeof workload>[0][] = [
      {}, {microBatchSize: 4}, {sequenceLength: 16384}, {zeroStage: 1}, {zeroStage: 3, optimizer: "adamw-8bit"}, {precision: "fp32"},
      {tensorParallel: 2, pipelineParallel: 2, gradientAccumulation: 8}, {method: "lora", lora: {rank: 8, targets: ["q_proj", "v_proj"]}},
      {method: "lora", lora: {rank: 64, targets: ["q_proj", "v_proj"]}}, {method: "qlora", lora: {rank: 64, targets: ["q_proj", "v_proj"]}, zeroStage: 0},
      {framework: "megatron"}, {framework: "torchtune", gradientAccumulation: 1}, {activationCheckpointing: "none", microBatchSize: 2}, {}
    ];
    for (const step of steps) {
      const w = workload(step);
      const again = trainingEstimate({arch, gpu: H100, gpuCount: 8, workload: w});
      const fresh = trainingEstimate({arch: structuredClone(arch), gpu: H100, gpuCount: 8, workload: w});
      expect(again).toEqual(fresh);
    }
  });
});

