import {describe, expect, it} from "vitest";
import {compareValues, errorStatistics, explanationFor, formatValidationTable, markInformational, median, metricKind, mfuOf, rowStatus, runCase, sourceIdOf,
  TOLERANCES, unitOfMetric, valueAt, withinExplainedBound, type ValidationRow} from "../../lib/validation.ts";

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

  it("takes a case's source id from source_id, else from its id without the -b/-c suffix", () => {
    expect(sourceIdOf({id: "IS-020-b"})).toBe("IS-020");
    expect(sourceIdOf({id: "IS-099", source_id: "IS-054"})).toBe("IS-054");
  });

  it("marks a case informational when its source row has unverified parts, whatever the case says", () => {
    const marked = markInformational([{...llama31Weights, id: "TC-060-b"}, llama31Weights], new Set(["TC-060"]));
    expect(marked.map((c) => c.informational === true)).toEqual([true, false]);
  });

  it("names the SI unit of result and derived metrics", () => {
    expect(unitOfMetric("memory.kvCacheBytesPerToken")).toBe("bytes/token");
    expect(unitOfMetric("derived.allocatorPeakBytes")).toBe("bytes");
    expect(unitOfMetric("training.tokensPerSecondPerGpu")).toBe("tokens/s/GPU");
    expect(unitOfMetric("cost.trainingUsd")).toBe("USD");
    expect(unitOfMetric("derived.recomputeFlopsRatio")).toBe("×");
    expect(unitOfMetric("derived.maxSequenceLength")).toBe("tokens");
  });

  it("compares a published 0 (nothing fits) as pass/fail and leaves it out of the error statistics", () => {
    expect(compareValues(0, 0)).toEqual({error: 0, ratio: 1});
    expect(compareValues(512, 0).error).toBe(Number.POSITIVE_INFINITY);
    const zero: ValidationRow = {...row("z", 0, "memory"), predicted: 0, published: 0};
    expect(errorStatistics([row("a", 0.1, "memory"), zero]).count).toBe(1);
  });

  it("converts Megatron's achieved 140 TFLOP/s (8 FLOPs per parameter-token) on a 312 TFLOPS A100 to MFU (6/8)·140/312", () => {
    expect(mfuOf({scenario: {}, mfuFrom: {from: "megatron-achieved-flops", achievedTflopsPerGpu: 140, peakTflops: 312}})).toBeCloseTo(0.3365, 4);
    expect(mfuOf({scenario: {workload: {mfu: 0.57}}})).toBe(0.57);
  });

  // GPT-2 124M-shaped MosaicML-style model on one A100 at sequence 2048: its non-causal count is larger, so the causal MFU is smaller.
  const trainingScenario = {model: "gpt2-124m", hardware: {gpu: {name: "A100 SXM4 80GB", memoryGB: 80, bandwidthGBps: 2039, tflops: {bf16: 312}}, count: 1},
    workload: {type: "training", method: "full", precision: "bf16-mixed", optimizer: "adamw", microBatchSize: 1, sequenceLength: 1024,
      gradientAccumulation: 1, activationCheckpointing: "none", flashAttention: true, zeroStage: 0, tensorParallel: 1, pipelineParallel: 1,
      expertParallel: 1, sequenceParallel: false}};

  it("turns MosaicML's non-causal MFU into a causal one that gives the same tokens/s", () => {
    const mfu = mfuOf({scenario: trainingScenario, mfuFrom: {from: "non-causal-mfu", mfu: 0.5}}) as number;
    expect(mfu).toBeLessThan(0.5);
    expect(mfu).toBeGreaterThan(0.4);
  });

  it("implies an MFU from a reference run's published tokens/s/GPU: tokens/s × FLOPs per token / peak", () => {
    // Feeding the implied MFU back into the same scenario must give back the published tokens/s.
    const mfu = mfuOf({scenario: trainingScenario, mfuFrom: {from: "reference-throughput", tokensPerSecondPerGpu: 50_000, scenario: trainingScenario}}) as number;
    const r = runCase({id: "x", category: "training_compute", scenario: {...trainingScenario, workload: {...trainingScenario.workload, mfu}},
      metric: "training.tokensPerSecondPerGpu", expected: 50_000, tolerance: "training"});
    expect(r.error).toBeCloseTo(0, 9);
  });

  it("computes derived metrics: reserved peak below the total by the CUDA context, allocated peak below it by the allocator's cache, a recompute ratio of 4/3 and up, no length that fits on 1 GB", () => {
    const base = {id: "x", category: "training_memory", scenario: trainingScenario, expected: 1, tolerance: "memory" as const};
    const total = runCase({...base, metric: "memory.totalBytes"}).predicted as number;
    const reserved = runCase({...base, metric: "derived.reservedPeakBytes"}).predicted as number;
    const allocator = runCase({...base, metric: "derived.allocatorPeakBytes"}).predicted as number;
    const overhead = runCase({...base, metric: "memory.overheadBreakdown.contextBytes"}).predicted as number;
    const fragmentation = runCase({...base, metric: "memory.overheadBreakdown.fragmentationBytes"}).predicted as number;
    expect(total - reserved).toBeCloseTo(overhead, 0);
    expect(reserved - allocator).toBeCloseTo(fragmentation, 0);
    expect(fragmentation).toBeGreaterThan(0);
    const full = {...trainingScenario, workload: {...trainingScenario.workload, activationCheckpointing: "full"}};
    expect(runCase({...base, scenario: full, metric: "derived.recomputeFlopsRatio"}).predicted).toBeGreaterThanOrEqual(4 / 3);
    const tiny = {...trainingScenario, hardware: {gpu: {name: "1 GB", memoryGB: 1, bandwidthGBps: 100, tflops: {bf16: 10}}, count: 1}};
    expect(runCase({...base, scenario: tiny, metric: "derived.maxSequenceLength", expected: 0}).ok).toBe(true);
    expect(runCase({...base, metric: "derived.unknown"}).problem).toMatch(/unknown derived metric/);
  });

  it("judges a row ok, explained within its stated bound, outside beyond it, or informational", () => {
    const e = {ids: ["b"], why: "a reason", maxRatio: 2};
    expect(explanationFor([e], "b")).toBe(e);
    expect(rowStatus(row("a", 0.1), undefined)).toBe("ok");
    expect(rowStatus(row("b", 0.9), e)).toBe("explained");
    expect(rowStatus(row("b", 1.5), e)).toBe("outside");
    expect(rowStatus(row("c", 0.9), undefined)).toBe("outside");
    expect(rowStatus({...row("d", 0.9), informational: true}, undefined)).toBe("informational");
    expect(withinExplainedBound(row("b", -0.5), {ids: ["b"], why: "", maxAbsError: 0.6})).toBe(true);
    expect(withinExplainedBound(row("b", -0.7), {ids: ["b"], why: "", maxAbsError: 0.6})).toBe(false);
    expect(withinExplainedBound(row("b", -0.1), {ids: ["b"], why: ""})).toBe(false);
  });
});
