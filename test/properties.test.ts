/**
 * Properties of the whole estimate (fast-check): for every valid scenario that the compatibility
 * table lets run (compat.ts), every number in the result is finite and non-negative, and memory
 * never shrinks when the batch, the context or the bytes per element grow.
 */
import fc from "fast-check";
import {describe, expect, it} from "vitest";
import {findGpu, GPU_IDS, MODEL_IDS} from "../lib/catalog/index.ts";
import {runs} from "../lib/compat.ts";
import {estimate} from "../lib/estimate.ts";
import {ENGINES, KV_FORMATS, WEIGHT_FORMATS, type EngineName, type KvFormat, type WeightFormat} from "../lib/formats.ts";
import type {Result} from "../lib/scenario.ts";

const inferenceScenario = fc.record({
  model: fc.constantFrom(...MODEL_IDS),
  gpu: fc.constantFrom(...GPU_IDS),
  count: fc.constantFrom(1, 2, 4, 8),
  engine: fc.constantFrom(...ENGINES),
  weights: fc.constantFrom(...WEIGHT_FORMATS),
  kvCache: fc.constantFrom(...KV_FORMATS),
  batchSize: fc.integer({min: 1, max: 512}),
  promptTokens: fc.integer({min: 1, max: 200_000}),
  outputTokens: fc.integer({min: 1, max: 20_000})
}).filter((s) => runs({engine: s.engine, weights: s.weights, kvCache: s.kvCache, gpu: findGpu(s.gpu)!})).map(scenarioOf);

function scenarioOf(s: {model: string; gpu: string; count: number; engine: EngineName; weights: WeightFormat; kvCache: KvFormat;
  batchSize: number; promptTokens: number; outputTokens: number}) {
  return {
    model: s.model,
    hardware: {gpu: s.gpu, count: s.count},
    workload: {type: "inference", engine: s.engine, weights: s.weights, kvCache: s.kvCache, batchSize: s.batchSize,
      promptTokens: s.promptTokens, outputTokens: s.outputTokens},
    pricing: {usdPerGpuHour: 2}
  };
}

type InferenceScenario = ReturnType<typeof scenarioOf>;

/** Whether the engine runs these formats on the scenario's GPU (compat.ts); refused setups are not estimated. */
function runsWith(scenario: InferenceScenario, formats: {weights?: string; kvCache?: string}): boolean {
  const w = {...scenario.workload, ...formats} as {engine: EngineName; weights: WeightFormat; kvCache: KvFormat};
  return runs({engine: w.engine, weights: w.weights, kvCache: w.kvCache, gpu: findGpu(scenario.hardware.gpu)!});
}

function run(scenario: unknown): Result {
  const r = estimate(scenario);
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.result;
}

/** Every number anywhere in the result, with its path. */
function numbersIn(value: unknown, path = "result", out: [string, number][] = []): [string, number][] {
  if (typeof value === "number") out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbersIn(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) numbersIn(v, `${path}.${k}`, out);
  return out;
}

const BYTES: Record<string, number> = {fp32: 4, bf16: 2, fp16: 2, fp8: 1, q8_0: 8.5 / 8, q4_0: 4.5 / 8};

describe("every estimate", () => {
  it("is finite and non-negative in every figure, for any valid inference scenario", () => {
    fc.assert(fc.property(inferenceScenario, (scenario) => {
      const bad = numbersIn(run(scenario)).filter(([, v]) => !Number.isFinite(v) || v < 0);
      expect(bad).toEqual([]);
    }), {numRuns: 300});
  });

  it("never needs less memory for a larger batch", () => {
    fc.assert(fc.property(inferenceScenario, fc.integer({min: 1, max: 64}), (scenario, more) => {
      const a = run(scenario);
      const b = run({...scenario, workload: {...scenario.workload, batchSize: scenario.workload.batchSize + more}});
      expect(b.memory.totalBytes).toBeGreaterThanOrEqual(a.memory.totalBytes);
      expect(b.memory.kvCacheBytes).toBeGreaterThanOrEqual(a.memory.kvCacheBytes);
    }), {numRuns: 200});
  });

  it("never needs less memory for a longer context", () => {
    fc.assert(fc.property(inferenceScenario, fc.integer({min: 1, max: 50_000}), (scenario, more) => {
      const a = run(scenario);
      const b = run({...scenario, workload: {...scenario.workload, promptTokens: scenario.workload.promptTokens + more}});
      expect(b.memory.totalBytes).toBeGreaterThanOrEqual(a.memory.totalBytes);
      expect(b.memory.kvCacheBytes).toBeGreaterThanOrEqual(a.memory.kvCacheBytes);
    }), {numRuns: 200});
  });

  it("never needs less KV memory for a wider KV element", () => {
    fc.assert(fc.property(inferenceScenario, fc.constantFrom(...KV_FORMATS), fc.constantFrom(...KV_FORMATS), (scenario, x, y) => {
      const [narrow, wide] = BYTES[x]! <= BYTES[y]! ? [x, y] : [y, x];
      fc.pre(runsWith(scenario, {kvCache: narrow}) && runsWith(scenario, {kvCache: wide}));
      const a = run({...scenario, workload: {...scenario.workload, kvCache: narrow}});
      const b = run({...scenario, workload: {...scenario.workload, kvCache: wide}});
      expect(b.memory.kvCacheBytes).toBeGreaterThanOrEqual(a.memory.kvCacheBytes);
      expect(b.memory.totalBytes).toBeGreaterThanOrEqual(a.memory.totalBytes);
    }), {numRuns: 200});
  });

  it("never needs less weight memory for more bits per weight (fp32 ≥ bf16 ≥ fp8 ≥ awq-int4; q8_0 ≥ q4_k_m ≥ q2_k)", () => {
    // Two chains, not one: GGUF k-quants fall back to larger legacy blocks when a row length is not a
    // multiple of 256 (gpt-oss's 2,880), so q2_k can outweigh AWQ there; within each family order holds.
    const chains = [["fp32", "bf16", "fp8", "awq-int4"], ["q8_0", "q4_k_m", "q2_k"]];
    fc.assert(fc.property(inferenceScenario, (scenario) => {
      for (const chain of chains) {
        const order = chain.filter((weights) => runsWith(scenario, {weights}));
        const sizes = order.map((weights) => run({...scenario, workload: {...scenario.workload, weights}}).memory.weightsBytes);
        for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1]!);
      }
    }), {numRuns: 100});
  });

  it("fits its own largest batch and not one more", () => {
    fc.assert(fc.property(inferenceScenario, (scenario) => {
      const r = run(scenario);
      const max = r.inference!.maxBatchSize;
      if (max >= 1 && max < 1_000_000) {
        expect(run({...scenario, workload: {...scenario.workload, batchSize: max}}).memory.fits).toBe(true);
        expect(run({...scenario, workload: {...scenario.workload, batchSize: max + 1}}).memory.fits).toBe(false);
      }
    }), {numRuns: 100});
  });
});
