/**
 * Finite or refused (issue 13), as properties over random scenarios (fast-check): every
 * scenario, however hostile, is either answered with finite numbers (no NaN, no Infinity, no
 * null where the contract promises a number, no "NaN" in a warning) or refused with lines
 * that each name one JSON path. Plus two monotonicities: a larger batch never gives a smaller
 * KV cache, and more GPUs with tensor parallelism never give more weights per GPU.
 *
 * The arbitrary is cheap on purpose (inline configs of 1–4 layers at any width the bounds
 * allow, catalog models for inference only), so 10,000+ runs take seconds. HOSTILE_RUNS
 * scales every property's run count (default 1: 12,000 runs in all).
 */
import fc from "fast-check";
import {describe, expect, it} from "vitest";
import {GPU_IDS, MODEL_IDS} from "../lib/catalog/index.ts";
import {CONFIG_LIMITS} from "../lib/config.ts";
import {estimateScenario} from "../lib/estimate.ts";
import {CHECKPOINTING, ENGINES, KV_FORMATS, OPTIMIZERS, TRAINING_METHODS, TRAINING_PRECISIONS, WEIGHT_FORMATS} from "../lib/formats.ts";
import type {Result, Scenario} from "../lib/scenario.ts";
import {SCENARIO_LIMITS, validateScenario} from "../lib/validate.ts";
import {contractProblems, refusalProblems} from "../bench/hostileRules.ts";

const SCALE = Number(process.env.HOSTILE_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
/** About 5 s of CPU for all three on an idle machine; the limit leaves room for a shared one. */
const TIMEOUT_MS = 180_000 * Math.max(1, SCALE);

/** Values no field accepts: wrong types, non-finite-looking and denormal numbers. */
const garbage = fc.constantFrom<unknown>(null, "", "12", true, [], {}, -1, 0, 0.5, 1e308, -1e308, 1e-320, 2 ** 53 + 1);
/** Mostly a value in [min, max] (log-spread, bounds included), sometimes garbage. */
function within(min: number, max: number, integer = true): fc.Arbitrary<unknown> {
  const lo = Math.log(Math.max(min, 1e-300));
  const spread = fc.double({min: 0, max: 1, noNaN: true}).map((u) => {
    const x = Math.exp(lo + u * (Math.log(max) - lo));
    return integer ? Math.min(max, Math.max(min, Math.round(x))) : Math.min(max, Math.max(min, x));
  });
  return fc.oneof({weight: 12, arbitrary: spread}, {weight: 2, arbitrary: fc.constantFrom(min, max)}, {weight: 1, arbitrary: garbage});
}

const L = CONFIG_LIMITS;
const config = fc.record({
  model_type: fc.constantFrom("llama", "qwen3", "gemma2", "gpt2", "falcon", "mixtral", "deepseek_v3", "gpt_oss", "made_up"),
  num_hidden_layers: fc.oneof({weight: 9, arbitrary: fc.integer({min: 1, max: 4})}, {weight: 1, arbitrary: garbage}),
  hidden_size: within(1, L.hiddenSize.max),
  num_attention_heads: fc.oneof({weight: 9, arbitrary: fc.constantFrom(1, 2, 8, 64)}, {weight: 1, arbitrary: within(1, L.heads.max)}),
  intermediate_size: within(1, L.intermediateSize.max),
  vocab_size: within(1, L.vocabSize.max),
  head_dim: fc.option(within(1, L.headDim.max), {nil: undefined}),
  num_local_experts: fc.option(within(2, 512), {nil: undefined}),
  num_experts_per_tok: fc.option(within(1, 16), {nil: undefined}),
  kv_lora_rank: fc.option(within(1, 1024), {nil: undefined}),
  sliding_window: fc.option(within(0, L.positions.max), {nil: undefined})
}, {requiredKeys: ["model_type", "num_hidden_layers", "hidden_size", "num_attention_heads", "intermediate_size", "vocab_size"]});

const S = SCENARIO_LIMITS;
const inlineGpu = fc.record({
  name: fc.constantFrom("Custom", "H100 SXM5 80GB"),
  memoryGB: within(S.memoryGBMin, S.memoryGB, false),
  bandwidthGBps: within(S.bandwidthGBpsMin * 1.001, S.bandwidthGBps, false),
  tflops: fc.record({bf16: within(S.tflopsMin, S.tflops, false), fp8: fc.option(within(S.tflopsMin, S.tflops, false), {nil: undefined})},
    {requiredKeys: ["bf16"]})
});

const inferenceWorkload = fc.record({
  type: fc.constant("inference"),
  engine: fc.constantFrom(...ENGINES),
  weights: fc.constantFrom(...WEIGHT_FORMATS),
  kvCache: fc.constantFrom(...KV_FORMATS),
  batchSize: within(1, S.batchSize),
  promptTokens: within(1, S.tokens),
  outputTokens: within(1, S.tokens)
});

const trainingWorkload = fc.record({
  type: fc.constant("training"),
  method: fc.constantFrom(...TRAINING_METHODS),
  precision: fc.constantFrom(...TRAINING_PRECISIONS),
  optimizer: fc.constantFrom(...OPTIMIZERS),
  microBatchSize: within(1, S.batchSize),
  sequenceLength: within(1, S.tokens),
  activationCheckpointing: fc.constantFrom(...CHECKPOINTING),
  zeroStage: fc.constantFrom(0, 1, 2, 3),
  gradientAccumulation: within(1, S.gradientAccumulation),
  trainingTokens: fc.option(within(1, S.trainingTokens, false), {nil: undefined}),
  mfu: fc.option(within(S.mfuMin, 1, false), {nil: undefined})
}, {requiredKeys: ["type", "method", "precision", "optimizer", "microBatchSize", "sequenceLength", "activationCheckpointing", "zeroStage"]});

/** Catalog models only under inference: their training estimates cost milliseconds each. */
const scenario = fc.oneof(
  fc.record({model: fc.oneof(fc.constantFrom(...MODEL_IDS), config), workload: inferenceWorkload}),
  fc.record({model: config, workload: trainingWorkload})
).chain((s) => fc.record({
  model: fc.constant(s.model),
  hardware: fc.record({gpu: fc.oneof(fc.constantFrom(...GPU_IDS), inlineGpu), count: fc.constantFrom(1, 2, 8)}),
  workload: fc.constant(s.workload),
  pricing: fc.option(fc.record({usdPerGpuHour: within(0, S.usdPerGpuHour, false)}), {nil: undefined})
}, {requiredKeys: ["model", "hardware", "workload"]}));

type Outcome = {ok: true; result: Result; scenario: Scenario} | {ok: false; errors: string[]};

/** The command's path for one scenario: validation, then the engine (bin/estimate.ts's `answer`). */
function answer(input: unknown): Outcome {
  const checked = validateScenario(input);
  if (!checked.ok) return {ok: false, errors: checked.errors};
  try {
    const result = estimateScenario(checked.scenario);
    return {ok: true, result: {...result, warnings: [...checked.warnings, ...result.warnings]}, scenario: checked.scenario};
  } catch (error) {
    const e = error as {errors?: unknown; issues?: unknown};
    const lines = Array.isArray(e.errors) ? e.errors : Array.isArray(e.issues) ? e.issues : null;
    if (lines) return {ok: false, errors: lines as string[]};
    throw error;
  }
}

describe("hostile scenarios", () => {
  it("are answered with finite contract numbers or refused naming one JSON path per line", () => {
    fc.assert(fc.property(scenario, (input) => {
      const outcome = answer(input);
      if (outcome.ok) expect(contractProblems(outcome.result, outcome.scenario)).toEqual([]);
      else expect(refusalProblems(outcome.errors)).toEqual([]);
    }), {numRuns: runs(8_000)});
  }, TIMEOUT_MS);

  it("never give a smaller KV cache for a larger batch", () => {
    fc.assert(fc.property(fc.oneof(fc.constantFrom(...MODEL_IDS), config), inferenceWorkload, fc.integer({min: 1, max: 1000}),
      (model, workload, more) => {
        const a = answer({model, hardware: {gpu: "h100-sxm"}, workload});
        fc.pre(a.ok);
        const batch = (workload.batchSize as number) + more;
        fc.pre(batch <= S.batchSize);
        const b = answer({model, hardware: {gpu: "h100-sxm"}, workload: {...workload, batchSize: batch}});
        expect(b.ok).toBe(true);
        if (a.ok && b.ok) expect(b.result.memory.kvCacheBytes).toBeGreaterThanOrEqual(a.result.memory.kvCacheBytes);
      }), {numRuns: runs(2_000)});
  }, TIMEOUT_MS);

  it("never give more weights per GPU for more GPUs under tensor parallelism", () => {
    fc.assert(fc.property(fc.oneof(fc.constantFrom(...MODEL_IDS), config), inferenceWorkload, fc.constantFrom(...GPU_IDS),
      (model, workload, gpu) => {
        let previous = Infinity;
        for (const tp of [1, 2, 4, 8]) {
          const r = answer({model, hardware: {gpu, count: tp}, workload: {...workload, tensorParallel: tp}});
          if (!r.ok) continue; // a TP the heads do not allow is refused, naming workload.tensorParallel
          expect(r.result.memory.weightsBytes).toBeLessThanOrEqual(previous);
          previous = r.result.memory.weightsBytes;
        }
      }), {numRuns: runs(2_000)});
  }, TIMEOUT_MS);
});
