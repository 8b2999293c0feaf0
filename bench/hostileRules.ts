/**
 * "Finite or refused" (issue 13), as checks shared by bench/fuzz.ts and the property test
 * (test/hostile.test.ts), kept in bench/ so that no bench script imports test code:
 * what a result or a refusal must never contain.
 */
import type {Result, Scenario} from "../lib/scenario.ts";

export interface ContractProblem {
  kind: "not finite" | "null or missing" | "negative" | "NaN in text";
  path: string;
  detail: string;
}

/** Contract v1/v2 keys that are numbers (never null) whenever their section is present. */
const NUMBERS = {
  params: ["total", "active", "trainable"],
  memory: ["weightsBytes", "kvCacheBytes", "activationsBytes", "gradientsBytes", "optimizerBytes", "overheadBytes",
    "totalBytes", "capacityBytes"],
  inference: ["prefillSeconds", "timeToFirstTokenSeconds", "decodeTokensPerSecond", "throughputTokensPerSecond",
    "maxBatchSize", "maxContextTokens"],
  training: ["flopsPerToken", "totalFlops", "tokensPerSecondPerGpu", "stepSeconds", "gpuHours", "wallClockSeconds"],
  serving: ["concurrency", "requestsPerSecond", "timeToFirstTokenSeconds", "timePerOutputTokenSeconds", "endToEndSeconds",
    "outputTokensPerSecondPerUser", "outputTokensPerSecondPerGpu", "totalTokensPerSecondPerGpu"]
} as const;

const NOT_A_NUMBER_TEXT = /NaN|Infinity|undefined/;

function walk(value: unknown, path: string, out: ContractProblem[]): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) out.push({kind: "not finite", path, detail: String(value)});
  } else if (typeof value === "string") {
    if (NOT_A_NUMBER_TEXT.test(value)) out.push({kind: "NaN in text", path, detail: value.slice(0, 200)});
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, out));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, out);
  }
}

/** Every way a result breaks "finite or refused", with its JSON path. */
export function contractProblems(result: Result, scenario: Scenario): ContractProblem[] {
  const out: ContractProblem[] = [];
  walk(result, "", out);
  const section = (name: string, object: unknown, keys: readonly string[]) => {
    if (object === null || typeof object !== "object") {
      out.push({kind: "null or missing", path: name, detail: String(object)});
      return;
    }
    for (const key of keys) {
      const v = (object as Record<string, unknown>)[key];
      if (typeof v !== "number") out.push({kind: "null or missing", path: `${name}.${key}`, detail: String(v)});
      else if (v < 0) out.push({kind: "negative", path: `${name}.${key}`, detail: String(v)});
    }
  };
  section("params", result.params, NUMBERS.params);
  section("memory", result.memory, NUMBERS.memory);
  const w = scenario.workload;
  if (w.type === "inference") {
    section("inference", result.inference, NUMBERS.inference);
    // Serving that a machine cannot model (local llama.cpp) is null with a warning that says so.
    const servingExplained = result.warnings.some((line) => /inference\.serving is null/.test(line));
    if (w.serving && !servingExplained) {
      section("inference.serving", (result.inference as Record<string, unknown> | null)?.serving, NUMBERS.serving);
    }
    if (scenario.pricing?.usdPerGpuHour !== undefined) {
      section("cost", result.cost, ["usdPerMillionOutputTokens", "usdPerMillionInputTokens"]);
    }
  } else {
    section("training", result.training, NUMBERS.training);
    if (scenario.pricing?.usdPerGpuHour !== undefined) section("cost", result.cost, ["trainingUsd"]);
  }
  return out;
}

/** A refusal line starts with the JSON path of the field at fault, once. */
const PATH = /^(scenario|model|hardware|workload|pricing|plan)(\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*: /;
const SECOND_PATH = /^[^:]*: (scenario|model|hardware|workload|pricing|plan)(\.[A-Za-z_$][\w$]*)*: /;

export interface RefusalProblem {
  kind: "no path" | "doubled path" | "NaN in text";
  line: string;
}

/** Every refusal line that does not name one JSON path first, or that prints NaN. */
export function refusalProblems(lines: readonly string[]): RefusalProblem[] {
  const out: RefusalProblem[] = [];
  for (const line of lines) {
    const shown = line.length > 300 ? `${line.slice(0, 300)}…` : line;
    if (!PATH.test(line)) out.push({kind: "no path", line: shown});
    else if (SECOND_PATH.test(line)) out.push({kind: "doubled path", line: shown});
    if (/NaN|Infinity/.test(line.replace(/got -?Infinity|got NaN/g, ""))) out.push({kind: "NaN in text", line: shown});
  }
  return out;
}
