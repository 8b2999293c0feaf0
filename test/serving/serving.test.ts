import {describe, expect, it} from "vitest";
import {compareEngineVersions, ENGINE_SERVING_PROFILES, servingProfileFor} from "../../lib/engines.ts";
import {estimate} from "../../lib/estimate.ts";
import {resolveGpu, resolveModel} from "../../lib/resolve.ts";
import type {Result} from "../../lib/scenario.ts";
import {prepareReplica, requestShape, schedulerDefaults} from "../../lib/serving/deployment.ts";
import {concurrencyGrid, servingFrontier} from "../../lib/serving/frontier.ts";
import {closedLoop, expectedTokensPerStep, prefillSlotWaitSeconds} from "../../lib/serving/steady.ts";
import {simulateClosedLoop} from "../../lib/serving/simulate.ts";
import {allReduceLatencySeconds, DEQUANT_MOE_COMPUTE_EFFICIENCY, dequantisedMoe, EAGER_KERNELS, eagerKernelsPerStep, replicaModel} from "../../lib/serving/step.ts";
import {planToTarget} from "../../lib/planner/servingTarget.ts";

function scenario(serving: Record<string, unknown>, workload: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    model: "llama-3.1-8b", hardware: {gpu: "h100-sxm", count: 1},
    workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", promptTokens: 1024, outputTokens: 1024, serving, ...workload},
    ...extra
  };
}

function run(input: unknown): Result {
  const r = estimate(input);
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.result;
}

function serving(input: unknown) {
  const s = run(input).inference?.serving;
  if (!s) throw new Error("no inference.serving");
  return s;
}

function errors(input: unknown): string[] {
  const r = estimate(input);
  return r.ok ? [] : r.errors;
}

describe("speculative decoding", () => {
  it("expects (1 − a^(k+1))/(1 − a) tokens per step (Leviathan et al. 2023, eq. 1)", () => {
    expect(expectedTokensPerStep({tokens: 3, acceptanceRate: 0.7})).toBeCloseTo((1 - 0.7 ** 4) / 0.3, 12);
    expect(expectedTokensPerStep({tokens: 3, acceptanceRate: 1})).toBe(4);
    expect(expectedTokensPerStep({tokens: 3, acceptanceRate: 0})).toBe(1);
    expect(expectedTokensPerStep(null)).toBe(1);
  });

  it("shortens the time per output token at low concurrency when most drafts are accepted", () => {
    const plain = serving(scenario({concurrency: 1}));
    const spec = serving(scenario({concurrency: 1, speculative: {tokens: 3, acceptanceRate: 0.8}}));
    expect(spec.timePerOutputTokenSeconds).toBeLessThan(plain.timePerOutputTokenSeconds * 0.6);
  });
});

describe("the continuous-batching steady state", () => {
  it("returns every contract key as a finite positive number", () => {
    const s = serving(scenario({concurrency: 16}));
    for (const key of ["concurrency", "requestsPerSecond", "timeToFirstTokenSeconds", "timePerOutputTokenSeconds", "endToEndSeconds",
      "outputTokensPerSecondPerUser", "outputTokensPerSecondPerGpu", "totalTokensPerSecondPerGpu"] as const) {
      expect(Number.isFinite(s[key]) && s[key] > 0, key).toBe(true);
    }
    expect(s.saturated).toBe(false);
  });

  it("keeps Little's law in a closed loop: concurrency = requests/s × end-to-end latency", () => {
    for (const c of [1, 8, 64]) {
      const s = serving(scenario({concurrency: c}));
      expect(s.requestsPerSecond * s.endToEndSeconds).toBeCloseTo(c, 3);
    }
  });

  it("answers null for inference.serving when workload.serving is absent", () => {
    const r = run({...scenario({concurrency: 1}), workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16",
      batchSize: 1, promptTokens: 1024, outputTokens: 256}});
    expect(r.inference?.serving).toBeNull();
  });

  it("trades interactivity for throughput as concurrency grows", () => {
    const points = [1, 4, 16, 64, 256].map((c) => serving(scenario({concurrency: c})));
    for (let i = 1; i < points.length; i++) {
      expect(points[i]!.timePerOutputTokenSeconds).toBeGreaterThan(points[i - 1]!.timePerOutputTokenSeconds);
      expect(points[i]!.outputTokensPerSecondPerGpu).toBeGreaterThan(points[i - 1]!.outputTokensPerSecondPerGpu);
    }
  });

  it("puts the prefill chunks of other requests into the TPOT: short outputs (1k/128) decode slower per token than 1k/1k", () => {
    const long = serving(scenario({concurrency: 32}));
    const short = serving(scenario({concurrency: 32}, {outputTokens: 128}));
    expect(short.timePerOutputTokenSeconds).toBeGreaterThan(long.timePerOutputTokenSeconds * 1.1);
  });

  it("answers a TTFT far below the static batch's, which prefills every prompt of the batch first", () => {
    const s = serving(scenario({concurrency: 32}));
    const staticBatch = run({...scenario({concurrency: 32}), workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16",
      batchSize: 32, promptTokens: 1024, outputTokens: 1024}});
    expect(staticBatch.inference!.timeToFirstTokenSeconds).toBeGreaterThan(4 * s.timeToFirstTokenSeconds);
  });

  it("lowers TTFT with a prefix-cache hit rate (only uncached tokens are prefilled)", () => {
    const cold = serving(scenario({concurrency: 8}, {promptTokens: 8192}));
    const warm = serving(scenario({concurrency: 8, prefixCacheHitRate: 0.75}, {promptTokens: 8192}));
    expect(warm.timeToFirstTokenSeconds).toBeLessThan(cold.timeToFirstTokenSeconds * 0.5);
  });

  it("queues requests beyond what the KV pool holds, in TTFT", () => {
    const arch = resolveModel("llama-3.1-8b").arch;
    const gpu = resolveGpu("h100-sxm");
    const w = scenario({concurrency: 1}).workload as never;
    const replica = prepareReplica({arch, gpu, workload: w, layout: {tensorParallel: 1, pipelineParallel: 1, expertParallel: 1}});
    const cap = replica.limits.maxRunningRequests;
    const over = closedLoop(replica.model, requestShape(w), replica.limits, cap * 2);
    expect(over.running).toBe(cap);
    expect(over.queueSeconds).toBeGreaterThan(0);
    expect(over.timeToFirstTokenSeconds).toBeGreaterThan(over.queueSeconds);
  });

  it("waits a whole step for the running one in a closed loop, E[τ²]/(2E[τ]) for Poisson arrivals", () => {
    const arch = resolveModel("gpt-oss-120b").arch;
    const w = {...scenario({concurrency: 32}).workload, weights: "mxfp4"} as never;
    const replica = prepareReplica({arch, gpu: resolveGpu("h100-sxm"), workload: w, layout: {tensorParallel: 2, pipelineParallel: 1, expertParallel: 1}});
    const closed = closedLoop(replica.model, requestShape(w), replica.limits, 32);
    const poisson = closedLoop(replica.model, requestShape(w), replica.limits, 32, false, "poisson");
    const {meanStepSeconds: tau, mixedShare: f, mixedStepSeconds: tp, decodeStepSeconds: td} = closed;
    const residual = (f * tp * tp + (1 - f) * td * td) / (2 * tau);
    // Apart from the queues (the closed loop's wait behind other prompts for the prefill slot):
    expect((closed.timeToFirstTokenSeconds - closed.queueSeconds) - (poisson.timeToFirstTokenSeconds - poisson.queueSeconds))
      .toBeCloseTo(tau - residual, 9);
    // Long eager prefill steps make a random instant's residual longer than half a mean step.
    expect(residual).toBeGreaterThan(tau / 2);
    expect(poisson.timePerOutputTokenSeconds).toBe(closed.timePerOutputTokenSeconds);
  });

  it("queues prompts for the prefill slot: M/D/1 queued work, whole prompts wait longer than chunked ones", () => {
    const o = {arrivalsPerSecond: 1.2, uncachedPromptTokens: 5000, chunkBudgetTokens: 8150, chunks: 1, mixedStepSeconds: 0.39};
    const whole = prefillSlotWaitSeconds({...o, chunked: false});
    // One 5,000-token prompt per step: S = 0.39 s, ρ = 0.468, W = ρ²·S / (2(1 − ρ)).
    expect(whole).toBeCloseTo((0.468 ** 2 * 0.39) / (2 * (1 - 0.468)), 9);
    expect(prefillSlotWaitSeconds({...o, chunked: true})).toBeLessThan(whole);
    // 1k prompts in an 8k budget: several per step, hardly any wait.
    expect(prefillSlotWaitSeconds({...o, uncachedPromptTokens: 1024, chunked: false})).toBeLessThan(0.002);
    expect(prefillSlotWaitSeconds({...o, arrivalsPerSecond: 0, chunked: false})).toBe(0);
    // Finite at overload (ρ capped below 1).
    expect(Number.isFinite(prefillSlotWaitSeconds({...o, arrivalsPerSecond: 100, chunked: false}))).toBe(true);
  });

  it("leaves the first wave out of a steady-state measurement (workload.serving.firstWave false)", () => {
    const burst = serving(scenario({concurrency: 32}));
    const steady = serving(scenario({concurrency: 32, firstWave: false}));
    expect(steady.timeToFirstTokenSeconds).toBeLessThan(burst.timeToFirstTokenSeconds);
    expect(steady.timePerOutputTokenSeconds).toBe(burst.timePerOutputTokenSeconds);
  });

  it("prices output and input tokens from the steady state, GPU time split by phase", () => {
    const r = run(scenario({concurrency: 64}, {}, {pricing: {usdPerGpuHour: 2}}));
    const s = r.inference!.serving!;
    const share = s.details!.prefillTimeShare;
    expect(r.cost!.usdPerMillionOutputTokens!).toBeCloseTo(((1 - share) * 2 / 3600) / s.outputTokensPerSecondPerGpu * 1e6, 9);
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(0.5);
  });
});

describe("open loop", () => {
  it("marks 1000 requests/s on one H100 as saturated and still answers finite numbers", () => {
    const s = serving(scenario({requestsPerSecond: 1000}, {outputTokens: 256}));
    expect(s.saturated).toBe(true);
    for (const v of Object.values(s)) if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
    expect(s.requestsPerSecond).toBeLessThan(1000);
  });

  it("serves a light load at the arrival rate, with Little's law giving the concurrency", () => {
    const s = serving(scenario({requestsPerSecond: 1}));
    expect(s.saturated).toBe(false);
    expect(s.requestsPerSecond).toBe(1);
    expect(s.concurrency).toBeCloseTo(s.requestsPerSecond * s.endToEndSeconds, 6);
  });

  it("waits longer for the first token as arrivals approach capacity (M/D/1)", () => {
    const cap = serving(scenario({requestsPerSecond: 1000}, {outputTokens: 256})).requestsPerSecond;
    const light = serving(scenario({requestsPerSecond: cap * 0.3}, {outputTokens: 256}));
    const heavy = serving(scenario({requestsPerSecond: cap * 0.95}, {outputTokens: 256}));
    expect(heavy.timeToFirstTokenSeconds).toBeGreaterThan(light.timeToFirstTokenSeconds);
  });
});

describe("engine releases (workload.engineVersion)", () => {
  it("compares releases by their numeric parts", () => {
    expect(compareEngineVersions("0.14.0", "1.0")).toBe(-1);
    expect(compareEngineVersions("1.0", "1.0.0")).toBe(0);
    expect(compareEngineVersions("1.2.0rc2", "1.0")).toBe(1);
    expect(compareEngineVersions("0.9", "0.17")).toBe(-1);
  });

  it("gives TensorRT-LLM 0.x the TensorRT-engine backend (no per-kernel host dispatch) and 1.x or no version the PyTorch one", () => {
    const current = ENGINE_SERVING_PROFILES["tensorrt-llm"];
    expect(servingProfileFor("tensorrt-llm")).toBe(current);
    expect(servingProfileFor("tensorrt-llm", "1.1.0")).toBe(current);
    expect(current.eagerKernelSeconds).toBeGreaterThan(0);
    const old = servingProfileFor("tensorrt-llm", "0.14.0");
    expect(old.eagerKernelSeconds).toBe(0);
    expect(old.stepComputeEfficiency).toBe(current.stepComputeEfficiency);
    expect(servingProfileFor("vllm", "0.7.3")).toBe(ENGINE_SERVING_PROFILES.vllm);
  });

  it("answers a TensorRT-LLM 0.14 short-prompt run with a shorter TTFT than the PyTorch backend's", () => {
    const base = scenario({requestsPerSecond: 8}, {engine: "tensorrt-llm", promptTokens: 467, outputTokens: 256});
    const pytorch = serving(base);
    const engine = serving({...base, workload: {...base.workload, engineVersion: "0.14.0"}});
    expect(engine.timeToFirstTokenSeconds).toBeLessThan(pytorch.timeToFirstTokenSeconds);
  });

  it("refuses a negative cudaGraphMaxTokens, naming the field", () => {
    const r = estimate(scenario({concurrency: 4, cudaGraphMaxTokens: -1}));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join("\n")).toMatch(/workload\.serving\.cudaGraphMaxTokens/);
  });

  it("refuses an engineVersion that is not a release number, naming the field", () => {
    const base = scenario({concurrency: 4});
    const r = estimate({...base, workload: {...base.workload, engineVersion: "latest"}});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join("\n")).toMatch(/workload\.engineVersion.*release number/);
  });
});

describe("per-step fixed costs and experts", () => {
  it("grows the all-reduce latency with the tensor-parallel degree", () => {
    const p = ENGINE_SERVING_PROFILES.vllm;
    expect(allReduceLatencySeconds(p, 1, true)).toBe(0);
    expect(allReduceLatencySeconds(p, 8, true)).toBeGreaterThan(allReduceLatencySeconds(p, 2, true));
    expect(allReduceLatencySeconds(p, 2, false)).toBeGreaterThan(allReduceLatencySeconds(p, 2, true));
  });

  it("reads vLLM's token budget from its defaults: 8192 on an H100, 2048 on an A100 80GB", () => {
    expect(schedulerDefaults(ENGINE_SERVING_PROFILES.vllm, resolveGpu("h100-sxm")).maxBatchedTokens).toBe(8192);
    expect(schedulerDefaults(ENGINE_SERVING_PROFILES.vllm, resolveGpu("a100-sxm-80gb")).maxBatchedTokens).toBe(2048);
    expect(schedulerDefaults(ENGINE_SERVING_PROFILES.sglang, resolveGpu("b200")).maxBatchedTokens).toBe(16384);
  });

  it("spends more than bandwidth alone at TP8 batch 1: the collectives' latency floor", () => {
    const tp8 = run({...scenario({concurrency: 1}), model: "llama-3.1-70b", hardware: {gpu: "h100-sxm", count: 8}});
    const d = tp8.inference!.serving!.details!;
    expect(d.decodeStepSeconds).toBeGreaterThan(70e9 * 2 / 8 / 3.35e12);
  });

  it("issues a prefill step beyond the CUDA-graph size kernel by kernel: at least the kernels' host time", () => {
    const layout = {tensorParallel: 8, pipelineParallel: 1, expertParallel: 1};
    const arch = resolveModel("gpt-oss-120b").arch;
    const options = {arch, gpu: resolveGpu("h100-sxm"), weights: "mxfp4" as const, kvCache: "bf16" as const, layout};
    const load = {decodeRequests: 16, tokensPerDecodeRequest: 1, decodeContextTokens: 1536, prefillTokens: 1024, prefillContextTokens: 512, prefillSampled: 1};
    const vllm = ENGINE_SERVING_PROFILES.vllm;
    const host = eagerKernelsPerStep(arch) * vllm.eagerKernelSeconds;
    const step = replicaModel({...options, engine: "vllm"}).stepSeconds(load);
    expect(step.hostSeconds).toBe(host);
    expect(step.seconds).toBeGreaterThanOrEqual(host);
    // The GPU alone needs far less: the step is set by the host.
    expect(step.kvSeconds + Math.max(step.weightSeconds, step.computeSeconds) + step.commSeconds).toBeLessThan(host / 2);
    // A decode-only step replays its CUDA graph and pays no such cost.
    const decode = replicaModel({...options, engine: "vllm"}).stepSeconds({...load, prefillTokens: 0, prefillSampled: 0});
    expect(decode.hostSeconds).toBe(0);
    // Requests computing a single prompt token (KV from a prefill pool, or a full prefix-cache hit) are decode-shaped.
    const oneToken = replicaModel({...options, engine: "sglang"}).stepSeconds({...load, decodeRequests: 600, prefillTokens: 4, prefillSampled: 4});
    expect(oneToken.hostSeconds).toBe(0);
    expect(replicaModel({...options, engine: "sglang"}).stepSeconds(load).hostSeconds).toBeGreaterThan(0);
    expect(decode.seconds).toBeLessThan(host / 2);
    expect(vllm.cudaGraphMaxTokens).toBeLessThan(1024 + 16);
    // Launched while the decode step before it still runs, it has 10 ms of host time behind it already.
    const ahead = replicaModel({...options, engine: "vllm"}).stepSeconds({...load, hostSlackSeconds: 0.01});
    expect(ahead.seconds).toBeCloseTo(step.seconds - 0.01, 12);
    // Never shorter than the GPU's own time.
    const huge = replicaModel({...options, engine: "vllm"}).stepSeconds({...load, hostSlackSeconds: 10});
    expect(huge.seconds).toBeCloseTo(step.kvSeconds + Math.max(step.weightSeconds, step.computeSeconds) + step.commSeconds + step.fixedSeconds, 12);
  });

  it("replays a vLLM launch's CUDA graphs up to workload.serving.cudaGraphMaxTokens; SGLang's graphs stay decode-only", () => {
    const layout = {tensorParallel: 2, pipelineParallel: 1, expertParallel: 1};
    const arch = resolveModel("gpt-oss-120b").arch;
    const options = {arch, gpu: resolveGpu("h100-sxm"), weights: "mxfp4" as const, kvCache: "bf16" as const, layout};
    const load = {decodeRequests: 16, tokensPerDecodeRequest: 1, decodeContextTokens: 1536, prefillTokens: 1024, prefillContextTokens: 512, prefillSampled: 1};
    expect(replicaModel({...options, engine: "vllm"}).stepSeconds(load).hostSeconds).toBeGreaterThan(0);
    expect(replicaModel({...options, engine: "vllm", cudaGraphMaxTokens: 2048}).stepSeconds(load).hostSeconds).toBe(0);
    expect(replicaModel({...options, engine: "vllm", cudaGraphMaxTokens: 1024}).stepSeconds(load).hostSeconds).toBeGreaterThan(0);
    expect(replicaModel({...options, engine: "sglang", cudaGraphMaxTokens: 2048}).stepSeconds(load).hostSeconds).toBeGreaterThan(0);
  });

  it("runs MXFP4 experts dequantised on Hopper at DEQUANT_MOE_COMPUTE_EFFICIENCY of the step's compute rate, natively on Blackwell", () => {
    expect(dequantisedMoe("mxfp4", resolveGpu("h100-sxm"))).toBe(true);
    expect(dequantisedMoe("mxfp4", resolveGpu("b200"))).toBe(false);
    expect(dequantisedMoe("fp8", resolveGpu("h100-sxm"))).toBe(false);
    const arch = resolveModel("gpt-oss-120b").arch;
    const layout = {tensorParallel: 1, pipelineParallel: 1, expertParallel: 1};
    const prefill = {decodeRequests: 0, tokensPerDecodeRequest: 1, decodeContextTokens: 0, prefillTokens: 8192, prefillContextTokens: 4096, prefillSampled: 1};
    const at = (weights: "mxfp4" | "bf16") => replicaModel({arch, gpu: resolveGpu("h200-sxm"), engine: "vllm", weights, kvCache: "bf16", layout})
      .stepSeconds(prefill).computeSeconds;
    // Same FLOP at the same BF16 peak; only the experts' share is slowed (gpt-oss's FLOP are mostly experts').
    const ratio = at("mxfp4") / at("bf16");
    expect(ratio).toBeGreaterThan(2);
    expect(ratio).toBeLessThan(1 / DEQUANT_MOE_COMPUTE_EFFICIENCY);
  });

  it("counts the kernels an eager step launches: 15 per dense layer, more for MoE and MLA layers", () => {
    const llama = resolveModel("llama-3.1-8b").arch;
    expect(eagerKernelsPerStep(llama)).toBe(llama.layers * EAGER_KERNELS.dense);
    const ds = resolveModel("deepseek-v3").arch;
    const moeLayers = ds.moe!.moeLayers.filter(Boolean).length;
    expect(eagerKernelsPerStep(ds)).toBe(ds.layers * (EAGER_KERNELS.dense + EAGER_KERNELS.mlaExtra) + moeLayers * EAGER_KERNELS.moeExtra);
  });

  it("splits a MoE model's experts over GPUs and refuses an expertParallel that does not divide them", () => {
    const moe = {model: "deepseek-v3", hardware: {gpu: "h200-sxm", count: 8}};
    const ok = serving({...scenario({concurrency: 32}, {weights: "fp8", expertParallel: 8}), ...moe});
    expect(ok.outputTokensPerSecondPerGpu).toBeGreaterThan(0);
    const bad = errors({...scenario({concurrency: 32}, {weights: "fp8", expertParallel: 3}), ...moe, hardware: {gpu: "h200-sxm", count: 9}});
    expect(bad.join("\n")).toMatch(/^workload\.expertParallel: got 3, expected a divisor of the model's 256 routed experts/m);
  });
});

describe("disaggregated prefill and decode", () => {
  it("adds the KV transfer to TTFT and removes prefill chunks from the decode steps", () => {
    const base = {model: "llama-3.1-70b", hardware: {gpu: "h100-sxm", count: 16}};
    const agg = serving({...scenario({concurrency: 64}, {outputTokens: 256, tensorParallel: 8}), ...base});
    const dis = run({...scenario({concurrency: 64, disaggregated: {prefill: {count: 8, tensorParallel: 8}, decode: {count: 8, tensorParallel: 8}}},
      {outputTokens: 256}), ...base}).inference!.serving!;
    expect(dis.details!.prefill!.kvTransferSeconds).toBeGreaterThan(0);
    expect(dis.timePerOutputTokenSeconds).toBeLessThan(agg.timePerOutputTokenSeconds);
    expect(dis.details!.gpus).toBe(16);
  });
});

describe("bad serving input", () => {
  it("names workload.serving when both or neither of concurrency and requestsPerSecond are given", () => {
    expect(errors(scenario({concurrency: 8, requestsPerSecond: 2})).join("\n")).toMatch(/^workload\.serving: got .*not both/m);
    expect(errors(scenario({})).join("\n")).toMatch(/^workload\.serving: got \{\}, expected exactly one of concurrency .*neither/m);
  });

  it("refuses an acceptance rate outside [0, 1] and fewer than one proposed token, naming each field", () => {
    const e = errors(scenario({concurrency: 8, speculative: {tokens: 0, acceptanceRate: 1.7}})).join("\n");
    expect(e).toMatch(/^workload\.serving\.speculative\.acceptanceRate: got 1\.7, expected a number from 0 to 1$/m);
    expect(e).toMatch(/^workload\.serving\.speculative\.tokens: got 0, expected an integer >= 1/m);
  });

  it("refuses pool counts that are not multiples of their tensorParallel", () => {
    const e = errors(scenario({concurrency: 8, disaggregated: {prefill: {count: 6, tensorParallel: 4}, decode: {count: 8, tensorParallel: 8}}}));
    expect(e.join("\n")).toMatch(/^workload\.serving\.disaggregated\.prefill\.count: got 6, expected a multiple of its tensorParallel \(4\)$/m);
  });

  it("refuses expertParallel on a dense model", () => {
    const e = errors({...scenario({concurrency: 8}, {expertParallel: 2}), hardware: {gpu: "h100-sxm", count: 2}});
    expect(e.join("\n")).toMatch(/^workload\.expertParallel: got 2, expected 1 for a dense model/m);
  });

  it("still requires batchSize without serving", () => {
    const e = errors({...scenario({}), workload: {type: "inference", engine: "vllm", weights: "bf16", kvCache: "bf16", promptTokens: 1, outputTokens: 1}});
    expect(e.join("\n")).toMatch(/^workload\.batchSize: got nothing, expected an integer >= 1/m);
  });
});

describe("the frontier", () => {
  const arch = resolveModel("llama-3.1-70b").arch;
  const gpu = resolveGpu("h100-sxm");
  const f = servingFrontier({arch, gpu, engine: "vllm", weights: "fp8", kvCache: "fp8", promptTokens: 1024, outputTokens: 1024,
    pointsPerLayout: 40, usdPerGpuHour: 2});

  it("spreads concurrency geometrically from 1 to 1024", () => {
    const g = concurrencyGrid(11);
    expect(g).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
  });

  it("marks a front on which no point is beaten on both tokens/s per user and per GPU", () => {
    expect(f.front.length).toBeGreaterThan(3);
    for (const a of f.front) {
      for (const b of f.points) {
        const dominates = b.outputTokensPerSecondPerUser >= a.outputTokensPerSecondPerUser && b.outputTokensPerSecondPerGpu >= a.outputTokensPerSecondPerGpu
          && (b.outputTokensPerSecondPerUser > a.outputTokensPerSecondPerUser || b.outputTokensPerSecondPerGpu > a.outputTokensPerSecondPerGpu);
        expect(dominates).toBe(false);
      }
    }
    for (let i = 1; i < f.front.length; i++) {
      expect(f.front[i]!.outputTokensPerSecondPerUser).toBeGreaterThanOrEqual(f.front[i - 1]!.outputTokensPerSecondPerUser);
      expect(f.front[i]!.outputTokensPerSecondPerGpu).toBeLessThanOrEqual(f.front[i - 1]!.outputTokensPerSecondPerGpu);
    }
  });

  it("prices every point from its throughput: price·GPUs/3600 ÷ output tokens/s", () => {
    for (const p of f.points.slice(0, 20)) {
      expect(p.usdPerMillionOutputTokens!).toBeCloseTo((2 / 3600) / p.outputTokensPerSecondPerGpu * 1e6, 9);
    }
  });

  it("finds the larger tensor-parallel layouts at the interactive end", () => {
    expect(f.front[f.front.length - 1]!.tensorParallel).toBe(8);
  });
});

describe("planning to a target", () => {
  const arch = resolveModel("llama-3.1-70b").arch;
  const plan = planToTarget({arch, promptTokens: 1024, outputTokens: 256, requestsPerSecond: 20,
    targets: {maxTimeToFirstTokenSeconds: 0.5, maxTimePerOutputTokenSeconds: 0.04},
    gpus: ["h100-sxm", "a100-sxm-80gb", "l40s"].map((g) => resolveGpu(g)), priceOf: () => ({usdPerGpuHour: 2, basis: "given"})});

  it("answers only operating points that meet every target, ranked by dollars per million output tokens", () => {
    expect(plan.rows.length).toBeGreaterThan(5);
    for (const r of plan.rows) {
      expect(r.timeToFirstTokenSeconds).toBeLessThanOrEqual(0.5);
      expect(r.timePerOutputTokenSeconds).toBeLessThanOrEqual(0.04);
    }
    for (let i = 1; i < plan.rows.length; i++) {
      expect(plan.rows[i]!.usdPerMillionOutputTokensAllIn).toBeGreaterThanOrEqual(plan.rows[i - 1]!.usdPerMillionOutputTokensAllIn);
    }
  });

  it("sizes the replicas for the request rate", () => {
    for (const r of plan.rows.filter((x) => x.mode === "aggregated")) {
      expect(r.replicas * r.requestsPerSecondPerReplica).toBeGreaterThanOrEqual(20);
      expect((r.replicas - 1) * r.requestsPerSecondPerReplica).toBeLessThan(20);
    }
  });

  it("offers disaggregated plans beside aggregated ones", () => {
    expect(plan.rows.some((r) => r.mode === "disaggregated")).toBe(true);
    expect(plan.rows.some((r) => r.mode === "aggregated")).toBe(true);
  });

  it("answers a moved concurrency from the kept searches with the same rows as a fresh plan", () => {
    const ask = (promptTokens: number, concurrency: number) => planToTarget({arch, promptTokens, outputTokens: 256, concurrency,
      targets: {maxTimeToFirstTokenSeconds: 0.5, maxTimePerOutputTokenSeconds: 0.04},
      gpus: ["h100-sxm", "l40s"].map((g) => resolveGpu(g)), priceOf: () => ({usdPerGpuHour: 2, basis: "given"})});
    ask(1024, 64);
    const kept = ask(1024, 300); // the searches of the call before (same prompt, output, targets)
    ask(512, 64); // another prompt: the searches start afresh
    const fresh = ask(1024, 300);
    expect(kept.rows.length).toBeGreaterThan(3);
    expect(kept).toEqual(fresh);
    expect(kept.rows.some((r) => r.replicas > 1)).toBe(true);
  });
});

describe("held prefills (TensorRT-LLM batch_wait_timeout_iters)", () => {
  const trt = (serving: Record<string, unknown>) => scenario(serving, {engine: "tensorrt-llm", weights: "fp8", kvCache: "fp8"});

  it("adds about W decode steps to TTFT when prompts arrive less often than every W steps", () => {
    const off = serving(trt({concurrency: 4}));
    const on = serving(trt({concurrency: 4, batchWaitIterations: 20}));
    // λ ≈ 4 prompts per ~1,000-step request: h = W(1 + λW/2)/(1 + λW) ≈ 0.96 W.
    const heldSteps = (on.timeToFirstTokenSeconds - off.timeToFirstTokenSeconds) / off.timePerOutputTokenSeconds;
    expect(heldSteps).toBeGreaterThan(17);
    expect(heldSteps).toBeLessThan(20.5);
  });

  it("holds nothing when no other request decodes (one request in flight)", () => {
    expect(serving(trt({concurrency: 1, batchWaitIterations: 20})).timeToFirstTokenSeconds)
      .toBeCloseTo(serving(trt({concurrency: 1})).timeToFirstTokenSeconds, 9);
  });

  it("refuses a non-integer hold, naming workload.serving.batchWaitIterations", () => {
    expect(errors(trt({concurrency: 4, batchWaitIterations: 2.5})).join("\n")).toMatch(/workload\.serving\.batchWaitIterations/);
  });
});

describe("a closed-loop benchmark's start-up burst (simulated InferenceX client, lib/serving/simulate.ts)", () => {
  // A toy replica: a decode step takes 10 ms, a prefill token 12 µs more (B = 8192, 1k/1k, t_req 10 ms),
  // the same step time in the analytic closed loop and in the simulated client.
  const step = (_d: number, p: number) => 0.010 + p * 1.2e-5;
  const toy = {serving: {requestOverheadSeconds: 0.01, admissionSteps: 1.5, hostRunsAhead: false, draftStepSeconds: 0}, arch: {layers: 1},
    stepSeconds: (l: {decodeRequests: number; prefillTokens: number}) => ({seconds: step(l.decodeRequests, l.prefillTokens), kvSeconds: 0, weightSeconds: 0, computeSeconds: 0}),
    stepTotalSeconds: (l: {decodeRequests: number; prefillTokens: number}) => step(l.decodeRequests, l.prefillTokens)
  } as unknown as Parameters<typeof closedLoop>[0];
  const limits = {maxBatchedTokens: 8192, maxRunningRequests: 1024};
  const simulated = (concurrency: number, rangeRatio: number) => simulateClosedLoop({concurrency, promptTokens: 1024, outputTokens: 1024,
    rangeRatio, requestsPerClient: 10, maxBatchedTokens: 8192, overheadSeconds: 0.01, admissionLagSteps: 0.5, stepSeconds: step});
  // InferenceX's lengths are uniform in [0.8·L, L]: the analytic model takes their mean, 0.9·L.
  const shape = {promptTokens: 922, outputTokens: 922, prefixCacheHitRate: 0, speculative: null};

  it("matches the simulated mean TTFT at 16 to 64 in flight only with the first wave (range ratio 0.8)", () => {
    for (const c of [16, 32, 64]) {
      const sim = simulated(c, 0.8).meanTtftSeconds;
      const gap = closedLoop(toy, shape, limits, c, true).timeToFirstTokenSeconds - sim;
      // Within 1.5 decode steps (15 ms) above, 5 % below: the analytic model lets a closed-loop arrival
      // wait a whole running step, the simulated one reaches the scheduler t_req into it.
      expect(gap).toBeGreaterThan(-0.05 * sim);
      expect(gap).toBeLessThan(0.015);
    }
    // Without the first wave the 64-request burst (8 prompts per step) is missed by a third.
    expect(closedLoop(toy, shape, limits, 64).timeToFirstTokenSeconds / simulated(64, 0.8).meanTtftSeconds - 1).toBeLessThan(-0.3);
  });

  it("disperses the burst after the first round at range ratio 0.8, but keeps it with fixed lengths", () => {
    const spread = simulated(64, 0.8);
    const fixed = simulated(64, 1);
    expect(spread.firstRoundTtftSeconds / spread.laterRoundsTtftSeconds).toBeGreaterThan(5);
    expect(fixed.laterRoundsTtftSeconds / spread.laterRoundsTtftSeconds).toBeGreaterThan(3);
  });
});

describe("a replica's step time (lib/serving/step.ts)", () => {
  it("gives the same total from stepTotalSeconds as from stepSeconds' parts, and parts that do not change under a later call", () => {
    const arch = resolveModel("llama-3.1-8b").arch;
    const model = replicaModel({arch, gpu: resolveGpu("h100-sxm"), engine: "vllm", weights: "bf16", kvCache: "bf16", layout: {tensorParallel: 2, pipelineParallel: 1, expertParallel: 1}});
    const load = (d: number, p: number) => ({decodeRequests: d, tokensPerDecodeRequest: 1, decodeContextTokens: 1500, prefillTokens: p,
      prefillContextTokens: p / 2, prefillSampled: p > 0 ? 1 : 0});
    const first = model.stepSeconds(load(32, 2048));
    const copy = {...first};
    for (const [d, p] of [[1, 0], [64, 0], [8, 8192], [256, 512]] as const) {
      expect(model.stepTotalSeconds(load(d, p))).toBe(model.stepSeconds(load(d, p)).seconds);
    }
    expect(first).toEqual(copy);
    expect(first.seconds).toBeGreaterThan(model.stepTotalSeconds(load(1, 0)));
  });
});
