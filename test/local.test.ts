/**
 * Local hardware (lib/local.ts): llama.cpp's layer placement, CPU-only inference, partial
 * offload, experts on the host, Apple unified memory, auto-fit, and the contract keys.
 */
import {spawnSync} from "node:child_process";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {findGpu, GPU_CATALOG} from "../lib/catalog/gpus.ts";
import {estimate} from "../lib/estimate.ts";
import {
  appleGpuWorkingSetBytes, autoFit, layerWeights, LLAMA_CPP_HOST_PROFILE, localEstimate, localMachine, placeLayers
} from "../lib/local.ts";
import {resolveModel} from "../lib/resolve.ts";
import type {InferenceWorkload} from "../lib/scenario.ts";
import {formatBytes} from "../src/components/units.ts";

const ROOT = join(import.meta.dirname, "..");
const GIB = 2 ** 30;
const FIXTURES = "/work/shared/checks/fixtures";

const host = {memoryGB: 64, bandwidthGBps: 83, tflops: {fp32: 2}};
const workload = (over: Partial<InferenceWorkload> = {}): InferenceWorkload => ({
  type: "inference", engine: "llama.cpp", weights: "q4_k_m", kvCache: "fp16", batchSize: 1, promptTokens: 512, outputTokens: 128, ...over
});
const scenario = (model: string, gpu: unknown, over: Partial<InferenceWorkload> = {}, withHost = true) => ({
  model, hardware: {gpu, count: 1, ...(withHost ? {host} : {})}, workload: workload(over)
});
function run(input: unknown): any {
  const r = estimate(input);
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.result;
}
function machineFor(model: string, gpu: string, over: Partial<InferenceWorkload> = {}) {
  const arch = resolveModel(model).arch;
  const w = workload(over);
  const {machine, errors} = localMachine({gpu: findGpu(gpu)!, gpuCount: 1, host, arch, workload: w});
  expect(errors).toEqual([]);
  return {arch, machine, workload: w};
}

describe("llama.cpp layer placement", () => {
  it("puts the last ngl slots on the GPU, the output layer first (i_gpu_start = max(L + 1 − ngl, 0), llama-model.cpp)", () => {
    expect(placeLayers({layers: 32, gpuLayers: 0})).toMatchObject({repeatingOnGpu: 0, outputOnGpu: false, firstGpuLayer: 33});
    expect(placeLayers({layers: 32, gpuLayers: 1})).toMatchObject({repeatingOnGpu: 0, outputOnGpu: true});
    expect(placeLayers({layers: 32, gpuLayers: 10})).toMatchObject({repeatingOnGpu: 9, outputOnGpu: true, firstGpuLayer: 23});
    expect(placeLayers({layers: 32, gpuLayers: 33})).toMatchObject({repeatingOnGpu: 32, outputOnGpu: true, firstGpuLayer: 0});
  });

  it("keeps the token-embedding table in host RAM even with every layer on the GPU", () => {
    const r = run(scenario("llama-3.1-8b", "rtx-4090"));
    const w = layerWeights(resolveModel("llama-3.1-8b").arch, "q4_k_m");
    expect(r.inference.local.gpuLayers).toBe(33);
    expect(r.memory.hostWeightsBytes).toBe(w.inputBytes);
    expect(r.memory.weightsBytes + r.memory.hostWeightsBytes).toBe(w.totalBytes);
  });

  it("keeps each layer's KV cache with its layer: host KV = layers in RAM × bytes per token per layer × padded context", () => {
    const r = run(scenario("llama-3.1-70b", "rtx-4090", {gpuLayers: 30}));
    // 80 layers, 29 on the GPU; 2·8·128·2 = 4,096 B per token per layer; context 640 padded to 768.
    expect(r.memory.hostKvCacheBytes).toBe(51 * 4096 * 768);
    expect(r.memory.kvCacheBytes).toBe(29 * 4096 * 768);
  });

  it("decodes faster with every layer more on the GPU, from 0 to all 81 slots", () => {
    let previous = 0;
    for (let ngl = 0; ngl <= 81; ngl += 9) {
      const tps = run(scenario("llama-3.1-70b", "rtx-pro-6000", {gpuLayers: ngl})).inference.decodeTokensPerSecond;
      expect(tps).toBeGreaterThan(previous);
      previous = tps;
    }
  });

  it("sums the devices a token passes through: t = t_gpu + t_host + crossings · t_cross + t_step", () => {
    const r = run(scenario("llama-3.1-70b", "rtx-4090", {gpuLayers: 30}));
    const l = r.inference.local;
    const sum = l.decodeSecondsByDevice.gpu + l.decodeSecondsByDevice.host + l.deviceCrossingsPerToken * LLAMA_CPP_HOST_PROFILE.crossingSeconds + 0.3e-3;
    expect(r.inference.decodeStepSeconds).toBeCloseTo(sum, 12);
    expect(l.deviceCrossingsPerToken).toBe(2); // host (embeddings, 51 layers) → GPU (29 layers, output) → host (sampling)
  });

  it("streams the host layers' weights over PCIe once per 512-token micro-batch in prefill", () => {
    const r = run(scenario("llama-3.1-70b", "rtx-4090", {gpuLayers: 30, promptTokens: 1024}));
    const pcie = 2 * (r.memory.hostWeightsBytes - layerWeights(resolveModel("llama-3.1-70b").arch, "q4_k_m").inputBytes) / LLAMA_CPP_HOST_PROFILE.hostToGpuBytesPerSecond;
    expect(r.inference.local.prefillHostToGpuSeconds).toBeCloseTo(pcie, 9);
  });
});

describe("CPU-only inference", () => {
  it("reads every weight from RAM per token: decode ≈ 1 / (W/(BW·η_cpu) + KV/(BW·η_cpu) + L·t_layer + t_step)", () => {
    const r = run(JSON.parse(JSON.stringify({model: "llama-3.1-8b",
      hardware: {gpu: {name: "Desktop CPU, DDR5-6000 dual channel", memoryGB: 64, bandwidthGBps: 96, tflops: {fp32: 2}}, count: 1},
      workload: workload()})));
    const w = layerWeights(resolveModel("llama-3.1-8b").arch, "q4_k_m");
    const bw = 96e9 * LLAMA_CPP_HOST_PROFILE.cpuMemoryEfficiency;
    const kv = 32 * 4096 * 576; // decode context 512 + 128/2
    const step = (w.totalBytes - w.inputBytes) / bw + kv / bw + 32 * LLAMA_CPP_HOST_PROFILE.cpuPerLayerOverheadSeconds + 0.3e-3;
    expect(r.inference.local.machine).toBe("cpu");
    expect(r.inference.decodeStepSeconds).toBeCloseTo(step, 9);
    expect(r.memory.hostBytes).toBe(r.memory.totalBytes);
  });

  it("takes prefill from the CPU's FP32 peak: FLOP / (P·η_c), compute-bound", () => {
    const r = run({model: "llama-3.1-8b", hardware: {gpu: "ryzen-9-7950x-ddr5-6000", count: 1}, workload: workload()});
    // 16 Zen 4 cores × 4.5 GHz × 32 FLOP/cycle = 2.304 TFLOPS.
    expect(findGpu("ryzen-9-7950x-ddr5-6000")!.flopsPerSecond.fp32).toBeCloseTo(2.304e12, 0);
    expect(r.inference.prefillBound).toBe("compute");
    const flops = 2 * 512 * 6.98e9; // body matrices only, to 1 %
    expect(r.inference.prefillSeconds).toBeGreaterThan(flops / (2.304e12 * LLAMA_CPP_HOST_PROFILE.cpuComputeEfficiency));
    expect(r.inference.prefillSeconds).toBeLessThan(1.1 * flops / (2.304e12 * LLAMA_CPP_HOST_PROFILE.cpuComputeEfficiency));
  });
});

describe("MoE experts on the host (--cpu-moe)", () => {
  it("keeps every routed expert in RAM and reads k/E of them per token there", () => {
    const r = run(scenario("qwen3-30b-a3b", "rtx-4060-ti-16gb", {expertsOnHost: true}));
    const w = layerWeights(resolveModel("qwen3-30b-a3b").arch, "q4_k_m");
    const routed = w.routed.reduce((a, b) => a + b, 0);
    expect(r.inference.local.expertsOnHost).toBe(true);
    expect(r.memory.hostWeightsBytes).toBe(routed + w.inputBytes);
    expect(r.inference.local.decodeSecondsByDevice.host).toBeGreaterThan((routed * 8 / 128) / (83e9 * LLAMA_CPP_HOST_PROFILE.cpuMemoryEfficiency));
  });

  it("warns that expertsOnHost does nothing on a dense model", () => {
    expect(run(scenario("llama-3.1-8b", "rtx-4090", {expertsOnHost: true})).warnings.join(" ")).toMatch(/expertsOnHost ignored: the model is dense/);
  });
});

describe("Apple unified memory", () => {
  it("lets the GPU wire ⅔ of RAM up to 32 GiB and ¾ above (recommendedMaxWorkingSetSize in llama.cpp's logs: 10922.67 MiB of 16 GiB, 48 GiB of 64 GiB)", () => {
    expect(appleGpuWorkingSetBytes({memoryBytes: 16 * GIB}) / 2 ** 20).toBeCloseTo(10922.67, 2);
    expect(appleGpuWorkingSetBytes({memoryBytes: 64 * GIB})).toBe(48 * GIB);
    expect(appleGpuWorkingSetBytes({memoryBytes: 128 * GIB})).toBe(96 * GIB); // 103079.22 MB in the log
  });

  it("takes iogpu.wired_limit_mb instead when it is set (hardware.host.wiredLimitMB)", () => {
    const base = {model: "llama-3.1-70b", hardware: {gpu: "apple-m4-max", count: 1, host: {memoryGB: 137.4, bandwidthGBps: 546, tflops: {fp32: 1.5}}}, workload: workload()};
    expect(run(base).memory.capacityBytes).toBeCloseTo(0.75 * 137.4e9, -3);
    const raised = structuredClone(base);
    (raised.hardware.host as any).wiredLimitMB = 120_000;
    expect(run(raised).memory.capacityBytes).toBe(120_000 * 2 ** 20);
  });
});

describe("auto-fit", () => {
  it("keeps Llama 3.1 8B in bf16 entirely on an RTX 4090 (16.1 GB of weights in 24 GiB)", () => {
    const fit = autoFit(machineFor("llama-3.1-8b", "rtx-4090"));
    expect(fit).toMatchObject({weights: "bf16", allOnGpu: true, gpuLayers: 33, layersOnHost: 0});
    expect(fit.maxContextTokens).toBeGreaterThan(8192);
  });

  it("offloads Llama 3.1 70B from a 24 GiB card with the fewest layers in RAM for its format", () => {
    const o = machineFor("llama-3.1-70b", "rtx-4090");
    const fit = autoFit(o);
    expect(fit.allOnGpu).toBe(false);
    expect(fit.weights).not.toBeNull();
    const next = localEstimate({...o, workload: {...o.workload, weights: fit.weights!, gpuLayers: fit.gpuLayers! + 1}});
    expect(next.memory.gpuFits).toBe(false); // one slot more would not fit the GPU
  });
});

describe("estimates without the solvers", () => {
  it("gives the same memory and speed as the full estimate and leaves the -ngl, batch and context searches unsolved (NaN)", () => {
    const o = machineFor("llama-3.1-70b", "rtx-4090", {gpuLayers: 20});
    const full = localEstimate(o);
    const bare = localEstimate({...o, solvers: false});
    expect(bare.memory).toEqual(full.memory);
    expect(bare.speed).toEqual(full.speed);
    expect(full.maxGpuLayersThatFit).toBeGreaterThan(0);
    expect([bare.maxGpuLayersThatFit, bare.maxBatchSize, bare.maxContextTokens]).toEqual([NaN, NaN, NaN]);
  });
});

describe("bad input", () => {
  const cli = (file: string) => spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", file], {cwd: ROOT, encoding: "utf8", timeout: 60_000});

  it("exits 2 naming workload.gpuLayers when -ngl exceeds the layers + output (shared fixture offload-bad.json)", () => {
    const r = cli(join(FIXTURES, "offload-bad.json"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^workload\.gpuLayers: got 99999, expected an integer from 0 to 33/m);
  });

  it("refuses a negative gpuLayers naming the field", () => {
    const r = estimate(scenario("llama-3.1-8b", "rtx-4090", {gpuLayers: -1}));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(["workload.gpuLayers: got -1, expected an integer >= 0"]);
  });

  it("asks for hardware.host when layers are left in host RAM and no host is given", () => {
    const r = estimate(scenario("llama-3.1-70b", "rtx-4090", {gpuLayers: 30}, false));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^hardware\.host: got nothing, expected \{memoryGB, bandwidthGBps, tflops: \{fp32\}\}/);
  });
});

describe("shared fixtures", () => {
  it("answers the CPU-only and the partial-offload fixtures with finite numbers and host bytes", () => {
    for (const f of ["cpu-only.json", "offload.json"]) {
      const r = cli2(f);
      for (const v of [r.inference.decodeTokensPerSecond, r.inference.prefillTokensPerSecond, r.memory.hostBytes]) {
        expect(Number.isFinite(v) && v > 0).toBe(true);
      }
    }
  });
});

function cli2(file: string): any {
  const r = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", join(FIXTURES, file)], {cwd: ROOT, encoding: "utf8", timeout: 60_000});
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe("the command's --fit", () => {
  it("prints the auto-fit answer for the offload fixture: a format, its -ngl and layers in RAM, as the engine's autoFit", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "bin/estimate.ts", "--fit", join(FIXTURES, "offload.json")], {cwd: ROOT, encoding: "utf8", timeout: 60_000});
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const o = machineFor("llama-3.1-70b", "rtx-4090");
    expect(out.autoFit).toEqual(JSON.parse(JSON.stringify(autoFit(o))));
    expect(out.autoFit.gpuLayers + out.autoFit.layersOnHost).toBe(81);
  });
});

describe("memory convention (issue 11)", () => {
  it("reads every catalog device's memory as the device reports it, never as decimal GB: A100 80GB 81,920 MiB beside H100 81,559 MiB", () => {
    expect(findGpu("a100-sxm-80gb")!.memoryBytes).toBe(81920 * 2 ** 20);
    expect(findGpu("h100-sxm")!.memoryBytes).toBe(81559 * 2 ** 20);
    const decimal = GPU_CATALOG.filter((g) => g.memoryBytes % 1e9 === 0).map((g) => g.id);
    expect(decimal).toEqual([]);
  });

  it("shows both 80 GB parts on one scale, GB or GiB as the switch says: A100 85.9 GB / 80.0 GiB, H100 85.5 GB / 79.6 GiB", () => {
    const a100 = findGpu("a100-sxm-80gb")!.memoryBytes;
    const h100 = findGpu("h100-sxm")!.memoryBytes;
    expect([formatBytes(a100, {unit: "GB", scale: "fixed"}), formatBytes(h100, {unit: "GB", scale: "fixed"})]).toEqual(["85.9 GB", "85.5 GB"]);
    expect([formatBytes(a100, {unit: "GiB", scale: "fixed"}), formatBytes(h100, {unit: "GiB", scale: "fixed"})]).toEqual(["80.0 GiB", "79.6 GiB"]);
  });
});
