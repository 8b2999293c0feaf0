/**
 * Bounds at the edge (issue 13): every number of a config.json, a GPU spec and a workload is
 * checked in the one validation path. A wrong type is named as a wrong type, an out-of-bound
 * value is refused naming its JSON path once with the bound's reason, and a value beyond every
 * published model but still possible is accepted with a warning naming the field.
 */
import {spawnSync} from "node:child_process";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {CONFIG_LIMITS, ConfigError, architectureFromConfig} from "../lib/config.ts";
import {estimate} from "../lib/estimate.ts";
import {MODEL_IDS, findModel} from "../lib/catalog/index.ts";
import {checkConfigFields} from "../lib/config.ts";
import {LIMIT_REASONS, SCENARIO_LIMITS, validateScenario} from "../lib/validate.ts";

/** Llama 3 8B's config.json (meta-llama/Meta-Llama-3-8B on the Hub). */
const LLAMA_3_8B = {model_type: "llama", vocab_size: 128256, hidden_size: 4096, intermediate_size: 14336,
  num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, max_position_embeddings: 8192,
  rope_theta: 500000, tie_word_embeddings: false};

function inference(model: unknown, extra: Record<string, unknown> = {}) {
  return {model, hardware: {gpu: "h100-sxm", count: 1},
    workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1024,
      outputTokens: 256, ...extra}};
}

function errorsOf(input: unknown): string[] {
  const checked = validateScenario(input);
  if (checked.ok) throw new Error("expected a refusal");
  return checked.errors;
}

function configIssues(config: Record<string, unknown>): string[] {
  try {
    architectureFromConfig(config);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
}

describe("a config.json field of the wrong type", () => {
  it("names a string hidden_size as a string, not as missing", () => {
    const errors = errorsOf(inference({...LLAMA_3_8B, hidden_size: "<text>"}));
    expect(errors).toEqual([expect.stringMatching(/^model\.hidden_size: got a string \("<text>"\), expected an integer from 1 to 1,000,000/)]);
    expect(errors.join()).not.toMatch(/missing|nothing/);
  });

  it("names a negative layer count with what was given and what is allowed", () => {
    expect(configIssues({...LLAMA_3_8B, num_hidden_layers: -4})).toEqual([
      expect.stringMatching(/^model\.num_hidden_layers: got -4, expected an integer from 1 to 10,000 \(.*126 layers\)$/)]);
  });

  it("names a fractional head count, a boolean vocabulary and an array of experts", () => {
    const issues = configIssues({...LLAMA_3_8B, num_attention_heads: 32.5, vocab_size: true, num_local_experts: [8]});
    expect(issues).toContainEqual(expect.stringMatching(/^model\.num_attention_heads: got 32\.5, expected an integer/));
    expect(issues).toContainEqual(expect.stringMatching(/^model\.vocab_size: got a boolean \(true\), expected an integer/));
    expect(issues).toContainEqual(expect.stringMatching(/^model\.num_local_experts: got an array, expected an integer from 0/));
  });

  it("treats null as absent, as Hub configs write unused fields (sliding_window: null)", () => {
    expect(configIssues({...LLAMA_3_8B, sliding_window: null, head_dim: null, q_lora_rank: null})).toEqual([]);
  });

  it("still says nothing was found when a required field is absent", () => {
    const {num_hidden_layers: _, ...noLayers} = LLAMA_3_8B;
    expect(configIssues(noLayers)).toEqual([expect.stringMatching(/^model\.num_hidden_layers: got nothing \(nor n_layer, num_layers, n_layers\), expected/)]);
  });

  it("names the text_config path of a multimodal wrapper", () => {
    const issues = configIssues({model_type: "gemma3", text_config: {...LLAMA_3_8B, model_type: "gemma3_text", hidden_size: "big"}});
    expect(issues).toEqual([expect.stringMatching(/^model\.text_config\.hidden_size: got a string/)]);
  });
});

describe("a config.json beyond physical bounds", () => {
  it("refuses ten million layers in validation, before anything is sized by them", () => {
    const started = performance.now();
    const errors = errorsOf(inference({...LLAMA_3_8B, num_hidden_layers: 10_000_000}));
    expect(errors).toEqual([expect.stringMatching(/^model\.num_hidden_layers: got 10000000, expected an integer from 1 to 10,000/)]);
    // Not a timing assertion of speed: a refusal must not build a ten-million-entry array first.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("refuses vocab_size 1e308 naming model.vocab_size once", () => {
    const errors = errorsOf(inference({...LLAMA_3_8B, vocab_size: 1e308}));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^model\.vocab_size: got 1e\+308, expected an integer from 1 to 10,000,000 \(.*Gemma 3's 262,208\)$/);
  });

  it("refuses a 10 MB _name_or_path instead of carrying it into every result", () => {
    const errors = errorsOf(inference({...LLAMA_3_8B, _name_or_path: "x".repeat(10_000_000)}));
    expect(errors).toEqual(["model._name_or_path: got a string of 10,000,000 characters, expected at most 4,096"]);
  });

  it("refuses more key/value heads than query heads", () => {
    expect(configIssues({...LLAMA_3_8B, num_key_value_heads: 64})).toEqual([
      expect.stringMatching(/^model\.num_key_value_heads: got 64, expected an integer from 1 to num_attention_heads \(32\)/)]);
  });

  it("accepts 1,000 layers (possible, beyond every published model) with a warning naming the field", () => {
    const r = estimate(inference({...LLAMA_3_8B, num_hidden_layers: 1000}));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.result.warnings).toContainEqual(expect.stringMatching(/^model\.num_hidden_layers: 1,000 is beyond every published model/));
  });

  it("has a reason for every bound, and the catalog's 62 configs are all inside them without a warning", () => {
    for (const bound of Object.values(CONFIG_LIMITS)) expect(bound.why.length).toBeGreaterThan(10);
    for (const key of Object.keys(SCENARIO_LIMITS) as (keyof typeof SCENARIO_LIMITS)[]) expect(LIMIT_REASONS[key].length).toBeGreaterThan(10);
    for (const id of MODEL_IDS) expect([id, checkConfigFields(findModel(id)!.config)]).toEqual([id, {issues: [], warnings: []}]);
  });
});

describe("a GPU spec and a workload beyond physical bounds", () => {
  const gpu = {name: "Custom", memoryGB: 80, bandwidthGBps: 3350, tflops: {bf16: 989}};

  it("refuses a bandwidth of 1 GB/s or less, citing why", () => {
    expect(errorsOf({...inference("llama-3.1-8b"), hardware: {gpu: {...gpu, bandwidthGBps: 0.5}, count: 1}})).toEqual([
      "hardware.gpu.bandwidthGBps: got 0.5, expected a number > 1 (1 GB/s is 25× slower than one DDR4-3200 channel)"]);
  });

  it("refuses TFLOPS of 1e-300 and memory of 1e300", () => {
    const errors = errorsOf({...inference("llama-3.1-8b"), hardware: {gpu: {...gpu, memoryGB: 1e300, tflops: {bf16: 1e-300}}, count: 1}});
    expect(errors).toContainEqual(expect.stringMatching(/^hardware\.gpu\.memoryGB: got 1e\+300, expected a number from 0\.1 to 1e6 \(/));
    expect(errors).toContainEqual(expect.stringMatching(/^hardware\.gpu\.tflops\.bf16: got 1e-300, expected a number >= 0\.001 \(1 GFLOPS/));
  });

  it("refuses mfu 1e-300 naming workload.mfu", () => {
    const errors = errorsOf({model: "llama-3.1-8b", hardware: {gpu: "h100-sxm"},
      workload: {type: "training", microBatchSize: 1, sequenceLength: 8, trainingTokens: 1e18, mfu: 1e-300}});
    expect(errors).toEqual([expect.stringMatching(/^workload\.mfu: got 1e-300, expected a number >= 0\.0001 and <= 1/)]);
  });

  it("warns about an mfu above every published run, naming workload.mfu", () => {
    const checked = validateScenario({model: "llama-3.1-8b", hardware: {gpu: "h100-sxm"},
      workload: {type: "training", microBatchSize: 1, sequenceLength: 8, mfu: 0.9}});
    expect(checked.ok && checked.warnings).toContainEqual(expect.stringMatching(/^workload\.mfu: 0\.9 is above every published run/));
  });

  it("warns about a 4 TB GPU, naming hardware.gpu.memoryGB", () => {
    const checked = validateScenario({...inference("llama-3.1-8b"), hardware: {gpu: {...gpu, memoryGB: 4096}, count: 1}});
    expect(checked.ok && checked.warnings).toContainEqual(expect.stringMatching(/^hardware\.gpu\.memoryGB: 4096 GB is more than any single device/));
  });
});

describe("one path per message", () => {
  it("names workload.tensorParallel once, with no model: prefix, when TP does not divide the heads (command)", () => {
    const scenario = {model: "gpt2-124m", hardware: {gpu: "h100-sxm", count: 5},
      workload: {type: "training", microBatchSize: 1, sequenceLength: 128, tensorParallel: 5}};
    const run = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", "-"],
      {cwd: join(import.meta.dirname, ".."), input: JSON.stringify(scenario), encoding: "utf8"});
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("workload.tensorParallel: got 5, expected a divisor of the 12 attention heads\n");
  });
});
