import {describe, expect, it} from "vitest";
import {errorStatistics, formatValidationTable, median, metricKind, runCase, TOLERANCES, valueAt, type ValidationRow} from "../../lib/validation.ts";

const row = (id: string, error: number | null, kind: ValidationRow["kind"] = "speed"): ValidationRow => ({
  id, category: "inference_speed", kind, metric: "inference.decodeTokensPerSecond", description: "",
  predicted: error === null ? null : 100 * (1 + error), published: 100, error,
  ratio: error === null ? null : Math.max(1 + error, 1 / (1 + error)),
  toleranceClass: "speed", tolerance: TOLERANCES.speed, ok: error !== null && Math.abs(error) <= TOLERANCES.speed, informational: false
});

// A real published case: Llama 3.1 8B bf16 weights (IM-017: 8,030,261,248 parameters x 2 bytes).
const llama31Weights = {
  id: "IM-017-like", category: "inference_memory", metric: "memory.weightsBytes", expected: 8_030_261_248 * 2, tolerance: "tight" as const,
  scenario: {model: "llama-3.1-8b", hardware: {gpu: "h100-sxm", count: 1},
    workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", batchSize: 1, promptTokens: 512, outputTokens: 128}}
};

describe("validation helpers", () => {
  it("reads a dotted metric path out of a result and gives undefined for a missing one", () => {
    expect(valueAt({memory: {weightsBytes: 5}}, "memory.weightsBytes")).toBe(5);
    expect(valueAt({memory: null}, "memory.weightsBytes")).toBeUndefined();
  });

  it("takes the median of odd and even lists", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("summarises |error| by median, mean, max and worst ratio, leaving failed rows out of the statistics", () => {
    const s = errorStatistics([row("a", 0.05), row("b", -0.1), row("c", 0.2), row("d", null)]);
    expect(s.count).toBe(3);
    expect(s.failed).toBe(1);
    expect(s.medianAbsError).toBeCloseTo(0.1, 12);
    expect(s.meanAbsError).toBeCloseTo(0.35 / 3, 12);
    expect(s.maxAbsError).toBeCloseTo(0.2, 12);
    expect(s.worstRatio).toBeCloseTo(1.2, 12);
    expect(s.withinTolerance).toBe(3);
  });

  it("groups categories into memory, speed, cost and training", () => {
    expect(metricKind("inference_memory")).toBe("memory");
    expect(metricKind("training_memory")).toBe("memory");
    expect(metricKind("inference_speed")).toBe("speed");
    expect(metricKind("serving_cost")).toBe("cost");
    expect(metricKind("training_compute")).toBe("training");
  });

  it("runs a case through estimate and compares with the published parameter count's bytes", () => {
    const r = runCase(llama31Weights);
    expect(r.problem).toBeUndefined();
    expect(Math.abs(r.error as number)).toBeLessThanOrEqual(0.02);
    expect(r.ok).toBe(true);
  });

  it("reports an invalid scenario as a row with no prediction and the validation message", () => {
    const r = runCase({...llama31Weights, scenario: {...llama31Weights.scenario, hardware: {gpu: "h100-sxm", count: 0}}});
    expect(r.predicted).toBeNull();
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/hardware\.count/);
  });

  it("prints one line per row under a header", () => {
    const text = formatValidationTable([row("a", 0.05), row("b", null)]);
    expect(text.split("\n")).toHaveLength(3);
    expect(text).toMatch(/\+5\.0/);
  });
});
