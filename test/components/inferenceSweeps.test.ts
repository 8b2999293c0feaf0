import {describe, expect, it} from "vitest";
import {findModel} from "../../lib/catalog/index.ts";
import {findGpu} from "../../lib/catalog/gpus.ts";
import {architectureFromConfig} from "../../lib/config.ts";
import {inferenceEstimate} from "../../lib/inference.ts";
import type {InferenceWorkload} from "../../lib/scenario.ts";
import {batchLadder, batchSweep, batchSweepMemo, engineSweep, formatSweep, formatWeightsTable, memoryBars, rooflineCoordinates, weightBytesReadPerStep} from "../../src/components/inferenceSweeps.ts";

const arch = (id: string) => architectureFromConfig(findModel(id)!.config as Record<string, unknown>).architecture;
const llama8b = arch("llama-3.1-8b");
const h100 = findGpu("h100-sxm")!;
const workload: InferenceWorkload = {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256};

describe("formatWeightsTable", () => {
  const rows = formatWeightsTable({arch: llama8b});
  const row = (f: string) => rows.find((r) => r.format === f)!;

  it("gives Llama-3.1-8B's bf16 checkpoint size (safetensors index total_size 16,060,522,496 bytes)", () => {
    expect(row("bf16").totalBytes).toBe(16_060_522_496);
  });

  it("keeps the embedding and the untied LM head apart: 128,256 × 4,096 × 2 bytes each (config.json)", () => {
    expect(row("bf16").embeddingBytes).toBe(128_256 * 4096 * 2);
    expect(row("bf16").lmHeadBytes).toBe(128_256 * 4096 * 2);
    expect(row("bf16").embeddingBytes + row("bf16").lmHeadBytes + row("bf16").bodyBytes).toBe(row("bf16").totalBytes);
  });

  it("gives llama.cpp's published true bits per weight for the GGUF types (quantize README: Q4_K_M 4.8944, Q8_0 8.5008)", () => {
    // The README prints 4 decimals; 0.001 covers its rounding.
    expect(Math.abs(row("q4_k_m").bitsPerWeight - 4.8944)).toBeLessThan(1e-3);
    expect(Math.abs(row("q8_0").bitsPerWeight - 8.5008)).toBeLessThan(1e-3);
  });

  it("puts every format's true bits at or above its nominal bits (16-bit embeddings, scales)", () => {
    for (const r of rows) expect(r.bitsPerWeight).toBeGreaterThanOrEqual(r.nominalBitsPerWeight - 1e-9);
  });
});

describe("formatSweep", () => {
  it("runs every format, smallest weights first, and finds that Llama-3.1-70B in bf16 does not fit one H100 but 4-bit does", () => {
    const sweep = formatSweep({arch: arch("llama-3.1-70b"), gpu: h100, gpuCount: 1, workload});
    expect(sweep).toHaveLength(17);
    for (let i = 1; i < sweep.length; i++) expect(sweep[i]!.weightsBytes).toBeGreaterThanOrEqual(sweep[i - 1]!.weightsBytes);
    expect(sweep.find((r) => r.format === "bf16")!.fits).toBe(false);
    expect(sweep.find((r) => r.format === "awq-int4")!.fits).toBe(true);
  });
});

describe("batchSweep", () => {
  it("matches the engine at each batch and raises the summed rate with the batch", () => {
    const c = {arch: llama8b, gpu: h100, gpuCount: 1, workload};
    const sweep = batchSweep(c, batchLadder(256));
    expect(sweep.map((r) => r.batchSize)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    const at8 = inferenceEstimate({...c, workload: {...workload, batchSize: 8}});
    expect(sweep[3]!.totalTokensPerSecond).toBe(at8.decodeThroughputTokensPerSecond);
    expect(sweep[3]!.totalTokensPerSecond).toBeCloseTo(8 * at8.decodeTokensPerSecond, 6);
    for (let i = 1; i < sweep.length; i++) expect(sweep[i]!.totalTokensPerSecond).toBeGreaterThan(sweep[i - 1]!.totalTokensPerSecond);
  });

  it("puts the reader's batch on the ladder", () => {
    expect(batchLadder(64, [24])).toEqual([1, 2, 4, 8, 16, 24, 32, 64]);
  });

  it("remembers the ladder between batch moves and gives the same rows as a fresh sweep, until another input changes", () => {
    const sweep = batchSweepMemo();
    const at = (batchSize: number, output = 256) => ({arch: llama8b, gpu: h100, gpuCount: 1, workload: {...workload, batchSize, outputTokens: output}});
    const first = sweep(at(24), batchLadder(256, [24]));
    expect(first).toEqual(batchSweep(at(24), batchLadder(256, [24])));
    const moved = sweep(at(40), batchLadder(256, [40]));
    expect(moved).toEqual(batchSweep(at(40), batchLadder(256, [40])));
    expect(moved[0]).toBe(first[0]); // batch 1 was not recomputed
    const longer = sweep(at(40, 4096), batchLadder(256, [40]));
    expect(longer).toEqual(batchSweep(at(40, 4096), batchLadder(256, [40])));
    expect(longer[0]!.perSequenceTokensPerSecond).toBeLessThan(moved[0]!.perSequenceTokensPerSecond); // recomputed for the longer context
  });
});

describe("rooflineCoordinates", () => {
  it("recovers ≈ 1 FLOP per byte for a bf16 decode at batch 1 (2 FLOP per 2-byte weight), within the KV read's share", () => {
    const est = inferenceEstimate({arch: llama8b, gpu: h100, gpuCount: 1, workload});
    const at = rooflineCoordinates({step: est.decode, gpu: h100, precision: est.computePrecision, engine: "vllm"});
    expect(at.bytes).toBeGreaterThan(16_060_522_496);
    expect(at.intensity).toBeGreaterThan(0.8);
    expect(at.intensity).toBeLessThan(1.05);
  });
});

describe("weightBytesReadPerStep", () => {
  it("reads shared weights plus k/E of the routed experts at batch 1 (Mixtral-8x7B: 2 of 8)", () => {
    const mixtral = arch("mixtral-8x7b");
    const one = weightBytesReadPerStep({arch: mixtral, format: "bf16", batchSize: 1});
    expect(one.expertsRead).toBeCloseTo(2, 10);
    expect(one.readBytes).toBeCloseTo(one.totalBytes - one.routedBytes + one.routedBytes * 2 / 8, 0);
    const many = weightBytesReadPerStep({arch: mixtral, format: "bf16", batchSize: 64});
    expect(many.readBytes / many.totalBytes).toBeGreaterThan(0.999);
  });

  it("reads everything for a dense model", () => {
    const r = weightBytesReadPerStep({arch: llama8b, format: "bf16", batchSize: 1});
    expect(r.readBytes).toBe(r.totalBytes);
    expect(r.expertsRead).toBeNull();
  });
});

describe("memoryBars and engineSweep", () => {
  it("stacks to the card's capacity exactly when vLLM's pool is full, holding back 10 % of the device", () => {
    const sweep = engineSweep({arch: llama8b, gpu: h100, gpuCount: 1, workload});
    expect(sweep.map((e) => e.engine)).toEqual(["transformers", "vllm", "llama.cpp", "tensorrt-llm", "sglang"]);
    const vllm = sweep.find((e) => e.engine === "vllm")!.estimate.memory;
    const bars = memoryBars("vLLM", vllm);
    expect(bars.find((b) => b.component === "held back by the engine")!.bytes).toBeCloseTo(0.1 * h100.memoryBytes, 0);
    const total = bars.reduce((s, b) => s + b.bytes, 0);
    expect(total <= vllm.capacityBytes).toBe(vllm.fits);
  });
});
