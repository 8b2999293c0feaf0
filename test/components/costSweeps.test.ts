import {describe, expect, it} from "vitest";
import {findGpu, findModel, priceSummary} from "../../lib/catalog/index.ts";
import {architectureFromConfig} from "../../lib/config.ts";
import {inferenceEstimate} from "../../lib/inference.ts";
import {trainingEstimate} from "../../lib/training/estimate.ts";
import type {InferenceWorkload} from "../../lib/scenario.ts";
import {batchLadder, costTrainingWorkload, servingCost, servingCostByBatch, servingCostByGpu, trainingCostByMfu} from "../../src/components/costSweeps.ts";

const arch = (id: string) => architectureFromConfig({...findModel(id)!.config}).architecture;
const h100 = findGpu("h100-sxm")!;
const a100 = findGpu("a100-sxm-80gb")!;
const workload: InferenceWorkload = {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256};

describe("batchLadder", () => {
  it("climbs in powers of two to the largest batch and keeps the reader's batch", () => {
    expect(batchLadder(100, [48])).toEqual([1, 2, 4, 8, 16, 32, 48, 64, 100]);
    expect(batchLadder(1e6).at(-1)).toBe(4096);
  });
});

describe("servingCost", () => {
  it("charges a GPU-hour over the decode throughput: $2/h at 1000 tokens/s is $0.556 per M tokens", () => {
    const est = inferenceEstimate({arch: arch("llama-3.1-8b"), gpu: h100, gpuCount: 1, workload});
    const c = servingCost(est, 2);
    expect(c.usdPerMillionOutputTokens).toBeCloseTo((2 / 3600 / est.decodeThroughputTokensPerSecond) * 1e6, 9);
    expect(c.usdPerMillionInputTokens).toBeCloseTo((2 / 3600 / est.prefillTokensPerSecond) * 1e6, 9);
  });
});

describe("servingCostByBatch", () => {
  it("makes output tokens at least 10x cheaper at batch 64 than at batch 1 for a memory-bound 8B decode", () => {
    // Batch-1 decode of an 8B model on an H100 is memory-bound (2 FLOP/weight vs a ~295 FLOP/byte ridge), so 64
    // sequences share one weight read per step: the per-token price falls nearly 64x.
    const [one, sixtyFour] = servingCostByBatch({arch: arch("llama-3.1-8b"), gpu: h100, gpuCount: 1, workload}, 2, [1, 64]);
    expect(one!.usdPerMillionOutputTokens! / sixtyFour!.usdPerMillionOutputTokens!).toBeGreaterThan(10);
  });
});

describe("servingCostByGpu", () => {
  it("lists every priced GPU, with the smallest count of 1-8 that holds a 70B model", () => {
    const rows = servingCostByGpu({arch: arch("llama-3.1-70b"), workload});
    const h = rows.find((r) => r.gpuId === "h100-sxm")!;
    expect(h.gpus).toBe(2); // 141 GB of bf16 weights: more than one 80 GB card, fits on two.
    expect(h.cheapest?.usdPerGpuHour).toBe(priceSummary({gpuId: "h100-sxm"}).cheapest?.usdPerGpuHour);
    expect(h.outputTokensPerUsd! * h.cheapestUsdPerMillion!).toBeCloseTo(1e6, 6);
  });
});

describe("trainingCostByMfu", () => {
  it("reproduces the Llama-2-70B rule of thumb: 8.4e23 FLOP at 312 TFLOPS and MFU 0.5 is about 1.5M A100-hours", () => {
    const w = costTrainingWorkload({trainingTokens: 2e12, sequenceLength: 4096, precision: "bf16-mixed", mfu: 0.5, goodput: 1});
    const [half] = trainingCostByMfu({arch: arch("llama-2-70b"), gpu: a100, gpuCount: 2048, workload: w, usdPerGpuHour: 1, mfus: [0.5, 0.25]});
    // 6·N·D with N ≈ 69B plus causal attention at 4K: within 10 % of 1.496M hours (dollars at $1/h = hours).
    expect(Math.abs(half!.usd / 1.496e6 - 1)).toBeLessThan(0.1);
  });

  it("gives at every MFU the dollars the engine's own estimate at that MFU gives (dense bf16, MoE fp8, with goodput below 1)", () => {
    // The curve scales one estimate by 1/MFU; a second engine run per point must agree to rounding (1e-12 relative).
    const cases = [
      {model: "llama-3.1-8b", gpu: h100, gpus: 64, precision: "bf16-mixed" as const, goodput: 0.9},
      {model: "mixtral-8x7b", gpu: h100, gpus: 256, precision: "fp8-mixed" as const, goodput: 0.75},
      {model: "llama-2-70b", gpu: a100, gpus: 2048, precision: "bf16-mixed" as const, goodput: 1}
    ];
    for (const c of cases) {
      const w = costTrainingWorkload({trainingTokens: 3e11, sequenceLength: 4096, precision: c.precision, mfu: 0.3, goodput: c.goodput});
      const mfus = [0.05, 0.2, 0.333, 0.6, 0.8];
      const curve = trainingCostByMfu({arch: arch(c.model), gpu: c.gpu, gpuCount: c.gpus, workload: w, usdPerGpuHour: 2.4, mfus});
      expect(curve.map((p) => p.mfu)).toEqual(mfus);
      for (const p of curve) {
        const direct = trainingEstimate({arch: arch(c.model), gpu: c.gpu, gpuCount: c.gpus, workload: {...w, mfu: p.mfu}, usdPerGpuHour: 2.4}).cost!.trainingUsd!;
        expect(direct).toBeGreaterThan(0);
        expect(Math.abs(p.usd / direct - 1), `${c.model} at MFU ${p.mfu}`).toBeLessThan(1e-12);
      }
    }
  });

  it("doubles the bill when the MFU halves", () => {
    const w = costTrainingWorkload({trainingTokens: 1e12, sequenceLength: 4096, precision: "bf16-mixed", mfu: 0.4, goodput: 1});
    const [a, b] = trainingCostByMfu({arch: arch("llama-3.1-8b"), gpu: h100, gpuCount: 64, workload: w, usdPerGpuHour: 2, mfus: [0.4, 0.2]});
    expect(b!.usd / a!.usd).toBeCloseTo(2, 9);
  });
});
