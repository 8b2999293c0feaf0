import {describe, expect, it} from "vitest";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import {maxMicroBatchSize, maxSequenceLength, smallestFittingLayout} from "../../lib/training/solvers.ts";
import {H100, catalogArch, workload} from "./helpers.ts";

const llama8 = catalogArch("llama-3.1-8b");
const llama70 = catalogArch("llama-3.1-70b");
const fits = (w: ReturnType<typeof workload>, gpus: number, arch = llama8) => trainingEstimate({arch, gpu: H100, gpuCount: gpus, workload: w}).memory.fits;

describe("training solvers", () => {
  it("finds the largest micro-batch that fits: b fits and b + 1 does not", () => {
    const w = workload({sequenceLength: 4096, zeroStage: 3, activationCheckpointing: "none"});
    const b = maxMicroBatchSize({arch: llama8, gpu: H100, gpuCount: 8, workload: w});
    expect(b).toBeGreaterThan(0);
    expect(fits({...w, microBatchSize: b}, 8)).toBe(true);
    expect(fits({...w, microBatchSize: b + 1}, 8)).toBe(false);
  });

  it("finds the longest sequence that fits, and more with full checkpointing", () => {
    const w = workload({zeroStage: 3});
    const plain = maxSequenceLength({arch: llama8, gpu: H100, gpuCount: 8, workload: w});
    const ckpt = maxSequenceLength({arch: llama8, gpu: H100, gpuCount: 8, workload: {...w, activationCheckpointing: "full"}});
    expect(fits({...w, sequenceLength: plain}, 8)).toBe(true);
    expect(fits({...w, sequenceLength: plain + 1}, 8)).toBe(false);
    expect(ckpt).toBeGreaterThan(2 * plain);
  });

  it("answers 0 when nothing fits (Llama-3.1-70B full training on one H100)", () => {
    expect(maxMicroBatchSize({arch: llama70, gpu: H100, gpuCount: 1, workload: workload()})).toBe(0);
  });

  it("finds no layout for full Llama-3.1-70B training on 8 H100: 16 B/param × 70.6B = 1.13 TB exceeds 8 × 80 GB", () => {
    const {layout, candidates} = smallestFittingLayout({arch: llama70, gpu: H100, gpuCount: 8, workload: workload({activationCheckpointing: "full", sequenceLength: 4096})});
    expect(layout).toBeNull();
    expect(candidates.length).toBeGreaterThan(8);
  });

  it("picks the least intrusive layout that fits Llama-3.1-70B on 32 H100, every earlier candidate failing", () => {
    const {layout, candidates} = smallestFittingLayout({arch: llama70, gpu: H100, gpuCount: 32, workload: workload({activationCheckpointing: "full", sequenceLength: 4096})});
    expect(layout).not.toBeNull();
    expect(candidates[candidates.length - 1]).toEqual(layout);
    expect(candidates.slice(0, -1).every((c) => !c.fits)).toBe(true);
    // 1.13 TB of state over 32 GPUs is 35 GB each only when everything is sharded (ZeRO-3) or model-parallel
    expect(layout!.zeroStage === 3 || layout!.tensorParallel * layout!.pipelineParallel > 1).toBe(true);
  });

  it("keeps a small model on plain data parallelism", () => {
    const {layout} = smallestFittingLayout({arch: catalogArch("qwen2.5-0.5b"), gpu: H100, gpuCount: 8, workload: workload()});
    expect(layout).toMatchObject({tensorParallel: 1, pipelineParallel: 1, zeroStage: 0});
  });
});
