import {describe, expect, it} from "vitest";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import {TrainingLayoutError, stageLayers, stageOfLayer, validateLayout} from "../../lib/training/parallel.ts";
import {A100_80, H100, catalogArch, configArch, gptConfig, workload} from "./helpers.ts";

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof TrainingLayoutError) return e.issues;
    throw e;
  }
  return [];
}

describe("parallel layouts", () => {
  const llama = catalogArch("llama-3-8b");
  const base = {arch: llama, expertParallel: 1, sequenceParallel: false, zeroStage: 0 as const};

  it("derives dp = GPUs / (TP · PP)", () => {
    expect(validateLayout({...base, gpus: 64, tensorParallel: 8, pipelineParallel: 2}).layout.dataParallel).toBe(4);
  });

  it("rejects GPUs not divisible by TP·PP, naming hardware.count", () => {
    expect(issuesOf(() => validateLayout({...base, gpus: 12, tensorParallel: 8, pipelineParallel: 1}))[0]).toMatch(/^hardware\.count: got 12, expected a multiple of/);
  });

  it("rejects TP that does not divide the attention heads or exceeds them, naming workload.tensorParallel", () => {
    expect(issuesOf(() => validateLayout({...base, gpus: 3, tensorParallel: 3, pipelineParallel: 1}))[0]).toMatch(/^workload\.tensorParallel: got 3, expected a divisor of the 32 attention heads/);
    expect(issuesOf(() => validateLayout({...base, gpus: 64, tensorParallel: 64, pipelineParallel: 1})).join()).toMatch(/workload\.tensorParallel: got 64, expected at most the 32 attention heads/);
  });

  it("rejects PP beyond the layer count, naming workload.pipelineParallel", () => {
    expect(issuesOf(() => validateLayout({...base, gpus: 64, tensorParallel: 1, pipelineParallel: 64})).join()).toMatch(/workload\.pipelineParallel: got 64, expected at most the 32 layers/);
  });

  it("rejects EP on a dense model and EP that does not divide the experts, naming workload.expertParallel", () => {
    expect(issuesOf(() => validateLayout({...base, gpus: 8, tensorParallel: 1, pipelineParallel: 1, expertParallel: 2})).join()).toMatch(/workload\.expertParallel: got 2, expected 1: the model has no routed experts/);
    const mixtral = catalogArch("mixtral-8x7b");
    expect(issuesOf(() => validateLayout({...base, arch: mixtral, gpus: 48, tensorParallel: 1, pipelineParallel: 1, expertParallel: 3})).join()).toMatch(/workload\.expertParallel: got 3, expected a divisor of the 8 routed experts/);
  });

  it("propagates the layout error out of trainingEstimate", () => {
    expect(() => trainingEstimate({arch: llama, gpu: H100, gpuCount: 12, workload: workload({tensorParallel: 8})})).toThrow(TrainingLayoutError);
  });

  it("splits layers into contiguous stages, the first ones taking the remainder", () => {
    expect([0, 1, 2].map((stage) => stageLayers({layers: 32, pipelineParallel: 3, stage}))).toEqual([{start: 0, end: 11}, {start: 11, end: 22}, {start: 22, end: 32}]);
  });

  it("maps every layer back to the stage that holds it", () => {
    for (const [L, p] of [[32, 3], [61, 16], [126, 16], [80, 80], [7, 2]]) {
      for (let stage = 0; stage < p; stage++) {
        const {start, end} = stageLayers({layers: L, pipelineParallel: p, stage});
        for (let layer = start; layer < end; layer++) expect(stageOfLayer({layers: L, pipelineParallel: p, layer})).toBe(stage);
      }
    }
  });

  it("divides the layers' weights by TP, keeping norms whole", () => {
    const w = workload({framework: "megatron"});
    const one = trainingEstimate({arch: llama, gpu: H100, gpuCount: 1, workload: w}).memory.weightsBytes;
    const tp8 = trainingEstimate({arch: llama, gpu: H100, gpuCount: 8, workload: {...w, tensorParallel: 8}}).memory.weightsBytes;
    const norms = (32 * 2 * 4096 + 4096) * 2;
    expect(tp8).toBeCloseTo((one - norms) / 8 + norms, 0);
  });

  it("reports the fullest pipeline stage and holds p micro-batches of activations on the first (1F1B)", () => {
    const r = trainingEstimate({arch: llama, gpu: H100, gpuCount: 4, workload: workload({pipelineParallel: 4, gradientAccumulation: 8})});
    const stages = r.memory.stages as {stage: number; microBatchesInFlight: number; totalBytes: number}[];
    expect(stages.map((s) => s.microBatchesInFlight)).toEqual([4, 3, 2, 1]);
    expect(r.memory.totalBytes).toBe(Math.max(...stages.map((s) => s.totalBytes)));
  });

  it("divides routed experts by EP (Mixtral-8x7B, EP 8: one expert per rank)", () => {
    const mixtral = catalogArch("mixtral-8x7b");
    const w = workload({framework: "megatron"});
    const ep1 = trainingEstimate({arch: mixtral, gpu: H100, gpuCount: 8, workload: w}).memory.weightsBytes;
    const ep8 = trainingEstimate({arch: mixtral, gpu: H100, gpuCount: 8, workload: {...w, expertParallel: 8}}).memory.weightsBytes;
    const experts = 32 * 8 * 3 * 4096 * 14336 * 2;
    expect(ep1 - ep8).toBe(experts * (7 / 8));
  });

  it("divides gradients by TP even at ZeRO-1, where the EleutherAI calculator does not (seeds.md B2.8, M2)", () => {
    // Seed M2 (Pythia-6.9B, TP 2, ZeRO-1, 128 GPUs) prints 25.5977 GiB of gradients: 4 bytes × all 6.87e9
    // parameters on every GPU, as if TP did not split them.
    const pythia = catalogArch("pythia-6.9b");
    const r = trainingEstimate({arch: pythia, gpu: A100_80, gpuCount: 128, workload: workload({tensorParallel: 2, zeroStage: 1, framework: "megatron"})});
    const n = r.params.total;
    expect(r.memory.gradientsBytes / (4 * n)).toBeCloseTo(0.5, 2);
  });

  it("does not divide ZeRO-3 weights twice by TP·PP, unlike the EleutherAI calculator (seeds.md B2.8)", () => {
    // The seed divides the model by t·p and then by num_gpus at ZeRO-3: 1/(t·p·N). Each weight has dp = N/(t·p)
    // replicas after TP/PP, so ZeRO-3 leaves 1/N of it per GPU.
    const gpt = configArch(gptConfig({layers: 32, hidden: 4096, heads: 32, vocab: 50432, seq: 2048}));
    const r = trainingEstimate({arch: gpt, gpu: A100_80, gpuCount: 16, workload: workload({tensorParallel: 2, pipelineParallel: 2, zeroStage: 3, framework: "deepspeed"})});
    const perGpuState = r.memory.weightsBytes + r.memory.gradientsBytes + r.memory.optimizerBytes;
    // about 16·N/16 (norms replicated across TP, stages unequal): not 16·N/64
    expect(perGpuState / r.params.total).toBeGreaterThan(0.9);
    expect(perGpuState / r.params.total).toBeLessThan(1.2);
  });
});
