import {spawnSync} from "node:child_process";
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {ENGINES, KV_FORMATS, WEIGHT_FORMATS} from "../lib/formats.ts";
import {formatResultTable} from "../lib/format/table.ts";
import {BACKENDS} from "../lib/hardware.ts";
import type {Result} from "../lib/scenario.ts";

const ROOT = join(import.meta.dirname, "..");
const EXAMPLES = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".json")).sort();

/** Runs `bin/estimate.ts` as the npm script does (through tsx), with optional standard input. */
function estimate(args: string[], input?: string) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", ...args], {
    cwd: ROOT, input, encoding: "utf8", timeout: 60_000
  });
  return {status: run.status, stdout: run.stdout, stderr: run.stderr};
}

function example(file: string): Record<string, any> {
  return JSON.parse(readFileSync(join(ROOT, "examples", file), "utf8"));
}

function scenario(): Record<string, any> {
  return {
    model: "llama-3.1-8b",
    hardware: {gpu: "h100-sxm", count: 1},
    workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 1024, outputTokens: 256}
  };
}

/** Every key of contract v1 (shared/specs/scenario.md, "Result"), with its type. */
function expectContract(result: any, type: "inference" | "training", priced: boolean) {
  const isNumber = (x: unknown) => typeof x === "number" && Number.isFinite(x);
  for (const key of ["total", "active", "trainable"]) expect(isNumber(result.params[key]), `params.${key}`).toBe(true);
  for (const key of ["weightsBytes", "kvCacheBytes", "activationsBytes", "gradientsBytes", "optimizerBytes",
    "overheadBytes", "totalBytes", "capacityBytes"]) {
    expect(isNumber(result.memory[key]) && result.memory[key] >= 0, `memory.${key}`).toBe(true);
  }
  expect(typeof result.memory.fits).toBe("boolean");
  expect(result.params.total).toBeGreaterThan(0);
  expect(result.memory.weightsBytes).toBeGreaterThan(0);
  expect(result.memory.capacityBytes).toBeGreaterThan(0);
  if (type === "inference") {
    expect(result.training).toBeNull();
    for (const key of ["prefillSeconds", "timeToFirstTokenSeconds", "decodeTokensPerSecond", "throughputTokensPerSecond",
      "maxBatchSize", "maxContextTokens"]) {
      expect(isNumber(result.inference[key]), `inference.${key}`).toBe(true);
    }
    expect(["memory", "compute"]).toContain(result.inference.decodeBound);
  } else {
    expect(result.inference).toBeNull();
    for (const key of ["flopsPerToken", "totalFlops", "tokensPerSecondPerGpu", "stepSeconds", "gpuHours", "wallClockSeconds"]) {
      expect(isNumber(result.training[key]), `training.${key}`).toBe(true);
    }
  }
  if (!priced) expect(result.cost).toBeNull();
  else {
    for (const key of ["usdPerMillionOutputTokens", "usdPerMillionInputTokens", "trainingUsd"]) {
      expect(result.cost[key] === null || isNumber(result.cost[key]), `cost.${key}`).toBe(true);
    }
  }
  expect(Array.isArray(result.warnings) && result.warnings.every((w: unknown) => typeof w === "string")).toBe(true);
}

describe("estimate command: invalid input", () => {
  it("exits 2 on an invalid scenario, with one line per problem on stderr and nothing on stdout", () => {
    const s = scenario();
    s.workload.batchSize = -4;
    s.workload.weights = "q4";
    const run = estimate(["-"], JSON.stringify(s));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines).toContain("workload.batchSize: got -4, expected an integer >= 1");
    expect(lines.some((l) => l.startsWith('workload.weights: got "q4", expected one of fp32, bf16'))).toBe(true);
  });

  it("exits 2 on text that is not JSON, saying so on stderr", () => {
    const run = estimate(["-"], '{"model": "llama-3.1-8b",');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^standard input: got text that is not JSON/);
  });

  it("exits 2 when the file does not exist", () => {
    const run = estimate(["examples/no-such-scenario.json"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/no-such-scenario\.json: cannot be read/);
  });

  it("answers an array of invalid scenarios with errors in each slot, and exits 2", () => {
    const bad = scenario();
    bad.hardware.count = 0;
    const run = estimate(["-"], JSON.stringify([bad, 42]));
    expect(run.status).toBe(2);
    const out = JSON.parse(run.stdout);
    expect(out).toEqual([
      {errors: ["hardware.count: got 0, expected an integer >= 1"]},
      {errors: [expect.stringMatching(/^scenario: got 42, expected a scenario object/)]}
    ]);
    expect(run.stderr).toContain("[0] hardware.count: got 0, expected an integer >= 1");
  });

  it("rejects an unknown option and an unknown format with exit status 2", () => {
    expect(estimate(["--frobnicate", "x.json"]).status).toBe(2);
    const run = estimate(["--format", "yaml", "x.json"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--format: got "yaml", expected json or table');
  });

  it("prints its usage for --help and exits 0", () => {
    const run = estimate(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run --silent estimate --/);
    expect(run.stdout).toContain("--format json|table");
    expect(run.stdout).toContain("docs/scenario.md");
  });

  it("points to a contract file in the repository that names every engine, format and back-end the validator accepts", () => {
    const doc = readFileSync(join(ROOT, "docs", "scenario.md"), "utf8");
    for (const name of [...ENGINES, ...WEIGHT_FORMATS, ...KV_FORMATS, ...BACKENDS]) expect(doc, name).toContain(`\`${name}\``);
  });
});

// These need the engine (lib/estimate.ts, `estimateScenario`).
describe("estimate command: setups that cannot run", () => {
  const setups: [string, Record<string, unknown>, string, RegExp][] = [
    ["AWQ weights with llama.cpp", {gpu: "rtx-4090", engine: "llama.cpp", weights: "awq-int4", kvCache: "fp16"}, "workload.weights", /q4_k_m/],
    ["FP8 weights on a T4 with vLLM", {gpu: "t4", engine: "vllm", weights: "fp8", kvCache: "fp16"}, "workload.weights", /int8/],
    ["vLLM on Apple M2 Ultra", {gpu: "apple-m2-ultra", engine: "vllm", weights: "bf16", kvCache: "bf16"}, "workload.engine", /llama\.cpp/]
  ];
  for (const [what, s, field, offer] of setups) {
    it(`exits 2 for ${what}, naming ${field} and what would work, with nothing on stdout`, () => {
      const scenario = {model: "llama-3.1-8b", hardware: {gpu: s.gpu, count: 1}, workload: {type: "inference", engine: s.engine,
        weights: s.weights, kvCache: s.kvCache, batchSize: 1, promptTokens: 512, outputTokens: 128}};
      const run = estimate(["-"], JSON.stringify(scenario));
      expect(run.status).toBe(2);
      expect(run.stdout).toBe("");
      const lines = run.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]!.startsWith(`${field}: got "${field === "workload.engine" ? s.engine : s.weights}"`)).toBe(true);
      expect(lines[0]).toMatch(/would work: /);
      expect(lines[0]).toMatch(offer);
    });
  }
});

describe("estimate command: answers", () => {
  it.each(EXAMPLES)("answers examples/%s with every contract key, typed", (file) => {
    const input = example(file);
    const run = estimate([join("examples", file)]);
    expect(run.stderr.split("\n").filter((l) => l && !l.startsWith("npm warn"))).toEqual([]);
    expect(run.status).toBe(0);
    expectContract(JSON.parse(run.stdout), input.workload.type, input.pricing !== undefined);
  });

  it("reads standard input and answers an array in order, an invalid element with errors in its slot", () => {
    const bad = scenario();
    bad.workload.promptTokens = "many";
    const good = scenario();
    const run = estimate(["-"], JSON.stringify([good, bad, example(EXAMPLES[0])]));
    expect(run.status).toBe(2);
    const out = JSON.parse(run.stdout);
    expect(out).toHaveLength(3);
    expectContract(out[0], "inference", false);
    expect(out[1]).toEqual({errors: ['workload.promptTokens: got a string ("many"), expected an integer >= 1']});
    expectContract(out[2], example(EXAMPLES[0]).workload.type, example(EXAMPLES[0]).pricing !== undefined);
  });

  it("exits 2 with a path-named line for an unknown catalog id (found only when resolving)", () => {
    const s = scenario();
    s.model = "llama-9-1t";
    const run = estimate(["-"], JSON.stringify(s));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^model: got "llama-9-1t", expected/);
  });

  it("passes validation warnings on in the result's warnings", () => {
    const s = scenario();
    s.workload.speculativeDecoding = true;
    const run = estimate(["-"], JSON.stringify(s));
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).warnings).toContain("unknown field workload.speculativeDecoding ignored");
  });

  it("prints a labelled table with --format table", () => {
    const run = estimate(["--format", "table", join("examples", EXAMPLES.find((f) => f.includes("70b"))!)]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Memory per GPU \(GiB = 2\^30 bytes, GB = 10\^9 bytes\)/);
    expect(run.stdout).toMatch(/weights +\d+\.\d\d GiB +\d+\.\d\d GB/);
    expect(run.stdout).toMatch(/tokens\/s/);
    expect(run.stdout).toMatch(/per million tokens/);
  });
});

describe("formatResultTable", () => {
  function result(overrides: Partial<Result> = {}): Result {
    const GIB = 2 ** 30;
    return {
      params: {total: 8_030_261_248, active: 8_030_261_248, trainable: 8_030_261_248},
      memory: {weightsBytes: 15 * GIB, kvCacheBytes: 0.5 * GIB, activationsBytes: 0, gradientsBytes: 0,
        optimizerBytes: 0, overheadBytes: GIB, totalBytes: 16.5 * GIB, capacityBytes: 80e9, fits: true},
      inference: {prefillSeconds: 0.05, timeToFirstTokenSeconds: 0.06, decodeTokensPerSecond: 180.4,
        throughputTokensPerSecond: 180.4, decodeBound: "memory", maxBatchSize: 120, maxContextTokens: 131072,
        decodeStepSeconds: 1 / 180.4, prefillTokensPerSecond: 20480, decodeThroughputTokensPerSecond: 180.4, prefillBound: "compute",
        computeBoundBatchSize: 300, fewestGpus: 1, computePrecision: "bf16", tensorParallel: 1, pipelineParallel: 1},
      training: null,
      cost: {usdPerMillionOutputTokens: 3.85, usdPerMillionInputTokens: null, trainingUsd: null},
      warnings: ["an assumption"],
      ...overrides
    };
  }

  it("shows memory in both GiB (2^30) and GB (10^9): 15 GiB is 16.11 GB", () => {
    expect(formatResultTable({result: result()})).toMatch(/weights +15\.00 GiB +16\.11 GB/);
  });

  it("states capacity use as a share of the GPU's memory: 16.5 GiB of 80 GB is 22.1 %", () => {
    // 16.5 × 2^30 / 80e9 = 0.2215
    expect(formatResultTable({result: result()})).toContain("yes (22.1 % of capacity)");
  });

  it("labels speeds, prices, counts and lists the warnings", () => {
    const text = formatResultTable({result: result()});
    expect(text).toContain("180 tokens/s");
    expect(text).toContain("$3.85 per million tokens");
    expect(text).toContain("131,072 tokens");
    expect(text).toContain("8.03 B (8,030,261,248)");
    expect(text).toMatch(/Warnings\n  - an assumption/);
  });

  it("writes long training times in hours or days as well as seconds", () => {
    const text = formatResultTable({result: result({inference: null, cost: null, training: {
      flopsPerToken: 4.8e10, totalFlops: 7.2e23, tokensPerSecondPerGpu: 3000, stepSeconds: 12,
      gpuHours: 1e6, wallClockSeconds: 3 * 86400, flopsPerTokenNonCausal: 5e10, hardwareFlopsPerToken: 6.4e10,
      sixNFlopsPerToken: 4.8e10, mfu: 0.4, hfu: 0.5, goodput: 0.9, peakFlopsPerSecond: 989e12, computePrecision: "bf16",
      tokensPerStep: 4e6, trainingTokens: 15e12, chinchillaTokens: 1.6e11
    }})});
    expect(text).toContain("259,200 s (3.00 days)");
    expect(text).toContain("7.20e23 FLOP");
    expect(text).not.toContain("Inference");
    expect(text).not.toContain("Cost");
  });

  it("lists keys beyond the contract with a unit read from their name", () => {
    const r = result();
    r.memory.kvPoolBytes = 2 ** 30;
    expect(formatResultTable({result: r})).toMatch(/kv pool bytes +1\.00 GiB +1\.07 GB/);
  });
});
