import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import fc from "fast-check";
import {describe, expect, it} from "vitest";
import {KV_FORMATS, WEIGHT_FORMATS} from "../lib/formats.ts";
import {validateScenario} from "../lib/validate.ts";

/** The inference scenario of shared/specs/scenario.md, written out in full. */
function inference(): Record<string, any> {
  return {
    model: "llama-3.1-8b",
    hardware: {gpu: "h100-sxm", count: 1},
    workload: {
      type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16",
      batchSize: 1, promptTokens: 1024, outputTokens: 256, tensorParallel: 1, pipelineParallel: 1
    },
    pricing: {usdPerGpuHour: 2.5}
  };
}

/** A training scenario with only the fields that have no default. */
function training(extra: Record<string, unknown> = {}): Record<string, any> {
  return {
    model: "llama-3.1-8b",
    hardware: {gpu: "a100-sxm-80gb", count: 1},
    workload: {type: "training", microBatchSize: 1, sequenceLength: 4096, ...extra}
  };
}

function errorsOf(input: unknown): string[] {
  const checked = validateScenario(input);
  if (checked.ok) throw new Error(`expected a rejection, got ${JSON.stringify(checked.scenario)}`);
  return checked.errors;
}

/** `path: got ..., expected ...`, where path is `scenario` or `a.b[2]["odd key"]`. */
const ERROR_LINE = /^(scenario|(?:[A-Za-z_$][\w$]*|\["(?:[^"\\]|\\.)*"\])(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*): got .+, expected .+$/s;

describe("validateScenario accepts the contract", () => {
  it("accepts the spec's inference scenario unchanged, with no warnings", () => {
    const checked = validateScenario(inference());
    expect(checked).toEqual({ok: true, scenario: inference(), warnings: []});
  });

  it("defaults tensorParallel to hardware.count / pipelineParallel for inference", () => {
    const s = inference();
    s.hardware.count = 8;
    delete s.workload.tensorParallel;
    s.workload.pipelineParallel = 2;
    const checked = validateScenario(s);
    expect(checked.ok && checked.scenario.workload).toMatchObject({tensorParallel: 4, pipelineParallel: 2});
  });

  it("defaults pipelineParallel to 1 and hardware.count to 1", () => {
    const s = inference();
    delete s.hardware.count;
    delete s.workload.tensorParallel;
    delete s.workload.pipelineParallel;
    const checked = validateScenario(s);
    expect(checked.ok && checked.scenario.hardware.count).toBe(1);
    expect(checked.ok && checked.scenario.workload).toMatchObject({tensorParallel: 1, pipelineParallel: 1});
  });

  it("fills in every training default named in the spec", () => {
    const checked = validateScenario(training());
    expect(checked.ok && checked.scenario.workload).toEqual({
      type: "training", method: "full", precision: "bf16-mixed", optimizer: "adamw",
      microBatchSize: 1, sequenceLength: 4096, gradientAccumulation: 1, activationCheckpointing: "none",
      flashAttention: true, zeroStage: 0, tensorParallel: 1, pipelineParallel: 1, expertParallel: 1,
      sequenceParallel: false
    });
  });

  it("gives lora and qlora a rank-16 adapter on q, k, v and o when none is given", () => {
    for (const method of ["lora", "qlora"]) {
      const checked = validateScenario(training({method}));
      expect(checked.ok && checked.scenario.workload.type === "training" && checked.scenario.workload.lora)
        .toEqual({rank: 16, targets: ["q_proj", "k_proj", "v_proj", "o_proj"]});
    }
  });

  it("passes an inline config.json through as the very same object, unknown keys and all", () => {
    const config = {model_type: "qwen3", hidden_size: 4096, num_hidden_layers: 36, num_attention_heads: 32,
      num_key_value_heads: 8, head_dim: 128, intermediate_size: 12288, vocab_size: 151936, some_future_key: {nested: [1, 2]}};
    const checked = validateScenario({...inference(), model: config});
    expect(checked.ok && checked.scenario.model).toBe(config);
    expect(checked.ok && checked.warnings).toEqual([]);
  });

  it("accepts an inline GPU in datasheet units", () => {
    const gpu = {name: "L40S", memoryGB: 48, bandwidthGBps: 864, tflops: {bf16: 362.05, fp8: 733}};
    const checked = validateScenario({...inference(), hardware: {gpu, count: 1}});
    expect(checked.ok && checked.scenario.hardware.gpu).toEqual(gpu);
  });

  it("re-validates its own output to the same scenario (defaults are valid input)", () => {
    for (const input of [inference(), training({method: "qlora"})]) {
      const first = validateScenario(input);
      if (!first.ok) throw new Error(first.errors.join("\n"));
      expect(validateScenario(first.scenario)).toEqual({ok: true, scenario: first.scenario, warnings: []});
    }
  });

  it("accepts every example scenario in examples/ without a warning", () => {
    const dir = join(import.meta.dirname, "..", "examples");
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const checked = validateScenario(JSON.parse(readFileSync(join(dir, file), "utf8")));
      expect(checked, file).toMatchObject({ok: true, warnings: []});
    }
  });
});

describe("validateScenario names the path, what was found and what is allowed", () => {
  it("reports a number below its bound exactly as the spec's example does", () => {
    const s = inference();
    s.workload.batchSize = -4;
    expect(errorsOf(s)).toEqual(["workload.batchSize: got -4, expected an integer >= 1"]);
  });

  it("reports a number above its sanity bound with the whole range", () => {
    const s = inference();
    s.workload.outputTokens = 2e9;
    expect(errorsOf(s)).toEqual(["workload.outputTokens: got 2000000000, expected an integer from 1 to 1e8 (10× the longest published context, Llama 4 Scout's 10M tokens)"]);
  });

  it("reports a missing field as got nothing", () => {
    const s = inference();
    delete s.workload.promptTokens;
    expect(errorsOf(s)).toEqual(["workload.promptTokens: got nothing, expected an integer >= 1"]);
  });

  it("reports a missing top-level section", () => {
    const s = inference();
    delete s.workload;
    expect(errorsOf(s)).toEqual([expect.stringMatching(/^workload: got nothing, expected a workload object/)]);
  });

  it("reports a number given as a string, quoting the string", () => {
    const s = inference();
    s.hardware.gpu = {name: "x", memoryGB: "80", bandwidthGBps: 3350, tflops: {bf16: 989}};
    expect(errorsOf(s)).toEqual(['hardware.gpu.memoryGB: got a string ("80"), expected a number >= 0.1']);
  });

  it("lists every allowed weight format for an unknown one", () => {
    const s = inference();
    s.workload.weights = "q4";
    const [line, ...rest] = errorsOf(s);
    expect(rest).toEqual([]);
    expect(line).toBe(`workload.weights: got "q4", expected one of ${WEIGHT_FORMATS.join(", ")}`);
  });

  it("lists the KV-cache formats for an unknown KV format", () => {
    const s = inference();
    s.workload.kvCache = "int4";
    expect(errorsOf(s)).toEqual([`workload.kvCache: got "int4", expected one of ${KV_FORMATS.join(", ")}`]);
  });

  it("rejects a fractional GPU count as not an integer", () => {
    const s = inference();
    s.hardware.count = 1.5;
    expect(errorsOf(s)).toEqual(["hardware.count: got 1.5, expected an integer >= 1"]);
  });

  it("rejects NaN and Infinity, which JSON cannot carry but a JavaScript caller can", () => {
    const s = inference();
    s.workload.batchSize = NaN;
    s.workload.promptTokens = Infinity;
    s.pricing.usdPerGpuHour = -Infinity;
    expect(errorsOf(s)).toEqual([
      "workload.batchSize: got NaN, expected an integer >= 1",
      "workload.promptTokens: got Infinity, expected an integer >= 1",
      "pricing.usdPerGpuHour: got -Infinity, expected a number >= 0"
    ]);
  });

  it("names the array index of a bad LoRA target", () => {
    const s = training({method: "lora", lora: {rank: 8, targets: ["q_proj", "qproj"]}});
    expect(errorsOf(s)).toEqual([
      "workload.lora.targets[1]: got \"qproj\", expected one of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj"
    ]);
  });

  it("rejects an array or a number where a scenario object belongs", () => {
    expect(errorsOf([inference()])).toEqual([expect.stringMatching(/^scenario: got an array \(\[\{"model":.*…\), expected a scenario object/)]);
    expect(errorsOf(42)).toEqual([expect.stringMatching(/^scenario: got 42, expected a scenario object/)]);
  });

  it("truncates a long value it quotes", () => {
    const s = inference();
    s.model = "x".repeat(500);
    const [line] = errorsOf(s);
    expect(line.length).toBeLessThan(250);
    expect(line).toMatch(/^model: got "x+…, expected a model catalog id/);
  });

  it("names the workload types for an unknown workload type", () => {
    const s = inference();
    s.workload.type = "serving";
    expect(errorsOf(s)).toEqual(['workload.type: got "serving", expected one of inference, training']);
  });

  it("reports an inline GPU's own missing fields rather than 'not a catalog id'", () => {
    const s = inference();
    s.hardware.gpu = {name: "mystery", memoryGB: 24};
    expect(errorsOf(s)).toEqual([
      "hardware.gpu.bandwidthGBps: got nothing, expected a number > 1",
      expect.stringMatching(/^hardware\.gpu\.tflops: got nothing, expected an object of dense TFLOPS/)
    ]);
  });

  it("rejects an inline GPU without a single TFLOPS figure", () => {
    const s = inference();
    s.hardware.gpu = {name: "mystery", memoryGB: 24, bandwidthGBps: 1000, tflops: {}};
    expect(errorsOf(s)).toEqual([expect.stringMatching(/^hardware\.gpu\.tflops: got \{\}, expected at least one dense TFLOPS figure/)]);
  });

  it("gives mfu its range [0.0001, 1] and zeroStage its four stages", () => {
    expect(errorsOf(training({mfu: 1.2, zeroStage: 4}))).toEqual([
      "workload.zeroStage: got 4, expected one of 0, 1, 2, 3",
      "workload.mfu: got 1.2, expected a number from 0.0001 to 1"
    ]);
    expect(errorsOf(training({mfu: 0}))).toEqual(["workload.mfu: got 0, expected a number >= 0.0001 and <= 1 (0.01% of peak: no training run that finishes is that slow)"]);
  });

  it("requires a price or a provider in pricing, and no negative price", () => {
    expect(errorsOf({...inference(), pricing: {}})).toEqual([expect.stringMatching(/^pricing: got \{\}, expected usdPerGpuHour/)]);
    expect(errorsOf({...inference(), pricing: {usdPerGpuHour: -1}})).toEqual(["pricing.usdPerGpuHour: got -1, expected a number >= 0"]);
  });

  it("rejects more tensor × pipeline parallelism than there are GPUs", () => {
    const s = inference();
    s.hardware.count = 2;
    s.workload.tensorParallel = 4;
    expect(errorsOf(s)).toEqual([
      "workload.tensorParallel: got 4, expected tensorParallel × pipelineParallel (4 × 1) <= hardware.count (2)"
    ]);
  });

  it("requires a training GPU count that tensor × pipeline parallelism divides", () => {
    const s = training({tensorParallel: 4});
    s.hardware.count = 6;
    expect(errorsOf(s)).toEqual(["hardware.count: got 6, expected a multiple of tensorParallel × pipelineParallel = 4"]);
  });

  it("rejects an expertParallel that does not divide the GPUs", () => {
    const s = training({expertParallel: 3});
    s.hardware.count = 8;
    expect(errorsOf(s)).toEqual(["workload.expertParallel: got 3, expected a divisor of hardware.count (8)"]);
  });

  it("asks for the workload type when it is missing", () => {
    const s = inference();
    delete s.workload.type;
    expect(errorsOf(s)).toEqual(["workload.type: got nothing, expected one of inference, training"]);
  });

  it("rejects an empty config object and an empty catalog id as the model", () => {
    expect(errorsOf({...inference(), model: {}})).toEqual([expect.stringMatching(/^model: got \{\}, expected .*non-empty Hugging Face config\.json object$/)]);
    expect(errorsOf({...inference(), model: ""})).toEqual(['model: got "", expected a model catalog id']);
  });

  it("reports every problem at once, one line each", () => {
    const s = inference();
    s.workload.batchSize = 0;
    s.workload.engine = "ollama";
    s.hardware.gpu = 7;
    expect(errorsOf(s)).toHaveLength(3);
  });
});

describe("validateScenario warns about unknown fields", () => {
  it("drops an unknown workload field and warns with its path", () => {
    const s = inference();
    s.workload.foo = 1;
    const checked = validateScenario(s);
    expect(checked).toMatchObject({ok: true, warnings: ["unknown field workload.foo ignored"]});
    expect(checked.ok && "foo" in checked.scenario.workload).toBe(false);
  });

  it("warns about unknown fields at every level, inside an inline GPU too", () => {
    const s = inference();
    s.extra = true;
    s.hardware.gpu = {name: "x", memoryGB: 80, bandwidthGBps: 3350, tflops: {bf16: 989, fp64: 67}, vendor: "NVIDIA"};
    s["odd key"] = 1;
    const checked = validateScenario(s);
    expect(checked.ok && [...checked.warnings].sort()).toEqual([
      'unknown field ["odd key"] ignored',
      "unknown field extra ignored",
      "unknown field hardware.gpu.tflops.fp64 ignored",
      "unknown field hardware.gpu.vendor ignored"
    ]);
    expect(checked.ok && checked.scenario.hardware.gpu).toEqual({name: "x", memoryGB: 80, bandwidthGBps: 3350, tflops: {bf16: 989}});
  });

  it("warns that a LoRA block is ignored for full fine-tuning, and leaves it out", () => {
    const checked = validateScenario(training({lora: {rank: 8}}));
    expect(checked).toMatchObject({ok: true, warnings: ["workload.lora ignored: method is full"]});
    expect(checked.ok && checked.scenario.workload.type === "training" && checked.scenario.workload.lora).toBeUndefined();
  });

  it("warns that sequence parallelism does nothing without tensor parallelism", () => {
    expect(validateScenario(training({sequenceParallel: true}))).toMatchObject({
      ok: true, warnings: ["workload.sequenceParallel has no effect with tensorParallel 1"]
    });
  });

  it("reports errors, not warnings, when a scenario has both", () => {
    const s = inference();
    s.workload.foo = 1;
    s.workload.batchSize = -1;
    expect(errorsOf(s)).toEqual(["workload.batchSize: got -1, expected an integer >= 1"]);
  });
});

describe("validateScenario on arbitrary input (property tests)", () => {
  it("never throws on any JSON value, and every error line starts with a path", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const checked = validateScenario(value);
        if (!checked.ok) {
          expect(checked.errors.length).toBeGreaterThan(0);
          for (const line of checked.errors) expect(line).toMatch(ERROR_LINE);
        }
      }),
      {numRuns: 300}
    );
  });

  const paths = [
    ["model"], ["hardware"], ["hardware", "gpu"], ["hardware", "count"], ["workload"], ["workload", "type"],
    ["workload", "engine"], ["workload", "weights"], ["workload", "kvCache"], ["workload", "batchSize"],
    ["workload", "promptTokens"], ["workload", "outputTokens"], ["workload", "tensorParallel"],
    ["workload", "pipelineParallel"], ["pricing"], ["pricing", "usdPerGpuHour"], ["workload", "newKey"]
  ];

  it("answers a valid scenario with one field replaced by any JSON value: a scenario that re-validates, or path-named errors", () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({maxDepth: 2}), (path, value) => {
        const s = inference();
        let node = s;
        for (const key of path.slice(0, -1)) node = node[key];
        node[path[path.length - 1]] = value;
        const checked = validateScenario(s);
        if (checked.ok) {
          expect(validateScenario(checked.scenario)).toEqual({ok: true, scenario: checked.scenario, warnings: []});
        } else {
          for (const line of checked.errors) expect(line).toMatch(ERROR_LINE);
        }
      }),
      {numRuns: 400}
    );
  });
});
