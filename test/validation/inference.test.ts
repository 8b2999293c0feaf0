/**
 * Every inference figure of data/ground-truth/published.json that the scenario contract can
 * express, run through `estimate` and compared with the published value.
 *
 * Tolerance classes (data/ground-truth/README.md): tight 2 % for byte counts that follow from
 * the architecture alone (weights in a fixed format, KV bytes per token); memory 15 % for
 * figures that also carry an engine's allocator and runtime memory; speed 35 % for measured
 * speeds, where the same model and GPU differ by 10-20 % between builds and runs (compare
 * IS-026/IS-027, one llama.cpp build on two RTX 3090 hosts); cost 35 % because a cost is a
 * speed times a price. The summary goals are tighter than the per-row classes: median |error|
 * ≤ 10 % on memory rows and ≤ 25 % on speed rows, and no row off by more than 2x.
 *
 * A row outside its tolerance is either an engine bug to fix or listed in
 * data/ground-truth/explanations.json with the reason and a wider bound it must still meet (the
 * Validation page shows the same text); where the reason is a checkable claim, a test below
 * checks it. Rows whose source has unverified parts are printed but never asserted.
 */
import {describe, expect, it} from "vitest";
import {inferenceEstimate} from "../../lib/inference.ts";
import {resolveGpu, resolveModel} from "../../lib/resolve.ts";
import {estimate} from "../../lib/estimate.ts";
import type {InferenceWorkload} from "../../lib/scenario.ts";
import {errorStatistics, explanationFor, formatValidationTable, runCase, withinExplainedBound, type ValidationCase, type ValidationRow} from "../../lib/validation.ts";
import {INFERENCE_CATEGORIES, TRAINING_CATEGORIES, loadCases, loadExplanations, loadNotExpressible, loadPublished, sourceIdOf} from "./cases.ts";

// Rows outside their tolerance: reason and stated bound, shared with the Validation page.
const EXPLANATIONS = loadExplanations();
const explained = (id: string) => explanationFor(EXPLANATIONS, id);

const cases = loadCases(INFERENCE_CATEGORIES);
const caseById = new Map(cases.map((c) => [c.id, c]));
const rows: ValidationRow[] = cases.map(runCase);
const hard = rows.filter((r) => !r.informational);
const flag = (r: ValidationRow) => (r.informational ? "info" : r.ok ? "ok" : explained(r.id) ? "explained" : "FAIL");

function caseOf(id: string): ValidationCase {
  const c = caseById.get(id);
  if (!c) throw new Error(`no case ${id}`);
  return c;
}

/** not-expressible.json's inference and serving-cost entries (it lists training figures too). */
function inferenceNotExpressible(): {id: string; why: string}[] {
  const category = new Map(loadPublished().map((r) => [r.id, r.category]));
  return loadNotExpressible().filter((n) => !(TRAINING_CATEGORIES as readonly string[]).includes(category.get(n.id) ?? ""));
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

describe("published inference figures (published.json via public-cases.json and extra-cases.json)", () => {
  it("prints the table of predicted against published figures", () => {
    const memory = errorStatistics(hard.filter((r) => r.kind === "memory"));
    const speed = errorStatistics(hard.filter((r) => r.kind === "speed"));
    const cost = errorStatistics(hard.filter((r) => r.kind === "cost"));
    const lines = [
      formatValidationTable(rows, flag),
      "",
      `memory: ${memory.count} rows, median |error| ${pct(memory.medianAbsError)}, max ${pct(memory.maxAbsError)}`,
      `speed:  ${speed.count} rows, median |error| ${pct(speed.medianAbsError)}, worst ratio ${speed.worstRatio.toFixed(2)}x`,
      `cost:   ${cost.count} rows, median |error| ${pct(cost.medianAbsError)}`,
      `informational (source has unverified parts, not asserted): ${rows.filter((r) => r.informational).map((r) => r.id).join(", ")}`,
      "",
      "not expressible:",
      ...inferenceNotExpressible().map((n) => `  ${n.id}: ${n.why}`)
    ];
    console.log(lines.join("\n"));
    expect(rows.length).toBeGreaterThanOrEqual(80);
  });

  it("accounts for every published inference and serving-cost figure: a case, or a reason it cannot be expressed", () => {
    const covered = new Set(cases.map(sourceIdOf));
    const notExpressible = inferenceNotExpressible();
    const skipped = new Set(notExpressible.map((n) => n.id));
    const published = loadPublished().filter((r) => (INFERENCE_CATEGORIES as readonly string[]).includes(r.category));
    const missing = published.filter((r) => !covered.has(r.id) && !skipped.has(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
    expect(notExpressible.filter((n) => covered.has(n.id)).map((n) => n.id)).toEqual([]);
    for (const n of notExpressible) expect(n.why.length, n.id).toBeGreaterThan(60);
  });

  it("marks every case whose source row has unverified parts as informational", () => {
    const unverified = new Set(loadPublished().filter((r) => r.contains_unverified_parts).map((r) => r.id));
    const wrong = rows.filter((r) => unverified.has(sourceIdOf(caseOf(r.id))) && !r.informational).map((r) => r.id);
    expect(wrong).toEqual([]);
  });

  it("gets a prediction for every case (no scenario is rejected)", () => {
    expect(rows.filter((r) => r.predicted === null).map((r) => `${r.id}: ${r.problem}`)).toEqual([]);
  });

  it("explains only hard rows that are outside their tolerance, each row at most once", () => {
    const inferenceIds = new Set(rows.map((r) => r.id));
    const listed = EXPLANATIONS.flatMap((e) => e.ids).filter((id) => inferenceIds.has(id));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.filter((id) => !hard.some((r) => r.id === id && !r.ok))).toEqual([]);
  });

  it.each(hard.filter((r) => !explained(r.id)).map((r) => [r.id, r.metric, r.toleranceClass, r] as const))(
    "predicts %s (%s) within its %s tolerance",
    (_id, _metric, _class, row) => {
      expect(row.error).not.toBeNull();
      expect(Math.abs(row.error as number), `${row.id}: predicted ${row.predicted}, published ${row.published}`)
        .toBeLessThanOrEqual(row.tolerance);
    }
  );

  it.each(hard.filter((r) => explained(r.id)).map((r) => [r.id, explained(r.id)!.maxRatio, r] as const))(
    "keeps explained row %s within its stated bound of %sx",
    (_id, maxRatio, row) => {
      expect(maxRatio, "inference explanations state a ratio bound").toBeDefined();
      expect(row.ratio as number, explained(row.id)!.why).toBeLessThanOrEqual(maxRatio as number);
      expect(withinExplainedBound(row, explained(row.id)!)).toBe(true);
    }
  );

  it("keeps the median |error| of memory figures at or below 10 %", () => {
    expect(errorStatistics(hard.filter((r) => r.kind === "memory")).medianAbsError).toBeLessThanOrEqual(0.10);
  });

  it("keeps the median |error| of speed figures at or below 25 %", () => {
    expect(errorStatistics(hard.filter((r) => r.kind === "speed")).medianAbsError).toBeLessThanOrEqual(0.25);
  });

  it("is never off by more than 2x except on explained rows", () => {
    const off = hard.filter((r) => !explained(r.id) && (r.ratio ?? Infinity) > 2).map((r) => r.id);
    expect(off).toEqual([]);
  });
});

describe("the explanations of the rows outside their tolerance", () => {
  it("SC-010's cost comes within tolerance when the whole GPU-hour is charged to end-to-end output throughput", () => {
    // The engine's throughputTokensPerSecond already amortises each batch's prefill over its output:
    //   throughput = B·OSL / (t_prefill(B prompts) + OSL·t_step(B)).
    const c = caseOf("SC-010");
    const out = estimate(c.scenario);
    if (!out.ok) throw new Error(out.errors.join("; "));
    const gpus = (c.scenario as {hardware: {count: number}}).hardware.count;
    const endToEnd = ((2 * gpus) / (out.result.inference!.throughputTokensPerSecond * 3600)) * 1e6;
    expect(Math.abs(endToEnd / c.expected - 1)).toBeLessThanOrEqual(0.35);
  });

  it("Falcon-180B's 128-token TTFT comes within tolerance when weight and matrix time add instead of overlapping", () => {
    const c = caseOf("IS-064-b");
    const s = c.scenario as {model: Record<string, unknown>; hardware: {gpu: never; count: number}; workload: InferenceWorkload};
    const est = inferenceEstimate({arch: resolveModel(s.model).arch, gpu: resolveGpu(s.hardware.gpu, []), gpuCount: s.hardware.count, workload: s.workload});
    const p = est.prefill;
    const ridge = p.weightSeconds / p.computeSeconds;
    expect(ridge).toBeGreaterThan(0.75);
    expect(ridge).toBeLessThan(1.33);
    const additive = est.timeToFirstTokenSeconds - p.seconds + p.kvSeconds + p.weightSeconds + p.computeSeconds + p.commSeconds + p.overheadSeconds;
    expect(Math.abs(additive / c.expected - 1)).toBeLessThanOrEqual(0.35);
  });

  it("the M1 decode figures need more bandwidth than the M1 has", () => {
    for (const id of ["IS-075", "IS-075-b"]) {
      const c = caseOf(id);
      const out = estimate(c.scenario);
      if (!out.ok) throw new Error(out.errors.join("; "));
      const gpu = (c.scenario as {hardware: {gpu: {bandwidthGBps: number}}}).hardware.gpu;
      expect(c.expected * out.result.memory.weightsBytes, id).toBeGreaterThan(gpu.bandwidthGBps * 1e9);
    }
  });

  it("the RTX 3090 pp512 figure needs more FLOP/s than the FP32-accumulate peak the GPU is given", () => {
    const c = caseOf("IS-028-c");
    const out = estimate(c.scenario);
    if (!out.ok) throw new Error(out.errors.join("; "));
    const s = c.scenario as {hardware: {gpu: {tflops: {fp16: number}}}; workload: InferenceWorkload};
    const impliedFlopsPerSecond = (2 * out.result.params.active * s.workload.promptTokens) / c.expected;
    expect(impliedFlopsPerSecond).toBeGreaterThan(s.hardware.gpu.tflops.fp16 * 1e12);
  });

  it("the Dec-2023 llama.cpp prompt rates barely depend on the GPU while the GPUs' fp16 peaks differ 4.6x", () => {
    const rates = ["IS-019", "IS-020", "IS-021"].map((id) => {
      const c = caseOf(id);
      return (c.scenario as {workload: InferenceWorkload}).workload.promptTokens / c.expected;
    });
    const peaks = ["IS-019", "IS-020", "IS-021"].map((id) => (caseOf(id).scenario as {hardware: {gpu: {tflops: {fp16: number}}}}).hardware.gpu.tflops.fp16);
    expect(Math.max(...rates) / Math.min(...rates)).toBeLessThan(1.5);
    expect(Math.max(...peaks) / Math.min(...peaks)).toBeGreaterThan(4);
  });

  it("the F16 7B model is more than 3/4 of the 16 GB M3's memory, beyond what Metal lets the GPU wire", () => {
    const c = caseOf("IS-010-b");
    const out = estimate(c.scenario);
    if (!out.ok) throw new Error(out.errors.join("; "));
    const gpu = (c.scenario as {hardware: {gpu: {memoryGB: number}}}).hardware.gpu;
    expect(out.result.memory.weightsBytes).toBeGreaterThan(0.75 * gpu.memoryGB * 1e9);
  });
});
