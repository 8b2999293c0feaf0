import {describe, expect, it} from "vitest";
import {estimate} from "../lib/estimate.ts";

const training = {
  model: "llama-3.1-8b",
  hardware: {gpu: "h100-sxm", count: 8},
  workload: {type: "training", method: "full", precision: "bf16-mixed", optimizer: "adamw", microBatchSize: 1,
    sequenceLength: 4096, zeroStage: 3, trainingTokens: 1e9},
  pricing: {usdPerGpuHour: 2.5}
};

describe("estimate", () => {
  it("answers a training scenario with training figures and a training cost", () => {
    const r = estimate(training);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.result.inference).toBeNull();
    expect(r.result.training!.gpuHours).toBeGreaterThan(0);
    expect(r.result.cost!.trainingUsd).toBeCloseTo(r.result.training!.gpuHours * 2.5, 6);
  });
  it("turns an impossible parallel layout into field-named errors, not an exception", () => {
    const r = estimate({...training, workload: {...training.workload, tensorParallel: 3, zeroStage: 0}, hardware: {gpu: "h100-sxm", count: 3}});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join("\n")).toMatch(/^workload\.tensorParallel: /m);
  });
  it("names an unknown catalog id and lists what is allowed", () => {
    const r = estimate({...training, model: "llama-9"});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatch(/^model: got "llama-9", expected a catalog id \(/);
  });
  it("names what a pasted config.json lacks", () => {
    const r = estimate({...training, model: {model_type: "llama", hidden_size: 4096}});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join("\n")).toMatch(/num_hidden_layers/);
  });
});

describe("the fewest-GPUs solver", () => {
  const serve = (model: string, gpu: string, weights: string) => estimate({model, hardware: {gpu, count: 1},
    workload: {type: "inference", engine: "vllm", weights, kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256}});
  it("answers for Llama-3.1-70B in bf16 (141 GB of weights) a GPU count that fits, where half as many do not", () => {
    const r = serve("llama-3.1-70b", "h100-sxm", "bf16");
    if (!r.ok) throw new Error(r.errors.join());
    // More than one 80 GB GPU is needed for 141 GB of weights.
    expect(r.result.inference!.fewestGpus).toBeGreaterThan(1);
    const n = r.result.inference!.fewestGpus as number;
    const at = (count: number) => estimate({model: "llama-3.1-70b", hardware: {gpu: "h100-sxm", count},
      workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256}});
    const fits = (count: number) => { const x = at(count); return x.ok && x.result.memory.fits; };
    expect(fits(n)).toBe(true);
    if (n > 1) expect(fits(n / 2)).toBe(false);
  });
  it("needs one GPU for a model that fits one", () => {
    const r = serve("llama-3.1-8b", "h100-sxm", "bf16");
    expect(r.ok && r.result.inference!.fewestGpus).toBe(1);
  });
});
