import {spawnSync} from "node:child_process";
import {mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {findGpu, GPU_IDS} from "../lib/catalog/index.ts";
import {WEIGHT_FORMATS} from "../lib/formats.ts";
import {deviceCapabilities, type GpuSpec} from "../lib/hardware.ts";
import {inferenceAtBatches, inferenceEstimate} from "../lib/inference.ts";
import {catalogPrice, paretoFront, planScenario, planServing, planTraining, type ServingPlanRow} from "../lib/planner.ts";
import {resolveModel} from "../lib/resolve.ts";
import {trainingEstimate} from "../lib/training/estimate.ts";
import {planToTarget} from "../lib/planner/servingTarget.ts";

const ROOT = join(import.meta.dirname, "..");
const llama8b = resolveModel("llama-3.1-8b").arch;
const llama1b = resolveModel("llama-3.2-1b").arch;

/** A fake GPU with round numbers (SI units). */
function fakeGpu(id: string, memoryGB: number, bandwidthGBps: number, bf16Tflops: number): GpuSpec {
  return {id, name: `Fake ${id}`, kind: "gpu", memoryBytes: memoryGB * 1e9, bandwidthBytesPerSecond: bandwidthGBps * 1e9,
    flopsPerSecond: {fp32: bf16Tflops * 1e12 / 8, bf16: bf16Tflops * 1e12, fp16: bf16Tflops * 1e12},
    interconnectBytesPerSecond: 300e9, source: "test"};
}

/** Whether row a dominates row b on (x, y): no worse on both, better on one. */
const dominates = (a: {x: number; y: number}, b: {x: number; y: number}) => a.x <= b.x && a.y <= b.y && (a.x < b.x || a.y < b.y);

describe("paretoFront", () => {
  it("marks the points no other point beats on both cost and latency (hand example)", () => {
    // (1,5): cheapest. (2,3): faster than (1,5). (3,4): beaten by (2,3) on both. (4,1): fastest.
    // The duplicate (2,3) is not beaten strictly by its twin, so both stay on the front.
    // (5,1): same latency as (4,1) but dearer: off. (NaN, 0): not a point.
    const points = [{x: 1, y: 5}, {x: 2, y: 3}, {x: 3, y: 4}, {x: 4, y: 1}, {x: 2, y: 3}, {x: 5, y: 1}, {x: Number.NaN, y: 0}];
    expect(paretoFront(points)).toEqual([true, true, false, true, true, false, false]);
  });

  it("agrees with the definition (no point on the front is dominated, every point off it is) on random points", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 20; trial++) {
      const points = Array.from({length: 40}, () => ({x: Math.round(rand() * 10), y: Math.round(rand() * 10)}));
      const front = paretoFront(points);
      points.forEach((p, i) => {
        const beaten = points.some((q) => dominates(q, p));
        expect(front[i], `point ${i} ${JSON.stringify(p)}`).toBe(!beaten);
      });
    }
  });
});

describe("planServing on a hand-worked catalog", () => {
  // Llama 3.1 8B in bf16 is 16.06 GB of weights. At concurrency 1 decode is memory-bound: a step
  // reads the weights once, so time per token ≈ weight bytes per GPU / bandwidth (plus fixed
  // per-layer overheads, the same on every GPU here), and
  //   $/M tokens ∝ (price × GPUs) × step time:
  // - tiny (12 GB, 1000 GB/s, $0.25/h): bf16 does not fit on one; on 2 (TP 2) each reads 8 GB:
  //   2 × 0.25 × 8 ms = 4 units;
  // - small (24 GB, 1000 GB/s, $1/h): 1 × 1 × 16 ms = 16 units (on 2: 2 × 1 × 8 = 16);
  // - big (80 GB, 2000 GB/s, $4/h): 1 × 4 × 8 ms = 32 units (on 2: 2 × 4 × 4 = 32).
  // The gaps (4×, 2×) are far wider than the overheads, so the order is tiny < small < big.
  // (tiny as 2 pipeline stages reads all 16 GB one stage after the other: 2 × 0.25 × 16 = 8
  // units, still below small, but above tiny with TP 2.)
  const gpus = [fakeGpu("tiny", 12, 1000, 100), fakeGpu("small", 24, 1000, 100), fakeGpu("big", 80, 2000, 400), fakeGpu("unpriced", 80, 2000, 400)];
  const prices: Record<string, number | null> = {tiny: 0.25, small: 1, big: 4, unpriced: null};
  const plan = planServing({arch: llama8b, promptTokens: 512, outputTokens: 128, concurrency: 1, gpus, weightFormats: ["bf16"], maxGpus: 2,
    priceOf: (id) => prices[id] ?? null});

  it("ranks tiny ×2 < small < big by dollars per million output tokens", () => {
    const firstOf = (id: string) => plan.rows.findIndex((r) => r.gpuId === id);
    expect(plan.rows[0]!.gpuId).toBe("tiny");
    expect(plan.rows[0]!.gpuCount).toBe(2);
    expect(plan.rows[0]!.tensorParallel).toBe(2);
    expect(firstOf("tiny")).toBeLessThan(firstOf("small"));
    expect(firstOf("small")).toBeLessThan(firstOf("big"));
    // The ratios of the hand estimate, within 25 % (fixed overheads are not in the hand figure).
    const cost = (id: string) => plan.rows[firstOf(id)]!.usdPerMillionOutputTokens!;
    expect(cost("small") / cost("tiny")).toBeGreaterThan(4 * 0.75);
    expect(cost("small") / cost("tiny")).toBeLessThan(4 * 1.25);
    expect(cost("big") / cost("small")).toBeGreaterThan(2 * 0.75);
    expect(cost("big") / cost("small")).toBeLessThan(2 * 1.25);
  });

  it("leaves out a configuration that does not fit (bf16 8B on one 12 GB GPU) and counts it", () => {
    expect(plan.rows.some((r) => r.gpuId === "tiny" && r.gpuCount === 1)).toBe(false);
    // Per kind, 1 GPU (TP 1) and 2 GPUs (TP 2, or TP 1 × 2 pipeline stages): 3 splits × 1 format.
    // 3 priced kinds × 3 = 9 estimated, of which 8 fit; the unpriced kind's 3 are counted, not estimated.
    expect(plan.counts).toMatchObject({configurations: 12, priced: 9, fitting: 8, gpusWithoutPrice: 1});
    expect(plan.gpusWithoutPrice).toEqual(["unpriced"]);
  });

  it("lists configurations that do not fit only when asked, unranked and unpriced", () => {
    const all = planServing({arch: llama8b, promptTokens: 512, outputTokens: 128, concurrency: 1, gpus, weightFormats: ["bf16"], maxGpus: 2,
      priceOf: (id) => prices[id] ?? null, includeNotFitting: true});
    const misfits = all.rows.filter((r) => !r.fits);
    expect(misfits.map((r) => `${r.gpuId}×${r.gpuCount}`)).toEqual(["tiny×1"]);
    expect(misfits[0]).toMatchObject({rank: null, pareto: false, usdPerMillionOutputTokens: null});
    expect(all.rows.indexOf(misfits[0]!)).toBe(all.rows.length - 1);
  });

  it("prices a row as price × GPUs / 3600 / decode throughput × 10^6, at the speeds inferenceEstimate gives", () => {
    for (const r of plan.rows) {
      const e = inferenceEstimate({arch: llama8b, gpu: gpus.find((g) => g.id === r.gpuId)!, gpuCount: r.gpuCount,
        workload: {type: "inference", engine: "vllm", weights: r.weights, kvCache: "bf16", batchSize: r.batchSize, promptTokens: 512,
          outputTokens: 128, tensorParallel: r.tensorParallel, pipelineParallel: r.pipelineParallel}});
      expect(r.throughputTokensPerSecond).toBeCloseTo(e.throughputTokensPerSecond, 9);
      // Decode time is charged to output tokens, prefill time to input tokens (as lib/estimate.ts does).
      expect(r.usdPerMillionOutputTokens!).toBeCloseTo((r.usdPerGpuHour * r.gpuCount / 3600 / e.decodeThroughputTokensPerSecond) * 1e6, 9);
      expect(r.usdPerMillionInputTokens!).toBeCloseTo((r.usdPerGpuHour * r.gpuCount / 3600 / e.prefillTokensPerSecond) * 1e6, 9);
    }
  });
});

/** Re-estimates a serving row with the full estimate: it must fit as the row says. */
function checkServingRowFits(r: ServingPlanRow, options: {arch?: typeof llama8b; engine?: "vllm" | "transformers" | "llama.cpp"; kvCache?: "bf16" | "fp16"} = {}) {
  const gpu = findGpu(r.gpuId)!;
  const e = inferenceEstimate({arch: options.arch ?? llama8b, gpu, gpuCount: r.gpuCount, workload: {type: "inference", engine: options.engine ?? "vllm",
    weights: r.weights, kvCache: options.kvCache ?? "bf16", batchSize: r.batchSize, promptTokens: 1024, outputTokens: 256,
    tensorParallel: r.tensorParallel, pipelineParallel: r.pipelineParallel}});
  expect(e.memory.fits, `${r.gpuId}×${r.gpuCount} ${r.weights} batch ${r.batchSize}`).toBe(true);
  expect(e.memory.totalBytes).toBeLessThanOrEqual(e.memory.usableBytes);
  // The planner's own largest-batch shortcut agrees with the estimate's solver.
  expect(r.maxBatchSize).toBe(e.maxBatchSize);
  expect(r.batchSize).toBeLessThanOrEqual(e.maxBatchSize);
}

describe("one configuration at many batches (inferenceAtBatches, what the planner searches with)", () => {
  it("gives, to the bit, the estimate without solvers at each batch: memory, speed and the whole estimate", () => {
    const mixtral = resolveModel("mixtral-8x7b").arch;
    const cases = [{arch: llama8b, gpu: "h100-sxm", n: 1, engine: "vllm", weights: "bf16", tp: 1, pp: 1},
      {arch: llama8b, gpu: "rtx-4090", n: 4, engine: "llama.cpp", weights: "q4_k_m", tp: 1, pp: 4},
      {arch: mixtral, gpu: "a100-sxm-80gb", n: 4, engine: "sglang", weights: "awq-int4", tp: 2, pp: 2},
      {arch: llama8b, gpu: "l40s", n: 2, engine: "transformers", weights: "int8", tp: 2, pp: 1}] as const;
    for (const c of cases) {
      const kvCache = c.engine === "llama.cpp" ? "fp16" : "bf16";
      const workload = {type: "inference", engine: c.engine, weights: c.weights, kvCache, batchSize: 1, promptTokens: 3000, outputTokens: 300,
        tensorParallel: c.tp, pipelineParallel: c.pp} as const;
      const batches = inferenceAtBatches({arch: c.arch, gpu: findGpu(c.gpu)!, gpuCount: c.n, workload});
      for (const b of [1, 2, 7, 64, 500, 20000]) {
        const e = inferenceEstimate({arch: c.arch, gpu: findGpu(c.gpu)!, gpuCount: c.n, workload: {...workload, batchSize: b}, solvers: false});
        expect(batches.estimate(b)).toEqual(e);
        expect(batches.memory(b)).toEqual(e.memory);
        expect(batches.fits(b)).toBe(e.memory.fits);
        expect(batches.speed(b)).toEqual({timeToFirstTokenSeconds: e.timeToFirstTokenSeconds, decodeStepSeconds: e.decodeStepSeconds,
          throughputTokensPerSecond: e.throughputTokensPerSecond});
      }
    }
  });
});

describe("planServing over the catalog", () => {
  const full = planServing({arch: llama8b, promptTokens: 1024, outputTokens: 256});

  it("answers a moved concurrency or throughput target from the kept batch searches with the same rows as a fresh plan", () => {
    const gpus = ["h100-sxm", "l40s", "rtx-4090"].map((id) => findGpu(id)!);
    const ask = (promptTokens: number, demand: {concurrency?: number; targetThroughputTokensPerSecond?: number}) =>
      planServing({arch: llama8b, promptTokens, outputTokens: 256, gpus, maxTimeToFirstTokenSeconds: 2, maxTimePerOutputTokenSeconds: 0.05, ...demand});
    for (const demand of [{concurrency: 300}, {targetThroughputTokensPerSecond: 20000}]) {
      ask(1024, {concurrency: 8});
      const kept = ask(1024, demand); // the batch searches of the call before (same prompt, output, limits)
      ask(512, demand); // another prompt: the searches start afresh
      const fresh = ask(1024, demand);
      expect(kept.rows.length).toBeGreaterThan(5);
      expect(kept).toEqual(fresh);
      expect(kept.rows.some((r) => r.replicas > 1)).toBe(true);
    }
  });

  it("says when prompt + output pass the model's max_position_embeddings, as the single estimate warns, and not before", () => {
    const gpus = ["h100-sxm", "mi325x"].map((id) => findGpu(id)!);
    // Llama 3.1 8B was trained for 131,072 positions (config.json max_position_embeddings).
    const note = "workload: prompt + output = 399024 tokens exceeds the model's max_position_embeddings (131072)";
    expect(planServing({arch: llama8b, promptTokens: 1024, outputTokens: 398000, gpus}).notes).toContain(note);
    expect(planToTarget({arch: llama8b, promptTokens: 1024, outputTokens: 398000, gpus, targets: {}}).notes).toContain(note);
    expect(inferenceEstimate({arch: llama8b, gpu: gpus[1]!, gpuCount: 1, workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16",
      batchSize: 1, promptTokens: 1024, outputTokens: 398000}}).warnings).toContain(note);
    expect(planServing({arch: llama8b, promptTokens: 1024, outputTokens: 130048, gpus}).notes.filter((n) => n.includes("max_position"))).toEqual([]);
  });

  it("has every row that claims to fit fit when estimated again, at its batch, split and format", () => {
    expect(full.rows.length).toBeGreaterThan(100);
    for (const r of full.rows) {
      expect(r.fits).toBe(true);
      checkServingRowFits(r);
    }
  });

  it("finds the same largest batch as the estimate's solver for engines whose workspace grows with the batch", () => {
    for (const engine of ["transformers", "llama.cpp"] as const) {
      const kvCache = engine === "llama.cpp" ? "fp16" : "bf16";
      const plan = planServing({arch: llama8b, promptTokens: 1024, outputTokens: 256, engine, kvCache,
        gpus: ["rtx-4090", "a100-sxm-80gb", "l40s"].map((id) => findGpu(id)!)});
      expect(plan.rows.length).toBeGreaterThan(5);
      for (const r of plan.rows) checkServingRowFits(r, {engine, kvCache});
    }
  });

  it("has every row fit for a mixture-of-experts model too (Mixtral 8x7B)", () => {
    const mixtral = resolveModel("mixtral-8x7b").arch;
    const plan = planServing({arch: mixtral, promptTokens: 1024, outputTokens: 256, gpus: ["h100-sxm", "a100-sxm-40gb", "rtx-4090"].map((id) => findGpu(id)!)});
    expect(plan.rows.length).toBeGreaterThan(5);
    for (const r of plan.rows) checkServingRowFits(r, {arch: mixtral});
    // 46.7B parameters in bf16 (93 GB) do not fit one 80 GB H100.
    expect(plan.rows.some((r) => r.gpuId === "h100-sxm" && r.gpuCount === 1 && r.weights === "bf16")).toBe(false);
  });

  it("agrees with Meta that Llama 3.1 405B needs FP8 to be served from one 8×H100 node", () => {
    // Meta, "Introducing Llama 3.1" (2024-07-23): the 405B model was quantized "from 16-bit (BF16)
    // to 8-bit (FP8) numerics ... allowing the model to run within a single server node".
    const arch = resolveModel("llama-3.1-405b").arch;
    const plan = planServing({arch, promptTokens: 1024, outputTokens: 256, concurrency: 1, gpus: [findGpu("h100-sxm")!],
      weightFormats: ["bf16", "fp8"], priceOf: () => 2});
    expect(plan.rows.some((r) => r.weights === "bf16")).toBe(false);
    expect(plan.rows.some((r) => r.weights === "fp8" && r.gpuCount === 8 && r.tensorParallel === 8)).toBe(true);
    expect(plan.rows.every((r) => r.gpuCount === 8)).toBe(true);
  });

  it("skips catalog GPUs without a price and lists them", () => {
    for (const id of full.gpusWithoutPrice) expect(catalogPrice(id)).toBeNull();
    for (const r of full.rows) expect(catalogPrice(r.gpuId)?.usdPerGpuHour).toBe(r.usdPerGpuHour);
  });

  it("ranks by dollars per million output tokens and marks the Pareto front by its definition", () => {
    const ranked = full.rows.filter((r) => r.rank !== null);
    for (let i = 1; i < ranked.length; i++) {
      expect(ranked[i]!.usdPerMillionOutputTokens!).toBeGreaterThanOrEqual(ranked[i - 1]!.usdPerMillionOutputTokens!);
    }
    const pts = ranked.map((r) => ({x: r.usdPerMillionOutputTokens!, y: r.timePerOutputTokenSeconds}));
    const ttft = ranked.map((r) => ({x: r.usdPerMillionOutputTokens!, y: r.timeToFirstTokenSeconds}));
    ranked.forEach((r, i) => {
      expect(r.pareto).toBe(!pts.some((q) => dominates(q, pts[i]!)));
      expect(r.paretoTtft).toBe(!ttft.some((q) => dominates(q, ttft[i]!)));
    });
    expect(ranked[0]!.pareto).toBe(true);
  });

  it("keeps only rows within latency targets in the ranking, and a tighter target never admits more", () => {
    const loose = planServing({arch: llama8b, promptTokens: 1024, outputTokens: 256, maxTimePerOutputTokenSeconds: 0.05, maxTimeToFirstTokenSeconds: 2});
    const tight = planServing({arch: llama8b, promptTokens: 1024, outputTokens: 256, maxTimePerOutputTokenSeconds: 0.01, maxTimeToFirstTokenSeconds: 0.5});
    for (const plan of [loose, tight]) {
      const {maxTimePerOutputTokenSeconds: tpot, maxTimeToFirstTokenSeconds: ttft} = plan.question;
      for (const r of plan.rows) {
        if (r.rank === null) {
          expect(r.meetsTargets).toBe(false);
          continue;
        }
        expect(r.timePerOutputTokenSeconds).toBeLessThanOrEqual(tpot!);
        expect(r.timeToFirstTokenSeconds).toBeLessThanOrEqual(ttft!);
        checkServingRowFits(r);
      }
    }
    expect(tight.counts.meetingTargets).toBeLessThan(loose.counts.meetingTargets);
    // A target costs money: the cheapest plan within 10 ms/token is no cheaper than without a target.
    expect(tight.rows[0]!.usdPerMillionOutputTokens!).toBeGreaterThanOrEqual(full.rows[0]!.usdPerMillionOutputTokens!);
  });

  it("runs each configuration at the largest batch within the targets: one sequence more fits no longer or misses them", () => {
    const tpot = 0.03;
    const ttft = 1;
    const plan = planServing({arch: llama8b, promptTokens: 2048, outputTokens: 256, maxTimePerOutputTokenSeconds: tpot, maxTimeToFirstTokenSeconds: ttft,
      gpus: ["h100-sxm", "l40s", "rtx-4090", "a100-sxm-80gb"].map((id) => findGpu(id)!)});
    const ranked = plan.rows.filter((r) => r.rank !== null);
    expect(ranked.length).toBeGreaterThan(10);
    for (const r of ranked) {
      const at = (batchSize: number) => inferenceEstimate({arch: llama8b, gpu: findGpu(r.gpuId)!, gpuCount: r.gpuCount, workload: {type: "inference",
        engine: "vllm", weights: r.weights, kvCache: "bf16", batchSize, promptTokens: 2048, outputTokens: 256, tensorParallel: r.tensorParallel,
        pipelineParallel: r.pipelineParallel}});
      const here = at(r.batchSize);
      expect(here.decodeStepSeconds).toBeLessThanOrEqual(tpot);
      expect(here.timeToFirstTokenSeconds).toBeLessThanOrEqual(ttft);
      const next = at(r.batchSize + 1);
      expect(!next.memory.fits || next.decodeStepSeconds > tpot || next.timeToFirstTokenSeconds > ttft, `${r.gpuId} ×${r.gpuCount} ${r.weights}`).toBe(true);
    }
  });

  it("meets a throughput target with replicas, charging the fleet's dollars to the demanded tokens", () => {
    const target = 20_000;
    const plan = planServing({arch: llama8b, promptTokens: 1024, outputTokens: 256, targetThroughputTokensPerSecond: target,
      maxTimePerOutputTokenSeconds: 0.05});
    for (const r of plan.rows.filter((x) => x.rank !== null)) {
      expect(r.throughputTokensPerSecond).toBeGreaterThanOrEqual(target * (1 - 1e-12));
      expect(r.totalGpus).toBe(r.replicas * r.gpuCount);
      expect(r.usdPerMillionOutputTokens!).toBeCloseTo((r.usdPerHour / 3600 / target) * 1e6, 9);
      expect(r.timePerOutputTokenSeconds).toBeLessThanOrEqual(0.05);
    }
  });

  it("serves a concurrency over replicas when one replica cannot hold it", () => {
    const plan = planServing({arch: llama8b, promptTokens: 1024, outputTokens: 256, concurrency: 5000});
    for (const r of plan.rows) {
      expect(r.replicas * r.batchSize).toBeGreaterThanOrEqual(5000);
      expect(r.batchSize).toBeLessThanOrEqual(r.maxBatchSize);
    }
    expect(plan.rows.some((r) => r.replicas > 1)).toBe(true);
  });

  it("tries fp8 only on GPUs with native fp8 units (Ada, Hopper, Blackwell, MI300), not Marlin's dequantised path", () => {
    for (const r of full.rows.filter((x) => x.weights === "fp8")) expect(deviceCapabilities(findGpu(r.gpuId)!).fp8, r.gpuId).toBe(true);
    expect(full.rows.some((r) => r.weights === "fp8" && r.gpuId === "h100-sxm")).toBe(true);
    expect(full.rows.some((r) => r.weights === "fp8" && r.gpuId.startsWith("a100"))).toBe(false);
  });

  it("tries no GPU the engine cannot run on, even priced and asked for (vLLM has no Metal back-end)", () => {
    const plan = planServing({arch: llama8b, promptTokens: 1024, outputTokens: 256, concurrency: 1, weightFormats: ["bf16"],
      gpus: [findGpu("apple-m2-ultra")!, findGpu("h100-sxm")!], priceOf: () => 2, maxGpus: 1});
    expect(plan.rows.map((r) => r.gpuId)).toEqual(["h100-sxm"]);
  });
});

describe("planTraining", () => {
  // Two 80 GB fakes: fast (1000 TFLOPS bf16, $2/h) and slow (500 TFLOPS, $0.5/h). Training time is
  //   T = tokens × FLOPs per token / (N × peak × MFU),
  // so cost N·T·price ∝ price / peak does not depend on N: fast costs 2e-15, slow 1e-15 ($/FLOP
  // ratio) — slow is half the price at any count. Time: fast×16 = T0/16000, fast×8 = slow×16 =
  // T0/8000, slow×8 = T0/4000. By cost: slow×16, slow×8 (equal cost, faster first), fast×16,
  // fast×8. By time: fast×16, then slow×16 (tie on time with fast×8, cheaper), fast×8, slow×8.
  // Pareto (cost vs time): slow×16 (cheapest, fastest of the cheap) and fast×16 (fastest).
  const gpus = [fakeGpu("fast", 80, 3000, 1000), fakeGpu("slow", 80, 2000, 500)];
  const prices: Record<string, number> = {fast: 2, slow: 0.5};
  const tokens = 1e10;
  const plan = planTraining({arch: llama1b, trainingTokens: tokens, gpus, gpuCounts: [8, 16], priceOf: (id) => prices[id] ?? null,
    deadlineSeconds: 0});
  const key = (r: {gpuId: string; gpuCount: number}) => `${r.gpuId}×${r.gpuCount}`;

  it("ranks the hand-worked catalog by cost, then time", () => {
    expect(plan.rows.map(key)).toEqual(["slow×16", "slow×8", "fast×16", "fast×8"]);
    expect(plan.rows[2]!.totalUsd / plan.rows[0]!.totalUsd).toBeCloseTo(2, 12);
  });

  it("ranks by time and marks the two Pareto plans", () => {
    const byTime = [...plan.rows].sort((a, b) => a.rankByTime - b.rankByTime).map(key);
    expect(byTime).toEqual(["fast×16", "slow×16", "fast×8", "slow×8"]);
    expect(plan.rows.filter((r) => r.pareto).map(key).sort()).toEqual(["fast×16", "slow×16"]);
  });

  it("keeps the trainingEstimate time for a layout without recomputation or pipeline", () => {
    for (const r of plan.rows) {
      expect(r.activationCheckpointing).toBe("none");
      expect(r.pipelineParallel).toBe(1);
      const est = trainingEstimate({arch: llama1b, gpu: gpus.find((g) => g.id === r.gpuId)!, gpuCount: r.gpuCount,
        workload: {type: "training", method: "full", precision: "bf16-mixed", optimizer: "adamw", microBatchSize: 1, sequenceLength: 4096,
          gradientAccumulation: r.gradientAccumulation, activationCheckpointing: r.activationCheckpointing, flashAttention: true,
          zeroStage: r.zeroStage, tensorParallel: r.tensorParallel, pipelineParallel: r.pipelineParallel, expertParallel: 1,
          sequenceParallel: r.tensorParallel > 1, trainingTokens: tokens, mfu: 0.4}, usdPerGpuHour: prices[r.gpuId]});
      expect(r.wallClockSeconds).toBeCloseTo(est.training!.wallClockSeconds, 6);
      expect(r.totalUsd).toBeCloseTo(est.cost!.trainingUsd!, 6);
      expect(r.meetsDeadline).toBe(false);
    }
  });

  it("has every row that claims to fit fit when estimated again with its layout (Llama 3.1 8B over the catalog)", () => {
    const catalogPlan = planTraining({arch: llama8b, trainingTokens: 1e12, gpuCounts: [8, 64], allLayouts: false});
    expect(catalogPlan.rows.length).toBeGreaterThan(5);
    for (const r of catalogPlan.rows) {
      const est = trainingEstimate({arch: llama8b, gpu: findGpu(r.gpuId)!, gpuCount: r.gpuCount,
        workload: {type: "training", method: "full", precision: "bf16-mixed", optimizer: "adamw", microBatchSize: r.microBatchSize,
          sequenceLength: 4096, gradientAccumulation: r.gradientAccumulation, activationCheckpointing: r.activationCheckpointing,
          flashAttention: true, zeroStage: r.zeroStage, tensorParallel: r.tensorParallel, pipelineParallel: r.pipelineParallel,
          expertParallel: 1, sequenceParallel: r.tensorParallel > 1}});
      expect(est.memory.fits, `${key(r)} ${r.tensorParallel}/${r.pipelineParallel} ZeRO-${r.zeroStage} ${r.activationCheckpointing}`).toBe(true);
      expect(est.memory.totalBytes).toBeCloseTo(r.memoryTotalBytes, 0);
    }
    // A 24 GB GPU cannot hold 8B of AdamW state on 8 GPUs without sharding: whatever it gets is ZeRO or model parallel.
    for (const r of catalogPlan.rows.filter((x) => x.capacityBytes < 30e9)) expect(r.zeroStage + r.tensorParallel + r.pipelineParallel).toBeGreaterThan(2);
  });

  it("says whether the deadline is met", () => {
    const t = plan.rows.find((r) => key(r) === "fast×8")!.wallClockSeconds;
    const withDeadline = planTraining({arch: llama1b, trainingTokens: tokens, gpus, gpuCounts: [8, 16], priceOf: (id) => prices[id] ?? null,
      deadlineSeconds: t});
    const meets = Object.fromEntries(withDeadline.rows.map((r) => [key(r), r.meetsDeadline]));
    expect(meets).toEqual({"fast×16": true, "fast×8": true, "slow×16": true, "slow×8": false});
  });
});

describe("planScenario (plan mode)", () => {
  it("plans a scenario without hardware over the catalog, with the raw batch size as concurrency", () => {
    const r = planScenario({model: "llama-3.1-8b", workload: {type: "inference", batchSize: 8, promptTokens: 1024, outputTokens: 256},
      plan: {top: 5}});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.serving!.question).toMatchObject({mode: "concurrency", concurrency: 8});
    expect(r.plan.serving!.rows).toHaveLength(5);
    for (const row of r.plan.serving!.rows) expect(row.replicas * row.batchSize).toBeGreaterThanOrEqual(8);
  });

  it("names each bad field by its path", () => {
    const r = planScenario({model: "llama-3.1-8b", hardware: {gpu: "any"}, workload: {type: "inference", promptTokens: 0, outputTokens: 5},
      plan: {maxGpus: 16, gpus: ["h100-sxm", "warp-drive"], weightFormats: ["q4"]}});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^plan\.maxGpus: got 16, expected/),
      expect.stringMatching(/^plan\.gpus\[1\]: got "warp-drive", expected/),
      expect.stringMatching(/^plan\.weightFormats\[0\]: got "q4", expected/),
      expect.stringMatching(/^workload\.promptTokens: got 0, expected/)
    ]));
  });

  it("checks the plan request with zod, one message per path saying what was given and what is allowed", () => {
    const r = planScenario({model: "llama-3.1-8b", workload: {type: "inference", promptTokens: 10, outputTokens: 5},
      plan: {top: 1.5, gpuCounts: [], maxTimeToFirstTokenSeconds: "1", gpus: "h100-sxm"}});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.sort()).toEqual([
      "plan.gpuCounts: got [], expected a non-empty list of integers >= 1",
      'plan.gpus: got "h100-sxm", expected a non-empty list of GPU catalog ids',
      'plan.maxTimeToFirstTokenSeconds: got "1", expected a number > 0',
      "plan.top: got 1.5, expected an integer >= 1"
    ]);
    expect(planScenario({model: "llama-3.1-8b", workload: {type: "inference", promptTokens: 10, outputTokens: 5}, plan: "fast"}))
      .toEqual({ok: false, errors: [expect.stringMatching(/^plan: got "fast", expected true or an object \{concurrency, /)]});
  });

  it("ignores an unknown plan key with a warning naming it, and reads GPU ids as the catalog does", () => {
    const r = planScenario({model: "llama-3.1-8b", workload: {type: "inference", promptTokens: 10, outputTokens: 5},
      plan: {gpus: [" H100-SXM "], top: 2, speed: "max"}});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.warnings).toContain("unknown field plan.speed ignored");
    expect(new Set(r.plan.serving!.rows.map((row) => row.gpuId))).toEqual(new Set(["h100-sxm"]));
  });

  it("checks the latency-target planner's plan key with the same zod rules and messages", async () => {
    const {planServingTargetScenario} = await import("../lib/planner/servingTargetScenario.ts");
    const question = {model: "llama-3.1-8b", workload: {type: "inference", promptTokens: 512, outputTokens: 128, serving: {concurrency: 8}}};
    const bad = planServingTargetScenario({...question, plan: {maxTimePerOutputTokenSeconds: 0, gpus: ["h100-sxm", "warp-drive"], top: 0, weightFormats: []}});
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.sort()).toEqual([
      "plan.gpus[1]: got \"warp-drive\", expected a GPU catalog id (" + GPU_IDS.slice(0, 3).join(", ") + ", … lib/catalog/gpus.ts)",
      "plan.maxTimePerOutputTokenSeconds: got 0, expected a number > 0 and <= 1e6",
      "plan.top: got 0, expected an integer >= 1",
      "plan.weightFormats: got [], expected a non-empty list of weight formats (" + WEIGHT_FORMATS.join(", ") + ")"
    ]);
    const good = planServingTargetScenario({...question, plan: {maxTimePerOutputTokenSeconds: 0.05, gpus: ["h100-sxm"], top: 3, note: "x"}});
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    expect(good.plan.warnings).toContain("unknown field plan.note ignored");
    expect(good.plan.rows.length).toBeLessThanOrEqual(3);
    for (const row of good.plan.rows) expect(row.timePerOutputTokenSeconds).toBeLessThanOrEqual(0.05);
  });

  it("reports an unknown model id as the plain estimate does", () => {
    const r = planScenario({model: "llama-9", workload: {type: "inference", promptTokens: 10, outputTokens: 5}});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^model: got "llama-9", expected a catalog id/);
  });

  it("prices every GPU alike with pricing.usdPerGpuHour, and fixes the training count from hardware.count", () => {
    const r = planScenario({model: "llama-3.2-1b", hardware: {gpu: "h100-sxm", count: 8}, pricing: {usdPerGpuHour: 2},
      workload: {type: "training", trainingTokens: 1e9, zeroStage: 2}});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.training!.rows.map((x) => [x.gpuId, x.gpuCount, x.usdPerGpuHour])).toEqual([["h100-sxm", 8, 2]]);
    expect(r.plan.warnings.some((w) => w.startsWith("workload.zeroStage ignored"))).toBe(true);
  });
});

describe("the estimate command's plan mode", () => {
  const dir = mkdtempSync(join(tmpdir(), "planner-test-"));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  /** `bin/estimate.ts --plan` when the flag exists there, else `bin/plan.ts` (the same runPlan). */
  const run = (args: string[]) => {
    const viaEstimate = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", "--plan", ...args], {cwd: ROOT, encoding: "utf8", timeout: 60_000});
    if (viaEstimate.status === 2 && /Unknown option '--plan'/.test(viaEstimate.stderr)) {
      return spawnSync(process.execPath, ["--import", "tsx", "bin/plan.ts", ...args], {cwd: ROOT, encoding: "utf8", timeout: 60_000});
    }
    return viaEstimate;
  };

  it("exits 0 with ranked rows as JSON", () => {
    const out = run([file("ok.json", {model: "llama-3.1-8b", workload: {type: "inference", promptTokens: 512, outputTokens: 128},
      plan: {top: 3, maxTimePerOutputTokenSeconds: 0.05}})]);
    expect(out.status, out.stderr).toBe(0);
    const plan = JSON.parse(out.stdout);
    expect(plan.mode).toBe("plan");
    expect(plan.serving.rows).toHaveLength(3);
    expect(plan.serving.rows[0].rank).toBe(1);
  });

  it("prints a ranked table with --format table", () => {
    const out = run(["--format", "table", file("ok.json", {model: "llama-3.1-8b", workload: {type: "inference", promptTokens: 512, outputTokens: 128}})]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/\$\/M out/);
    expect(out.stdout.split("\n").filter((l) => /^\s*1\s/.test(l))).toHaveLength(1);
  });

  it("plans a scenario object that has a plan key without the flag", () => {
    const out = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", file("key.json", {model: "llama-3.2-1b",
      workload: {type: "inference", promptTokens: 256, outputTokens: 64}, plan: {top: 2}})], {cwd: ROOT, encoding: "utf8", timeout: 60_000});
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout).serving.rows).toHaveLength(2);
  });

  it("exits 2 on bad input, naming the field on standard error and printing nothing", () => {
    const out = run([file("bad.json", {model: "llama-3.1-8b", workload: {type: "inference", promptTokens: -3, outputTokens: 128},
      plan: {concurrency: 0}})]);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe("");
    expect(out.stderr).toMatch(/^plan\.concurrency: got 0, expected an integer >= 1/m);
    expect(out.stderr).toMatch(/^workload\.promptTokens: got -3, expected/m);
  });
});

describe("planTraining's unpriced GPUs", () => {
  it("lists each GPU kind without a price once", async () => {
    const {planTraining} = await import("../lib/planner.ts");
    const {architectureFromConfig} = await import("../lib/config.ts");
    const {findModel} = await import("../lib/catalog/index.ts");
    const arch = architectureFromConfig(findModel("llama-3.2-1b")!.config as Record<string, unknown>).architecture;
    const plan = planTraining({arch, trainingTokens: 1e9, gpuCounts: [8]});
    expect(new Set(plan.gpusWithoutPrice).size).toBe(plan.gpusWithoutPrice.length);
    expect(plan.counts.gpusWithoutPrice).toBe(plan.gpusWithoutPrice.length);
  });
});

describe("the plan examples", () => {
  it("plans every scenario in examples/plans/ through the command, exit 0 with ranked rows", async () => {
    const {readdirSync} = await import("node:fs");
    const {spawnSync} = await import("node:child_process");
    for (const file of readdirSync("examples/plans").filter((f) => f.endsWith(".json"))) {
      const out = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", "--plan", `examples/plans/${file}`], {encoding: "utf8"});
      expect(out.status, `${file}: ${out.stderr}`).toBe(0);
      const rows = JSON.parse(out.stdout);
      expect(JSON.stringify(rows).length).toBeGreaterThan(100);
    }
  }, 120_000);
});
