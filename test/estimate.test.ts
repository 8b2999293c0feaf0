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
