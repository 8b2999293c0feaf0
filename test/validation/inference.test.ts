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
 * A row outside its tolerance is either an engine bug to fix or listed in EXPLAINED with the
 * reason and a wider bound it must still meet; where the reason is a checkable claim, a test
 * below checks it. Rows whose source has unverified parts are printed but never asserted.
 */
import {describe, expect, it} from "vitest";
import {inferenceEstimate} from "../../lib/inference.ts";
import {resolveGpu, resolveModel} from "../../lib/resolve.ts";
import {estimate} from "../../lib/estimate.ts";
import type {InferenceWorkload} from "../../lib/scenario.ts";
import {errorStatistics, formatValidationTable, runCase, type ValidationCase, type ValidationRow} from "../../lib/validation.ts";
import {INFERENCE_CATEGORIES, loadCases, loadNotExpressible, loadPublished, sourceIdOf} from "./cases.ts";

interface Explained {
  why: string;
  /** The row must still satisfy max(pred/pub, pub/pred) ≤ maxRatio. */
  maxRatio: number;
}

const LLAMA_CPP_DEC_2023 =
  "llama.cpp build 1671 (Dec 2023) ran prompt processing at 5-7k tok/s on an RTX 4090, an A100 and an H100 alike " +
  "(IS-019/020/021: 7.3k, 5.1k, 7.4k tok/s for F16, while the GPUs' fp16 tensor peaks differ 4.6x), i.e. a software " +
  "ceiling far below the tensor peaks; the engine's llama.cpp prefill efficiency is fitted to May-2024 builds (IS-026-c), " +
  "which are 3-5x faster. Bound 7x: the worst (H100 PCIe Q4_0) is 6.5x.";
const PHASE_COST =
  "Cost per output token: the engine charges decode seconds to output tokens and prefill seconds to input tokens, " +
  "while the source divides the whole $2/GPU-hour by the end-to-end output throughput (prefill included), which at " +
  "this long-prompt max-load point spends about half its time in prefill. The end-to-end figure, price over " +
  "inference.throughputTokensPerSecond, is within tolerance (test below). Bound 2.5x.";

const FP4 =
  "B200 running gpt-oss with MXFP4 weights in TensorRT-LLM: the engine multiplies mxfp4 weights at the bf16 rate " +
  "(they are dequantized on Hopper and earlier), while TensorRT-LLM on Blackwell runs FP4 GEMMs natively. With the " +
  "B200's dense FP4 peak and the profile's 0.65 efficiency the estimate overshoots by ~+54 %: FP4 GEMM efficiency " +
  "on B200 is not known from any source here, so neither rate is asserted. Bound 2x.";

const EXPLAINED: Record<string, Explained> = {
  "IS-020": {why: LLAMA_CPP_DEC_2023, maxRatio: 7},
  "IS-020-b": {why: LLAMA_CPP_DEC_2023, maxRatio: 7},
  "IS-021": {why: LLAMA_CPP_DEC_2023, maxRatio: 7},
  "IS-021-b": {why: LLAMA_CPP_DEC_2023, maxRatio: 7},
  "IS-028-c": {
    why: "Llama 3 70B F16 pp512 on RTX 3090s: layer split runs the slices one after another, so one GPU computes at a " +
      "time, yet the published 579 tok/s implies 82 TFLOP/s, above the 71.2 TFLOPS FP32-accumulate peak the GPU is " +
      "given. llama.cpp's cuBLAS GEMMs accumulate in FP16 on NVIDIA (CUBLAS_COMPUTE_16F in ggml_cuda_op_mul_mat_cublas, " +
      "ggml/src/ggml-cuda/ggml-cuda.cu), which GeForce cards run at twice the FP32-accumulate rate (142 TFLOPS on a " +
      "3090, NVIDIA GA102 whitepaper); the contract has one fp16 figure per GPU. On 142 TFLOPS, IS-026-c, IS-027-c and " +
      "IS-028-c all sit at 46-57 % of peak. Bound 2x.",
    maxRatio: 2
  },
  "IS-064-b": {
    why: "Falcon-180B, 128-token TTFT on 8xA100: the prefill sits on the roofline ridge (weight streaming 26 ms, " +
      "matrix work 28 ms per GPU), where max(weight, compute) is most optimistic: GEMMs with 128 rows reach neither " +
      "peak. Adding the two instead of taking the larger comes within tolerance (test below). Bound 2.5x.",
    maxRatio: 2.5
  },
  "IS-010-b": {
    why: "Llama 2 7B F16 (13.5 GB) on a 16 GB M3: macOS lets the GPU wire only part of unified memory (Metal's " +
      "recommendedMaxWorkingSetSize, about 2/3-3/4 of RAM), so weights page during decode; the engine has no such " +
      "limit (test below checks the weights exceed 3/4 of the memory). Bound 2x.",
    maxRatio: 2
  },
  "IS-075": {
    why: "M1 7-core F16 tg128: 7.92 tok/s x 13.5 GB of weights is 107 GB/s, more than the M1's 68.25 GB/s " +
      "LPDDR4X peak, which a batch-1 decode cannot exceed (test below). The row's hardware label or the figure is off " +
      "(only the first rows of discussion #4167's table were read). Bound 2x.",
    maxRatio: 2
  },
  "IS-075-b": {
    why: "M1 7-core Q8_0 tg128: 14.19 tok/s x 7.2 GB is 101 GB/s, above the 68.25 GB/s peak, as IS-075. Bound 2x.",
    maxRatio: 2
  },
  "IS-054": {why: FP4, maxRatio: 2},
  "SC-010": {why: PHASE_COST, maxRatio: 2.5}
};


const cases = loadCases(INFERENCE_CATEGORIES);
const caseById = new Map(cases.map((c) => [c.id, c]));
const rows: ValidationRow[] = cases.map(runCase);
const hard = rows.filter((r) => !r.informational);
const flag = (r: ValidationRow) => (r.informational ? "info" : r.ok ? "ok" : EXPLAINED[r.id] ? "explained" : "FAIL");

function caseOf(id: string): ValidationCase {
  const c = caseById.get(id);
  if (!c) throw new Error(`no case ${id}`);
  return c;
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
      ...loadNotExpressible().map((n) => `  ${n.id}: ${n.why}`)
    ];
    console.log(lines.join("\n"));
    expect(rows.length).toBeGreaterThanOrEqual(80);
  });

  it("accounts for every published inference and serving-cost figure: a case, or a reason it cannot be expressed", () => {
    const covered = new Set(cases.map(sourceIdOf));
    const notExpressible = loadNotExpressible();
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

  it("lists in EXPLAINED only rows that exist and are hard tests", () => {
    const hardIds = new Set(hard.map((r) => r.id));
    expect(Object.keys(EXPLAINED).filter((id) => !hardIds.has(id))).toEqual([]);
  });

  it.each(hard.filter((r) => !EXPLAINED[r.id]).map((r) => [r.id, r.metric, r.toleranceClass, r] as const))(
    "predicts %s (%s) within its %s tolerance",
    (_id, _metric, _class, row) => {
      expect(row.error).not.toBeNull();
      expect(Math.abs(row.error as number), `${row.id}: predicted ${row.predicted}, published ${row.published}`)
        .toBeLessThanOrEqual(row.tolerance);
    }
  );

  it.each(hard.filter((r) => EXPLAINED[r.id]).map((r) => [r.id, EXPLAINED[r.id].maxRatio, r] as const))(
    "keeps explained row %s within its stated bound of %sx",
    (_id, maxRatio, row) => {
      expect(row.ratio as number, EXPLAINED[row.id].why).toBeLessThanOrEqual(maxRatio);
    }
  );

  it("keeps the median |error| of memory figures at or below 10 %", () => {
    expect(errorStatistics(hard.filter((r) => r.kind === "memory")).medianAbsError).toBeLessThanOrEqual(0.10);
  });

  it("keeps the median |error| of speed figures at or below 25 %", () => {
    expect(errorStatistics(hard.filter((r) => r.kind === "speed")).medianAbsError).toBeLessThanOrEqual(0.25);
  });

  it("is never off by more than 2x except on explained rows", () => {
    const off = hard.filter((r) => !EXPLAINED[r.id] && (r.ratio ?? Infinity) > 2).map((r) => r.id);
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
